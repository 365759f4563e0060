//! `planlint check` output: `pretty` (miette), `concise` (one line per finding) and `json`
//! (DESIGN.md's versioned shape: 1-based lines, character columns, byte spans).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::Diagnostic;
use crate::rules::Severity;
use crate::source::{Position, Source, Span};

/// The findings of one file, with the text they point into.
#[derive(Debug, Clone)]
pub struct FileFindings {
    pub source: Arc<Source>,
    /// What is left after any fixes were applied.
    pub diagnostics: Vec<Diagnostic>,
    /// How many findings `--fix` fixed (or `--diff` would fix).
    pub fixed: usize,
}

/// Counts over all files.
#[derive(Debug, Default, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
    pub fixed: usize,
}

impl Summary {
    pub fn of(files: &[FileFindings]) -> Self {
        let mut s = Summary {
            files: files.len(),
            ..Summary::default()
        };
        s.fixed = files.iter().map(|f| f.fixed).sum();
        for d in files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
                Severity::Off => {}
            }
            s.fixable += usize::from(d.fix.is_some());
        }
        s
    }
}

#[derive(Serialize)]
struct JsonPos {
    line: usize,
    column: usize,
}

impl From<Position> for JsonPos {
    fn from(p: Position) -> Self {
        JsonPos {
            line: p.line,
            column: p.column,
        }
    }
}

#[derive(Serialize)]
struct JsonEdit {
    span: Span,
    start: JsonPos,
    end: JsonPos,
    replacement: String,
}

#[derive(Serialize)]
struct JsonFix {
    applicability: &'static str,
    edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    rule: &'a str,
    code: &'a str,
    severity: &'static str,
    message: &'a str,
    help: Option<&'a str>,
    span: Span,
    start: JsonPos,
    end: JsonPos,
    fix: Option<JsonFix>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    path: &'a str,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    files: Vec<JsonFile<'a>>,
    summary: Summary,
}

pub fn json(files: &[FileFindings]) -> String {
    let mut out = Vec::new();
    write_json(files, &mut out).expect("a report serialises into memory");
    String::from_utf8(out).expect("serde_json writes UTF-8")
}

/// The JSON report written as it is serialised, so that a file with hundreds of thousands
/// of findings never holds its report as one string as well.
pub fn write_json(files: &[FileFindings], mut w: impl std::io::Write) -> std::io::Result<()> {
    let report = JsonReport {
        version: 1,
        files: files
            .iter()
            .map(|f| JsonFile {
                path: &f.source.path,
                diagnostics: f
                    .diagnostics
                    .iter()
                    .map(|d| JsonDiagnostic {
                        rule: &d.rule,
                        code: &d.code,
                        severity: d.severity.as_str(),
                        message: &d.message,
                        help: d.help.as_deref(),
                        span: d.span,
                        start: f.source.position(d.span.start).into(),
                        end: f.source.position(d.span.end).into(),
                        fix: d.fix.as_ref().map(|fix| JsonFix {
                            applicability: match fix.applicability {
                                crate::rules::Applicability::Safe => "safe",
                                crate::rules::Applicability::Unsafe => "unsafe",
                            },
                            edits: fix
                                .edits
                                .iter()
                                .map(|e| JsonEdit {
                                    span: e.span,
                                    start: f.source.position(e.span.start).into(),
                                    end: f.source.position(e.span.end).into(),
                                    replacement: e.replacement.clone(),
                                })
                                .collect(),
                        }),
                    })
                    .collect(),
            })
            .collect(),
        summary: Summary::of(files),
    };
    serde_json::to_writer_pretty(&mut w, &report)?;
    w.write_all(b"\n")
}

fn severity_label(s: Severity) -> &'static str {
    match s {
        Severity::Error => "错误",
        Severity::Warning => "警告",
        Severity::Info => "提示",
        Severity::Off => "关闭",
    }
}

/// `path:line:column: 错误[PL101] message` per finding.
pub fn concise(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for f in files {
        for d in &f.diagnostics {
            let p = f.source.position(d.span.start);
            out.push_str(&format!(
                "{}:{}:{}: {}[{}] {}{}\n",
                f.source.path,
                p.line,
                p.column,
                severity_label(d.severity),
                d.code,
                d.message,
                origin_note(&f.source, d.span.start)
            ));
        }
    }
    out.push_str(&summary_line(&Summary::of(files)));
    out
}

/// “（第12段）” for a finding in a .docx, whose drafter finds paragraphs, not lines.
fn origin_note(source: &Source, offset: usize) -> String {
    source
        .origin_at(offset)
        .map_or(String::new(), |o| format!("（{o}）"))
}

pub fn summary_line(s: &Summary) -> String {
    let fixed = if s.fixed > 0 {
        format!("修复了 {} 个问题；", s.fixed)
    } else {
        String::new()
    };
    if s.errors + s.warnings + s.infos == 0 {
        return format!("检查了 {} 个文件，{fixed}未发现问题。\n", s.files);
    }
    let mut line = format!(
        "检查了 {} 个文件：{fixed}{} 个错误，{} 个警告，{} 个提示",
        s.files, s.errors, s.warnings, s.infos
    );
    if s.fixable > 0 {
        line.push_str(&format!("（{} 个可自动修复）", s.fixable));
    }
    line.push_str("。\n");
    line
}

/// One finding as a miette diagnostic over its file's text.
struct Finding<'a> {
    d: &'a Diagnostic,
    source: &'a Source,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.d.message)
    }
}

impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(format!("{}({})", self.d.code, self.d.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            _ => miette::Severity::Advice,
        })
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.d
            .help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source.text as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = miette::SourceSpan::from(self.d.span.start..self.d.span.end);
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(None, span),
        )))
    }
}

/// miette's rendering, headed by `path:line:column` in characters (miette's own header
/// counts bytes, which is wrong for every Chinese line).
pub fn pretty(files: &[FileFindings], color: bool) -> String {
    let theme = if color {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    };
    let handler = miette::GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_context_lines(1)
        .without_primary_span_start();
    let mut out = String::new();
    for f in files {
        let mut shown: HashMap<&str, usize> = HashMap::new();
        for d in &f.diagnostics {
            let n = shown.entry(&d.code).or_default();
            *n += 1;
            if *n > SHOWN_PER_RULE {
                continue;
            }
            let p = f.source.position(d.span.start);
            let note = origin_note(&f.source, d.span.start);
            let note = if note.is_empty() {
                note
            } else {
                format!(" {note}")
            };
            out.push_str(&format!(
                "{}:{}:{}{note}\n",
                f.source.path, p.line, p.column
            ));
            let finding = Finding {
                d,
                source: &f.source,
            };
            let mut rendered = String::new();
            if handler.render_report(&mut rendered, &finding).is_ok() {
                out.push_str(&rendered);
            } else {
                out.push_str(&format!(
                    "  {}[{}] {}\n",
                    severity_label(d.severity),
                    d.code,
                    d.message
                ));
            }
            out.push('\n');
        }
        out.push_str(&more_of_the_same(f));
    }
    out.push_str(&summary_line(&Summary::of(files)));
    out
}

/// How many findings of one rule `pretty` shows per file: a draft pasted from a mirror site
/// has a half-width comma in every sentence, and a reviewer needs the pattern, not 150 copies.
pub const SHOWN_PER_RULE: usize = 3;

/// One line per rule whose findings in this file were cut after [`SHOWN_PER_RULE`].
fn more_of_the_same(f: &FileFindings) -> String {
    let mut counts: Vec<(&str, &str, usize, usize)> = Vec::new();
    for d in &f.diagnostics {
        match counts.iter_mut().find(|c| c.0 == d.code) {
            Some(c) => {
                c.2 += 1;
                c.3 += usize::from(d.fix.is_some());
            }
            None => counts.push((&d.code, &d.rule, 1, usize::from(d.fix.is_some()))),
        }
    }
    let mut out = String::new();
    for (code, rule, total, fixable) in counts {
        if total <= SHOWN_PER_RULE {
            continue;
        }
        let hidden = total - SHOWN_PER_RULE;
        let fix = if fixable == total {
            "，全部可用 --fix 一次修复".to_string()
        } else if fixable > 0 {
            format!("，其中 {fixable} 处可自动修复")
        } else {
            String::new()
        };
        out.push_str(&format!(
            "{}：{code}({rule}) 另有 {hidden} 处同类问题未逐一列出（共 {total} 处{fix}）；用 --format concise 或 json 查看全部\n\n",
            f.source.path
        ));
    }
    out
}
