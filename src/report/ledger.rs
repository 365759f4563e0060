//! The task ledger (任务清单 / 责任清单 / 时限清单) as JSON (DESIGN.md's versioned shape), CSV
//! and Markdown.

use std::io::{self, Write};

use serde::Serialize;

use super::json::PrettyJson;
use crate::extract::{DeadlineKind, Facts, Role};
use crate::outline::Document;
use crate::source::Span;

#[derive(Debug, Serialize)]
pub struct LedgerFile {
    pub path: String,
    pub title: Option<String>,
    /// The title of the 通知 at the head (关于印发…的通知), when there is one.
    pub notice_title: Option<String>,
    /// 发文机关 as written.
    pub issuers: Vec<String>,
    pub kind: &'static str,
    pub doc_number: Option<String>,
    pub date: Option<String>,
    pub tasks: Vec<LedgerTask>,
    pub accountability: Vec<Quote>,
    pub targets: Vec<Quote>,
}

#[derive(Debug, Serialize)]
pub struct LedgerTask {
    pub id: usize,
    pub line: usize,
    pub marker: Option<String>,
    pub title: String,
    pub section: Option<String>,
    pub units: Vec<LedgerUnit>,
    pub deadline: Option<LedgerDeadline>,
}

#[derive(Debug, Serialize)]
pub struct LedgerUnit {
    pub name: String,
    pub role: &'static str,
    pub source: &'static str,
    pub generic: bool,
    pub line: usize,
    /// Where an inherited unit was carried over from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<Quote>,
}

#[derive(Debug, Serialize)]
pub struct LedgerDeadline {
    pub text: String,
    pub kind: &'static str,
    pub date: Option<String>,
    pub source: &'static str,
    pub line: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inherited_from: Option<Quote>,
}

#[derive(Debug, Serialize)]
pub struct Quote {
    pub line: usize,
    pub text: String,
}

impl LedgerFile {
    pub fn new(doc: &Document, facts: &Facts) -> Self {
        let text = |s: Span| doc.text(s).to_string();
        let quote = |s: &Span| Quote {
            line: doc.line(s.start),
            text: text(*s),
        };
        let tasks = doc
            .tasks
            .iter()
            .zip(&facts.tasks)
            .enumerate()
            .map(|(i, (task, f))| {
                let start = task.marker.map_or(task.title.start, |m| m.start);
                LedgerTask {
                    id: i + 1,
                    line: doc.line(start),
                    marker: task.marker.map(text),
                    title: text(task.title),
                    section: task.section.map(|s| doc.heading_text(s).to_string()),
                    units: f
                        .units
                        .iter()
                        .map(|u| LedgerUnit {
                            name: text(u.name),
                            role: u.role.as_str(),
                            source: u.source.as_str(),
                            generic: u.generic,
                            line: doc.line(u.name.start),
                            inherited_from: u.from.as_ref().map(quote),
                        })
                        .collect(),
                    deadline: f.deadline.as_ref().map(|d| LedgerDeadline {
                        text: text(d.span),
                        kind: d.kind.as_str(),
                        date: d.date.clone(),
                        source: d.source.as_str(),
                        line: doc.line(d.span.start),
                        inherited_from: d.from.as_ref().map(quote),
                    }),
                }
            })
            .collect();
        let h = &doc.header;
        LedgerFile {
            path: doc.source.path.clone(),
            title: h.title.as_ref().map(|(t, _)| t.clone()),
            notice_title: h.notice_title.as_ref().map(|(t, _)| t.clone()),
            issuers: h.issuers.iter().map(|(name, _)| name.clone()).collect(),
            kind: h.kind.as_str(),
            doc_number: h.doc_number_text.clone(),
            date: h.date.as_ref().map(|(_, iso)| iso.clone()),
            tasks,
            accountability: facts.accountability.iter().map(quote).collect(),
            targets: facts.targets.iter().map(quote).collect(),
        }
    }
}

pub fn json(files: &[LedgerFile]) -> String {
    super::json::to_string(|out| write_json(files, out))
}

/// The ledger as JSON, written as it is produced. The bytes are those
/// `serde_json::to_writer_pretty` gives for the structs above (the tests below hold the two
/// side by side), which cost a sixteenth of a whole `extract` run.
pub fn write_json(files: &[LedgerFile], w: impl Write) -> io::Result<()> {
    let mut j = PrettyJson::new(w);
    j.begin_files();
    for f in files {
        j.element();
        write_file(&mut j, f)?;
    }
    j.end(b']');
    j.end(b'}');
    j.finish()
}

fn write_file<W: Write>(j: &mut PrettyJson<W>, f: &LedgerFile) -> io::Result<()> {
    j.begin(b'{');
    j.key("path");
    j.string(&f.path);
    j.key("title");
    j.string_or_null(f.title.as_deref());
    j.key("notice_title");
    j.string_or_null(f.notice_title.as_deref());
    j.key("issuers");
    j.begin(b'[');
    for issuer in &f.issuers {
        j.element();
        j.string(issuer);
    }
    j.end(b']');
    j.key("kind");
    j.string(f.kind);
    j.key("doc_number");
    j.string_or_null(f.doc_number.as_deref());
    j.key("date");
    j.string_or_null(f.date.as_deref());
    j.key("tasks");
    j.begin(b'[');
    for t in &f.tasks {
        j.element();
        write_task(j, t);
        j.flush_if_full()?;
    }
    j.end(b']');
    write_quotes(j, "accountability", &f.accountability);
    write_quotes(j, "targets", &f.targets);
    j.end(b'}');
    Ok(())
}

fn write_task<W: Write>(j: &mut PrettyJson<W>, t: &LedgerTask) {
    j.begin(b'{');
    j.key("id");
    j.number(t.id);
    j.key("line");
    j.number(t.line);
    j.key("marker");
    j.string_or_null(t.marker.as_deref());
    j.key("title");
    j.string(&t.title);
    j.key("section");
    j.string_or_null(t.section.as_deref());
    j.key("units");
    j.begin(b'[');
    for u in &t.units {
        j.element();
        write_unit(j, u);
    }
    j.end(b']');
    j.key("deadline");
    match &t.deadline {
        Some(d) => write_deadline(j, d),
        None => j.null(),
    }
    j.end(b'}');
}

fn write_unit<W: Write>(j: &mut PrettyJson<W>, u: &LedgerUnit) {
    j.begin(b'{');
    j.key("name");
    j.string(&u.name);
    j.key("role");
    j.string(u.role);
    j.key("source");
    j.string(u.source);
    j.key("generic");
    j.boolean(u.generic);
    j.key("line");
    j.number(u.line);
    write_inherited_from(j, u.inherited_from.as_ref());
    j.end(b'}');
}

fn write_deadline<W: Write>(j: &mut PrettyJson<W>, d: &LedgerDeadline) {
    j.begin(b'{');
    j.key("text");
    j.string(&d.text);
    j.key("kind");
    j.string(d.kind);
    j.key("date");
    j.string_or_null(d.date.as_deref());
    j.key("source");
    j.string(d.source);
    j.key("line");
    j.number(d.line);
    write_inherited_from(j, d.inherited_from.as_ref());
    j.end(b'}');
}

/// Left out, not `null`, when the unit or deadline is the task's own.
fn write_inherited_from<W: Write>(j: &mut PrettyJson<W>, from: Option<&Quote>) {
    if let Some(q) = from {
        j.key("inherited_from");
        write_quote(j, q);
    }
}

fn write_quotes<W: Write>(j: &mut PrettyJson<W>, name: &str, quotes: &[Quote]) {
    j.key(name);
    j.begin(b'[');
    for q in quotes {
        j.element();
        write_quote(j, q);
    }
    j.end(b']');
}

fn write_quote<W: Write>(j: &mut PrettyJson<W>, q: &Quote) {
    j.begin(b'{');
    j.key("line");
    j.number(q.line);
    j.key("text");
    j.string(&q.text);
    j.end(b'}');
}

pub(crate) const COLUMNS: [&str; 8] = [
    "文件",
    "序号",
    "任务",
    "牵头单位",
    "配合/责任单位",
    "完成时限",
    "时限类型",
    "行号",
];

fn kind_label(kind: &str) -> &'static str {
    match kind {
        k if k == DeadlineKind::Date.as_str() => "明确日期",
        k if k == DeadlineKind::Recurring.as_str() => "周期性",
        k if k == DeadlineKind::Ongoing.as_str() => "长期",
        k if k == DeadlineKind::Vague.as_str() => "模糊",
        _ => "",
    }
}

/// One ledger row per task: the columns a reviewer files the 挂账销号 ledger under.
pub(crate) fn rows(files: &[LedgerFile]) -> Vec<[String; 8]> {
    let mut out = Vec::new();
    for f in files {
        for t in &f.tasks {
            let names = |want: &dyn Fn(&str) -> bool| {
                let v: Vec<&str> = t
                    .units
                    .iter()
                    .filter(|u| want(u.role))
                    .map(|u| u.name.as_str())
                    .collect();
                let inherited = t.units.iter().any(|u| u.source == "inherited");
                let mut s = v.join("、");
                if inherited && !s.is_empty() {
                    s.push_str("（承前）");
                }
                s
            };
            let lead = Role::Lead.as_str();
            let title = match &t.marker {
                // A bare row number (“1”) needs a space; 1. and （一） carry their own.
                Some(m) if m.ends_with(|c: char| c.is_alphanumeric()) => {
                    format!("{m} {}", t.title)
                }
                Some(m) => format!("{m}{}", t.title),
                None => t.title.clone(),
            };
            out.push([
                f.path.clone(),
                t.id.to_string(),
                title,
                names(&|r| r == lead),
                names(&|r| r != lead),
                t.deadline
                    .as_ref()
                    .map_or(String::new(), |d| d.text.clone()),
                t.deadline
                    .as_ref()
                    .map_or("未明确", |d| kind_label(d.kind))
                    .to_string(),
                t.line.to_string(),
            ]);
        }
    }
    out
}

pub fn csv(files: &[LedgerFile]) -> String {
    let field = |s: &str| {
        if s.contains([',', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    };
    let mut out = COLUMNS.join(",");
    out.push('\n');
    for row in rows(files) {
        let cells: Vec<String> = row.iter().map(|c| field(c)).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// The head of a file under its title: the cover notice's title, 发文机关, 发文字号.
fn head_line(f: &LedgerFile) -> String {
    let mut parts = Vec::new();
    if let Some(n) = f
        .notice_title
        .as_ref()
        .filter(|n| f.title.as_ref() != Some(*n))
    {
        parts.push(format!("印发通知：{n}"));
    }
    if !f.issuers.is_empty() {
        parts.push(format!("发文机关：{}", f.issuers.join("、")));
    }
    if let Some(n) = &f.doc_number {
        parts.push(format!("发文字号：{n}"));
    }
    parts.join("；")
}

pub fn markdown(files: &[LedgerFile]) -> String {
    let cell = |s: &str| s.replace('|', "\\|").replace('\n', " ");
    let mut out = String::new();
    for f in files {
        let title = f.title.as_deref().unwrap_or("（无标题）");
        out.push_str(&format!("## {title}\n\n"));
        let head = head_line(f);
        if !head.is_empty() {
            out.push_str(&format!("{head}\n\n"));
        }
        out.push_str(&format!("`{}`", f.path));
        if f.tasks.is_empty() {
            out.push_str("：未识别到任务。\n\n");
            continue;
        }
        out.push_str(&format!("，共 {} 项任务。\n\n", f.tasks.len()));
        out.push_str(&format!("| {} |\n", COLUMNS[1..].join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(COLUMNS.len() - 1)));
        for row in rows(std::slice::from_ref(f)) {
            let cells: Vec<String> = row[1..].iter().map(|c| cell(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::json::FLUSH_AT;

    /// What the ledger was before it was written by hand: the reference for its bytes.
    fn reference_json(files: &[LedgerFile]) -> String {
        #[derive(Serialize)]
        struct LedgerJson<'a> {
            version: u32,
            files: &'a [LedgerFile],
        }
        serde_json::to_string_pretty(&LedgerJson { version: 1, files }).unwrap() + "\n"
    }

    fn fixtures() -> Vec<LedgerFile> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
            .collect();
        paths.sort();
        paths
            .iter()
            .filter_map(|p| crate::input::read_path(p).ok())
            .map(|input| {
                let doc = crate::outline::build(input);
                LedgerFile::new(&doc, &crate::extract::extract(&doc))
            })
            .collect()
    }

    /// `extract` frees the matching views before it builds the ledger, to keep them out of its
    /// peak: the ledger must not read them.
    #[test]
    fn the_ledger_does_not_need_the_matching_views() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
        let mut n = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let Ok(input) = crate::input::read_path(&path) else {
                continue;
            };
            let mut doc = crate::outline::build(input);
            let facts = crate::extract::extract(&doc);
            let whole = json(&[LedgerFile::new(&doc, &facts)]);
            doc.trim_after_extraction();
            assert!(doc.views.is_empty());
            let trimmed = json(&[LedgerFile::new(&doc, &facts)]);
            assert_eq!(trimmed, whole, "{}", path.display());
            n += 1;
        }
        assert!(n > 10, "{n} fixtures");
    }

    fn quote(line: usize, text: &str) -> Quote {
        Quote {
            line,
            text: text.into(),
        }
    }

    /// Every member present and absent, every control character, quotes and backslashes.
    fn awkward() -> LedgerFile {
        let odd: String = (0u8..0x20).map(char::from).collect::<String>() + "\"引\"\\号\u{7f}𠀀";
        let unit = |inherited_from| LedgerUnit {
            name: odd.clone(),
            role: "lead",
            source: "inherited",
            generic: true,
            line: 3,
            inherited_from,
        };
        let task = |deadline| LedgerTask {
            id: 1,
            line: 2,
            marker: Some("（一）".into()),
            title: odd.clone(),
            section: None,
            units: vec![unit(None), unit(Some(quote(1, &odd)))],
            deadline,
        };
        let deadline = |date: Option<&str>, inherited_from| LedgerDeadline {
            text: "2025年底前\t".into(),
            kind: "date",
            date: date.map(str::to_string),
            source: "own",
            line: 4,
            inherited_from,
        };
        LedgerFile {
            path: "甲\\\"乙\".txt".into(),
            title: Some(odd.clone()),
            notice_title: None,
            issuers: vec!["市政府".into(), odd.clone()],
            kind: "plan",
            doc_number: None,
            date: Some("2025-01-01".into()),
            tasks: vec![
                task(None),
                task(Some(deadline(Some("2025-12-31"), None))),
                task(Some(deadline(None, Some(quote(9, "同上"))))),
                LedgerTask {
                    units: Vec::new(),
                    marker: None,
                    ..task(None)
                },
            ],
            accountability: vec![quote(5, &odd)],
            targets: Vec::new(),
        }
    }

    fn bare(path: &str) -> LedgerFile {
        LedgerFile {
            path: path.into(),
            title: None,
            notice_title: None,
            issuers: Vec::new(),
            kind: "unknown",
            doc_number: None,
            date: None,
            tasks: Vec::new(),
            accountability: Vec::new(),
            targets: Vec::new(),
        }
    }

    #[test]
    fn json_matches_serde_pretty_output_on_the_fixtures() {
        let files = fixtures();
        assert!(files.len() > 10);
        assert_eq!(json(&files), reference_json(&files));
    }

    #[test]
    fn json_matches_serde_pretty_output_on_awkward_values() {
        let files = [awkward(), bare("空.txt"), awkward()];
        assert_eq!(json(&files), reference_json(&files));
        assert_eq!(json(&[]), reference_json(&[]));
    }

    /// Enough tasks that the writer hands its buffer on several times on the way.
    #[test]
    fn json_of_many_tasks_matches_serde() {
        let mut file = awkward();
        while file.tasks.len() < 3 * FLUSH_AT / 256 {
            file.tasks.extend(awkward().tasks);
        }
        let files = [file];
        assert_eq!(json(&files), reference_json(&files));
    }
}
