//! Regex literals of the rule language (`/20[_＿]{1,2}年/i`), compiled when first used.
//!
//! Compiling is most of what loading the built-in packs costs (≈100 M instructions for their
//! regexes, against ≈25 M for reading their YAML), and a typical draft never reaches most of
//! them: a `match:` regex runs only on paragraphs that hold one of its literals, a `when:`
//! regex only where its condition gets that far. So a built-in pack's literal is compiled on
//! its first match, and not even parsed before: checking the syntax of all 84 cost every
//! process ≈18 M instructions, for packs that a test compiles whole (so a built-in literal
//! cannot fail). Packs from files compile at load: a bad or too big regex must be reported
//! there, at its line, not met halfway through a check.

use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use super::anchored_head::{self, Split};

/// The flags a literal may carry: i, m, s, x.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Flags {
    pub case_insensitive: bool,
    pub multi_line: bool,
    pub dot_matches_new_line: bool,
    pub ignore_whitespace: bool,
}

impl Flags {
    fn builder(self, pattern: &str) -> regex::RegexBuilder {
        let mut b = regex::RegexBuilder::new(pattern);
        b.case_insensitive(self.case_insensitive)
            .multi_line(self.multi_line)
            .dot_matches_new_line(self.dot_matches_new_line)
            .ignore_whitespace(self.ignore_whitespace);
        b
    }
}

/// A regex literal: its pattern and flags, and the compiled regex once it exists.
#[derive(Debug)]
pub struct RegexLiteral {
    pattern: String,
    flags: Flags,
    compiled: OnceLock<regex::Regex>,
    /// For a `match:` pattern with an anchored first alternative, that and the rest (see
    /// [`super::anchored_head`]).
    split: Option<Split>,
}

impl RegexLiteral {
    /// Compiles `pattern` now.
    pub fn compiled(pattern: &str, flags: Flags) -> Result<RegexLiteral, regex::Error> {
        let re = flags.builder(pattern).build()?;
        Ok(RegexLiteral {
            pattern: pattern.to_string(),
            flags,
            compiled: OnceLock::from(re),
            split: None,
        })
    }

    /// Compiles `pattern` on first use, unchecked until then: for the built-in packs only,
    /// whose literals a test compiles.
    pub fn deferred(pattern: &str, flags: Flags) -> RegexLiteral {
        RegexLiteral {
            pattern: pattern.to_string(),
            flags,
            compiled: OnceLock::new(),
            split: None,
        }
    }

    /// The pattern as written, without slashes and flags.
    pub fn as_str(&self) -> &str {
        &self.pattern
    }

    pub fn flags(&self) -> Flags {
        self.flags
    }

    /// Whether it has been compiled yet.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// The compiled regex, compiling it on first use.
    pub fn get(&self) -> &regex::Regex {
        self.compiled.get_or_init(|| {
            // Only built-in literals are compiled here, and a test compiles every one of them.
            // Should one still fail, it matches nothing rather than stop the check.
            self.flags
                .builder(&self.pattern)
                .build()
                .unwrap_or_else(|_| never())
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_match(text)
    }

    /// Compiles what matching with it uses: the head and the rest of a pattern that runs
    /// split, else the whole.
    pub fn warm_up(&self) {
        match self.split.as_ref().filter(|s| s.sound()) {
            Some(split) => {
                split.head.get();
                split.rest.get();
            }
            None => {
                self.get();
            }
        }
    }

    /// Whether [`RegexLiteral::warm_up`] would find nothing left to compile.
    pub fn is_warm(&self) -> bool {
        match self.split.as_ref().filter(|s| s.sound()) {
            Some(split) => split.head.is_compiled() && split.rest.is_compiled(),
            None => self.is_compiled(),
        }
    }

    /// The head and rest it runs as, if it is split.
    #[cfg(test)]
    pub(super) fn split(&self) -> Option<&Split> {
        self.split.as_ref()
    }

    /// Where the pattern matches in `text`, leftmost first, empty matches left out: what a
    /// `match:` rule reports.
    pub fn spans(&self, text: &str) -> Vec<(usize, usize)> {
        if let Some(spans) = self.split.as_ref().and_then(|s| s.matches(text)) {
            return spans;
        }
        self.get()
            .find_iter(text)
            .filter(|m| !m.is_empty())
            .map(|m| (m.start(), m.end()))
            .collect()
    }
}

/// One literal per pattern and flags in a rule set, so that a regex written in several rules
/// is compiled once: the built-in packs write the web-page residue alternation in the
/// conditions of seven punctuation rules, twice each, and the related-links pattern four
/// times, ≈5 ms of compiling in all.
#[derive(Debug, Default)]
pub struct RegexTable(HashMap<(String, Flags), Arc<RegexLiteral>>);

impl RegexTable {
    /// Makes `re` the literal of its pattern and flags met first.
    pub fn share(&mut self, re: &mut Arc<RegexLiteral>) {
        let key = (re.pattern.clone(), re.flags);
        let first = self.0.entry(key).or_insert_with(|| Arc::clone(re));
        if !Arc::ptr_eq(first, re) {
            *re = Arc::clone(first);
        }
    }

    /// [`RegexTable::share`] for a `match:` pattern, which also runs split when its first
    /// alternative is anchored at the text's start: the two parts are literals of the table
    /// too, so that rules writing the same head share it (see [`super::anchored_head`]).
    pub fn share_match(&mut self, re: &mut Arc<RegexLiteral>) {
        self.share(re);
        if re.split.is_some() {
            return;
        }
        let Some((head, rest)) = anchored_head::cut(&re.pattern, re.flags) else {
            return;
        };
        let mut part = |p: &str| {
            let mut lit = Arc::new(RegexLiteral::deferred(p, re.flags));
            self.share(&mut lit);
            lit
        };
        let split = Split::new(part(head), part(rest));
        let with_split = Arc::new(RegexLiteral {
            pattern: re.pattern.clone(),
            flags: re.flags,
            compiled: re.compiled.clone(),
            split: Some(split),
        });
        self.0
            .insert((re.pattern.clone(), re.flags), Arc::clone(&with_split));
        *re = with_split;
    }
}

/// A regex that matches no text.
fn never() -> regex::Regex {
    regex::Regex::new(r"[^\s\S]").expect("an empty class is a valid regex")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_deferred_literal_compiles_on_first_match_with_its_flags() {
        let flags = Flags {
            case_insensitive: true,
            ..Flags::default()
        };
        let re = RegexLiteral::deferred("xx+", flags);
        assert!(!re.is_compiled());
        assert_eq!(re.as_str(), "xx+");
        assert!(re.is_match("请于XX月前完成"));
        assert!(re.is_compiled());
        assert!(!re.is_match("请于6月前完成"));
    }

    #[test]
    fn a_deferred_literal_that_cannot_compile_matches_nothing() {
        let re = RegexLiteral::deferred("20[_＿{2}年", Flags::default());
        assert!(!re.is_match("20＿＿年"));
        assert!(re.is_compiled());
    }

    #[test]
    fn a_table_shares_one_literal_per_pattern_and_flags() {
        let mut table = RegexTable::default();
        let mut first = Arc::new(RegexLiteral::deferred("上[传傳]者", Flags::default()));
        let mut same = Arc::new(RegexLiteral::deferred("上[传傳]者", Flags::default()));
        let mut other_flags = Arc::new(RegexLiteral::deferred(
            "上[传傳]者",
            Flags {
                multi_line: true,
                ..Flags::default()
            },
        ));
        let kept = Arc::clone(&first);
        for re in [&mut first, &mut same, &mut other_flags] {
            table.share(re);
        }
        assert!(Arc::ptr_eq(&first, &kept));
        assert!(Arc::ptr_eq(&same, &kept));
        assert!(!Arc::ptr_eq(&other_flags, &kept));
        assert!(same.is_match("上传者："));
        assert!(first.is_compiled(), "compiled once, for both");
    }

    #[test]
    fn never_matches_nothing() {
        let re = never();
        assert!(!re.is_match(""));
        assert!(!re.is_match("任何文字 any text\n"));
    }
}
