//! Task tables (重点任务分解表, 任务清单, 责任分工表): which column holds what, and tables that a
//! web page copy has spread one cell per line.

use crate::input::{Block, BlockKind};
use crate::normalize::fold;
use crate::source::Span;

/// What a column of a task table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Number,
    Task,
    Measures,
    Lead,
    Support,
    Responsible,
    Deadline,
    Other,
}

/// Column roles of a header row, or `None` when the row does not head a task table: it needs a
/// task (or measures) column and a unit or deadline column.
pub fn header(cells: &[&str]) -> Option<Vec<Column>> {
    let cols: Vec<Column> = cells.iter().map(|c| column(c)).collect();
    let has_task = cols
        .iter()
        .any(|c| matches!(c, Column::Task | Column::Measures));
    let has_fact = cols.iter().any(|c| {
        matches!(
            c,
            Column::Lead | Column::Support | Column::Responsible | Column::Deadline
        )
    });
    (has_task && has_fact).then_some(cols)
}

/// A header cell's name without spaces and Markdown emphasis.
fn column_name(cell: &str) -> String {
    cell.chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect()
}

fn is_number_name(name: &str) -> bool {
    ["序号", "编号", "序", "No.", "NO."].contains(&name)
}

fn column(cell: &str) -> Column {
    let c = column_name(cell);
    let has = |names: &[&str]| names.iter().any(|n| c.contains(n));
    if is_number_name(&c) {
        Column::Number
    } else if has(&["牵头单位", "牵头部门", "主责单位", "牵头责任单位"]) {
        Column::Lead
    } else if has(&[
        "配合单位",
        "配合部门",
        "协办单位",
        "参与单位",
        "协同单位",
        "协助单位",
    ]) {
        Column::Support
    } else if has(&["责任单位", "责任部门", "责任主体", "承办单位", "实施单位"])
    {
        Column::Responsible
    } else if has(&[
        "完成时限",
        "完成时间",
        "时间节点",
        "计划节点",
        "整改时限",
        "进度安排",
        "完成期限",
        "时限",
        "时间安排",
        "截止时间",
    ]) {
        Column::Deadline
    } else if has(&["措施", "主要内容", "具体内容", "工作举措", "工作要求"]) {
        Column::Measures
    } else if has(&[
        "任务",
        "事项",
        "重点工作",
        "工作内容",
        "项目名称",
        "存在问题",
        "问题",
    ]) {
        Column::Task
    } else {
        Column::Other
    }
}

/// The most columns a task table has; a longer run of column names is not a header.
const MAX_COLUMNS: usize = 10;

/// Rebuilds the task tables that a copy from a web page spreads one cell per line: the header
/// cells (序号 / 重点工作任务 / 主要责任单位 / …) each on a line, then each row's cells in the
/// same order, with section rows (一、…) between rows. Each row becomes one table row whose
/// cells keep their own lines, so that a row's task starts at the line of its number.
pub fn join_cell_lines(text: &str, blocks: Vec<Block>) -> Vec<Block> {
    let line = |b: &Block| fold(&text[b.span.start..b.span.end]);
    let mut out = Vec::with_capacity(blocks.len());
    let mut i = 0;
    while i < blocks.len() {
        let Some(width) = cell_header_width(&blocks, i, &line) else {
            out.push(blocks[i].clone());
            i += 1;
            continue;
        };
        out.push(joined(&blocks[i..i + width]));
        i += width;
        let mut expected = None;
        loop {
            if let Some(n) = blocks.get(i).and_then(|b| row_number(&line(b), expected)) {
                let mut end = i + 1;
                while end < blocks.len()
                    && end - i < width
                    && is_cell(&blocks[end])
                    && row_number(&line(&blocks[end]), Some(n + 1)).is_none()
                {
                    end += 1;
                }
                out.push(joined(&blocks[i..end]));
                expected = Some(n + 1);
                i = end;
            } else if i + 1 < blocks.len()
                && is_section_row(&line(&blocks[i]))
                && row_number(&line(&blocks[i + 1]), expected).is_some()
            {
                // A section row stays a paragraph, so that it heads the rows after it.
                out.push(blocks[i].clone());
                i += 1;
            } else {
                break;
            }
        }
    }
    out
}

/// How many lines from `i` are the header cells of a one-cell-per-line task table: a 序号
/// line, then column names that head a task table, then the first row's number or a section
/// row.
fn cell_header_width(
    blocks: &[Block],
    i: usize,
    line: &impl Fn(&Block) -> String,
) -> Option<usize> {
    // Only a short line can be 序号; the length test spares folding every paragraph.
    let first = blocks
        .get(i)
        .filter(|b| is_cell(b) && b.span.end - b.span.start <= 24)?;
    // Only the number test: the other column names cost dozens of substring searches.
    if !is_number_name(&column_name(&line(first))) {
        return None;
    }
    let names: Vec<String> = blocks[i..]
        .iter()
        .take(MAX_COLUMNS + 1)
        .take_while(|b| is_cell(b))
        .map(line)
        .take_while(|c| c.chars().count() <= 12 && column(c) != Column::Other)
        .collect();
    let width = names.len();
    if !(3..=MAX_COLUMNS).contains(&width) || names[1..].iter().any(|c| column(c) == Column::Number)
    {
        return None;
    }
    let cells: Vec<&str> = names.iter().map(String::as_str).collect();
    header(&cells)?;
    let next = blocks.get(i + width).map(line)?;
    (row_number(&next, None).is_some() || is_section_row(&next)).then_some(width)
}

fn is_cell(b: &Block) -> bool {
    b.kind == BlockKind::Paragraph
}

/// The row number a line consists of (1, 12., 3、), when it is the one expected next.
fn row_number(line: &str, expected: Option<u32>) -> Option<u32> {
    let digits = line.trim_end_matches(['.', '、']);
    if digits.is_empty() || digits.len() > 3 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    expected.is_none_or(|e| e == n).then_some(n)
}

/// A section row between the rows of a task table: a short numbered heading (一、…, （一）…).
fn is_section_row(line: &str) -> bool {
    super::marker::find(line).is_some_and(|m| {
        matches!(
            m.style,
            super::MarkerStyle::Chinese | super::MarkerStyle::ParenChinese
        ) && line.chars().count() <= 40
            && !line.ends_with('。')
    })
}

fn joined(lines: &[Block]) -> Block {
    let span = Span::new(lines[0].span.start, lines[lines.len() - 1].span.end);
    Block {
        kind: BlockKind::TableRow,
        span,
        cells: lines.iter().map(|b| b.span).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_table_headers_are_recognised_with_synonyms() {
        use Column::*;
        assert_eq!(
            header(&[
                "序号",
                "重点任务",
                "具体措施",
                "牵头单位",
                "配合单位",
                "完成时限"
            ]),
            Some(vec![Number, Task, Measures, Lead, Support, Deadline])
        );
        assert_eq!(
            header(&["编号", "存在问题", "整改措施", "责任部门", "整改时限"]),
            Some(vec![Number, Task, Measures, Responsible, Deadline])
        );
        assert_eq!(header(&["序号", "县区", "PM2.5浓度目标"]), None);
    }

    fn lines(text: &str) -> Vec<Block> {
        let mut at = 0;
        let mut out = Vec::new();
        for l in text.split('\n') {
            if !l.is_empty() {
                out.push(Block::new(
                    BlockKind::Paragraph,
                    Span::new(at, at + l.len()),
                ));
            }
            at += l.len() + 1;
        }
        out
    }

    fn shape(text: &str) -> Vec<(bool, Vec<&str>)> {
        join_cell_lines(text, lines(text))
            .iter()
            .map(|b| {
                let cells = if b.cells.is_empty() {
                    vec![b.span]
                } else {
                    b.cells.clone()
                };
                (
                    b.kind == BlockKind::TableRow,
                    cells.iter().map(|c| &text[c.start..c.end]).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn a_table_copied_one_cell_per_line_is_rebuilt_row_by_row() {
        let text = "清单\n序号\n\n工作任务\n\n责任单位\n\n一、政务服务\n\n1\n\n推行集成办理。\n\n县审批局\n\n2\n\n压缩开办时间。\n\n县市场监管局\n\n请按月报送进展。\n";
        assert_eq!(
            shape(text),
            [
                (false, vec!["清单"]),
                (true, vec!["序号", "工作任务", "责任单位"]),
                (false, vec!["一、政务服务"]),
                (true, vec!["1", "推行集成办理。", "县审批局"]),
                (true, vec!["2", "压缩开办时间。", "县市场监管局"]),
                (false, vec!["请按月报送进展。"]),
            ]
        );
    }

    #[test]
    fn a_row_with_an_empty_cell_ends_at_the_next_number() {
        let text =
            "序号\n任务\n牵头单位\n完成时限\n1\n甲任务\n县财政局\n2\n乙任务\n县水利局\n年底前\n";
        let s = shape(text);
        assert_eq!(s[1], (true, vec!["1", "甲任务", "县财政局"]));
        assert_eq!(s[2], (true, vec!["2", "乙任务", "县水利局", "年底前"]));
    }

    #[test]
    fn column_names_in_prose_are_not_a_table() {
        let text = "序号\n说明文字较长的一行，不是列名。\n1\n";
        assert!(shape(text).iter().all(|(row, _)| !row));
        let text = "序号\n重点任务\n责任单位\n下面是正文，没有行号。\n";
        assert!(shape(text).iter().all(|(row, _)| !row));
    }
}
