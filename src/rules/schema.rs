//! The YAML shape of a pack, read with positions.
//!
//! A pack file is parsed by serde-saphyr into a tree of [`Node`]s that keep the byte range of
//! every key and value (serde-saphyr's `Spanned`), and that tree is then read into a
//! [`PackDoc`] by hand rather than by `#[derive(Deserialize)]` with `deny_unknown_fields`:
//! serde stops at the first problem and can only say "unknown field", while a rule author wants
//! every problem of the file at once, each underlined where it is, with a "did you mean".
//!
//! [`Text::locate`] maps a byte range inside a scalar's value (an error inside a `when:`
//! expression or a `{placeholder}`) back to the exact bytes of the pack file by walking the raw
//! scalar: plain, single- and double-quoted (with escapes), literal `|` and folded `>` block
//! scalars. When the walk cannot reproduce the value it falls back to the whole scalar.

use std::fmt;
use std::ops::Range;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{Location, Spanned};

use super::{Applicability, Severity};
use crate::lang::Scope;

/// A problem found while reading a pack: a byte range of the pack text, a Chinese message and
/// an optional help line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl Problem {
    fn new(span: Range<usize>, message: impl Into<String>, help: Option<String>) -> Problem {
        Problem {
            span,
            message: message.into(),
            help,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The positioned YAML tree.

/// A YAML node with its position in the pack text.
#[derive(Debug, Clone)]
pub struct Node {
    /// Where the node is used: the scalar itself, the alias token `*a`, or a collection from its
    /// first token to the end of its last child.
    pub span: Range<usize>,
    /// Where its content is written: differs from `span` for an alias (the anchored node).
    pub raw: Range<usize>,
    pub value: NodeValue,
}

#[derive(Debug, Clone)]
pub enum NodeValue {
    Null,
    Bool(bool),
    /// A number, kept as written.
    Number(String),
    Str(String),
    Seq(Vec<Node>),
    /// Keys and values in file order (serde-saphyr rejects duplicate keys).
    Map(Vec<(Node, Node)>),
}

impl NodeValue {
    /// The kind of value, in the words an error message uses.
    fn kind(&self) -> &'static str {
        match self {
            NodeValue::Null => "空值",
            NodeValue::Bool(_) => "布尔值",
            NodeValue::Number(_) => "数字",
            NodeValue::Str(_) => "文本",
            NodeValue::Seq(_) => "列表",
            NodeValue::Map(_) => "映射",
        }
    }
}

/// What serde-saphyr hands over, before byte ranges are worked out.
enum RawValue {
    Null,
    Bool(bool),
    Number,
    Str(String),
    Seq(Vec<Spanned<RawValue>>),
    Map(Vec<(Spanned<RawValue>, Spanned<RawValue>)>),
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any YAML value")
            }
            fn visit_unit<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_none<E>(self) -> Result<RawValue, E> {
                Ok(RawValue::Null)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<RawValue, D::Error> {
                RawValue::deserialize(d)
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
                Ok(RawValue::Bool(v))
            }
            fn visit_i64<E>(self, _: i64) -> Result<RawValue, E> {
                Ok(RawValue::Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<RawValue, E> {
                Ok(RawValue::Number)
            }
            fn visit_i128<E>(self, _: i128) -> Result<RawValue, E> {
                Ok(RawValue::Number)
            }
            fn visit_u128<E>(self, _: u128) -> Result<RawValue, E> {
                Ok(RawValue::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<RawValue, E> {
                Ok(RawValue::Number)
            }
            fn visit_char<E>(self, v: char) -> Result<RawValue, E> {
                Ok(RawValue::Str(v.to_string()))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
                Ok(RawValue::Str(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
                Ok(RawValue::Str(v))
            }
            fn visit_bytes<E>(self, v: &[u8]) -> Result<RawValue, E> {
                Ok(RawValue::Str(String::from_utf8_lossy(v).into_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut a: A) -> Result<RawValue, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = a.next_element()? {
                    items.push(item);
                }
                Ok(RawValue::Seq(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut a: A) -> Result<RawValue, A::Error> {
                let mut entries = Vec::new();
                while let Some(key) = a.next_key()? {
                    let value = a.next_value()?;
                    entries.push((key, value));
                }
                Ok(RawValue::Map(entries))
            }
        }
        d.deserialize_any(V)
    }
}

/// Parser options for planlint's YAML (packs and configs): budgets against alias bombs and
/// deep nesting, duplicate keys rejected, YAML 1.2 booleans (`off` stays text), no snippet in
/// messages (miette renders). A pack may nest deeper and hold more nodes than a config.
pub(crate) fn yaml_options(max_depth: usize, max_nodes: usize) -> serde_saphyr::Options {
    let mut aliases = serde_saphyr::options::AliasLimits::default();
    aliases.max_total_replayed_events = 20_000;
    aliases.max_replay_stack_depth = 16;
    serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_aliases: 1_000,
            max_anchors: 1_000,
            max_depth: max_depth,
            max_documents: 1,
            max_nodes: max_nodes,
        },
        alias_limits: aliases,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        strict_booleans: true,
        non_finite_float_policy: serde_saphyr::NonFiniteFloatPolicy::AsString,
        leading_zero_numbers_as_strings: true,
        with_snippet: false,
    }
}

/// Parses YAML text into a positioned tree. `text` should already have `\r\n` turned into `\n`.
pub fn parse_yaml(text: &str) -> Result<Node, Problem> {
    match serde_saphyr::from_str_with_options::<Spanned<RawValue>>(text, yaml_options(48, 500_000))
    {
        Ok(root) => Ok(to_node(text, root)),
        Err(e) => Err(yaml_problem(text, &e)),
    }
}

fn to_node(text: &str, s: Spanned<RawValue>) -> Node {
    let span = loc_range(text, &s.referenced);
    let raw = if s.defined == Location::UNKNOWN {
        span.clone()
    } else {
        loc_range(text, &s.defined)
    };
    let value = match s.value {
        RawValue::Null => NodeValue::Null,
        RawValue::Bool(b) => NodeValue::Bool(b),
        RawValue::Number => NodeValue::Number(text.get(raw.clone()).unwrap_or("").to_string()),
        RawValue::Str(v) => NodeValue::Str(v),
        RawValue::Seq(items) => {
            NodeValue::Seq(items.into_iter().map(|i| to_node(text, i)).collect())
        }
        RawValue::Map(entries) => NodeValue::Map(
            entries
                .into_iter()
                .map(|(k, v)| (to_node(text, k), to_node(text, v)))
                .collect(),
        ),
    };
    // A collection's own token is empty or one character; stretch it over its children that
    // are written after it (an alias's children live elsewhere).
    let mut end = span.end;
    let mut extend = |n: &Node| {
        if n.span.start >= span.start {
            end = end.max(n.span.end);
        }
    };
    match &value {
        NodeValue::Seq(items) => items.iter().for_each(&mut extend),
        NodeValue::Map(entries) => entries.iter().for_each(|(k, v)| {
            extend(k);
            extend(v);
        }),
        _ => {}
    }
    let span = span.start..end;
    let raw = if matches!(value, NodeValue::Seq(_) | NodeValue::Map(_)) && raw.start == span.start {
        span.clone()
    } else {
        raw
    };
    Node { span, raw, value }
}

/// A serde-saphyr location as a byte range of `text`.
fn loc_range(text: &str, loc: &Location) -> Range<usize> {
    let sp = loc.span();
    if let (Some(start), Some(len)) = (sp.byte_offset(), sp.byte_len()) {
        let start = (start as usize).min(text.len());
        let end = (start + len as usize).min(text.len());
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            return start..end;
        }
    }
    if loc.line() == 0 {
        return 0..0;
    }
    let start = byte_at(text, loc.line() as usize, loc.column() as usize);
    let chars = sp.len() as usize;
    let end = text[start..]
        .char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| start + i);
    start..end
}

/// Byte offset of a 1-based line and 1-based character column.
pub fn byte_at(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let line_start = line_start.min(text.len());
    let rest = &text[line_start..];
    let line_len = rest.find('\n').unwrap_or(rest.len());
    line_start
        + rest[..line_len]
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(line_len, |(i, _)| i)
}

/// A serde-saphyr error as a problem at its location, in Chinese where the kind is known.
fn yaml_problem(text: &str, e: &serde_saphyr::Error) -> Problem {
    use serde_saphyr::Error as E;
    use serde_saphyr::MessageFormatter;
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let at = e
        .location()
        .or_else(|| inner.location())
        .filter(|l| l.line() > 0)
        .map_or(0, |l| byte_at(text, l.line() as usize, l.column() as usize));
    // Underline the token there: up to white space or a flow indicator, at least one character.
    let token = text[at..]
        .find(|c: char| c.is_whitespace() || ",[]{}".contains(c))
        .unwrap_or(text.len() - at);
    let token = if token == 0 {
        text[at..].chars().next().map_or(0, char::len_utf8)
    } else {
        token
    };
    let span = at..at + token;
    let english = serde_saphyr::UserMessageFormatter
        .format_message(inner)
        .into_owned();
    const ALIAS_HELP: &str =
        "规则文件中的锚点（&）和别名（*）不能层层展开成大量内容（“别名炸弹”），请直接写出内容";
    let (message, help): (String, Option<String>) = match inner {
        E::DuplicateMappingKey { key, .. } => (
            match key {
                Some(k) => format!("重复的键“{k}”"),
                None => "重复的键".to_string(),
            },
            Some("同一个映射中每个键只能出现一次，请删除或合并重复的那一个".into()),
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (
            "YAML 别名展开过多，已拒绝加载".into(),
            Some(ALIAS_HELP.into()),
        ),
        E::Budget { breach, .. } => {
            use serde_saphyr::budget::BudgetBreach as B;
            match breach {
                B::Aliases { .. } | B::Anchors { .. } => (
                    "YAML 锚点或别名过多，已拒绝加载".into(),
                    Some(ALIAS_HELP.into()),
                ),
                B::Depth { .. } => (
                    "YAML 嵌套层数过深，已拒绝加载".into(),
                    Some("规则文件的结构只需几层：pack、rules、每条规则的键".into()),
                ),
                B::Documents { .. } => (
                    "一个规则文件只能包含一个 YAML 文档".into(),
                    Some("删除多余的“---”分隔线，或把规则拆到不同的文件中".into()),
                ),
                _ => (
                    format!("YAML 文件超出解析限制，已拒绝加载（{english}）"),
                    None,
                ),
            }
        }
        E::MultipleDocuments { .. } => (
            "一个规则文件只能包含一个 YAML 文档".into(),
            Some("删除多余的“---”分隔线，或把规则拆到不同的文件中".into()),
        ),
        E::UnknownAnchor { .. } => (
            "别名引用了未定义的锚点".into(),
            Some("别名 *名称 之前须先用 &名称 定义锚点".into()),
        ),
        _ => (
            format!("YAML 语法错误：{english}"),
            Some(
                "检查缩进和冒号；含“: ”“ #”或以 { [ * & ! | > ' \" % @ ` 开头的值要用引号括起来，多行表达式可写成 when: | 块"
                    .into(),
            ),
        ),
    };
    Problem::new(span, message, help)
}

// ---------------------------------------------------------------------------------------------
// Scalars and their positions.

/// A text value of the pack with its position.
#[derive(Debug, Clone)]
pub struct Text {
    pub value: String,
    /// Where the value is used (for an alias, the `*a` token).
    pub span: Range<usize>,
    /// The scalar as written in the file, quotes and all.
    pub raw: Range<usize>,
}

impl Text {
    /// The byte range of the pack text `src` that holds `range`, a byte range of the value
    /// (e.g. a `LangError` span inside a `when:` expression). Falls back to the whole scalar
    /// when the raw scalar cannot be walked back to the value.
    pub fn locate(&self, src: &str, range: Range<usize>) -> Range<usize> {
        match scalar_map(src, self.raw.clone(), &self.value) {
            Some(map) => map_range(&map, range, self.raw.clone()),
            None => self.raw.clone(),
        }
    }
}

/// One character of a decoded scalar: its byte offset in the value and the bytes of the file
/// that produced it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Piece {
    at: usize,
    raw_start: usize,
    raw_end: usize,
}

fn map_range(map: &[Piece], range: Range<usize>, whole: Range<usize>) -> Range<usize> {
    let start = map.iter().find(|p| p.at >= range.start).map_or_else(
        || map.last().map_or(whole.end, |p| p.raw_end),
        |p| p.raw_start,
    );
    if range.end <= range.start {
        return start..start;
    }
    let end = map
        .iter()
        .rev()
        .find(|p| p.at < range.end)
        .map_or(start, |p| p.raw_end);
    start..end.max(start)
}

/// Walks the raw scalar at `raw` and returns, for every character of `value`, the bytes that
/// produced it; `None` when no walk reproduces `value`.
fn scalar_map(src: &str, raw: Range<usize>, value: &str) -> Option<Vec<Piece>> {
    let text = src.get(raw.clone())?;
    let candidates: Vec<Option<Vec<(char, usize, usize)>>> = match text.chars().next()? {
        '\'' => vec![flow(src, raw, Some('\''))],
        '"' => vec![flow(src, raw, Some('"'))],
        _ => vec![
            flow(src, raw.clone(), None),
            block(src, raw.clone(), false),
            block(src, raw, true),
        ],
    };
    let want = value.trim_end_matches('\n');
    for decoded in candidates.into_iter().flatten() {
        let mut chars = decoded;
        // Leading empty lines of a block scalar lie before the span serde-saphyr reports.
        let lead_value = want.len() - want.trim_start_matches('\n').len();
        let lead_decoded = chars.iter().take_while(|c| c.0 == '\n').count();
        if lead_value > lead_decoded && lead_decoded == 0 {
            let at = chars.first().map_or(0, |c| c.1);
            let mut pre: Vec<(char, usize, usize)> = vec![('\n', at, at); lead_value];
            pre.append(&mut chars);
            chars = pre;
        }
        let s: String = chars.iter().map(|c| c.0).collect();
        if s.trim_end_matches('\n') != want {
            continue;
        }
        let mut at = 0;
        let mut out = Vec::with_capacity(chars.len());
        for (c, raw_start, raw_end) in chars {
            out.push(Piece {
                at,
                raw_start,
                raw_end,
            });
            at += c.len_utf8();
        }
        return Some(out);
    }
    None
}

/// Decodes a plain (`quote == None`), single- or double-quoted scalar spanning `raw`.
fn flow(src: &str, raw: Range<usize>, quote: Option<char>) -> Option<Vec<(char, usize, usize)>> {
    let (start, end) = match quote {
        Some(q) => {
            let text = &src[raw.clone()];
            if text.len() < 2 || !text.ends_with(q) {
                return None;
            }
            (raw.start + 1, raw.end - 1)
        }
        None => (raw.start, raw.end),
    };
    // Lines of the scalar with absolute offsets.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = start;
    for part in src[start..end].split('\n') {
        lines.push((s, s + part.len()));
        s += part.len() + 1;
    }
    let is_ws = |c: char| c == ' ' || c == '\t';
    // Content of each line: leading white space trimmed except on the first line, trailing
    // white space trimmed except on the last.
    let n = lines.len();
    let content: Vec<(usize, usize)> = lines
        .iter()
        .enumerate()
        .map(|(i, &(a, b))| {
            let line = &src[a..b];
            let lead = if i == 0 {
                0
            } else {
                line.len() - line.trim_start_matches(is_ws).len()
            };
            let trail = if i + 1 == n {
                line.len()
            } else {
                line.trim_end_matches(is_ws).len()
            };
            (a + lead, a + trail.max(lead))
        })
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < n {
        let (a, b) = content[i];
        let escaped_break = decode_line(src, a, b, quote, &mut out)?;
        if i + 1 == n {
            break;
        }
        // Fold the break(s) up to the next line with content.
        let mut j = i + 1;
        while j + 1 < n && content[j].0 == content[j].1 {
            j += 1;
        }
        let empty = j - i - 1;
        let (gap_start, gap_end) = (b, content[j].0);
        if !escaped_break {
            if empty == 0 {
                out.push((' ', gap_start, gap_end));
            } else {
                for _ in 0..empty {
                    out.push(('\n', gap_start, gap_end));
                }
            }
        }
        i = j;
    }
    Some(out)
}

/// Decodes one line of a flow scalar into `out`; returns whether it ends with an escaped line
/// break (a double-quoted line ending in `\`).
fn decode_line(
    src: &str,
    a: usize,
    b: usize,
    quote: Option<char>,
    out: &mut Vec<(char, usize, usize)>,
) -> Option<bool> {
    let line = &src[a..b];
    let mut it = line.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let pos = a + i;
        match (quote, c) {
            (Some('\''), '\'') => {
                let (_, next) = it.next()?;
                if next != '\'' {
                    return None;
                }
                out.push(('\'', pos, pos + 2));
            }
            (Some('"'), '\\') => {
                let Some((_, e)) = it.next() else {
                    return Some(true);
                };
                let simple = match e {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    't' | '\t' => Some('\t'),
                    'n' => Some('\n'),
                    'v' => Some('\u{b}'),
                    'f' => Some('\u{c}'),
                    'r' => Some('\r'),
                    'e' => Some('\u{1b}'),
                    ' ' => Some(' '),
                    '"' => Some('"'),
                    '/' => Some('/'),
                    '\\' => Some('\\'),
                    'N' => Some('\u{85}'),
                    '_' => Some('\u{a0}'),
                    'L' => Some('\u{2028}'),
                    'P' => Some('\u{2029}'),
                    _ => None,
                };
                if let Some(ch) = simple {
                    out.push((ch, pos, pos + 1 + e.len_utf8()));
                    continue;
                }
                let digits = match e {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => return None,
                };
                let mut code = 0u32;
                for _ in 0..digits {
                    let (_, d) = it.next()?;
                    code = code * 16 + d.to_digit(16)?;
                }
                out.push((char::from_u32(code)?, pos, pos + 2 + digits));
            }
            _ => out.push((c, pos, pos + c.len_utf8())),
        }
    }
    Some(false)
}

/// Decodes a literal (`|`) or folded (`>`) block scalar whose content starts at `raw.start`
/// (serde-saphyr's span starts at the content indentation of its first non-empty line).
fn block(src: &str, raw: Range<usize>, folded: bool) -> Option<Vec<(char, usize, usize)>> {
    let line_start = src[..raw.start].rfind('\n').map_or(0, |i| i + 1);
    let indent = raw.start - line_start;
    if !src[line_start..raw.start].bytes().all(|b| b == b' ') {
        return None;
    }
    // Each line's content (after the indentation) as an absolute range, and the position of
    // the line break after it.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut s = line_start;
    for part in src[line_start..raw.end].split('\n') {
        let (a, b) = (s, s + part.len());
        s = b + 1;
        if part.len() >= indent && part.as_bytes()[..indent].iter().all(|&c| c == b' ') {
            lines.push((a + indent, b));
        } else if part.trim_matches(' ').is_empty() {
            lines.push((b, b));
        } else {
            return None;
        }
    }
    let mut out = Vec::new();
    let push_line = |out: &mut Vec<(char, usize, usize)>, (a, b): (usize, usize)| {
        for (i, c) in src[a..b].char_indices() {
            out.push((c, a + i, a + i + c.len_utf8()));
        }
    };
    if !folded {
        for &(a, b) in &lines {
            push_line(&mut out, (a, b));
            out.push(('\n', b, b + 1));
        }
        return Some(out);
    }
    let more_indented = |(a, b): (usize, usize)| a < b && src[a..].starts_with([' ', '\t']);
    let n = lines.len();
    let mut i = 0;
    // Leading empty lines are kept as line breaks.
    while i < n && lines[i].0 == lines[i].1 {
        out.push(('\n', lines[i].1, lines[i].1 + 1));
        i += 1;
    }
    while i < n {
        push_line(&mut out, lines[i]);
        let mut j = i + 1;
        while j < n && lines[j].0 == lines[j].1 {
            j += 1;
        }
        let empty = j - i - 1;
        let gap = (lines[i].1, lines.get(j).map_or(lines[i].1 + 1, |l| l.0));
        if j == n {
            out.push(('\n', gap.0, gap.0 + 1));
            break;
        }
        if more_indented(lines[i]) || more_indented(lines[j]) {
            for _ in 0..=empty {
                out.push(('\n', gap.0, gap.1));
            }
        } else if empty == 0 {
            out.push((' ', gap.0, gap.1));
        } else {
            for _ in 0..empty {
                out.push(('\n', gap.0, gap.1));
            }
        }
        i = j;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------------
// The pack document.

/// A value with the byte range it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At<T> {
    pub value: T,
    pub span: Range<usize>,
}

/// A pack file as written, checked for shape (keys, types, enumerations, required keys), not
/// yet for expressions.
#[derive(Debug, Clone, Default)]
pub struct PackDoc {
    pub name: Option<Text>,
    pub description: Option<Text>,
    pub lexicons: Vec<LexiconDoc>,
    pub rules: Vec<RuleDoc>,
}

/// A `lexicons:` entry.
#[derive(Debug, Clone)]
pub struct LexiconDoc {
    pub name: Text,
    pub source: LexiconSource,
}

#[derive(Debug, Clone)]
pub enum LexiconSource {
    /// An inline list of terms; `span` covers the list.
    Terms {
        terms: Vec<Text>,
        span: Range<usize>,
    },
    /// A file of one term per line, relative to the pack file.
    File(Text),
}

/// What a rule's `match:` says.
#[derive(Debug, Clone)]
pub enum MatchDoc {
    /// A `/regex/`, `lexicon("name")` or a list literal, for `lang::compile_pattern`.
    Pattern(Text),
    /// A YAML list of terms.
    Terms {
        terms: Vec<Text>,
        span: Range<usize>,
    },
}

impl MatchDoc {
    pub fn span(&self) -> Range<usize> {
        match self {
            MatchDoc::Pattern(t) => t.span.clone(),
            MatchDoc::Terms { span, .. } => span.clone(),
        }
    }
}

/// One rule as written. A required key that is missing or malformed has been reported and is
/// `None` here; everything that is `Some` is well-formed.
#[derive(Debug, Clone, Default)]
pub struct RuleDoc {
    /// The rule's mapping in the file.
    pub span: Range<usize>,
    pub id: Option<Text>,
    pub code: Option<Text>,
    pub severity: Option<At<Severity>>,
    pub scope: Option<At<Scope>>,
    pub when: Option<Text>,
    pub matcher: Option<MatchDoc>,
    pub message: Option<Text>,
    pub help: Option<Text>,
    pub description: Option<Text>,
    pub fix: Option<Text>,
    pub applicability: Option<At<Applicability>>,
    pub invalid: Vec<Text>,
    pub valid: Vec<Text>,
    /// Did reading it find a problem? Such a rule is checked further but never compiled.
    pub broken: bool,
}

impl RuleDoc {
    /// Where to point when the rule as a whole is at fault: its id, else its first key.
    pub fn anchor(&self) -> Range<usize> {
        self.id
            .as_ref()
            .map_or(self.span.start..self.span.start, |t| t.span.clone())
    }
}

pub const PACK_KEYS: &[&str] = &["pack", "description", "lexicons", "rules"];
pub const RULE_KEYS: &[&str] = &[
    "id",
    "code",
    "severity",
    "scope",
    "when",
    "match",
    "message",
    "help",
    "description",
    "fix",
    "applicability",
    "examples",
];
pub const EXAMPLE_KEYS: &[&str] = &["invalid", "valid"];
pub const SEVERITIES: &[&str] = &["error", "warning", "info", "off"];
pub const SCOPES: &[&str] = &[
    "document",
    "section",
    "task",
    "paragraph",
    "sentence",
    "match",
];
pub const APPLICABILITIES: &[&str] = &["safe", "unsafe"];

/// Words rule authors bring from other tools, and the key they mean.
const SYNONYMS: &[(&str, &str)] = &[
    ("name", "id"),
    ("rule", "id"),
    ("level", "severity"),
    ("type", "severity"),
    ("if", "when"),
    ("condition", "when"),
    ("where", "when"),
    ("expr", "when"),
    ("pattern", "match"),
    ("regex", "match"),
    ("regexp", "match"),
    ("terms", "match"),
    ("msg", "message"),
    ("text", "message"),
    ("title", "message"),
    ("hint", "help"),
    ("suggestion", "help"),
    ("doc", "description"),
    ("docs", "description"),
    ("replace", "fix"),
    ("replacement", "fix"),
    ("tests", "examples"),
    ("example", "examples"),
    ("bad", "invalid"),
    ("fail", "invalid"),
    ("positive", "invalid"),
    ("good", "valid"),
    ("pass", "valid"),
    ("negative", "valid"),
    ("lexicon", "lexicons"),
    ("words", "lexicons"),
];

/// The candidate `word` most likely stands for: same letters in another case, a known synonym,
/// a prefix (`warn` → `warning`), or within a small edit distance.
pub fn did_you_mean<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    let lower = word.trim().to_lowercase();
    if lower.is_empty() {
        return None;
    }
    if let Some(c) = candidates.iter().find(|c| **c == lower) {
        return Some(c);
    }
    if let Some((_, to)) = SYNONYMS.iter().find(|(from, _)| *from == lower)
        && let Some(c) = candidates.iter().find(|c| *c == to)
    {
        return Some(c);
    }
    if lower.chars().count() >= 3
        && let Some(c) = candidates.iter().find(|c| c.starts_with(&lower))
    {
        return Some(c);
    }
    let max = (lower.chars().count() / 3).max(1);
    candidates
        .iter()
        .map(|c| (edit_distance(&lower, c), *c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Optimal string alignment distance (Levenshtein with adjacent transpositions), in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > 3 || a.len() > 64 || b.len() > 64 {
        return usize::MAX;
    }
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, cell) in d.iter_mut().enumerate().take(w) {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j] + 1)
                .min(d[i * w + j - 1] + 1)
                .min(d[(i - 1) * w + j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

fn join(list: &[&str]) -> String {
    list.join("、")
}

/// Reads the pack document from its YAML tree; every problem goes to `problems`.
pub fn read_pack(src: &str, root: &Node, problems: &mut Vec<Problem>) -> PackDoc {
    let mut doc = PackDoc::default();
    let before = problems.len();
    let entries = match &root.value {
        NodeValue::Map(entries) => entries,
        NodeValue::Null => {
            problems.push(Problem::new(
                0..0,
                "规则文件为空",
                Some("规则文件应包含 pack（包名）和 rules（规则列表）".into()),
            ));
            return doc;
        }
        other => {
            problems.push(Problem::new(
                root.span.clone(),
                format!(
                    "规则文件的顶层应为映射（pack、rules 等键），实为{}",
                    other.kind()
                ),
                Some("参照内置规则包 rules/plan.yaml 的写法：pack: 包名，rules: 规则列表".into()),
            ));
            return doc;
        }
    };
    let mut rules_key: Option<Range<usize>> = None;
    for (key, value) in entries {
        let Ok(name) = key_name(src, key, PACK_KEYS, "规则包", problems) else {
            continue;
        };
        match name {
            "pack" => doc.name = text(src, name, value, problems),
            "description" => doc.description = text(src, name, value, problems),
            "lexicons" => doc.lexicons = lexicons(src, value, problems),
            "rules" => {
                rules_key = Some(key.span.clone());
                match &value.value {
                    NodeValue::Seq(items) => {
                        doc.rules = items.iter().map(|i| read_rule(src, i, problems)).collect()
                    }
                    NodeValue::Null => {}
                    other => problems.push(Problem::new(
                        value.span.clone(),
                        format!("rules 应为规则列表，实为{}", other.kind()),
                        Some("每条规则以“- id: …”开始，缩进在 rules: 之下".into()),
                    )),
                }
            }
            _ => {} // key_name returns only the keys matched above
        }
    }
    if doc.rules.is_empty() && doc.lexicons.is_empty() && problems.len() == before {
        problems.push(Problem::new(
            rules_key.unwrap_or(root.span.start..root.span.start),
            "规则包中没有规则",
            Some("在 rules: 下列出规则，每条以“- id: …”开始".into()),
        ));
    }
    doc
}

/// A mapping key's name if it is one of `allowed`; otherwise a problem with a suggestion.
/// `Err` carries the suggestion, so that a "missing key" problem is not added on top.
fn key_name<'a>(
    src: &str,
    key: &Node,
    allowed: &[&'a str],
    what: &str,
    problems: &mut Vec<Problem>,
) -> Result<&'a str, Option<&'a str>> {
    let name = match &key.value {
        NodeValue::Str(s) => s.clone(),
        NodeValue::Number(_) | NodeValue::Bool(_) => src[key.raw.clone()].to_string(),
        _ => {
            problems.push(Problem::new(
                key.span.clone(),
                "键应为文本",
                Some(format!("可用的键：{}", join(allowed))),
            ));
            return Err(None);
        }
    };
    if let Some(k) = allowed.iter().find(|k| **k == name) {
        return Ok(k);
    }
    let list = format!("{what}可用的键：{}", join(allowed));
    let suggestion = did_you_mean(&name, allowed);
    let help = match suggestion {
        Some(s) => format!("是不是要写“{s}”？{list}"),
        None => list,
    };
    problems.push(Problem::new(
        key.span.clone(),
        format!("{what}中有未知的键“{name}”"),
        Some(help),
    ));
    Err(suggestion)
}

/// A scalar as text: strings as they are, numbers and booleans as written.
fn scalar(src: &str, node: &Node) -> Option<Text> {
    let value = match &node.value {
        NodeValue::Str(s) => s.clone(),
        NodeValue::Number(_) | NodeValue::Bool(_) => src.get(node.raw.clone())?.to_string(),
        _ => return None,
    };
    Some(Text {
        value,
        span: node.span.clone(),
        raw: node.raw.clone(),
    })
}

/// The text value of key `key`, or a problem.
fn text(src: &str, key: &str, node: &Node, problems: &mut Vec<Problem>) -> Option<Text> {
    if let Some(t) = scalar(src, node) {
        if t.value.trim().is_empty() {
            problems.push(Problem::new(
                node.span.clone(),
                format!("{key} 的值为空"),
                None,
            ));
            return None;
        }
        return Some(t);
    }
    let help = if src[node.span.start..].starts_with(['{', '[']) {
        Some(format!(
            "以“{{”或“[”开头的值会被 YAML 当作映射或列表，请整体加引号，如 {key}: \"{{task.title}}……\""
        ))
    } else if matches!(node.value, NodeValue::Null) {
        Some(format!("在 {key}: 后写上内容，或删除这一行"))
    } else {
        None
    };
    problems.push(Problem::new(
        node.span.clone(),
        format!("{key} 应为文本，实为{}", node.value.kind()),
        help,
    ));
    None
}

/// A value from a fixed list (`severity`, `scope`, `applicability`).
fn choice<T>(
    src: &str,
    key: &str,
    node: &Node,
    options: &[&str],
    parse: impl Fn(&str) -> Option<T>,
    problems: &mut Vec<Problem>,
) -> Option<At<T>> {
    let t = text(src, key, node, problems)?;
    if let Some(v) = parse(&t.value) {
        return Some(At {
            value: v,
            span: t.span,
        });
    }
    let list = format!("可选：{}", join(options));
    let help = match did_you_mean(&t.value, options) {
        Some(s) => format!("是不是要写“{s}”？{list}"),
        None => list,
    };
    problems.push(Problem::new(
        t.span,
        format!("{key} 的值“{}”无效", t.value),
        Some(help),
    ));
    None
}

fn parse_severity(s: &str) -> Option<Severity> {
    Some(match s {
        "error" => Severity::Error,
        "warning" => Severity::Warning,
        "info" => Severity::Info,
        "off" => Severity::Off,
        _ => return None,
    })
}

fn parse_scope(s: &str) -> Option<Scope> {
    Some(match s {
        "document" => Scope::Document,
        "section" => Scope::Section,
        "task" => Scope::Task,
        "paragraph" => Scope::Paragraph,
        "sentence" => Scope::Sentence,
        "match" => Scope::Match,
        _ => return None,
    })
}

fn parse_applicability(s: &str) -> Option<Applicability> {
    Some(match s {
        "safe" => Applicability::Safe,
        "unsafe" => Applicability::Unsafe,
        _ => return None,
    })
}

/// A list of non-empty texts (`match:` terms, lexicon terms, examples).
fn text_list(src: &str, key: &str, node: &Node, problems: &mut Vec<Problem>) -> Option<Vec<Text>> {
    let NodeValue::Seq(items) = &node.value else {
        problems.push(Problem::new(
            node.span.clone(),
            format!("{key} 应为列表，实为{}", node.value.kind()),
            None,
        ));
        return None;
    };
    let mut out = Vec::new();
    let mut ok = true;
    for item in items {
        match text(src, key, item, problems) {
            Some(t) => out.push(t),
            None => ok = false,
        }
    }
    ok.then_some(out)
}

fn lexicons(src: &str, node: &Node, problems: &mut Vec<Problem>) -> Vec<LexiconDoc> {
    let entries = match &node.value {
        NodeValue::Map(entries) => entries,
        NodeValue::Null => return Vec::new(),
        other => {
            problems.push(Problem::new(
                node.span.clone(),
                format!("lexicons 应为映射（词表名: 词语列表或文件路径），实为{}", other.kind()),
                Some("如 lexicons: {placeholders: [XX, ××]} 或 lexicons: {agencies: lexicons/agencies.txt}".into()),
            ));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let Some(name) = text(src, "词表名", key, problems) else {
            continue;
        };
        let source = match &value.value {
            NodeValue::Seq(_) => {
                match text_list(src, &format!("词表“{}”", name.value), value, problems) {
                    Some(terms) if terms.is_empty() => {
                        problems.push(Problem::new(
                            value.span.clone(),
                            format!("词表“{}”为空", name.value),
                            Some("列出至少一个词，或删除这个词表".into()),
                        ));
                        continue;
                    }
                    Some(terms) => LexiconSource::Terms {
                        terms,
                        span: value.span.clone(),
                    },
                    None => continue,
                }
            }
            _ => match text(src, &format!("词表“{}”", name.value), value, problems) {
                Some(path) => LexiconSource::File(path),
                None => continue,
            },
        };
        out.push(LexiconDoc { name, source });
    }
    out
}

fn read_rule(src: &str, node: &Node, problems: &mut Vec<Problem>) -> RuleDoc {
    let before = problems.len();
    let mut rule = RuleDoc {
        span: node.span.clone(),
        ..RuleDoc::default()
    };
    let NodeValue::Map(entries) = &node.value else {
        problems.push(Problem::new(
            node.span.clone(),
            format!("每条规则应为映射（id、code、message 等键），实为{}", node.value.kind()),
            Some("规则写法：\n  - id: task-missing-unit\n    code: PL101\n    severity: error\n    scope: task\n    when: not has(task.units)\n    message: 任务“{task.title}”未明确责任单位".into()),
        ));
        rule.broken = true;
        return rule;
    };
    let mut keys: Vec<(&str, Range<usize>)> = Vec::new();
    // Keys the author probably meant by an unknown key: not reported again as missing.
    let mut meant: Vec<&str> = Vec::new();
    for (key, value) in entries {
        let name = match key_name(src, key, RULE_KEYS, "规则", problems) {
            Ok(name) => name,
            Err(suggestion) => {
                meant.extend(suggestion);
                continue;
            }
        };
        keys.push((name, key.span.clone()));
        match name {
            "id" => rule.id = text(src, name, value, problems).filter(|t| check_id(t, problems)),
            "code" => {
                rule.code = text(src, name, value, problems).filter(|t| check_code(t, problems))
            }
            "severity" => {
                rule.severity = choice(src, name, value, SEVERITIES, parse_severity, problems)
            }
            "scope" => rule.scope = choice(src, name, value, SCOPES, parse_scope, problems),
            "applicability" => {
                rule.applicability = choice(
                    src,
                    name,
                    value,
                    APPLICABILITIES,
                    parse_applicability,
                    problems,
                )
            }
            "when" => rule.when = text(src, name, value, problems),
            "match" => {
                rule.matcher = match &value.value {
                    NodeValue::Seq(items) if items.is_empty() => {
                        problems.push(Problem::new(
                            value.span.clone(),
                            "match 的词语列表为空",
                            Some("列出至少一个要查找的词".into()),
                        ));
                        None
                    }
                    NodeValue::Seq(_) => {
                        text_list(src, name, value, problems).map(|terms| MatchDoc::Terms {
                            terms,
                            span: value.span.clone(),
                        })
                    }
                    _ => text(src, name, value, problems).map(MatchDoc::Pattern),
                }
            }
            "message" => rule.message = text(src, name, value, problems),
            "help" => rule.help = text(src, name, value, problems),
            "description" => rule.description = text(src, name, value, problems),
            "fix" => rule.fix = fix_text(src, value, problems),
            "examples" => examples(src, value, &mut rule, problems),
            _ => {} // key_name returns only the keys matched above
        }
    }
    let has = |k: &str| keys.iter().any(|(n, _)| *n == k) || meant.contains(&k);
    let key_span = |k: &str| keys.iter().find(|(n, _)| *n == k).map(|(_, s)| s.clone());
    let anchor = rule.anchor();
    let who = rule
        .id
        .as_ref()
        .map_or_else(|| "规则".to_string(), |t| format!("规则“{}”", t.value));
    for (k, help) in [
        (
            "id",
            "用小写字母和连字符写一个说明问题的名字，如 id: task-missing-unit",
        ),
        ("code", "写一个稳定的代码：大写字母加数字，如 code: PL101"),
        ("severity", "severity 可选：error、warning、info、off"),
        (
            "message",
            "写一句中文提示，可用 {字段} 占位，如 message: 任务“{task.title}”未明确责任单位",
        ),
    ] {
        if !has(k) {
            problems.push(Problem::new(
                anchor.clone(),
                format!("{who}缺少 {k}"),
                Some(help.into()),
            ));
        }
    }
    // How the rule finds what it reports.
    match (&rule.scope, has("scope"), &rule.matcher, has("match")) {
        (None, false, _, true) => {
            // `match:` alone makes a match rule.
            rule.scope = Some(At {
                value: Scope::Match,
                span: key_span("match").unwrap_or(anchor.clone()),
            });
        }
        (None, false, _, false) => problems.push(Problem::new(
            anchor.clone(),
            format!("{who}缺少 scope"),
            Some(format!(
                "scope 说明规则在哪里检查，可选：{}；有 match: 的规则可省略",
                join(SCOPES)
            )),
        )),
        (Some(s), _, _, false) if s.value == Scope::Match => problems.push(Problem::new(
            s.span.clone(),
            "scope: match 的规则必须有 match:",
            Some("用 match: 写出要查找的内容：/正则/、词语列表 [XX, ××] 或 lexicon(\"词表名\")".into()),
        )),
        (Some(s), _, _, true) if s.value != Scope::Match => problems.push(Problem::new(
            s.span.clone(),
            format!("有 match: 的规则 scope 应为 match，而不是 {}", s.value.as_str()),
            Some("把 scope 改为 match（或删去 scope）；要按文件、任务等条件筛选匹配，可另加 when: 条件".into()),
        )),
        (Some(s), _, _, false) if !has("when") => problems.push(Problem::new(
            s.span.clone(),
            format!("{who}缺少 when 条件"),
            Some(format!(
                "scope: {} 的规则要用 when: 写明在什么情况下报告，如 when: not has(task.units)",
                s.value.as_str()
            )),
        )),
        _ => {}
    }
    if has("fix") && !has("match") {
        problems.push(Problem::new(
            key_span("fix").unwrap_or(anchor.clone()),
            "只有带 match: 的规则才能有 fix",
            Some("fix 是替换匹配文字的模板，如 fix: \"{match.text}\"；其他规则请删去 fix".into()),
        ));
    }
    if has("applicability") && !has("fix") {
        problems.push(Problem::new(
            key_span("applicability").unwrap_or(anchor),
            "applicability 只对 fix 有效，但这条规则没有 fix",
            Some("删去 applicability，或加上 fix 模板".into()),
        ));
    }
    rule.broken = problems.len() > before;
    rule
}

/// A `fix:` template; an empty string is allowed (the fix deletes the match).
fn fix_text(src: &str, node: &Node, problems: &mut Vec<Problem>) -> Option<Text> {
    match scalar(src, node) {
        Some(t) => Some(t),
        None if matches!(node.value, NodeValue::Null) => Some(Text {
            value: String::new(),
            span: node.span.clone(),
            raw: node.raw.clone(),
        }),
        None => text(src, "fix", node, problems),
    }
}

fn examples(src: &str, node: &Node, rule: &mut RuleDoc, problems: &mut Vec<Problem>) {
    let NodeValue::Map(entries) = &node.value else {
        problems.push(Problem::new(
            node.span.clone(),
            format!(
                "examples 应为映射（invalid、valid），实为{}",
                node.value.kind()
            ),
            Some(
                "写法：examples: {invalid: [\"会触发的示例\"], valid: [\"不会触发的示例\"]}".into(),
            ),
        ));
        return;
    };
    for (key, value) in entries {
        let Ok(name) = key_name(src, key, EXAMPLE_KEYS, "examples ", problems) else {
            continue;
        };
        let list = match &value.value {
            NodeValue::Seq(_) => text_list(src, name, value, problems).unwrap_or_default(),
            _ => text(src, name, value, problems).into_iter().collect(),
        };
        match name {
            "invalid" => rule.invalid = list,
            _ => rule.valid = list,
        }
    }
}

/// Is the id kebab-case (`task-missing-unit`)?
fn check_id(t: &Text, problems: &mut Vec<Problem>) -> bool {
    let s = t.value.as_str();
    let ok = !s.is_empty()
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && !s.ends_with('-')
        && !s.contains("--")
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !ok {
        let mut suggestion = String::new();
        for c in s.trim().chars() {
            let c = match c {
                '_' | ' ' | '.' => '-',
                c => c.to_ascii_lowercase(),
            };
            if (c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                && !(c == '-' && (suggestion.is_empty() || suggestion.ends_with('-')))
            {
                suggestion.push(c);
            }
        }
        let suggestion = suggestion.trim_end_matches('-');
        let help = if suggestion.starts_with(|c: char| c.is_ascii_lowercase()) {
            format!("id 用小写字母、数字和连字符（kebab-case），如“{suggestion}”")
        } else {
            "id 用小写字母、数字和连字符（kebab-case），以字母开头，如“task-missing-unit”"
                .to_string()
        };
        problems.push(Problem::new(
            t.span.clone(),
            format!("规则 id“{s}”格式不对"),
            Some(help),
        ));
    }
    ok
}

/// Is the code capital letters then digits (`PL101`)?
fn check_code(t: &Text, problems: &mut Vec<Problem>) -> bool {
    let s = t.value.as_str();
    let letters = s.chars().take_while(char::is_ascii_uppercase).count();
    let ok = letters > 0 && s.len() > letters && s[letters..].chars().all(|c| c.is_ascii_digit());
    if !ok {
        let upper = s.to_ascii_uppercase();
        let l = upper.chars().take_while(char::is_ascii_uppercase).count();
        let help = if l > 0 && upper.len() > l && upper[l..].chars().all(|c| c.is_ascii_digit()) {
            format!("代码由大写字母加数字组成，如“{upper}”")
        } else {
            "代码由大写字母加数字组成，如“PL101”；发布后不要再改动或复用".to_string()
        };
        problems.push(Problem::new(
            t.span.clone(),
            format!("规则代码“{s}”格式不对"),
            Some(help),
        ));
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node_at<'a>(root: &'a Node, path: &[&str]) -> &'a Node {
        let mut n = root;
        for p in path {
            n = match &n.value {
                NodeValue::Map(entries) => {
                    &entries
                        .iter()
                        .find(|(k, _)| matches!(&k.value, NodeValue::Str(s) if s == p))
                        .unwrap()
                        .1
                }
                NodeValue::Seq(items) => &items[p.parse::<usize>().unwrap()],
                _ => panic!("no {p}"),
            };
        }
        n
    }

    fn text_at(src: &str, key: &str) -> Text {
        let root = parse_yaml(src).unwrap();
        scalar(src, node_at(&root, &[key])).unwrap()
    }

    /// Locates the first occurrence of `needle` in the value and returns the file text there.
    fn located<'a>(src: &'a str, t: &Text, needle: &str) -> &'a str {
        let at = t.value.find(needle).unwrap();
        &src[t.locate(src, at..at + needle.len())]
    }

    #[test]
    fn plain_single_and_double_quoted_scalars_map_back_exactly() {
        let src = "a: doc.kind == \"plan\" and has(x)\nb: 'it''s task.titel here'\nc: \"say \\\"hi\\\" to task.titel\\t!\"\nd: 任务“{task.titel}”未明确\n";
        let a = text_at(src, "a");
        assert_eq!(located(src, &a, "has(x)"), "has(x)");
        let b = text_at(src, "b");
        assert_eq!(b.value, "it's task.titel here");
        assert_eq!(located(src, &b, "task.titel"), "task.titel");
        assert_eq!(located(src, &b, "it's"), "it''s");
        let c = text_at(src, "c");
        assert_eq!(located(src, &c, "task.titel"), "task.titel");
        assert_eq!(located(src, &c, "\"hi\""), "\\\"hi\\\"");
        let d = text_at(src, "d");
        assert_eq!(located(src, &d, "task.titel"), "task.titel");
    }

    #[test]
    fn multi_line_plain_and_block_scalars_map_back_exactly() {
        let src = "a: doc.kind == \"plan\"\n  and   has(x)\n\n  or y\nb: |\n  doc.kind == \"plan\"\n    and has(task.titel)\nc: >-\n  first line\n  and task.titel\n\n  more\nd: |2\n    indented task.titel\n  x\ne: |\n\n  after blank task.titel\n";
        let a = text_at(src, "a");
        assert_eq!(a.value, "doc.kind == \"plan\" and   has(x)\nor y");
        assert_eq!(located(src, &a, "has(x)"), "has(x)");
        assert_eq!(located(src, &a, "or y"), "or y");
        // A range across the fold covers the line break in the file.
        let at = a.value.find("\" and").unwrap();
        assert_eq!(&src[a.locate(src, at..at + 5)], "\"\n  and");
        let b = text_at(src, "b");
        assert_eq!(located(src, &b, "task.titel"), "task.titel");
        let c = text_at(src, "c");
        assert_eq!(c.value, "first line and task.titel\nmore");
        assert_eq!(located(src, &c, "task.titel"), "task.titel");
        assert_eq!(located(src, &c, "more"), "more");
        let d = text_at(src, "d");
        assert_eq!(located(src, &d, "task.titel"), "task.titel");
        let e = text_at(src, "e");
        assert_eq!(located(src, &e, "task.titel"), "task.titel");
    }

    #[test]
    fn escapes_and_unicode_in_double_quotes_map_to_their_escape() {
        let src = "a: \"\\u4efb\\u52a1 task.titel \\x41\"\n";
        let a = text_at(src, "a");
        assert_eq!(a.value, "任务 task.titel A");
        assert_eq!(located(src, &a, "任务"), "\\u4efb\\u52a1");
        assert_eq!(located(src, &a, "task.titel"), "task.titel");
        assert_eq!(located(src, &a, "A"), "\\x41");
    }

    #[test]
    fn an_aliased_scalar_maps_into_its_anchor() {
        let src = "a: &c not has(task.titel)\nb: *c\n";
        let root = parse_yaml(src).unwrap();
        let b = scalar(src, node_at(&root, &["b"])).unwrap();
        assert_eq!(&src[b.span.clone()], "*c");
        assert_eq!(located(src, &b, "task.titel"), "task.titel");
        assert_eq!(src[..b.locate(src, 8..18).start].lines().count(), 1);
    }

    #[test]
    fn ranges_at_the_end_and_unmappable_scalars() {
        let src = "a: abc\n";
        let a = text_at(src, "a");
        assert_eq!(a.locate(src, 3..3), 6..6, "end of the value");
        assert_eq!(a.locate(src, 1..1), 4..4);
        // A value the walk cannot reproduce falls back to the whole scalar.
        let odd = Text {
            value: "something else".into(),
            span: 3..6,
            raw: 3..6,
        };
        assert_eq!(odd.locate(src, 0..2), 3..6);
    }

    #[test]
    fn collections_span_their_children() {
        let src = "rules:\n  - id: a\n    code: X1\n";
        let root = parse_yaml(src).unwrap();
        let rule = node_at(&root, &["rules", "0"]);
        assert_eq!(&src[rule.span.clone()], "id: a\n    code: X1");
    }

    #[test]
    fn yaml_1_1_booleans_stay_text() {
        let src = "severity: off\nx: yes\n";
        let root = parse_yaml(src).unwrap();
        assert!(matches!(&node_at(&root, &["severity"]).value, NodeValue::Str(s) if s == "off"));
    }

    #[test]
    fn did_you_mean_finds_typos_prefixes_and_synonyms() {
        assert_eq!(did_you_mean("whne", RULE_KEYS), Some("when"));
        assert_eq!(did_you_mean("mesage", RULE_KEYS), Some("message"));
        assert_eq!(did_you_mean("level", RULE_KEYS), Some("severity"));
        assert_eq!(did_you_mean("warn", SEVERITIES), Some("warning"));
        assert_eq!(did_you_mean("Error", SEVERITIES), Some("error"));
        assert_eq!(did_you_mean("tasks", SCOPES), Some("task"));
        assert_eq!(did_you_mean("fatal", SEVERITIES), None);
        assert_eq!(did_you_mean("zzzzzz", RULE_KEYS), None);
    }
}
