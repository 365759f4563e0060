//! Suppression comments on a line of their own (in Markdown inside `<!-- -->`):
//!
//! ```text
//! planlint-disable-next-line PL101 PL102
//! planlint-disable PL2
//! planlint-enable
//! ```
//!
//! Codes match a rule's code, its id, or a code prefix; no code means every rule. A comment
//! that suppresses nothing is itself reported, so stale ones do not pile up.

use std::sync::LazyLock;

use regex::Regex;

use crate::source::{Source, Span};

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^\s*(?:<!--\s*)?planlint-(disable-next-line|disable|enable)\b([^\n>]*?)\s*(?:-->)?\s*$",
    )
    .unwrap()
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    codes: Vec<String>,
    span: Span,
    /// Lines it covers, inclusive (for `disable`, up to the matching `enable` or the end).
    lines: (usize, usize),
}

/// The suppression comments of one file and which of them did suppress something.
#[derive(Debug, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
    used: Vec<bool>,
}

impl Suppressions {
    pub fn parse(source: &Source) -> Self {
        let mut directives: Vec<Directive> = Vec::new();
        if !source.text.contains("planlint-") {
            return Suppressions::default();
        }
        let last_line = source.lines.line_count();
        // Lines as the line index counts them (LF, CRLF, lone CR), with their start offsets.
        let mut starts = vec![0];
        let mut lines: Vec<&str> = Vec::new();
        for (end, next) in crate::source::line_ends(&source.text) {
            lines.push(&source.text[starts[starts.len() - 1]..end]);
            starts.push(next);
        }
        lines.push(&source.text[starts[starts.len() - 1]..]);
        for (n, &raw) in lines.iter().enumerate() {
            let line_no = n + 1;
            let start = starts[n];
            let Some(c) = DIRECTIVE.captures(raw) else {
                continue;
            };
            let kind = match &c[1] {
                "disable-next-line" => Kind::NextLine,
                "disable" => Kind::Disable,
                _ => Kind::Enable,
            };
            let codes = c[2]
                .split(|ch: char| ch.is_whitespace() || ch == ',' || ch == '，')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let trimmed = raw.trim_end_matches('\r');
            let span = Span::new(start, start + trimmed.len());
            let lines = match kind {
                Kind::NextLine => {
                    // The next line that is not blank and not another directive.
                    let next = (n + 1..lines.len())
                        .find(|&k| !lines[k].trim().is_empty() && !DIRECTIVE.is_match(lines[k]))
                        .map_or(line_no + 1, |k| k + 1);
                    (next, next)
                }
                Kind::Disable => (line_no + 1, last_line),
                Kind::Enable => (line_no, line_no),
            };
            if kind == Kind::Enable {
                // Close the open `disable`s it names (or all of them).
                for d in directives.iter_mut().rev() {
                    if d.kind == Kind::Disable
                        && d.lines.1 == last_line
                        && (c[2].trim().is_empty()
                            || d.codes.iter().any(|x| c[2].contains(x.as_str())))
                    {
                        d.lines.1 = line_no;
                    }
                }
            }
            directives.push(Directive {
                kind,
                codes,
                span,
                lines,
            });
        }
        let used = vec![false; directives.len()];
        Suppressions { directives, used }
    }

    /// Whether the text has no suppression comment: then nothing is suppressed, and no
    /// finding's line need be found to ask.
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Does a comment suppress a finding of `code`/`rule` on `line`? Marks it used.
    pub fn suppresses(&mut self, line: usize, code: &str, rule: &str) -> bool {
        let mut hit = false;
        for (d, used) in self.directives.iter().zip(self.used.iter_mut()) {
            if d.kind == Kind::Enable || line < d.lines.0 || line > d.lines.1 {
                continue;
            }
            let named = d.codes.is_empty()
                || d.codes
                    .iter()
                    .any(|c| c == rule || code.starts_with(c.as_str()));
            if named {
                *used = true;
                hit = true;
            }
        }
        hit
    }

    /// Comments that suppressed nothing.
    pub fn unused(&self) -> impl Iterator<Item = Span> + '_ {
        self.directives
            .iter()
            .zip(&self.used)
            .filter(|(d, used)| d.kind != Kind::Enable && !**used)
            .map(|(d, _)| d.span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::new("a.txt", text)
    }

    #[test]
    fn next_line_suppresses_only_that_line_and_code() {
        let s = src("一、重点任务\nplanlint-disable-next-line PL101\n1.完成排查。\n2.完成整改。\n");
        let mut sup = Suppressions::parse(&s);
        assert!(sup.suppresses(3, "PL101", "task-missing-unit"));
        assert!(!sup.suppresses(3, "PL102", "task-missing-deadline"));
        assert!(!sup.suppresses(4, "PL101", "task-missing-unit"));
        assert_eq!(sup.unused().count(), 0);
    }

    #[test]
    fn disable_enable_range_by_prefix_and_id_and_markdown_comment() {
        let s = src(
            "<!-- planlint-disable PL1 -->\n1.甲\n2.乙\n<!-- planlint-enable -->\n3.丙\nplanlint-disable vague-deadline\n4.丁\n",
        );
        let mut sup = Suppressions::parse(&s);
        assert!(sup.suppresses(2, "PL101", "task-missing-unit"));
        assert!(sup.suppresses(3, "PL103", "vague-deadline"));
        assert!(!sup.suppresses(5, "PL101", "task-missing-unit"));
        assert!(sup.suppresses(7, "PL103", "vague-deadline"));
        assert!(!sup.suppresses(7, "PL101", "task-missing-unit"));
    }

    #[test]
    fn a_comment_that_suppresses_nothing_is_unused() {
        let s = src("planlint-disable-next-line PL999\n1.完成排查。\n");
        let sup = Suppressions::parse(&s);
        let unused: Vec<Span> = sup.unused().collect();
        assert_eq!(unused.len(), 1);
        assert_eq!(s.slice(unused[0]), "planlint-disable-next-line PL999");
    }

    #[test]
    fn ordinary_text_mentioning_planlint_is_no_directive() {
        use crate::input::is_directive_line;
        assert!(!is_directive_line("请使用 planlint-disable 注释"));
        assert!(is_directive_line("  planlint-disable-next-line PL101  "));
        assert!(is_directive_line("<!-- planlint-enable -->"));
        let s = src("请使用 planlint-disable 注释关闭规则。\n");
        assert_eq!(Suppressions::parse(&s).unused().count(), 0);
    }
}
