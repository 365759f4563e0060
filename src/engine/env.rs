//! The values rules see: a document, its sections, tasks, paragraphs and sentences as
//! [`lang::Object`]s, built once per document and shared by every rule.

use std::collections::HashMap;
use std::sync::Arc;

use crate::extract::Facts;
use crate::lang::{self, Date, Object, ObjectKind, Scope, Text, Value};
use crate::outline::numbering;
use crate::outline::{DocKind, Document, Item};
use crate::source::Span;

fn s(text: &str) -> Value {
    Value::Str(Text::from(text))
}

fn opt_s(text: Option<&str>) -> Value {
    text.map_or(Value::Null, s)
}

fn num(n: usize) -> Value {
    Value::Number(n as f64)
}

fn date(iso: Option<&str>) -> Value {
    iso.and_then(Date::parse).map_or(Value::Null, Value::Date)
}

fn object(kind: ObjectKind, values: Vec<Value>) -> Value {
    debug_assert_eq!(values.len(), lang::fields(kind).len(), "{kind:?} fields");
    Value::Object(Arc::new(Object { kind, values }))
}

fn list(items: Vec<Value>) -> Value {
    Value::List(Arc::new(items))
}

/// One piece of text a paragraph, sentence or match rule looks at.
#[derive(Debug, Clone)]
pub struct TextItem {
    pub span: Span,
    /// The section (top-level item) it lies in.
    pub section: Option<usize>,
    /// The task whose text it is part of.
    pub task: Option<usize>,
    pub value: Value,
}

/// Everything rules of one document can see.
pub struct DocValues {
    pub doc: Value,
    /// Top-level items of the plan, with their object.
    pub sections: Vec<(usize, Span, Value)>,
    pub tasks: Vec<Value>,
    pub paragraphs: Vec<TextItem>,
    /// Empty when no rule of the set looks at sentences: they would copy the whole text once
    /// more, in one value per sentence.
    pub sentences: Vec<TextItem>,
    /// For each item of the outline, its index in `sections` if it is a section: looked up
    /// for every paragraph of every paragraph and match rule, so a table, not a map.
    section_of_item: Vec<Option<usize>>,
}

impl DocValues {
    /// The values of `doc`; sentences only when `with_sentences`.
    pub fn new(doc: &Document, facts: &Facts, kind: Option<DocKind>, with_sentences: bool) -> Self {
        // Every text value is a stretch of the document's own text, shared, not copied.
        let shared: Arc<str> = Arc::clone(&doc.source.text);
        let text = |span: Span| Value::Str(Text::slice(&shared, span.start..span.end));
        let kind = kind.unwrap_or(doc.header.kind);
        let h = &doc.header;
        let sections = section_spans(doc);
        let duplicates = duplicate_tasks(doc);
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
                list(part_kinds(doc, &sections)),
            ],
        );
        let section_values = sections
            .iter()
            .map(|&(i, span)| {
                let v = object(
                    ObjectKind::Section,
                    vec![
                        s(doc.heading_text(i)),
                        s(doc.items[i].kind.map_or("other", |k| k.as_str())),
                        text(span),
                    ],
                );
                (i, span, v)
            })
            .collect();
        // The few fixed words of units, deadlines and numbering problems (lead, own,
        // vague, skipped…), one copy each instead of one per object.
        let mut words = Words::default();
        // Tasks without units share one empty list.
        let no_units = list(Vec::new());
        let tasks = doc
            .tasks
            .iter()
            .zip(&facts.tasks)
            .enumerate()
            .map(|(ti, (t, f))| {
                let units: Vec<Value> = f
                    .units
                    .iter()
                    .map(|u| {
                        object(
                            ObjectKind::Unit,
                            vec![
                                text(u.name),
                                words.get(u.role.as_str()),
                                words.get(u.source.as_str()),
                                Value::Bool(u.generic),
                            ],
                        )
                    })
                    .collect();
                let deadline = f.deadline.as_ref().map_or(Value::Null, |d| {
                    object(
                        ObjectKind::Deadline,
                        vec![
                            text(d.span),
                            words.get(d.kind.as_str()),
                            date(d.date.as_deref()),
                            words.get(d.source.as_str()),
                        ],
                    )
                });
                let whole = task_span(doc, t);
                let duplicate_of = duplicates[ti].map_or(Value::Null, num);
                object(
                    ObjectKind::Task,
                    vec![
                        text(t.title),
                        text(whole),
                        t.marker.map_or(Value::Null, text),
                        num(doc.line(whole.start)),
                        if units.is_empty() {
                            no_units.clone()
                        } else {
                            list(units)
                        },
                        deadline,
                        duplicate_of,
                    ],
                )
            })
            .collect();
        let task_of_block = task_of_block(doc);
        // Tables by block rather than maps: every block looks its item and issue up.
        let mut item_of_block: Vec<Option<usize>> = vec![None; doc.blocks.len()];
        for (i, it) in doc.items.iter().enumerate() {
            if let Some(slot) = item_of_block.get_mut(it.block) {
                *slot = Some(i);
            }
        }
        let issues = numbering::issues(doc);
        let mut issue_of_block: Vec<Option<usize>> = vec![None; doc.blocks.len()];
        for (n, issue) in issues.iter().enumerate() {
            if let Some(slot) = issue_of_block.get_mut(doc.items[issue.item].block) {
                *slot = Some(n);
            }
        }
        let mut paragraphs = Vec::with_capacity(doc.blocks.len());
        let mut sentences = Vec::new();
        for (b, block) in doc.blocks.iter().enumerate() {
            let section = doc.block_section[b];
            let task = task_of_block[b];
            let numbering = issue_of_block[b].map(|n| &issues[n]);
            let item_of = item_of_block[b].map(|i| &doc.items[i]);
            let span = block.span;
            // Filled in place, in the order of `lang::fields(ObjectKind::Paragraph)`.
            let values = vec![
                text(span),
                num(doc.line(span.start)),
                item_of.map_or(Value::Null, |it| text(it.marker)),
                Value::Bool(item_of.is_some_and(|it| is_heading(doc, it))),
                numbering.map_or(Value::Null, |n| words.get(n.problem.as_str())),
                opt_s(
                    numbering
                        .map(|n| n.expected.as_str())
                        .filter(|e| !e.is_empty()),
                ),
            ];
            paragraphs.push(TextItem {
                span,
                section,
                task,
                value: object(ObjectKind::Paragraph, values),
            });
            if with_sentences {
                for span in sentence_spans(&doc.source.text, block.span) {
                    sentences.push(TextItem {
                        span,
                        section,
                        task,
                        value: object(
                            ObjectKind::Sentence,
                            vec![text(span), num(doc.line(span.start))],
                        ),
                    });
                }
            }
        }
        let mut section_of_item = vec![None; doc.items.len()];
        for (n, &(i, _)) in sections.iter().enumerate() {
            section_of_item[i] = Some(n);
        }
        DocValues {
            doc: doc_value,
            section_of_item,
            sections: section_values,
            tasks,
            paragraphs,
            sentences,
        }
    }

    /// The section object of top-level item `i`, if it is a section of the plan.
    pub fn section(&self, item: Option<usize>) -> Option<&Value> {
        let n = (*self.section_of_item.get(item?)?)?;
        self.sections.get(n).map(|(_, _, v)| v)
    }
}

/// Shared string values of fixed words, by the address of the word: the same few words
/// stand in thousands of objects, and a lookup must cost less than the allocation it saves.
#[derive(Default)]
struct Words(Vec<(&'static str, Value)>);

impl Words {
    fn get(&mut self, word: &'static str) -> Value {
        let same =
            |k: &&'static str| std::ptr::eq(k.as_ptr(), word.as_ptr()) && k.len() == word.len();
        match self.0.iter().find(|(k, _)| same(k)) {
            Some((_, v)) => v.clone(),
            None => {
                let v = s(word);
                self.0.push((word, v.clone()));
                v
            }
        }
    }
}

/// The span of a task's whole text.
pub fn task_span(doc: &Document, t: &crate::outline::Task) -> Span {
    let first = t.marker.map_or(t.title.start, |m| m.start);
    let last = t
        .parts
        .last()
        .map_or(t.title.end, |&(b, _)| doc.blocks[b].span.end);
    Span::new(first.min(t.title.start), last.max(t.title.end))
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
fn part_kinds(doc: &Document, sections: &[(usize, Span)]) -> Vec<Value> {
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
    kinds.into_iter().map(s).collect()
}

/// A numbered heading standing on its own line above the text it heads (not a run-in
/// heading like “（一）指导思想。坚持…”, nor a one-line task).
fn is_heading(doc: &Document, it: &Item) -> bool {
    !it.run_in
        && (!it.children.is_empty() || !it.body.is_empty())
        && doc.text(it.title).chars().nth(30).is_none()
}

/// For each task whose title repeats an earlier task's, the line of that earlier task. Titles
/// are compared on the matching view without punctuation, so （一） and 1. or a trailing 。
/// do not hide a repeat; titles under six characters (加强领导) are too generic to compare.
fn duplicate_tasks(doc: &Document) -> Vec<Option<usize>> {
    let mut first: HashMap<String, usize> = HashMap::new();
    let mut out = vec![None; doc.tasks.len()];
    for (t, task) in doc.tasks.iter().enumerate() {
        let mut key = crate::normalize::fold(doc.text(task.title));
        key.retain(is_alphanumeric);
        if key.chars().count() < 6 {
            continue;
        }
        match first.get(&key) {
            Some(&earlier) => {
                out[t] = Some(doc.line(doc.tasks[earlier].title.start));
            }
            None => {
                first.insert(key, t);
            }
        }
    }
    out
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

fn task_of_block(doc: &Document) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.blocks.len()];
    for (t, task) in doc.tasks.iter().enumerate() {
        for &(b, _) in &task.parts {
            out[b] = Some(t);
        }
    }
    out
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

/// The [`lang::Env`] of one evaluation: the roots bound at this point.
pub struct Bindings<'a> {
    pub values: &'a DocValues,
    pub section: Option<&'a Value>,
    pub task: Option<&'a Value>,
    pub paragraph: Option<&'a Value>,
    pub sentence: Option<&'a Value>,
    pub matched: Option<Value>,
    /// Word lists as values, fetched once per document rather than per call.
    pub lexicons: &'a DocLexicons<'a>,
    /// Item-independent values of this document; `None` on the reference path.
    pub cache: Option<&'a lang::eval::DocCache>,
    /// Answers to `matches` kept between versions of a document (the language server).
    pub answers: Option<&'a lang::eval::RegexAnswers>,
    pub today: Date,
}

impl lang::Env for Bindings<'_> {
    fn root(&self, name: &str) -> Option<Value> {
        match name {
            "doc" => Some(self.values.doc.clone()),
            "section" => self.section.cloned().or(Some(Value::Null)),
            "task" => self.task.cloned().or(Some(Value::Null)),
            "paragraph" => self.paragraph.cloned(),
            "sentence" => self.sentence.cloned(),
            "match" => self.matched.clone(),
            _ => None,
        }
    }

    fn root_ref(&self, kind: ObjectKind) -> Option<&Value> {
        match kind {
            ObjectKind::Doc => Some(&self.values.doc),
            ObjectKind::Section => self.section,
            ObjectKind::Task => self.task,
            ObjectKind::Paragraph => self.paragraph,
            ObjectKind::Sentence => self.sentence,
            ObjectKind::Match => self.matched.as_ref(),
            ObjectKind::Unit | ObjectKind::Deadline => None,
        }
    }

    fn items(&self, scope: Scope) -> Vec<Value> {
        let v = self.values;
        match scope {
            Scope::Document => vec![v.doc.clone()],
            Scope::Section => v.sections.iter().map(|(_, _, s)| s.clone()).collect(),
            Scope::Task => v.tasks.clone(),
            Scope::Paragraph => v.paragraphs.iter().map(|p| p.value.clone()).collect(),
            Scope::Sentence => v.sentences.iter().map(|p| p.value.clone()).collect(),
            Scope::Match => Vec::new(),
        }
    }

    fn lexicon(&self, name: &str) -> Option<Value> {
        self.lexicons.get(name)
    }

    fn today(&self) -> Date {
        self.today
    }

    fn cache(&self) -> Option<&lang::eval::DocCache> {
        self.cache
    }

    fn regex_answers(&self) -> Option<&lang::eval::RegexAnswers> {
        self.answers
    }
}

/// The rule set's word lists as values for one document, fetched on the first
/// `lexicon("…")` its rules evaluate: no built-in condition names one, and building the
/// values (the 6,784 set phrases among them) cost every process ≈2.8 M instructions.
pub struct DocLexicons<'a> {
    rules: &'a crate::rules::RuleSet,
    values: std::sync::OnceLock<Arc<std::collections::BTreeMap<String, Value>>>,
}

impl<'a> DocLexicons<'a> {
    pub fn new(rules: &'a crate::rules::RuleSet) -> Self {
        DocLexicons {
            rules,
            values: std::sync::OnceLock::new(),
        }
    }

    fn get(&self, name: &str) -> Option<Value> {
        self.values
            .get_or_init(|| self.rules.lexicon_values())
            .get(name)
            .cloned()
    }
}

/// The rule set's word lists as values.
pub fn lexicon_values(
    lexicons: &std::collections::BTreeMap<String, Arc<Vec<String>>>,
) -> std::collections::BTreeMap<String, Value> {
    lexicons
        .iter()
        .map(|(name, terms)| {
            let keys = terms.iter().map(|t| s(crate::rules::lexicon_entry(t).0));
            (name.clone(), list(keys.collect()))
        })
        .collect()
}

/// What a match rule sees of one match: the matched text, the entry value a lexicon gives
/// it, and its surroundings within the paragraph.
pub struct MatchContext<'t> {
    pub paragraph: &'t str,
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub value: Option<&'t str>,
    /// Whether the match lies inside 《》: more 《 than 》 before it in the paragraph. The
    /// caller counts them once per paragraph ([`QuoteCounter`]) rather than per match.
    pub quoted: bool,
}

/// Counts 《 and 》 up to increasing offsets of one paragraph, so that telling whether each of
/// its matches is quoted costs one pass over the paragraph, not one per match.
#[derive(Default)]
pub struct QuoteCounter {
    at: usize,
    open: usize,
    close: usize,
}

impl QuoteCounter {
    /// Is offset `to` of `paragraph` inside 《》?
    pub fn quoted(&mut self, paragraph: &str, to: usize) -> bool {
        if to < self.at {
            *self = QuoteCounter::default();
        }
        let part = &paragraph[self.at..to];
        self.open += part.matches('《').count();
        self.close += part.matches('》').count();
        self.at = to;
        self.open > self.close
    }
}

/// How far `match.before` and `match.after` reach, in characters.
const CONTEXT_CHARS: usize = 12;

/// A match object for `match.text`, `match.value`, `match.before`….
pub fn match_value(m: &MatchContext<'_>) -> Value {
    let before = &m.paragraph[..m.start];
    let after = &m.paragraph[m.end..];
    let before_start = before
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let after_end = after
        .char_indices()
        .nth(CONTEXT_CHARS)
        .map_or(after.len(), |(i, _)| i);
    let (value, year) = match m.value.map(crate::rules::value_year) {
        Some((v, y)) => (Some(v), y),
        None => (None, None),
    };
    let quoted = m.quoted;
    object(
        ObjectKind::Match,
        vec![
            s(&m.paragraph[m.start..m.end]),
            num(m.line),
            opt_s(value),
            year.map_or(Value::Null, |y| Value::Number(f64::from(y))),
            s(&before[before_start..]),
            s(&after[..after_end]),
            Value::Bool(quoted),
        ],
    )
}

#[cfg(test)]
mod quote_tests {
    use super::QuoteCounter;

    #[test]
    fn the_quick_alphanumeric_test_agrees_with_the_standard_one_on_every_char() {
        let differ: Vec<char> = (0..=u32::from(char::MAX))
            .filter_map(char::from_u32)
            .filter(|&c| super::is_alphanumeric(c) != c.is_alphanumeric())
            .collect();
        assert!(differ.is_empty(), "{differ:?}");
    }

    #[test]
    fn quote_counter_agrees_with_counting_from_the_start_in_any_order() {
        let p = "按照《关于《某某》的通知》要求，落实《方案》。";
        let offsets: Vec<usize> = p.char_indices().map(|(i, _)| i).collect();
        let naive = |to: usize| p[..to].matches('《').count() > p[..to].matches('》').count();
        let mut c = QuoteCounter::default();
        let mut quoted = 0;
        // Forwards, then backwards (a matcher whose hits are not sorted).
        for &to in offsets.iter().chain(offsets.iter().rev()) {
            assert_eq!(c.quoted(p, to), naive(to), "at {to}");
            quoted += usize::from(naive(to));
        }
        assert!(quoted > 0);
    }
}
