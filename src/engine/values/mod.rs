//! The values rules see: a document, its sections, tasks, paragraphs and sentences as
//! [`lang::Object`]s.
//!
//! The document and its sections are built once. Paragraphs, sentences and tasks are built a
//! window of the text at a time ([`Window`]) and dropped when the rules have read it: one
//! object per paragraph, held for the whole document, came to several times the size of a
//! large file's text. Within a window, a paragraph's or task's object is built when a rule
//! first reads it; a re-check tells those met before from what they are made of
//! ([`DocValues::paragraph_context_is`], [`DocValues::task_is`]).
//!
//! Task objects, and whether kept fields are a task's own, are in `task`.

use std::cell::{OnceCell, RefCell};
use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use crate::extract::Facts;
use crate::lang::{self, Date, Object, ObjectKind, Scope, Text, Value};
use crate::memo::TextMemo;
use crate::outline::numbering::{self, NumberingIssue};
use crate::outline::{DocKind, Document, Item};
use crate::source::Span;
pub mod flat;
mod task;

pub use flat::Flat;
pub use task::TitleKeys;
use task::duplicate_tasks;

/// How much text one window covers, in bytes: its values then take a few times that, and a
/// document up to this size is a single window, whose values `count(…)` reads where they are
/// instead of building them again.
pub const WINDOW_BYTES: usize = 2 << 20;

pub(super) fn s(text: &str) -> Value {
    Value::Str(Text::from(text))
}

pub(super) fn opt_s(text: Option<&str>) -> Value {
    text.map_or(Value::Null, s)
}

pub(super) fn num(n: usize) -> Value {
    Value::Number(n as f64)
}

fn date(iso: Option<&str>) -> Value {
    iso.and_then(Date::parse).map_or(Value::Null, Value::Date)
}

pub(super) fn object(kind: ObjectKind, values: Vec<Value>) -> Value {
    debug_assert_eq!(values.len(), lang::fields(kind).len(), "{kind:?} fields");
    Value::Object(Arc::new(Object { kind, values }))
}

pub(super) fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

/// How many fields a paragraph object has.
const PARAGRAPH_FIELDS: usize = 6;

/// One piece of text a paragraph, sentence or match rule looks at.
#[derive(Debug, Clone)]
pub struct TextItem {
    pub span: Span,
    /// The section (top-level item) it lies in.
    pub section: Option<usize>,
    /// The task whose text it is part of.
    pub task: Option<usize>,
    /// The block it lies in.
    block: usize,
    /// A paragraph's object is built when first read ([`Window::value`]): on a re-check most
    /// paragraphs replay what was found in them, and no rule reads their object.
    value: OnceCell<Value>,
}

/// What every window of a document shares: the document and section objects, and the tables
/// by block and by task that its paragraphs and tasks are built from.
pub struct DocValues<'d> {
    doc: &'d Document,
    facts: &'d Facts,
    /// The document's text, which every text value is a stretch of.
    shared: Arc<str>,
    pub doc_value: Value,
    /// Top-level items of the plan, with their object.
    pub sections: Vec<(usize, Span, Value)>,
    /// For each item of the outline, its index in `sections` if it is a section: looked up
    /// for every paragraph of every paragraph and match rule, so a table, not a map.
    section_of_item: Vec<Slot>,
    /// Sentences are built only when a rule of the set looks at them: they would copy the
    /// text's structure once more, in one value per sentence.
    with_sentences: bool,
    /// For each task whose title repeats an earlier one's, the line of that earlier task.
    duplicates: Vec<Option<usize>>,
    /// By block: the task whose text it is part of, the item it starts, the numbering issue
    /// of that item.
    task_of_block: Vec<Slot>,
    item_of_block: Vec<Slot>,
    issue_of_block: Vec<Slot>,
    issues: Vec<NumberingIssue>,
}

/// The paragraphs (and their sentences) of a run of blocks, and the tasks they belong to and
/// that the window owns: what the rules of one pass read.
pub struct Window {
    /// The blocks whose paragraphs it holds; `paragraphs[i]` is block `blocks.start + i`.
    pub blocks: Range<usize>,
    pub paragraphs: Vec<TextItem>,
    pub sentences: Vec<TextItem>,
    /// The tasks a task rule visits in this window.
    pub owned_tasks: Range<usize>,
    /// Task objects from task `first_task` on, built when first read: on a re-check most
    /// tasks replay what was found in them by their text, and no rule reads their object.
    first_task: usize,
    tasks: Vec<OnceCell<Value>>,
    /// The shared words of the objects built so far, and the line of the last paragraph.
    words: RefCell<Words>,
    lines: RefCell<LineCursor>,
    /// Holds every block and task of the document.
    whole: bool,
}

impl Window {
    /// Whether the window holds every block and task of the document.
    pub fn is_whole(&self) -> bool {
        self.whole
    }

    /// The object of `item`, a paragraph or sentence of this window of `values`.
    pub fn value<'w>(&'w self, values: &DocValues<'_>, item: &'w TextItem) -> &'w Value {
        item.value.get_or_init(|| {
            let (words, lines) = (&mut self.words.borrow_mut(), &mut self.lines.borrow_mut());
            values.paragraph_object(item.block, words, lines)
        })
    }

    /// The object of task `t` of `values`, which must be owned by the window or hold one of
    /// its paragraphs.
    pub fn task<'w>(&'w self, values: &DocValues<'_>, t: usize) -> &'w Value {
        self.tasks[t - self.first_task].get_or_init(|| values.task(t, &mut self.words.borrow_mut()))
    }
}

/// Where a window starts and ends, in blocks and in owned tasks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowBounds {
    pub blocks: Range<usize>,
    pub tasks: Range<usize>,
}

impl<'d> DocValues<'d> {
    /// The values of `doc`; sentences only when `with_sentences`.
    pub fn new(
        doc: &'d Document,
        facts: &'d Facts,
        kind: Option<DocKind>,
        with_sentences: bool,
    ) -> Self {
        Self::keeping(doc, facts, kind, with_sentences, &mut TextMemo::off())
    }

    /// [`Self::new`], reusing and keeping in `titles` the key each task title is compared by
    /// to find repeats: folding every title again was the largest part of building the values
    /// on a re-check.
    pub fn keeping(
        doc: &'d Document,
        facts: &'d Facts,
        kind: Option<DocKind>,
        with_sentences: bool,
        titles: &mut TitleKeys,
    ) -> Self {
        let shared: Arc<str> = Arc::clone(&doc.source.text);
        let text = |span: Span| Value::Str(Text::slice(&shared, span.start..span.end));
        let kind = kind.unwrap_or(doc.header.kind);
        let h = &doc.header;
        let sections = section_spans(doc);
        // A long document has thousands of sections: their headings are stretches of the
        // text and their kinds a few shared words, not a string each.
        let mut words = Words::default();
        let doc_value = object(
            ObjectKind::Doc,
            vec![
                opt_s(h.title.as_ref().map(|(t, _)| t.as_str())),
                s(kind.as_str()),
                date(h.date.as_ref().map(|(_, iso)| iso.as_str())),
                doc.plan_year()
                    .map_or(Value::Null, |y| Value::Number(f64::from(y))),
                opt_s(h.doc_number_text.as_deref()),
                h.date.as_ref().map_or(Value::Null, |(span, _)| text(*span)),
                Value::Str(Text::from(Arc::clone(&shared))),
                s(&doc.source.path),
                list(facts.accountability.iter().map(|&a| text(a)).collect()),
                list(facts.targets.iter().map(|&t| text(t)).collect()),
                list(part_kinds(doc, &sections, &mut words)),
            ],
        );
        let section_values = sections
            .iter()
            .map(|&(i, span)| {
                let it = &doc.items[i];
                let v = object(
                    ObjectKind::Section,
                    vec![
                        text(Span::new(it.marker.start, it.title.end.max(it.marker.end))),
                        words.get(it.kind.map_or("other", |k| k.as_str())),
                        text(span),
                    ],
                );
                (i, span, v)
            })
            .collect();
        let mut section_of_item = vec![Slot::NONE; doc.items.len()];
        for (n, &(i, _)) in sections.iter().enumerate() {
            section_of_item[i] = Slot::of(n);
        }
        // Tables by block rather than maps: every block looks its item and issue up.
        let mut item_of_block = vec![Slot::NONE; doc.blocks.len()];
        for (i, it) in doc.items.iter().enumerate() {
            if let Some(slot) = item_of_block.get_mut(it.block) {
                *slot = Slot::of(i);
            }
        }
        let issues = numbering::issues(doc);
        let mut issue_of_block = vec![Slot::NONE; doc.blocks.len()];
        for (n, issue) in issues.iter().enumerate() {
            if let Some(slot) = issue_of_block.get_mut(doc.items[issue.item].block) {
                *slot = Slot::of(n);
            }
        }
        DocValues {
            doc,
            facts,
            doc_value,
            sections: section_values,
            section_of_item,
            with_sentences,
            duplicates: duplicate_tasks(doc, titles),
            task_of_block: task_of_block(doc),
            item_of_block,
            issue_of_block,
            issues,
            shared,
        }
    }

    /// The section object of top-level item `i`, if it is a section of the plan.
    pub fn section(&self, item: Option<usize>) -> Option<&Value> {
        let n = self.section_of_item.get(item?)?.get()?;
        self.sections.get(n).map(|(_, _, v)| v)
    }

    /// The document cut into windows of about `window_bytes` of text each, in order; at least
    /// one, so that document rules run on an empty document too. Each task is owned by one
    /// window, in task order: the window holding its first block, or a later one.
    pub fn windows(&self, window_bytes: usize) -> Vec<WindowBounds> {
        let blocks = &self.doc.blocks;
        let tasks = &self.doc.tasks;
        let mut out = Vec::new();
        let (mut start, mut first_task) = (0, 0);
        while start < blocks.len() || out.is_empty() {
            let from = blocks.get(start).map_or(0, |b| b.span.start);
            let mut end = start;
            while end < blocks.len()
                && (end == start || blocks[end].span.end.saturating_sub(from) <= window_bytes)
            {
                end += 1;
            }
            let mut last_task = first_task;
            if end == blocks.len() {
                last_task = tasks.len();
            } else {
                while last_task < tasks.len() && first_block(&tasks[last_task]) < end {
                    last_task += 1;
                }
            }
            out.push(WindowBounds {
                blocks: start..end,
                tasks: first_task..last_task,
            });
            (start, first_task) = (end, last_task);
        }
        out
    }

    /// The values of one window.
    pub fn window(&self, bounds: &WindowBounds) -> Window {
        let mut paragraphs = Vec::with_capacity(bounds.blocks.len());
        let mut sentences = Vec::new();
        for b in bounds.blocks.clone() {
            paragraphs.push(self.paragraph(b));
            if self.with_sentences {
                self.sentences_of(b, |item| sentences.push(item));
            }
        }
        let needed = || {
            let of_paragraphs = paragraphs.iter().filter_map(|p| p.task);
            bounds.tasks.clone().chain(of_paragraphs)
        };
        let first_task = needed().min().unwrap_or(bounds.tasks.start);
        let end = needed().max().map_or(first_task, |t| t + 1);
        let tasks = (first_task..end).map(|_| OnceCell::new()).collect();
        Window {
            whole: bounds.blocks.len() == self.doc.blocks.len()
                && bounds.tasks.len() == self.doc.tasks.len(),
            blocks: bounds.blocks.clone(),
            owned_tasks: bounds.tasks.clone(),
            paragraphs,
            sentences,
            first_task,
            tasks,
            words: RefCell::default(),
            lines: RefCell::default(),
        }
    }

    /// Visits every object of `scope` in document order, reading them from `window` when it
    /// holds the whole document and building them one at a time otherwise.
    pub fn each_item(
        &self,
        window: &Window,
        scope: Scope,
        visit: &mut dyn FnMut(&Value) -> ControlFlow<()>,
    ) {
        let _ = match scope {
            Scope::Document => visit(&self.doc_value),
            Scope::Section => self.sections.iter().try_for_each(|(_, _, v)| visit(v)),
            Scope::Match => ControlFlow::Continue(()),
            Scope::Task if window.whole => {
                (0..window.tasks.len()).try_for_each(|t| visit(window.task(self, t)))
            }
            Scope::Paragraph if window.whole => window
                .paragraphs
                .iter()
                .try_for_each(|p| visit(window.value(self, p))),
            Scope::Sentence if window.whole => window
                .sentences
                .iter()
                .try_for_each(|p| visit(window.value(self, p))),
            Scope::Task => {
                let mut words = Words::default();
                (0..self.doc.tasks.len()).try_for_each(|t| visit(&self.task(t, &mut words)))
            }
            Scope::Paragraph => {
                let (mut words, mut slot) = (Words::default(), Value::Null);
                let mut lines = LineCursor::default();
                (0..self.doc.blocks.len()).try_for_each(|b| {
                    self.paragraph_into(b, &mut words, &mut lines, &mut slot);
                    visit(&slot)
                })
            }
            Scope::Sentence if !self.with_sentences => ControlFlow::Continue(()),
            Scope::Sentence => (0..self.doc.blocks.len()).try_for_each(|b| {
                let mut flow = ControlFlow::Continue(());
                self.sentences_of(b, |item| {
                    if flow.is_continue() {
                        flow = visit(window.value(self, &item));
                    }
                });
                flow
            }),
        };
    }

    /// How many objects `scope` has in the whole document.
    pub fn count_items(&self, scope: Scope) -> usize {
        match scope {
            Scope::Document => 1,
            Scope::Section => self.sections.len(),
            Scope::Task => self.doc.tasks.len(),
            Scope::Paragraph => self.doc.blocks.len(),
            Scope::Sentence if !self.with_sentences => 0,
            Scope::Sentence => self
                .doc
                .blocks
                .iter()
                .map(|b| sentence_spans(&self.doc.source.text, b.span).len())
                .sum(),
            Scope::Match => 0,
        }
    }

    fn text(&self, span: Span) -> Value {
        Value::Str(Text::slice(&self.shared, span.start..span.end))
    }

    /// The paragraph of block `b`, its object not yet built.
    fn paragraph(&self, b: usize) -> TextItem {
        let doc = self.doc;
        TextItem {
            span: doc.blocks[b].span,
            section: doc.block_section[b],
            task: self.task_of_block[b].get(),
            block: b,
            value: OnceCell::new(),
        }
    }

    /// The object of block `b`'s paragraph.
    fn paragraph_object(&self, b: usize, words: &mut Words, lines: &mut LineCursor) -> Value {
        let mut values = Vec::with_capacity(PARAGRAPH_FIELDS);
        self.paragraph_fields(b, words, lines, &mut values);
        object(ObjectKind::Paragraph, values)
    }

    /// The paragraph object of block `b` into `slot`, refilling the object `slot` holds
    /// when nothing else holds it: a document-wide count over a long document visits every
    /// paragraph and is done with each at once, and allocating and freeing an object for
    /// each cost more than the count's own tests.
    fn paragraph_into(
        &self,
        b: usize,
        words: &mut Words,
        lines: &mut LineCursor,
        slot: &mut Value,
    ) {
        if let Value::Object(shared) = slot
            && let Some(object) = Arc::get_mut(shared)
        {
            object.values.clear();
            self.paragraph_fields(b, words, lines, &mut object.values);
            return;
        }
        *slot = self.paragraph_object(b, words, lines);
    }

    /// The fields of block `b`'s paragraph, in the order of
    /// `lang::fields(ObjectKind::Paragraph)`.
    fn paragraph_fields(
        &self,
        b: usize,
        words: &mut Words,
        lines: &mut LineCursor,
        values: &mut Vec<Value>,
    ) {
        let doc = self.doc;
        let numbering = self.issue_of_block[b].get().map(|n| &self.issues[n]);
        let item_of = self.item_of_block[b].get().map(|i| &doc.items[i]);
        let span = doc.blocks[b].span;
        // One push a field: building an array and extending by it copied the fields twice.
        values.reserve(PARAGRAPH_FIELDS);
        values.push(self.text(span));
        values.push(num(lines.line(doc, span.start)));
        values.push(item_of.map_or(Value::Null, |it| self.text(it.marker)));
        values.push(Value::Bool(item_of.is_some_and(|it| is_heading(doc, it))));
        values.push(numbering.map_or(Value::Null, |n| words.get(n.problem.as_str())));
        values.push(opt_s(
            numbering
                .map(|n| n.expected.as_str())
                .filter(|e| !e.is_empty()),
        ));
    }

    /// Whether `context` is what [`Self::paragraph_fields`] gives block `b`'s paragraph in the
    /// slots after its text and line (marker, heading, numbering problem and expected
    /// marker), compared with what they are made of rather than with a new object: a
    /// re-check asks this of every paragraph.
    pub fn paragraph_context_is(&self, b: usize, context: &Flat) -> bool {
        let doc = self.doc;
        let numbering = self.issue_of_block[b].get().map(|n| &self.issues[n]);
        let item_of = self.item_of_block[b].get().map(|i| &doc.items[i]);
        let mut r = context.reader();
        r.str_or_null(item_of.map(|it| doc.text(it.marker)))
            && r.bool(item_of.is_some_and(|it| is_heading(doc, it)))
            && r.str_or_null(numbering.map(|n| n.problem.as_str()))
            && r.str_or_null(
                numbering
                    .map(|n| n.expected.as_str())
                    .filter(|e| !e.is_empty()),
            )
            && r.is_done()
    }

    /// Hands each sentence of block `b` to `out`.
    fn sentences_of(&self, b: usize, mut out: impl FnMut(TextItem)) {
        let doc = self.doc;
        for span in sentence_spans(&doc.source.text, doc.blocks[b].span) {
            out(TextItem {
                span,
                section: doc.block_section[b],
                task: self.task_of_block[b].get(),
                block: b,
                value: OnceCell::from(object(
                    ObjectKind::Sentence,
                    vec![self.text(span), num(doc.line(span.start))],
                )),
            });
        }
    }
}

/// The lines of offsets visited in increasing order, found by stepping over the line starts
/// between them rather than by a search for each: paragraphs are built in block order.
#[derive(Default)]
struct LineCursor {
    /// Line starts at or before `at`, which is the 1-based line of `at`.
    line: usize,
    at: usize,
}

impl LineCursor {
    /// `doc.line(offset)`.
    fn line(&mut self, doc: &Document, offset: usize) -> usize {
        let lines = &doc.source.lines;
        // A first offset, or one behind the last, is searched for.
        if offset < self.at || self.line == 0 {
            self.line = doc.line(offset);
        } else {
            while self.line < lines.line_count() && lines.line_start(self.line + 1) <= offset {
                self.line += 1;
            }
        }
        self.at = offset;
        self.line
    }
}

/// The block a task's text starts in, which decides the window that owns it.
fn first_block(task: &crate::outline::Task) -> usize {
    task.parts.first().map_or(0, |&(b, _)| b)
}

/// Shared string values of fixed words, by the address of the word: the same few words
/// stand in thousands of objects, and a lookup must cost less than the allocation it saves.
#[derive(Default)]
struct Words {
    words: Vec<(&'static str, Value)>,
    no_units: Option<Value>,
}

impl Words {
    fn get(&mut self, word: &'static str) -> Value {
        let same =
            |k: &&'static str| std::ptr::eq(k.as_ptr(), word.as_ptr()) && k.len() == word.len();
        match self.words.iter().find(|(k, _)| same(k)) {
            Some((_, v)) => v.clone(),
            None => {
                let v = s(word);
                self.words.push((word, v.clone()));
                v
            }
        }
    }

    fn no_units(&mut self) -> Value {
        self.no_units
            .get_or_insert_with(|| list(Vec::new()))
            .clone()
    }
}

/// Top-level items of the plan with the span from their heading to the next one.
fn section_spans(doc: &Document) -> Vec<(usize, Span)> {
    let tops: Vec<usize> = (0..doc.items.len())
        .filter(|&i| doc.items[i].parent.is_none() && doc.items[i].in_plan)
        .collect();
    tops.iter()
        .enumerate()
        .map(|(n, &i)| {
            let start = doc.items[i].marker.start;
            let end = match tops.get(n + 1) {
                Some(&next) => {
                    let b = doc.items[next].block;
                    doc.blocks[..b].last().map_or(start, |bl| bl.span.end)
                }
                None => doc.blocks.last().map_or(start, |bl| bl.span.end),
            };
            (i, Span::new(start, end.max(start)))
        })
        .collect()
}

/// The kinds of the plan's parts: each section's, and those a lower heading names — a 工作目标
/// under 一、总体要求 is the plan's targets part.
fn part_kinds(doc: &Document, sections: &[(usize, Span)], words: &mut Words) -> Vec<Value> {
    let top = sections
        .iter()
        .map(|&(i, _)| doc.items[i].kind.map_or("other", |k| k.as_str()));
    let named = doc
        .items
        .iter()
        .filter(|it| it.in_plan && it.parent.is_some() && it.named)
        .filter_map(|it| it.kind.map(|k| k.as_str()));
    let mut kinds: Vec<&str> = top.collect();
    for k in named {
        if !kinds.contains(&k) {
            kinds.push(k);
        }
    }
    kinds.into_iter().map(|k| words.get(k)).collect()
}

/// A numbered heading standing on its own line above the text it heads (not a run-in
/// heading like “（一）指导思想。坚持…”, nor a one-line task).
fn is_heading(doc: &Document, it: &Item) -> bool {
    !it.run_in
        && (!it.children.is_empty() || !it.body.is_empty())
        && doc.text(it.title).chars().nth(30).is_none()
}

fn task_of_block(doc: &Document) -> Vec<Slot> {
    let mut out = vec![Slot::NONE; doc.blocks.len()];
    for (t, task) in doc.tasks.iter().enumerate() {
        for &(b, _) in &task.parts {
            out[b] = Slot::of(t);
        }
    }
    out
}

/// An optional index in four bytes: the tables by block hold one for every block, and an
/// `Option<usize>` would make them four times the size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Slot(u32);

impl Slot {
    const NONE: Slot = Slot(u32::MAX);

    /// Slot of index `i`; the input limits keep every count of a document far below `u32::MAX`.
    fn of(i: usize) -> Slot {
        match u32::try_from(i) {
            Ok(i) if i != u32::MAX => Slot(i),
            _ => panic!("index {i} past what a slot holds"),
        }
    }

    fn get(self) -> Option<usize> {
        (self != Slot::NONE).then_some(self.0 as usize)
    }
}

/// Sentences of a block: up to and including 。！？；, or the rest of the block.
fn sentence_spans(text: &str, block: Span) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = block.start;
    for (i, c) in text[block.start..block.end].char_indices() {
        if matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';') {
            let end = block.start + i + c.len_utf8();
            out.push(Span::new(start, end));
            start = end;
        }
    }
    if start < block.end {
        out.push(Span::new(start, block.end));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{DocValues, LineCursor, Slot, Value, Words};

    #[test]
    fn a_refilled_paragraph_is_a_fresh_one_and_leaves_a_kept_one_alone() {
        let text = "一、重点任务\n（一）开展巡查。\n（三）加强宣传。\n二、保障措施\n";
        let (doc, facts) = crate::read_str("a.txt", text);
        let values = DocValues::new(&doc, &facts, None, false);
        let mut words = Words::default();
        let fresh = |b: usize| {
            let p = values.paragraph_object(b, &mut Words::default(), &mut LineCursor::default());
            format!("{p:?}")
        };
        let (mut slot, mut lines) = (Value::Null, LineCursor::default());
        let mut kept = None;
        for b in 0..doc.blocks.len() {
            values.paragraph_into(b, &mut words, &mut lines, &mut slot);
            assert_eq!(format!("{slot:?}"), fresh(b));
            if b == 2 {
                kept = Some(slot.clone());
            }
        }
        assert!(doc.blocks.len() > 3);
        assert_eq!(format!("{:?}", kept.unwrap()), fresh(2));
    }

    #[test]
    fn the_line_cursor_finds_the_lines_a_search_finds() {
        let text = "一\n\n二三\r\n四\r五\n\n\n六七八\n";
        let (doc, _) = crate::read_str("a.txt", text);
        let offsets: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let mut cursor = LineCursor::default();
        // Forwards one by one, with jumps, and back.
        for &at in offsets
            .iter()
            .chain(offsets.iter().step_by(3))
            .chain(offsets.iter().rev())
        {
            assert_eq!(cursor.line(&doc, at), doc.line(at), "at {at}");
        }
    }

    #[test]
    fn a_slot_gives_back_its_index_and_none_is_none() {
        for i in [0, 1, 4_000_000, u32::MAX as usize - 1] {
            assert_eq!(Slot::of(i).get(), Some(i));
        }
        assert_eq!(Slot::NONE.get(), None);
    }
}
