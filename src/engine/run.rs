//! One rule over one window of a document: what a rule keeps from window to window
//! ([`RuleState`]), what every rule of a pass reads ([`Pass`]), and the walk over the items of a
//! rule's scope that tests its condition and emits its findings ([`RuleRun`]).

use super::env::{self, Bindings};
use super::memo::{HitRow, hits_in};
use super::values::{DocValues, TextItem, Window};
use crate::diagnostic::{Diagnostic, Edit, Fix, SharedStr};
use crate::lang::ast::{ExprKind, Hoist};
use crate::lang::{self, Date, Scope};
use crate::outline::Document;
use crate::rules::{Rule, Severity, Template, TemplatePart};
use crate::source::Span;

/// What every finding of a rule says alike, allocated once and shared by all of them.
pub(super) struct RuleStrings {
    pub(super) id: SharedStr,
    pub(super) code: SharedStr,
    /// The help when it has no placeholders.
    pub(super) help: Option<SharedStr>,
}

impl RuleStrings {
    pub(super) fn of(rule: &Rule) -> Self {
        let help = rule.help.as_ref().and_then(|h| {
            h.parts
                .iter()
                .map(|p| match p {
                    TemplatePart::Text(text) => Some(text.as_str()),
                    TemplatePart::Expr(_) => None,
                })
                .collect::<Option<String>>()
                .map(SharedStr::from)
        });
        RuleStrings {
            id: SharedStr::from(rule.id.as_str()),
            code: SharedStr::from(rule.code.as_str()),
            help,
        }
    }
}

/// The text a rule last rendered for each of its templates, which the findings after it that
/// render the same share: a rule's findings in a row mostly say the same (标点“,”应为全角), and
/// one string for all of them is one allocation, not thousands, and one place in memory for
/// the language server to touch when it gives them again.
#[derive(Default)]
pub(super) struct LastSaid {
    message: Option<SharedStr>,
    help: Option<SharedStr>,
    fix: Option<SharedStr>,
    /// Where templates are rendered before they are compared.
    scratch: String,
}

impl LastSaid {
    fn message(&mut self, t: &Template, env: &dyn lang::Env) -> SharedStr {
        share(&mut self.message, &mut self.scratch, t, env)
    }

    fn help(&mut self, t: &Template, env: &dyn lang::Env) -> SharedStr {
        share(&mut self.help, &mut self.scratch, t, env)
    }

    fn fix(&mut self, t: &Template, env: &dyn lang::Env) -> SharedStr {
        share(&mut self.fix, &mut self.scratch, t, env)
    }
}

/// `t` rendered, as the string `last` holds when that is what it renders, and kept there.
fn share(
    last: &mut Option<SharedStr>,
    scratch: &mut String,
    t: &Template,
    env: &dyn lang::Env,
) -> SharedStr {
    scratch.clear();
    render_to(t, env, scratch);
    match last {
        Some(l) if l.as_str() == scratch.as_str() => SharedStr::clone(l),
        _ => SharedStr::clone(last.insert(SharedStr::from(scratch.as_str()))),
    }
}

/// What a rule keeps from one window to the next.
pub(super) struct RuleState<'r> {
    pub(super) strings: RuleStrings,
    pub(super) said: LastSaid,
    pub(super) severity: Severity,
    /// Findings this rule may still emit.
    pub(super) room: usize,
    /// Set at the first item of a rule with a condition, on the optimised path: the
    /// conjuncts still to test for each item, once those that depend on nothing but the
    /// document have been found to hold, or `None` when they do not
    /// ([`RuleState::document_gate`]).
    pub(super) per_item: Option<Option<&'r [lang::Expr]>>,
}

/// What every rule run over one window reads: the document, its values and the window's, and
/// what the caller keeps between runs.
#[derive(Clone, Copy)]
pub(super) struct Pass<'a> {
    pub(super) doc: &'a Document,
    pub(super) values: &'a DocValues<'a>,
    pub(super) window: &'a Window,
    pub(super) lexicons: &'a env::DocLexicons<'a>,
    pub(super) cache: Option<&'a lang::eval::DocCache>,
    /// Answers to `matches` kept between runs, when the caller keeps them.
    pub(super) answers: Option<&'a lang::eval::RegexAnswers>,
    pub(super) today: Date,
    /// Each paragraph's hits of every rule, when the caller keeps hits between runs.
    pub(super) rows: Option<&'a [HitRow]>,
}

/// One rule over one window.
pub(super) struct RuleRun<'a, 'r> {
    pub(super) pass: Pass<'a>,
    pub(super) rule: &'r Rule,
    /// The rule's index in the set, which is its place in the rows of hits.
    pub(super) index: usize,
    pub(super) state: &'a mut RuleState<'r>,
    /// Document and section rules run in the first window only.
    pub(super) first_window: bool,
    /// The rule's slot in the literal filter and the paragraphs that contain its literals;
    /// `None` when it must look at every paragraph.
    pub(super) filter: Option<(usize, &'a crate::rules::prefilter::Candidates)>,
    /// For a paragraph rule with a guard ([`local::Guards`]): its bit, and by paragraph of
    /// the window the guards that held there; a paragraph without the bit is skipped.
    pub(super) guard: Option<(u64, &'a [u64])>,
    pub(super) out: &'a mut Vec<Diagnostic>,
}

impl<'a> Pass<'a> {
    fn bindings(&self) -> Bindings<'a> {
        Bindings {
            values: self.values,
            window: self.window,
            section: None,
            task: None,
            paragraph: None,
            sentence: None,
            matched: None,
            lexicons: self.lexicons,
            cache: self.cache,
            answers: self.answers,
            today: self.today,
        }
    }

    /// The bindings of a paragraph or sentence: its section and task.
    pub(super) fn text_bindings(&self, p: &TextItem) -> Bindings<'a> {
        let mut b = self.bindings();
        b.section = self.values.section(p.section);
        b.task = p.task;
        b
    }
}

/// A rule's condition as the conjuncts of its top-level `and` (itself when it has none), and
/// how many lead that depend on nothing but the document.
pub(super) fn conjuncts(when: &lang::Expr) -> (&[lang::Expr], usize) {
    let conjuncts = match &when.kind {
        ExprKind::And(xs) => xs.as_slice(),
        _ => std::slice::from_ref(when),
    };
    let settled = conjuncts
        .iter()
        .take_while(|c| c.hoist == Hoist::Document)
        .count();
    (conjuncts, settled)
}

impl<'r> RuleState<'r> {
    /// Tests once, at the rule's first item, the leading conjuncts of its condition that
    /// depend on nothing but the document (`doc.kind == "plan" and …`), which every item would
    /// otherwise test again. `Some` of the conjuncts left to test per item when they hold;
    /// `None` when one is false or cannot be evaluated, and the rule then fires nowhere in
    /// this document, as no item would pass them.
    pub(super) fn document_gate(
        &mut self,
        rule: &'r Rule,
        b: &Bindings<'_>,
    ) -> Option<&'r [lang::Expr]> {
        *self.per_item.get_or_insert_with(|| {
            let Some(when) = &rule.when else {
                return Some(&[]);
            };
            let (conjuncts, settled) = conjuncts(when);
            conjuncts[..settled]
                .iter()
                .all(|c| lang::test_condition(c, b).unwrap_or(false))
                .then(|| &conjuncts[settled..])
        })
    }
}

impl<'a, 'r> RuleRun<'a, 'r> {
    fn bindings(&self) -> Bindings<'a> {
        self.pass.bindings()
    }

    pub(super) fn all(&mut self) {
        let doc = self.pass.doc;
        match self.rule.scope {
            // Document and section rules have their items in the first window.
            Scope::Document | Scope::Section if !self.first_window => {}
            Scope::Document => {
                let b = self.bindings();
                let at = doc
                    .header
                    .title
                    .as_ref()
                    .map(|(_, s)| *s)
                    .or_else(|| doc.blocks.first().map(|bl| bl.span))
                    .unwrap_or_default();
                self.check(&b, at, None);
            }
            Scope::Section => {
                for (i, _, v) in &self.pass.values.sections {
                    let mut b = self.bindings();
                    b.section = Some(v);
                    let it = &doc.items[*i];
                    let at = Span::new(it.marker.start, it.title.end.max(it.marker.end));
                    self.check(&b, at, None);
                }
            }
            Scope::Task => {
                for t in self.pass.window.owned_tasks.clone() {
                    self.in_task(t);
                }
            }
            Scope::Paragraph => {
                for (i, p) in self.pass.window.paragraphs.iter().enumerate() {
                    if let Some((bit, rows)) = self.guard
                        && rows[i] & bit == 0
                    {
                        continue;
                    }
                    let mut b = self.text_bindings(p);
                    b.paragraph = Some(self.pass.window.value(self.pass.values, p));
                    self.check(&b, p.span, None);
                }
            }
            Scope::Sentence => {
                for p in &self.pass.window.sentences {
                    let mut b = self.text_bindings(p);
                    b.sentence = Some(self.pass.window.value(self.pass.values, p));
                    self.check(&b, p.span, None);
                }
            }
            Scope::Match => self.matches(),
        }
    }

    fn text_bindings(&self, p: &TextItem) -> Bindings<'a> {
        self.pass.text_bindings(p)
    }

    fn matches(&mut self) {
        let Some(matcher) = self.rule.matcher.clone() else {
            return;
        };
        let window = self.pass.window;
        for (p, n) in window.paragraphs.iter().zip(window.blocks.clone()) {
            if self.state.room == 0 {
                return;
            }
            self.matches_in(&matcher, p, n);
        }
    }

    /// The rule over task `t`, which the window owns.
    pub(super) fn in_task(&mut self, t: usize) {
        let task = &self.pass.doc.tasks[t];
        let mut b = self.bindings();
        b.task = Some(t);
        b.section = self.pass.values.section(task.section);
        self.check(&b, task_at(task), None);
    }

    /// The rule over one paragraph, block `n` of the document: what [`Self::all`] does
    /// there, for a match or paragraph rule.
    pub(super) fn in_paragraph(&mut self, p: &TextItem, n: usize) {
        match self.rule.scope {
            Scope::Paragraph => {
                let mut b = self.text_bindings(p);
                b.paragraph = Some(self.pass.window.value(self.pass.values, p));
                self.check(&b, p.span, None);
            }
            Scope::Match => {
                if let Some(matcher) = self.rule.matcher.clone() {
                    self.matches_in(&matcher, p, n);
                }
            }
            _ => {}
        }
    }

    fn matches_in(&mut self, matcher: &crate::rules::Matcher, p: &TextItem, n: usize) {
        let doc = self.pass.doc;
        if let Some((slot, candidates)) = self.filter
            && !candidates.may_match(n, slot)
        {
            return;
        }
        let text = doc.text(p.span);
        let found = match self.pass.rows {
            Some(rows) => std::borrow::Cow::Borrowed(&rows[n][self.index][..]),
            None => std::borrow::Cow::Owned(hits_in(matcher, text)),
        };
        let mut quotes = env::QuoteCounter::default();
        for hit in found.iter() {
            let (s, e, value) = (hit.start, hit.end, hit.value.as_deref());
            let span = Span::new(p.span.start + s, p.span.start + e);
            let mut b = self.text_bindings(p);
            b.paragraph = Some(self.pass.window.value(self.pass.values, p));
            b.matched = Some(env::match_value(&env::MatchContext {
                paragraph: text,
                start: s,
                end: e,
                line: doc.line(span.start),
                value,
                quoted: quotes.quoted(text, s),
            }));
            self.check(&b, span, Some(span));
        }
    }

    /// Emits a finding at `at` when the rule's condition holds (a rule without one always fires),
    /// with the rule's fix replacing `fix_at`. The fix is rendered only for a finding: most
    /// hits of a pattern are ruled out by the condition.
    fn check(&mut self, b: &Bindings<'_>, at: Span, fix_at: Option<Span>) {
        if self.state.room == 0 {
            return;
        }
        let fires = match &self.rule.when {
            None => true,
            // A condition that cannot be evaluated here does not fire; the checker has already
            // ruled out the errors a rule author could make.
            // Only where document values are cached: the reference path tests every
            // condition whole, for every item.
            Some(expr) if self.pass.cache.is_some() => {
                match self.state.document_gate(self.rule, b) {
                    Some(rest) => lang::test_all(rest, b).unwrap_or(false),
                    None => false,
                }
            }
            Some(expr) => lang::test_condition(expr, b).unwrap_or(false),
        };
        if !fires {
            return;
        }
        self.state.room -= 1;
        let said = &mut self.state.said;
        let fix = fix_at.zip(self.rule.fix.as_ref()).map(|(span, t)| Fix {
            edits: vec![Edit {
                span,
                replacement: said.fix(t, b),
            }],
            applicability: self.rule.applicability,
        });
        let help = self
            .rule
            .help
            .as_ref()
            .map(|h| match &self.state.strings.help {
                Some(constant) => SharedStr::clone(constant),
                None => said.help(h, b),
            });
        // Shared: a finding lives until the report is written, and the language server keeps
        // it to give again while its paragraph is unchanged. (Copied at its length, the
        // slack `push_str` left is not held either.)
        let message = said.message(&self.rule.message, b);
        self.out.push(Diagnostic {
            rule: SharedStr::clone(&self.state.strings.id),
            code: SharedStr::clone(&self.state.strings.code),
            severity: self.state.severity,
            message,
            help,
            span: at,
            fix,
        });
    }
}

/// Where a task's findings are shown: from its marker to the end of its title.
pub(super) fn task_at(task: &crate::outline::Task) -> Span {
    let start = task.marker.map_or(task.title.start, |m| m.start);
    Span::new(start.min(task.title.start), task.title.end)
}

/// Renders a template; a placeholder that cannot be evaluated renders empty.
pub fn render(t: &Template, env: &dyn lang::Env) -> String {
    let mut s = String::new();
    render_to(t, env, &mut s);
    s
}

/// [`render`], appending to `s`.
fn render_to(t: &Template, env: &dyn lang::Env, s: &mut String) {
    // Room for the text and a short value per placeholder, so that most messages are
    // rendered without growing the string.
    let room = t
        .parts
        .iter()
        .map(|p| match p {
            TemplatePart::Text(text) => text.len(),
            TemplatePart::Expr(_) => 24,
        })
        .sum();
    s.reserve(room);
    for part in &t.parts {
        match part {
            TemplatePart::Text(text) => s.push_str(text),
            TemplatePart::Expr(e) => {
                let _ = lang::render_into(e, env, s);
            }
        }
    }
}
