//! Run-time values of the rule language, and how a message shows them.
//!
//! Strings are [`Text`]: a document's paragraphs, tasks and sections are stretches of the one
//! document text, so the engine shares that text instead of copying it once per object.

use std::fmt::{self, Write as _};
use std::ops::{Deref, Range};
use std::sync::Arc;

use super::{Date, ObjectKind, fields};

/// A string value: a stretch of a shared text (`start..end` in bytes, on char boundaries).
#[derive(Clone)]
pub struct Text {
    buf: Arc<str>,
    start: u32,
    end: u32,
}

impl Text {
    /// `range` of `buf`, sharing it. A text too long for 32-bit offsets (past what the input
    /// limits let through) is copied instead.
    pub fn slice(buf: &Arc<str>, range: Range<usize>) -> Text {
        match (u32::try_from(range.start), u32::try_from(range.end)) {
            (Ok(start), Ok(end)) => {
                debug_assert!(buf.is_char_boundary(range.start) && buf.is_char_boundary(range.end));
                Text {
                    buf: Arc::clone(buf),
                    start,
                    end,
                }
            }
            _ => Text::from(&buf[range]),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.buf[self.start as usize..self.end as usize]
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text::from(Arc::<str>::from(s))
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text::from(Arc::<str>::from(s))
    }
}

impl From<Arc<str>> for Text {
    fn from(buf: Arc<str>) -> Text {
        let len = buf.len();
        Text::slice(&buf, 0..len)
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialOrd for Text {
    fn partial_cmp(&self, other: &Text) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Text {
    fn cmp(&self, other: &Text) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

/// A run-time value.
#[derive(Debug, Clone)]
pub enum Value {
    Null,
    Bool(bool),
    Number(f64),
    Str(Text),
    Date(Date),
    Regex(Arc<super::RegexLiteral>),
    List(Arc<Vec<Value>>),
    Object(Arc<Object>),
}

/// An object's fields, in the order of [`fields`] for its kind.
#[derive(Debug, Clone)]
pub struct Object {
    pub kind: ObjectKind,
    pub values: Vec<Value>,
}

impl Object {
    pub fn get(&self, name: &str) -> Option<&Value> {
        let i = fields(self.kind).iter().position(|f| f.name == name)?;
        self.values.get(i)
    }
}

/// Renders a value for a message: strings as they are, numbers without a trailing `.0`,
/// dates as `YYYY-MM-DD`, booleans as 是 / 否, lists joined with 、, null as nothing, an
/// object by its name, title or text.
pub fn display(v: &Value) -> String {
    let mut out = String::new();
    display_into(v, &mut out);
    out
}

/// [`display`] appended to `out`: a message renders its placeholders into one string.
pub(crate) fn display_into(v: &Value, out: &mut String) {
    match v {
        Value::Null => {}
        Value::Bool(b) => out.push_str(if *b { "是" } else { "否" }),
        Value::Number(n) => push_number(*n, out),
        Value::Str(s) => out.push_str(s),
        Value::Date(d) => {
            let _ = write!(out, "{d}");
        }
        Value::Regex(r) => {
            let _ = write!(out, "/{}/", r.as_str());
        }
        Value::List(items) => {
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push('、');
                }
                display_into(item, out);
            }
        }
        Value::Object(o) => {
            if let Some(v) = ["name", "title", "text"].iter().find_map(|f| o.get(f)) {
                display_into(v, out);
            }
        }
    }
}

fn push_number(n: f64, out: &mut String) {
    if n == 0.0 {
        // Also -0.0, which Display would print with its sign.
        out.push('0');
    } else {
        // f64's Display prints integral values without a fractional part.
        let _ = write!(out, "{n}");
    }
}

/// A Chinese name for the kind of a run-time value, for errors.
pub(crate) fn value_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "布尔值",
        Value::Number(_) => "数字",
        Value::Str(_) => "字符串",
        Value::Date(_) => "日期",
        Value::Regex(_) => "正则表达式",
        Value::List(_) => "列表",
        Value::Object(_) => "对象",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_slice_reads_its_stretch_and_compares_by_content() {
        let doc: Arc<str> = Arc::from("一、总体要求\n（一）加强组织领导。");
        let heading = Text::slice(&doc, 0..18);
        assert_eq!(heading.as_str(), "一、总体要求");
        assert_eq!(heading, Text::from("一、总体要求"));
        assert!(Arc::ptr_eq(&heading.buf, &doc), "shares the document text");
        let task = Text::slice(&doc, 19..doc.len());
        assert_eq!(&*task, "（一）加强组织领导。");
        assert!(
            heading < task,
            "ordered as the strings are: U+4E00 before U+FF08"
        );
        assert_eq!(format!("{task:?}"), "\"（一）加强组织领导。\"");
        assert_eq!(display(&Value::Str(task)), "（一）加强组织领导。");
    }
}
