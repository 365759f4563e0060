//! Task objects: building one ([`DocValues::task`]), telling whether kept fields are a task's
//! own without building it ([`DocValues::task_is`]), and the line of the earlier task each
//! task's title repeats.

use std::sync::Arc;

use super::flat::{Flat, Reader};
use super::{DocValues, Words, date, list, num, object};
use crate::lang::{Date, ObjectKind, Value};
use crate::memo::TextMemo;
use crate::outline::Document;
use crate::source::Span;
use crate::wordhash::HashMap;

impl<'d> DocValues<'d> {
    /// The text of task `t`, by which what was found in it is kept.
    pub fn task_text(&self, t: usize) -> &'d str {
        self.doc.text(task_span(self.doc, &self.doc.tasks[t]))
    }

    /// Whether `fields` are the fields of task `t`'s object, compared with what it is built
    /// from rather than with a new object ([`Self::task`], whose fields these follow one by
    /// one): a re-check asks this of every task.
    pub fn task_is(&self, t: usize, fields: &Flat) -> bool {
        let doc = self.doc;
        let (task, facts) = (&doc.tasks[t], &self.facts.tasks[t]);
        let mut r = fields.reader();
        let whole = task_span(doc, task);
        let unit = |r: &mut Reader, u: &crate::extract::UnitRef| {
            r.object(ObjectKind::Unit, 4)
                && r.str(doc.text(u.name))
                && r.str(u.role.as_str())
                && r.str(u.source.as_str())
                && r.bool(u.generic)
        };
        let deadline = |r: &mut Reader| match &facts.deadline {
            None => r.null(),
            Some(d) => {
                r.object(ObjectKind::Deadline, 4)
                    && r.str(doc.text(d.span))
                    && r.str(d.kind.as_str())
                    && r.date_or_null(d.date.as_deref().and_then(Date::parse))
                    && r.str(d.source.as_str())
            }
        };
        r.str(doc.text(task.title))
            && r.str(doc.text(whole))
            && r.str_or_null(task.marker.map(|m| doc.text(m)))
            && r.number(doc.line(whole.start) as f64)
            && r.list(facts.units.len())
            && facts.units.iter().all(|u| unit(&mut r, u))
            && deadline(&mut r)
            && r.number_or_null(self.duplicates[t].map(|n| n as f64))
            && r.is_done()
    }

    /// The object of task `t`.
    pub(super) fn task(&self, t: usize, words: &mut Words) -> Value {
        let doc = self.doc;
        let (task, facts) = (&doc.tasks[t], &self.facts.tasks[t]);
        let units: Vec<Value> = facts
            .units
            .iter()
            .map(|u| {
                object(
                    ObjectKind::Unit,
                    vec![
                        self.text(u.name),
                        words.get(u.role.as_str()),
                        words.get(u.source.as_str()),
                        Value::Bool(u.generic),
                    ],
                )
            })
            .collect();
        let deadline = facts.deadline.as_ref().map_or(Value::Null, |d| {
            object(
                ObjectKind::Deadline,
                vec![
                    self.text(d.span),
                    words.get(d.kind.as_str()),
                    date(d.date.as_deref()),
                    words.get(d.source.as_str()),
                ],
            )
        });
        let whole = task_span(doc, task);
        object(
            ObjectKind::Task,
            vec![
                self.text(task.title),
                self.text(whole),
                task.marker.map_or(Value::Null, |m| self.text(m)),
                num(doc.line(whole.start)),
                // Tasks without units share one empty list.
                if units.is_empty() {
                    words.no_units()
                } else {
                    list(units)
                },
                deadline,
                self.duplicates[t].map_or(Value::Null, num),
            ],
        )
    }
}

/// The span of a task's whole text.
fn task_span(doc: &Document, t: &crate::outline::Task) -> Span {
    let first = t.marker.map_or(t.title.start, |m| m.start);
    let last = t
        .parts
        .last()
        .map_or(t.title.end, |&(b, _)| doc.blocks[b].span.end);
    Span::new(first.min(t.title.start), last.max(t.title.end))
}

/// The key a task title is compared by, kept by title text; `None` for a title too short
/// to compare.
pub type TitleKeys = TextMemo<Option<Arc<str>>>;

/// For each task whose title repeats an earlier task's, the line of that earlier task. Titles
/// are compared on the matching view without punctuation, so （一） and 1. or a trailing 。
/// do not hide a repeat; titles under six characters (加强领导) are too generic to compare.
pub(super) fn duplicate_tasks(doc: &Document, keys: &mut TitleKeys) -> Vec<Option<usize>> {
    // Only the first task of each title keeps its key, at its own length: the folded title
    // would keep the room of the whole original, for every task of a large plan. A key the
    // memo keeps is shared with it, not copied.
    let mut first: HashMap<Arc<str>, usize> = HashMap::default();
    let mut scratch = String::new();
    let mut out = vec![None; doc.tasks.len()];
    for (t, task) in doc.tasks.iter().enumerate() {
        let title = doc.text(task.title);
        let earlier = if keys.is_on() {
            keys.with(
                title,
                || duplicate_key(title, &mut String::new()).map(Arc::from),
                |key| {
                    key.as_ref()
                        .and_then(|k| first_with(&mut first, k, || Arc::clone(k), t))
                },
            )
        } else {
            duplicate_key(title, &mut scratch)
                .and_then(|k| first_with(&mut first, k, || Arc::from(k), t))
        };
        out[t] = earlier.map(|e| doc.line(doc.tasks[e].title.start));
    }
    out
}

/// A title's key, folded into `key`, when it has six characters or more.
fn duplicate_key<'k>(title: &str, key: &'k mut String) -> Option<&'k str> {
    crate::normalize::fold_into(title, key);
    key.retain(is_alphanumeric);
    (key.chars().count() >= 6).then_some(key.as_str())
}

/// The earlier task with this key, or none when task `t` is the first and now holds it.
fn first_with(
    first: &mut HashMap<Arc<str>, usize>,
    key: &str,
    owned: impl FnOnce() -> Arc<str>,
    t: usize,
) -> Option<usize> {
    match first.get(key) {
        Some(&earlier) => Some(earlier),
        None => {
            first.insert(owned(), t);
            None
        }
    }
}

/// `char::is_alphanumeric`, answered without its Unicode tables for the characters titles
/// are made of: every CJK Unified Ideograph is a letter, and ASCII has its own test. The
/// tables cost about a hundred instructions a character, which made the duplicate keys the
/// largest part of building the rule values.
fn is_alphanumeric(c: char) -> bool {
    match c {
        '\u{4E00}'..='\u{9FFF}' => true,
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        _ => c.is_alphanumeric(),
    }
}

#[cfg(test)]
mod tests {
    use super::DocValues;

    /// Versions of a plan whose tasks repeat, in Traditional and Simplified, with a title
    /// too short to compare and one that stops repeating: with the title keys kept from one
    /// version to the next, each finds the repeats a fresh build finds.
    #[test]
    fn kept_title_keys_find_the_repeats_fresh_keys_find() {
        let versions = [
            "一、重点任务\n（一）加强秸秆综合利用。\n（二）加强秸秆综合利用。\n（三）加强领导。\n（四）加强领导。\n",
            "一、重点任务\n（一）加强秸秆综合利用。\n（二）開展禁燒巡查工作。\n（三）开展禁烧巡查工作\n（四）加强秸秆综合利用。\n",
            "一、重点任务\n\n（一）加强秸秆综合利用。\n（二）开展禁烧巡查。\n（三）开展禁烧巡查工作\n（四）加强秸秆综合利用。\n",
        ];
        let mut keys = super::TitleKeys::on();
        let mut repeats = 0;
        for text in versions {
            let (doc, facts) = crate::read_str("a.txt", text);
            let kept = DocValues::keeping(&doc, &facts, None, false, &mut keys).duplicates;
            let fresh = DocValues::new(&doc, &facts, None, false).duplicates;
            assert_eq!(kept, fresh, "{text}");
            repeats += fresh.iter().flatten().count();
            keys.sweep();
        }
        assert_eq!(repeats, 4);
    }

    #[test]
    fn the_quick_alphanumeric_test_agrees_with_the_standard_one_on_every_char() {
        let differ: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| super::is_alphanumeric(c) != c.is_alphanumeric())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }
}
