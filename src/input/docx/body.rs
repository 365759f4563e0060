//! document.xml: body paragraphs and table rows as lines, with Word's numbering rendered in,
//! then assembled into the decoded text and its blocks.

use quick_xml::events::BytesStart;

use super::numbering::Numbering;
use super::styles::Styles;
use super::{DocxError, Xml, XmlEvent, attr, level_index, local, number, val};
use crate::input::{Block, BlockKind, Input, is_directive_line, trim_span};
use crate::source::{Origin, Source, Span};

/// One line of the decoded text before assembly.
#[derive(Debug)]
pub(super) enum Line {
    Paragraph(String, Origin),
    Row(Vec<String>, Origin),
}

/// The paragraph being read.
#[derive(Debug, Default)]
struct Para {
    text: String,
    style: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
struct Cell {
    paragraphs: Vec<String>,
    grid_span: usize,
    continues_merge: bool,
}

/// Elements whose content is not text of the draft as it stands: deletions, old formatting of
/// tracked changes, content-control properties, drawings and text boxes, field codes.
const SKIPPED: [&str; 12] = [
    "del",
    "moveFrom",
    "pPrChange",
    "rPrChange",
    "sdtPr",
    "drawing",
    "pict",
    "Fallback",
    "txbxContent",
    "instrText",
    "delText",
    "object",
];

pub(super) struct Body<'s> {
    styles: &'s Styles,
    numbering: Numbering,
    lines: Vec<Line>,
    paragraphs: usize,
    tables: usize,
    table_depth: usize,
    rows: usize,
    row: Vec<String>,
    /// The previous row's cell texts by grid column, for vertically merged cells.
    row_above: Vec<String>,
    cell: Option<Cell>,
    para: Option<Para>,
    in_ppr: bool,
    in_tcpr: bool,
    in_rpr: bool,
    in_text: bool,
    /// The run is hidden text (w:vanish): Word neither shows nor prints it.
    hidden: bool,
    skip: usize,
}

impl<'s> Body<'s> {
    pub(super) fn new(styles: &'s Styles, numbering: Numbering) -> Self {
        Body {
            styles,
            numbering,
            lines: Vec::new(),
            paragraphs: 0,
            tables: 0,
            table_depth: 0,
            rows: 0,
            row: Vec::new(),
            row_above: Vec::new(),
            cell: None,
            para: None,
            in_ppr: false,
            in_tcpr: false,
            in_rpr: false,
            in_text: false,
            hidden: false,
            skip: 0,
        }
    }

    pub(super) fn read(mut self, xml: &Xml) -> Result<Vec<Line>, DocxError> {
        xml.walk(|ev| self.event(ev))?;
        Ok(self.lines)
    }

    fn event(&mut self, ev: XmlEvent<'_>) {
        if self.skip > 0 {
            match ev {
                XmlEvent::Start(_) => self.skip += 1,
                XmlEvent::End(_) => self.skip -= 1,
                XmlEvent::Text(_) => {}
            }
            return;
        }
        match ev {
            XmlEvent::Start(e) => self.start(e),
            XmlEvent::End(name) => self.end(name),
            XmlEvent::Text(t) => {
                if self.in_text
                    && !self.hidden
                    && let Some(p) = self.para.as_mut()
                {
                    // A line end inside w:t is XML layout, not a break Word shows.
                    p.text
                        .extend(t.chars().map(|c| if c == '\n' { ' ' } else { c }));
                }
            }
        }
    }

    fn start(&mut self, e: &BytesStart<'_>) {
        let qname = e.name();
        let name = local(qname.as_ref());
        if SKIPPED.contains(&name) {
            self.skip = 1;
            return;
        }
        match name {
            "p" => self.para = Some(Para::default()),
            "pPr" => self.in_ppr = true,
            "tcPr" => self.in_tcpr = true,
            "t" => self.in_text = true,
            "r" => self.hidden = false,
            "rPr" => self.in_rpr = true,
            // In a paragraph's own properties it hides only the paragraph mark.
            "vanish" if self.in_rpr && !self.in_ppr => {
                self.hidden = !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
            }
            "tab" if !self.in_ppr => self.push_text(" "),
            // A page or column break moves text, it does not separate it.
            "br" | "cr" if !matches!(attr(e, "type").as_deref(), Some("page" | "column")) => {
                self.push_text("\n")
            }
            "noBreakHyphen" => self.push_text("-"),
            "pStyle" if self.in_ppr => self.with_para(|p| p.style = val(e)),
            "numId" if self.in_ppr => self.with_para(|p| p.num_id = val(e)),
            "ilvl" if self.in_ppr => self.with_para(|p| p.ilvl = level_index(val(e))),
            "tbl" => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.tables += 1;
                    self.rows = 0;
                    self.row_above.clear();
                }
            }
            "tr" if self.table_depth == 1 => self.row.clear(),
            "tc" if self.table_depth == 1 => {
                self.cell = Some(Cell {
                    grid_span: 1,
                    ..Cell::default()
                })
            }
            "gridSpan" if self.in_tcpr && self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.grid_span = number(val(e)).map_or(1, |n| n.clamp(1, 64) as usize);
                }
            }
            "vMerge" if self.in_tcpr && self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.continues_merge = val(e).is_none_or(|v| v == "continue");
                }
            }
            _ => {}
        }
    }

    fn end(&mut self, name: &str) {
        match name {
            "p" => self.end_paragraph(),
            "pPr" => self.in_ppr = false,
            "tcPr" => self.in_tcpr = false,
            "t" => self.in_text = false,
            "r" => self.hidden = false,
            "rPr" => self.in_rpr = false,
            "tc" if self.table_depth == 1 => self.end_cell(),
            "tr" if self.table_depth == 1 => self.end_row(),
            "tbl" => self.table_depth = self.table_depth.saturating_sub(1),
            _ => {}
        }
    }

    fn with_para(&mut self, f: impl FnOnce(&mut Para)) {
        if let Some(p) = self.para.as_mut() {
            f(p);
        }
    }

    fn push_text(&mut self, s: &str) {
        if !self.hidden {
            self.with_para(|p| p.text.push_str(s));
        }
    }

    fn end_paragraph(&mut self) {
        let Some(para) = self.para.take() else { return };
        let text = match self.marker(&para) {
            Some(m) => m + &para.text,
            None => para.text,
        };
        if let Some(cell) = self.cell.as_mut() {
            cell.paragraphs.extend(text.split('\n').map(str::to_string));
        } else if self.table_depth == 0 {
            self.paragraphs += 1;
            self.lines
                .push(Line::Paragraph(text, Origin::Paragraph(self.paragraphs)));
        }
    }

    /// The numbering marker Word shows before this paragraph, if any.
    fn marker(&mut self, para: &Para) -> Option<String> {
        let from_style = para.style.as_deref().and_then(|s| self.styles.numbering(s));
        let num_id = para
            .num_id
            .clone()
            .or_else(|| from_style.as_ref().map(|(n, _)| n.clone()))?;
        // numId 0 is how a paragraph switches off the numbering its style would give it.
        if num_id == "0" {
            return None;
        }
        let ilvl = para
            .ilvl
            .or_else(|| from_style.as_ref().and_then(|(_, l)| *l))
            .or_else(|| {
                let style = para.style.as_deref()?;
                self.numbering.level_of_style(&num_id, style)
            })
            .unwrap_or(0);
        self.numbering.next_marker(&num_id, ilvl)
    }

    fn end_cell(&mut self) {
        let Some(cell) = self.cell.take() else { return };
        let column = self.row.len();
        let text = if cell.continues_merge {
            // A merged cell (one 牵头单位 for several tasks) holds its text in the first row
            // only; each task of the ledger needs it.
            self.row_above.get(column).cloned().unwrap_or_default()
        } else {
            join_cell_paragraphs(&cell.paragraphs)
        };
        self.row.push(text);
        for _ in 1..cell.grid_span {
            self.row.push(String::new());
        }
    }

    fn end_row(&mut self) {
        self.rows += 1;
        let cells = std::mem::take(&mut self.row);
        self.row_above = cells.clone();
        self.lines.push(Line::Row(
            cells,
            Origin::TableRow {
                table: self.tables,
                row: self.rows,
            },
        ));
    }
}

/// The paragraphs of a table cell on one line: a unit list written one per paragraph reads
/// as 市财政局、市自然资源局; a paragraph that ends a sentence needs no joiner.
fn join_cell_paragraphs(paragraphs: &[String]) -> String {
    let mut out = String::new();
    for p in paragraphs
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
    {
        let ends_clause = out
            .chars()
            .last()
            .is_none_or(|c| "。；，、：！？;,:".contains(c));
        if !ends_clause {
            out.push('、');
        }
        out.push_str(p);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Assembly

// Assembly

pub(super) fn assemble(path: &str, lines: Vec<Line>) -> Input {
    let mut text = String::new();
    let mut blocks = Vec::new();
    let mut origin = Vec::new();
    for line in lines {
        match line {
            Line::Paragraph(p, from) => {
                origin.push((text.len(), from));
                for part in p.split('\n') {
                    let start = text.len();
                    text.push_str(part);
                    let span = trim_span(&text, Span::new(start, text.len()));
                    text.push('\n');
                    if !span.is_empty() && !is_directive_line(&text[span.start..span.end]) {
                        blocks.push(Block::new(BlockKind::Paragraph, span));
                    }
                }
            }
            Line::Row(cells, from) => {
                origin.push((text.len(), from));
                if let Some(block) = push_row(&mut text, &cells) {
                    blocks.push(block);
                }
                text.push('\n');
            }
        }
    }
    let mut source = Source::new(path, text);
    source.origin = origin;
    Input { source, blocks }
}

/// Writes a row as tab-separated cells; a one-cell table (a framed paragraph) reads as a
/// paragraph, as it does in Word.
fn push_row(text: &mut String, cells: &[String]) -> Option<Block> {
    let start = text.len();
    let mut spans = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            text.push('\t');
        }
        let cell_start = text.len();
        text.extend(cell.chars().map(|c| if c == '\t' { ' ' } else { c }));
        spans.push(trim_span(text, Span::new(cell_start, text.len())));
    }
    let span = trim_span(text, Span::new(start, text.len()));
    if span.is_empty() {
        return None;
    }
    if spans.len() == 1 {
        return Some(Block::new(BlockKind::Paragraph, span));
    }
    Some(Block {
        kind: BlockKind::TableRow,
        span,
        cells: spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cell_paragraphs_join_as_a_list() {
        let p =
            |s: &[&str]| join_cell_paragraphs(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["市财政局", "市自然资源局"]), "市财政局、市自然资源局");
        assert_eq!(p(&["完成排查。", "建立台账。"]), "完成排查。建立台账。");
    }
}
