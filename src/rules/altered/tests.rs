//! PL505's matcher against its examples, and against the matcher as it was before (kept
//! below as `reference`) on generated texts.

use super::*;

fn altered(phrases: &[&str], text: &str) -> Vec<(String, String)> {
    let entries: Vec<String> = phrases.iter().map(|t| t.to_string()).collect();
    let a = Altered::new(&entries).unwrap();
    a.find_all(text)
        .into_iter()
        .map(|f| (text[f.start..f.end].to_string(), a.phrase(f.term)))
        .collect()
}

fn pair(a: &str, b: &str) -> (String, String) {
    (a.to_string(), b.to_string())
}

#[test]
fn a_swapped_word_is_found() {
    assert_eq!(
        altered(&["排污许可证"], "做好重点行业排污允许证发放。"),
        [pair("排污允许证", "排污许可证")]
    );
    assert_eq!(
        altered(&["督促检查", "安全生产"], "加强催逼检查，抓好安全制造。"),
        [pair("催逼检查", "督促检查"), pair("安全制造", "安全生产")]
    );
}

#[test]
fn a_look_alike_character_is_found() {
    assert_eq!(
        altered(&["全面覆盖"], "实现监控全面复盖。"),
        [pair("全面复盖", "全面覆盖")]
    );
}

#[test]
fn synonym_only_entries_skip_character_slips() {
    let p = ["党风廉政建设 => 同义"];
    assert!(altered(&p, "加强党风廉正建设。").is_empty());
    assert_eq!(
        altered(&p, "加强党风廉政建立。"),
        [pair("党风廉政建立", "党风廉政建设")]
    );
}

#[test]
fn a_phrase_shifted_by_one_character_or_a_short_common_collocation_is_no_swap() {
    // 切实在转变 holds 切实 and 转变 intact: 实在转变 is only a window across them.
    assert!(altered(&["切实转变"], "切实在转变理念上下功夫。").is_empty());
    assert_eq!(
        altered(&["切实转变"], "要实在转变工作作风。"),
        [("实在转变".to_string(), "切实转变".to_string())]
    );
    // 建立项目库 is normal wording; 建设 → 建立 is a swap in longer phrases only.
    assert!(altered(&["建设项目"], "组织摸底调查，建立项目库。").is_empty());
    assert_eq!(
        altered(&["党风廉政建设"], "加强党风廉政建立。"),
        [("党风廉政建立".to_string(), "党风廉政建设".to_string())]
    );
}

#[test]
fn standard_text_dictionary_words_and_traditional_text_are_silent() {
    let p = ["督促检查", "安全生产", "排污许可证"];
    assert!(altered(&p, "加强督促检查，抓好安全生产，核发排污许可证。").is_empty());
    // 安全生产 → 安全制造 is a form, but in Traditional text the tables do not apply.
    assert!(altered(&p, "加強催逼檢查，抓好安全制造。").is_empty());
    // An altered form that is a dictionary word is not reported.
    assert!(Altered::new(&["全面覆盖".to_string()]).unwrap().forms() > 0);
    assert!(TABLES.is_word(&"一如既往".chars().collect::<Vec<_>>()));
}

#[test]
fn forms_are_spelled_out_on_first_use() {
    let a = Altered::new(&["全面覆盖".to_string()]).unwrap();
    assert!(a.built.get().is_none());
    assert_eq!(a.find_all("实现监控全面复盖。").len(), 1);
    assert!(a.built.get().is_some());
}

#[test]
fn dictionary_look_up_on_bytes_finds_every_word_and_no_other() {
    let chars = |w: &str| w.chars().collect::<Vec<_>>();
    assert!(TABLES.words.words().all(|w| TABLES.is_word(&chars(w))));
    assert!(!TABLES.is_word(&chars("全面复盖")));
    // Longer than the stack buffer: no word, and no panic.
    assert!(!TABLES.is_word(&chars(&"一".repeat(40))));
}

use crate::test_rng::Rng;

/// The pairwise search `held_by` replaced: every phrase against every standard term.
fn held_by_pairwise(phrases: &[Vec<char>], synonym_only: &[bool]) -> Vec<Vec<(usize, usize)>> {
    let standard: Vec<usize> = (0..phrases.len()).filter(|&i| synonym_only[i]).collect();
    phrases
        .iter()
        .map(|p| {
            standard
                .iter()
                .filter_map(|&s| {
                    let t = &phrases[s];
                    (t.len() > p.len())
                        .then(|| (0..=t.len() - p.len()).find(|&k| t[k..].starts_with(p)))
                        .flatten()
                        .map(|k| (s, k))
                })
                .collect()
        })
        .collect()
}

#[test]
fn standard_terms_holding_a_phrase_are_found_as_by_comparing_every_pair() {
    let a = Altered::new(&shipped_lexicon()).unwrap();
    let fast = held_by(&a.phrases, &a.synonym_only);
    assert_eq!(fast, held_by_pairwise(&a.phrases, &a.synonym_only));
    assert!(
        fast.iter().filter(|h| !h.is_empty()).count() > 10,
        "the test looks at something"
    );
    // A phrase twice in a term is held at its first place; a term does not hold itself.
    let entries = [
        "乡村振兴",
        "乡村振兴促进乡村振兴 => 同义",
        "乡村振兴战略 => 同义",
    ];
    let a = Altered::new(&entries.map(String::from)).unwrap();
    let held = held_by(&a.phrases, &a.synonym_only);
    assert_eq!(held, held_by_pairwise(&a.phrases, &a.synonym_only));
    assert_eq!(held[0], [(1, 0), (2, 0)]);
    assert!(held[1].is_empty() && held[2].is_empty());
}

/// `word_swaps` as it was: every synonym tried at every position.
fn word_swaps_everywhere(t: &Tables, p: &[char]) -> Vec<Vec<char>> {
    let mut out = Vec::new();
    for (from, alts) in &t.synonyms {
        let kept = p.len().saturating_sub(from.len());
        if kept < MIN_KEPT && !(from.len() >= 4 && kept >= 1) {
            continue;
        }
        for at in 0..=p.len().saturating_sub(from.len()) {
            if p[at..].starts_with(from) {
                for (to, min) in alts {
                    if p.len() >= *min {
                        let mut form = p[..at].to_vec();
                        form.extend(to);
                        form.extend(&p[at + from.len()..]);
                        out.push(form);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn word_swaps_found_from_the_phrase_are_those_of_every_synonym_everywhere() {
    let a = Altered::new(&shipped_lexicon()).unwrap();
    let mut swapped = 0;
    for p in &a.phrases {
        let fast = TABLES.word_swaps(p);
        assert_eq!(
            fast,
            word_swaps_everywhere(&TABLES, p),
            "{}",
            p.iter().collect::<String>()
        );
        swapped += usize::from(!fast.is_empty());
    }
    assert!(swapped > 100, "only {swapped} phrases have a word swap");
    // A word twice in one phrase gives a form for each place, in order.
    let p: Vec<char> = "督促检查督促整改".chars().collect();
    let forms = TABLES.word_swaps(&p);
    assert_eq!(forms, word_swaps_everywhere(&TABLES, &p));
    assert!(forms.iter().any(|f| f.starts_with(&['催'])), "{forms:?}");
    assert!(forms.iter().any(|f| f[4] == '催'), "{forms:?}");
}

fn shipped_lexicon() -> Vec<String> {
    include_str!("../../../rules/lexicons/set-phrases.txt")
        .lines()
        .map(|l| l.split_once('#').map_or(l, |(data, _)| data).trim())
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// A text of set phrases, their altered forms, homophone and look-alike slips, loose Han
/// characters, Traditional characters, ASCII, punctuation and characters of other planes,
/// in random order: hits land next to, inside and across runs of every kind.
fn generated_text(a: &Altered, rng: &mut Rng) -> String {
    const LOOSE: &[&str] = &[
        "的",
        "和",
        "工作",
        "建立",
        "项目库",
        "切实在",
        "实",
        "，",
        "。",
        "、",
        "（",
        "）",
        "《",
        "》",
        "“",
        "”",
        " ",
        "\n",
        "A",
        "abc",
        "2025",
        "1,000",
        "(qū)",
        "加強",
        "檢查",
        "氣",
        "豈",
        "𠀀",
        "😀",
        "\u{3000}",
        "責任",
        "在",
    ];
    let built = a.built();
    let mut text = String::new();
    for _ in 0..rng.below(40) {
        match rng.below(6) {
            0 => text.extend(rng.pick(&a.phrases)),
            1 => text.extend(rng.pick(&built.forms.patterns)),
            2 => {
                // A sound-alike slip: the spelt phrase with one character put back.
                let p = rng.pick(&a.phrases).clone();
                let mut s = TABLES.sound(&p);
                let keep = rng.below(s.len());
                s[keep] = p[keep];
                text.extend(s);
            }
            3 => {
                let p = rng.pick(&a.phrases);
                let cut = rng.below(p.len() + 1);
                text.extend(if rng.below(2) == 0 {
                    &p[..cut]
                } else {
                    &p[cut..]
                });
            }
            _ => text.push_str(LOOSE[rng.below(LOOSE.len())]),
        }
    }
    text
}

#[test]
fn runs_find_what_the_whole_text_search_found() {
    let a = Altered::new(&shipped_lexicon()).unwrap();
    let old = reference::Old(&a);
    let mut rng = Rng(0x5EED);
    let mut hits = 0;
    for _ in 0..3000 {
        let text = generated_text(&a, &mut rng);
        let found = a.find_all(&text);
        assert_eq!(found, old.find_all(&text), "{text}");
        hits += found.len();
    }
    assert!(hits > 1000, "the texts hold hits: {hits}");
}

#[test]
fn the_shipped_patterns_are_han_only_and_other_characters_end_a_run() {
    let a = Altered::new(&shipped_lexicon()).unwrap();
    let built = a.built();
    assert!(built.non_han.is_empty());
    assert!(built.matches_char('覆') && !built.matches_char('，'));
    let index = Index::new(vec![
        "ＡＢ许可".chars().collect(),
        "许可证".chars().collect(),
    ]);
    assert_eq!(index.non_han(), ['Ａ', 'Ｂ']);
}

#[test]
fn tables_parse() {
    assert!(
        TABLES
            .synonyms
            .iter()
            .any(|(f, a)| f == &['许', '可'] && a.iter().any(|(w, _)| w == &['允', '许']))
    );
    assert!(TABLES.confusables[&'覆'].contains(&'复'));
    let words: Vec<&str> = TABLES.words.words().collect();
    assert!(words.len() > 50_000);
    assert!(words.windows(2).all(|w| w[0] < w[1]));
    assert!(words.iter().all(|w| !w.starts_with('#')), "header skipped");
    // Strings next to words in byte order (a word cut short, a word run on) are found
    // exactly when they are words themselves.
    let set: HashSet<&str> = words.iter().copied().collect();
    for w in words.iter().step_by(97) {
        let cut = &w[..w.len() - w.chars().next_back().unwrap().len_utf8()];
        let longer = format!("{w}一");
        for probe in [cut, longer.as_str(), ""] {
            assert_eq!(
                TABLES.words.contains(probe.as_bytes()),
                set.contains(probe) && !probe.is_empty(),
                "{probe}"
            );
        }
    }
}

/// The matcher as it was before runs and byte slices (whole-text vectors, per-hit vectors),
/// kept to check that the faster one finds exactly the same.
mod reference {
    use super::super::*;

    pub(super) struct Old<'a>(pub(super) &'a Altered);

    impl std::ops::Deref for Old<'_> {
        type Target = Altered;

        fn deref(&self) -> &Altered {
            self.0
        }
    }

    impl Old<'_> {
        /// The altered phrases in `text`, leftmost first, never overlapping; `term` is the index
        /// of the standard phrase.
        pub fn find_all(&self, text: &str) -> Vec<Found> {
            let tables = &*TABLES;
            let built = self.built();
            let mut offsets: Vec<usize> = Vec::with_capacity(text.len() / 3 + 1);
            let mut chars: Vec<char> = Vec::with_capacity(text.len() / 3 + 1);
            for (i, c) in text.char_indices() {
                offsets.push(i);
                chars.push(c);
            }
            offsets.push(text.len());
            let mut found = Vec::new();
            let kept = |p| self.form_kept(built, p);
            for (at, pattern) in old_find(&built.forms, &chars, kept) {
                let (term, slip) = built.origin[pattern];
                let len = built.forms.patterns[pattern].len();
                let (start, end) = (offsets[at], offsets[at + len]);
                if slip
                    && !self.slips_make_no_word(
                        text,
                        start,
                        &chars[at..at + len],
                        &self.phrases[term],
                    )
                {
                    continue;
                }
                found.push(Found { start, end, term });
            }
            let spelt: Vec<char> = chars.iter().map(|&c| tables.sound_of(c)).collect();
            for (at, pattern) in old_find(&built.sounds, &spelt, |_| true) {
                let len = built.sounds.patterns[pattern].len();
                let window = &chars[at..at + len];
                let candidates = &built.sound_phrases[pattern];
                if candidates.iter().any(|&p| self.phrases[p] == window) {
                    continue;
                }
                let start = offsets[at];
                let best = candidates.iter().copied().find(|&p| {
                    let p = &self.phrases[p];
                    old_is_slip(window, p) && self.slips_make_no_word(text, start, window, p)
                });
                if let Some(term) = best {
                    found.push(Found {
                        start,
                        end: offsets[at + len],
                        term,
                    });
                }
            }
            found.retain(|f| {
                !self.inside_standard_term(text, f)
                    && !self.shifted_phrase(text, f)
                    && self.plausible(text, f.start, f.end)
                    && self
                        .elsewhere
                        .as_ref()
                        .is_none_or(|e| !e.is_match(&text[f.start..f.end]))
            });
            found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
            let mut out: Vec<Found> = Vec::new();
            for f in found {
                if out.last().is_none_or(|l| f.start >= l.end) {
                    out.push(f);
                }
            }
            out
        }

        /// Whether the hit lies in a slip of a standard term that holds its phrase (乡村震兴 in
        /// 乡村震兴战略), which the near-miss rule reports.
        fn inside_standard_term(&self, text: &str, f: &Found) -> bool {
            let before: Vec<char> = text[..f.start].chars().rev().take(MAX_HELD).collect();
            let rest: Vec<char> = text[f.start..].chars().take(MAX_HELD * 2).collect();
            self.built().held_by[f.term].iter().any(|&(s, k)| {
                let t = &self.phrases[s];
                if k > before.len() || t.len() - k > rest.len() {
                    return false;
                }
                let window: Vec<char> = before[..k]
                    .iter()
                    .rev()
                    .chain(&rest[..t.len() - k])
                    .copied()
                    .collect();
                let diffs = window.iter().zip(t).filter(|(a, b)| a != b).count();
                diffs <= 2
            })
        }

        /// Whether the phrase's own first or last two characters stand intact one character
        /// outside the hit: 切实在转变 holds 切实 and 转变, so 实在转变 is no swap of 切实转变.
        fn shifted_phrase(&self, text: &str, f: &Found) -> bool {
            let phrase = &self.phrases[f.term];
            let hit: Vec<char> = text[f.start..f.end].chars().collect();
            let (Some(&first), Some(&last)) = (hit.first(), hit.last()) else {
                return false;
            };
            let before = text[..f.start].chars().next_back();
            let after = text[f.end..].chars().next();
            before.is_some_and(|b| phrase.starts_with(&[b, first]))
                || after.is_some_and(|a| phrase.ends_with(&[last, a]))
        }

        /// No changed character of `window` (at byte `start` of `text`) makes a dictionary word
        /// with the character before or after it: 制订 in 制订方案 is a word, so no slip of 制定.
        fn slips_make_no_word(
            &self,
            text: &str,
            start: usize,
            window: &[char],
            phrase: &[char],
        ) -> bool {
            if window.len() != phrase.len() {
                return true;
            }
            let before = text[..start].chars().next_back();
            let after = text[start..].chars().nth(window.len());
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
            let before: Vec<char> = text[..start].chars().rev().take(CONTEXT).collect();
            let after: Vec<char> = text[end..].chars().take(CONTEXT).collect();
            let hit: Vec<char> = text[start..end].chars().collect();
            let han: String = before
                .iter()
                .rev()
                .chain(&hit)
                .chain(&after)
                .filter(|c| is_han(**c))
                .collect();
            if crate::normalize::fold(&han) != han {
                return false;
            }
            let tables = &*TABLES;
            if old_straddles_word(tables, &before, &hit, &after) {
                return false;
            }
            for l in 0..=before.len().min(3) {
                for r in 0..=after.len().min(3) {
                    if l + r == 0 {
                        continue;
                    }
                    let word: Vec<char> = before[..l]
                        .iter()
                        .rev()
                        .chain(&hit)
                        .chain(&after[..r])
                        .copied()
                        .collect();
                    if tables.is_word(&word) {
                        return false;
                    }
                }
            }
            true
        }
    }

    /// Leftmost-longest matches, never overlapping: (character index, pattern).
    fn old_find(
        index: &Index,
        chars: &[char],
        kept: impl Fn(usize) -> bool,
    ) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut i = 0;
        while i + KEY <= chars.len() {
            if is_han(chars[i])
                && let Some(b) = index.bucket(key(&chars[i..]))
                && let Some(&p) = b
                    .iter()
                    .find(|&&p| chars[i..].starts_with(&index.patterns[p]) && kept(p))
            {
                out.push((i, p));
                i += index.patterns[p].len();
                continue;
            }
            i += 1;
        }
        out
    }

    /// Whether a dictionary word of three or four characters, two or more of them the hit's, runs
    /// across an edge of the hit (项目库 in 建立项目库: no 建立项目 for 建设项目). Such a hit is no
    /// segment of the text. `before` runs backwards from the hit.
    fn old_straddles_word(tables: &Tables, before: &[char], hit: &[char], after: &[char]) -> bool {
        const LONGEST: usize = 4;
        let across = |outside: &[char], leading: bool| {
            (1..=outside.len().min(LONGEST - 2)).any(|o| {
                (2..hit.len().min(LONGEST - o + 1)).any(|i| {
                    let word: Vec<char> = if leading {
                        outside[..o]
                            .iter()
                            .rev()
                            .chain(&hit[..i])
                            .copied()
                            .collect()
                    } else {
                        hit[hit.len() - i..]
                            .iter()
                            .chain(&outside[..o])
                            .copied()
                            .collect()
                    };
                    tables.is_word(&word)
                })
            })
        };
        across(before, true) || across(after, false)
    }

    fn old_is_slip(window: &[char], phrase: &[char]) -> bool {
        if window.len() != phrase.len() {
            return false;
        }
        let diffs: Vec<usize> = (0..phrase.len())
            .filter(|&i| window[i] != phrase[i])
            .collect();
        match diffs.as_slice() {
            [_] => true,
            [a, b] => phrase.len() >= TWO_SLIPS_FROM && b - a > 1,
            _ => false,
        }
    }
}

/// Each form with the phrase it comes from and whether it is a character slip.
type FormList = Vec<(Vec<char>, (usize, bool))>;
/// Each sound pattern with the phrases that sound so.
type SoundList = Vec<(Vec<char>, Vec<usize>)>;

/// The forms and sound patterns as they were spelled out before the dictionary test moved to
/// a form's first hit: every form decided at once, then sorted.
fn eager_forms(a: &Altered) -> (FormList, SoundList) {
    let tables = &*TABLES;
    let exact: HashSet<&[char]> = a.phrases.iter().map(|p| p.as_slice()).collect();
    let mut forms: HashMap<Vec<char>, Option<(usize, bool)>> = HashMap::new();
    let mut add = |form: Vec<char>, phrase: usize, slip: bool| {
        if exact.contains(form.as_slice()) {
            return;
        }
        forms
            .entry(form)
            .and_modify(|p| {
                if p.map(|(i, _)| i) != Some(phrase) {
                    *p = None;
                }
            })
            .or_insert(Some((phrase, slip)));
    };
    for (pi, p) in a.phrases.iter().enumerate() {
        for form in tables.word_swaps(p) {
            add(form, pi, false);
        }
        if !a.synonym_only[pi] {
            for form in tables.slips(p) {
                add(form, pi, true);
            }
        }
    }
    let mut forms: FormList = forms
        .into_iter()
        .filter_map(|(f, p)| Some((f, p?)))
        .filter(|(f, _)| {
            let text: String = f.iter().collect();
            !tables.is_word_utf8(text.as_bytes())
                && a.elsewhere.as_ref().is_none_or(|e| !e.is_match(&text))
        })
        .collect();
    forms.sort_unstable();
    let mut by_sound: HashMap<Vec<char>, Vec<usize>> = HashMap::new();
    for (pi, p) in a.phrases.iter().enumerate() {
        if !a.synonym_only[pi] {
            by_sound.entry(tables.sound(p)).or_default().push(pi);
        }
    }
    let mut by_sound: SoundList = by_sound.into_iter().collect();
    by_sound.sort_unstable();
    (forms, by_sound)
}

#[test]
fn forms_kept_on_first_hit_are_those_decided_at_once() {
    let a = Altered::new(&shipped_lexicon()).unwrap();
    let built = a.built();
    let (eager, eager_sounds) = eager_forms(&a);
    let mut kept: FormList = (0..built.origin.len())
        .filter(|&p| a.form_kept(built, p))
        .map(|p| (built.forms.patterns[p].clone(), built.origin[p]))
        .collect();
    kept.sort_unstable();
    assert!(kept.len() > 1000 && kept.len() < built.origin.len());
    assert_eq!(kept, eager);
    let mut sounds: SoundList = built
        .sounds
        .patterns
        .iter()
        .cloned()
        .zip(built.sound_phrases.iter().cloned())
        .collect();
    sounds.sort_unstable();
    assert_eq!(sounds, eager_sounds);
}

#[test]
fn a_form_is_kept_unless_it_is_a_dictionary_word() {
    let a = Altered::new(&["全面覆盖".to_string(), "全面覆盖面".to_string()]).unwrap();
    let built = a.built();
    for p in 0..built.origin.len() {
        let form: String = built.forms.patterns[p].iter().collect();
        assert_eq!(
            a.form_kept(built, p),
            !TABLES.is_word_utf8(form.as_bytes()),
            "{form}"
        );
    }
}
