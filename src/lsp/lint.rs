//! Linting one open document the way `planlint check` lints a file, and its findings as LSP
//! diagnostics.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Weak};

use lsp_types::{DiagnosticSeverity, NumberOrString};

use super::convert::Positions;
use crate::cli::packs::Cache;
use crate::config::{Config, FileSettings};
use crate::diagnostic::Diagnostic;
use crate::engine::{self, Settings};
use crate::input::{self, Format};
use crate::lang::Date;
use crate::rules::{LoadError, RuleSet, Severity};
use crate::source::Source;

/// The result of linting one version of a document.
pub struct Linted {
    pub source: Source,
    /// Whether the editor's text starts with a byte-order mark planlint dropped.
    pub bom: bool,
    pub diagnostics: Vec<Diagnostic>,
    /// The rules in force for the document, for hover.
    pub rules: Arc<RuleSet>,
}

impl Linted {
    pub fn positions(&self) -> Positions<'_> {
        Positions::new(&self.source, self.bom)
    }
}

/// Configs and their rule sets, loaded once until a config or pack changes.
#[derive(Default)]
pub struct Workspace {
    cache: Cache,
    errors: Vec<LoadError>,
    /// The rule sets already handed to [`warm_up`], while they live.
    warming: Vec<Weak<RuleSet>>,
}

impl Workspace {
    /// Forgets every loaded config, so the next lint reads them again.
    pub fn reload(&mut self) {
        self.cache = Cache::default();
    }

    /// Load errors found since the last call; each config's are reported once per load.
    pub fn take_errors(&mut self) -> Vec<LoadError> {
        std::mem::take(&mut self.errors)
    }

    /// The config and rules at `config_path`; a broken config falls back to the built-in
    /// rules so that the drafter still sees findings while the config is being fixed.
    pub fn rules(&mut self, config_path: Option<PathBuf>) -> (Arc<Config>, Arc<RuleSet>) {
        let mut errors = Vec::new();
        let loaded = self
            .cache
            .get(config_path, &[], &mut |e| errors.push(e.clone()));
        self.errors.extend(errors);
        let (config, rules) = loaded
            .or_else(|| self.cache.get(None, &[], &mut |_| {}))
            .unwrap_or_default();
        self.warming.retain(|w| w.strong_count() > 0);
        if !self
            .warming
            .iter()
            .any(|w| w.as_ptr() == Arc::as_ptr(&rules))
        {
            self.warming.push(Arc::downgrade(&rules));
            warm_up(&rules);
        }
        (config, rules)
    }
}

/// Builds a newly loaded rule set's tables and compiles its regexes on a thread of their own,
/// beside the document's first lint rather than on its path: typing leaves a core idle. A
/// rule the document's config turns off is warmed all the same; that costs only idle time.
fn warm_up(rules: &Arc<RuleSet>) {
    let rules = Arc::clone(rules);
    super::warm_up_beside(move || rules.warm_up(|_| true, true));
}

/// What to lint: the editor's text, the file it belongs to (none for an unsaved buffer) and
/// the name shown for it.
pub struct Target<'a> {
    pub text: &'a str,
    pub path: Option<&'a Path>,
    pub name: &'a str,
    pub markdown: bool,
}

/// What an open document keeps from one lint to the next: the pipeline's memo, valid for the
/// rule set it was filled under.
#[derive(Default)]
pub struct Kept {
    rules: Option<Arc<RuleSet>>,
    memo: engine::Memo,
}

impl Kept {
    /// Frees what the last lint read and forgets what it no longer uses: after its
    /// diagnostics are sent.
    pub fn tidy(&mut self) {
        self.memo.tidy();
    }

    /// The memo for `rules`: the one kept when they are the rules it was filled under, else
    /// a new one (a config or pack changed).
    fn memo_for(&mut self, rules: &Arc<RuleSet>) -> &mut engine::Memo {
        if !self.rules.as_ref().is_some_and(|r| Arc::ptr_eq(r, rules)) {
            *self = Kept {
                rules: Some(Arc::clone(rules)),
                memo: engine::Memo::on(),
            };
        }
        &mut self.memo
    }
}

/// Lints a document with the nearest config, reusing what `kept` holds from its last lint; a
/// panic inside planlint becomes no findings and an error for the log, never a dead server.
pub fn lint(
    ws: &mut Workspace,
    target: &Target,
    today: Date,
    kept: &mut Kept,
) -> Result<Linted, String> {
    let (config, rules) = ws.rules(target.path.and_then(Config::discover));
    let format = if target.markdown {
        Format::Markdown
    } else {
        Format::Text
    };
    let excluded = target.path.is_some_and(|p| config.excludes(p));
    let file = target.path.map(|p| config.for_file(p)).unwrap_or_default();
    let memo = kept.memo_for(&rules);
    let run = || {
        pipeline(
            target,
            format,
            &rules,
            settings(file, today),
            excluded,
            memo,
        )
    };
    let (source, diagnostics) = catch_unwind(AssertUnwindSafe(run)).map_err(|_| {
        // What the memo holds after a panic is not to be trusted.
        *kept = Kept::default();
        format!("planlint 检查“{}”时内部出错", target.name)
    })?;
    Ok(Linted {
        source,
        bom: target.text.starts_with('\u{feff}'),
        diagnostics,
        rules,
    })
}

fn settings(file: FileSettings, today: Date) -> Settings {
    Settings {
        today,
        kind: file.kind,
        severities: file.severities,
        select: Vec::new(),
        ignore: Vec::new(),
        ..Settings::default()
    }
}

fn pipeline(
    target: &Target,
    format: Format,
    rules: &RuleSet,
    settings: Settings,
    excluded: bool,
    memo: &mut engine::Memo,
) -> (Source, Vec<Diagnostic>) {
    let input = input::read_str(target.name, target.text, format);
    if excluded {
        return (input.source, Vec::new());
    }
    // The server sets no deadline, so a lint is never cut short; were it, its findings so far
    // would be a partial set, and none is shown rather than a wrong one.
    engine::lint_input_with(input, rules, &settings, memo).unwrap_or_else(|_| {
        let source = crate::source::Source::new(target.name, target.text);
        (source, Vec::new())
    })
}

/// A planlint finding as the editor shows it: the rule's code, the Chinese message with the
/// help on the next line.
pub fn to_lsp(d: &Diagnostic, pos: &Positions) -> lsp_types::Diagnostic {
    let message = match &d.help {
        Some(h) => format!("{}\n建议：{h}", d.message),
        None => d.message.to_string(),
    };
    lsp_types::Diagnostic {
        range: pos.range(d.span),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.code.to_string())),
        source: Some("planlint".into()),
        message,
        ..Default::default()
    }
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info | Severity::Off => DiagnosticSeverity::INFORMATION,
    }
}

/// A config or pack error as a diagnostic in that file.
pub fn load_error_to_lsp(e: &LoadError) -> lsp_types::Diagnostic {
    let source = Source::new(e.file.as_ref(), e.source_text.as_str());
    let end = e.span.end.min(source.text.len());
    let span = crate::source::Span::new(e.span.start.min(end), end);
    let message = match &e.help {
        Some(h) => format!("{}\n建议：{h}", e.message),
        None => e.message.clone(),
    };
    lsp_types::Diagnostic {
        range: Positions::new(&source, false).range(span),
        severity: Some(DiagnosticSeverity::ERROR),
        source: Some("planlint".into()),
        message,
        ..Default::default()
    }
}
