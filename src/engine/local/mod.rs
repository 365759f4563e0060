//! Findings of item-local rules, kept by the text of their item between versions of one open
//! document (the language server).
//!
//! A match or paragraph rule that reads nothing but its paragraph (its text, marker, heading
//! and numbering; a match's text, context and value) and a few fields of the document's head
//! finds the same in a paragraph whenever those are the same; a task rule that reads nothing
//! but its task and the head finds the same in a task whose object is the same. An edit
//! changes one paragraph and one task, and the findings of the others are replayed from the
//! last run instead of being tested and rendered again. Anything else a rule reads (the
//! paragraph's or the match's line, a section, counts over the document, the document's text)
//! makes it an ordinary rule, run on every item as before.
//!
//! With a paragraph's findings are kept the verdicts of conditions that read only the
//! paragraph and the head, for the rules and counts that read more (`verdicts`): the guards of
//! ordinary paragraph rules, and the conditions of counts over paragraphs.
//!
//! Here: which rules are local ([`is_local`]), what is kept ([`LocalMemo`]), and the pass that
//! replays or runs them over a window ([`LocalRun`]).

use std::sync::Arc;

mod verdicts;

use verdicts::Verdicts;
pub(super) use verdicts::{CountTerms, Guards};

use super::memo::ParagraphMemo;
use super::values::{DocValues, Flat};
use super::{Pass, RuleRun, RuleState, task_at};
use crate::diagnostic::{Diagnostic, Edit, Fix, SharedStr};
use crate::lang::ast::{Expr, ExprKind, Hoist, Root};
use crate::lang::{self, Date, ObjectKind, Scope, Value};
use crate::memo::TextMemo;
use crate::rules::{Rule, RuleSet, Severity};
use crate::source::Span;

/// The document's fields a local rule may read: title, kind, date, year, doc_number,
/// date_text and path. The text, accountability, targets and sections change with edits
/// anywhere.
const HEAD_FIELDS: [&str; 7] = [
    "title",
    "kind",
    "date",
    "year",
    "doc_number",
    "date_text",
    "path",
];

/// The paragraph's fields besides its text that a local rule may read, by slot: marker,
/// heading, numbering and expected. Its line moves with every line break typed above it.
const CONTEXT_SLOTS: std::ops::Range<usize> = 2..6;

/// Whether a rule's findings in an item depend on nothing but the item and the document's
/// head (see the module's introduction).
pub(super) fn is_local(rule: &Rule) -> bool {
    let item = match rule.scope {
        Scope::Match | Scope::Paragraph => ObjectKind::Paragraph,
        Scope::Task => ObjectKind::Task,
        _ => return false,
    };
    rule.expressions().all(|e| reads_locally(e, item))
}

/// Whether `e` reads nothing but the head and, for a paragraph, the paragraph or match
/// without their lines, or, for a task, the task.
fn reads_locally(e: &Expr, item: ObjectKind) -> bool {
    if matches!(e.hoist, Hoist::IndexedCount { .. }) {
        return false;
    }
    let all = |xs: &[Expr]| xs.iter().all(|x| reads_locally(x, item));
    match &e.kind {
        ExprKind::Literal(_) | ExprKind::Regex { .. } => true,
        // Only `count(…)` takes a scope, and it counts over the whole document.
        ExprKind::Scope(_) => false,
        ExprKind::Path(p) => {
            let first = p.steps.first().map(|s| s.name.as_str());
            match p.root {
                Root::It => true,
                Root::Object(ObjectKind::Match | ObjectKind::Paragraph) => {
                    item == ObjectKind::Paragraph && first.is_some_and(|f| f != "line")
                }
                // The whole task object is compared, its line included.
                Root::Object(ObjectKind::Task) => item == ObjectKind::Task,
                Root::Object(ObjectKind::Doc) => first.is_some_and(|f| HEAD_FIELDS.contains(&f)),
                _ => false,
            }
        }
        ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => all(xs),
        ExprKind::Not(x) => reads_locally(x, item),
        ExprKind::Binary { lhs, rhs, .. } => reads_locally(lhs, item) && reads_locally(rhs, item),
        ExprKind::Call(c) => all(&c.args),
    }
}

/// What the memo keeps for local rules. What they found in a paragraph is kept with the
/// paragraph's hits ([`ParagraphMemo`]), under the number of the head it was
/// found under.
#[derive(Default)]
pub(super) struct LocalMemo {
    /// The document's head and the date taken as today when the kept findings were found;
    /// a change of either forgets them all.
    head: Option<(Vec<Value>, Date, Vec<bool>)>,
    /// Counts the heads met: what was kept under an earlier one is not replayed.
    generation: u32,
    /// By task text.
    tasks: TextMemo<Kept>,
    /// By rule, how many findings the last run's window gave, to make room for as many.
    found_last: Vec<usize>,
}

/// What the local rules found in a paragraph, and the head it was found under.
pub(super) type KeptIn = (u32, Arc<Kept>);

impl LocalMemo {
    pub(super) fn on() -> Self {
        LocalMemo {
            head: None,
            generation: 0,
            tasks: TextMemo::on(),
            found_last: Vec::new(),
        }
    }

    /// Starts a run over a document with this head (its `doc` object), date and rules in
    /// force (by rule, whether it is on): what was kept under others is forgotten.
    pub(super) fn start(&mut self, doc_value: &Value, today: Date, on: &[bool]) {
        let head = head_of(doc_value);
        let same = self
            .head
            .as_ref()
            .is_some_and(|(h, d, o)| *d == today && o == on && same_values(h, &head));
        if !same {
            self.generation = self.generation.wrapping_add(1);
            self.tasks = TextMemo::on();
            self.head = Some((head, today, on.to_vec()));
        }
    }

    /// What is kept of a paragraph for the local rules, if it was found under this head.
    pub(super) fn paragraph(&self, kept: Option<&KeptIn>) -> Option<Arc<Kept>> {
        kept.filter(|(generation, _)| *generation == self.generation)
            .map(|(_, kept)| Arc::clone(kept))
    }

    /// Keeps what the local rules found in a paragraph (spans relative to its start) and the
    /// verdicts of its guards and counted conditions, with its hits in `paragraphs`.
    pub(super) fn keep_paragraph(
        &self,
        paragraphs: &mut TextMemo<ParagraphMemo>,
        text: &str,
        paragraph: &Value,
        (findings, verdicts): (Vec<KeptFinding>, Verdicts),
    ) {
        let (Some(context), Some(entry)) = (
            paragraph_context(paragraph).and_then(Flat::of),
            paragraphs.lookup(text),
        ) else {
            return;
        };
        let kept = Kept {
            context,
            findings,
            verdicts,
        };
        entry.local = Some((self.generation, Arc::new(kept)));
    }

    /// The findings kept for task `t` of `values`, if its object is the same as then.
    pub(super) fn task(&mut self, values: &DocValues<'_>, t: usize) -> Option<&[KeptFinding]> {
        let kept = self.tasks.lookup(values.task_text(t))?;
        values
            .task_is(t, &kept.context)
            .then_some(&kept.findings[..])
    }

    /// Keeps what the local rules found in a task (spans relative to where it starts).
    pub(super) fn keep_task(&mut self, task: &Value, findings: Vec<KeptFinding>) {
        if let Some((text, Some(context))) = task_key(task).map(|(t, o)| (t, Flat::of(o))) {
            let verdicts = Verdicts::default();
            self.tasks.put(
                text,
                Kept {
                    context,
                    findings,
                    verdicts,
                },
            );
        }
    }

    pub(super) fn sweep(&mut self) {
        self.tasks.sweep();
    }
}

/// The findings of the local rules in one item, and what besides its text they depend on.
pub(in crate::engine) struct Kept {
    /// The fields of the task, or the paragraph's context slots, it was found with.
    context: Flat,
    findings: Vec<KeptFinding>,
    /// In a paragraph, what its guards and counted conditions gave; none in a task.
    verdicts: Verdicts,
}

/// One finding of a local rule, with its span and its fix's spans relative to where its item
/// starts.
pub(super) struct KeptFinding {
    pub(super) rule: usize,
    span: Span,
    message: SharedStr,
    help: Option<SharedStr>,
    fix: Option<Fix>,
}

impl KeptFinding {
    /// A finding of rule `rule` in the item starting at `base`, as kept.
    pub(super) fn of(rule: usize, d: &Diagnostic, base: usize) -> Self {
        KeptFinding {
            rule,
            span: moved(d.span, base, false),
            message: d.message.clone(),
            help: d.help.clone(),
            fix: d.fix.as_ref().map(|f| moved_fix(f, base, false)),
        }
    }

    /// The finding again, in the item starting at `base`, with the rule's id, code and
    /// severity as they are now.
    pub(super) fn replay(
        &self,
        base: usize,
        (rule, code): (&SharedStr, &SharedStr),
        severity: Severity,
    ) -> Diagnostic {
        Diagnostic {
            rule: SharedStr::clone(rule),
            code: SharedStr::clone(code),
            severity,
            message: self.message.clone(),
            help: self.help.clone(),
            span: moved(self.span, base, true),
            fix: self.fix.as_ref().map(|f| moved_fix(f, base, true)),
        }
    }
}

/// A span moved by `base`: forward, or back to be relative to it. A local rule's findings lie
/// in their item, so nothing starts before `base`.
fn moved(span: Span, base: usize, forward: bool) -> Span {
    if forward {
        Span::new(span.start + base, span.end + base)
    } else {
        debug_assert!(span.start >= base, "a finding before its item");
        Span::new(
            span.start.saturating_sub(base),
            span.end.saturating_sub(base),
        )
    }
}

fn moved_fix(fix: &Fix, base: usize, forward: bool) -> Fix {
    Fix {
        edits: fix
            .edits
            .iter()
            .map(|e| Edit {
                span: moved(e.span, base, forward),
                replacement: e.replacement.clone(),
            })
            .collect(),
        applicability: fix.applicability,
    }
}

/// The head fields of a `doc` object.
fn head_of(doc_value: &Value) -> Vec<Value> {
    let Value::Object(doc) = doc_value else {
        return Vec::new();
    };
    let names = lang::fields(ObjectKind::Doc);
    names
        .iter()
        .zip(&doc.values)
        .filter(|(f, _)| HEAD_FIELDS.contains(&f.name))
        .map(|(_, v)| v.clone())
        .collect()
}

/// The context fields of a paragraph object.
fn paragraph_context(paragraph: &Value) -> Option<&[Value]> {
    match paragraph {
        Value::Object(p) => p.values.get(CONTEXT_SLOTS),
        _ => None,
    }
}

/// A task object's text (its second field), which keys it, and all its fields.
fn task_key(task: &Value) -> Option<(&str, &[Value])> {
    match task {
        Value::Object(t) => match t.values.get(1) {
            Some(Value::Str(text)) => Some((text, &t.values)),
            _ => None,
        },
        _ => None,
    }
}

/// Whether two lists of values are equal, lists and objects compared item by item; a regex
/// counts as changed, which only costs a run.
fn same_values(a: &[Value], b: &[Value]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| same_value(x, y))
}

fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x.to_bits() == y.to_bits(),
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::List(x), Value::List(y)) => same_values(x, y),
        (Value::Object(x), Value::Object(y)) => {
            x.kind == y.kind && same_values(&x.values, &y.values)
        }
        _ => false,
    }
}

/// The item-local rules over one window, item by item: a paragraph or task whose text and
/// context were met in the last run replays what they found there; any other is run and kept
/// (see the module's introduction).
pub(super) struct LocalRun<'a, 'r> {
    pub(super) pass: Pass<'a>,
    pub(super) rules: &'r RuleSet,
    /// By rule: whether it is local.
    pub(super) local: &'a [bool],
    pub(super) guards: &'a Guards<'r>,
    pub(super) counts: &'a CountTerms<'r>,
    /// By block of the document, what was kept of its paragraph for the local rules, if the
    /// run found it under this head.
    pub(super) known: &'a [Option<Arc<Kept>>],
}

impl<'r> LocalRun<'_, 'r> {
    /// By rule, what the local rules found in the window, in their order; and by paragraph
    /// of the window, the guards that hold there. When the window is the whole document, the
    /// counts of the count terms are handed to the document's cache first.
    pub(super) fn all(
        &self,
        states: &mut [Option<RuleState<'r>>],
        kept: &mut LocalMemo,
        paragraphs: &mut TextMemo<ParagraphMemo>,
    ) -> (Vec<Vec<Diagnostic>>, Vec<u64>) {
        // Nearly all of them replayed one by one: grown by doubling, the lists of a large plan
        // were copied over and over.
        let mut found: Vec<Vec<Diagnostic>> = (0..states.len())
            .map(|i| Vec::with_capacity(kept.found_last.get(i).copied().unwrap_or(0)))
            .collect();
        let of_tasks = |task: bool| -> Vec<usize> {
            let rules = &self.rules.rules;
            (0..rules.len())
                .filter(|&i| self.local[i] && (rules[i].scope == Scope::Task) == task)
                .collect()
        };
        let window = self.pass.window;
        let paragraph_rules = of_tasks(false);
        let mut guards = Vec::new();
        if !paragraph_rules.is_empty() || !self.guards.is_empty() || !self.counts.is_empty() {
            let values = self.pass.values;
            guards.reserve_exact(window.paragraphs.len());
            // Replayed first, and counted: the counts are settled before any rule runs.
            let mut counted = self.counts.tally();
            let mut fresh = Vec::new();
            for (i, (p, n)) in window
                .paragraphs
                .iter()
                .zip(window.blocks.clone())
                .enumerate()
            {
                let same = self.known[n]
                    .as_ref()
                    .filter(|k| values.paragraph_context_is(n, &k.context));
                if let Some(again) = same {
                    replay(&again.findings, p.span.start, states, &mut found);
                    counted.add(&again.verdicts);
                    guards.push(again.verdicts.guards);
                    continue;
                }
                let verdicts = self.counts.test(&self.pass, p);
                counted.add(&verdicts);
                guards.push(0);
                fresh.push((i, n, verdicts));
            }
            if window.is_whole() {
                self.counts.seed(&self.pass, &counted);
            }
            for (i, n, mut verdicts) in fresh {
                let p = &window.paragraphs[i];
                let (text, base) = (self.pass.doc.text(p.span), p.span.start);
                let here = self.run(&paragraph_rules, base, states, &mut found, |run| {
                    run.in_paragraph(p, n)
                });
                verdicts.guards = self.guards.test(&self.pass, p, states);
                guards[i] = verdicts.guards;
                let value = window.value(values, p);
                kept.keep_paragraph(paragraphs, text, value, (here, verdicts));
            }
        }
        let task_rules = of_tasks(true);
        if !task_rules.is_empty() {
            for t in window.owned_tasks.clone() {
                let base = task_at(&self.pass.doc.tasks[t]).start;
                if let Some(again) = kept.task(self.pass.values, t) {
                    replay(again, base, states, &mut found);
                    continue;
                }
                let here = self.run(&task_rules, base, states, &mut found, |run| run.in_task(t));
                kept.keep_task(window.task(self.pass.values, t), here);
            }
        }
        kept.found_last = found.iter().map(Vec::len).collect();
        (found, guards)
    }

    /// Runs `rules` on one item through `visit`, adding what they find to `found` and
    /// returning it as kept, relative to `base`.
    fn run(
        &self,
        rules: &[usize],
        base: usize,
        states: &mut [Option<RuleState<'r>>],
        found: &mut [Vec<Diagnostic>],
        visit: impl Fn(&mut RuleRun<'_, 'r>),
    ) -> Vec<KeptFinding> {
        let mut here = Vec::new();
        for &i in rules {
            let Some(state) = states[i].as_mut() else {
                continue;
            };
            let mut out = Vec::new();
            visit(&mut RuleRun {
                pass: self.pass,
                rule: &self.rules.rules[i],
                index: i,
                state,
                first_window: false,
                filter: None,
                guard: None,
                out: &mut out,
            });
            here.extend(out.iter().map(|d| KeptFinding::of(i, d, base)));
            found[i].append(&mut out);
        }
        here
    }
}

/// Adds findings kept for an item that starts at `base` now, for the rules still on.
fn replay(
    kept: &[KeptFinding],
    base: usize,
    states: &[Option<RuleState<'_>>],
    found: &mut [Vec<Diagnostic>],
) {
    for k in kept {
        if let Some(state) = &states[k.rule] {
            let strings = (&state.strings.id, &state.strings.code);
            found[k.rule].push(k.replay(base, strings, state.severity));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Memo, Settings, conjuncts, lint_input_with};

    /// Rules that read the paragraph and the document's head, and rules that read more.
    const PACK: &str = r#"
pack: 局部
rules:
  - id: comma
    code: XL901
    severity: warning
    scope: match
    match: /,/
    when: doc.kind == "plan" and not match.quoted
    message: 半角逗号“{match.text}”，前文“{match.before}”
    fix: '{replace(match.text, ",", "，")}'
  - id: heading-comma
    code: XL902
    severity: info
    scope: paragraph
    when: paragraph.heading and paragraph.text contains ","
    message: 标题“{paragraph.marker}”中有半角逗号
  - id: comma-line
    code: XL903
    severity: info
    scope: match
    match: /,/
    message: 第{match.line}行有半角逗号
  - id: paragraph-line
    code: XL904
    severity: info
    scope: paragraph
    when: paragraph.text contains "尽快"
    message: 第{paragraph.line}段用了“尽快”
  - id: section-word
    code: XL905
    severity: info
    scope: match
    match: /尽快/
    when: section.kind == "tasks"
    message: 任务部分用了“尽快”
  - id: whole-text
    code: XL906
    severity: info
    scope: match
    match: /尽快/
    when: doc.text contains "问责"
    message: 用了“尽快”
  - id: counted
    code: XL907
    severity: info
    scope: paragraph
    when: count(paragraph, paragraph.text contains "尽快") > 1
    message: 多处用了“尽快”
  - id: task-rule
    code: XL908
    severity: info
    scope: task
    when: not has(task.units) and doc.kind == "plan"
    message: 第{task.line}行的任务“{task.title}”未明确责任单位
  - id: task-farm
    code: XL910
    severity: info
    scope: task
    when: any(task.units, it.name contains "农业")
    message: 由农业部门承担
  - id: task-section
    code: XL909
    severity: info
    scope: task
    when: section.kind == "tasks" and not has(task.deadline)
    message: 任务未明确时限
  - id: gated-line
    code: XL911
    severity: info
    scope: paragraph
    when: doc.text contains "问责" and paragraph.text contains "尽快" and paragraph.line > 2
    message: 第{paragraph.line}行用了“尽快”
"#;

    fn rules() -> crate::rules::RuleSet {
        crate::rules::load::pack_str("局部.yaml", PACK, None).expect("pack loads")
    }

    #[test]
    fn only_rules_reading_the_paragraph_and_the_head_are_local() {
        let local: Vec<(String, bool)> = rules()
            .rules
            .iter()
            .map(|r| (r.code.clone(), is_local(r)))
            .collect();
        let expected = [
            ("XL901", true),
            ("XL902", true),
            ("XL903", false),
            ("XL904", false),
            ("XL905", false),
            ("XL906", false),
            ("XL907", false),
            ("XL908", true),
            ("XL910", true),
            ("XL909", false),
            ("XL911", false),
        ];
        let expected: Vec<(String, bool)> =
            expected.iter().map(|(c, l)| (c.to_string(), *l)).collect();
        assert_eq!(local, expected);
    }

    /// The built-in packs' match, paragraph and task rules are local but for those that count
    /// over the document (PL604, PL608) and the unpaired-bracket ones, which read the
    /// paragraph's line and the document's text to tell a title split over lines: a pack edit
    /// that makes another read more would quietly slow every re-check in the editor.
    #[test]
    fn built_in_item_rules_are_local_but_a_few() {
        let rules = crate::rules::load::builtin().expect("built-in packs load");
        let not_local: Vec<&str> = rules
            .rules
            .iter()
            .filter(|r| matches!(r.scope, Scope::Match | Scope::Paragraph | Scope::Task))
            .filter(|r| !is_local(r))
            .map(|r| r.code.as_str())
            .collect();
        assert_eq!(
            not_local,
            ["PL309", "PL310", "PL311", "PL312", "PL604", "PL608"]
        );
    }

    /// The ordinary paragraph rules' guards: what leads their condition after the document's
    /// conjuncts and reads only the paragraph and the head.
    #[test]
    fn ordinary_paragraph_rules_are_guarded_by_their_local_conjuncts() {
        let rules = rules();
        assert_eq!(guarded(&rules), [("XL904", 0, 1), ("XL911", 1, 1)]);
        let local: Vec<bool> = rules.rules.iter().map(is_local).collect();
        let guards = Guards::of(&rules, &local);
        let bits: Vec<Option<u64>> = (0..rules.rules.len()).map(|i| guards.bit(i)).collect();
        assert_eq!(bits.iter().flatten().count(), 2);
    }

    /// The built-in rules that are not local skip, by their guards, the paragraphs without
    /// the brackets, quotes or Traditional characters they look for.
    #[test]
    fn built_in_ordinary_paragraph_rules_have_guards() {
        let rules = crate::rules::load::builtin().expect("built-in packs load");
        assert_eq!(
            guarded(&rules),
            [
                ("PL309", 0, 3),
                ("PL310", 0, 3),
                ("PL311", 0, 3),
                ("PL312", 0, 3),
                ("PL608", 0, 2)
            ]
        );
    }

    /// By guarded rule: its code, where its guard starts among its conjuncts, and how many it
    /// holds.
    fn guarded(rules: &RuleSet) -> Vec<(&str, usize, usize)> {
        let local: Vec<bool> = rules.rules.iter().map(is_local).collect();
        Guards::of(rules, &local)
            .rules
            .iter()
            .map(|(_, rule, guard)| (rule.code.as_str(), place(rule, guard), guard.len()))
            .collect()
    }

    /// Where `guard` starts among the conjuncts of `rule`'s condition.
    fn place(rule: &Rule, guard: &[Expr]) -> usize {
        let (conjuncts, _) = conjuncts(rule.when.as_ref().expect("a condition"));
        conjuncts
            .iter()
            .position(|c| std::ptr::eq(c, &guard[0]))
            .expect("a guard is made of the conjuncts")
    }

    /// Lints each version in turn with one memo, as the language server does, and afresh;
    /// the two must find the same. How many findings of `code` each version has.
    fn kept_and_fresh(rules: &RuleSet, versions: &[&str], code: &str) -> Vec<usize> {
        let settings = Settings::default();
        let mut memo = Memo::on();
        let mut fired = Vec::new();
        for text in versions {
            let read = |t: &str| crate::input::read_str("a.txt", t, crate::input::Format::Text);
            let again = lint_input_with(read(text), rules, &settings, &mut memo)
                .expect("no deadline")
                .1;
            let fresh = crate::engine::lint_input_within(read(text), rules, &settings)
                .expect("no deadline")
                .1;
            assert_eq!(again, fresh, "{text}");
            fired.push(again.iter().filter(|d| d.code == code).count());
        }
        fired
    }

    /// The built-in packs' counts over paragraphs that are summed from kept verdicts: three,
    /// the Traditional and the Simplified paragraphs that PL608 and PL609 each count in their
    /// condition and message, and the web date-list lines PL604 counts in its condition and
    /// message (its other count reads the paragraph's line).
    #[test]
    fn built_in_counts_over_paragraphs_are_count_terms() {
        let rules = crate::rules::load::builtin().expect("built-in packs load");
        let terms = CountTerms::of(&rules);
        let mut by_rule: Vec<(&str, usize)> = Vec::new();
        for rule in &rules.rules {
            let mut n = 0;
            for e in rule.expressions() {
                e.visit(&mut |node| n += usize::from(terms.has(node)));
            }
            if n > 0 {
                by_rule.push((rule.code.as_str(), n));
            }
        }
        assert_eq!(by_rule, [("PL604", 2), ("PL608", 4), ("PL609", 4)]);
        assert_eq!(terms.len(), 3);
    }

    /// Paragraphs containing 尽快 added, edited elsewhere and taken away: the count that
    /// XL907 tests, summed from what is kept of each paragraph, is the count a fresh lint
    /// makes, and XL907 fires only while there are two.
    #[test]
    fn a_count_summed_from_kept_verdicts_is_a_fresh_count() {
        let rules = rules();
        assert_eq!(CountTerms::of(&rules).len(), 1);
        let versions = [
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查，尽快完成。\n（二）加强宣传。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查，尽快完成。\n（二）加强宣传，尽快部署。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查，尽快完成。\n（二）加强宣传，尽快部署。\n二、保障措施\n严格追责问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查，按期完成。\n（二）加强宣传，尽快部署。\n二、保障措施\n严格追责问责。\n",
        ];
        assert_eq!(kept_and_fresh(&rules, &versions, "XL907"), [0, 6, 6, 0]);
    }

    /// A paragraph first met while a rule's document gate was shut (no 问责 anywhere) keeps
    /// no verdict of the rule's guard; once the gate opens, the paragraph, replayed, is still
    /// tested.
    #[test]
    fn a_paragraph_met_under_a_shut_gate_is_tested_once_it_opens() {
        let rules = rules();
        let versions = [
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。\n二、保障措施\n加强领导。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。\n二、保障措施\n加强领导。\n",
        ];
        assert_eq!(kept_and_fresh(&rules, &versions, "XL911"), [0, 1, 0]);
    }

    /// Line breaks typed above a paragraph and a task, a heading turned into body text, the
    /// head's kind changed by the title, a quotation opened before a comma, a task's unit
    /// named and then changed, in its text and by a lead line above it: after each, a
    /// re-check that replays kept findings finds what a fresh lint finds.
    #[test]
    fn replayed_findings_are_those_of_a_fresh_lint() {
        let rules = rules();
        let settings = Settings::default();
        let versions = [
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n\n一、重点任务\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n\n一、重点任务,\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n\n一是重点任务,\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作总结\n\n\n一是重点任务,\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n\n一是重点任务,\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。\n“（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,尽快完成。（县农业农村局牵头）\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n一、重点任务\n（一）开展巡查,尽快完成。（县农业农村局牵头）\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n\n一、重点任务\n（一）开展巡查,尽快完成。（县林业局牵头）\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n以下各项工作均由县农业农村局牵头，不再列出。\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
            "青川县秸秆禁烧工作方案\n一、重点任务\n以下各项工作均由县林业局牵头，不再列出。\n（一）开展巡查,尽快完成。\n（二）加强宣传,营造氛围。\n二、保障措施\n严格问责。\n",
        ];
        let mut memo = Memo::on();
        let mut replayed = 0;
        for text in versions {
            let read = |t: &str| crate::input::read_str("a.txt", t, crate::input::Format::Text);
            let again = lint_input_with(read(text), &rules, &settings, &mut memo)
                .expect("no deadline")
                .1;
            let fresh = crate::engine::lint_input_within(read(text), &rules, &settings)
                .expect("no deadline")
                .1;
            assert_eq!(again, fresh, "{text}");
            let kept = memo.rules.as_mut().expect("memo on");
            replayed += text
                .lines()
                .filter(|l| {
                    let entry = kept.paragraphs.lookup(l);
                    kept.local
                        .paragraph(entry.and_then(|e| e.local.as_ref()))
                        .is_some()
                })
                .count();
        }
        assert!(replayed > 20, "{replayed} paragraphs kept");
    }
}
