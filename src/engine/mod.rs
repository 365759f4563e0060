//! Runs a rule set over a read document: `lint(&Document, &Facts, &RuleSet, &Settings)`.
//!
//! The document's values are built once; each rule then walks the objects of its scope once.
//! No I/O happens here: suppression comments come from the source text, and findings come
//! back sorted by position and code so that output is the same whatever the thread count.

pub mod env;
mod findings;
pub mod fix;
mod local;
mod memo;
pub mod suppress;
mod values;

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Edit, Fix, SharedStr};
use crate::extract::Facts;
use crate::lang::ast::{ExprKind, Hoist};
use crate::lang::{self, Date, Scope};
use crate::outline::{DocKind, Document};
use crate::rules::{Rule, RuleSet, Severity, Template, TemplatePart};
use crate::source::Span;
use env::Bindings;
use findings::Findings;
pub use memo::Memo;
use memo::{HitRow, ParagraphMemo, RuleMemo, hit_row, hits_in};
use suppress::Suppressions;
use values::{DocValues, TextItem, WINDOW_BYTES, Window};

/// The code and id of the finding for a suppression comment that suppresses nothing.
pub const UNUSED_SUPPRESSION: (&str, &str) = ("PL001", "unused-suppression");

/// The code and id of the one finding that stands for those past `max_findings`.
pub const TOO_MANY_FINDINGS: (&str, &str) = ("PL002", "too-many-findings");

/// A file ran out of its time budget; where it was when the time was up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutOfTime {
    /// The phase that was about to start: 结构分析, 要素提取, or a rule.
    pub phase: String,
    /// Rules finished before the time was up, and rules in force.
    pub rules_done: usize,
    pub rules_total: usize,
}

/// How rules are run for one file: the date taken as today, a forced document kind, and the
/// severities and selections from the config and the command line.
#[derive(Debug, Clone)]
pub struct Settings {
    pub today: Date,
    pub kind: Option<DocKind>,
    /// Severity by rule id, code or code prefix; later entries win.
    pub severities: Vec<(String, Severity)>,
    /// Only rules named here (id, code or code prefix) run, when not empty.
    pub select: Vec<String>,
    /// Rules named here never run.
    pub ignore: Vec<String>,
    /// Findings kept per file; past it one summary finding says how many were left out.
    pub max_findings: usize,
    /// When the file's time is up: checked between phases and between rules.
    pub deadline: Option<std::time::Instant>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            today: Date {
                year: 2026,
                month: 1,
                day: 1,
            },
            kind: None,
            severities: Vec::new(),
            select: Vec::new(),
            ignore: Vec::new(),
            max_findings: usize::MAX,
            deadline: None,
        }
    }
}

/// Does a selector (id, code or code prefix) name this rule?
pub fn names(selector: &str, id: &str, code: &str) -> bool {
    selector == id || (!selector.is_empty() && code.starts_with(selector))
}

impl Settings {
    /// The severity a rule runs at here (`Off` when it does not run).
    pub fn severity(&self, id: &str, code: &str, default: Severity) -> Severity {
        if !self.select.is_empty() && !self.select.iter().any(|s| names(s, id, code)) {
            return Severity::Off;
        }
        if self.ignore.iter().any(|s| names(s, id, code)) {
            return Severity::Off;
        }
        self.severities
            .iter()
            .rev()
            .find(|(s, _)| names(s, id, code))
            .map_or(default, |(_, sev)| *sev)
    }
}

/// Reads the outline and facts of a decoded input and lints it: the whole pipeline after
/// decoding, as `check`, the language server and the library run it. Returns the source the
/// findings point into.
pub fn lint_input(
    input: crate::input::Input,
    rules: &RuleSet,
    settings: &Settings,
) -> (crate::source::Source, Vec<Diagnostic>) {
    let mut doc = crate::outline::build(input);
    let facts = crate::extract::extract(&doc);
    doc.trim_after_extraction();
    let found = lint(&doc, &facts, rules, settings);
    (doc.source, found)
}

/// Builds the patterns and tables that reading a document needs (the outline's, extraction's
/// and the matching view's) now rather than each at its first use, which is on the path of the
/// first document: ≈54 M instructions of the 203 M a 16 KB plan's check costs. For a thread
/// that would idle while the packs load and the first file is read; whichever thread needs a
/// pattern first builds it, and one that needs it meanwhile waits. Extraction's come first:
/// a check reaches them last.
pub fn warm_up_reading() {
    crate::extract::warm_up();
    crate::normalize::warm_up();
    crate::outline::warm_up();
}

/// [`lint_input`] within `settings.deadline`: the time is checked before the outline, before
/// extraction and before each rule, so a pathological file stops at the next of those.
pub fn lint_input_within(
    input: crate::input::Input,
    rules: &RuleSet,
    settings: &Settings,
) -> Result<(crate::source::Source, Vec<Diagnostic>), OutOfTime> {
    lint_input_with(input, rules, settings, &mut Memo::default())
}

/// [`lint_input_within`], reusing and keeping what `memo` holds: the language server's
/// re-check of a document it has linted before.
pub fn lint_input_with(
    input: crate::input::Input,
    rules: &RuleSet,
    settings: &Settings,
    memo: &mut Memo,
) -> Result<(crate::source::Source, Vec<Diagnostic>), OutOfTime> {
    let total = rules.rules.len();
    let out_of_time = |phase: &str, rules_done| OutOfTime {
        phase: phase.to_string(),
        rules_done,
        rules_total: total,
    };
    if past(settings.deadline) {
        return Err(out_of_time("结构分析", 0));
    }
    let mut doc = crate::outline::build_with(input, &mut memo.outline);
    if past(settings.deadline) {
        return Err(out_of_time("要素提取", 0));
    }
    let facts = crate::extract::extract_with(&doc, &mut memo.extract);
    doc.trim_after_extraction();
    let mut stopped = None;
    let found = lint_core(
        &doc,
        &facts,
        rules,
        settings,
        (Evaluation::Optimised, WINDOW_BYTES),
        &mut stopped,
        memo.rules.as_mut(),
    );
    memo.sweep();
    match stopped {
        Some(stop) => Err(stop),
        None => Ok((doc.source, found)),
    }
}

fn past(deadline: Option<std::time::Instant>) -> bool {
    deadline.is_some_and(|d| std::time::Instant::now() >= d)
}

/// All findings of `rules` in `doc`, sorted by position and code.
pub fn lint(
    doc: &Document,
    facts: &Facts,
    rules: &RuleSet,
    settings: &Settings,
) -> Vec<Diagnostic> {
    lint_with(doc, facts, rules, settings, Evaluation::Optimised)
}

/// How conditions are evaluated. Both give the same findings; tests compare them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Evaluation {
    /// Item-independent values computed once per document, position counts from indexes,
    /// match rules only on the paragraphs holding one of their literals.
    Optimised,
    /// Every expression evaluated where it stands, for every item, and every match rule on
    /// every paragraph: the plain semantics.
    Reference,
}

/// [`lint`] with a choice of evaluation.
pub fn lint_with(
    doc: &Document,
    facts: &Facts,
    rules: &RuleSet,
    settings: &Settings,
    evaluation: Evaluation,
) -> Vec<Diagnostic> {
    // The reference path reads the whole document at once: its counts, evaluated for every
    // item, then read the objects where they are.
    let window_bytes = match evaluation {
        Evaluation::Optimised => WINDOW_BYTES,
        Evaluation::Reference => usize::MAX,
    };
    lint_core(
        doc,
        facts,
        rules,
        settings,
        (evaluation, window_bytes),
        &mut None,
        None,
    )
}

/// The rule loop; when the deadline passes, `stopped` says where and the findings so far
/// are returned. With `memo`, match rules reuse the hits kept for a paragraph's text (a
/// paragraph seen before costs one lookup, and only a new one is searched) and conditions
/// the answers kept for their `matches`. Paragraphs and tasks are read `window_bytes` of text
/// at a time.
fn lint_core(
    doc: &Document,
    facts: &Facts,
    rules: &RuleSet,
    settings: &Settings,
    (evaluation, window_bytes): (Evaluation, usize),
    stopped: &mut Option<OutOfTime>,
    memo: Option<&mut RuleMemo>,
) -> Vec<Diagnostic> {
    let with_sentences = rules.rules.iter().any(|r| r.uses_scope(Scope::Sentence));
    let mut memo = memo;
    let values = match memo.as_deref_mut() {
        Some(m) => DocValues::keeping(doc, facts, settings.kind, with_sentences, &mut m.titles),
        None => DocValues::new(doc, facts, settings.kind, with_sentences),
    };
    let lexicons = env::DocLexicons::new(rules);
    let cache = lang::eval::DocCache::default();
    let cache = (evaluation == Evaluation::Optimised).then_some(&cache);
    let prefilter = rules.prefilter();
    let texts = || doc.blocks.iter().map(|b| doc.text(b.span));
    let (mut paragraphs, answers, kept) = match memo {
        Some(m) => (
            Some(&mut m.paragraphs),
            Some(&m.answers),
            Some(&mut m.local),
        ),
        None => (None, None, None),
    };
    let mut states: Vec<Option<RuleState<'_>>> = rules
        .rules
        .iter()
        .map(|rule| {
            let severity = settings.severity(&rule.id, &rule.code, rule.severity);
            (severity != Severity::Off).then(|| RuleState {
                strings: RuleStrings::of(rule),
                severity,
                // A rule emits in position order, so its first `max_findings` are all that
                // can survive the cap below; stopping there bounds memory on a
                // pathological file.
                room: settings.max_findings.saturating_add(1),
                per_item: None,
            })
        })
        .collect();
    // Item-local rules replay what they found in a paragraph or task met before, when the
    // caller keeps it and nothing can cut the run short or cap it.
    let replayable = evaluation == Evaluation::Optimised
        && settings.deadline.is_none()
        && settings.max_findings == usize::MAX;
    let mut kept = kept.filter(|_| replayable);
    let local: Vec<bool> = match &mut kept {
        Some(k) => {
            let on: Vec<bool> = states.iter().map(Option::is_some).collect();
            k.start(&values.doc_value, settings.today, &on);
            rules.rules.iter().map(local::is_local).collect()
        }
        None => vec![false; rules.rules.len()],
    };
    let (guards, counts) = match &kept {
        Some(_) => (
            local::Guards::of(rules, &local),
            local::CountTerms::of(rules),
        ),
        None => Default::default(),
    };
    // What is kept of each paragraph, in one lookup: its hits, and what the local rules
    // found there if they ran under this head.
    let mut known: Vec<Option<Arc<local::Kept>>> = Vec::new();
    let rows: Option<Vec<HitRow>> = paragraphs.as_deref_mut().map(|memo| {
        let compute = |text: &str| ParagraphMemo {
            hits: hit_row(rules, &prefilter, text),
            local: None,
        };
        texts()
            .map(|text| {
                memo.with(
                    text,
                    || compute(text),
                    |kept_of| {
                        if let Some(k) = &kept {
                            known.push(k.paragraph(kept_of.local.as_ref()));
                        }
                        Arc::clone(&kept_of.hits)
                    },
                )
            })
            .collect()
    });
    let filtered = evaluation == Evaluation::Optimised && rows.is_none();
    let candidates = prefilter.scan(texts().filter(|_| filtered));
    let mut sup = Suppressions::parse(&doc.source);
    let mut findings = Findings::new(rules.rules.len(), settings.max_findings);
    'windows: for (w, bounds) in values.windows(window_bytes).iter().enumerate() {
        let window = values.window(bounds);
        let pass = Pass {
            doc,
            values: &values,
            window: &window,
            lexicons: &lexicons,
            cache,
            answers,
            today: settings.today,
            rows: rows.as_deref(),
        };
        let mut guard_rows = None;
        if let (Some(kept), Some(paragraphs)) = (kept.as_deref_mut(), paragraphs.as_deref_mut()) {
            let run = local::LocalRun {
                pass,
                rules,
                local: &local,
                guards: &guards,
                counts: &counts,
                known: &known,
            };
            let (found, rows) = run.all(&mut states, kept, paragraphs);
            for (i, found) in found.into_iter().enumerate() {
                findings.add(i, found);
            }
            guard_rows = Some(rows);
        }
        for (done, (rule, state)) in rules.rules.iter().zip(&mut states).enumerate() {
            let Some(state) = state else {
                continue;
            };
            if local[done] {
                continue;
            }
            if past(settings.deadline) {
                *stopped = Some(OutOfTime {
                    phase: format!("规则 {} {}", rule.code, rule.id),
                    rules_done: done,
                    rules_total: rules.rules.len(),
                });
                break 'windows;
            }
            let mut found = Vec::new();
            let mut run = RuleRun {
                pass,
                rule,
                index: done,
                state,
                first_window: w == 0,
                filter: prefilter
                    .slot(done)
                    .filter(|_| filtered)
                    .map(|slot| (slot, &candidates)),
                guard: guards.bit(done).zip(guard_rows.as_deref()),
                out: &mut found,
            };
            run.all();
            findings.add(done, found);
        }
        findings.trim(&mut sup, doc);
    }
    // The tables by block the windows were built from are freed before the findings are
    // sorted.
    drop(values);
    let (code, id) = UNUSED_SUPPRESSION;
    let unused_severity = settings.severity(id, code, Severity::Warning);
    let unused = |sup: &Suppressions| {
        if unused_severity == Severity::Off {
            return Vec::new();
        }
        sup.unused()
            .map(|span| Diagnostic {
                rule: SharedStr::from(id),
                code: SharedStr::from(code),
                severity: unused_severity,
                message: SharedStr::from("该抑制注释没有抑制任何问题"),
                help: Some(SharedStr::from("删除这行注释，或改正其中的规则代码")),
                span,
                fix: Some(Fix {
                    edits: vec![Edit {
                        span,
                        replacement: SharedStr::default(),
                    }],
                    applicability: crate::rules::Applicability::Safe,
                }),
            })
            .collect()
    };
    let mut out = findings.finish(&mut sup, doc, unused);
    cap_findings(&mut out, settings.max_findings);
    out
}

/// Keeps the first `max` findings (in position order) and adds one that says the rest were
/// left out, at the first of them.
fn cap_findings(out: &mut Vec<Diagnostic>, max: usize) {
    let Some(first_dropped) = out.get(max) else {
        return;
    };
    let span = first_dropped.span;
    out.truncate(max);
    let (code, id) = TOO_MANY_FINDINGS;
    out.push(Diagnostic {
        rule: SharedStr::from(id),
        code: SharedStr::from(code),
        severity: Severity::Warning,
        message: format!("本文件问题过多，只列出前 {max} 条，从此处起其余问题未列出").into(),
        help: Some(SharedStr::from(
            "先按已列出的问题修改后再检查；确需全部列出，用 --max-findings 或 planlint.yaml 的 limits.max_findings 调高上限",
        )),
        span,
        fix: None,
    });
}

/// What every finding of a rule says alike, allocated once and shared by all of them.
struct RuleStrings {
    id: SharedStr,
    code: SharedStr,
    /// The help when it has no placeholders.
    help: Option<SharedStr>,
}

impl RuleStrings {
    fn of(rule: &Rule) -> Self {
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

/// What a rule keeps from one window to the next.
struct RuleState<'r> {
    strings: RuleStrings,
    severity: Severity,
    /// Findings this rule may still emit.
    room: usize,
    /// Set at the first item of a rule with a condition, on the optimised path: the
    /// conjuncts still to test for each item, once those that depend on nothing but the
    /// document have been found to hold, or `None` when they do not
    /// ([`RuleState::document_gate`]).
    per_item: Option<Option<&'r [lang::Expr]>>,
}

/// What every rule run over one window reads: the document, its values and the window's, and
/// what the caller keeps between runs.
#[derive(Clone, Copy)]
struct Pass<'a> {
    doc: &'a Document,
    values: &'a DocValues<'a>,
    window: &'a Window,
    lexicons: &'a env::DocLexicons<'a>,
    cache: Option<&'a lang::eval::DocCache>,
    /// Answers to `matches` kept between runs, when the caller keeps them.
    answers: Option<&'a lang::eval::RegexAnswers>,
    today: Date,
    /// Each paragraph's hits of every rule, when the caller keeps hits between runs.
    rows: Option<&'a [HitRow]>,
}

/// One rule over one window.
struct RuleRun<'a, 'r> {
    pass: Pass<'a>,
    rule: &'r Rule,
    /// The rule's index in the set, which is its place in the rows of hits.
    index: usize,
    state: &'a mut RuleState<'r>,
    /// Document and section rules run in the first window only.
    first_window: bool,
    /// The rule's slot in the literal filter and the paragraphs that contain its literals;
    /// `None` when it must look at every paragraph.
    filter: Option<(usize, &'a crate::rules::prefilter::Candidates)>,
    /// For a paragraph rule with a guard ([`local::Guards`]): its bit, and by paragraph of
    /// the window the guards that held there; a paragraph without the bit is skipped.
    guard: Option<(u64, &'a [u64])>,
    out: &'a mut Vec<Diagnostic>,
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
    fn text_bindings(&self, p: &TextItem) -> Bindings<'a> {
        let mut b = self.bindings();
        b.section = self.values.section(p.section);
        b.task = p.task;
        b
    }
}

/// A rule's condition as the conjuncts of its top-level `and` (itself when it has none), and
/// how many lead that depend on nothing but the document.
fn conjuncts(when: &lang::Expr) -> (&[lang::Expr], usize) {
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
    fn document_gate(&mut self, rule: &'r Rule, b: &Bindings<'_>) -> Option<&'r [lang::Expr]> {
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

    fn all(&mut self) {
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
    fn in_task(&mut self, t: usize) {
        let task = &self.pass.doc.tasks[t];
        let mut b = self.bindings();
        b.task = Some(t);
        b.section = self.pass.values.section(task.section);
        self.check(&b, task_at(task), None);
    }

    /// The rule over one paragraph, block `n` of the document: what [`Self::all`] does
    /// there, for a match or paragraph rule.
    fn in_paragraph(&mut self, p: &TextItem, n: usize) {
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
        let fix = fix_at.zip(self.rule.fix.as_ref()).map(|(span, t)| Fix {
            edits: vec![Edit {
                span,
                replacement: render(t, b).into(),
            }],
            applicability: self.rule.applicability,
        });
        let help = self
            .rule
            .help
            .as_ref()
            .map(|h| match &self.state.strings.help {
                Some(constant) => SharedStr::clone(constant),
                None => SharedStr::from(render(h, b)),
            });
        // Shared: a finding lives until the report is written, and the language server keeps
        // it to give again while its paragraph is unchanged. (Copied at its length, the
        // slack `push_str` left is not held either.)
        let message = SharedStr::from(render(&self.rule.message, b));
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
fn task_at(task: &crate::outline::Task) -> Span {
    let start = task.marker.map_or(task.title.start, |m| m.start);
    Span::new(start.min(task.title.start), task.title.end)
}

/// Renders a template; a placeholder that cannot be evaluated renders empty.
pub fn render(t: &Template, env: &dyn lang::Env) -> String {
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
    let mut s = String::with_capacity(room);
    for part in &t.parts {
        match part {
            TemplatePart::Text(text) => s.push_str(text),
            TemplatePart::Expr(e) => {
                let _ = lang::render_into(e, env, &mut s);
            }
        }
    }
    s
}

/// A rule example that did not behave as it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExampleFailure {
    /// `invalid` examples must fire, `valid` ones must stay silent.
    pub expected_to_fire: bool,
    pub index: usize,
    pub found: usize,
}

/// Runs a rule's own examples through the whole pipeline (read, outline, extract, lint) with
/// only that rule enabled, as `planlint rules test` and `cargo test` do.
pub fn run_examples(rule: &Rule, rules: &RuleSet, today: Date) -> Vec<ExampleFailure> {
    let only = RuleSet {
        packs: Vec::new(),
        rules: vec![Rule {
            severity: if rule.severity == Severity::Off {
                Severity::Info
            } else {
                rule.severity
            },
            ..rule.clone()
        }],
        lexicons: rules.lexicons.clone(),
        lexicon_values: rules.lexicon_values.clone(),
        prefilter: Default::default(),
    };
    let settings = Settings {
        today,
        ..Settings::default()
    };
    let mut failures = Vec::new();
    let cases = rule
        .examples
        .invalid
        .iter()
        .map(|t| (true, t))
        .chain(rule.examples.valid.iter().map(|t| (false, t)));
    let mut counters = [0usize; 2];
    for (must_fire, text) in cases {
        let index = counters[usize::from(must_fire)];
        counters[usize::from(must_fire)] += 1;
        let (doc, facts) = crate::read_str("example.txt", text);
        let found = lint(&doc, &facts, &only, &settings)
            .iter()
            .filter(|d| d.code == rule.code)
            .count();
        if (found > 0) != must_fire {
            failures.push(ExampleFailure {
                expected_to_fire: must_fire,
                index,
                found,
            });
        }
    }
    failures
}

#[cfg(test)]
mod tests;
