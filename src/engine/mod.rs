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
mod run;
pub mod suppress;
mod values;

use std::sync::Arc;

use crate::diagnostic::{Diagnostic, Edit, Fix, SharedStr};
use crate::extract::Facts;
use crate::lang::{self, Date, Scope};
use crate::outline::{DocKind, Document};
use crate::rules::{Rule, RuleSet, Severity};
use findings::Findings;
pub use memo::Memo;
use memo::{HitRow, ParagraphMemo, RuleMemo, hit_row};
pub use run::render;
use run::{Pass, RuleRun, RuleState, RuleStrings, conjuncts, task_at};
use suppress::Suppressions;
use values::{DocValues, WINDOW_BYTES};

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
    memo.tidy();
    let mut doc = crate::outline::build_with(input, &mut memo.outline);
    if past(settings.deadline) {
        return Err(out_of_time("要素提取", 0));
    }
    let facts = crate::extract::extract_with(&doc, &mut memo.extract);
    // Nothing after extraction reads the views. A check frees them now, before the rules
    // build their values beside the document; the server, with the rest of this run's
    // reading once the diagnostics are sent (freeing a large plan's thousands of views was
    // on the way to them).
    let views = std::mem::take(&mut doc.views);
    let views = memo.keeps().then_some(views);
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
    let source = std::mem::replace(&mut doc.source, crate::source::Source::new("", ""));
    if let Some(views) = views {
        doc.views = views;
    }
    memo.end_run((doc, facts));
    match stopped {
        Some(stop) => Err(stop),
        None => Ok((source, found)),
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
                said: Default::default(),
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
