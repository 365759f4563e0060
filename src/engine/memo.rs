//! What the engine keeps between versions of one open document for the language server, and
//! where match rules' patterns match in a paragraph: the hits are a function of the paragraph's
//! text alone, so a re-check looks them up by text instead of searching again.

use std::sync::Arc;

use crate::lang;
use crate::lang::Scope;
use crate::memo::TextMemo;
use crate::rules::{Matcher, RuleSet};

/// What the whole pipeline keeps between versions of one open document (see [`crate::memo`]):
/// the outline's views, extraction's scans, where each match rule's pattern matches in each
/// paragraph, and what the conditions' `matches` answered for each text. A memo belongs to
/// one rule set: whoever changes the set starts a new one (and keeps the set alive with it).
#[derive(Default)]
pub struct Memo {
    pub outline: crate::outline::Memo,
    pub extract: crate::extract::Memo,
    /// `None` when off.
    pub(super) rules: Option<RuleMemo>,
    /// What the last run left to free and to forget, which [`Memo::tidy`] does: after the
    /// diagnostics are sent rather than before.
    left: Option<Leftovers>,
}

/// A run's outline (its text gone with the findings) and facts; while they are left, the
/// memo also still holds what the run did not use.
struct Leftovers {
    _read: (crate::outline::Document, crate::extract::Facts),
}

/// What the rule loop keeps.
#[derive(Default)]
pub(super) struct RuleMemo {
    /// Per paragraph text, what is kept of it: one lookup per paragraph, not one per rule
    /// and paragraph, nor one for the hits and another for the local rules' findings.
    pub(super) paragraphs: TextMemo<ParagraphMemo>,
    pub(super) answers: lang::eval::RegexAnswers,
    /// What item-local rules found in each paragraph and task text.
    pub(super) local: super::local::LocalMemo,
    /// The key of each task title, by which repeated tasks are found.
    pub(super) titles: super::values::TitleKeys,
}

/// Each rule's hits in one paragraph, by rule index.
pub(super) type HitRow = Arc<[Vec<Hit>]>;

/// What is kept of a paragraph's text: the hits of each rule of the set (empty for rules that
/// are no match rules), and what the local rules found there under the head they last ran
/// under ([`super::local::LocalMemo`] tells which).
pub(super) struct ParagraphMemo {
    pub(super) hits: HitRow,
    pub(super) local: Option<super::local::KeptIn>,
}

impl Memo {
    /// A memo that keeps what it can between runs.
    pub fn on() -> Self {
        Memo {
            outline: crate::outline::Memo::on(),
            extract: crate::extract::Memo::on(),
            rules: Some(RuleMemo {
                paragraphs: TextMemo::on(),
                answers: Default::default(),
                local: super::local::LocalMemo::on(),
                titles: crate::memo::TextMemo::on(),
            }),
            left: None,
        }
    }

    /// Whether it keeps anything between runs: the language server's memo does.
    pub(super) fn keeps(&self) -> bool {
        self.rules.is_some()
    }

    /// Ends a run, leaving what it read and what the document no longer holds for
    /// [`Memo::tidy`]: the language server frees a large plan's outline and forgets its old
    /// paragraphs once the diagnostics are sent. A memo that is off keeps nothing.
    pub(super) fn end_run(&mut self, read: (crate::outline::Document, crate::extract::Facts)) {
        if !self.keeps() {
            self.sweep();
            return;
        }
        self.tidy();
        self.left = Some(Leftovers { _read: read });
    }

    /// Frees what the last run left and forgets what it did not use; the next run does it
    /// first when nobody has.
    pub fn tidy(&mut self) {
        if self.left.take().is_some() {
            self.sweep();
        }
    }

    /// How many blocks' views the last run left to be freed.
    #[cfg(test)]
    pub(super) fn views_left(&self) -> usize {
        self.left.as_ref().map_or(0, |l| l._read.0.views.len())
    }

    /// How many paragraph texts the rule loop keeps.
    #[cfg(test)]
    pub(super) fn paragraphs_kept(&self) -> usize {
        self.rules.as_ref().map_or(0, |r| r.paragraphs.len())
    }

    /// Ends a run: forgets what the document as it is now no longer holds.
    fn sweep(&mut self) {
        self.outline.sweep();
        self.extract.sweep();
        if let Some(r) = &mut self.rules {
            r.paragraphs.sweep();
            r.answers.sweep();
            r.local.sweep();
            r.titles.sweep();
        }
    }
}

/// Where a match rule's pattern matches in a paragraph: byte range in the paragraph, and the
/// value a term list or near-miss list gives the match (its replacement or standard term).
#[derive(Debug, Clone)]
pub(super) struct Hit {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) value: Option<Box<str>>,
}

/// Each match rule's hits in one paragraph's text (none for the other rules); the literal
/// filter decides, for this text alone, which patterns need to run.
pub(super) fn hit_row(
    rules: &RuleSet,
    prefilter: &crate::rules::prefilter::Prefilter,
    text: &str,
) -> HitRow {
    let candidates = prefilter.scan(std::iter::once(text));
    rules
        .rules
        .iter()
        .enumerate()
        .map(|(i, rule)| match &rule.matcher {
            Some(m)
                if rule.scope == Scope::Match
                    && prefilter.slot(i).is_none_or(|s| candidates.may_match(0, s)) =>
            {
                hits_in(m, text)
            }
            _ => Vec::new(),
        })
        .collect()
}

/// Where `matcher` matches in a paragraph's text, in order.
pub(super) fn hits_in(matcher: &Matcher, text: &str) -> Vec<Hit> {
    match matcher {
        Matcher::Regex(re) => re
            .spans(text)
            .into_iter()
            .map(|(start, end)| Hit {
                start,
                end,
                value: None,
            })
            .collect(),
        Matcher::Terms {
            automaton, values, ..
        } => automaton
            .find_iter(text)
            .map(|m| Hit {
                start: m.start(),
                end: m.end(),
                value: values[m.pattern().as_usize()].as_deref().map(Box::from),
            })
            .collect(),
        Matcher::NearMiss(near) => near
            .find_all(text)
            .iter()
            .map(|f| Hit {
                start: f.start,
                end: f.end,
                value: Some(near.term(f.term).into_boxed_str()),
            })
            .collect(),
    }
}
