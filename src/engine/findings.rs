//! The findings of one lint as the rules emit them, and the part of them that can still reach
//! the report.
//!
//! The report shows the first `max_findings` in position order and one summary at the next.
//! Findings are collected rule by rule and window by window; once they are twice what the
//! report can show, the earlier ones are settled: suppressed ones removed, sorted, repeats
//! dropped, and only the first `max_findings + 1` kept. That gives what settling all of them
//! at the end would, as settling is sorting by position and code, and a code belongs to one
//! rule, whose findings are still met in the order it emitted them.

use crate::diagnostic::Diagnostic;
use crate::outline::Document;

use super::suppress::Suppressions;

pub(super) struct Findings {
    /// Findings the report can show, and the one past them.
    room: usize,
    /// Settled findings: not suppressed, in position order, no repeats, at most `room`.
    settled: Vec<Diagnostic>,
    /// By rule, the findings of each window that had some, not yet settled.
    pending: Vec<Vec<Vec<Diagnostic>>>,
    pending_len: usize,
}

impl Findings {
    pub(super) fn new(rules: usize, max_findings: usize) -> Self {
        Findings {
            room: max_findings.saturating_add(1),
            settled: Vec::new(),
            pending: (0..rules).map(|_| Vec::new()).collect(),
            pending_len: 0,
        }
    }

    /// Adds what rule `rule` found in one window, in the order it found them.
    pub(super) fn add(&mut self, rule: usize, mut found: Vec<Diagnostic>) {
        if found.is_empty() {
            return;
        }
        // Trimmed to their count: lists grown by doubling would hold up to half their size in
        // slack for as long as the findings live.
        found.shrink_to_fit();
        self.pending_len += found.len();
        self.pending[rule].push(found);
    }

    /// Settles the pending findings when they are more than twice what the report can show.
    pub(super) fn trim(&mut self, sup: &mut Suppressions, doc: &Document) {
        if self.pending_len / 2 >= self.room {
            self.settle(sup, doc);
            self.settled.truncate(self.room);
            self.settled.shrink_to_fit();
        }
    }

    /// Every finding not suppressed, in position order, without repeats: the settled ones
    /// and then the pending ones, rule by rule, with `extra` added last.
    pub(super) fn finish(
        mut self,
        sup: &mut Suppressions,
        doc: &Document,
        extra: impl FnOnce(&Suppressions) -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let mut runs = self.take_runs(sup, doc);
        runs.push(extra(sup));
        merge(runs)
    }

    fn settle(&mut self, sup: &mut Suppressions, doc: &Document) {
        let runs = self.take_runs(sup, doc);
        self.settled = merge(runs);
    }

    /// The settled findings, then the pending ones that no comment suppresses, rule by rule.
    fn take_runs(&mut self, sup: &mut Suppressions, doc: &Document) -> Vec<Vec<Diagnostic>> {
        let mut runs = vec![std::mem::take(&mut self.settled)];
        for found in self.pending.iter_mut().flat_map(std::mem::take) {
            if sup.is_empty() {
                runs.push(found);
                continue;
            }
            runs.push(
                found
                    .into_iter()
                    .filter(|d| !sup.suppresses(doc.line(d.span.start), &d.code, &d.rule))
                    .collect(),
            );
        }
        self.pending_len = 0;
        runs
    }
}

/// The findings of `runs` in position order (stable: equal keys keep the order they were met
/// in, run after run), one for each code and span, the first.
///
/// Each run is nearly in order already (a rule emits item after item). Sorted as one list,
/// the findings, over a hundred bytes each, were moved once per merge pass, and a re-check of
/// a large plan spent more on those moves than on replaying them; here each run is put in
/// order (no move when it is), their positions are sorted as small keys, and every finding is
/// moved once, into its place.
fn merge(mut runs: Vec<Vec<Diagnostic>>) -> Vec<Diagnostic> {
    let by_key = |a: &Diagnostic, b: &Diagnostic| a.sort_key().cmp(&b.sort_key());
    for run in &mut runs {
        if !run.is_sorted_by(|a, b| by_key(a, b).is_le()) {
            run.sort_by(by_key);
        }
    }
    // (start, end, run, place in the run)
    let mut keys: Vec<(usize, usize, u32, u32)> =
        Vec::with_capacity(runs.iter().map(Vec::len).sum());
    for (r, run) in runs.iter().enumerate() {
        for (i, d) in run.iter().enumerate() {
            keys.push((d.span.start, d.span.end, r as u32, i as u32));
        }
    }
    let code = |k: &(usize, usize, u32, u32)| &runs[k.2 as usize][k.3 as usize].code;
    keys.sort_by(|a, b| {
        (a.0, a.1)
            .cmp(&(b.0, b.1))
            .then_with(|| code(a).cmp(code(b)))
    });
    let mut out: Vec<Diagnostic> = Vec::with_capacity(keys.len());
    let mut runs: Vec<_> = runs.into_iter().map(Vec::into_iter).collect();
    for (_, _, r, _) in keys {
        // A run's findings are met in its order: it is sorted, and the sort is stable.
        let Some(d) = runs[r as usize].next() else {
            continue;
        };
        if out
            .last()
            .is_some_and(|last| last.code == d.code && last.span == d.span)
        {
            continue;
        }
        out.push(d);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Severity;
    use crate::source::Span;

    /// What merging must give: the runs one after another, sorted stably and without repeats.
    fn sorted_as_one(runs: &[Vec<Diagnostic>]) -> Vec<Diagnostic> {
        let mut all: Vec<Diagnostic> = runs.concat();
        all.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        all.dedup_by(|a, b| a.code == b.code && a.span == b.span);
        all
    }

    /// Runs mostly in order with some out of it, findings sharing spans under the same and
    /// other codes (the message tells which came first), empty runs among them.
    #[test]
    fn merged_runs_are_the_runs_sorted_as_one_list() {
        let mut rng = crate::test_rng::Rng(11);
        let mut repeats = 0;
        for round in 0..300 {
            let runs: Vec<Vec<Diagnostic>> = (0..rng.below(6))
                .map(|r| {
                    let mut at = 0;
                    (0..rng.below(12))
                        .map(|i| {
                            at = if rng.below(5) == 0 {
                                rng.below(40)
                            } else {
                                at + rng.below(3)
                            };
                            let span = Span::new(at, at + rng.below(2));
                            Diagnostic {
                                rule: "r".into(),
                                code: ["PL101", "PL113", "PL201"][rng.below(3)].into(),
                                severity: Severity::Warning,
                                message: format!("run {r}, finding {i}").into(),
                                help: None,
                                span,
                                fix: None,
                            }
                        })
                        .collect()
                })
                .collect();
            let expected = sorted_as_one(&runs);
            repeats += runs.iter().map(Vec::len).sum::<usize>() - expected.len();
            assert_eq!(merge(runs), expected, "round {round}");
        }
        assert!(repeats > 100, "{repeats} repeats dropped");
    }
}
