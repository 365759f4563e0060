//! Altered set phrases: a standard 公文 phrase with one word swapped for a synonym (排污许可证 →
//! 排污允许证, 督促检查 → 催逼检查), as synonym spinners leave them, or one or two characters
//! swapped for a look-alike or sound-alike (覆盖 → 复盖), as OCR and input methods leave them.
//!
//! Every altered form a phrase can take is spelled out once, when the rule set is compiled: the
//! phrase with each of its words that `phrase-synonyms.txt` lists replaced by each listed
//! replacement, and with one (two, for phrases of six or more characters) of its characters
//! replaced by a character of the same group in `confusable-chars.txt`. A form that is itself a
//! word of the dictionary (`dictionary-words.txt`, from jieba's), or another set phrase, or the
//! form of two different phrases, or holds a slip another rule reports (`误写 => 另报`), is
//! dropped. All forms are indexed by their first three characters; the dictionary and
//! reported-slip tests are made on a form's first hit, and a dropped form is passed over by
//! the search as if it were not indexed.
//!
//! Sound-alike slips (一岗双则 for 一岗双责) are too many to spell out; instead every character
//! of `homophone-chars.txt` stands for the first character of its group (same reading, same
//! tone), and a second index of the phrases so spelt is looked up along the text so spelt. A
//! hit there is a window of the real text that sounds like a phrase; it is kept when it differs
//! from the phrase in one character (two apart, for long phrases).
//!
//! Checking a text is one pass over its characters: each run of Han characters (no pattern
//! holds another) is decoded into a small reused buffer, and at each of its characters one bit
//! test on the first two characters spelt by sound rules out both indexes at once; where the
//! bit is set, each index makes its own bit test, then a hash look-up (an Aho-Corasick
//! automaton over thousands of Han patterns runs at a small fraction of that speed: every
//! pattern starts with the same few UTF-8 lead bytes); the few hits are
//! then checked in context: a changed character that makes a word with its neighbour (制订方案
//! is no slip for 制定方案), a hit inside a longer dictionary word, Traditional text.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

use aho_corasick::{AhoCorasick, AhoCorasickKind};

use super::near_miss::{Found, chars_back, is_han};
use tables::{TABLES, Tables};

mod tables;

/// Phrases shorter than this are too likely to be another real word once altered.
const MIN_CHARS: usize = 4;
/// Phrases at least this long may have two characters altered.
const TWO_SLIPS_FROM: usize = 6;
/// A phrase's unchanged characters must be at least this many (fewer only when the swapped
/// word itself is long: 发展改革委 → 生长改造委).
const MIN_KEPT: usize = 2;
/// How far a standard term holding a phrase may reach around it, in characters.
const MAX_HELD: usize = 24;
/// How far around a hit to look for a longer dictionary word or Traditional characters.
const CONTEXT: usize = 8;
/// The value that marks a lexicon entry as checked for word swaps only (`提法 => 同义`):
/// character slips in it are another rule's (PL504).
const SYNONYM_ONLY: &str = "同义";
/// The value that marks a lexicon entry as a slip another rule reports (`布署 => 另报`): an
/// altered form that holds it is not reported again.
const ELSEWHERE: &str = "另报";
/// [`Forms::verdicts`]: not yet decided, looked for, dropped.
const UNTRIED: u8 = 0;
const KEPT: u8 = 1;
const DROPPED: u8 = 2;

/// The compiled matcher for one lexicon of set phrases. The forms and their indexes are
/// spelled out on the first text checked (or [`Altered::forms`]), not when the rule set is
/// built: a run that never gets to PL505 (`--select PL1`, a rule list, a pack without it)
/// does not pay for them.
#[derive(Debug)]
pub struct Altered {
    phrases: Vec<Vec<char>>,
    /// Per phrase, whether it is checked for word swaps only (`提法 => 同义`).
    synonym_only: Vec<bool>,
    /// Slips another rule reports.
    elsewhere: Option<AhoCorasick>,
    /// Boxed: the spelled-out forms would make this the largest of the word matchers.
    built: OnceLock<Box<Forms>>,
}

/// What [`Altered`] looks for, spelled out from its phrases and the tables.
#[derive(Debug)]
struct Forms {
    /// For each pattern of `forms`, the phrase it is an altered form of, and whether it is a
    /// character slip (rather than a word swap).
    origin: Vec<(usize, bool)>,
    forms: Index,
    /// Per form, whether it is kept ([`Altered::form_kept`]), once known.
    verdicts: Box<[AtomicU8]>,
    /// The phrases spelt with the first character of each homophone group; for each pattern,
    /// the phrases that sound so.
    sound_phrases: Vec<Vec<usize>>,
    sounds: Index,
    /// For each phrase, the synonym-only phrases (standard terms) that hold it, with its
    /// character offset in them: a slip inside a standard term is PL504's.
    held_by: Vec<Vec<(usize, usize)>>,
    /// The characters other than Han ones that some pattern holds, sorted (usually none).
    non_han: Vec<char>,
    /// One bit per [`key_bit`] of the first KEY characters, spelt by sound, of the patterns of
    /// both indexes: a text position is tested once for both, on the spelling it needs for the
    /// sounds anyway, and only where the bit is set is each index asked.
    either_key: Box<[u64]>,
}

impl Forms {
    /// Whether some pattern may hold `c`; a match never crosses another character.
    fn matches_char(&self, c: char) -> bool {
        is_han(c) || (!self.non_han.is_empty() && self.non_han.binary_search(&c).is_ok())
    }
}

impl Altered {
    /// Compiles lexicon entries (`提法`, `提法 => 同义` or `误写 => 另报`).
    pub fn new(entries: &[String]) -> Result<Self, aho_corasick::BuildError> {
        let mut phrases: Vec<Vec<char>> = Vec::new();
        let mut synonym_only: Vec<bool> = Vec::new();
        let mut elsewhere: Vec<&str> = Vec::new();
        let mut seen: HashSet<&str, Fast> =
            HashSet::with_capacity_and_hasher(entries.len(), Fast::default());
        for e in entries {
            let (key, value) = super::lexicon_entry(e);
            if value == Some(ELSEWHERE) {
                if !key.is_empty() {
                    elsewhere.push(key);
                }
                continue;
            }
            let chars: Vec<char> = key.chars().collect();
            if chars.len() >= MIN_CHARS && chars.iter().all(|c| is_han(*c)) && seen.insert(key) {
                phrases.push(chars);
                synonym_only.push(value == Some(SYNONYM_ONLY));
            }
        }
        let elsewhere = if elsewhere.is_empty() {
            None
        } else {
            // Only ever run over a hit or a form, a few characters: the automaton that is
            // quickest to build, not the quickest to run (a DFA cost ≈4 M instructions).
            Some(
                AhoCorasick::builder()
                    .kind(Some(AhoCorasickKind::NoncontiguousNFA))
                    .build(&elsewhere)?,
            )
        };
        Ok(Altered {
            phrases,
            synonym_only,
            elsewhere,
            built: OnceLock::new(),
        })
    }

    #[cfg(test)]
    pub(crate) fn is_built(&self) -> bool {
        self.built.get().is_some()
    }

    fn built(&self) -> &Forms {
        self.built.get_or_init(|| Box::new(self.build()))
    }

    fn build(&self) -> Forms {
        let tables = &*TABLES;
        let phrases = &self.phrases;
        let synonym_only = &self.synonym_only;
        let exact: HashSet<&[char], Fast> = phrases.iter().map(|p| p.as_slice()).collect();
        // Altered form → its pattern number; `origin` is `None` once two phrases give it.
        // Numbers follow the phrases' order, so the patterns need no sorting to be
        // deterministic (and their order matters only among the same-length patterns of a
        // bucket, of which no two match at one place).
        // Sized for about one form per phrase, as the shipped tables give: growing the table
        // step by step rehashed every form several times.
        let mut numbers: HashMap<Vec<char>, usize, Fast> =
            HashMap::with_capacity_and_hasher(phrases.len(), Fast::default());
        let mut origin: Vec<Option<(usize, bool)>> = Vec::new();
        let mut add = |form: Vec<char>, phrase: usize, slip: bool| {
            if exact.contains(form.as_slice()) {
                return;
            }
            let next = origin.len();
            let n = *numbers.entry(form).or_insert(next);
            if n == next {
                origin.push(Some((phrase, slip)));
            } else if origin[n].map(|(i, _)| i) != Some(phrase) {
                origin[n] = None;
            }
        };
        for (pi, p) in phrases.iter().enumerate() {
            for form in tables.word_swaps(p) {
                add(form, pi, false);
            }
            if !synonym_only[pi] {
                for form in tables.slips(p) {
                    add(form, pi, true);
                }
            }
        }
        let (forms, origin) = numbered(numbers, origin);

        let mut sound_numbers: HashMap<Vec<char>, usize, Fast> =
            HashMap::with_capacity_and_hasher(phrases.len(), Fast::default());
        let mut sound_phrases: Vec<Vec<usize>> = Vec::new();
        for (pi, p) in phrases.iter().enumerate() {
            if !synonym_only[pi] {
                let next = sound_phrases.len();
                let n = *sound_numbers.entry(tables.sound(p)).or_insert(next);
                if n == next {
                    sound_phrases.push(Vec::new());
                }
                sound_phrases[n].push(pi);
            }
        }
        let (sounds, sound_phrases) =
            numbered(sound_numbers, sound_phrases.into_iter().map(Some).collect());
        let held_by = held_by(phrases, synonym_only);
        let (forms, sounds) = (Index::new(forms), Index::new(sounds));
        let mut non_han = forms.non_han();
        non_han.extend(sounds.non_han());
        non_han.sort_unstable();
        non_han.dedup();
        let mut either_key = vec![0u64; (1 << KEY_BITS_LOG) / 64].into_boxed_slice();
        for p in forms.keyed() {
            let spelt = [p[0], p[1], p[2]].map(|c| tables.sound_of(c));
            set_bit(&mut either_key, key_bit(&spelt));
        }
        for p in sounds.keyed() {
            set_bit(&mut either_key, key_bit(p));
        }
        Forms {
            held_by,
            verdicts: origin.iter().map(|_| AtomicU8::new(UNTRIED)).collect(),
            origin,
            forms,
            sound_phrases,
            sounds,
            non_han,
            either_key,
        }
    }

    /// Whether form `pattern` is looked for at all: not when it is a dictionary word or holds
    /// a slip another rule reports. Decided on the form's first hit and remembered: deciding
    /// it for all ≈20,000 forms when they are spelled out cost ≈20 M instructions a process,
    /// and a text meets few of them.
    fn form_kept(&self, built: &Forms, pattern: usize) -> bool {
        let verdict = &built.verdicts[pattern];
        match verdict.load(Ordering::Relaxed) {
            KEPT => true,
            DROPPED => false,
            _ => {
                let text: String = built.forms.patterns[pattern].iter().collect();
                let kept = !TABLES.is_word_utf8(text.as_bytes())
                    && self
                        .elsewhere
                        .as_ref()
                        .is_none_or(|e| !e.is_match(text.as_str()));
                verdict.store(if kept { KEPT } else { DROPPED }, Ordering::Relaxed);
                kept
            }
        }
    }

    /// The number of altered forms looked for.
    pub fn forms(&self) -> usize {
        self.built().origin.len()
    }

    pub fn phrase(&self, i: usize) -> String {
        self.phrases[i].iter().collect()
    }

    /// The altered phrases in `text`, leftmost first, never overlapping; `term` is the index
    /// of the standard phrase.
    ///
    /// A pattern only holds characters of `Forms::matches_char`, so no match crosses another
    /// character: each run of such characters is decoded and searched on its own, with buffers
    /// that stay as small as the longest run instead of growing with the text.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        let built = self.built();
        let mut found = Vec::new();
        RUN.with_borrow_mut(|run| {
            // Left over only if an earlier search panicked half-way.
            run.clear();
            let tables = &*TABLES;
            for (i, c) in text.char_indices() {
                if built.matches_char(c) {
                    if run.chars.is_empty() {
                        run.start = i;
                    }
                    run.chars.push(c);
                    run.spelt.push(tables.sound_of(c));
                } else if !run.chars.is_empty() {
                    self.search_run(text, run, &mut found);
                }
            }
            self.search_run(text, run, &mut found);
        });
        found.retain(|f| {
            !self.inside_standard_term(text, f)
                && !self.shifted_phrase(text, f)
                && self.plausible(text, f.start, f.end)
                && self
                    .elsewhere
                    .as_ref()
                    .is_none_or(|e| !e.is_match(&text[f.start..f.end]))
        });
        // Of two hits on the same span, the form's (found first in its run) wins.
        super::near_miss::leftmost_longest(found)
    }

    /// Searches the run collected in `run` and empties it.
    fn search_run(&self, text: &str, run: &mut Run, found: &mut Vec<Found>) {
        // Shorter runs hold no pattern: every indexed pattern has at least KEY characters.
        if run.chars.len() >= KEY {
            self.scan_run(text, run, found);
        }
        run.clear();
    }

    /// The altered forms spelt out in the run, then the windows that sound like a phrase and
    /// are a slip of it: each index's leftmost-longest matches, never overlapping, found in one
    /// walk along the run. The sounds' hits follow the forms' so that, of two on one span, the
    /// form's stays first.
    fn scan_run(&self, text: &str, run: &mut Run, found: &mut Vec<Found>) {
        let built = self.built();
        let kept = |p| self.form_kept(built, p);
        let (chars, spelt, start) = (&run.chars, &run.spelt, run.start);
        let sound_hits = &mut run.sound_hits;
        // The first position where each index's next match may start.
        let (mut form_from, mut sound_from) = (0, 0);
        for at in 0..=chars.len() - KEY {
            if !bit_set(&built.either_key, key_bit(&spelt[at..])) {
                continue;
            }
            if at >= form_from
                && let Some(pattern) = built.forms.starts_at(&chars[at..], kept)
            {
                form_from = at + built.forms.patterns[pattern].len();
                self.form_hit(text, start, chars, at, pattern, found);
            }
            if at >= sound_from
                && let Some(pattern) = built.sounds.starts_at(&spelt[at..], |_| true)
            {
                sound_from = at + built.sounds.patterns[pattern].len();
                self.sound_hit(text, start, chars, at, pattern, sound_hits);
            }
        }
        found.append(sound_hits);
    }

    /// Form `pattern` matched at character `at` of the run (starting at byte `run_start`): a
    /// hit unless it is a slip whose changed character makes a word in context.
    fn form_hit(
        &self,
        text: &str,
        run_start: usize,
        chars: &[char],
        at: usize,
        pattern: usize,
        found: &mut Vec<Found>,
    ) {
        let built = self.built();
        let (term, slip) = built.origin[pattern];
        let len = built.forms.patterns[pattern].len();
        let (start, end) = span(run_start, chars, at, len);
        let window = &chars[at..at + len];
        if slip && !self.slips_make_no_word(text, start, end, window, &self.phrases[term]) {
            return;
        }
        found.push(Found { start, end, term });
    }

    /// Sound pattern `pattern` matched at character `at` of the run (starting at byte
    /// `run_start`): a hit on the first of its phrases the window is a slip of, unless the
    /// window is one of them.
    fn sound_hit(
        &self,
        text: &str,
        run_start: usize,
        chars: &[char],
        at: usize,
        pattern: usize,
        found: &mut Vec<Found>,
    ) {
        let built = self.built();
        let len = built.sounds.patterns[pattern].len();
        let window = &chars[at..at + len];
        let candidates = &built.sound_phrases[pattern];
        if candidates.iter().any(|&p| self.phrases[p] == window) {
            return;
        }
        let (start, end) = span(run_start, chars, at, len);
        let best = candidates.iter().copied().find(|&p| {
            let p = &self.phrases[p];
            is_slip(window, p) && self.slips_make_no_word(text, start, end, window, p)
        });
        if let Some(term) = best {
            found.push(Found { start, end, term });
        }
    }

    /// Whether the hit lies in a slip of a standard term that holds its phrase (乡村震兴 in
    /// 乡村震兴战略), which the near-miss rule reports.
    fn inside_standard_term(&self, text: &str, f: &Found) -> bool {
        self.built().held_by[f.term].iter().any(|&(s, k)| {
            let t = &self.phrases[s];
            // The term is looked for at most MAX_HELD characters back and twice that ahead.
            if k > MAX_HELD || t.len() - k > MAX_HELD * 2 {
                return false;
            }
            let Some(from) = chars_back(text, f.start, k) else {
                return false;
            };
            let mut window = text[from..].chars();
            let mut diffs = 0;
            for &b in t {
                match window.next() {
                    Some(a) => diffs += usize::from(a != b),
                    None => return false,
                }
            }
            diffs <= 2
        })
    }

    /// Whether the phrase's own first or last two characters stand intact one character
    /// outside the hit: 切实在转变 holds 切实 and 转变, so 实在转变 is no swap of 切实转变.
    fn shifted_phrase(&self, text: &str, f: &Found) -> bool {
        let phrase = &self.phrases[f.term];
        let hit = &text[f.start..f.end];
        let (Some(first), Some(last)) = (hit.chars().next(), hit.chars().next_back()) else {
            return false;
        };
        let before = text[..f.start].chars().next_back();
        let after = text[f.end..].chars().next();
        before.is_some_and(|b| phrase.starts_with(&[b, first]))
            || after.is_some_and(|a| phrase.ends_with(&[last, a]))
    }

    /// No changed character of `window` (bytes `start..end` of `text`) makes a dictionary word
    /// with the character before or after it: 制订 in 制订方案 is a word, so no slip of 制定.
    fn slips_make_no_word(
        &self,
        text: &str,
        start: usize,
        end: usize,
        window: &[char],
        phrase: &[char],
    ) -> bool {
        if window.len() != phrase.len() {
            return true;
        }
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let at = |i: isize| -> Option<char> {
            if i < 0 {
                before
            } else if i as usize >= window.len() {
                after
            } else {
                Some(window[i as usize])
            }
        };
        let tables = &*TABLES;
        for i in (0..window.len()).filter(|&i| window[i] != phrase[i]) {
            let i = i as isize;
            for (a, b) in [(at(i - 1), at(i)), (at(i), at(i + 1))] {
                if let (Some(a), Some(b)) = (a, b)
                    && tables.is_word(&[a, b])
                {
                    return false;
                }
            }
        }
        true
    }

    /// A hit is dropped when it lies in Traditional text (the "altered" characters may be the
    /// Traditional forms, and the Simplified tables do not apply there) or inside a longer
    /// dictionary word.
    fn plausible(&self, text: &str, start: usize, end: usize) -> bool {
        let around = Around::new(text, start, end);
        let han: String = text[around.from(CONTEXT)..around.to(CONTEXT)]
            .chars()
            .filter(|c| is_han(*c))
            .collect();
        if crate::normalize::fold(&han) != han {
            return false;
        }
        let tables = &*TABLES;
        if straddles_word(tables, text, &around) {
            return false;
        }
        // A word around the hit is a contiguous stretch of the text: its bytes are looked up
        // as they stand.
        for l in 0..=around.back_len.min(3) {
            for r in 0..=around.ahead_len.min(3) {
                if l + r != 0 && tables.is_word_utf8(&text.as_bytes()[around.from(l)..around.to(r)])
                {
                    return false;
                }
            }
        }
        true
    }
}

/// Byte offsets of up to CONTEXT characters on either side of a hit.
struct Around {
    start: usize,
    end: usize,
    /// `back[j]`: where the (j + 1)-th character before the hit starts.
    back: [usize; CONTEXT],
    back_len: usize,
    /// `ahead[j]`: where the (j + 1)-th character after the hit ends.
    ahead: [usize; CONTEXT],
    ahead_len: usize,
}

impl Around {
    fn new(text: &str, start: usize, end: usize) -> Self {
        let mut around = Around {
            start,
            end,
            back: [0; CONTEXT],
            back_len: 0,
            ahead: [0; CONTEXT],
            ahead_len: 0,
        };
        for (j, (i, _)) in text[..start].char_indices().rev().take(CONTEXT).enumerate() {
            around.back[j] = i;
            around.back_len = j + 1;
        }
        for (j, (i, c)) in text[end..].char_indices().take(CONTEXT).enumerate() {
            around.ahead[j] = end + i + c.len_utf8();
            around.ahead_len = j + 1;
        }
        around
    }

    /// Where the text `l` characters before the hit starts (fewer where the text starts).
    fn from(&self, l: usize) -> usize {
        match l.min(self.back_len) {
            0 => self.start,
            l => self.back[l - 1],
        }
    }

    /// Where the text `r` characters after the hit ends (fewer where the text ends).
    fn to(&self, r: usize) -> usize {
        match r.min(self.ahead_len) {
            0 => self.end,
            r => self.ahead[r - 1],
        }
    }
}

/// Whether a dictionary word of three or four characters, two or more of them the hit's, runs
/// across an edge of the hit (项目库 in 建立项目库: no 建立项目 for 建设项目). Such a hit is no
/// segment of the text.
fn straddles_word(tables: &Tables, text: &str, around: &Around) -> bool {
    const LONGEST: usize = 4;
    let hit = &text[around.start..around.end];
    // The hit's length counts only up to LONGEST characters: no word holds more of it.
    let hit_len = hit.chars().take(LONGEST).count();
    let word = |from: usize, to: usize| tables.is_word_utf8(&text.as_bytes()[from..to]);
    let leading = (1..=around.back_len.min(LONGEST - 2)).any(|o| {
        (2..hit_len.min(LONGEST - o + 1)).any(|i| {
            let head = hit.char_indices().nth(i).map_or(hit.len(), |(b, _)| b);
            word(around.from(o), around.start + head)
        })
    });
    leading
        || (1..=around.ahead_len.min(LONGEST - 2)).any(|o| {
            (2..hit_len.min(LONGEST - o + 1)).any(|i| {
                let tail = chars_back(hit, hit.len(), i).unwrap_or(0);
                word(around.start + tail, around.to(o))
            })
        })
}

/// The patterns of `numbers` in number order, with the `values` of those whose value is
/// not `None`.
fn numbered<T>(
    numbers: HashMap<Vec<char>, usize, Fast>,
    values: Vec<Option<T>>,
) -> (Vec<Vec<char>>, Vec<T>) {
    let mut slots: Vec<Option<Vec<char>>> = vec![None; values.len()];
    for (pattern, n) in numbers {
        slots[n] = Some(pattern);
    }
    slots
        .into_iter()
        .zip(values)
        .filter_map(|(pattern, value)| Some((pattern?, value?)))
        .unzip()
}

/// For each phrase, the standard terms (synonym-only phrases) longer than it that hold it,
/// in phrase order, each with the first character offset where it stands. Found from the
/// terms' own substrings: comparing every phrase with every term cost ≈50 M instructions on
/// the built-in lexicon's 6,784 phrases.
fn held_by(phrases: &[Vec<char>], synonym_only: &[bool]) -> Vec<Vec<(usize, usize)>> {
    let index: HashMap<&[char], usize, Fast> = phrases
        .iter()
        .enumerate()
        .map(|(i, p)| (p.as_slice(), i))
        .collect();
    let shortest = phrases.iter().map(Vec::len).min().unwrap_or(0).max(1);
    let mut out: Vec<Vec<(usize, usize)>> = vec![Vec::new(); phrases.len()];
    for (s, t) in phrases.iter().enumerate() {
        if !synonym_only[s] {
            continue;
        }
        for k in 0..t.len() {
            for end in k + shortest..=t.len() {
                let Some(&p) = index.get(&t[k..end]) else {
                    continue;
                };
                // Only strictly longer terms hold a phrase; the first offset is the one kept.
                if end - k < t.len() && out[p].last().is_none_or(|&(last, _)| last != s) {
                    out[p].push((s, k));
                }
            }
        }
    }
    out
}

/// Patterns of four or more characters, looked up by their first three: at each Han character
/// of a text, one hash look-up, and a comparison only where a pattern starts so.
#[derive(Debug)]
struct Index {
    patterns: Vec<Vec<char>>,
    /// First three characters → the range of `bucketed` that holds the patterns starting so.
    buckets: HashMap<u64, (u32, u32), Fast>,
    /// Pattern numbers grouped by their first three characters, each group longest first: one
    /// array rather than a vector per group, whose thousands of allocations cost ≈3 M
    /// instructions.
    bucketed: Vec<usize>,
    /// One bit per hash of the first two characters of the bucketed patterns: three text
    /// positions in four start no pattern's pair, and this rules them out for the price of a
    /// multiplication instead of a hash-map look-up.
    pairs: Box<[u64]>,
}

/// log2 of the bits in [`Index::pairs`]: 8 KB, a few per cent of false positives for the
/// thousands of pairs of the shipped lexicon.
const PAIR_BITS_LOG: u32 = 16;

fn pair_bit(a: char, b: char) -> usize {
    let h = ((a as u64) << 21 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> (64 - PAIR_BITS_LOG)) as usize
}

/// log2 of the bits in [`Forms::either_key`]: 32 KB, about one false positive in ten for the
/// at most ≈27,000 keys of the shipped lexicon (four times the bits took ≈0.2 M instructions
/// less over 60 corpus files). Keyed on three characters, not two: the first two characters
/// of a set phrase are a common word as often as not.
const KEY_BITS_LOG: u32 = 18;

/// The bit of the first KEY characters of `c`.
fn key_bit(c: &[char]) -> usize {
    (key(c).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - KEY_BITS_LOG)) as usize
}

#[inline]
fn set_bit(bits: &mut [u64], bit: usize) {
    bits[bit / 64] |= 1 << (bit % 64);
}

#[inline]
fn bit_set(bits: &[u64], bit: usize) -> bool {
    bits[bit / 64] & (1 << (bit % 64)) != 0
}

/// The byte range of characters `at..at + len` of a run of `chars` that starts at byte
/// `run_start`: worked out for the few hits rather than stored for every character.
fn span(run_start: usize, chars: &[char], at: usize, len: usize) -> (usize, usize) {
    let bytes = |c: &[char]| c.iter().map(|c| c.len_utf8()).sum::<usize>();
    let start = run_start + bytes(&chars[..at]);
    (start, start + bytes(&chars[at..at + len]))
}

const KEY: usize = 3;

fn key(c: &[char]) -> u64 {
    ((c[0] as u64) << 42) | ((c[1] as u64) << 21) | c[2] as u64
}

impl Index {
    fn new(patterns: Vec<Vec<char>>) -> Self {
        let keyed = || patterns.iter().enumerate().filter(|(_, p)| p.len() >= KEY);
        // Three passes: each group's size, its place in `bucketed`, then its patterns in
        // number order (sorted longest first below; equal lengths keep that order).
        let mut buckets: HashMap<u64, (u32, u32), Fast> =
            HashMap::with_capacity_and_hasher(patterns.len(), Fast::default());
        for (_, p) in keyed() {
            buckets.entry(key(p)).or_default().1 += 1;
        }
        let mut start = 0;
        for range in buckets.values_mut() {
            let size = range.1;
            *range = (start, start);
            start += size;
        }
        let mut bucketed = vec![0; start as usize];
        for (i, p) in keyed() {
            if let Some(range) = buckets.get_mut(&key(p)) {
                bucketed[range.1 as usize] = i;
                range.1 += 1;
            }
        }
        for &(from, to) in buckets.values() {
            bucketed[from as usize..to as usize]
                .sort_by_key(|&i| std::cmp::Reverse(patterns[i].len()));
        }
        let mut pairs = vec![0u64; (1 << PAIR_BITS_LOG) / 64].into_boxed_slice();
        for p in patterns.iter().filter(|p| p.len() >= KEY) {
            set_bit(&mut pairs, pair_bit(p[0], p[1]));
        }
        Index {
            patterns,
            buckets,
            bucketed,
            pairs,
        }
    }

    /// The patterns of at least KEY characters.
    fn keyed(&self) -> impl Iterator<Item = &[char]> {
        self.patterns
            .iter()
            .filter(|p| p.len() >= KEY)
            .map(Vec::as_slice)
    }

    /// The longest pattern `kept` accepts that `chars` (at least KEY of them) starts with.
    fn starts_at(&self, chars: &[char], kept: impl Fn(usize) -> bool) -> Option<usize> {
        if self.may_start(chars[0], chars[1]) {
            self.longest_at(chars, kept)
        } else {
            None
        }
    }

    /// Whether a pattern may start with the Han character `a` followed by `b`.
    #[inline]
    fn may_start(&self, a: char, b: char) -> bool {
        bit_set(&self.pairs, pair_bit(a, b)) && is_han(a)
    }

    /// The longest kept pattern that `chars` (at least KEY of them) starts with.
    fn longest_at(&self, chars: &[char], kept: impl Fn(usize) -> bool) -> Option<usize> {
        let bucket = self.bucket(key(chars))?;
        // The key holds the first KEY characters whole: only the rest is compared.
        bucket.iter().copied().find(|&p| {
            let pattern = &self.patterns[p];
            chars.get(KEY..pattern.len()) == Some(&pattern[KEY..]) && kept(p)
        })
    }

    /// The patterns whose first three characters make `key`, longest first.
    fn bucket(&self, key: u64) -> Option<&[usize]> {
        let &(from, to) = self.buckets.get(&key)?;
        Some(&self.bucketed[from as usize..to as usize])
    }

    /// The characters of the patterns that are not Han, sorted.
    fn non_han(&self) -> Vec<char> {
        let mut out: Vec<char> = self
            .patterns
            .iter()
            .flatten()
            .copied()
            .filter(|c| !is_han(*c))
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }
}

thread_local! {
    /// The run buffers of the thread, kept from text to text: a paragraph's search then
    /// allocates nothing, and they hold no more than the longest run seen.
    static RUN: std::cell::RefCell<Run> = std::cell::RefCell::default();
}

/// One run of characters that patterns may hold, decoded once. The buffers are reused from run
/// to run.
#[derive(Default)]
struct Run {
    chars: Vec<char>,
    /// The byte offset of the run's first character in the text.
    start: usize,
    /// `chars` spelt by sound.
    spelt: Vec<char>,
    /// The sound-alike hits of the run, held back until its forms' are in.
    sound_hits: Vec<Found>,
}

impl Run {
    fn clear(&mut self) {
        self.chars.clear();
        self.spelt.clear();
        self.sound_hits.clear();
    }
}

/// A multiply-shift hasher for the index keys and character strings: the standard SipHash is
/// several times slower here, and only lexicon entries are inserted (a text only looks up).
#[derive(Default, Clone, Copy)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }

    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }

    fn write_u32(&mut self, n: u32) {
        self.write_u64(n as u64);
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(26) ^ n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 31)
    }
}

type Fast = BuildHasherDefault<KeyHasher>;

/// `window` differs from `phrase` (of the same length) in one character, or in two apart for
/// phrases of six or more.
fn is_slip(window: &[char], phrase: &[char]) -> bool {
    if window.len() != phrase.len() {
        return false;
    }
    let mut diffs = (0..phrase.len()).filter(|&i| window[i] != phrase[i]);
    match (diffs.next(), diffs.next(), diffs.next()) {
        (Some(_), None, _) => true,
        (Some(a), Some(b), None) => phrase.len() >= TWO_SLIPS_FROM && b - a > 1,
        _ => false,
    }
}

#[cfg(test)]
mod tests;
