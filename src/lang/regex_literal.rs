//! Regex literals of the rule language (`/20[_＿]{1,2}年/i`), compiled when first used.
//!
//! Compiling is most of what loading the built-in packs costs (≈100 M instructions for their
//! regexes, against ≈25 M for reading their YAML), and a typical draft never reaches most of
//! them: a `match:` regex runs only on paragraphs that hold one of its literals, a `when:`
//! regex only where its condition gets that far. So a literal is checked for syntax when its
//! pack loads (the errors are the same as a compile's) and compiled on its first match.
//! Packs from files compile at load all the same: a regex too big to compile must be reported
//! there, at its line, not met halfway through a check. The built-in packs' regexes are all
//! compiled by a test, so for them that cannot happen.

use std::sync::OnceLock;

/// The flags a literal may carry: i, m, s, x.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
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

    fn parser(self) -> regex_syntax::Parser {
        regex_syntax::ParserBuilder::new()
            .case_insensitive(self.case_insensitive)
            .multi_line(self.multi_line)
            .dot_matches_new_line(self.dot_matches_new_line)
            .ignore_whitespace(self.ignore_whitespace)
            .build()
    }
}

/// A regex literal: its pattern and flags, and the compiled regex once it exists.
#[derive(Debug)]
pub struct RegexLiteral {
    pattern: String,
    flags: Flags,
    compiled: OnceLock<regex::Regex>,
}

impl RegexLiteral {
    /// Compiles `pattern` now.
    pub fn compiled(pattern: &str, flags: Flags) -> Result<RegexLiteral, regex::Error> {
        let re = flags.builder(pattern).build()?;
        Ok(RegexLiteral {
            pattern: pattern.to_string(),
            flags,
            compiled: OnceLock::from(re),
        })
    }

    /// Checks `pattern`'s syntax now and compiles it on first use. The error is the one
    /// [`RegexLiteral::compiled`] would give for bad syntax.
    pub fn deferred(pattern: &str, flags: Flags) -> Result<RegexLiteral, regex::Error> {
        flags
            .parser()
            .parse(pattern)
            .map_err(|e| regex::Error::Syntax(e.to_string()))?;
        Ok(RegexLiteral {
            pattern: pattern.to_string(),
            flags,
            compiled: OnceLock::new(),
        })
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
            // Syntax was checked when the pack loaded, so only the size limit can fail here,
            // and every built-in literal is compiled by a test. Should one still fail, it
            // matches nothing rather than stop the check.
            self.flags
                .builder(&self.pattern)
                .build()
                .unwrap_or_else(|_| never())
        })
    }

    pub fn is_match(&self, text: &str) -> bool {
        self.get().is_match(text)
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
        let re = RegexLiteral::deferred("xx+", flags).unwrap();
        assert!(!re.is_compiled());
        assert_eq!(re.as_str(), "xx+");
        assert!(re.is_match("请于XX月前完成"));
        assert!(re.is_compiled());
        assert!(!re.is_match("请于6月前完成"));
    }

    #[test]
    fn deferred_and_compiled_report_bad_syntax_alike() {
        for pattern in ["20[_＿{2}年", "(?=前)", r"\p{Hanzi}", "a{3,1}"] {
            let now = RegexLiteral::compiled(pattern, Flags::default()).unwrap_err();
            let later = RegexLiteral::deferred(pattern, Flags::default()).unwrap_err();
            assert_eq!(now.to_string(), later.to_string(), "{pattern}");
        }
    }

    #[test]
    fn never_matches_nothing() {
        let re = never();
        assert!(!re.is_match(""));
        assert!(!re.is_match("任何文字 any text\n"));
    }
}
