//! The environment a rule's expressions are evaluated in: the objects bound at one item, the
//! document's values, and the match objects of pattern rules.

use std::ops::ControlFlow;
use std::sync::Arc;

use crate::lang::{self, Date, ObjectKind, Scope, Value};

use super::values::{DocValues, Window, list, num, object, opt_s, s};

/// The [`lang::Env`] of one evaluation: the roots bound at this point.
pub struct Bindings<'a> {
    pub values: &'a DocValues<'a>,
    /// The window of paragraphs and tasks being read.
    pub window: &'a Window,
    pub section: Option<&'a Value>,
    /// The task in scope, by index: its object is built when a condition reads it.
    pub task: Option<usize>,
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

impl<'a> Bindings<'a> {
    fn task_value(&self) -> Option<&'a Value> {
        self.task.map(|t| self.window.task(self.values, t))
    }
}

impl lang::Env for Bindings<'_> {
    fn root(&self, name: &str) -> Option<Value> {
        match name {
            "doc" => Some(self.values.doc_value.clone()),
            "section" => self.section.cloned().or(Some(Value::Null)),
            "task" => self.task_value().cloned().or(Some(Value::Null)),
            "paragraph" => self.paragraph.cloned(),
            "sentence" => self.sentence.cloned(),
            "match" => self.matched.clone(),
            _ => None,
        }
    }

    fn root_ref(&self, kind: ObjectKind) -> Option<&Value> {
        match kind {
            ObjectKind::Doc => Some(&self.values.doc_value),
            ObjectKind::Section => self.section,
            ObjectKind::Task => self.task_value(),
            ObjectKind::Paragraph => self.paragraph,
            ObjectKind::Sentence => self.sentence,
            ObjectKind::Match => self.matched.as_ref(),
            ObjectKind::Unit | ObjectKind::Deadline => None,
        }
    }

    fn each_item(&self, scope: Scope, visit: &mut dyn FnMut(&Value) -> ControlFlow<()>) {
        self.values.each_item(self.window, scope, visit);
    }

    fn count_items(&self, scope: Scope) -> usize {
        self.values.count_items(scope)
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
