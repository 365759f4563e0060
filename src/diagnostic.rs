//! Findings as plain data: what every report format renders.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use crate::rules::{Applicability, Severity};
use crate::source::Span;

/// One replacement of original text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Edit {
    pub span: Span,
    pub replacement: SharedStr,
}

/// A fix a rule offers: edits that are applied together.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Fix {
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// An immutable string that clones by sharing: a rule's id, code or fixed help, held by
/// every finding of that rule; a finding's message and fix, held again by the language
/// server's findings replayed for an unchanged paragraph. It reads and compares as a `&str`
/// (`d.code == "PL101"`, `d.code.as_str()`), and prints and serialises as the string does,
/// `{:?}` included.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether both are the same allocation, not only the same text.
    pub fn ptr_eq(a: &SharedStr, b: &SharedStr) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<SharedStr> for String {
    fn from(s: SharedStr) -> Self {
        s.as_str().to_string()
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == other.as_str()
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A finding of one rule at one place.
///
/// `rule`, `code` and usually `help` are the same in every finding of a rule, and a large
/// file has hundreds of thousands of findings: they are shared strings, allocated once per
/// rule and document, not copied into each finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id (`task-missing-unit`).
    pub rule: SharedStr,
    /// The rule's stable code (`PL101`).
    pub code: SharedStr,
    pub severity: Severity,
    pub message: SharedStr,
    pub help: Option<SharedStr>,
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
