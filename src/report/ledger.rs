//! The task ledger (任务清单 / 责任清单 / 时限清单) as JSON (DESIGN.md's versioned shape), CSV
//! and Markdown.

use serde::Serialize;

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

#[derive(Serialize)]
struct LedgerJson<'a> {
    version: u32,
    files: &'a [LedgerFile],
}

pub fn json(files: &[LedgerFile]) -> String {
    let mut s =
        serde_json::to_string_pretty(&LedgerJson { version: 1, files }).expect("ledger serialises");
    s.push('\n');
    s
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
