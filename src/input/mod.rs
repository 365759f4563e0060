//! Bytes → [`Source`] + [`Block`]s. Each format has its own file; format crates appear only here.

mod docx;
mod file;
mod md;
pub mod sniff;
mod txt;

pub use docx::DocxError;
pub(crate) use file::io_message;
pub use file::{read_limited, read_regular};

use std::fmt;
use std::path::Path;

use crate::limits::{ByteSize, Limits};
use crate::source::{DecodeError, Encoding, Source, Span};

/// What a block is in the input's own terms (the outline decides what it means for a plan).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    Paragraph,
    /// A Markdown heading (`#` … `######`).
    Heading(u8),
    ListItem,
    /// A row of a pipe table (Markdown) or of a tab-separated table (text); `cells` are set.
    TableRow,
}

/// One paragraph-like unit of the input: a line of a text file, a Markdown paragraph line, a
/// heading, a list item or a table row. `span` covers its text without markup or line end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub span: Span,
    pub cells: Vec<Span>,
}

impl Block {
    pub fn new(kind: BlockKind, span: Span) -> Self {
        Block {
            kind,
            span,
            cells: Vec::new(),
        }
    }
}

/// The formats planlint reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Markdown,
    /// Word 2007+ (and WPS's .docx); read from its XML, never through an office suite.
    Docx,
}

impl Format {
    /// The format a file name implies; `None` for files planlint does not read.
    pub fn from_path(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "txt" | "text" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "docx" => Some(Format::Docx),
            _ => None,
        }
    }
}

/// Why an input could not be read. Messages are for the drafter, so they are Chinese.
#[derive(Debug)]
pub enum InputError {
    Io(std::io::Error),
    /// No supported encoding reads the bytes; where UTF-8 stopped making sense.
    NotUtf8 {
        offset: usize,
        line: usize,
    },
    /// Binary content; `what` names it when its signature is known (a PNG image…).
    Binary {
        what: Option<sniff::BinaryKind>,
    },
    /// Text with a NUL byte in it, which no editor writes into a plan.
    NulByte {
        line: usize,
    },
    Unsupported {
        extension: String,
    },
    LegacyWord {
        extension: String,
    },
    /// A FIFO, a device, a socket or a folder: reading it could block or never end.
    NotRegular {
        kind: &'static str,
    },
    TooLarge {
        size: u64,
        limit: u64,
    },
    Docx(DocxError),
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputError::Io(e) => write!(f, "无法读取文件：{}", file::io_message(e)),
            InputError::NotUtf8 { offset, line } => write!(
                f,
                "第 {line} 行无法识别文件编码：既不是 UTF-8，也不是 UTF-16、GB18030/GBK 或 Big5（第 {offset} 字节处无法解码）；请另存为 UTF-8 文本后再检查"
            ),
            InputError::Binary { what: Some(what) } => write!(
                f,
                "文件是{}（二进制内容），不是文本文件；{}",
                what.name,
                what.advice
                    .unwrap_or("planlint 读取 .txt、.md 和 .docx 文件")
            ),
            InputError::Binary { what: None } => write!(
                f,
                "文件含有二进制内容，不是文本文件；planlint 读取 .txt、.md 和 .docx 文件"
            ),
            InputError::NulByte { line } => write!(
                f,
                "第 {line} 行含有空字符（NUL，0x00），文件可能已损坏；请删除该字符或从原文档重新另存为文本后再检查"
            ),
            InputError::Unsupported { extension } => write!(
                f,
                "不支持 .{extension} 文件；planlint 读取 .txt、.md 和 .docx 文件"
            ),
            InputError::LegacyWord { extension } => write!(
                f,
                "不支持旧版 .{extension} 格式；请在 Word 或 WPS 中另存为 .docx 或 .txt 后再检查"
            ),
            InputError::NotRegular { kind } => write!(
                f,
                "无法读取：不是普通文件（是{kind}），planlint 不读取，以免等待不会结束的输入；请改为指定普通文件"
            ),
            InputError::TooLarge { size, limit } => {
                if *size == limit.saturating_add(1) {
                    // Read until one byte past the limit: its real size is unknown.
                    write!(f, "内容超过上限 {}，未读取", ByteSize(*limit))?;
                } else {
                    write!(
                        f,
                        "文件大小 {} 超过上限 {}，未读取",
                        ByteSize(*size),
                        ByteSize(*limit)
                    )?;
                }
                f.write_str("；确需检查请用 --max-file-size 或 planlint.yaml 的 limits.max_file_size 调高上限")
            }
            InputError::Docx(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for InputError {}

/// A decoded input ready for the outline.
#[derive(Debug, Clone)]
pub struct Input {
    pub source: Source,
    pub blocks: Vec<Block>,
}

/// Reads a file from disk with the default [`Limits`]; see [`read_path_with`].
pub fn read_path(path: &Path) -> Result<Input, InputError> {
    read_path_with(path, &Limits::default())
}

/// Reads a file from disk; the format comes from its extension (unknown ones read as text
/// when named explicitly, so `planlint extract 方案` works on a file without extension).
/// Anything but a regular file, and a file over the size limit, is refused before it is
/// opened.
pub fn read_path_with(path: &Path, limits: &Limits) -> Result<Input, InputError> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let format = match ext.as_str() {
        "doc" | "wps" => return Err(InputError::LegacyWord { extension: ext }),
        "pdf" | "xls" | "xlsx" | "ofd" => {
            return Err(InputError::Unsupported { extension: ext });
        }
        _ => Format::from_path(path).unwrap_or(Format::Text),
    };
    let bytes = file::read_regular(path, limits.max_file_size)?;
    read_bytes_with(&path.display().to_string(), &bytes, format, limits)
}

/// [`read_bytes_with`] with the default [`Limits`].
pub fn read_bytes(path: &str, bytes: &[u8], format: Format) -> Result<Input, InputError> {
    read_bytes_with(path, bytes, format, &Limits::default())
}

/// Decodes bytes — a .docx package, or text in UTF-8 (BOM or not), UTF-16, GB18030/GBK or
/// Big5 — and splits them into blocks.
pub fn read_bytes_with(
    path: &str,
    bytes: &[u8],
    format: Format,
    limits: &Limits,
) -> Result<Input, InputError> {
    if bytes.len() as u64 > limits.max_file_size {
        return Err(InputError::TooLarge {
            size: bytes.len() as u64,
            limit: limits.max_file_size,
        });
    }
    if format == Format::Docx {
        return docx::read(path, bytes, limits).map_err(InputError::Docx);
    }
    let (text, mut encoding) = Encoding::decode(bytes).map_err(|e| match e {
        DecodeError::Binary => InputError::Binary {
            what: sniff::binary_kind(bytes),
        },
        DecodeError::Nul { offset } => InputError::NulByte {
            line: line_of_byte(bytes, offset),
        },
        DecodeError::Undecodable { offset } => InputError::NotUtf8 {
            offset,
            line: line_of_byte(bytes, offset),
        },
    })?;
    let text = if is_lone_cr(&text) {
        // Classic Mac OS line ends: one paragraph per line, as the drafter sees it; the
        // replacement keeps every offset, and `--fix` writes CR back.
        encoding.cr_line_ends = true;
        text.replace('\r', "\n")
    } else {
        text
    };
    let mut input = read_decoded(path, &text, format);
    input.source.encoding = encoding;
    Ok(input)
}

/// Does the text end its lines with a bare CR, and never with LF?
fn is_lone_cr(text: &str) -> bool {
    text.contains('\r') && !text.contains('\n')
}

/// The 1-based line of a byte offset of undecoded text (LF, CRLF or a lone CR end a line).
fn line_of_byte(bytes: &[u8], offset: usize) -> usize {
    let before = &bytes[..offset.min(bytes.len())];
    let lf = before.iter().filter(|&&b| b == b'\n').count();
    if lf == 0 && !bytes.contains(&b'\n') {
        return before.iter().filter(|&&b| b == b'\r').count() + 1;
    }
    lf + 1
}

/// Splits already decoded text into blocks; a leading byte-order mark is dropped. Text
/// decoded from a .docx is read as a text file: its lines are paragraphs and tab-separated
/// rows.
pub fn read_str(path: &str, text: &str, format: Format) -> Input {
    blocks_of(Source::new(path, text), format)
}

/// [`read_str`] for text decoded from a file's bytes, or fixed from such text (what `--fix`
/// and `--diff` re-read): its byte-order mark went into the encoding, so a U+FEFF at its start
/// is text and stays.
pub fn read_decoded(path: &str, text: &str, format: Format) -> Input {
    blocks_of(Source::decoded(path, text), format)
}

fn blocks_of(source: Source, format: Format) -> Input {
    let blocks = match format {
        Format::Text | Format::Docx => txt::blocks(&source.text),
        Format::Markdown => md::blocks(&source.text),
    };
    Input { source, blocks }
}

/// Is this line a planlint suppression comment (`planlint-disable-next-line PL101`, also inside
/// `<!-- -->`)? Such lines instruct planlint and are no text of the plan; the engine reads them.
pub fn is_directive_line(line: &str) -> bool {
    let t = line.trim_start();
    let t = t.strip_prefix("<!--").map_or(t, str::trim_start);
    t.starts_with("planlint-disable") || t.starts_with("planlint-enable")
}

/// Trims ASCII and ideographic white space off both ends of `span`.
pub(crate) fn trim_span(text: &str, span: Span) -> Span {
    let s = &text[span.start..span.end];
    let is_ws = |c: char| c.is_whitespace() || c == '\u{feff}';
    let lead = s.len() - s.trim_start_matches(is_ws).len();
    let trail = s.len() - s.trim_end_matches(is_ws).len();
    if lead == s.len() {
        return Span::new(span.start, span.start);
    }
    Span::new(span.start + lead, span.end - trail)
}

/// Byte spans of the lines of `text[range]`, without their line ends.
pub(crate) fn line_spans(text: &str, range: Span) -> impl Iterator<Item = Span> + '_ {
    let mut at = range.start;
    std::iter::from_fn(move || {
        if at >= range.end {
            return None;
        }
        let rest = &text[at..range.end];
        let (end, next) = crate::source::line_ends(rest)
            .next()
            .unwrap_or((rest.len(), rest.len()));
        let span = Span::new(at, at + end);
        at += next;
        Some(span)
    })
}
