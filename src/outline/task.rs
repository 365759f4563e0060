//! Which items and table rows are tasks.
//!
//! The document's kind does not decide this alone: a news item, a newspaper repost or a notice
//! that carries a plan has that plan's tasks. Where the document does not itself assign work
//! (a meeting report, a speech), an item is a task only where the text shows it is one: under
//! a heading that names a task section (二、重点任务), or among numbered measures that carry
//! their own 责任单位/完成时限 fields. The numbered points of a speech have neither.

use std::sync::LazyLock;

use regex::Regex;

use super::table::{self, Column};
use super::{
    Document, ItemShape, MatchView, RowCells, SectionKind, Task, TaskOrigin, heading_view,
    is_label_line, item_title, marker,
};
use crate::input::BlockKind;

/// `shapes`: by item, its [`ItemShape`].
pub(super) fn collect_tasks(doc: &mut Document, shapes: &[ItemShape]) {
    let fielded = FieldedMeasures::read(doc, shapes);
    fielded.promote_to_tasks(doc);
    let assigns = doc.header.kind.assigns_tasks();
    let mut tasks = Vec::new();
    let mut items = doc.items.iter().enumerate().peekable();
    // The columns of the task table being read, kept across the section rows (一、…) that
    // break a table into parts.
    let mut columns: Option<Vec<Column>> = None;
    for b in 0..doc.blocks.len() {
        while let Some((i, it)) = items.peek().copied() {
            if it.block > b {
                break;
            }
            items.next();
            let shown = assigns || fielded.includes(doc, i) || under_task_label(doc, i);
            if shown && it.in_plan && it.kind == Some(SectionKind::Tasks) && it.children.is_empty()
            {
                item_tasks(doc, i, &mut tasks);
            }
        }
        if doc.blocks[b].kind == BlockKind::TableRow {
            if let Some(cols) = table_header(doc, b) {
                // Also a header row repeated where a table breaks across pages.
                columns = Some(cols);
            } else if let Some(cols) = &columns
                && let Some(t) = row_task(doc, b, cols)
            {
                tasks.push(t);
            }
        } else if !heads_table_rows(doc, b) {
            columns = None;
        }
    }
    doc.tasks = tasks;
}

static TASK_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{4}年度?)?(?:(?:主要|重点|具体|核心|年度|近期)?(?:工作)?(?:任务|措施|举措)|(?:主要|重点)工作|工作重点|民生实事|实事项目|任务清单|任务分工|责任分工)").unwrap()
});

/// Does a heading name a task section as a plan labels one (重点任务, 主要任务和分工, 工作措施,
/// 2025年重点工作), rather than merely mention tasks in a sentence (突出抓好今年重点工作)?
pub fn is_task_label(heading: &str) -> bool {
    heading.chars().count() <= 16 && TASK_LABEL.is_match(heading)
}

/// Does item `i` or one of its ancestors carry a task-section label?
fn under_task_label(doc: &Document, i: usize) -> bool {
    doc.ancestors(Some(i))
        .any(|x| is_task_label(heading_view(doc, x)))
}

/// A field label in the item's own text: 责任单位：, 完成时限：.
static FIELD_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:责任单位|牵头单位|责任部门|牵头部门|配合单位|完成时限|完成时间)[：:]").unwrap()
});

/// A time limit as a bracketed field states it: 6月底前, 9月30日前, 年底前, 长期坚持.
static BRACKET_DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{1,2}月(?:底|中旬|上旬|下旬|[0-9]{1,2}日)?前|年底前|长期坚持|持续推进")
        .unwrap()
});

/// Does an item's own text carry a field: a label (责任单位：…), or a bracket that names a unit's
/// part (（县水利局牵头）) or a time limit (（6月底前完成）)? As one regex, the brackets' bounded
/// lengths (`[^（）]{2,60}`) made it the costliest pattern a process compiled (≈1.5 ms, dozens
/// of copies of an any-char automaton); the lengths are counted here instead.
pub(super) fn has_inline_field(text: &str) -> bool {
    FIELD_LABEL.is_match(text)
        || innermost_brackets(text).any(|inner| names_a_part(inner) || names_a_limit(inner))
}

/// The text inside each （…） that holds no other bracket. Both brackets are three bytes that
/// start EF BC, which Han characters never do, so the scan looks for that byte pair.
fn innermost_brackets(text: &str) -> impl Iterator<Item = &str> {
    const OPEN: u8 = 0x88; // （ is EF BC 88, ） is EF BC 89.
    let bytes = text.as_bytes();
    let mut open: Option<usize> = None;
    let mut i = 0;
    std::iter::from_fn(move || {
        while let Some(at) = bytes[i..].iter().position(|&b| b == 0xEF).map(|k| i + k) {
            i = at + 1;
            if bytes.get(at + 1) != Some(&0xBC) {
                continue;
            }
            match bytes.get(at + 2) {
                Some(&OPEN) => open = Some(at + 3),
                Some(0x89) => {
                    if let Some(start) = open.take() {
                        return Some(&text[start..at]);
                    }
                }
                _ => {}
            }
        }
        None
    })
}

/// 牵头/负责/配合 after 2–60 chars and before at most 40.
fn names_a_part(inner: &str) -> bool {
    let total = inner.chars().count();
    inner.char_indices().enumerate().any(|(before, (at, _))| {
        (2..=60).contains(&before)
            && total - before <= 42
            && ["牵头", "负责", "配合"]
                .iter()
                .any(|w| inner[at..].starts_with(w))
    })
}

/// A time limit after at most 40 chars and before at most 20, wherever one can start (the
/// matches may overlap: 长期坚持续推进). Each holds 前 or 持; most brackets have neither.
fn names_a_limit(inner: &str) -> bool {
    if !inner.contains(['前', '持']) {
        return false;
    }
    let mut from = 0;
    while let Some(m) = BRACKET_DEADLINE.find_at(inner, from) {
        if inner[..m.start()].chars().count() <= 40 && inner[m.end()..].chars().count() <= 20 {
            return true;
        }
        from = m.start() + inner[m.start()..].chars().next().map_or(1, char::len_utf8);
    }
    false
}

/// The numbered measures that state their own responsible unit or deadline, as field lines
/// under the item or a field inside it, and the groups of siblings they form.
struct FieldedMeasures {
    own: Vec<bool>,
    /// Per parent (index 0 for the top level, `p + 1` for item `p`): how many of its children
    /// carry fields.
    per_parent: Vec<u32>,
}

impl FieldedMeasures {
    fn read(doc: &Document, shapes: &[ItemShape]) -> Self {
        let mut per_parent = vec![0u32; doc.items.len() + 1];
        let own: Vec<bool> = doc
            .items
            .iter()
            .zip(shapes)
            .map(|(it, shape)| {
                let body = it.body.iter().any(|&b| is_label_line(doc.views[b].text()));
                let fielded = body || shape.inline_field;
                if fielded {
                    per_parent[it.parent.map_or(0, |p| p + 1)] += 1;
                }
                fielded
            })
            .collect();
        FieldedMeasures { own, per_parent }
    }

    /// Item `i` carries fields itself, or stands in a run of siblings of which at least two do.
    fn includes(&self, doc: &Document, i: usize) -> bool {
        self.own[i] || self.per_parent[doc.items[i].parent.map_or(0, |p| p + 1)] >= 2
    }

    /// Measures whose section names no purpose are measures all the same.
    fn promote_to_tasks(&self, doc: &mut Document) {
        for i in 0..doc.items.len() {
            if doc.items[i].kind.is_none() && self.includes(doc, i) {
                doc.items[i].kind = Some(SectionKind::Tasks);
            }
        }
    }
}

/// Is block `b` a section row of a task table (一、提升政务服务效能 between its rows)?
fn heads_table_rows(doc: &Document, b: usize) -> bool {
    // The cheap look at the next block first: most blocks are followed by no table row.
    doc.blocks[b].kind != BlockKind::TableRow
        && doc
            .blocks
            .get(b + 1)
            .is_some_and(|n| n.kind == BlockKind::TableRow)
        && marker::find(doc.views[b].text()).is_some()
        && table_header(doc, b + 1).is_none()
}

/// A heading line on its own (二、重点任务), as against an item that is a whole sentence.
fn is_heading_line(view_from_marker: &str) -> bool {
    !view_from_marker
        .trim_end()
        .ends_with(['。', '；', '！', '？'])
}

static UNIT_NAME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:(?:省|市|县|区|镇|乡|州|盟|旗|各|中共|共青团|人民银行|国家)[\p{Han}（）]{0,24}(?:局|委|办|厅|部|署|中心|政府|委员会|办公室|公司|支行|分行|院|所|队|站|社|会|馆|街道|办事处|分局)|各县区|各区县|各单位|各部门)$").unwrap()
});

/// A line that only names units (县住建局、县发改委), as table cells copied one per line are:
/// it assigns a task, it is not one.
fn is_unit_line(view: &str) -> bool {
    !view.is_empty()
        && view
            .split(['、', '，'])
            .all(|name| UNIT_NAME.is_match(name.trim()))
}

fn item_tasks(doc: &Document, i: usize, tasks: &mut Vec<Task>) {
    let it = &doc.items[i];
    if it.body.is_empty() && heads_table_rows(doc, it.block) {
        // A section row of a task table: its tasks are the rows that follow.
        return;
    }
    let section = Some(doc.ancestors(it.parent).last().unwrap_or(i));
    let standalone_section = it.parent.is_none()
        && !it.run_in
        && is_heading_line(&doc.views[it.block].text()[it.text_start..]);
    let paragraphs: Vec<usize> = it
        .body
        .iter()
        .copied()
        .filter(|&b| {
            let v = doc.views[b].text();
            !is_label_line(v) && !is_unit_line(v)
        })
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
                enclosing: Some(i),
                row: None,
            });
        }
        return;
    }
    let mut parts = Vec::with_capacity(1 + it.body.len());
    parts.push((it.block, it.text_start));
    parts.extend(it.body.iter().map(|&b| (b, 0)));
    tasks.push(Task {
        origin: TaskOrigin::Item(i),
        parts,
        marker: Some(it.marker),
        title: it.title,
        section,
        enclosing: it.parent,
        row: None,
    });
}

pub(super) fn table_header(doc: &Document, b: usize) -> Option<Vec<Column>> {
    let cells: Vec<&str> = doc.blocks[b].cells.iter().map(|&c| doc.text(c)).collect();
    table::header(&cells)
}

fn row_task(doc: &Document, r: usize, cols: &[Column]) -> Option<Task> {
    let block = &doc.blocks[r];
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
        enclosing: None,
        row: Some(Box::new(cells)),
    })
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&TASK_LABEL);
    LazyLock::force(&FIELD_LABEL);
    LazyLock::force(&BRACKET_DEADLINE);
    LazyLock::force(&UNIT_NAME);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The single pattern `has_inline_field` stands for.
    const INLINE_FIELD: &str = r"(?:责任单位|牵头单位|责任部门|牵头部门|配合单位|完成时限|完成时间)[：:]|（[^（）]{2,60}(?:牵头|负责|配合)[^（）]{0,40}）|（[^（）]{0,40}(?:[0-9]{1,2}月(?:底|中旬|上旬|下旬|[0-9]{1,2}日)?前|年底前|长期坚持|持续推进)[^（）]{0,20}）";

    #[test]
    fn inline_fields_are_found_as_the_single_pattern_finds_them() {
        let reference = Regex::new(INLINE_FIELD).unwrap();
        // Pieces that make the lengths fall on either side of every bound.
        let pieces = [
            "（",
            "）",
            "牵头",
            "负责",
            "配合",
            "12",
            "6",
            "月",
            "底",
            "日",
            "前",
            "年底前",
            "长期坚持",
            "续推进",
            "持续推进",
            "中旬",
            "县水利局",
            "乡镇",
            "完",
            "成",
            "责任单位",
            "：",
            ":",
            "开展排查整治工作",
            "。",
            "a",
        ];
        let mut rng = crate::test_rng::Rng(7);
        let mut next = |n: usize| rng.below(n);
        for _ in 0..20_000 {
            let len = next(40);
            let text: String = (0..len).map(|_| pieces[next(pieces.len())]).collect();
            assert_eq!(has_inline_field(&text), reference.is_match(&text), "{text}");
        }
        // One bracket whose word sits on either side of each length bound.
        let words = [
            "牵头",
            "负责",
            "配合",
            "6月底前",
            "12月30日前",
            "年底前",
            "长期坚持",
        ];
        for _ in 0..20_000 {
            let (before, after) = (next(66), next(46));
            let text = format!(
                "（{}{}{}）",
                "乡".repeat(before),
                words[next(words.len())],
                "镇".repeat(after)
            );
            assert_eq!(has_inline_field(&text), reference.is_match(&text), "{text}");
        }
        for (text, want) in [
            ("完善供水设施。（县水利局牵头，各乡镇配合）", true),
            ("完成改造。（2025年6月底前完成）", true),
            ("长期坚持。（长期坚持续推进）", true),
            ("（牵头）", false),
            ("开展排查（县城管局负责", false),
            ("责任单位：县水利局", true),
        ] {
            assert_eq!(has_inline_field(text), want, "{text}");
            assert_eq!(reference.is_match(text), want, "{text}");
        }
    }

    /// A large plan has tens of thousands of tasks, nearly all of them not table rows: a row's
    /// cells must not be paid for by every task.
    #[test]
    fn a_task_does_not_carry_row_cells_inline() {
        assert!(
            std::mem::size_of::<Task>() <= 128,
            "{}",
            std::mem::size_of::<Task>()
        );
    }

    #[test]
    fn task_section_labels_are_labels_not_sentences() {
        for h in [
            "重点任务",
            "主要任务和分工",
            "工作措施",
            "重点工作任务",
            "2025年重点工作",
            "民生实事项目",
        ] {
            assert!(is_task_label(h), "{h}");
        }
        for h in [
            "突出抓好今年生态环境保护重点工作",
            "聚焦重点任务，奋力攻坚突破",
            "工作目标",
            "保障措施",
        ] {
            assert!(!is_task_label(h), "{h}");
        }
    }

    #[test]
    fn unit_lines_only_name_units() {
        assert!(is_unit_line("县行政审批服务局"));
        assert!(is_unit_line("县司法局、县大数据中心"));
        assert!(is_unit_line("人民银行平原县支行"));
        assert!(is_unit_line("各乡镇人民政府"));
        assert!(!is_unit_line("建设乡镇商贸中心"));
        assert!(!is_unit_line("完善县级物流配送中心"));
        assert!(!is_unit_line("市县两级联动推进。"));
        assert!(!is_unit_line(""));
    }
}
