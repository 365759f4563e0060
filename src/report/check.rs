//! `planlint check` output: `pretty` (miette), `concise` (one line per finding) and `json`
//! (DESIGN.md's versioned shape: 1-based lines, character columns, byte spans).

use std::collections::HashMap;
use std::fmt;
use std::io::{self, Write};
use std::sync::Arc;

use serde::Serialize;

use super::json::PrettyJson;
use crate::diagnostic::{Diagnostic, Fix};
use crate::rules::{Applicability, Severity};
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

pub fn json(files: &[FileFindings]) -> String {
    super::json::to_string(|out| write_json(files, out))
}

/// The JSON report written as it is produced, straight from the findings, so that a file
/// with hundreds of thousands of findings never holds its report, or a copy of every
/// finding, as well. The bytes are those `serde_json::to_writer_pretty` gave for the same
/// shape (the tests below hold the two side by side): serde's generic serialiser took 7–9 %
/// of a whole run on a large file.
pub fn write_json(files: &[FileFindings], w: impl Write) -> io::Result<()> {
    let mut report = JsonReport::begin(w);
    for f in files {
        report.file(f)?;
    }
    report.finish(&Summary::of(files))
}

/// The JSON report a file at a time: [`write_json`] in steps, for a caller that has each
/// file's part before it has them all, possibly rendered elsewhere by [`file_json`].
pub struct JsonReport<W: Write> {
    j: PrettyJson<W>,
}

/// How deep a file's object sits in the report: in `files`, in the report's object.
const FILE_DEPTH: usize = 2;

impl<W: Write> JsonReport<W> {
    pub fn begin(w: W) -> Self {
        let mut j = PrettyJson::new(w);
        j.begin_files();
        debug_assert_eq!(j.depth(), FILE_DEPTH);
        JsonReport { j }
    }

    /// Writes file `f`'s part.
    pub fn file(&mut self, f: &FileFindings) -> io::Result<()> {
        self.j.element();
        write_file(&mut self.j, f)
    }

    /// Writes a file's part that [`file_json`] rendered.
    pub fn rendered_file(&mut self, part: &[u8]) -> io::Result<()> {
        self.j.element();
        self.j.raw(part);
        self.j.flush_if_full()
    }

    pub fn finish(mut self, summary: &Summary) -> io::Result<()> {
        self.j.end(b']');
        self.j.key("summary");
        write_summary(&mut self.j, summary);
        self.j.end(b'}');
        self.j.finish()
    }
}

/// File `f`'s part of the JSON report, as [`JsonReport::file`] writes it: for a thread that
/// checked the file to render while others check the rest.
pub fn file_json(f: &FileFindings) -> Vec<u8> {
    let mut j = PrettyJson::nested(Vec::new(), FILE_DEPTH);
    // Writing into memory does not fail.
    let _ = write_file(&mut j, f);
    j.into_bytes()
}

fn write_file<W: Write>(j: &mut PrettyJson<W>, f: &FileFindings) -> io::Result<()> {
    j.begin(b'{');
    j.key("path");
    j.string(&f.source.path);
    j.key("diagnostics");
    j.begin(b'[');
    for d in &f.diagnostics {
        j.element();
        write_diagnostic(j, &f.source, d);
        j.flush_if_full()?;
    }
    j.end(b']');
    j.end(b'}');
    Ok(())
}

fn write_diagnostic<W: Write>(j: &mut PrettyJson<W>, source: &Source, d: &Diagnostic) {
    j.begin(b'{');
    j.key("rule");
    j.string(&d.rule);
    j.key("code");
    j.string(&d.code);
    j.key("severity");
    j.string(d.severity.as_str());
    j.key("message");
    j.string(&d.message);
    j.key("help");
    j.string_or_null(d.help.as_deref());
    write_place(j, source, d.span);
    j.key("fix");
    match &d.fix {
        Some(fix) => write_fix(j, source, fix),
        None => j.null(),
    }
    j.end(b'}');
}

/// The `span`, `start` and `end` members every finding and every edit has.
fn write_place<W: Write>(j: &mut PrettyJson<W>, source: &Source, span: Span) {
    j.key("span");
    j.begin(b'{');
    j.key("start");
    j.number(span.start);
    j.key("end");
    j.number(span.end);
    j.end(b'}');
    j.key("start");
    write_position(j, source.position(span.start));
    j.key("end");
    write_position(j, source.position(span.end));
}

fn write_position<W: Write>(j: &mut PrettyJson<W>, p: Position) {
    j.begin(b'{');
    j.key("line");
    j.number(p.line);
    j.key("column");
    j.number(p.column);
    j.end(b'}');
}

fn write_fix<W: Write>(j: &mut PrettyJson<W>, source: &Source, fix: &Fix) {
    j.begin(b'{');
    j.key("applicability");
    j.string(applicability_name(fix.applicability));
    j.key("edits");
    j.begin(b'[');
    for e in &fix.edits {
        j.element();
        j.begin(b'{');
        write_place(j, source, e.span);
        j.key("replacement");
        j.string(&e.replacement);
        j.end(b'}');
    }
    j.end(b']');
    j.end(b'}');
}

fn applicability_name(a: Applicability) -> &'static str {
    match a {
        Applicability::Safe => "safe",
        Applicability::Unsafe => "unsafe",
    }
}

fn write_summary<W: Write>(j: &mut PrettyJson<W>, s: &Summary) {
    j.begin(b'{');
    for (name, n) in [
        ("files", s.files),
        ("errors", s.errors),
        ("warnings", s.warnings),
        ("infos", s.infos),
        ("fixable", s.fixable),
        ("fixed", s.fixed),
    ] {
        j.key(name);
        j.number(n);
    }
    j.end(b'}');
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Edit;
    use crate::report::json::FLUSH_AT;

    /// The report as serde_json printed it before the writer above: the reference the
    /// writer's bytes must match.
    mod reference {
        use super::*;

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
        struct JsonEdit<'a> {
            span: Span,
            start: JsonPos,
            end: JsonPos,
            replacement: &'a str,
        }

        #[derive(Serialize)]
        struct JsonFix<'a> {
            applicability: &'static str,
            edits: Vec<JsonEdit<'a>>,
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
            fix: Option<JsonFix<'a>>,
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

        fn fix<'a>(source: &Source, fix: &'a Fix) -> JsonFix<'a> {
            JsonFix {
                applicability: applicability_name(fix.applicability),
                edits: fix
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        span: e.span,
                        start: source.position(e.span.start).into(),
                        end: source.position(e.span.end).into(),
                        replacement: &e.replacement,
                    })
                    .collect(),
            }
        }

        fn diagnostic<'a>(source: &Source, d: &'a Diagnostic) -> JsonDiagnostic<'a> {
            JsonDiagnostic {
                rule: &d.rule,
                code: &d.code,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                span: d.span,
                start: source.position(d.span.start).into(),
                end: source.position(d.span.end).into(),
                fix: d.fix.as_ref().map(|f| fix(source, f)),
            }
        }

        pub fn json(files: &[FileFindings]) -> String {
            let report = JsonReport {
                version: 1,
                files: files
                    .iter()
                    .map(|f| JsonFile {
                        path: &f.source.path,
                        diagnostics: f
                            .diagnostics
                            .iter()
                            .map(|d| diagnostic(&f.source, d))
                            .collect(),
                    })
                    .collect(),
                summary: Summary::of(files),
            };
            serde_json::to_string_pretty(&report).unwrap() + "\n"
        }
    }

    fn finding(code: &str, severity: Severity, span: Span, message: &str) -> Diagnostic {
        Diagnostic {
            rule: format!("rule-{code}").into(),
            code: code.into(),
            severity,
            message: message.into(),
            help: None,
            span,
            fix: None,
        }
    }

    fn fix(applicability: Applicability, edits: &[(Span, &str)]) -> Option<Fix> {
        Some(Fix {
            edits: edits
                .iter()
                .map(|&(span, r)| Edit {
                    span,
                    replacement: r.into(),
                })
                .collect(),
            applicability,
        })
    }

    /// Every control character, the two JSON quotes, DEL and text outside the BMP.
    fn awkward_text() -> String {
        let mut s: String = (0u8..0x20).map(char::from).collect();
        s.push_str("\"引号\"\\反斜杠/\u{7f}\u{2028}𠀀");
        s
    }

    fn files() -> Vec<FileFindings> {
        let text = "一、总体要求\n\t到2025年,完成“任务”。\r\n（一）加强组织领导。\n";
        let source = Arc::new(Source::new("plans/甲 \"方案\"\\1.txt", text));
        let comma = text.find(',').unwrap();
        let mut with_help = finding(
            "PL201",
            Severity::Warning,
            Span::new(comma, comma + 1),
            "标点“,”应为全角",
        );
        with_help.help = Some("改为“，”\n再看一遍\t".into());
        with_help.fix = fix(Applicability::Safe, &[(Span::new(comma, comma + 1), "，")]);
        let mut several_edits = finding(
            "PL105",
            Severity::Error,
            Span::new(0, text.len()),
            &awkward_text(),
        );
        several_edits.fix = fix(
            Applicability::Unsafe,
            &[(Span::new(0, 3), ""), (Span::new(3, 6), &awkward_text())],
        );
        let mut no_edits = finding(
            "PL300",
            Severity::Info,
            Span::new(text.len(), text.len()),
            "",
        );
        no_edits.fix = fix(Applicability::Safe, &[]);
        let first = FileFindings {
            source,
            diagnostics: vec![with_help, several_edits, no_edits],
            fixed: 2,
        };
        let clean = FileFindings {
            source: Arc::new(Source::new("clean.md", "")),
            diagnostics: Vec::new(),
            fixed: 0,
        };
        let other = Arc::new(Source::new("b.txt", "x\u{1}y"));
        let last = FileFindings {
            source: other,
            diagnostics: vec![finding("PL001", Severity::Error, Span::new(1, 2), "\u{1}")],
            fixed: 0,
        };
        vec![first, clean, last]
    }

    #[test]
    fn json_matches_serde_pretty_output() {
        let files = files();
        assert_eq!(json(&files), reference::json(&files));
    }

    #[test]
    fn json_of_no_files_and_of_files_without_findings_matches_serde() {
        assert_eq!(json(&[]), reference::json(&[]));
        let clean = files().swap_remove(1);
        let two = [clean.clone(), clean];
        assert_eq!(json(&two), reference::json(&two));
    }

    /// Parts rendered apart, as the threads of a folder check render them, make the report
    /// written in one go: indented for where they go, commas between them, none after.
    #[test]
    fn a_report_of_parts_rendered_apart_is_the_report_written_in_one_go() {
        let files = files();
        for n in 0..=files.len() {
            let some = &files[..n];
            let mut out = Vec::new();
            let mut report = JsonReport::begin(&mut out);
            for f in some {
                report.rendered_file(&file_json(f)).unwrap();
            }
            report.finish(&Summary::of(some)).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), json(some), "{n} files");
        }
    }

    /// Enough findings that the writer hands its buffer on several times on the way.
    #[test]
    fn json_of_many_findings_matches_serde() {
        let mut file = files().swap_remove(0);
        let one = file.diagnostics.clone();
        while file.diagnostics.len() < 3 * FLUSH_AT / 256 {
            file.diagnostics.extend(one.iter().cloned());
        }
        let files = [file];
        assert_eq!(json(&files), reference::json(&files));
    }
}
