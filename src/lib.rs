//! planlint: checks draft Chinese government work plans (工作方案、实施方案、行动计划) and
//! extracts their task ledger (任务清单 / 责任清单 / 时限清单).
//!
//! The functions at the top level are the library API: [`lint`] and [`lint_file`] check a plan
//! with the built-in rules, [`extract`] and [`extract_file`] read its tasks, units and
//! deadlines. The modules below them are the machinery the `planlint` binary is built from.
//!
//! ```
//! let plan = "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控。2025年6月底前完成全部工地视频监控安装。（市住建局牵头，市城管局配合）\n";
//! let (doc, facts) = planlint::read_str("方案.txt", plan);
//! assert_eq!(doc.tasks.len(), 1);
//! assert!(facts.tasks[0].deadline.is_some());
//! ```

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod extract;
pub mod input;
pub mod lang;
pub mod limits;
pub mod lsp;
pub mod memo;
pub mod normalize;
pub mod outline;
pub mod report;
pub mod rules;
pub mod serve;
pub mod source;
#[cfg(test)]
mod test_rng;
mod unfiltered;
mod wordhash;

use std::fmt;
use std::path::Path;
use std::sync::{Arc, LazyLock};

pub use diagnostic::Diagnostic;
pub use lang::Date;
pub use report::ledger::LedgerFile;
pub use rules::{RuleSet, Severity};
pub use source::{Position, Source};

/// Reads a plan given as text (`.md` paths are read as Markdown) and extracts its facts.
pub fn read_str(path: &str, text: &str) -> (outline::Document, extract::Facts) {
    let Extracted { document, facts } = extract(path, text);
    (document, facts)
}

/// Why a plan could not be checked. Messages are Chinese, like every message a drafter reads.
#[derive(Debug)]
pub enum Error {
    /// The file could not be read or decoded.
    Input(input::InputError),
    /// A rule pack has errors; each names its file, line and column.
    Rules(Vec<rules::LoadError>),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Input(e) => e.fmt(f),
            Error::Rules(es) => {
                write!(f, "规则包有 {} 处错误", es.len())?;
                es.iter().try_for_each(|e| write!(f, "\n{e}"))
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Input(e) => Some(e),
            Error::Rules(es) => es.first().map(|e| e as _),
        }
    }
}

impl From<input::InputError> for Error {
    fn from(e: input::InputError) -> Self {
        Error::Input(e)
    }
}

/// The built-in packs, compiled once per process: compiling every expression and automaton
/// for each call would cost more than checking a typical plan.
static BUILTIN: LazyLock<Arc<RuleSet>> = LazyLock::new(|| {
    Arc::new(rules::load::builtin().expect("the built-in rule packs compile (tested)"))
});

/// The built-in rule set, shared.
pub fn builtin_rules() -> Arc<RuleSet> {
    Arc::clone(&BUILTIN)
}

/// The built-in packs plus the given pack files, loaded as `planlint check --pack` does.
///
/// ```
/// let rules = planlint::rules_with_packs(&[]).unwrap();
/// assert!(rules.rules.iter().any(|r| r.code == "PL101"));
/// ```
pub fn rules_with_packs(packs: &[&Path]) -> Result<RuleSet, Error> {
    let mut loader = rules::load::Loader::new();
    loader.builtins();
    for p in packs {
        loader.path(p);
    }
    loader.finish().map_err(Error::Rules)
}

/// How [`lint_with`] checks: which rules, and the date deadlines are compared with.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The rules to run; `None`: the built-in rules.
    pub rules: Option<Arc<RuleSet>>,
    /// The date taken as today (PL112 deadline-already-past); `None`: the system date.
    pub today: Option<Date>,
    /// Only these rules (ids, codes or code prefixes) run, when not empty.
    pub select: Vec<String>,
    /// These rules never run.
    pub ignore: Vec<String>,
}

impl Options {
    fn settings(&self) -> engine::Settings {
        engine::Settings {
            today: self.today.unwrap_or_else(cli::system_today),
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            ..engine::Settings::default()
        }
    }
}

/// A checked plan: its decoded text and the findings in it, in position order.
#[derive(Debug, Clone)]
pub struct Linted {
    pub source: Source,
    pub diagnostics: Vec<Diagnostic>,
}

impl Linted {
    /// Where a finding starts: 1-based line and character column.
    pub fn start(&self, d: &Diagnostic) -> Position {
        self.source.position(d.span.start)
    }

    /// The text a finding points at.
    pub fn text(&self, d: &Diagnostic) -> &str {
        self.source.slice(d.span)
    }
}

/// Checks a plan given as text with the built-in rules and default settings.
///
/// ```
/// let plan = "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控。全面推行工地视频监控。（市住建局牵头）\n";
/// let linted = planlint::lint("方案.txt", plan);
/// let missing = linted.diagnostics.iter().find(|d| d.code == "PL102").unwrap();
/// assert_eq!(missing.rule, "task-missing-deadline");
/// assert_eq!(missing.message, "任务“严格施工扬尘管控”未明确完成时限");
/// assert_eq!(linted.start(missing).line, 3);
/// ```
pub fn lint(path: &str, text: &str) -> Linted {
    lint_with(path, text, &Options::default())
}

/// Checks a plan given as text with the given options.
///
/// ```
/// let plan = "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控,全面推行工地视频监控。\n";
/// let options = planlint::Options { select: vec!["PL3".into()], ..Default::default() };
/// let linted = planlint::lint_with("方案.txt", plan, &options);
/// assert_eq!(linted.diagnostics.len(), 1);
/// let comma = &linted.diagnostics[0];
/// assert_eq!((comma.code.as_str(), linted.text(comma)), ("PL301", "控,"));
/// assert_eq!(comma.fix.as_ref().unwrap().edits[0].replacement, "控，");
/// ```
pub fn lint_with(path: &str, text: &str, options: &Options) -> Linted {
    lint_input(input::read_str(path, text, format_of(path)), options)
}

/// Reads a file (`.txt`, `.md`) and checks it with the built-in rules and default settings.
/// A `planlint.yaml` next to it is not read: pass its rules through [`lint_file_with`].
///
/// ```
/// let dir = std::env::temp_dir().join(format!("planlint-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir).unwrap();
/// let path = dir.join("方案.txt");
/// std::fs::write(&path, "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控。2025年6月底前完成XX个工地视频监控安装。\n").unwrap();
/// let linted = planlint::lint_file(&path).unwrap();
/// let codes: Vec<&str> = linted.diagnostics.iter().map(|d| d.code.as_str()).collect();
/// assert!(codes.contains(&"PL101"), "no unit: {codes:?}");
/// assert!(codes.contains(&"PL601"), "placeholder XX: {codes:?}");
/// assert!(planlint::lint_file(&dir.join("旧稿.doc")).is_err());
/// std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn lint_file(path: &Path) -> Result<Linted, Error> {
    lint_file_with(path, &Options::default())
}

/// Reads a file and checks it with the given options.
pub fn lint_file_with(path: &Path, options: &Options) -> Result<Linted, Error> {
    Ok(lint_input(input::read_path(path)?, options))
}

fn lint_input(input: input::Input, options: &Options) -> Linted {
    let rules = options.rules.clone().unwrap_or_else(builtin_rules);
    let (source, diagnostics) = engine::lint_input(input, &rules, &options.settings());
    Linted {
        source,
        diagnostics,
    }
}

/// A read plan: its outline (title, kind, sections, tasks) and the facts found in it.
#[derive(Debug, Clone)]
pub struct Extracted {
    pub document: outline::Document,
    pub facts: extract::Facts,
}

impl Extracted {
    /// The task ledger, as `planlint extract --format json` prints one file of it.
    pub fn ledger(&self) -> LedgerFile {
        LedgerFile::new(&self.document, &self.facts)
    }
}

/// Reads a plan given as text and extracts its tasks, units and deadlines.
///
/// ```
/// let plan = "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控。2025年6月底前完成全部工地视频监控安装。（市住建局牵头，市城管局配合）\n";
/// let ledger = planlint::extract("方案.txt", plan).ledger();
/// let task = &ledger.tasks[0];
/// assert_eq!(task.title, "严格施工扬尘管控");
/// assert_eq!(task.units[0].name, "市住建局");
/// assert_eq!(task.units[0].role, "lead");
/// assert_eq!(task.deadline.as_ref().unwrap().date.as_deref(), Some("2025-06-30"));
/// ```
pub fn extract(path: &str, text: &str) -> Extracted {
    extract_input(input::read_str(path, text, format_of(path)))
}

/// Reads a file (`.txt`, `.md`) and extracts its tasks, units and deadlines.
pub fn extract_file(path: &Path) -> Result<Extracted, Error> {
    Ok(extract_input(input::read_path(path)?))
}

fn extract_input(input: input::Input) -> Extracted {
    let document = outline::build(input);
    let facts = extract::extract(&document);
    Extracted { document, facts }
}

fn format_of(path: &str) -> input::Format {
    input::Format::from_path(Path::new(path)).unwrap_or(input::Format::Text)
}
