//! The decoded text of one input file and the one line index every position is computed from.
//!
//! Everything inside planlint stores byte offsets into [`Source::text`]; lines, character
//! columns and UTF-16 columns are derived here, at output time.

use std::fmt;
use std::sync::Arc;

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
/// Long lines also get checkpoints, so that a column never costs more than counting
/// [`CHECKPOINT_BYTES`] of text: a 20 MB single-line file with many findings stays linear.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    checkpoints: Vec<Checkpoint>,
}

/// Characters and UTF-16 units from a line's start to byte `at`.
#[derive(Debug, Clone, Copy)]
struct Checkpoint {
    at: usize,
    chars: usize,
    utf16: usize,
}

const CHECKPOINT_BYTES: usize = 4096;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let mut checkpoints = Vec::new();
        let mut start = 0;
        for (end, next) in line_ends(text) {
            if end - start > CHECKPOINT_BYTES {
                long_line_checkpoints(text, start, end, &mut checkpoints);
            }
            starts.push(next);
            start = next;
        }
        if text.len() - start > CHECKPOINT_BYTES {
            long_line_checkpoints(text, start, text.len(), &mut checkpoints);
        }
        LineIndex {
            starts,
            checkpoints,
        }
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
        let line_start = self.line_start(line);
        let from = self
            .checkpoints
            .partition_point(|c| c.at <= offset)
            .checked_sub(1)
            .map(|i| self.checkpoints[i])
            .filter(|c| c.at >= line_start)
            .unwrap_or(Checkpoint {
                at: line_start,
                chars: 0,
                utf16: 0,
            });
        let (chars, utf16) = char_and_utf16_counts(&text.as_bytes()[from.at..offset]);
        Position {
            line,
            column: from.chars + chars + 1,
            utf16_column: from.utf16 + utf16,
        }
    }
}

/// Chars and UTF-16 units of whole UTF-8 chars, counted on the bytes: one char for each byte
/// that starts one, a second UTF-16 unit for each four-byte char. Every finding needs two
/// positions; decoding chars to count them was most of what writing a report cost. (Two
/// counts measured faster than one pass summing both.)
fn char_and_utf16_counts(utf8: &[u8]) -> (usize, usize) {
    let chars = count_bytes(utf8, |b| b & 0xC0 != 0x80);
    let astral = count_bytes(utf8, |b| b >= 0xF0);
    (chars, chars + astral)
}

/// UTF-16 units of whole UTF-8 chars: one for each char, two for one of four bytes. The
/// language server counts its columns with this alone, where one pass measured faster.
pub(crate) fn utf16_len(utf8: &[u8]) -> usize {
    utf8.iter()
        .map(|&b| usize::from(b & 0xC0 != 0x80) + usize::from(b >= 0xF0))
        .sum()
}

/// How many bytes `counted` accepts. Summed in byte-wide lanes a block at a time, which the
/// compiler vectorises 32 bytes to an instruction: a count in `usize` lanes took four
/// times the instructions on the long stretches a report's positions count (the server's
/// short line prefixes are counted by `utf16_len`).
fn count_bytes(utf8: &[u8], counted: impl Fn(u8) -> bool + Copy) -> usize {
    utf8.chunks(usize::from(u8::MAX))
        .map(|block| usize::from(block.iter().fold(0u8, |n, &b| n + u8::from(counted(b)))))
        .sum()
}

fn long_line_checkpoints(text: &str, start: usize, end: usize, out: &mut Vec<Checkpoint>) {
    let (mut chars, mut utf16) = (0, 0);
    let mut next = start + CHECKPOINT_BYTES;
    for (i, c) in text[start..end].char_indices() {
        let at = start + i;
        if at >= next {
            out.push(Checkpoint { at, chars, utf16 });
            next = at + CHECKPOINT_BYTES;
        }
        chars += 1;
        utf16 += c.len_utf16();
    }
}

/// Where each line of `text` ends and the next starts, as byte offsets: at LF, CRLF, and a
/// lone CR (old Mac files, some pasted web text), which editors and LSP clients also take
/// for a line break.
pub fn line_ends(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut from = 0;
    std::iter::from_fn(move || {
        let i = next_line_break(bytes, from)?;
        let next = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
            i + 2
        } else {
            i + 1
        };
        from = next;
        Some((i, next))
    })
}

/// The first `\n` or `\r` at or after `from`. Both are ASCII, which no byte of a multi-byte
/// UTF-8 char is, so the bytes are searched with SIMD instead of decoding every char: this
/// scan runs over the whole text twice for every file read, and on every keystroke in an editor.
fn next_line_break(bytes: &[u8], from: usize) -> Option<usize> {
    memchr::memchr2(b'\n', b'\r', bytes.get(from..)?).map(|k| from + k)
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
    /// Lines end in a bare CR (classic Mac OS); the decoded text has LF in their place.
    pub cr_line_ends: bool,
}

/// Why bytes could not be decoded as text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes that are no UTF-16: an image, an archive, an old Word file.
    Binary,
    /// UTF-8 text with a NUL byte at `offset`.
    Nul { offset: usize },
    /// No supported encoding reads these bytes; `offset` is where UTF-8 stopped making sense.
    Undecodable { offset: usize },
}

impl Encoding {
    pub const UTF8: Encoding = Encoding {
        charset: Charset::Utf8,
        bom: false,
        cr_line_ends: false,
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
        let with_bom = |charset| Encoding {
            charset,
            bom: true,
            cr_line_ends: false,
        };
        if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
            return match utf8(rest) {
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
        // `contains` on bytes is a memchr; most files have no NUL and pay only that.
        if let Some(nul) = bytes
            .contains(&0)
            .then(|| bytes.iter().position(|&b| b == 0))
            .flatten()
        {
            return decode_utf16_without_bom(bytes).map_err(|e| {
                // Text apart from a few NULs is a damaged text file; mostly NULs is binary data.
                let other_control =
                    |c: char| c.is_control() && !matches!(c, '\0' | '\t' | '\n' | '\r' | '\u{c}');
                let few_nuls = bytes.iter().filter(|&&b| b == 0).count() <= bytes.len() / 8;
                match std::str::from_utf8(bytes) {
                    Ok(t) if few_nuls && !t.chars().any(other_control) => {
                        DecodeError::Nul { offset: nul }
                    }
                    _ => e,
                }
            });
        }
        let utf8_error = match utf8(bytes) {
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
            ..Encoding::UTF8
        };
        decode_strictly(bytes, encoding, encoding_used).map_err(|_| DecodeError::Undecodable {
            offset: utf8_error.valid_up_to(),
        })
    }

    /// Encodes text back into this encoding; `Err` names the first character it cannot hold.
    pub fn encode(&self, text: &str) -> Result<Vec<u8>, char> {
        if self.cr_line_ends {
            let plain = Encoding {
                cr_line_ends: false,
                ..*self
            };
            return plain.encode(&text.replace('\n', "\r"));
        }
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

/// NUL bytes are binary content — unless the bytes read as UTF-16 text, as a file saved
/// without a byte-order mark (Notepad's “Unicode” on some systems) does: its line ends and
/// digits have a NUL high byte, and so do characters such as 一 (U+4E00) in the other half.
/// Of the two byte orders the one that reads as Chinese or ASCII text wins; binary data
/// decodes as UTF-16 too, but into unassigned, private-use and foreign-script characters.
fn decode_utf16_without_bom(bytes: &[u8]) -> Result<(String, Encoding), DecodeError> {
    if !bytes.len().is_multiple_of(2) {
        return Err(DecodeError::Binary);
    }
    let candidates = [
        (encoding_rs::UTF_16LE, Charset::Utf16Le),
        (encoding_rs::UTF_16BE, Charset::Utf16Be),
    ];
    candidates
        .into_iter()
        .filter_map(|(encoding, charset)| {
            let used = Encoding {
                charset,
                ..Encoding::UTF8
            };
            let decoded = decode_strictly(bytes, encoding, used).ok()?;
            let score = plain_text_share(&decoded.0)?;
            Some((score, decoded))
        })
        .filter(|(score, _)| *score >= 0.95)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, decoded)| decoded)
        .ok_or(DecodeError::Binary)
}

/// The share of characters that a Chinese plan is written in (ASCII, CJK characters and
/// punctuation, full-width forms, circled numbers…); `None` with a control character.
fn plain_text_share(text: &str) -> Option<f64> {
    let (mut plain, mut all) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\u{c}') {
            return None;
        }
        all += 1;
        plain += usize::from(is_plan_char(c));
    }
    (all > 0).then(|| plain as f64 / all as f64)
}

fn is_plan_char(c: char) -> bool {
    matches!(u32::from(c),
        0x09 | 0x0A | 0x0D | 0x20..=0x7E | 0xA0..=0xFF
        | 0x2000..=0x206F // general punctuation: — “ ” …
        | 0x2100..=0x22FF // ℃ № Ⅰ arrows, maths
        | 0x2460..=0x27BF // ① ⑴ ⒈ box drawing, shapes ■ ○ ★
        | 0x3000..=0x30FF // CJK punctuation 、。〔〕, kana
        | 0x3200..=0x33FF // ㈠ ㊣ ㎡
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0xFEFF
        | 0x20000..=0x3134F // rare place-name characters outside the BMP
    )
}

/// `std::str::from_utf8`, checking 32 bytes at a time: std's check goes a character at a
/// time through Chinese text, ≈10 instructions a byte, for every file read. Where the bytes
/// are not UTF-8, std's check runs again to say where.
fn utf8(bytes: &[u8]) -> Result<&str, std::str::Utf8Error> {
    match simdutf8::basic::from_utf8(bytes) {
        Ok(text) => Ok(text),
        Err(_) => std::str::from_utf8(bytes),
    }
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
    /// Shared, not owned: the rule values of a document are stretches of this one text, and a
    /// copy for them would add the file's size once more to the peak of `check`.
    pub text: Arc<str>,
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
        let text: String = text.into();
        let lines = LineIndex::new(&text);
        Source {
            path: path.into(),
            text: Arc::from(text),
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

    /// Line ends the plain way, char by char, to check the word-at-a-time scan against.
    fn line_ends_by_chars(text: &str) -> Vec<(usize, usize)> {
        let b = text.as_bytes();
        let mut out = Vec::new();
        for (i, c) in text.char_indices() {
            match c {
                '\r' if b.get(i + 1) == Some(&b'\n') => out.push((i, i + 2)),
                '\n' if i > 0 && b[i - 1] == b'\r' => {}
                '\r' | '\n' => out.push((i, i + 1)),
                _ => {}
            }
        }
        out
    }

    #[test]
    fn line_ends_at_every_alignment() {
        let pieces = [
            "一、",
            "\r\n",
            "\n",
            "\r",
            "a",
            "总体要求。",
            "\r\r\n\n",
            "𠀀",
            "12345678",
        ];
        let mut seed: u32 = 7;
        for _ in 0..300 {
            let mut text = String::new();
            for _ in 0..(seed % 23) {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                text.push_str(pieces[(seed >> 16) as usize % pieces.len()]);
            }
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            assert_eq!(
                line_ends(&text).collect::<Vec<_>>(),
                line_ends_by_chars(&text),
                "{text:?}"
            );
        }
    }

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
    fn utf16_without_bom_is_told_from_binary_by_the_characters_it_reads_as() {
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
        // 一 (U+4E00) puts NUL bytes in the other half of its code unit than line ends do.
        let plan = "一、重点任务\n（一）开展巡查。\n";
        for (bytes, name) in [
            (
                plan.encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<_>>(),
                "utf-16le",
            ),
            (
                plan.encode_utf16().flat_map(u16::to_be_bytes).collect(),
                "utf-16be",
            ),
        ] {
            let (text, enc) = decoded(&bytes);
            assert_eq!((text.as_str(), enc.name()), (plan, name));
        }
    }

    #[test]
    fn a_nul_byte_in_utf8_text_is_located_not_read_as_utf16() {
        let bytes = "一、任务\0\n".as_bytes();
        assert_eq!(
            Encoding::decode(bytes),
            Err(DecodeError::Nul { offset: 12 })
        );
    }

    #[test]
    fn a_file_of_mostly_nul_bytes_is_binary_not_damaged_text() {
        let mut bytes = vec![0u8; 4096];
        bytes.extend("一、任务\n".as_bytes());
        assert_eq!(Encoding::decode(&bytes), Err(DecodeError::Binary));
    }

    #[test]
    fn cr_line_ends_are_written_back_as_cr() {
        let enc = Encoding {
            cr_line_ends: true,
            ..Encoding::UTF8
        };
        assert_eq!(enc.encode("一\n二\n").unwrap(), "一\r二\r".as_bytes());
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
            ..Encoding::UTF8
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
    fn columns_on_a_long_line_count_from_checkpoints_alike() {
        let line = "开展巡查,𠀀完成排查。".repeat(2000);
        let text = format!("标题\n{line}\n尾行");
        let src = Source::new("a.txt", text.as_str());
        let start = text.find('开').unwrap();
        for offset in (start..start + line.len()).step_by(997) {
            let offset = floor_char_boundary(&text, offset);
            let before = &text[start..offset];
            let pos = src.position(offset);
            assert_eq!(pos.line, 2);
            assert_eq!(pos.column, before.chars().count() + 1, "at {offset}");
            assert_eq!(pos.utf16_column, before.encode_utf16().count());
        }
        assert_eq!(src.position(text.find("尾行").unwrap()).column, 1);
    }

    /// The byte-wise counts are those of the decoded text, for lengths across the blocks they
    /// are summed in.
    #[test]
    fn counted_chars_and_utf16_units_are_the_decoded_ones() {
        let pieces = ["a", "加", "𠀀", "é", "，", "\n"];
        let mut rng = crate::test_rng::Rng(5);
        for _ in 0..2_000 {
            let text = rng.join(&pieces, 0..700);
            let (chars, utf16) = char_and_utf16_counts(text.as_bytes());
            assert_eq!(chars, text.chars().count());
            assert_eq!(utf16, text.encode_utf16().count());
            assert_eq!(utf16_len(text.as_bytes()), utf16);
        }
    }

    #[test]
    fn offset_inside_a_character_is_floored() {
        let src = Source::new("a.txt", "方案");
        assert_eq!(src.position(1).column, 1);
        assert_eq!(src.position(3).column, 2);
        assert_eq!(src.position(99).column, 3);
    }
}
