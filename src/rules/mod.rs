//! Rule packs: YAML files → a compiled [`RuleSet`]. One loader serves the built-in packs (the
//! YAML files under the top-level `rules/` folder, embedded in the binary) and a user's.
//!
//! `schema.rs` holds the serde types (unknown keys are errors), `load.rs` reads files and
//! lexicons, `compile.rs` parses and checks every expression and keeps ids and codes unique.
//! Every problem is a [`LoadError`] that names the file, line and column and underlines the
//! offending key or the exact spot inside a `when:` expression.

pub mod altered;
pub mod compile;
pub mod load;
pub mod near_miss;
pub mod schema;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use crate::lang::{self, Scope};

/// How serious a finding is; `Off` disables a rule.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Deserialize, serde::Serialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Off,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Off => "off",
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    #[default]
    Safe,
    Unsafe,
}

/// A message, help or fix template: text with `{expression}` placeholders.
#[derive(Debug, Clone, Default)]
pub struct Template {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone)]
pub enum TemplatePart {
    Text(String),
    Expr(lang::Expr),
}

/// Example documents a rule must fire on (`invalid`) or stay silent on (`valid`).
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub invalid: Vec<String>,
    pub valid: Vec<String>,
}

/// What a `match:` rule looks for, compiled.
#[derive(Debug, Clone)]
pub enum Matcher {
    Regex(Arc<regex::Regex>),
    /// A term list or a lexicon, as one Aho-Corasick automaton (leftmost-longest).
    Terms {
        automaton: Arc<aho_corasick::AhoCorasick>,
        terms: Arc<Vec<String>>,
        /// Per term, the replacement a `词 => 替换` entry gives.
        values: Arc<Vec<Option<String>>>,
    },
    /// `near_misses(lexicon("…"))`: text one or two characters off a standard term; also
    /// `altered_phrases(lexicon("…"))`: a set phrase with a word or character swapped.
    NearMiss(Arc<near_miss::NearMiss>),
}

/// A lexicon entry `词` or `词 => 替换`: the term and what the entry maps it to.
pub fn lexicon_entry(raw: &str) -> (&str, Option<&str>) {
    match raw.split_once("=>") {
        Some((k, v)) => (k.trim(), Some(v.trim())),
        None => (raw, None),
    }
}

/// A replacement `新词 @2019` split into the text and the year it applies from.
pub fn value_year(value: &str) -> (&str, Option<u32>) {
    if let Some((text, year)) = value.rsplit_once(" @")
        && let Ok(y) = year.trim().parse::<u32>()
    {
        return (text.trim_end(), Some(y));
    }
    (value, None)
}

/// Where a rule was defined, for errors and `rules explain`.
#[derive(Debug, Clone)]
pub struct Origin {
    /// The pack file's display name (`rules/plan.yaml` for a built-in pack).
    pub file: Arc<str>,
    /// The rule's mapping in that file.
    pub span: Range<usize>,
}

/// A compiled rule.
#[derive(Debug, Clone)]
pub struct Rule {
    pub id: String,
    pub code: String,
    pub pack: String,
    pub severity: Severity,
    pub scope: Scope,
    pub when: Option<lang::Expr>,
    pub matcher: Option<Matcher>,
    pub message: Template,
    pub help: Option<Template>,
    pub description: Option<String>,
    pub fix: Option<Template>,
    pub applicability: Applicability,
    pub examples: Examples,
    pub origin: Origin,
    /// The rule's text as written, for `rules explain`.
    pub source: RuleSource,
}

/// What the pack file says for a rule, verbatim.
#[derive(Debug, Clone, Default)]
pub struct RuleSource {
    pub when: Option<String>,
    pub matcher: Option<String>,
    pub message: String,
    pub help: Option<String>,
    pub fix: Option<String>,
}

/// A pack as loaded: its name and description.
#[derive(Debug, Clone)]
pub struct PackInfo {
    pub name: String,
    pub description: Option<String>,
    pub file: Arc<str>,
    /// The pack file's text, for errors that point into it after loading.
    pub text: Arc<String>,
}

/// All rules in force, with the lexicons they may use.
#[derive(Debug, Clone, Default)]
pub struct RuleSet {
    pub packs: Vec<PackInfo>,
    pub rules: Vec<Rule>,
    pub lexicons: BTreeMap<String, Arc<Vec<String>>>,
}

/// A problem in a rule pack or config file, rendered by miette with the file's text, the
/// span underlined, and the line and character column in the header.
#[derive(Debug, Clone)]
pub struct LoadError {
    pub file: Arc<str>,
    pub source_text: Arc<String>,
    /// Byte range in `source_text`.
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

impl LoadError {
    /// 1-based line and character column of the span start.
    pub fn line_column(&self) -> (usize, usize) {
        let at = self.span.start.min(self.source_text.len());
        let before = &self.source_text[..at];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (line, column) = self.line_column();
        write!(f, "{}:{line}:{column}: {}", self.file, self.message)
    }
}

impl std::error::Error for LoadError {}

impl miette::Diagnostic for LoadError {
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source_text.as_ref() as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        let span = miette::SourceSpan::from(self.span.clone());
        Some(Box::new(std::iter::once(
            miette::LabeledSpan::new_with_span(None, span),
        )))
    }
}
