//! Hover: what a rule is for, on its code or id (`planlint-disable-next-line PL101`) or
//! anywhere inside one of its findings.

use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind, Position};

use super::lint::Linted;
use crate::diagnostic::Diagnostic;
use crate::engine::UNUSED_SUPPRESSION;
use crate::rules::{Applicability, Rule, Severity};
use crate::source::Span;

/// The hover at a position, if it is on a rule's name or inside a finding.
pub fn hover(linted: &Linted, at: Position) -> Option<Hover> {
    let pos = linted.positions();
    let offset = pos.offset(at);
    let text = &linted.source.text;
    if let Some(word) = word_at(text, offset)
        && let Some(md) = describe_name(linted, &text[word.start..word.end])
    {
        return Some(markdown(md, Some(pos.range(word))));
    }
    let here: Vec<&Diagnostic> = linted
        .diagnostics
        .iter()
        .filter(|d| d.span.contains(offset) || (d.span.is_empty() && d.span.start == offset))
        .collect();
    let first = here.first()?;
    let mut parts: Vec<String> = Vec::new();
    for d in &here {
        if let Some(md) = describe_name(linted, &d.code)
            && !parts.contains(&md)
        {
            parts.push(md);
        }
    }
    if parts.is_empty() {
        return None;
    }
    Some(markdown(
        parts.join("\n\n---\n\n"),
        Some(pos.range(first.span)),
    ))
}

fn markdown(value: String, range: Option<lsp_types::Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

/// The ASCII word (`PL101`, `task-missing-unit`) around a byte offset.
fn word_at(text: &str, offset: usize) -> Option<Span> {
    let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'-' || b == b'_';
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let start = bytes[..offset]
        .iter()
        .rposition(|&b| !is_word(b))
        .map_or(0, |i| i + 1);
    let end = bytes[offset..]
        .iter()
        .position(|&b| !is_word(b))
        .map_or(bytes.len(), |i| offset + i);
    (start < end).then(|| Span::new(start, end))
}

/// Markdown for the rule a code or id names, when one does.
fn describe_name(linted: &Linted, name: &str) -> Option<String> {
    let (code, id) = UNUSED_SUPPRESSION;
    if name == code || name == id {
        return Some(format!(
            "**{code}** `{id}` · 警告\n\n该抑制注释没有抑制任何问题。\n\n建议：删除这行注释，或改正其中的规则代码。"
        ));
    }
    let rule = linted
        .rules
        .rules
        .iter()
        .find(|r| r.code == name || r.id == name)?;
    Some(describe_rule(rule))
}

fn describe_rule(r: &Rule) -> String {
    let mut out = format!(
        "**{}** `{}` · {} · 规则包 {}\n\n提示：{}",
        r.code,
        r.id,
        severity_name(r.severity),
        r.pack,
        r.source.message
    );
    if let Some(h) = &r.source.help {
        out.push_str(&format!("\n\n建议：{h}"));
    }
    if r.fix.is_some() {
        out.push_str(match r.applicability {
            Applicability::Safe => "\n\n可自动修复（安全修复）。",
            Applicability::Unsafe => "\n\n可修复，但需人工确认。",
        });
    }
    if let Some(d) = &r.description {
        out.push_str("\n\n");
        out.push_str(d.trim_end());
    }
    out
}

fn severity_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
        Severity::Off => "关闭",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_ascii_runs_around_the_offset() {
        let text = "planlint-disable-next-line PL101，下同";
        let at = text.find("L101").unwrap();
        let w = word_at(text, at).unwrap();
        assert_eq!(&text[w.start..w.end], "PL101");
        assert_eq!(word_at(text, text.len()), None);
        let han = text.find('下').unwrap();
        assert_eq!(word_at(text, han + 1), None, "inside a Han character");
    }
}
