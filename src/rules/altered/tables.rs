//! The tables PL505 is built from, embedded and parsed once per process: the phrase
//! synonyms, the look-alike groups, the homophone groups and the dictionary, with the forms
//! a phrase takes under them (its word swaps and character slips).

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use super::{Fast, MIN_KEPT, TWO_SLIPS_FROM};
use crate::rules::near_miss::is_han;

/// A standard word and its replacements, each with the shortest phrase it applies in.
pub(super) type Synonym = (Vec<char>, Vec<(Vec<char>, usize)>);

/// The tables the matcher is built from, embedded and parsed once per process.
pub(super) struct Tables {
    /// Longest word first.
    pub(super) synonyms: Vec<Synonym>,
    /// For each first character of a synonym's word, the synonyms (by index) whose word
    /// starts with it.
    pub(super) synonyms_by_first: HashMap<char, Vec<usize>, Fast>,
    /// For each character, the characters it is confused with.
    pub(super) confusables: HashMap<char, Vec<char>, Fast>,
    /// For each character from U+4E00 to U+9FFF, the first character of its homophone group
    /// (itself when it is in none).
    pub(super) sounds: Vec<char>,
    /// Words of four or more characters and common two-character words, sorted.
    pub(super) words: Dictionary,
}

pub(super) static TABLES: LazyLock<Tables> = LazyLock::new(|| {
    let synonyms = parse_synonyms(include_str!("phrase-synonyms.txt"));
    // Looked up at every character of every phrase: the fast hasher, not SipHash.
    let mut synonyms_by_first: HashMap<char, Vec<usize>, Fast> = HashMap::default();
    for (i, (from, _)) in synonyms.iter().enumerate() {
        if let Some(&first) = from.first() {
            synonyms_by_first.entry(first).or_default().push(i);
        }
    }
    Tables {
        synonyms,
        synonyms_by_first,
        confusables: parse_confusables(include_str!("confusable-chars.txt")),
        sounds: parse_sounds(include_str!("homophone-chars.txt")),
        words: Dictionary::new(include_str!("dictionary-words.txt")),
    }
});

/// Lines without comments: blank lines, `#` lines and `# …` line ends removed.
fn data_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(|l| l.split_once('#').map_or(l, |(data, _)| data).trim())
        .filter(|l| !l.is_empty())
}

/// `原词 => 改写词, 改写词 @6`.
fn parse_synonyms(text: &str) -> Vec<Synonym> {
    let mut out: Vec<Synonym> = Vec::new();
    for line in data_lines(text) {
        let Some((from, to)) = line.split_once("=>") else {
            continue;
        };
        let from: Vec<char> = from.trim().chars().collect();
        let mut alts = Vec::new();
        for alt in to.split([',', '，']) {
            let alt = alt.trim();
            let (word, min) = match alt.split_once('@') {
                Some((w, n)) => (w.trim(), n.trim().parse().unwrap_or(usize::MAX)),
                None => (alt, 0),
            };
            let word: Vec<char> = word.chars().collect();
            if !word.is_empty() && word != from && !alts.iter().any(|(w, _)| *w == word) {
                alts.push((word, min));
            }
        }
        if !from.is_empty() && !alts.is_empty() {
            out.push((from, alts));
        }
    }
    out.sort_by_key(|(from, _)| std::cmp::Reverse(from.len()));
    out
}

/// One group of mutually confusable characters per line.
fn parse_confusables(text: &str) -> HashMap<char, Vec<char>, Fast> {
    let mut out: HashMap<char, Vec<char>, Fast> = HashMap::default();
    for line in data_lines(text) {
        let group: Vec<char> = line.chars().filter(|c| is_han(*c)).collect();
        for &a in &group {
            for &b in &group {
                let list = out.entry(a).or_default();
                if a != b && !list.contains(&b) {
                    list.push(b);
                }
            }
        }
    }
    out
}

const SOUND_FIRST: u32 = 0x4E00;
const SOUND_LAST: u32 = 0x9FFF;

/// `reading 字字字`: every character stands for the first one.
fn parse_sounds(text: &str) -> Vec<char> {
    let mut out: Vec<char> = (SOUND_FIRST..=SOUND_LAST)
        .filter_map(char::from_u32)
        .collect();
    let mut done = HashSet::new();
    for line in data_lines(text) {
        let in_range = |c: &char| (SOUND_FIRST..=SOUND_LAST).contains(&(*c as u32));
        let mut group = line.chars().filter(in_range);
        if let Some(first) = group.next() {
            for c in group {
                if done.insert(c) {
                    out[(c as u32 - SOUND_FIRST) as usize] = first;
                }
            }
        }
    }
    out
}

/// The generated dictionary: `#` lines, then one word a line in code-point order (a unit test
/// checks the order, which the binary search relies on).
/// The dictionary file itself, one word a line in byte order, searched in place: splitting its
/// 141,000 lines into a table cost every process ≈14 M instructions and 4 MB before any look-up.
pub(super) struct Dictionary {
    /// The lines after the `#` header.
    pub(super) text: &'static str,
}

impl Dictionary {
    pub(super) fn new(file: &'static str) -> Self {
        let mut text = file;
        while text.starts_with('#') {
            text = text.split_once('\n').map_or("", |(_, rest)| rest);
        }
        Dictionary { text }
    }

    /// Binary search over byte offsets, each probe widened to the line it falls in.
    pub(super) fn contains(&self, word: &[u8]) -> bool {
        let t = self.text.as_bytes();
        let (mut lo, mut hi) = (0, t.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let start = t[lo..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(lo, |i| lo + i + 1);
            let end = t[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(t.len(), |i| start + i);
            match t[start..end].cmp(word) {
                std::cmp::Ordering::Equal => return !word.is_empty(),
                std::cmp::Ordering::Less => lo = (end + 1).min(t.len()),
                std::cmp::Ordering::Greater => hi = start,
            }
        }
        false
    }

    #[cfg(test)]
    pub(super) fn words(&self) -> impl Iterator<Item = &'static str> {
        self.text.lines().filter(|l| !l.is_empty())
    }
}

impl Tables {
    pub(super) fn sound_of(&self, c: char) -> char {
        match (c as u32).checked_sub(SOUND_FIRST) {
            Some(i) if c as u32 <= SOUND_LAST => self.sounds[i as usize],
            _ => c,
        }
    }

    pub(super) fn sound(&self, p: &[char]) -> Vec<char> {
        p.iter().map(|&c| self.sound_of(c)).collect()
    }

    pub(super) fn is_word(&self, chars: &[char]) -> bool {
        // Words are compared as UTF-8 bytes, not decoded at each step of the search.
        let mut buf = [0u8; 64];
        let mut n = 0;
        for &c in chars {
            if n + c.len_utf8() > buf.len() {
                return self.is_word_utf8(chars.iter().collect::<String>().as_bytes());
            }
            n += c.encode_utf8(&mut buf[n..]).len();
        }
        self.is_word_utf8(&buf[..n])
    }

    pub(super) fn is_word_utf8(&self, word: &[u8]) -> bool {
        // Code-point order is UTF-8 byte order, the order of the file.
        self.words.contains(word)
    }

    /// The phrase with one listed word replaced by one of its listed replacements.
    /// Forms come in synonym order, then position order. The words are found from the
    /// phrase's own characters: trying every synonym at every position of every one of the
    /// 6,784 set phrases cost ≈35 M instructions per process.
    pub(super) fn word_swaps(&self, p: &[char]) -> Vec<Vec<char>> {
        let mut found: Vec<(usize, usize)> = Vec::new();
        for (at, c) in p.iter().enumerate() {
            for &si in self.synonyms_by_first.get(c).into_iter().flatten() {
                if p[at..].starts_with(&self.synonyms[si].0) {
                    found.push((si, at));
                }
            }
        }
        found.sort_unstable();
        let mut out = Vec::new();
        for (si, at) in found {
            let (from, alts) = &self.synonyms[si];
            let kept = p.len() - from.len();
            if kept < MIN_KEPT && !(from.len() >= 4 && kept >= 1) {
                continue;
            }
            for (to, min) in alts {
                if p.len() >= *min {
                    let mut form = p[..at].to_vec();
                    form.extend(to);
                    form.extend(&p[at + from.len()..]);
                    out.push(form);
                }
            }
        }
        out
    }

    /// The phrase with one character (two, for long phrases) replaced by a confusable one.
    pub(super) fn slips(&self, p: &[char]) -> Vec<Vec<char>> {
        let alts: Vec<(usize, &Vec<char>)> = p
            .iter()
            .enumerate()
            .filter_map(|(i, c)| self.confusables.get(c).map(|a| (i, a)))
            .collect();
        let mut out = Vec::new();
        for (k, &(i, ai)) in alts.iter().enumerate() {
            for &a in ai {
                let mut form = p.to_vec();
                form[i] = a;
                if p.len() >= TWO_SLIPS_FROM {
                    for &(j, aj) in &alts[k + 1..] {
                        for &b in aj {
                            let mut two = form.clone();
                            two[j] = b;
                            out.push(two);
                        }
                    }
                }
                out.push(form);
            }
        }
        out
    }
}
