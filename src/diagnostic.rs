//! Findings as plain data: what every report format renders.

use crate::rules::{Applicability, Severity};
use crate::source::Span;

/// One replacement of original text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A fix a rule offers: edits that are applied together.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// A finding of one rule at one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id (`task-missing-unit`).
    pub rule: String,
    /// The rule's stable code (`PL101`).
    pub code: String,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// Where, as a byte span into the decoded source text.
    pub span: Span,
    pub fix: Option<Fix>,
}

impl Diagnostic {
    /// The order reports use whatever the thread count: position, then code.
    pub fn sort_key(&self) -> (usize, usize, &str) {
        (self.span.start, self.span.end, &self.code)
    }
}
