//! Markdown through pulldown-cmark, keeping source offsets. Drafts written in Markdown still
//! put one paragraph per line, so each line of a paragraph is its own block; headings, list
//! items and pipe-table rows keep their kind. Code blocks and HTML (comments) are not text of
//! the plan.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{Block, BlockKind, line_spans, trim_span};
use crate::source::Span;

pub(super) fn blocks(text: &str) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    // Everything before this offset is already a block; nested events (a paragraph inside a
    // list item) must not emit it twice.
    let mut consumed = 0usize;
    let mut row: Option<Block> = None;
    let mut skip_depth = 0usize;
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in parser {
        match event {
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::HtmlBlock) => skip_depth += 1,
            Event::End(TagEnd::CodeBlock) | Event::End(TagEnd::HtmlBlock) => {
                skip_depth = skip_depth.saturating_sub(1);
                consumed = consumed.max(range.end);
            }
            _ if skip_depth > 0 => {}
            Event::Start(Tag::Heading { level, .. }) => {
                let span = heading_content(text, Span::new(range.start, range.end));
                if !span.is_empty() {
                    out.push(Block::new(BlockKind::Heading(level as u8), span));
                }
                consumed = consumed.max(range.end);
            }
            Event::Start(Tag::Item) => {
                let first = line_spans(text, Span::new(range.start, range.end)).next();
                if let Some(line) = first.filter(|l| l.start >= consumed) {
                    let span = item_content(text, line);
                    if !span.is_empty() {
                        out.push(Block::new(BlockKind::ListItem, span));
                    }
                    consumed = line.end;
                }
            }
            Event::Start(Tag::Paragraph) => {
                for line in line_spans(text, Span::new(range.start, range.end)) {
                    if line.end <= consumed {
                        continue;
                    }
                    let span = quote_content(text, trim_span(text, line));
                    if !span.is_empty() {
                        out.push(Block::new(BlockKind::Paragraph, span));
                    }
                }
                consumed = consumed.max(range.end);
            }
            Event::Start(Tag::TableHead) | Event::Start(Tag::TableRow) => {
                row = Some(Block::new(BlockKind::TableRow, Span::default()));
            }
            Event::Start(Tag::TableCell) => {
                if let Some(r) = row.as_mut() {
                    let cell = trim_span(text, Span::new(range.start, range.end));
                    let cell = strip_pipes(text, cell);
                    r.cells.push(cell);
                }
            }
            Event::End(TagEnd::TableHead) | Event::End(TagEnd::TableRow) => {
                if let Some(mut r) = row.take()
                    && let (Some(first), Some(last)) = (r.cells.first(), r.cells.last())
                {
                    r.span = Span::new(first.start, last.end);
                    out.push(r);
                }
                consumed = consumed.max(range.end);
            }
            _ => {}
        }
    }
    out
}

fn heading_content(text: &str, range: Span) -> Span {
    let line = line_spans(text, range).next().unwrap_or(range);
    let s = &text[line.start..line.end];
    let body = s.trim_start_matches([' ', '\t']).trim_start_matches('#');
    let start = line.end - body.len();
    let body = body.trim_end().trim_end_matches('#');
    trim_span(text, Span::new(start, start + body.len()))
}

/// The text of a list item's first line: a bullet goes, an ordered number stays, because in a
/// plan `1.` is the task's own numbering.
fn item_content(text: &str, line: Span) -> Span {
    let span = trim_span(text, line);
    let s = &text[span.start..span.end];
    for bullet in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(bullet) {
            return trim_span(text, Span::new(span.end - rest.len(), span.end));
        }
    }
    span
}

fn quote_content(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let rest = s.trim_start_matches(['>', ' ']);
    Span::new(span.end - rest.len(), span.end)
}

fn strip_pipes(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let inner = s.trim_start_matches('|');
    let start = span.end - inner.len();
    let inner = inner.trim_end_matches('|');
    trim_span(text, Span::new(start, start + inner.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(text: &str) -> Vec<(BlockKind, &str)> {
        blocks(text)
            .into_iter()
            .map(|b| (b.kind, &text[b.span.start..b.span.end]))
            .collect()
    }

    #[test]
    fn headings_paragraph_lines_and_items_keep_positions() {
        let text = "# 宁川市大气污染防治工作方案\n\n## 一、总体要求\n\n坚持问题导向。\n坚持系统治理。\n\n1. 严格项目准入。（市生态环境局牵头）\n2. 淘汰落后产能。\n\n- 附件：任务清单\n";
        assert_eq!(
            view(text),
            [
                (BlockKind::Heading(1), "宁川市大气污染防治工作方案"),
                (BlockKind::Heading(2), "一、总体要求"),
                (BlockKind::Paragraph, "坚持问题导向。"),
                (BlockKind::Paragraph, "坚持系统治理。"),
                (BlockKind::ListItem, "1. 严格项目准入。（市生态环境局牵头）"),
                (BlockKind::ListItem, "2. 淘汰落后产能。"),
                (BlockKind::ListItem, "附件：任务清单"),
            ]
        );
    }

    #[test]
    fn table_rows_have_cells_and_code_and_comments_are_skipped() {
        let text = "<!-- planlint-disable PL101 -->\n\n| 序号 | 任务 | 牵头单位 |\n|---|---|---|\n| 1 | 编制清单 | 市住建局 |\n\n```\n一、不是正文\n```\n";
        let b = blocks(text);
        assert_eq!(b.len(), 2, "{b:?}");
        assert_eq!(b[0].kind, BlockKind::TableRow);
        let cells: Vec<_> = b[1].cells.iter().map(|c| &text[c.start..c.end]).collect();
        assert_eq!(cells, ["1", "编制清单", "市住建局"]);
    }

    #[test]
    fn loose_list_item_paragraph_is_not_repeated() {
        let text = "1. 严格项目准入。\n\n   第二段说明。\n\n2. 淘汰落后产能。\n";
        assert_eq!(
            view(text),
            [
                (BlockKind::ListItem, "1. 严格项目准入。"),
                (BlockKind::Paragraph, "第二段说明。"),
                (BlockKind::ListItem, "2. 淘汰落后产能。"),
            ]
        );
    }
}
