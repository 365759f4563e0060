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
        starts.extend(line_ends(text).map(|(_, next)| next));
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

/// Where each line of `text` ends and the next starts, as byte offsets: at LF, CRLF, and a
/// lone CR (old Mac files, some pasted web text), which editors and LSP clients also take
/// for a line break.
pub fn line_ends(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    text.match_indices(['\n', '\r'])
        .filter_map(move |(i, c)| match c {
            "\r" if bytes.get(i + 1) == Some(&b'\n') => None,
            "\n" if i > 0 && bytes[i - 1] == b'\r' => Some((i - 1, i + 1)),
            _ => Some((i, i + 1)),
        })
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The character set of a text file's bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Charset {
    #[default]
    Utf8,
    Utf16Le,
    Utf16Be,
    /// GB18030, which also reads GBK and GB2312 files (it is their superset).
    Gb18030,
    Big5,
}

/// How an input's bytes encode its text, so that `check --fix` writes it back the same way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Encoding {
    pub charset: Charset,
    pub bom: bool,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes that are no UTF-16: an image, an archive, an old Word file.
    Binary,
    /// No supported encoding reads these bytes; `offset` is where UTF-8 stopped making sense.
    Undecodable { offset: usize },
}

impl Encoding {
    pub const UTF8: Encoding = Encoding {
        charset: Charset::Utf8,
        bom: false,
    };

    /// The label reported by `planlint outline` (WHATWG names, lower case).
    pub fn name(&self) -> &'static str {
        match self.charset {
            Charset::Utf8 => "utf-8",
            Charset::Utf16Le => "utf-16le",
            Charset::Utf16Be => "utf-16be",
            Charset::Gb18030 => "gb18030",
            Charset::Big5 => "big5",
        }
    }

    /// Decodes a text file. A byte-order mark decides; otherwise strict UTF-8 is tried first,
    /// because a statistical guess is only needed (and only trustworthy) when that fails.
    pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
        let with_bom = |charset| Encoding { charset, bom: true };
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            return match std::str::from_utf8(rest) {
                Ok(t) if !t.contains('\0') => Ok((t.to_string(), with_bom(Charset::Utf8))),
                Ok(_) => Err(DecodeError::Binary),
                Err(e) => Err(DecodeError::Undecodable {
                    offset: 3 + e.valid_up_to(),
                }),
            };
        }
        if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
            return decode_strictly(rest, encoding_rs::UTF_16LE, with_bom(Charset::Utf16Le));
        }
        if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
            return decode_strictly(rest, encoding_rs::UTF_16BE, with_bom(Charset::Utf16Be));
        }
        if bytes.contains(&0) {
            return decode_utf16_without_bom(bytes);
        }
        let utf8_error = match std::str::from_utf8(bytes) {
            Ok(t) => return Ok((t.to_string(), Encoding::UTF8)),
            Err(e) => e,
        };
        let charset = guess_legacy_charset(bytes);
        let (encoding, label) = match charset {
            Charset::Big5 => (encoding_rs::BIG5, charset),
            _ => (encoding_rs::GB18030, Charset::Gb18030),
        };
        let encoding_used = Encoding {
            charset: label,
            bom: false,
        };
        decode_strictly(bytes, encoding, encoding_used).map_err(|_| DecodeError::Undecodable {
            offset: utf8_error.valid_up_to(),
        })
    }

    /// Encodes text back into this encoding; `Err` names the first character it cannot hold.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, char> {
        let mut out = Vec::with_capacity(text.len() + 3);
        match self.charset {
            Charset::Utf8 => {
                if self.bom {
                    out.extend_from_slice(b"\xEF\xBB\xBF");
                }
                out.extend_from_slice(text.as_bytes());
            }
            Charset::Utf16Le | Charset::Utf16Be => {
                let le = self.charset == Charset::Utf16Le;
                let units = std::iter::once(0xFEFF)
                    .filter(|_| self.bom)
                    .chain(text.encode_utf16());
                for u in units {
                    out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
                }
            }
            Charset::Gb18030 | Charset::Big5 => {
                let encoding = if self.charset == Charset::Big5 {
                    encoding_rs::BIG5
                } else {
                    encoding_rs::GB18030
                };
                let (bytes, _, lossy) = encoding.encode(text);
                if lossy {
                    let unencodable = text.chars().find(|c| {
                        let mut buf = [0; 4];
                        encoding.encode(c.encode_utf8(&mut buf)).2
                    });
                    return Err(unencodable.unwrap_or('\u{fffd}'));
                }
                out.extend_from_slice(&bytes);
            }
        }
        Ok(out)
    }
}

/// Which legacy Chinese encoding the bytes most likely are. Anything but Big5 is read as
/// GB18030: on the short texts drafters paste chardetng may guess a Western or Japanese
/// encoding, but a Chinese plan that is not UTF-8 is nearly always GBK. No TLD hint is
/// given: `.cn` made chardetng read Big5 text as GBK.
fn guess_legacy_charset(bytes: &[u8]) -> Charset {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    if detector.guess(None, chardetng::Utf8Detection::Deny) == encoding_rs::BIG5 {
        Charset::Big5
    } else {
        Charset::Gb18030
    }
}

/// NUL bytes are binary content — unless they all fall on one parity, as the high bytes of
/// line ends and digits do in UTF-16 saved without a byte-order mark (Notepad's “Unicode”
/// on some systems).
fn decode_utf16_without_bom(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    let zero_at = |parity: usize| bytes.iter().skip(parity).step_by(2).any(|&b| b == 0);
    let (even, odd) = (zero_at(0), zero_at(1));
    if !bytes.len().is_multiple_of(2) || even == odd {
        return Err(DecodeError::Binary);
    }
    let (encoding, charset) = if odd {
        (encoding_rs::UTF_16LE, Charset::Utf16Le)
    } else {
        (encoding_rs::UTF_16BE, Charset::Utf16Be)
    };
    let used = Encoding {
        charset,
        bom: false,
    };
    let decoded = decode_strictly(bytes, encoding, used).map_err(|_| DecodeError::Binary)?;
    // Without a BOM only text that looks like text counts: binary data decodes as UTF-16 too.
    let control = |c: char| c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}');
    if decoded.0.chars().any(control) {
        return Err(DecodeError::Binary);
    }
    Ok(decoded)
}

fn decode_strictly(
    bytes: &[u8],
    encoding: &'static encoding_rs::Encoding,
    used: Encoding,
) -> Result<(String, Encoding), DecodeError> {
    let text = encoding
        .decode_without_bom_handling_and_without_replacement(bytes)
        .ok_or(DecodeError::Undecodable { offset: 0 })?;
    if text.contains('\0') {
        return Err(DecodeError::Binary);
    }
    Ok((text.into_owned(), used))
}

/// Where a line of the decoded text came from in a .docx file, for messages that say which
/// paragraph to look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// 1-based paragraph of the document body, counted as Word counts them (table cells aside).
    Paragraph(usize),
    /// 1-based table and row.
    TableRow { table: usize, row: usize },
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Paragraph(n) => write!(f, "第{n}段"),
            Origin::TableRow { table, row } => write!(f, "第{table}个表格第{row}行"),
        }
    }
}

/// One decoded input: its display path, its text and the line index over that text.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
    pub lines: LineIndex,
    /// How the file's bytes were decoded (.docx files: their XML's UTF-8).
    pub encoding: Encoding,
    /// Byte offsets where each piece of text from the input starts, sorted, with where it came
    /// from; empty for text files, whose lines are their own origin.
    pub origin: Vec<(usize, Origin)>,
}

impl Source {
    /// Takes decoded text. A leading byte-order mark is dropped here so that offsets never
    /// point into it; line ends stay as they are (CRLF keeps its `\r`, which block readers trim).
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        Source::decoded(path, text)
    }

    /// Takes text decoded from a file's bytes, whose byte-order mark [`Encoding::decode`]
    /// already took as part of the encoding: a U+FEFF still at its start is text (a file saved
    /// with the mark twice) and stays, so that `--fix` writes back every byte it did not fix.
    pub fn decoded(path: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text,
            lines,
            encoding: Encoding::UTF8,
            origin: Vec::new(),
        }
    }

    /// The paragraph or table row of the input file that `offset` lies in, when the input is
    /// not a plain text file.
    pub fn origin_at(&self, offset: usize) -> Option<Origin> {
        let i = self.origin.partition_point(|&(start, _)| start <= offset);
        i.checked_sub(1).map(|i| self.origin[i].1)
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

    fn decoded(bytes: &[u8]) -> (String, Encoding) {
        Encoding::decode(bytes).expect("decodes")
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decoded("方案".as_bytes()), ("方案".into(), Encoding::UTF8));
        let (text, enc) = decoded(b"\xEF\xBB\xBF\xE6\x96\xB9");
        assert_eq!((text.as_str(), enc.bom, enc.name()), ("方", true, "utf-8"));
    }

    #[test]
    fn utf16_with_bom_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE, 0x00, 0x4E, 0x0A, 0x00].to_vec();
        let (text, enc) = decoded(&le);
        assert_eq!((text.as_str(), enc.name()), ("一\n", "utf-16le"));
        assert_eq!(enc.encode(&text).unwrap(), le);
        let be: Vec<u8> = [0xFE, 0xFF, 0x4E, 0x00].to_vec();
        assert_eq!(decoded(&be).0, "一");
    }

    #[test]
    fn utf16_without_bom_is_told_from_binary_by_where_its_nul_bytes_are() {
        let le: Vec<u8> = "方案\n1"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let (text, enc) = decoded(&le);
        assert_eq!(
            (text.as_str(), enc.name(), enc.bom),
            ("方案\n1", "utf-16le", false)
        );
        assert_eq!(enc.encode(&text).unwrap(), le);
        let be: Vec<u8> = "方案\n".encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decoded(&be).1.name(), "utf-16be");
        assert_eq!(
            Encoding::decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn gbk_bytes_decode_as_gb18030_and_round_trip() {
        let plan = "一、重点任务\n（一）淘汰燃煤锅炉。2025年6月底前完成。（县生态环境局牵头）\n";
        let (bytes, _, _) = encoding_rs::GB18030.encode(plan);
        let (text, enc) = decoded(&bytes);
        assert_eq!(text, plan);
        assert_eq!(enc.name(), "gb18030");
        assert_eq!(enc.encode(&text).unwrap(), bytes.into_owned());
    }

    #[test]
    fn undecodable_and_binary_bytes_are_errors() {
        assert_eq!(
            Encoding::decode(b"\xd6\xd8\xb5\xe3\x80\xff\x80\xff"),
            Err(DecodeError::Undecodable { offset: 0 })
        );
        assert_eq!(
            Encoding::decode(b"PK\x03\x04\x00"),
            Err(DecodeError::Binary)
        );
    }

    #[test]
    fn big5_cannot_hold_every_character() {
        let big5 = Encoding {
            charset: Charset::Big5,
            bom: false,
        };
        assert_eq!(big5.encode("方案😀"), Err('😀'));
    }

    #[test]
    fn origin_is_found_by_offset() {
        let mut src = Source::new("a.docx", "一\n二\n");
        src.origin = vec![(0, Origin::Paragraph(1)), (4, Origin::Paragraph(3))];
        assert_eq!(src.origin_at(2), Some(Origin::Paragraph(1)));
        assert_eq!(
            src.origin_at(4).map(|o| o.to_string()),
            Some("第3段".into())
        );
    }

    #[test]
    fn offset_inside_a_character_is_floored() {
        let src = Source::new("a.txt", "方案");
        assert_eq!(src.position(1).column, 1);
        assert_eq!(src.position(3).column, 2);
        assert_eq!(src.position(99).column, 3);
    }
}
