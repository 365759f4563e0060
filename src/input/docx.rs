//! Word 2007+ documents read straight from their XML (no office suite, no network).
//!
//! The decoded text is what a drafter would get by saving the document as plain text: one line
//! per body paragraph (empty ones too, so that lines and paragraphs count alike), one line per
//! table row with tab-separated cells. Word's automatic numbering is rendered into the text
//! (一、 （一） 1.), because in a typical 方案 the markers the outline reads are not typed but
//! come from numbering.xml. Tracked insertions are kept and deletions dropped: the draft is
//! read as it would be after accepting all changes; hidden text is not read.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesRef, BytesStart, Event};

use super::{Block, BlockKind, Input, is_directive_line, trim_span};
use crate::limits::{ByteSize, Limits, RATIO_FLOOR};
use crate::source::{Origin, Source, Span};

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

struct Xml {
    part: String,
    text: String,
}

impl Xml {
    /// Visits every element start (`empty` for `<x/>`), end and text event in order.
    fn walk(&self, mut visit: impl FnMut(XmlEvent<'_>)) -> Result<(), DocxError> {
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

enum XmlEvent<'a> {
    /// An element start; `<x/>` is reported as a start and an end.
    Start(&'a BytesStart<'a>),
    End(&'a str),
    Text(&'a str),
}

/// A name without its namespace prefix: Word's parts always say `w:`, but nothing requires it.
fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

/// The value of attribute `name` (any prefix), e.g. `w:val`.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
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

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, "val")
}

// ---------------------------------------------------------------------------------------------
// Numbering

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    style: Option<String>,
    /// `w:lvlRestart`: restart after this 1-based level is used (0: never); default, after
    /// any higher level.
    restart: Option<usize>,
    /// `w:isLgl`: every level's number shown in Arabic digits (“1.2”).
    legal: bool,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    start_overrides: Vec<(usize, u32)>,
    level_overrides: HashMap<usize, Level>,
}

/// numbering.xml, and the counters that advance as paragraphs are read.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    nums: HashMap<String, Num>,
    /// Counters per abstract definition: lists that share one continue each other's count.
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<String>,
}

impl Numbering {
    fn parse(xml: &Xml) -> Result<Self, DocxError> {
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        xml.walk(|ev| match ev {
            XmlEvent::Start(e) => match local(e.name().as_ref()) {
                "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                "num" => {
                    num_id = attr(e, "numId");
                    if let Some(id) = &num_id {
                        n.nums.insert(id.clone(), Num::default());
                    }
                }
                "abstractNumId" => {
                    if let Some(num) = num_id.as_ref().and_then(|id| n.nums.get_mut(id)) {
                        num.abstract_id = val(e).unwrap_or_default();
                    }
                }
                "lvlOverride" => override_level = level_index(attr(e, "ilvl")),
                "startOverride" => {
                    let num = num_id.as_ref().and_then(|id| n.nums.get_mut(id));
                    if let (Some(num), Some(l), Some(v)) = (num, override_level, number(val(e))) {
                        num.start_overrides.push((l, v));
                    }
                }
                "lvl" => {
                    level = level_index(attr(e, "ilvl")).map(|i| {
                        let l = Level {
                            start: 1,
                            format: "decimal".into(),
                            ..Level::default()
                        };
                        (i, l)
                    })
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), number(val(e))) {
                        l.start = v;
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(e)) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(e)) {
                        l.text = v;
                    }
                }
                "pStyle" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.style = val(e);
                    }
                }
                "lvlRestart" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.restart = number(val(e)).map(|v| v as usize);
                    }
                }
                "isLgl" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.legal = !matches!(val(e).as_deref(), Some("0" | "false" | "off"));
                    }
                }
                _ => {}
            },
            XmlEvent::End("lvl") => {
                let Some((i, l)) = level.take() else { return };
                if let Some(id) = &abstract_id {
                    n.abstracts.entry(id.clone()).or_default().insert(i, l);
                } else if let Some(num) = num_id.as_ref().and_then(|id| n.nums.get_mut(id)) {
                    num.level_overrides.insert(i, l);
                }
            }
            XmlEvent::End("abstractNum") => abstract_id = None,
            XmlEvent::End("num") => num_id = None,
            XmlEvent::End("lvlOverride") => override_level = None,
            _ => {}
        })?;
        Ok(n)
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<&Level> {
        let num = self.nums.get(num_id)?;
        num.level_overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
    }

    /// The level of list `num_id` that is tied to paragraph style `style` (a heading style
    /// numbered through numbering.xml names no level itself).
    fn level_of_style(&self, num_id: &str, style: &str) -> Option<usize> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        levels
            .iter()
            .find(|(_, l)| l.style.as_deref() == Some(style))
            .map(|(&i, _)| i)
    }

    /// Advances list `num_id` at level `ilvl` and returns the marker Word shows, e.g. “（二）”.
    /// Bullets and unknown lists give `None`: they are no plan numbering.
    fn next_marker(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let level = self.level(num_id, ilvl)?.clone();
        if matches!(level.format.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        let abstract_id = self.nums.get(num_id)?.abstract_id.clone();
        // Deeper levels restart after this one unless their w:lvlRestart says otherwise.
        let restarts: Vec<usize> = (ilvl + 1..9)
            .filter(|&deeper| {
                let after = self.level(num_id, deeper).and_then(|l| l.restart);
                let after = after.unwrap_or(deeper);
                after != 0 && ilvl < after
            })
            .collect();
        let first_use = self.started.insert(num_id.to_string());
        let overrides = &self.nums[num_id].start_overrides;
        let counters = self.counters.entry(abstract_id).or_default();
        if first_use {
            // A list that restarts numbering (Word's “重新开始编号”) is a new w:num whose
            // overrides apply when it is first used.
            for &(l, v) in overrides.iter().filter(|(l, _)| *l < 9) {
                counters[l] = Some(v.saturating_sub(1));
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or(level.start, |v| v.saturating_add(1)));
        let values = *counters;
        for deeper in restarts {
            counters[deeper] = None;
        }
        let mut marker = level.text.clone();
        for (l, value) in values.iter().enumerate() {
            let placeholder = format!("%{}", l + 1);
            if !marker.contains(&placeholder) {
                continue;
            }
            let def = self.level(num_id, l).cloned().unwrap_or_default();
            let value = value.unwrap_or(def.start);
            let format = if level.legal { "decimal" } else { &def.format };
            marker = marker.replace(&placeholder, &format_number(value, format));
        }
        Some(marker)
    }
}

fn level_index(s: Option<String>) -> Option<usize> {
    s?.parse::<usize>().ok().filter(|&i| i < 9)
}

fn number(s: Option<String>) -> Option<u32> {
    s?.parse().ok()
}

/// A counter value in one of Word's number formats (`w:numFmt`).
fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const PAREN: &str = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇";
    const FULLSTOP: &str = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛";
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
    let nth = |set: &str| {
        let i = n.checked_sub(1)? as usize;
        set.chars().nth(i).map(String::from)
    };
    let cyclic = |set: &str| {
        let len = set.chars().count() as u32;
        set.chars()
            .nth(((n.max(1) - 1) % len) as usize)
            .map(String::from)
    };
    let formatted = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital" => Some(chinese_counting(n, false)),
        "chineseLegalSimplified" => Some(chinese_counting(n, true)),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth(CIRCLED),
        "decimalEnclosedParen" => nth(PAREN),
        "decimalEnclosedFullstop" => nth(FULLSTOP),
        "ideographTraditional" => cyclic(STEMS),
        "ideographZodiac" => cyclic(BRANCHES),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32))
                .collect(),
        ),
        "decimalZero" => Some(format!("{n:02}")),
        "lowerLetter" => Some(letter(n).to_ascii_lowercase()),
        "upperLetter" => Some(letter(n)),
        "lowerRoman" => Some(roman(n).to_ascii_lowercase()),
        "upperRoman" => Some(roman(n)),
        _ => None,
    };
    formatted.unwrap_or_else(|| n.to_string())
}

/// 一 … 十 十一 … 二十 … 一百零一: how Word's chineseCounting writes numbers.
fn chinese_counting(n: u32, legal: bool) -> String {
    let digits: Vec<char> = if legal {
        "零壹贰叁肆伍陆柒捌玖".chars().collect()
    } else {
        "〇一二三四五六七八九".chars().collect()
    };
    let units: Vec<char> = if legal {
        "拾佰仟".chars().collect()
    } else {
        "十百千".chars().collect()
    };
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &d) in parts.iter().enumerate() {
        let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None][i];
        if d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一, not 一十一, when ten is the highest place.
        if !(d == 1 && i == 2 && out.is_empty() && !legal) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn letter(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'A' + (n % 26) as u8);
    c.to_string().repeat(n as usize / 26 + 1)
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Styles

/// Paragraph numbering that a style carries (`w:style/w:pPr/w:numPr`).
#[derive(Debug, Default, Clone)]
struct StyleDef {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

#[derive(Debug, Default)]
struct Styles {
    defs: HashMap<String, StyleDef>,
}

impl Styles {
    fn parse(xml: &Xml) -> Result<Self, DocxError> {
        let mut defs = HashMap::new();
        let mut current: Option<(String, StyleDef)> = None;
        xml.walk(|ev| match ev {
            XmlEvent::Start(e) => match local(e.name().as_ref()) {
                "style" => current = attr(e, "styleId").map(|id| (id, StyleDef::default())),
                "basedOn" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.based_on = val(e);
                    }
                }
                "numId" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.num_id = val(e);
                    }
                }
                "ilvl" => {
                    if let Some((_, d)) = current.as_mut() {
                        d.ilvl = level_index(val(e));
                    }
                }
                _ => {}
            },
            XmlEvent::End("style") => {
                if let Some((id, d)) = current.take() {
                    defs.insert(id, d);
                }
            }
            _ => {}
        })?;
        Ok(Styles { defs })
    }

    /// The list and level a style numbers its paragraphs with, following `w:basedOn`.
    fn numbering(&self, style: &str) -> Option<(String, Option<usize>)> {
        let mut id = style;
        // A style chain is short; the bound only guards against a cycle in a hostile file.
        for _ in 0..16 {
            let def = self.defs.get(id)?;
            if let Some(num) = &def.num_id {
                return Some((num.clone(), def.ilvl));
            }
            id = def.based_on.as_deref()?;
        }
        None
    }
}

// ---------------------------------------------------------------------------------------------
// Body

/// One line of the decoded text before assembly.
#[derive(Debug)]
enum Line {
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

struct Body<'s> {
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
    fn new(styles: &'s Styles, numbering: Numbering) -> Self {
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

    fn read(mut self, xml: &Xml) -> Result<Vec<Line>, DocxError> {
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

fn assemble(path: &str, lines: Vec<Line>) -> Input {
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
    fn chinese_counting_as_word_writes_it() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(
            [f(1), f(10), f(11), f(20), f(21), f(100), f(101), f(110)],
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零一",
                "一百一十"
            ]
        );
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
    }

    fn numbering(xml: &str) -> Numbering {
        Numbering::parse(&Xml {
            part: "word/numbering.xml".into(),
            text: xml.into(),
        })
        .unwrap()
    }

    const LISTS: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn lower_levels_restart_when_a_higher_one_advances() {
        let mut n = numbering(LISTS);
        let mut next = |l| n.next_marker("1", l).unwrap();
        let seen = [
            next(0),
            next(1),
            next(2),
            next(2),
            next(1),
            next(2),
            next(0),
            next(1),
        ];
        assert_eq!(
            seen,
            [
                "一、",
                "（一）",
                "1.",
                "2.",
                "（二）",
                "1.",
                "二、",
                "（一）"
            ]
        );
    }

    #[test]
    fn lvl_restart_and_legal_numbering() {
        let mut n = numbering(
            r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/><w:lvlText w:val="%2."/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%3"/></w:lvl>
            </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        );
        let mut next = |l| n.next_marker("1", l).unwrap();
        // Level 2 runs through the document (1. 2. 3. across 一、 二、), as 工作要点 often do.
        let seen = [next(0), next(1), next(1), next(0), next(1), next(2)];
        assert_eq!(seen, ["一、", "1.", "2.", "二、", "3.", "2.1"]);
    }

    #[test]
    fn a_start_override_restarts_the_list() {
        let mut n = numbering(LISTS);
        assert_eq!(n.next_marker("1", 0).as_deref(), Some("一、"));
        assert_eq!(n.next_marker("2", 0).as_deref(), Some("五、"));
        assert_eq!(n.next_marker("2", 0).as_deref(), Some("六、"));
        assert_eq!(n.next_marker("9", 0), None);
    }

    #[test]
    fn cell_paragraphs_join_as_a_list() {
        let p =
            |s: &[&str]| join_cell_paragraphs(&s.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(p(&["市财政局", "市自然资源局"]), "市财政局、市自然资源局");
        assert_eq!(p(&["完成排查。", "建立台账。"]), "完成排查。建立台账。");
    }
}
