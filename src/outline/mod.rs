//! How a reviewer sees a plan: its head (title, 发文字号, 成文日期, kind), its numbered items
//! and their levels, what each section is for, and which items and table rows are tasks.

pub mod header;
pub mod marker;
pub mod numbering;
pub mod section;
pub mod table;
mod task;

use std::sync::LazyLock;

use regex::Regex;

pub use header::Header;
pub use marker::MarkerStyle;
pub use section::SectionKind;

use crate::input::{Block, BlockKind, Input};
use crate::memo::TextMemo;
use crate::normalize::MatchView;
use crate::source::{Source, Span};

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

    /// Documents that assign work, so that their numbered items are tasks unless their
    /// section says otherwise. Other documents have tasks only where their text shows them.
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
    /// The nearest enclosing item; the others are its parents (see [`Document::ancestors`]).
    pub enclosing: Option<usize>,
    /// Boxed: few tasks are table rows, and five spans inline would make every task twice
    /// the size.
    pub row: Option<Box<RowCells>>,
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
    /// Item `nearest` and the items enclosing it, nearest first: a task's enclosing items
    /// when given its [`Task::enclosing`].
    pub fn ancestors(&self, nearest: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        std::iter::successors(nearest, |&x| self.items[x].parent)
    }

    pub fn text(&self, span: Span) -> &str {
        self.source.slice(span)
    }

    pub fn line(&self, offset: usize) -> usize {
        self.source.line(offset)
    }

    /// Frees what nothing after extraction needs — rules and the ledger — before they build
    /// their values beside the document: the blocks' matching views (outline and extraction
    /// read them, nothing else does; the views of blocks that folding changes copy their
    /// text). The item and task lists were trimmed when the outline was done.
    pub fn trim_after_extraction(&mut self) {
        self.views = Vec::new();
    }

    /// The original text of item `i`'s marker and title, e.g. “三、重点任务”.
    pub fn heading_text(&self, i: usize) -> &str {
        let it = &self.items[i];
        let span = Span::new(it.marker.start, it.title.end.max(it.marker.end));
        self.source.slice(span)
    }

    /// The plan year: from 成文日期, else the title, else the 发文字号.
    pub fn plan_year(&self) -> Option<i32> {
        static YEAR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"([0-9]{4})").unwrap());
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
    Regex::new(r"^[（〔(]?(责任单位|牵头单位|牵头责任单位|协同责任单位|主要责任单位|协同配合单位|协同单位|配合责任单位|责任处室|配合单位|协办单位|参与单位|责任部门|牵头部门|配合部门|主责单位|责任主体|责任领导|牵头领导|完成时限|完成时间|整改时限|时间节点|时限要求|完成期限)[：:]").unwrap()
});

/// Is this block view a field line such as 责任单位：… or 完成时限：…?
pub fn is_label_line(view: &str) -> bool {
    LABEL_LINE.is_match(view)
}

/// Reads the outline of an input.
pub fn build(input: Input) -> Document {
    build_with(input, &mut Memo::default())
}

/// What reading the outline keeps between versions of an open document: each block's matching
/// view, folded once for its text, its numbering marker, what its heading names and whether
/// an item's text carries a field (see [`crate::memo`]).
#[derive(Debug, Default)]
pub struct Memo {
    /// By block text: what is kept of its view, in one lookup.
    views: TextMemo<KeptView>,
}

/// A block's view taken at offset 0, whether that is the block's text itself, and what the
/// outline reads in it.
#[derive(Debug)]
struct KeptView {
    view: MatchView,
    itself: bool,
    shape: Shape,
}

/// What building the outline asks of each block's view: the numbering marker it starts
/// with, and whether it is a 附件/抄送 line, a 成文日期 line or could be a signature. Asked
/// once per block text, not by each step that needs it (a block met the steps five regexes).
#[derive(Debug, Clone, Copy)]
struct Shape {
    marker: Option<marker::MarkerMatch>,
    /// With a marker, what the block says as the item it would start.
    item: Option<ItemShape>,
    closing: bool,
    date_line: bool,
    /// Short, without sentence punctuation or a marker: a signature, when a date line
    /// follows.
    signature_like: bool,
}

impl Shape {
    fn of(view: &str) -> Shape {
        let marker = marker::find(view);
        Shape {
            marker,
            item: marker.map(|m| ItemShape::read(view, m.end)),
            closing: CLOSING.is_match(view),
            date_line: header::is_date_line(view),
            signature_like: marker.is_none()
                && !view.contains(['。', '，', '；', '：'])
                && view.chars().count() <= 30,
        }
    }
}

/// What a block that starts with a numbering marker says as an item, read with the rest of
/// its [`Shape`]: a re-check then asks no memo of its own for any of it.
#[derive(Debug, Clone, Copy)]
pub(super) struct ItemShape {
    title: ItemTitle,
    /// What its heading, its text up to the first 。, names its section for.
    purpose: Option<SectionKind>,
    /// Whether its own text carries a field (责任单位：…, （县水利局牵头）).
    inline_field: bool,
}

impl ItemShape {
    /// The item whose text starts at offset `from` of `view`, after its marker.
    fn read(view: &str, from: usize) -> ItemShape {
        let own = &view[from..];
        ItemShape {
            title: ItemTitle::read(view, from),
            purpose: section::classify(heading(own)),
            inline_field: task::has_inline_field(own),
        }
    }
}

impl Memo {
    /// A memo that keeps its views, markers and purposes between runs.
    pub fn on() -> Self {
        Memo {
            views: TextMemo::on(),
        }
    }

    /// Ends a run: forgets what blocks the document no longer has held.
    pub fn sweep(&mut self) {
        self.views.sweep();
    }

    /// The view of `source[base..]`, which is `text`, and its shape.
    fn view(
        &mut self,
        source: &std::sync::Arc<str>,
        text: &str,
        base: usize,
    ) -> (MatchView, Shape) {
        if !self.views.is_on() {
            let view = MatchView::new(text, base).sharing(source, base);
            let shape = Shape::of(view.text());
            return (view, shape);
        }
        let compute = || {
            let view = MatchView::new(text, 0);
            KeptView {
                itself: view.reads_as(text, 0),
                shape: Shape::of(view.text()),
                view,
            }
        };
        // Most blocks of a Simplified plan read as written: their view is a stretch of the
        // source, made without copying the view kept.
        self.views.with(text, compute, |kept| {
            let view = match kept.itself {
                true => MatchView::of_original(source, base..base + text.len()),
                false => kept.view.rebased(base).sharing(source, base),
            };
            (view, kept.shape)
        })
    }
}

/// [`build`], reusing and keeping the views in `memo`.
pub fn build_with(input: Input, memo: &mut Memo) -> Document {
    let Input { source, blocks } = input;
    let blocks = table::join_cell_lines(&source.text, blocks);
    let (views, shapes): (Vec<MatchView>, Vec<Shape>) = blocks
        .iter()
        .map(|b| memo.view(&source.text, source.slice(b.span), b.span.start))
        .unzip();
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
    let item_shapes = build_items(&mut doc, &shapes);
    assign_kinds(&mut doc, &item_shapes);
    task::collect_tasks(&mut doc, &item_shapes);
    notice_carrying_task_table(&mut doc);
    // Growing by doubling left up to half of each list free; the lists are complete now and
    // live through extraction, at the peak of a large file's reading.
    doc.items.shrink_to_fit();
    doc.tasks.shrink_to_fit();
    doc
}

/// A notice that hands over a task table (现将…重点任务分解印发给你们, then 序号 / 重点工作任务 /
/// 责任单位 rows) carries a plan: the head alone cannot tell, the rows can.
fn notice_carrying_task_table(doc: &mut Document) {
    if doc.header.kind == DocKind::Notice && doc.tasks.iter().any(|t| t.row.is_some()) {
        doc.header.kind = DocKind::Plan;
    }
}

/// `shapes`: by block, what its view is like. Returns, by item, its [`ItemShape`].
fn build_items(doc: &mut Document, shapes: &[Shape]) -> Vec<ItemShape> {
    let title_span = doc.header.title.as_ref().map(|(_, s)| *s);
    let plan_start = doc.header.plan_title_block;
    // Items are blocks with a marker: room for each is made at once rather than by
    // copying the list as it doubles.
    let marked = shapes.iter().filter(|s| s.marker.is_some()).count();
    doc.items.reserve(marked);
    let mut item_shapes = Vec::with_capacity(marked);
    let mut stack: Vec<usize> = Vec::new();
    let mut current: Option<usize> = None;
    let mut after_attachments = false;
    doc.block_section = vec![None; doc.blocks.len()];
    for i in 0..doc.blocks.len() {
        if Some(i) == plan_start {
            stack.clear();
            current = None;
        }
        let block = &doc.blocks[i];
        let attachment_entry =
            after_attachments && is_attachment_entry(doc.views[i].text(), shapes[i].marker);
        after_attachments = attachment_entry || shapes[i].closing;
        if title_span.is_some_and(|t| t.start <= block.span.start && block.span.end <= t.end) {
            continue;
        }
        if block.kind == BlockKind::TableRow {
            current = None;
            doc.block_section[i] = stack.first().copied();
            continue;
        }
        let view = &doc.views[i];
        if attachment_entry || ends_body(shapes, i) {
            // The signature, 成文日期, 附件 and 抄送 lines belong to no item, nor do the
            // further entries of a 附件：1.… 2.… list.
            current = None;
            doc.block_section[i] = stack.first().copied();
            continue;
        }
        let (Some(m), Some(item)) = (shapes[i].marker, shapes[i].item) else {
            if let Some(c) = current {
                if closes_fielded_item(&doc.views, &doc.items[c], i) {
                    // A remark after a measure's 责任单位/完成时限 lines addresses the
                    // whole list, not that measure.
                    current = None;
                } else {
                    doc.items[c].body.push(i);
                }
            }
            doc.block_section[i] = stack.first().copied();
            continue;
        };
        let style = continued_style(&doc.items, &stack, view.text(), m);
        let level = style.level();
        while stack
            .last()
            .is_some_and(|&top| doc.items[top].level >= level)
        {
            stack.pop();
        }
        let parent = stack.last().copied();
        let idx = doc.items.len();
        doc.items.push(Item {
            block: i,
            marker: view.to_original(m.start, m.end),
            text_start: m.end,
            style,
            level,
            value: m.value,
            title: item.title.in_original(view),
            run_in: item.title.run_in,
            parent,
            children: Vec::new(),
            body: Vec::new(),
            kind: None,
            named: false,
            in_plan: plan_start.is_none_or(|p| i > p),
        });
        item_shapes.push(item);
        if let Some(p) = parent {
            doc.items[p].children.push(idx);
        }
        stack.push(idx);
        current = Some(idx);
        doc.block_section[i] = stack.first().copied();
    }
    item_shapes
}

static CLOSING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(附件[：:0-9一二三四五六七八九十]|附件$|抄送[：:]|抄报[：:]|印发[：:]|联系人[：:]|（此件|此件公开|（此页无正文）)").unwrap()
});

/// Does block `i` close the text before it: a 成文日期 line, the signature just above one, or
/// the 附件/抄送 lines of a document's end?
fn ends_body(shapes: &[Shape], i: usize) -> bool {
    let s = shapes[i];
    s.date_line
        || s.closing
        || (s.signature_like && shapes.get(i + 1).is_some_and(|next| next.date_line))
}

/// A further entry of an attachment list (2.东湖市重污染天气应急预案): a numbered title with no
/// sentence in it. `marker`: the one the view starts with, from its shape.
fn is_attachment_entry(view: &str, marker: Option<marker::MarkerMatch>) -> bool {
    let Some(m) = marker else {
        return false;
    };
    let rest = &view[m.end..];
    m.style == MarkerStyle::Arabic
        && rest.chars().count() <= 60
        && !rest.contains(['。', '，', '；', '：'])
        && ATTACHMENT_TITLE.is_match(rest.trim_end_matches(['》', ' ']))
}

/// How the title of an attached document ends: its 文种, or a table or list.
static ATTACHMENT_TITLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(方案|计划|预案|清单|办法|细则|意见|规定|规划|要点|目录|名单|名录|表|标准|指南|报告|通知)(（[^（）]{1,16}）)?$").unwrap()
});

/// Does unnumbered block `b` follow the field lines that end `item`'s text?
fn closes_fielded_item(views: &[MatchView], item: &Item, b: usize) -> bool {
    item.body
        .last()
        .is_some_and(|&last| is_label_line(views[last].text()))
        && !is_label_line(views[b].text())
}

/// The style an item's marker stands for in its list. `4）` without its opening parenthesis
/// after `3.` continues that list, as look-alike marks do in converted text, rather than
/// opening a sub-list under 3.; so does `二）` after `一、`.
fn continued_style(
    items: &[Item],
    stack: &[usize],
    view: &str,
    m: marker::MarkerMatch,
) -> MarkerStyle {
    let dotted = match m.style {
        MarkerStyle::ParenArabic => MarkerStyle::Arabic,
        MarkerStyle::ParenChinese => MarkerStyle::Chinese,
        style => return style,
    };
    let bare = view[m.start..m.end].ends_with('）') && !view[m.start..m.end].starts_with('（');
    let continues = stack.last().is_some_and(|&top| {
        let t = &items[top];
        t.style == dotted && t.children.is_empty() && t.value + 1 == m.value
    });
    if bare && continues { dotted } else { m.style }
}

/// The title of an item whose text starts at view offset `from`, and whether it is run-in.
fn item_title(view: &MatchView, from: usize) -> (Span, bool) {
    let title = ItemTitle::read(view.text(), from);
    (title.in_original(view), title.run_in)
}

/// An item's title in its block's view, as [`item_title`] reads it: the view offsets it
/// spans, and whether it is run-in.
#[derive(Debug, Clone, Copy)]
struct ItemTitle {
    start: usize,
    end: usize,
    run_in: bool,
}

impl ItemTitle {
    /// The title of the item whose text starts at offset `from` of `view`.
    fn read(view: &str, from: usize) -> ItemTitle {
        let t = &view[from..];
        let title = |len: usize, run_in: bool| ItemTitle {
            start: from,
            end: from + len,
            run_in,
        };
        let t_trim = t.trim_end_matches(['。', '：', '；', '，', ' ']);
        if let Some(end) = sentence_end(t, &['。', '！', '？', '：']) {
            let head = &t[..end];
            let rest = t[end..].trim_start_matches(['。', '！', '？', '：', '.']);
            if head.chars().count() <= 40 && !head.is_empty() {
                return title(end, !rest.is_empty());
            }
        }
        if t_trim.chars().count() <= 40 {
            return title(t_trim.len(), false);
        }
        title(t.char_indices().nth(20).map_or(t.len(), |(i, _)| i), true)
    }

    fn in_original(self, view: &MatchView) -> Span {
        view.to_original(self.start, self.end)
    }
}

/// An item's heading: its own text, after the marker, up to the first 。.
fn heading(own: &str) -> &str {
    &own[..sentence_end(own, &['。']).unwrap_or(own.len())]
}

/// Item `i`'s own heading in the matching view.
fn heading_view(doc: &Document, i: usize) -> &str {
    let it = &doc.items[i];
    heading(&doc.views[it.block].text()[it.text_start..])
}

/// Where the first sentence of `t` ends: at one of `stops`, or at a half-width period that
/// ends a Chinese sentence as 。 does (达到100%.在…, from a mirror site or an English input
/// method), which the view leaves as it is because 1.5, 2025.6.30 and 方案.docx keep theirs.
fn sentence_end(t: &str, stops: &[char]) -> Option<usize> {
    // Every stop the callers pass starts with byte E3 (。) or EF (full-width ！？：), so only
    // characters starting with those or a `.` are looked at, found by a vectorised search
    // rather than by decoding every character; `sentence_end_by_chars` is the plain form.
    if !stops
        .iter()
        .all(|&c| matches!(u32::from(c), 0x3000..=0x3FFF | 0xF000..=0xFFFF))
    {
        return sentence_end_by_chars(t, stops);
    }
    memchr::memchr3_iter(b'.', 0xE3, 0xEF, t.as_bytes()).find(|&i| {
        let c = t[i..].chars().next().unwrap_or_default();
        stops.contains(&c) || c == '.' && is_chinese_period(t, i)
    })
}

fn sentence_end_by_chars(t: &str, stops: &[char]) -> Option<usize> {
    t.char_indices().find_map(|(i, c)| {
        let ends = stops.contains(&c) || c == '.' && is_chinese_period(t, i);
        ends.then_some(i)
    })
}

/// Is the `.` at byte `i` of `t` a sentence end: after a Han character or a closing mark, and
/// before a Han character, an opening mark or the end of the text?
fn is_chinese_period(t: &str, i: usize) -> bool {
    let before = t[..i].chars().next_back();
    let after = t[i + 1..].chars().next();
    let closes =
        |c: char| header::is_han(c) || matches!(c, '）' | '》' | '”' | '’' | '】' | '〕' | '%');
    let opens = |c: char| header::is_han(c) || matches!(c, '（' | '《' | '“' | '‘' | '【');
    before.is_some_and(closes) && after.is_none_or(opens)
}

/// `shapes`: by item, its [`ItemShape`].
fn assign_kinds(doc: &mut Document, shapes: &[ItemShape]) {
    let assigns = doc.header.kind.assigns_tasks();
    for (i, shape) in shapes.iter().enumerate() {
        let it = &doc.items[i];
        let named = shape.purpose;
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

/// Builds the patterns of this module and those below it now instead of at their first use:
/// see [`crate::engine::warm_up_reading`].
pub(crate) fn warm_up() {
    task::warm_up();
    section::warm_up();
    marker::warm_up();
    header::warm_up();
    LazyLock::force(&LABEL_LINE);
    LazyLock::force(&CLOSING);
    LazyLock::force(&ATTACHMENT_TITLE);
}

#[cfg(test)]
mod tests {
    use super::{sentence_end, sentence_end_by_chars};

    /// The searched sentence end is the one found by reading every character, for the stops
    /// the outline uses and one outside the searched lead bytes, on generated texts of Han
    /// characters, both widths of punctuation, periods in numbers and file names, and
    /// characters outside the BMP.
    #[test]
    fn the_searched_sentence_end_is_the_one_read_char_by_char() {
        const PIECES: &[&str] = &[
            "加强",
            "领导",
            "。",
            "！",
            "？",
            "：",
            ".",
            "1.5",
            "方案.docx",
            "）",
            "（",
            "》",
            "“",
            "%",
            "𠀀",
            "a",
            " ",
            "；",
            "，",
            "、",
            "\n",
        ];
        let stop_sets: [&[char]; 4] = [
            &['。', '！', '？', '：'],
            &['。'],
            &['；', '、'],
            &['-', '。'],
        ];
        let mut rng = crate::test_rng::Rng(11);
        let mut found = 0;
        for _ in 0..20_000 {
            let text = rng.join(PIECES, 0..10);
            for stops in stop_sets {
                let want = sentence_end_by_chars(&text, stops);
                assert_eq!(sentence_end(&text, stops), want, "{text:?} {stops:?}");
                found += usize::from(want.is_some());
            }
        }
        assert!(found > 25_000, "{found} ends found");
    }
}
