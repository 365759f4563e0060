//! A document's diagnostics as the JSON the client receives, written straight from planlint's
//! findings.
//!
//! A 200 KB plan has thousands of findings and a publishDiagnostics of over a megabyte; built
//! as `lsp_types` values, compared, cloned and serialised, that cost as much as a tenth of the
//! lint itself on every keystroke. Written here, the set is one string that is also what the
//! server compares with the set last sent. The bytes are those serde writes for
//! `lsp_types::Diagnostic` (tests below hold the two side by side).

use std::fmt::Write as _;

use lsp_types::Uri;

use super::convert::Positions;
use crate::diagnostic::Diagnostic;
use crate::report::json::{push_escaped_str as push_escaped, push_number_str};
use crate::rules::Severity;

/// The JSON array of a document's diagnostics.
pub fn diagnostics_json(diagnostics: &[Diagnostic], pos: &Positions) -> String {
    let mut out = String::with_capacity(64 + diagnostics.len() * 320);
    out.push('[');
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_diagnostic(&mut out, d, pos);
    }
    out.push(']');
    out
}

fn write_diagnostic(out: &mut String, d: &Diagnostic, pos: &Positions) {
    let range = pos.range(d.span);
    let number = |out: &mut String, n: u32| push_number_str(out, n as usize);
    out.push_str(r#"{"range":{"start":{"line":"#);
    number(out, range.start.line);
    out.push_str(r#","character":"#);
    number(out, range.start.character);
    out.push_str(r#"},"end":{"line":"#);
    number(out, range.end.line);
    out.push_str(r#","character":"#);
    number(out, range.end.character);
    out.push_str(r#"}},"severity":"#);
    number(out, u32::from(severity_number(d.severity)));
    out.push_str(r#","code":""#);
    push_escaped(out, &d.code);
    out.push_str(r#"","source":"planlint","message":""#);
    push_escaped(out, &d.message);
    if let Some(h) = &d.help {
        // The help goes on the next line, as `lint::to_lsp` joins them; the line break
        // written already escaped.
        out.push_str("\\n建议：");
        push_escaped(out, h);
    }
    out.push_str("\"}");
}

/// LSP's DiagnosticSeverity numbers, as `lint::to_lsp` maps planlint's severities.
fn severity_number(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info | Severity::Off => 3,
    }
}

/// The body of a publishDiagnostics notification carrying an already written array.
pub fn publish_body(uri: &Uri, diagnostics_json: &str, version: i32) -> String {
    let mut out = String::with_capacity(diagnostics_json.len() + uri.as_str().len() + 96);
    out.push_str(
        r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":""#,
    );
    push_escaped(&mut out, uri.as_str());
    out.push_str(r#"","diagnostics":"#);
    out.push_str(diagnostics_json);
    let _ = write!(out, r#","version":{version}}}}}"#);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{Source, Span};
    use lsp_types::notification::{Notification as _, PublishDiagnostics};
    use std::str::FromStr;

    fn finding(code: &str, severity: Severity, span: Span, help: Option<&str>) -> Diagnostic {
        Diagnostic {
            rule: "r".into(),
            code: code.into(),
            severity,
            message: "标点“,”应为全角\t\"引号\"\\".into(),
            help: help.map(Into::into),
            span,
            fix: None,
        }
    }

    #[test]
    fn the_written_set_is_what_serde_writes_for_lsp_types() {
        let text = "\u{feff}一、总体要求,\r\n（一）坚持𠀀问题导向,压实责任\r尾";
        let source = Source::new("a.txt", text);
        let comma = source.text.rfind(',').unwrap();
        let findings = vec![
            finding(
                "PL113",
                Severity::Warning,
                Span::new(comma, comma + 1),
                None,
            ),
            finding(
                "PL201",
                Severity::Error,
                Span::new(3, comma),
                Some("改为“，”"),
            ),
            finding(
                "PL301",
                Severity::Info,
                Span::new(0, source.text.len()),
                None,
            ),
            finding("PL000", Severity::Off, Span::new(comma, comma), Some("x")),
        ];
        let pos = Positions::new(&source, true);
        let ours = diagnostics_json(&findings, &pos);
        let theirs: Vec<lsp_types::Diagnostic> = findings
            .iter()
            .map(|d| super::super::lint::to_lsp(d, &pos))
            .collect();
        assert_eq!(ours, serde_json::to_string(&theirs).unwrap());

        let uri = Uri::from_str("file:///tmp/%E6%96%B9%E6%A1%88.txt").unwrap();
        let params = lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: theirs,
            version: Some(7),
        };
        let serde_body =
            super::super::transport::encode_notification(PublishDiagnostics::METHOD, &params);
        assert_eq!(publish_body(&uri, &ours, 7), serde_body);
        assert_eq!(diagnostics_json(&[], &pos), "[]");
    }

    /// Thousands of diagnostics, most with a help, are still the one array serde writes.
    #[test]
    fn a_large_set_is_the_same_array() {
        let text = "一、总体要求,\n（一）坚持𠀀问题导向,压实责任\n".repeat(400);
        let source = Source::new("a.txt", text.as_str());
        let findings: Vec<Diagnostic> = (0..2_500)
            .map(|i| {
                let start = (i * 37) % (source.text.len() - 8);
                let start = (0..=start)
                    .rev()
                    .find(|&s| source.text.is_char_boundary(s))
                    .unwrap();
                let help = (i % 3 == 0).then_some("改为“，”");
                finding("PL113", Severity::Warning, Span::new(start, start), help)
            })
            .collect();
        let pos = Positions::new(&source, false);
        let theirs: Vec<lsp_types::Diagnostic> = findings
            .iter()
            .map(|d| super::super::lint::to_lsp(d, &pos))
            .collect();
        assert_eq!(
            diagnostics_json(&findings, &pos),
            serde_json::to_string(&theirs).unwrap()
        );
    }
}
