//! Code actions from the fixes findings carry: one quick fix per finding under the cursor, and
//! “fix all safe” for the whole document.

use std::collections::HashMap;

use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri};
use lsp_types::{WorkspaceEdit, request::CodeActionRequest};

use super::lint::{Linted, to_lsp};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::Applicability;
use crate::source::Span;

type Params = <CodeActionRequest as lsp_types::request::Request>::Params;

/// The actions for a code-action request on a linted document.
pub fn code_actions(linted: &Linted, params: &Params) -> Vec<CodeActionOrCommand> {
    let only = params.context.only.as_deref();
    let uri = &params.text_document.uri;
    let mut out = Vec::new();
    if wants(only, &CodeActionKind::QUICKFIX) {
        out.extend(quick_fixes(linted, uri, params.range));
    }
    if wants(only, &CodeActionKind::SOURCE_FIX_ALL)
        && let Some(all) = fix_all(linted, uri)
    {
        out.push(all);
    }
    out.into_iter()
        .map(CodeActionOrCommand::CodeAction)
        .collect()
}

/// Kinds are hierarchical: asking for `source` includes `source.fixAll`.
fn wants(only: Option<&[CodeActionKind]>, kind: &CodeActionKind) -> bool {
    only.is_none_or(|list| {
        list.iter().any(|k| {
            kind.as_str() == k.as_str() || kind.as_str().starts_with(&format!("{}.", k.as_str()))
        })
    })
}

/// Safe fixes first; an unsafe one says in its title that it needs a look.
fn quick_fixes(linted: &Linted, uri: &Uri, range: Range) -> Vec<CodeAction> {
    let pos = linted.positions();
    let want = pos.span(range);
    let mut found: Vec<(&Diagnostic, &Fix)> = linted
        .diagnostics
        .iter()
        .filter(|d| touches(d.span, want))
        .filter_map(|d| Some((d, d.fix.as_ref().filter(|f| !f.edits.is_empty())?)))
        .collect();
    found.sort_by_key(|(_, f)| f.applicability != Applicability::Safe);
    found
        .into_iter()
        .map(|(d, fix)| {
            let safe = fix.applicability == Applicability::Safe;
            let mut title = format!("{}：{}", d.code, describe(&linted.source.text, fix));
            if !safe {
                title.push_str("（需人工确认）");
            }
            CodeAction {
                title,
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![to_lsp(d, &pos)]),
                edit: Some(workspace_edit(linted, uri, &fix.edits)),
                is_preferred: Some(safe),
                ..Default::default()
            }
        })
        .collect()
}

/// A cursor at either end of a finding, or a selection overlapping it, asks for its fix.
fn touches(d: Span, want: Span) -> bool {
    d.start <= want.end && want.start <= d.end
}

/// What a fix does, quoting the text: 将“,”改为“，”, 删除“…”, 插入“…”.
fn describe(text: &str, fix: &Fix) -> String {
    let [edit] = fix.edits.as_slice() else {
        return format!("应用修复（{} 处改动）", fix.edits.len());
    };
    let old = text.get(edit.span.start..edit.span.end).unwrap_or("");
    let new = &edit.replacement;
    match (old.is_empty(), new.is_empty()) {
        (false, true) => format!("删除“{}”", short(old)),
        (true, false) => format!("插入“{}”", short(new)),
        _ => format!("将“{}”改为“{}”", short(old), short(new)),
    }
}

/// Titles stay one short line whatever the fix spans.
fn short(s: &str) -> String {
    let s = s.trim_end_matches('\n');
    if s.chars().count() <= 20 {
        s.to_string()
    } else {
        s.chars().take(20).collect::<String>() + "…"
    }
}

/// Every safe fix that does not overlap an earlier one, as one edit.
fn fix_all(linted: &Linted, uri: &Uri) -> Option<CodeAction> {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut count = 0;
    for fix in linted.diagnostics.iter().filter_map(|d| d.fix.as_ref()) {
        let clashes = fix
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(t.span, e.span)));
        if fix.applicability != Applicability::Safe || fix.edits.is_empty() || clashes {
            continue;
        }
        taken.extend(&fix.edits);
        count += 1;
    }
    if count == 0 {
        return None;
    }
    let edits: Vec<Edit> = taken.into_iter().cloned().collect();
    Some(CodeAction {
        title: format!("planlint：修复全部可安全修复的问题（{count} 处）"),
        kind: Some(CodeActionKind::SOURCE_FIX_ALL),
        edit: Some(workspace_edit(linted, uri, &edits)),
        ..Default::default()
    })
}

/// As `engine::fix`: overlapping edits, or two insertions at one point, cannot go together.
fn overlaps(a: Span, b: Span) -> bool {
    a.start < b.end && b.start < a.end || (a.start == b.start && (a.is_empty() || b.is_empty()))
}

fn workspace_edit(linted: &Linted, uri: &Uri, edits: &[Edit]) -> WorkspaceEdit {
    let pos = linted.positions();
    let edits = edits
        .iter()
        .map(|e| TextEdit::new(pos.range(e.span), e.replacement.to_string()))
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_hierarchical() {
        let source = CodeActionKind::SOURCE;
        assert!(wants(None, &CodeActionKind::QUICKFIX));
        assert!(wants(
            Some(std::slice::from_ref(&source)),
            &CodeActionKind::SOURCE_FIX_ALL
        ));
        assert!(!wants(
            Some(std::slice::from_ref(&source)),
            &CodeActionKind::QUICKFIX
        ));
    }

    #[test]
    fn titles_quote_the_change() {
        let fix = |start, end, r: &str| Fix {
            edits: vec![Edit {
                span: Span::new(start, end),
                replacement: r.into(),
            }],
            applicability: Applicability::Safe,
        };
        let text = "加强领导,压实责任";
        let comma = text.find(',').unwrap();
        assert_eq!(
            describe(text, &fix(comma, comma + 1, "，")),
            "将“,”改为“，”"
        );
        assert_eq!(describe(text, &fix(comma, comma + 1, "")), "删除“,”");
        assert_eq!(describe(text, &fix(0, 0, "要")), "插入“要”");
        assert_eq!(describe(text, &fix(99, 120, "x")), "插入“x”", "no panic");
    }
}
