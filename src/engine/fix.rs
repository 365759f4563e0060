//! Applying fixes to a text: edits sorted, overlapping ones left for the next round, nothing
//! outside the fixed spans touched. The caller lints again until nothing is left to fix.

use crate::diagnostic::{Diagnostic, Edit};
use crate::rules::Applicability;
use crate::source::Span;

/// The text with every applicable, non-overlapping fix applied, and how many fixes that was.
pub fn apply(text: &str, diagnostics: &[Diagnostic], unsafe_fixes: bool) -> (String, usize) {
    let mut fixes: Vec<&[Edit]> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| unsafe_fixes || f.applicability == Applicability::Safe)
        .map(|f| f.edits.as_slice())
        .filter(|edits| !edits.is_empty())
        .collect();
    fixes.sort_by_key(|edits| edits.iter().map(|e| e.span.start).min());
    let mut taken: Vec<&Edit> = Vec::new();
    let mut applied = 0;
    for edits in fixes {
        // A fix is applied whole or not at all; one that overlaps an earlier one waits.
        let clashes = edits.iter().any(|e| {
            e.span.end > text.len()
                || !text.is_char_boundary(e.span.start)
                || !text.is_char_boundary(e.span.end)
                || taken.iter().any(|t| overlaps(t.span, e.span))
        });
        if clashes {
            continue;
        }
        let changes = edits
            .iter()
            .any(|e| text[e.span.start..e.span.end] != *e.replacement);
        if !changes {
            continue;
        }
        taken.extend(edits.iter());
        applied += 1;
    }
    taken.sort_by_key(|e| (e.span.start, e.span.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in taken {
        out.push_str(&text[at..e.span.start]);
        out.push_str(&e.replacement);
        at = e.span.end;
    }
    out.push_str(&text[at..]);
    (out, applied)
}

/// Two edits clash when they overlap, or when both insert at the same point.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

/// A line-based preview of the change from `old` to `new`: the original lines every change
/// touches and what they become, in the unified-diff shape reviewers know.
pub fn diff(path: &str, old: &str, new: &str) -> String {
    if old == new {
        return String::new();
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let new_lines: Vec<&str> = new.split_inclusive('\n').collect();
    // Fixes rarely add or remove lines, so a common prefix and suffix isolate each change.
    let mut out = format!("--- {path}\n+++ {path}（修复后）\n");
    let prefix = old_lines
        .iter()
        .zip(&new_lines)
        .take_while(|(a, b)| a == b)
        .count();
    let suffix = old_lines[prefix..]
        .iter()
        .rev()
        .zip(new_lines[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let old_mid = &old_lines[prefix..old_lines.len() - suffix];
    let new_mid = &new_lines[prefix..new_lines.len() - suffix];
    if old_mid.len() == new_mid.len() {
        // Line for line: show each changed line with its number.
        for (k, (a, b)) in old_mid.iter().zip(new_mid).enumerate() {
            if a != b {
                out.push_str(&format!("@@ 第{}行 @@\n", prefix + k + 1));
                out.push_str(&format!("-{}", with_newline(a)));
                out.push_str(&format!("+{}", with_newline(b)));
            }
        }
    } else {
        out.push_str(&format!(
            "@@ 第{}–{}行 @@\n",
            prefix + 1,
            prefix + old_mid.len()
        ));
        for a in old_mid {
            out.push_str(&format!("-{}", with_newline(a)));
        }
        for b in new_mid {
            out.push_str(&format!("+{}", with_newline(b)));
        }
    }
    out
}

fn with_newline(line: &str) -> String {
    if line.ends_with('\n') {
        line.to_string()
    } else {
        format!("{line}\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Fix;
    use crate::rules::Severity;

    fn finding(
        start: usize,
        end: usize,
        replacement: &str,
        applicability: Applicability,
    ) -> Diagnostic {
        Diagnostic {
            rule: "r".into(),
            code: "T1".into(),
            severity: Severity::Warning,
            message: "".into(),
            help: None,
            span: Span::new(start, end),
            fix: Some(Fix {
                edits: vec![Edit {
                    span: Span::new(start, end),
                    replacement: replacement.into(),
                }],
                applicability,
            }),
        }
    }

    #[test]
    fn safe_fixes_apply_and_unsafe_ones_wait_for_the_flag() {
        let text = "开展巡查,完成整改.";
        let comma = text.find(',').unwrap();
        let stop = text.find('.').unwrap();
        let d = [
            finding(comma, comma + 1, "，", Applicability::Safe),
            finding(stop, stop + 1, "。", Applicability::Unsafe),
        ];
        assert_eq!(
            apply(text, &d, false),
            ("开展巡查，完成整改.".to_string(), 1)
        );
        assert_eq!(
            apply(text, &d, true),
            ("开展巡查，完成整改。".to_string(), 2)
        );
    }

    #[test]
    fn overlapping_fixes_leave_the_later_one_for_the_next_round() {
        let text = "区(qū)政府";
        let d = [
            finding(3, 8, "", Applicability::Safe),
            finding(3, 4, "（", Applicability::Safe),
        ];
        let (fixed, n) = apply(text, &d, false);
        assert_eq!(n, 1);
        assert_eq!(fixed, "区政府");
    }

    #[test]
    fn diff_shows_changed_lines_only() {
        let d = diff(
            "方案.txt",
            "标题\n开展巡查,完成.\n结尾\n",
            "标题\n开展巡查，完成.\n结尾\n",
        );
        assert_eq!(
            d,
            "--- 方案.txt\n+++ 方案.txt（修复后）\n@@ 第2行 @@\n-开展巡查,完成.\n+开展巡查，完成.\n"
        );
        assert_eq!(diff("a", "x\n", "x\n"), "");
    }
}
