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
        self.gather(sup, doc);
        self.settled.extend(extra(sup));
        sort_and_dedup(&mut self.settled);
        self.settled
    }

    fn settle(&mut self, sup: &mut Suppressions, doc: &Document) {
        self.gather(sup, doc);
        sort_and_dedup(&mut self.settled);
    }

    /// Moves the pending findings that no comment suppresses after the settled ones.
    fn gather(&mut self, sup: &mut Suppressions, doc: &Document) {
        self.settled.reserve(self.pending_len);
        for found in self.pending.iter_mut().flat_map(std::mem::take) {
            if sup.is_empty() {
                self.settled.extend(found);
                continue;
            }
            self.settled.extend(
                found
                    .into_iter()
                    .filter(|d| !sup.suppresses(doc.line(d.span.start), &d.code, &d.rule)),
            );
        }
        self.pending_len = 0;
    }
}

/// Position order (stable: equal keys keep the order they were met in), and one finding for
/// each code and span, the first.
fn sort_and_dedup(out: &mut Vec<Diagnostic>) {
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out.dedup_by(|a, b| a.code == b.code && a.span == b.span);
}
