//! Positions and URIs between planlint and the protocol.
//!
//! planlint stores byte offsets; LSP counts lines from 0 and columns in UTF-16 code units, so a
//! character outside the BMP (𠀀) is two units. Every conversion goes through the source's
//! line index, and positions a client sends that lie past a line's end or the text's end are
//! clamped, never trusted.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use lsp_types::{Position, Range, Uri};

use crate::source::{Source, Span, line_ends, utf16_len};

/// Positions in the text as the editor holds it. planlint drops a leading byte-order mark
/// before linting; an editor that kept it counts it as one unit on the first line.
pub struct Positions<'a> {
    source: &'a Source,
    bom: bool,
}

impl<'a> Positions<'a> {
    pub fn new(source: &'a Source, bom: bool) -> Self {
        Positions { source, bom }
    }

    /// The LSP position of a byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let (line, utf16_column) = self.line_and_column(offset);
        let line = line.saturating_sub(1);
        let shift = usize::from(self.bom && line == 0);
        Position::new(to_u32(line), to_u32(utf16_column + shift))
    }

    /// The 1-based line and UTF-16 column of a byte offset. Every diagnostic needs two of these
    /// on each re-check, so the usual short line is counted here in one pass over its bytes;
    /// a long line goes through the source's checkpoints, which keep it linear.
    fn line_and_column(&self, offset: usize) -> (usize, usize) {
        let text = &self.source.text;
        let offset = self.clamp(offset);
        let line = self.source.lines.line(offset);
        let start = self.source.lines.line_start(line);
        if offset - start > SHORT_LINE_BYTES {
            return (line, self.source.position(offset).utf16_column);
        }
        (line, utf16_len(&text.as_bytes()[start..offset]))
    }

    /// An offset as positions take it: at most the text's end, at a character's start.
    fn clamp(&self, offset: usize) -> usize {
        let text = &self.source.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    /// The 1-based line of a byte offset, as [`Self::position`] counts it.
    pub fn line_of(&self, offset: usize) -> usize {
        self.source.lines.line(self.clamp(offset))
    }

    /// The first line start at or after `offset`, if a line starts there or later.
    pub fn line_start_from(&self, offset: usize) -> Option<usize> {
        if offset > self.source.text.len() {
            return None;
        }
        let line = self.line_of(offset);
        let lines = &self.source.lines;
        let start = lines.line_start(line);
        if start >= offset {
            return Some(start);
        }
        (line < lines.line_count()).then(|| lines.line_start(line + 1))
    }

    pub fn text(&self) -> &str {
        &self.source.text
    }

    pub fn bom(&self) -> bool {
        self.bom
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(self.position(span.start), self.position(span.end))
    }

    /// The byte offset of an LSP position; a column inside a surrogate pair falls back to the
    /// character's start, one past the line's end to the end of its content.
    pub fn offset(&self, pos: Position) -> usize {
        let text = &self.source.text;
        let lines = &self.source.lines;
        let line = pos.line as usize + 1;
        if line > lines.line_count() {
            return text.len();
        }
        let start = lines.line_start(line);
        let end = if line < lines.line_count() {
            lines.line_start(line + 1) - 1
        } else {
            text.len()
        };
        let content = &text[start..end];
        let content = content.strip_suffix('\r').unwrap_or(content);
        let mut want = pos.character as usize;
        if self.bom && line == 1 {
            want = want.saturating_sub(1);
        }
        let mut units = 0;
        for (i, c) in content.char_indices() {
            units += c.len_utf16();
            if units > want {
                return start + i;
            }
        }
        start + content.len()
    }

    /// The byte span of an LSP range, start and end in order.
    pub fn span(&self, range: Range) -> Span {
        let (a, b) = (self.offset(range.start), self.offset(range.end));
        Span::new(a.min(b), a.max(b))
    }
}

/// How far into a line a column is counted byte by byte rather than from a checkpoint.
const SHORT_LINE_BYTES: usize = 4096;

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The byte offset in `text` of an LSP position, for applying a ranged change to a text that
/// has no line index yet. It finds the position as [`Positions::offset`] does in a source of
/// `text` (a leading byte-order mark dropped and counted as one unit), without copying and
/// indexing the whole text for each change.
pub fn offset_in(text: &str, pos: Position) -> usize {
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let Some((start, end)) = nth_line(text, bom, pos.line as usize) else {
        return text.len();
    };
    let mut want = pos.character as usize;
    if bom > 0 && pos.line == 0 {
        want = want.saturating_sub(1);
    }
    let mut units = 0;
    for (i, c) in text[start..end].char_indices() {
        units += c.len_utf16();
        if units > want {
            return start + i;
        }
    }
    end
}

/// The content (without its line end) of the 0-based line `n` of `text[from..]`, as byte
/// offsets into `text`; lines end at LF, CRLF and a lone CR, as in the source's line index,
/// whose word-at-a-time scan finds them: every keystroke's change is placed through here.
fn nth_line(text: &str, from: usize, n: usize) -> Option<(usize, usize)> {
    let mut start = from;
    let mut line = 0;
    for (end, next) in line_ends(&text[from..]) {
        if line == n {
            return Some((start, from + end));
        }
        line += 1;
        start = from + next;
    }
    (line == n).then_some((start, text.len()))
}

/// The local path a `file:` URI names; `None` for other schemes (`untitled:`), remote hosts
/// and URIs that do not decode to UTF-8.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let (scheme, rest) = s.split_once(':')?;
    if !scheme.eq_ignore_ascii_case("file") {
        return None;
    }
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let slash = rest.find('/')?;
    let authority = &rest[..slash];
    if !(authority.is_empty() || authority.eq_ignore_ascii_case("localhost")) {
        return None;
    }
    let path = &rest[slash..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = String::from_utf8(percent_decode(path)?).ok()?;
    Some(PathBuf::from(windows_drive(&decoded)))
}

/// `/C:/方案.txt` is `C:/方案.txt` on Windows.
fn windows_drive(path: &str) -> &str {
    let b = path.as_bytes();
    if cfg!(windows) && b.len() >= 3 && b[0] == b'/' && b[1].is_ascii_alphabetic() && b[2] == b':' {
        &path[1..]
    } else {
        path
    }
}

fn percent_decode(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(out)
}

/// The `file:` URI of an absolute path, percent-encoded as editors write it.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?.replace('\\', "/");
    if !(s.starts_with('/') || s.as_bytes().get(1) == Some(&b':')) {
        return None;
    }
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for byte in s.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~:".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uri(s: &str) -> Uri {
        Uri::from_str(s).unwrap()
    }

    #[test]
    fn columns_count_utf16_units() {
        let src = Source::new("a.txt", "一、总体要求\n（一）坚持𠀀问题导向,压实责任\n");
        let pos = Positions::new(&src, false);
        let comma = src.text.find(',').unwrap();
        assert_eq!(pos.position(comma), Position::new(1, 11), "𠀀 is two units");
        assert_eq!(pos.offset(Position::new(1, 11)), comma);
        // Inside the surrogate pair of 𠀀: its start.
        let astral = src.text.find('𠀀').unwrap();
        assert_eq!(pos.offset(Position::new(1, 6)), astral);
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let src = Source::new("a.txt", "标题\r\n正文");
        let pos = Positions::new(&src, false);
        assert_eq!(
            pos.offset(Position::new(0, 99)),
            "标题".len(),
            "before the CR"
        );
        assert_eq!(pos.offset(Position::new(7, 0)), src.text.len());
        assert_eq!(pos.offset(Position::new(1, u32::MAX)), src.text.len());
        let span = pos.span(Range::new(Position::new(1, 1), Position::new(0, 0)));
        assert!(span.start <= span.end);
    }

    #[test]
    fn a_kept_bom_shifts_the_first_line() {
        let text = "\u{feff}标题,\n";
        let src = Source::new("a.txt", text);
        let pos = Positions::new(&src, true);
        let comma = src.text.find(',').unwrap();
        assert_eq!(pos.position(comma), Position::new(0, 3));
        assert_eq!(pos.offset(Position::new(0, 3)), comma);
        assert_eq!(
            offset_in(text, Position::new(0, 3)),
            text.find(',').unwrap()
        );
    }

    #[test]
    fn offsets_in_raw_text_are_those_of_its_source() {
        for text in [
            "\u{feff}标题,\r\n（一）𠀀压实\r\r\n\n尾\r",
            "a\rb\n\nc",
            "",
            "\u{feff}",
        ] {
            let source = Source::new("a.txt", text);
            let bom = text.len() - source.text.len();
            let pos = Positions::new(&source, bom > 0);
            for line in 0..7 {
                for character in 0..9 {
                    let p = Position::new(line, character);
                    assert_eq!(offset_in(text, p), bom + pos.offset(p), "{text:?} {p:?}");
                }
            }
        }
    }

    #[test]
    fn columns_of_short_and_long_lines_are_the_sources() {
        let long = format!("{}𠀀,", "推进".repeat(3000));
        let text = format!("\u{feff}一、𠀀总体,\r\n{long}\n尾");
        let source = Source::new("a.txt", text.as_str());
        let pos = Positions::new(&source, true);
        for offset in (0..=source.text.len())
            .step_by(7)
            .chain([source.text.len()])
        {
            let p = source.position(offset);
            let line = p.line - 1;
            let shift = u32::from(line == 0);
            assert_eq!(
                pos.position(offset),
                Position::new(line as u32, p.utf16_column as u32 + shift),
                "{offset}"
            );
        }
    }

    #[test]
    fn file_uris_decode_to_paths_and_back() {
        let u = uri("file:///tmp/%E6%96%B9%E6%A1%88%20%E4%B8%80.txt");
        assert_eq!(uri_to_path(&u), Some(PathBuf::from("/tmp/方案 一.txt")));
        let back = path_to_uri(Path::new("/tmp/方案 一.txt")).unwrap();
        assert_eq!(back.as_str(), u.as_str());
        assert_eq!(
            uri_to_path(&uri("file://localhost/a/b.md")),
            Some(PathBuf::from("/a/b.md"))
        );
    }

    #[test]
    fn other_uris_have_no_path() {
        assert_eq!(uri_to_path(&uri("untitled:Untitled-1")), None);
        assert_eq!(uri_to_path(&uri("file://server/share/a.txt")), None);
        assert_eq!(uri_to_path(&uri("file:///a/%FF.txt")), None);
        assert_eq!(uri_to_path(&uri("file:///a/%E6.txt")), None);
        assert_eq!(path_to_uri(Path::new("relative.txt")), None);
    }
}
