//! `planlint outline`: title, kind, 发文字号, 成文日期, numbered headings and tasks per file.

use serde::Serialize;

use crate::outline::{Document, MarkerStyle};

#[derive(Debug, Serialize)]
pub struct OutlineFile {
    pub path: String,
    pub title: Option<String>,
    /// The title of the 通知 at the head (关于印发…的通知), when there is one.
    pub notice_title: Option<String>,
    /// 发文机关 as written.
    pub issuers: Vec<String>,
    pub kind: &'static str,
    pub doc_number: Option<String>,
    pub date: Option<String>,
    pub encoding: &'static str,
    /// Whether the file starts with a byte-order mark (kept when `check --fix` writes it).
    pub bom: bool,
    pub headings: Vec<Heading>,
    pub tasks: Vec<TaskLine>,
}

#[derive(Debug, Serialize)]
pub struct Heading {
    pub line: usize,
    pub marker: String,
    pub level: u8,
    pub text: String,
    pub section_kind: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct TaskLine {
    pub id: usize,
    pub line: usize,
    pub marker: Option<String>,
    pub title: String,
}

impl OutlineFile {
    pub fn new(doc: &Document) -> Self {
        let h = &doc.header;
        let headings = doc
            .items
            .iter()
            .filter(|i| i.style != MarkerStyle::RunIn)
            .map(|i| Heading {
                line: doc.line(i.marker.start),
                marker: doc.text(i.marker).to_string(),
                level: i.level,
                text: doc.text(i.title).to_string(),
                section_kind: i.kind.map(|k| k.as_str()),
            })
            .collect();
        let tasks = doc
            .tasks
            .iter()
            .enumerate()
            .map(|(n, t)| TaskLine {
                id: n + 1,
                line: doc.line(t.marker.map_or(t.title.start, |m| m.start)),
                marker: t.marker.map(|m| doc.text(m).to_string()),
                title: doc.text(t.title).to_string(),
            })
            .collect();
        OutlineFile {
            path: doc.source.path.clone(),
            title: h.title.as_ref().map(|(t, _)| t.clone()),
            notice_title: h.notice_title.as_ref().map(|(t, _)| t.clone()),
            issuers: h.issuers.iter().map(|(name, _)| name.clone()).collect(),
            kind: h.kind.as_str(),
            doc_number: h.doc_number_text.clone(),
            date: h.date.as_ref().map(|(_, iso)| iso.clone()),
            encoding: doc.source.encoding.name(),
            bom: doc.source.encoding.bom,
            headings,
            tasks,
        }
    }
}

#[derive(Serialize)]
struct OutlineJson<'a> {
    version: u32,
    files: &'a [OutlineFile],
}

pub fn json(files: &[OutlineFile]) -> String {
    let mut s = serde_json::to_string_pretty(&OutlineJson { version: 1, files })
        .expect("outline serialises");
    s.push('\n');
    s
}

pub fn text(files: &[OutlineFile]) -> String {
    let mut out = String::new();
    for f in files {
        out.push_str(&format!("{}\n", f.path));
        out.push_str(&format!(
            "  标题：{}\n",
            f.title.as_deref().unwrap_or("（未识别）")
        ));
        if let Some(n) = f
            .notice_title
            .as_ref()
            .filter(|n| f.title.as_ref() != Some(*n))
        {
            out.push_str(&format!("  印发通知：{n}\n"));
        }
        if !f.issuers.is_empty() {
            out.push_str(&format!("  发文机关：{}\n", f.issuers.join("、")));
        }
        out.push_str(&format!("  类型：{}\n", f.kind));
        out.push_str(&format!(
            "  编码：{}{}\n",
            f.encoding,
            if f.bom { "（带 BOM）" } else { "" }
        ));
        if let Some(n) = &f.doc_number {
            out.push_str(&format!("  发文字号：{n}\n"));
        }
        if let Some(d) = &f.date {
            out.push_str(&format!("  成文日期：{d}\n"));
        }
        for h in &f.headings {
            let indent = "  ".repeat(h.level as usize);
            let kind = h.section_kind.map_or(String::new(), |k| format!("  [{k}]"));
            out.push_str(&format!(
                "{:>6}  {indent}{}{}{kind}\n",
                h.line, h.marker, h.text
            ));
        }
        out.push_str(&format!("  任务：{} 项\n\n", f.tasks.len()));
    }
    out
}
