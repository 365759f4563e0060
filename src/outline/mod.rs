//! How a reviewer sees a plan: its head (title, 发文字号, 成文日期, kind), its numbered items
//! and their levels, what each section is for, and which items and table rows are tasks.

pub mod header;
pub mod marker;
pub mod numbering;
pub mod section;
pub mod table;

use std::sync::LazyLock;

use regex::Regex;

pub use header::Header;
pub use marker::MarkerStyle;
pub use section::SectionKind;

use crate::input::{Block, BlockKind, Input};
use crate::normalize::MatchView;
use crate::source::{Source, Span};
use table::Column;

/// What kind of document this is; rules about plan elements apply to plans only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocKind {
    /// A plan, or a notice issuing a plan whose text follows.
    Plan,
    /// A notice whose body only gives instructions.
    Notice,
    /// 意见, 实施意见, 分工意见.
    Opinion,
    /// News of a meeting.
    Report,
    /// 讲话.
    Speech,
    #[default]
    Other,
}

impl DocKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DocKind::Plan => "plan",
            DocKind::Notice => "notice",
            DocKind::Opinion => "opinion",
            DocKind::Report => "report",
            DocKind::Speech => "speech",
            DocKind::Other => "other",
        }
    }

    /// Documents that assign work, so that their numbered items are tasks.
    fn assigns_tasks(self) -> bool {
        !matches!(self, DocKind::Report | DocKind::Speech)
    }
}

/// A numbered item: a heading on its own line, a run-in heading, or a numbered paragraph.
#[derive(Debug, Clone)]
pub struct Item {
    pub block: usize,
    /// The marker as written (original text).
    pub marker: Span,
    /// View offset in the block where the item's text starts (after the marker).
    pub text_start: usize,
    pub style: MarkerStyle,
    pub level: u8,
    pub value: u32,
    /// Its heading: the run-in title before the first 。, the whole line of a heading on its own
    /// line, or the first 20 characters of a long paragraph.
    pub title: Span,
    pub run_in: bool,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    /// The unnumbered blocks that follow it up to the next numbered item or table.
    pub body: Vec<usize>,
    /// What the section it belongs to is for.
    pub kind: Option<SectionKind>,
    /// Whether its own heading names that purpose (重点任务), rather than only its section's.
    pub named: bool,
    /// False for items of a cover notice that precedes the plan.
    pub in_plan: bool,
}

/// Where a task comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskOrigin {
    /// A leaf numbered item.
    Item(usize),
    /// An unnumbered paragraph of a task section that has no numbered items.
    Paragraph(usize),
    /// A row of a task table (block index).
    Row(usize),
}

/// The cells of a task-table row, by meaning.
#[derive(Debug, Clone, Default)]
pub struct RowCells {
    pub task: Option<Span>,
    pub lead: Option<Span>,
    pub support: Option<Span>,
    pub responsible: Option<Span>,
    pub deadline: Option<Span>,
}

/// A task as the outline sees it; the extractors add its units and deadline.
#[derive(Debug, Clone)]
pub struct Task {
    pub origin: TaskOrigin,
    /// The blocks of its text with the view offset where the text starts in each.
    pub parts: Vec<(usize, usize)>,
    pub marker: Option<Span>,
    pub title: Span,
    /// The top-level item (section) it belongs to.
    pub section: Option<usize>,
    /// Enclosing items, nearest first.
    pub ancestors: Vec<usize>,
    pub row: Option<RowCells>,
}

/// A read document: blocks, their matching views, head, items and tasks.
#[derive(Debug, Clone)]
pub struct Document {
    pub source: Source,
    pub blocks: Vec<Block>,
    pub views: Vec<MatchView>,
    pub header: Header,
    pub items: Vec<Item>,
    pub tasks: Vec<Task>,
    /// For each block, the top-level item it lies under.
    pub block_section: Vec<Option<usize>>,
}

impl Document {
    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.source.line(offset)
    }

    /// The original text of item `i`'s marker and title, e.g. “三、重点任务”.
    pub fn heading_text(&self, i: usize) -> &str {
        let it = &self.items[i];
        let span = Span::new(it.marker.start, it.title.end.max(it.marker.end));
        self.source.slice(span)
    }

    /// The plan year: from 成文日期, else the title, else the 发文字号.
    pub fn plan_year(&self) -> Option<i32> {
        static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(\d{4})").unwrap());
        let from = |s: &str| {
            YEAR.captures(s)
                .and_then(|c| c[1].parse::<i32>().ok())
                .filter(|y| (1949..=2200).contains(y))
        };
        let h = &self.header;
        h.date
            .as_ref()
            .and_then(|(_, iso)| from(iso))
            .or_else(|| h.title.as_ref().and_then(|(t, _)| from(t)))
            .or_else(|| h.doc_number.and_then(|s| from(self.text(s))))
    }
}

static LABEL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[（〔(]?(责任单位|牵头单位|配合单位|协办单位|参与单位|责任部门|牵头部门|配合部门|主责单位|责任主体|责任领导|牵头领导|完成时限|完成时间|整改时限|时间节点|时限要求|完成期限)[：:]").unwrap()
});

/// Is this block view a field line such as 责任单位：… or 完成时限：…?
pub fn is_label_line(view: &str) -> bool {
    LABEL_LINE.is_match(view)
}

/// Reads the outline of an input.
pub fn build(input: Input) -> Document {
    let Input { source, blocks } = input;
    let views: Vec<MatchView> = blocks
        .iter()
        .map(|b| MatchView::new(source.slice(b.span), b.span.start))
        .collect();
    let header = header::read(&source.text, &blocks, &views);
    let mut doc = Document {
        source,
        blocks,
        views,
        header,
        items: Vec::new(),
        tasks: Vec::new(),
        block_section: Vec::new(),
    };
    build_items(&mut doc);
    assign_kinds(&mut doc);
    collect_tasks(&mut doc);
    doc
}

fn build_items(doc: &mut Document) {
    let title_span = doc.header.title.as_ref().map(|(_, s)| *s);
    let plan_start = doc.header.plan_title_block;
    let mut stack: Vec<usize> = Vec::new();
    let mut current: Option<usize> = None;
    doc.block_section = vec![None; doc.blocks.len()];
    for i in 0..doc.blocks.len() {
        if Some(i) == plan_start {
            stack.clear();
            current = None;
        }
        let block = &doc.blocks[i];
        if title_span.is_some_and(|t| t.start <= block.span.start && block.span.end <= t.end) {
            continue;
        }
        if block.kind == BlockKind::TableRow {
            current = None;
            doc.block_section[i] = stack.first().copied();
            continue;
        }
        let view = &doc.views[i];
        if ends_body(&doc.views, i) {
            // The signature, 成文日期, 附件 and 抄送 lines belong to no item.
            current = None;
            doc.block_section[i] = stack.first().copied();
            continue;
        }
        let Some(m) = marker::find(view.text()) else {
            if let Some(c) = current {
                doc.items[c].body.push(i);
            }
            doc.block_section[i] = stack.first().copied();
            continue;
        };
        let level = m.style.level();
        while stack
            .last()
            .is_some_and(|&top| doc.items[top].level >= level)
        {
            stack.pop();
        }
        let parent = stack.last().copied();
        let idx = doc.items.len();
        let (title, run_in) = item_title(view, m.end);
        doc.items.push(Item {
            block: i,
            marker: view.to_original(m.start, m.end),
            text_start: m.end,
            style: m.style,
            level,
            value: m.value,
            title,
            run_in,
            parent,
            children: Vec::new(),
            body: Vec::new(),
            kind: None,
            named: false,
            in_plan: plan_start.is_none_or(|p| i > p),
        });
        if let Some(p) = parent {
            doc.items[p].children.push(idx);
        }
        stack.push(idx);
        current = Some(idx);
        doc.block_section[i] = stack.first().copied();
    }
}

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(附件[：:\d一二三四五六七八九十]|附件$|抄送[：:]|抄报[：:]|印发[：:]|联系人[：:]|（此件|此件公开|（此页无正文）)").unwrap()
});

/// Does block `i` close the text before it: a 成文日期 line, the signature just above one, or
/// the 附件/抄送 lines of a document's end?
fn ends_body(views: &[MatchView], i: usize) -> bool {
    let t = views[i].text();
    if header::is_date_line(t) || CLOSING.is_match(t) {
        return true;
    }
    let signature = t.chars().count() <= 30
        && !t.contains(['。', '，', '；', '：'])
        && marker::find(t).is_none();
    signature
        && views
            .get(i + 1)
            .is_some_and(|v| header::is_date_line(v.text()))
}

/// The title of an item whose text starts at view offset `from`, and whether it is run-in.
fn item_title(view: &MatchView, from: usize) -> (Span, bool) {
    let t = &view.text()[from..];
    let t_trim = t.trim_end_matches(['。', '：', '；', '，', ' ']);
    if let Some(end) = t.find(['。', '！', '？', '：']) {
        let title = &t[..end];
        let rest = t[end..].trim_start_matches(['。', '！', '？', '：']);
        if title.chars().count() <= 40 && !title.is_empty() {
            return (view.to_original(from, from + end), !rest.is_empty());
        }
    }
    if t_trim.chars().count() <= 40 {
        return (view.to_original(from, from + t_trim.len()), false);
    }
    let cut = t.char_indices().nth(20).map_or(t.len(), |(i, _)| i);
    (view.to_original(from, from + cut), true)
}

fn assign_kinds(doc: &mut Document) {
    let assigns = doc.header.kind.assigns_tasks();
    for i in 0..doc.items.len() {
        let it = &doc.items[i];
        let heading = {
            let v = &doc.views[it.block];
            let own = v.text()[it.text_start..].to_string();
            let end = own.find('。').unwrap_or(own.len());
            own[..end].to_string()
        };
        let named = section::classify(&heading);
        let kind = match it.parent {
            None => named.or(assigns.then_some(SectionKind::Tasks)),
            // Inside a task, step or safeguard section every item keeps its section's
            // purpose: a phase called 集中整治阶段 is still a step, not a measure.
            Some(p) => match doc.items[p].kind {
                pk @ Some(SectionKind::Tasks | SectionKind::Steps | SectionKind::Safeguards) => pk,
                pk => named.or(pk),
            },
        };
        doc.items[i].kind = kind;
        doc.items[i].named = named.is_some();
    }
}

fn collect_tasks(doc: &mut Document) {
    let mut tasks = Vec::new();
    let assigns = doc.header.kind.assigns_tasks();
    let mut b = 0;
    // Items and table rows in document order.
    let mut items = doc.items.iter().enumerate().peekable();
    while b < doc.blocks.len() {
        while let Some((i, it)) = items.peek().copied() {
            if it.block > b {
                break;
            }
            items.next();
            if assigns
                && it.in_plan
                && it.kind == Some(SectionKind::Tasks)
                && it.children.is_empty()
            {
                item_tasks(doc, i, &mut tasks);
            }
        }
        if doc.blocks[b].kind == BlockKind::TableRow
            && let Some(cols) = table_header(doc, b)
        {
            let mut r = b + 1;
            while r < doc.blocks.len() && doc.blocks[r].kind == BlockKind::TableRow {
                if let Some(t) = row_task(doc, r, &cols) {
                    tasks.push(t);
                }
                r += 1;
            }
            b = r;
            continue;
        }
        b += 1;
    }
    doc.tasks = tasks;
}

fn ancestors(doc: &Document, i: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut p = doc.items[i].parent;
    while let Some(x) = p {
        out.push(x);
        p = doc.items[x].parent;
    }
    out
}

fn item_tasks(doc: &Document, i: usize, tasks: &mut Vec<Task>) {
    let it = &doc.items[i];
    let section = Some(ancestors(doc, i).last().copied().unwrap_or(i));
    let standalone_section = it.parent.is_none() && !it.run_in;
    let paragraphs: Vec<usize> = it
        .body
        .iter()
        .copied()
        .filter(|&b| !is_label_line(doc.views[b].text()))
        .collect();
    if standalone_section && paragraphs.is_empty() && it.named {
        // A section heading such as 二、重点任务 with nothing under it: its tasks are in a
        // table or elsewhere.
        return;
    }
    if standalone_section && !paragraphs.is_empty() {
        // A task section without numbered items: each paragraph is a task.
        for b in paragraphs {
            let v = &doc.views[b];
            let (title, _) = item_title(v, 0);
            tasks.push(Task {
                origin: TaskOrigin::Paragraph(b),
                parts: vec![(b, 0)],
                marker: None,
                title,
                section,
                ancestors: vec![i],
                row: None,
            });
        }
        return;
    }
    let mut parts = vec![(it.block, it.text_start)];
    parts.extend(it.body.iter().map(|&b| (b, 0)));
    tasks.push(Task {
        origin: TaskOrigin::Item(i),
        parts,
        marker: Some(it.marker),
        title: it.title,
        section,
        ancestors: ancestors(doc, i),
        row: None,
    });
}

fn table_header(doc: &Document, b: usize) -> Option<Vec<Column>> {
    let cells: Vec<&str> = doc.blocks[b].cells.iter().map(|&c| doc.text(c)).collect();
    table::header(&cells)
}

fn row_task(doc: &Document, r: usize, cols: &[Column]) -> Option<Task> {
    let block = &doc.blocks[r];
    // A header row repeated where a table breaks across pages is not a task.
    if table_header(doc, r).is_some() {
        return None;
    }
    let mut cells = RowCells::default();
    let mut number = None;
    let mut measures = None;
    for (col, &span) in cols.iter().zip(&block.cells) {
        if span.is_empty() {
            continue;
        }
        match col {
            Column::Number => number = Some(span),
            Column::Task => cells.task = cells.task.or(Some(span)),
            Column::Measures => measures = measures.or(Some(span)),
            Column::Lead => cells.lead = Some(span),
            Column::Support => cells.support = Some(span),
            Column::Responsible => cells.responsible = Some(span),
            Column::Deadline => cells.deadline = Some(span),
            Column::Other => {}
        }
    }
    let task_cell = cells.task.or(measures)?;
    cells.task = Some(task_cell);
    let view = MatchView::new(doc.text(task_cell), task_cell.start);
    let (title, _) = item_title(&view, 0);
    Some(Task {
        origin: TaskOrigin::Row(r),
        parts: vec![(r, 0)],
        marker: number,
        title,
        section: doc.block_section[r],
        ancestors: Vec::new(),
        row: Some(cells),
    })
}
