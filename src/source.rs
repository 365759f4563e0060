//! The decoded text of one input file and the one line index every position is computed from.
//!
//! Everything inside planlint stores byte offsets into [`Source::text`]; lines, character
//! columns and UTF-16 columns are derived here, at output time.

use std::fmt;

/// A byte range into the decoded source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, serde::Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span {start}..{end} is reversed");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// A position for humans and protocols: 1-based line, 1-based character column and
/// 0-based UTF-16 column (what LSP and SARIF count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
    #[serde(skip)]
    pub utf16_column: usize,
}

/// Byte offsets of line starts; lookups are binary searches, so positions cost O(log lines).
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { starts }
    }

    /// 1-based line number of the byte offset.
    pub fn line(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i + 1,
            Err(i) => i,
        }
    }

    /// Byte offset where the 1-based line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts[line.saturating_sub(1).min(self.starts.len() - 1)]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line = self.line(offset);
        let before = &text[self.line_start(line)..offset];
        Position {
            line,
            column: before.chars().count() + 1,
            utf16_column: before.encode_utf16().count(),
        }
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One decoded input: its display path, its text and the line index over that text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
}

impl Source {
    /// Takes decoded text. A leading byte-order mark is dropped here so that offsets never
    /// point into it; line ends stay as they are (CRLF keeps its `\r`, which block readers trim).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            lines,
        }
    }

    pub fn slice(&self, span: Span) -> &str {
        &self.text[span.start..span.end]
    }

    pub fn line(&self, offset: usize) -> usize {
        self.lines.line(offset)
    }

    pub fn position(&self, offset: usize) -> Position {
        self.lines.position(&self.text, offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters_not_bytes() {
        let src = Source::new("a.txt", "一、总体要求\n（一）指导思想。坚持𠀀问题导向\n");
        let offset = src.text.find("坚持").unwrap();
        let pos = src.position(offset);
        assert_eq!(pos.line, 2);
        assert_eq!(pos.column, 9);
        assert_eq!(pos.utf16_column, 8);
        let after_astral = src.text.find("问题").unwrap();
        let pos = src.position(after_astral);
        assert_eq!(pos.column, 12);
        assert_eq!(pos.utf16_column, 12, "U+20000 takes two UTF-16 units");
    }

    #[test]
    fn bom_is_dropped_and_crlf_lines_are_counted() {
        let src = Source::new("a.txt", "\u{feff}标题\r\n正文\r\n");
        assert!(src.text.starts_with("标题"));
        assert_eq!(src.line(src.text.find("正文").unwrap()), 2);
        assert_eq!(src.lines.line_count(), 3);
    }

    #[test]
    fn offset_inside_a_character_is_floored() {
        let src = Source::new("a.txt", "方案");
        assert_eq!(src.position(1).column, 1);
        assert_eq!(src.position(3).column, 2);
        assert_eq!(src.position(99).column, 3);
    }
}
