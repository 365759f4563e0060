//! Regexes built without a literal prefilter. `regex` extracts the literals a pattern starts
//! with and searches for them first; for a long alternation of Chinese words, or a pattern run
//! only on a heading or a short name, building that prefilter costs more than it saves (and
//! searching Han text for many literals with the same UTF-8 lead bytes is no quicker than the
//! lazy DFA). Measured per pattern: for these, the 60-file check spent ≈0.2–2.8 M instructions
//! less each without it.

use regex_automata::MatchKind;
use regex_automata::meta::{Builder, Config, Regex};
use regex_automata::util::syntax;

pub(crate) type Unfiltered = Regex;

/// What `regex::Regex::new(pattern)` builds, without the prefilter: same syntax, same
/// leftmost-first matches, same limits.
pub(crate) fn unfiltered(pattern: &str) -> Regex {
    let config = Config::new()
        .match_kind(MatchKind::LeftmostFirst)
        .utf8_empty(true)
        .nfa_size_limit(Some(10 * (1 << 20)))
        .hybrid_cache_capacity(2 * (1 << 20))
        .auto_prefilter(false);
    Builder::new()
        .configure(config)
        .syntax(syntax::Config::new().utf8(true))
        .build(pattern)
        .expect("a built-in pattern")
}

/// Holds `re` (built by [`unfiltered`]) equal to `regex::Regex::new(pattern)` on texts
/// generated from the pattern's own characters and a few others: the same matches, in the
/// same places.
#[cfg(test)]
pub(crate) fn assert_same_as_regex(pattern: &str, re: &Regex) {
    use crate::test_rng::Rng;
    let reference = regex::Regex::new(pattern).unwrap();
    let mut alphabet: Vec<char> = pattern
        .chars()
        .filter(|c| !r"\|()[]{}?*+^$.:-".contains(*c))
        .collect();
    alphabet.extend(['的', '，', '。', 'a', '1', ' ', '\n', '（', '）', '》']);
    // The pattern's words whole too: single characters rarely make one of a long list.
    let words: Vec<&str> = pattern
        .split(|c: char| r"\|()[]{}?*+^$.:-".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut rng = Rng(pattern.len() as u64);
    let mut hits = 0;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..rng.below(12) {
            match rng.below(3) {
                0 => text.push_str(words[rng.below(words.len())]),
                _ => text.push(*rng.pick(&alphabet)),
            }
        }
        let want: Vec<(usize, usize)> = reference
            .find_iter(&text)
            .map(|m| (m.start(), m.end()))
            .collect();
        let got: Vec<(usize, usize)> = re.find_iter(&text).map(|m| (m.start(), m.end())).collect();
        assert_eq!(got, want, "{pattern} on {text:?}");
        assert_eq!(
            re.is_match(&text),
            reference.is_match(&text),
            "{pattern} on {text:?}"
        );
        hits += want.len();
    }
    assert!(hits > 20, "{pattern}: the texts hold matches ({hits})");
}
