//! A `match:` regex whose first alternative is anchored at the start of the text, run as two
//! regexes: that alternative (the head) and the others (the rest).
//!
//! The punctuation packs write `/^[^\n]*(?:上传人:|本文地址:|…)[^\n]*|[\p{Han}],/`: a line of
//! web-page residue is taken whole by the first alternative, so that the half-width comma in
//! it is not reported (the residue rule reports the line). Six rules embed the same 190
//! characters of residue words in front of their own few characters of punctuation. As one
//! regex each, that is six compilations of the residue alternation, six lazy DFAs that
//! carry its states through every paragraph, and a reverse search back over every match to
//! find where it starts. Split, the head is one regex shared by the six, anchored (it runs
//! only from the paragraph's start and never searches backwards), and each rest is small and
//! starts with a literal the regex engine can look for.
//!
//! The matches are the same. With leftmost-first semantics, the leftmost match of `H|R`
//! starts at 0 when `H`, anchored there, matches at all: it is `H`'s match, as `H` comes
//! first. After it, or from 0 when `H` does not match, `H` cannot match again, so the others
//! are `R`'s, each searched from where the last ended. This holds when neither `H` nor `R`
//! can match the empty text (where the iteration of `H|R` skips an empty match at the end of
//! the previous one, `R`'s would not); both are checked, with `H`'s anchoring, on the regexes'
//! syntax before the split is first used, and a pattern that fails the check runs whole.

use std::sync::{Arc, OnceLock};

use super::regex_literal::{Flags, RegexLiteral};

/// A pattern's anchored first alternative and the rest, each a literal of its own (shared
/// through a [`super::RegexTable`]).
#[derive(Debug)]
pub(super) struct Split {
    pub(super) head: Arc<RegexLiteral>,
    pub(super) rest: Arc<RegexLiteral>,
    /// Whether running the two gives the whole's matches; decided at first use.
    sound: OnceLock<bool>,
}

impl Split {
    pub(super) fn new(head: Arc<RegexLiteral>, rest: Arc<RegexLiteral>) -> Self {
        Split {
            head,
            rest,
            sound: OnceLock::new(),
        }
    }

    /// The non-empty matches of the whole pattern in `text` as byte ranges, in order; `None`
    /// when the split does not hold for this pattern (see the module's introduction).
    pub(super) fn matches(&self, text: &str) -> Option<Vec<(usize, usize)>> {
        if !self.sound() {
            return None;
        }
        let mut out = Vec::new();
        let mut at = 0;
        if let Some(m) = self.head.get().find(text) {
            out.push((m.start(), m.end()));
            at = m.end();
        }
        let rest = self.rest.get();
        while let Some(m) = rest.find_at(text, at) {
            // Ruled out by the check; were it to happen, the search would stand still.
            if m.is_empty() {
                return None;
            }
            out.push((m.start(), m.end()));
            at = m.end();
        }
        Some(out)
    }

    /// Whether running the two gives the whole's matches, decided once.
    pub(super) fn sound(&self) -> bool {
        *self.sound.get_or_init(|| self.is_sound())
    }

    /// Whether the head is anchored at the text's start and neither part matches the empty
    /// text, read from their syntax with the literal's flags.
    fn is_sound(&self) -> bool {
        let hir = |re: &RegexLiteral| {
            let flags = re.flags();
            regex_syntax::ParserBuilder::new()
                .case_insensitive(flags.case_insensitive)
                .multi_line(flags.multi_line)
                .dot_matches_new_line(flags.dot_matches_new_line)
                .ignore_whitespace(flags.ignore_whitespace)
                .build()
                .parse(re.as_str())
                .ok()
        };
        let (Some(head), Some(rest)) = (hir(&self.head), hir(&self.rest)) else {
            return false;
        };
        // The cut is where the whole's syntax tree puts its first alternative's end.
        let whole = format!("{}|{}", self.head.as_str(), self.rest.as_str());
        let first_ends_at_cut = match &regex_syntax::ast::parse::Parser::new().parse(&whole) {
            Ok(regex_syntax::ast::Ast::Alternation(alt)) => alt
                .asts
                .first()
                .is_some_and(|a| a.span().end.offset == self.head.as_str().len()),
            _ => false,
        };
        let non_empty = |h: &regex_syntax::hir::Hir| h.properties().minimum_len().unwrap_or(0) > 0;
        first_ends_at_cut
            && head
                .properties()
                .look_set_prefix()
                .contains(regex_syntax::hir::Look::Start)
            && non_empty(&head)
            && non_empty(&rest)
    }
}

/// `pattern` cut at its first top-level `|` when what comes before starts with `^`: the
/// candidates for a [`Split`], which checks them before use. Not cut under the `x` flag, where
/// a comment may hold any character, nor when a flag group such as `(?i)` may change the
/// meaning of what follows it.
pub(super) fn cut(pattern: &str, flags: Flags) -> Option<(&str, &str)> {
    if flags.ignore_whitespace || !pattern.starts_with('^') {
        return None;
    }
    let bytes = pattern.as_bytes();
    let (mut depth, mut class, mut i) = (0usize, 0usize, 0);
    let mut cut_at = None;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 1,
            // `[]…]` and `[^]…]` hold a literal `]`.
            b'[' if class == 0 => {
                class = 1;
                if bytes.get(i + 1) == Some(&b'^') {
                    i += 1;
                }
                if bytes.get(i + 1) == Some(&b']') {
                    i += 1;
                }
            }
            b'[' => class += 1,
            b']' if class > 0 => class -= 1,
            _ if class > 0 => {}
            b'(' => {
                if flag_group(&bytes[i..]) {
                    return None;
                }
                depth += 1;
            }
            b')' => depth = depth.checked_sub(1)?,
            b'|' if depth == 0 && cut_at.is_none() => cut_at = Some(i),
            _ => {}
        }
        i += 1;
    }
    let at = cut_at?;
    (depth == 0 && class == 0).then(|| (&pattern[..at], &pattern[at + 1..]))
}

/// Whether `group` (from its `(`) opens a flag group that sets flags for what follows, `(?i)`,
/// rather than one scoped to its own contents, `(?i:…)`.
fn flag_group(group: &[u8]) -> bool {
    let Some(rest) = group.strip_prefix(b"(?") else {
        return false;
    };
    let flags = rest
        .iter()
        .take_while(|b| b.is_ascii_alphabetic() || **b == b'-')
        .count();
    flags > 0 && rest.get(flags) == Some(&b')')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::RegexTable;

    #[test]
    fn the_built_in_patterns_run_split_find_what_they_find_whole() {
        let set = crate::rules::load::builtin().unwrap();
        let split: Vec<_> = set
            .rules
            .iter()
            .filter_map(|r| match &r.matcher {
                Some(crate::rules::Matcher::Regex(re)) if re.split().is_some() => {
                    Some((r.code.as_str(), re))
                }
                _ => None,
            })
            .collect();
        // The six punctuation rules that leave web-page residue lines to PL603 share one head.
        let heads: std::collections::HashSet<_> = split
            .iter()
            .filter(|(code, _)| code.starts_with("PL30"))
            .map(|(_, re)| Arc::as_ptr(&re.split().unwrap().head))
            .collect();
        assert_eq!(heads.len(), 1, "one head, shared");
        assert!(split.len() >= 6, "{} patterns split", split.len());
        let split: Vec<_> = split.into_iter().map(|(_, re)| re).collect();
        let pieces = [
            "上传人:",
            "本文地址：",
            "如有侵权",
            "ICP备",
            "©",
            "由会员分享",
            "转载请注明",
            "全面排查",
            "隐患",
            "县",
            ",",
            "，",
            ";",
            ":",
            "?",
            "!",
            ".",
            "(",
            ")",
            "（",
            "）",
            "“",
            "《",
            "a",
            "Smith",
            "1,200",
            " ",
            "\n",
            "\n\n",
            "。",
            "ā",
            "】",
        ];
        let mut rng = crate::test_rng::Rng(0x0005_eed0_fa11);
        for _ in 0..3000 {
            let text = rng.join(&pieces, 1..14);
            for re in &split {
                let whole: Vec<(usize, usize)> = re
                    .get()
                    .find_iter(&text)
                    .filter(|m| !m.is_empty())
                    .map(|m| (m.start(), m.end()))
                    .collect();
                assert_eq!(re.spans(&text), whole, "{:?} in {text:?}", re.as_str());
            }
        }
    }

    #[test]
    fn a_split_that_would_change_the_matches_runs_whole() {
        let mut table = RegexTable::default();
        // `^a*` can match the empty text; `^` under the `m` flag starts any line.
        for (pattern, flags) in [
            ("^a*|b", Flags::default()),
            ("^x|b*", Flags::default()),
            (
                "^x|y",
                Flags {
                    multi_line: true,
                    ..Flags::default()
                },
            ),
        ] {
            let mut re = Arc::new(RegexLiteral::deferred(pattern, flags));
            table.share_match(&mut re);
            let split = re.split().expect("cut");
            assert_eq!(split.matches("bab\nxyb"), None, "{pattern}");
            let whole: Vec<_> = re
                .get()
                .find_iter("bab\nxyb")
                .filter(|m| !m.is_empty())
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(re.spans("bab\nxyb"), whole, "{pattern}");
        }
        let mut sound = Arc::new(RegexLiteral::deferred("^x+|y", Flags::default()));
        table.share_match(&mut sound);
        assert_eq!(sound.spans("xxyay"), vec![(0, 2), (2, 3), (4, 5)]);
        assert!(!sound.is_compiled(), "the whole pattern is never compiled");
    }

    #[test]
    fn a_pattern_is_cut_at_its_first_top_level_bar_after_an_anchored_head() {
        let f = Flags::default();
        assert_eq!(
            cut(r"^[^\n]*(?:上传人|本文地址)[^\n]*|[\p{Han}],", f),
            Some((r"^[^\n]*(?:上传人|本文地址)[^\n]*", r"[\p{Han}],"))
        );
        assert_eq!(cut(r"^a[|(]b|c|d", f), Some((r"^a[|(]b", "c|d")));
        assert_eq!(cut(r"^a\|b|c", f), Some((r"^a\|b", "c")));
        assert_eq!(cut(r"^[]|]x|y", f), Some((r"^[]|]x", "y")));
        assert_eq!(cut(r"^[^]|]x|y", f), Some((r"^[^]|]x", "y")));
        assert_eq!(
            cut(r"^a[[:alpha:]|]b|c", f),
            Some((r"^a[[:alpha:]|]b", "c"))
        );
        assert_eq!(cut(r"^(?i:a|b)x|y", f), Some((r"^(?i:a|b)x", "y")));
        // Not anchored, no top-level bar, a flag group, or the `x` flag.
        assert_eq!(cut(r"a|^b", f), None);
        assert_eq!(cut(r"^(?:a|b)", f), None);
        assert_eq!(cut(r"^a(?i)b|c", f), None);
        let x = Flags {
            ignore_whitespace: true,
            ..f
        };
        assert_eq!(cut(r"^a # x|y", x), None);
    }
}
