//! Word 2007+ documents read straight from their XML (no office suite, no network).
//!
//! The decoded text is what a drafter would get by saving the document as plain text: one line
//! per body paragraph (empty ones too, so that lines and paragraphs count alike), one line per
//! table row with tab-separated cells. Word's automatic numbering is rendered into the text
//! (一、 （一） 1.), because in a typical 方案 the markers the outline reads are not typed but
//! come from numbering.xml. Tracked insertions are kept and deletions dropped: the draft is
//! read as it would be after accepting all changes; hidden text is not read.

mod body;
mod numbering;
mod styles;

use std::fmt;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::Input;
use crate::limits::{ByteSize, Limits, RATIO_FLOOR};
use body::{Body, assemble};
use numbering::Numbering;
use styles::Styles;

/// The most any one XML part may expand to. A real 方案 is a few MB of XML; more than this is
/// a damaged file or a zip bomb, and the limit is counted while inflating, not taken from the
/// zip header (which a hostile file can fake).
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

/// Why a .docx could not be read. Messages are for the drafter.
#[derive(Debug)]
pub enum DocxError {
    /// An OLE compound file: a password-protected .docx or a renamed .doc/.wps.
    Compound,
    NotZip,
    MissingDocument,
    TooLarge {
        part: String,
    },
    /// The parts read so far expand beyond the total limit.
    TooLargeInTotal {
        limit: u64,
    },
    /// A part expands more than `ratio` times its compressed size.
    TooCompressed {
        part: String,
        ratio: u64,
    },
    /// A DOCTYPE, which Word never writes and whose entities could expand without end.
    Doctype {
        part: String,
    },
    BadXml {
        part: String,
        position: u64,
    },
}

impl fmt::Display for DocxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DocxError::Compound => f.write_str(
                "该文件不是 .docx 格式（可能是设置了打开密码的文档，或改了扩展名的旧版 .doc/.wps）；请取消密码或在 Word、WPS 中另存为 .docx 后再检查",
            ),
            DocxError::NotZip => f.write_str(
                "无法打开 .docx 文件：文件已损坏或不是 Word 文档；请在 Word 或 WPS 中打开后重新另存为 .docx",
            ),
            DocxError::MissingDocument => {
                f.write_str("文件不是 Word 文档：压缩包中没有正文（word/document.xml）")
            }
            DocxError::TooLarge { part } => write!(
                f,
                "{part} 解压后超过 {} MiB，planlint 不予展开（文件可能已损坏或被恶意构造）",
                MAX_PART_BYTES / 1024 / 1024
            ),
            DocxError::TooLargeInTotal { limit } => write!(
                f,
                "文档各部分解压后合计超过 {}，planlint 不予展开（文件可能已损坏或被恶意构造）；确需检查请调高 limits.max_docx_expansion",
                ByteSize(*limit)
            ),
            DocxError::TooCompressed { part, ratio } => write!(
                f,
                "{part} 的压缩比超过 {ratio}:1，像是“压缩炸弹”，planlint 不予展开；请在 Word 或 WPS 中打开后重新另存为 .docx"
            ),
            DocxError::Doctype { part } => write!(
                f,
                "{part} 含有 DOCTYPE 声明（Word 不会写入，可用于实体展开攻击），planlint 不予读取；请在 Word 或 WPS 中打开后重新另存为 .docx"
            ),
            DocxError::BadXml { part, position } => write!(
                f,
                "{part} 第 {position} 字节附近不是有效的 XML，文件可能已损坏；请在 Word 或 WPS 中打开后重新另存为 .docx"
            ),
        }
    }
}

impl std::error::Error for DocxError {}

pub(super) fn read(path: &str, bytes: &[u8], limits: &Limits) -> Result<Input, DocxError> {
    if bytes.starts_with(b"\xD0\xCF\x11\xE0") {
        return Err(DocxError::Compound);
    }
    let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| DocxError::NotZip)?;
    let mut package = Package {
        zip,
        expanded: 0,
        limits,
    };
    let document = package
        .part("word/document.xml")?
        .ok_or(DocxError::MissingDocument)?;
    let styles = match package.part("word/styles.xml")? {
        Some(xml) => Styles::parse(&xml)?,
        None => Styles::default(),
    };
    let numbering = match package.part("word/numbering.xml")? {
        Some(xml) => Numbering::parse(&xml)?,
        None => Numbering::default(),
    };
    let lines = Body::new(&styles, numbering).read(&document)?;
    Ok(assemble(path, lines))
}

type Zip<'a> = zip::ZipArchive<Cursor<&'a [u8]>>;

/// The zip package and what its parts have expanded to so far.
struct Package<'a, 'l> {
    zip: Zip<'a>,
    expanded: u64,
    limits: &'l Limits,
}

impl Package<'_, '_> {
    /// An XML part as text, or `None` when the package has no such part. Sizes are counted
    /// while inflating, never taken from the zip header, which a hostile file can fake.
    fn part(&mut self, name: &str) -> Result<Option<Xml>, DocxError> {
        let file = match self.zip.by_name(name) {
            Ok(f) => f,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(_) => return Err(DocxError::NotZip),
        };
        let compressed = file.compressed_size().max(1);
        let left = self.limits.max_docx_expansion.saturating_sub(self.expanded);
        let cap = MAX_PART_BYTES.min(left);
        let ratio = self.limits.max_docx_ratio;
        // Past the floor, the part may expand only to `ratio` times its compressed bytes.
        let ratio_cap = compressed.saturating_mul(ratio).max(RATIO_FLOOR);
        let mut bytes = Vec::new();
        file.take(cap.min(ratio_cap).saturating_add(1))
            .read_to_end(&mut bytes)
            .map_err(|_| DocxError::NotZip)?;
        let len = bytes.len() as u64;
        if len > ratio_cap && ratio_cap < cap {
            return Err(DocxError::TooCompressed {
                part: name.into(),
                ratio,
            });
        }
        if len > MAX_PART_BYTES {
            return Err(DocxError::TooLarge { part: name.into() });
        }
        if len > left {
            return Err(DocxError::TooLargeInTotal {
                limit: self.limits.max_docx_expansion,
            });
        }
        self.expanded += len;
        let text = String::from_utf8(bytes).map_err(|e| DocxError::BadXml {
            part: name.into(),
            position: e.utf8_error().valid_up_to() as u64,
        })?;
        Ok(Some(Xml {
            part: name.into(),
            text,
        }))
    }
}

pub(super) struct Xml {
    pub(super) part: String,
    pub(super) text: String,
}

impl Xml {
    /// Visits every element start (`empty` for `<x/>`), end and text event in order.
    pub(super) fn walk(&self, mut visit: impl FnMut(XmlEvent<'_>)) -> Result<(), DocxError> {
        let mut reader = Reader::from_str(&self.text);
        let bad = |reader: &Reader<&[u8]>| DocxError::BadXml {
            part: self.part.clone(),
            position: reader.error_position(),
        };
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) => visit(XmlEvent::Start(&e)),
                Ok(Event::Empty(e)) => {
                    visit(XmlEvent::Start(&e));
                    visit(XmlEvent::End(local(e.name().as_ref())));
                }
                Ok(Event::End(e)) => visit(XmlEvent::End(local(e.name().as_ref()))),
                Ok(Event::Text(t)) => visit(XmlEvent::Text(&t.xml10_content())),
                Ok(Event::CData(t)) => visit(XmlEvent::Text(&t)),
                Ok(Event::GeneralRef(r)) => {
                    let text = resolve_reference(&r).ok_or_else(|| bad(&reader))?;
                    visit(XmlEvent::Text(&text));
                }
                Ok(Event::DocType(_)) => {
                    return Err(DocxError::Doctype {
                        part: self.part.clone(),
                    });
                }
                Ok(Event::Eof) => return Ok(()),
                Ok(_) => {}
                Err(_) => return Err(bad(&reader)),
            }
        }
    }
}

fn resolve_reference(r: &BytesRef<'_>) -> Option<String> {
    if let Some(c) = r.resolve_char_ref().ok()? {
        return Some(c.to_string());
    }
    quick_xml::escape::resolve_predefined_entity(r).map(str::to_string)
}

pub(super) enum XmlEvent<'a> {
    /// An element start; `<x/>` is reported as a start and an end.
    Start(&'a BytesStart<'a>),
    End(&'a str),
    Text(&'a str),
}

/// A name without its namespace prefix: Word's parts always say `w:`, but nothing requires it.
pub(super) fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The value of attribute `name` (any prefix), e.g. `w:val`.
pub(super) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref()) == name)
        .and_then(|a| {
            quick_xml::escape::unescape(&a.value)
                .ok()
                .map(|v| v.into_owned())
        })
}

pub(super) fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

pub(super) fn level_index(s: Option<String>) -> Option<usize> {
    s?.parse::<usize>().ok().filter(|&i| i < 9)
}

pub(super) fn number(s: Option<String>) -> Option<u32> {
    s?.parse().ok()
}
