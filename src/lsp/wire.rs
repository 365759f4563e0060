//! A document's diagnostics as the JSON the client receives, written straight from planlint's
//! findings.
//!
//! A 200 KB plan has thousands of findings and a publishDiagnostics of over a megabyte; built
//! as `lsp_types` values, compared, cloned and serialised, that cost as much as a tenth of the
//! lint itself on every keystroke. Written here, the set is one string that is also what the
//! server compares with the set last sent. The bytes are those serde writes for
//! `lsp_types::Diagnostic` (tests below hold the two side by side).
//!
//! An edit changes one stretch of the text; a finding outside it whose range and words are
//! those of a finding last time is written as the bytes written for that one, which saves the
//! positions, the escaping and the numbers of nearly every finding on a re-check.

use std::ops::Range;
use std::sync::Arc;

use lsp_types::Uri;

use super::convert::Positions;
use super::transport::Body;
use crate::diagnostic::Diagnostic;
use crate::report::json::{push_escaped_str as push_escaped, push_number_str};
use crate::rules::Severity;
use crate::source::Span;

/// A document's diagnostics as the JSON array sent, and where each diagnostic's object is in it.
#[derive(Debug, Default, Clone)]
pub struct Written {
    /// Shared with the publishDiagnostics that sends it ([`publish`]).
    pub json: Arc<String>,
    objects: Vec<Range<u32>>,
    /// Whether the JSON is that of the previous set it was written against, told object by
    /// object while writing; `None` when written without one.
    repeats_previous: Option<bool>,
}

impl Written {
    /// Whether these diagnostics are the ones last sent, `last`. When they were written
    /// against `last`, the writing has told, and the megabyte of a large plan's set is not
    /// compared again.
    pub fn repeats(&self, last: Option<&Written>) -> bool {
        match self.repeats_previous {
            Some(known) => known,
            None => last == Some(self),
        }
    }

    /// The JSON of object `i`.
    fn object(&self, i: usize) -> Option<&str> {
        let range = self.objects.get(i)?;
        self.json.get(range.start as usize..range.end as usize)
    }
}

impl PartialEq for Written {
    /// Two sets are the same when their JSON is: the objects' places follow from it.
    fn eq(&self, other: &Self) -> bool {
        self.json == other.json
    }
}

/// The last lint of a document and what was written for it, whose objects a re-check reuses.
pub struct Previous<'a> {
    pub diagnostics: &'a [Diagnostic],
    pub positions: Positions<'a>,
    pub written: &'a Written,
}

/// The JSON array of a document's diagnostics, all written afresh.
#[cfg(test)]
fn diagnostics_json(diagnostics: &[Diagnostic], pos: &Positions) -> String {
    write_diagnostics(diagnostics, pos, None).json.to_string()
}

/// The JSON array of a document's diagnostics, reusing the objects written for `previous`
/// where a finding's range and words are unchanged.
pub fn write_diagnostics(
    diagnostics: &[Diagnostic],
    pos: &Positions,
    previous: Option<&Previous>,
) -> Written {
    let mut json = String::with_capacity(64 + diagnostics.len() * 320);
    let mut objects = Vec::with_capacity(diagnostics.len());
    let mut reuse = previous.and_then(|p| Reuse::new(p, pos));
    // Whether every object so far is the previous set's object at the same place. (A set
    // never written holds no JSON at all, not even `[`.)
    let mut repeats = previous
        .map(|p| p.written.objects.len() == diagnostics.len() && p.written.json.starts_with('['));
    json.push('[');
    for (i, d) in diagnostics.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        let start = json.len();
        let reused = reuse.as_mut().and_then(|r| r.object_for(d));
        match reused {
            Some((bytes, _)) => json.push_str(bytes),
            None => write_diagnostic(&mut json, d, pos),
        }
        if let (Some(true), Some(p)) = (repeats, previous) {
            repeats = Some(match reused {
                Some((_, k)) if k == i => true,
                _ => p.written.object(i) == Some(&json[start..]),
            });
        }
        objects.push(to_u32(start)..to_u32(json.len()));
    }
    json.push(']');
    Written {
        json: Arc::new(json),
        objects,
        repeats_previous: repeats,
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// What of the last lint's writing a re-check can reuse: the text before and after the stretch
/// the edits changed is the same in both versions, and so is every position in it whose
/// line starts there too.
struct Reuse<'p> {
    previous: &'p Previous<'p>,
    /// Bytes at the start the two texts have in common.
    prefix: usize,
    /// Where the new text's lines start to be the old text's lines after the edits: the first
    /// line that starts in the bytes both texts end with, past the break before it, and whose
    /// number the edits did not change (`usize::MAX`: none).
    tail: usize,
    old_len: usize,
    new_len: usize,
    /// The first of the last lint's diagnostics not yet passed by the walk.
    next: usize,
}

impl<'p> Reuse<'p> {
    fn new(previous: &'p Previous<'p>, pos: &Positions) -> Option<Self> {
        if previous.written.objects.len() != previous.diagnostics.len()
            || previous.positions.bom() != pos.bom()
        {
            return None;
        }
        let (old, new) = (previous.positions.text(), pos.text());
        let prefix = common_prefix(old.as_bytes(), new.as_bytes());
        let room = old.len().min(new.len()) - prefix;
        let suffix = common_suffix(old.as_bytes(), new.as_bytes()).min(room);
        let changed_end = new.len() - suffix;
        // The line's start and the break before it (two bytes for CR LF) are in the shared
        // tail, so from there on both texts break their lines alike: a line has the same
        // number in both if the first does.
        let tail = pos
            .line_start_from(changed_end + 2)
            .filter(|&t| previous.positions.line_of(t + old.len() - new.len()) == pos.line_of(t))
            .unwrap_or(usize::MAX);
        Some(Reuse {
            previous,
            prefix,
            tail,
            old_len: old.len(),
            new_len: new.len(),
            next: 0,
        })
    }

    /// The bytes written last time for a finding like `d` at the same range, if any, and
    /// which of the last set's objects they are.
    fn object_for(&mut self, d: &Diagnostic) -> Option<(&'p str, usize)> {
        let old_span = self.old_span(d.span)?;
        let old = self.previous.diagnostics;
        while self.next < old.len() && old[self.next].span.start < old_span.start {
            self.next += 1;
        }
        let same = (self.next..old.len())
            .take_while(|&k| old[k].span.start == old_span.start)
            .find(|&k| same_words(&old[k], d) && old[k].span == old_span)?;
        Some((self.previous.written.object(same)?, same))
    }

    /// Where `span` was in the last version, when its range there is the range it has now:
    /// before the edits, or on a line of the tail.
    fn old_span(&self, span: Span) -> Option<Span> {
        if span.start > span.end {
            return None;
        }
        // Strictly before: the character at the end decides whether the end is a character
        // boundary, so it must be one of the bytes both texts share.
        if span.end < self.prefix {
            return Some(span);
        }
        if span.start < self.tail {
            return None;
        }
        let shift = |offset: usize| offset + self.old_len - self.new_len;
        Some(Span::new(shift(span.start), shift(span.end)))
    }
}

/// Whether two findings write the same object once their ranges are the same.
fn same_words(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.severity == b.severity && a.code == b.code && a.message == b.message && a.help == b.help
}

/// Bytes both start with; compared a block at a time, as a re-check compares the whole text.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let mut i = 0;
    while i + BLOCK <= n && a[i..i + BLOCK] == b[i..i + BLOCK] {
        i += BLOCK;
    }
    i + a[i..n]
        .iter()
        .zip(&b[i..n])
        .take_while(|(x, y)| x == y)
        .count()
}

/// Bytes both end with.
fn common_suffix(a: &[u8], b: &[u8]) -> usize {
    const BLOCK: usize = 256;
    let n = a.len().min(b.len());
    let (a, b) = (&a[a.len() - n..], &b[b.len() - n..]);
    let mut i = 0;
    while i + BLOCK <= n && a[n - i - BLOCK..n - i] == b[n - i - BLOCK..n - i] {
        i += BLOCK;
    }
    i + a[..n - i]
        .iter()
        .rev()
        .zip(b[..n - i].iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
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

/// A publishDiagnostics notification carrying an already written array, which it shares.
pub fn publish(uri: &Uri, diagnostics: &Written, version: i32) -> Body {
    let mut head = String::with_capacity(uri.as_str().len() + 96);
    head.push_str(
        r#"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"uri":""#,
    );
    push_escaped(&mut head, uri.as_str());
    head.push_str(r#"","diagnostics":"#);
    Body::Around {
        head,
        middle: Arc::clone(&diagnostics.json),
        tail: format!(r#","version":{version}}}}}"#),
    }
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
        let written = write_diagnostics(&findings, &pos, None);
        let theirs: Vec<lsp_types::Diagnostic> = findings
            .iter()
            .map(|d| super::super::lint::to_lsp(d, &pos))
            .collect();
        assert_eq!(*written.json, serde_json::to_string(&theirs).unwrap());

        let uri = Uri::from_str("file:///tmp/%E6%96%B9%E6%A1%88.txt").unwrap();
        let params = lsp_types::PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics: theirs,
            version: Some(7),
        };
        let serde_body =
            super::super::transport::encode_notification(PublishDiagnostics::METHOD, &params);
        assert_eq!(publish(&uri, &written, 7).joined(), serde_body);
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

    /// Findings at random ranges of a text and of its edited version, those outside the edit
    /// carried over as a re-check finds them again: written reusing the first writing, the
    /// second set is the bytes written afresh. The texts have CR LF and lone CR breaks, a
    /// byte-order mark, characters outside the BMP and lines long enough for checkpoints;
    /// the edits insert and delete line breaks.
    #[test]
    fn a_set_written_reusing_the_last_is_the_set_written_afresh() {
        let pieces = [
            "一、",
            "加强领导",
            ",",
            "𠀀",
            "\r\n",
            "\n",
            "\r",
            "a",
            "（一）",
        ];
        let edits = ["", "的", "\n", "\r", "\r\n", "𠀀", "，压实"];
        let mut rng = crate::test_rng::Rng(7);
        let (mut reused, mut repeated) = (0, 0);
        for round in 0..400 {
            let mut old = String::from(if round % 5 == 0 { "\u{feff}" } else { "" });
            let long = round % 7 == 0;
            while old.len() < if long { 9_000 } else { 300 } {
                let piece = if long && rng.below(2) == 0 {
                    "长"
                } else {
                    rng.pick(&pieces)
                };
                old.push_str(piece);
            }
            let old_source = Source::new("a.txt", old.as_str());
            let text = &old_source.text;
            let cut = |rng: &mut crate::test_rng::Rng| {
                let mut at = rng.below(text.len() + 1);
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                at
            };
            let (a, b) = {
                let (x, y) = (cut(&mut rng), cut(&mut rng));
                let y = x + (y % 12).min(text.len() - x);
                let y = (y..=text.len())
                    .find(|&i| text.is_char_boundary(i))
                    .unwrap();
                (x, y)
            };
            let insert = *rng.pick(&edits);
            let new = format!("{}{insert}{}", &text[..a], &text[b..]);
            let new_source = Source::new("a.txt", new.as_str());
            let shift = |o: usize| o + insert.len() - (b - a);
            let mut old_findings = Vec::new();
            let mut new_findings = Vec::new();
            for i in 0..30 {
                let (x, y) = (cut(&mut rng), cut(&mut rng));
                let span = Span::new(x.min(y), x.max(y));
                let help = (i % 2 == 0).then_some("改为“，”");
                let d = finding("PL113", Severity::Warning, span, help);
                if span.end < a {
                    new_findings.push(d.clone());
                } else if span.start >= b {
                    let moved = Span::new(shift(span.start), shift(span.end));
                    new_findings.push(Diagnostic {
                        span: moved,
                        ..d.clone()
                    });
                }
                old_findings.push(d);
            }
            old_findings.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
            new_findings.sort_by(|x, y| x.sort_key().cmp(&y.sort_key()));
            let bom = round % 5 == 0;
            let old_pos = Positions::new(&old_source, bom);
            let new_pos = Positions::new(&new_source, bom);
            let written = write_diagnostics(&old_findings, &old_pos, None);
            let previous = Previous {
                diagnostics: &old_findings,
                positions: Positions::new(&old_source, bom),
                written: &written,
            };
            let again = write_diagnostics(&new_findings, &new_pos, Some(&previous));
            let afresh = write_diagnostics(&new_findings, &new_pos, None);
            assert_eq!(again.json, afresh.json, "round {round}: {old:?} → {new:?}");
            assert_eq!(again.objects, afresh.objects);
            // What the writing told of the set is what comparing it with the last one tells.
            let same = again.json == written.json;
            assert_eq!(again.repeats(Some(&written)), same, "round {round}");
            assert_eq!(afresh.repeats(Some(&written)), same, "round {round}");
            repeated += usize::from(same);
            reused += new_findings
                .iter()
                .filter(|d| {
                    Reuse::new(&previous, &new_pos)
                        .and_then(|r| r.old_span(d.span))
                        .is_some()
                })
                .count();
        }
        assert!(reused > 3_000, "{reused} findings reused");
        assert!(repeated > 0 && repeated < 400, "{repeated} sets repeated");
    }
}
