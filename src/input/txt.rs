//! Plain text: one block per non-empty line (drafts pasted from Word or a web page keep one
//! paragraph per line). A line with two or more tabs is a table row, as Word and WPS copy
//! tables; a line that starts with `|` is a pipe-table row.

use super::{Block, BlockKind, line_spans, trim_span};
use crate::source::Span;

pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    for line in line_spans(text, Span::new(0, text.len())) {
        let span = trim_span(text, line);
        if span.is_empty() {
            continue;
        }
        let s = &text[span.start..span.end];
        if super::is_directive_line(s) {
            // A suppression comment is an instruction to planlint, not text of the plan.
            continue;
        }
        if let Some(cells) = table_cells(text, span) {
            if !is_delimiter_row(s) {
                out.push(Block {
                    kind: BlockKind::TableRow,
                    span,
                    cells,
                });
            }
            continue;
        }
        out.push(Block::new(BlockKind::Paragraph, span));
    }
    out
}

fn table_cells(text: &str, span: Span) -> Option<Vec<Span>> {
    let s = &text[span.start..span.end];
    let sep = if s.starts_with('|') && s.matches('|').count() >= 3 {
        '|'
    } else if s.matches('\t').count() >= 2 {
        '\t'
    } else {
        return None;
    };
    let mut cells = Vec::new();
    let mut start = span.start;
    for (i, c) in s.char_indices() {
        if c == sep {
            cells.push(Span::new(start, span.start + i));
            start = span.start + i + c.len_utf8();
        }
    }
    cells.push(Span::new(start, span.end));
    if sep == '|' {
        // The outer pipes delimit nothing.
        if cells.first().is_some_and(|c| c.is_empty()) {
            cells.remove(0);
        }
        if cells.last().is_some_and(|c| trim_span(text, *c).is_empty()) {
            cells.pop();
        }
    }
    Some(cells.into_iter().map(|c| trim_span(text, c)).collect())
}

/// `|---|:---:|` separates a pipe table's header from its body.
pub(super) fn is_delimiter_row(s: &str) -> bool {
    s.contains('-') && s.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '\t'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts<'a>(text: &'a str, blocks: &[Block]) -> Vec<&'a str> {
        blocks
            .iter()
            .map(|b| &text[b.span.start..b.span.end])
            .collect()
    }

    #[test]
    fn one_block_per_line_trimmed_crlf_and_blank_lines_skipped() {
        let text = "关于印发工作方案的通知\r\n\r\n  一、总体要求\r\n　　（一）指导思想。坚持问题导向。\r\n";
        let b = blocks(text);
        assert_eq!(
            texts(text, &b),
            [
                "关于印发工作方案的通知",
                "一、总体要求",
                "（一）指导思想。坚持问题导向。"
            ]
        );
    }

    #[test]
    fn tab_separated_rows_become_table_rows_with_cells() {
        let text =
            "序号\t工作任务\t牵头单位\t完成时限\n1\t完成清单编制\t市生态环境局\t2025年6月底前\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        assert_eq!(b[1].kind, BlockKind::TableRow);
        let cells: Vec<_> = b[1].cells.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(
            cells,
            ["1", "完成清单编制", "市生态环境局", "2025年6月底前"]
        );
    }

    #[test]
    fn pipe_rows_drop_outer_pipes_and_delimiter_row() {
        let text = "| 序号 | 任务 | 责任单位 |\n|---|---|---|\n| 1 | 淘汰燃煤锅炉 | 县住建局 |\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2);
        let cells: Vec<_> = b[1].cells.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(cells, ["1", "淘汰燃煤锅炉", "县住建局"]);
    }
}
