//! What the local pass keeps of a paragraph besides the local rules' findings: the verdicts
//! of conditions that read nothing but the paragraph and the document's head, for the rules
//! and counts that read more.
//!
//! - An ordinary paragraph rule whose condition opens with conjuncts that read locally
//!   (`paragraph.text matches /[（）]/ and … and paragraph.line <= 15 …`) has them as its guard
//!   ([`Guards`]): whether the guard held in a paragraph is kept, and the rule skips the
//!   paragraphs where it did not, as their condition is false whatever the rest reads.
//! - A count over paragraphs computed once per document whose condition reads locally
//!   (`count(paragraph, paragraph.text matches /[發國區]/)`) is a count term ([`CountTerms`]):
//!   whether its condition held in a paragraph is kept, and when the pass covers the whole
//!   document the count is the sum of what is kept, handed to the document's cache before any
//!   rule reads it. Counting afresh built every paragraph's object and tested the condition on
//!   each, on every re-check.

use super::reads_locally;
use crate::engine::values::TextItem;
use crate::engine::{Pass, RuleState, conjuncts};
use crate::lang::ast::{Expr, ExprKind, Hoist};
use crate::lang::{self, ObjectKind, Scope, Value};
use crate::rules::{Rule, RuleSet};

/// The verdicts kept for one paragraph, a bit per guard and per count term.
#[derive(Default, Clone, Copy, Debug, PartialEq, Eq)]
pub(in crate::engine) struct Verdicts {
    /// The guards that may hold ([`Guards::test`]).
    pub(in crate::engine) guards: u64,
    /// The count terms whose condition holds, and those whose condition could not be
    /// evaluated here.
    counted: u64,
    failed: u64,
}

/// The guards of the ordinary paragraph rules of a set: for each, the conjuncts that lead its
/// condition after those the document settles ([`RuleState::document_gate`]) and read
/// locally. A rule's guard is a bit of a `u64`; past 64 guarded rules, the rest have none.
#[derive(Default)]
pub(in crate::engine) struct Guards<'r> {
    /// By bit: the rule's index, the rule and its guard.
    pub(super) rules: Vec<(usize, &'r Rule, &'r [Expr])>,
}

impl<'r> Guards<'r> {
    /// The guards of the rules of `rules` that are not `local`.
    pub(in crate::engine) fn of(rules: &'r RuleSet, local: &[bool]) -> Self {
        let rules = rules
            .rules
            .iter()
            .enumerate()
            .filter(|&(i, rule)| !local[i] && rule.scope == Scope::Paragraph)
            .filter_map(|(i, rule)| Some((i, rule, guard(rule)?)))
            .take(u64::BITS as usize)
            .collect();
        Guards { rules }
    }

    /// Rule `rule`'s bit, if it has a guard.
    pub(in crate::engine) fn bit(&self, rule: usize) -> Option<u64> {
        let at = self.rules.iter().position(|&(i, _, _)| i == rule)?;
        Some(1 << at)
    }

    pub(super) fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The bits of the guards that may hold in paragraph `p`: those that hold, and those
    /// of rules that are off or whose document gate is shut. Those rules fire nowhere now, so
    /// their guards are not tested; but a gate reads the whole document, and one shut now may
    /// open in a later version that replays these bits.
    pub(super) fn test(
        &self,
        pass: &Pass<'_>,
        p: &TextItem,
        states: &mut [Option<RuleState<'r>>],
    ) -> u64 {
        let mut b = pass.text_bindings(p);
        b.paragraph = Some(pass.window.value(pass.values, p));
        let mut bits = 0;
        for (at, &(i, rule, guard)) in self.rules.iter().enumerate() {
            let gate = states[i].as_mut().and_then(|s| s.document_gate(rule, &b));
            let may_hold = gate.is_none() || lang::test_all(guard, &b).unwrap_or(false);
            if may_hold {
                bits |= 1 << at;
            }
        }
        bits
    }
}

/// The guard of a paragraph rule: the conjuncts after its document's that read locally, or
/// `None` when there are none.
fn guard(rule: &Rule) -> Option<&[Expr]> {
    let (conjuncts, settled) = conjuncts(rule.when.as_ref()?);
    let rest = &conjuncts[settled..];
    let local = rest
        .iter()
        .take_while(|c| reads_locally(c, ObjectKind::Paragraph))
        .count();
    (local > 0).then(|| &rest[..local])
}

/// The count terms of a rule set (up to 64): each `count(paragraph, C)` node computed once
/// per document whose `C` reads nothing but the counted paragraph and the head, the nodes
/// that compute the same taken once.
#[derive(Default)]
pub(in crate::engine) struct CountTerms<'r> {
    /// The `count` call and its condition.
    terms: Vec<(&'r Expr, &'r Expr)>,
}

/// How many paragraphs met so far each count term's condition held in, and the terms whose
/// condition failed somewhere.
pub(super) struct Tally {
    counted: Vec<usize>,
    failed: u64,
}

impl Tally {
    pub(super) fn add(&mut self, verdicts: &Verdicts) {
        for (j, n) in self.counted.iter_mut().enumerate() {
            *n += usize::from(verdicts.counted & (1 << j) != 0);
        }
        self.failed |= verdicts.failed;
    }
}

impl<'r> CountTerms<'r> {
    pub(in crate::engine) fn of(rules: &'r RuleSet) -> Self {
        let mut terms: Vec<(&'r Expr, &'r Expr)> = Vec::new();
        for e in rules.rules.iter().flat_map(Rule::expressions) {
            e.visit(&mut |node| {
                if let Some(condition) = counted_condition(node)
                    && terms.len() < u64::BITS as usize
                    && !terms.iter().any(|(t, _)| same_node(t, node))
                {
                    terms.push((node, condition));
                }
            });
        }
        CountTerms { terms }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.terms.len()
    }

    /// Whether `node` is one of the count terms, or computes the same as one.
    #[cfg(test)]
    pub(super) fn has(&self, node: &Expr) -> bool {
        self.terms.iter().any(|(t, _)| same_node(t, node))
    }

    pub(super) fn tally(&self) -> Tally {
        Tally {
            counted: vec![0; self.terms.len()],
            failed: 0,
        }
    }

    /// The terms whose condition holds in paragraph `p`, and those whose condition cannot be
    /// evaluated there, as `count` would test it.
    pub(super) fn test(&self, pass: &Pass<'_>, p: &TextItem) -> Verdicts {
        let mut verdicts = Verdicts::default();
        if self.terms.is_empty() {
            return verdicts;
        }
        let mut b = pass.text_bindings(p);
        b.paragraph = Some(pass.window.value(pass.values, p));
        for (j, (_, condition)) in self.terms.iter().enumerate() {
            match lang::test_condition(condition, &b) {
                Ok(true) => verdicts.counted |= 1 << j,
                Ok(false) => {}
                Err(_) => verdicts.failed |= 1 << j,
            }
        }
        verdicts
    }

    /// Hands the counts of `tally`, over every paragraph of the document, to its cache; a
    /// term whose condition failed somewhere is left for `count` to fail on as it would.
    pub(super) fn seed(&self, pass: &Pass<'_>, tally: &Tally) {
        let Some(cache) = pass.cache else {
            return;
        };
        for (j, ((node, _), &n)) in self.terms.iter().zip(&tally.counted).enumerate() {
            if tally.failed & (1 << j) == 0 {
                cache.seed(node, Value::Number(n as f64));
            }
        }
    }
}

/// The condition of a `count(paragraph, C)` node computed once per document, when `C` reads
/// nothing but the counted paragraph (not its line) and the head.
fn counted_condition(e: &Expr) -> Option<&Expr> {
    if e.hoist != Hoist::Document {
        return None;
    }
    let ExprKind::Call(call) = &e.kind else {
        return None;
    };
    match &call.args[..] {
        [scope, condition]
            if call.name == "count"
                && matches!(scope.kind, ExprKind::Scope(Scope::Paragraph))
                && reads_locally(condition, ObjectKind::Paragraph) =>
        {
            Some(condition)
        }
        _ => None,
    }
}

/// Whether two hoisted nodes compute the same: the same node, or nodes the rule set shares a
/// value between (`lang::hoist`).
fn same_node(a: &Expr, b: &Expr) -> bool {
    match (a.shared, b.shared) {
        (Some(x), Some(y)) => x == y,
        _ => std::ptr::eq(a, b),
    }
}
