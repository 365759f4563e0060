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
pub mod prefilter;
pub mod schema;

use std::collections::BTreeMap;
use std::fmt;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

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
    Regex(Arc<crate::lang::RegexLiteral>),
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
    // A byte scan: `split_once("=>")` sets up a substring searcher for each of the thousands
    // of entries the built-in lexicons hold.
    match raw.as_bytes().windows(2).position(|w| w == b"=>") {
        Some(at) => (raw[..at].trim(), Some(raw[at + 2..].trim())),
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

impl Rule {
    /// Does the rule look at the items of `scope`, as its own scope or in an expression?
    pub fn uses_scope(&self, scope: Scope) -> bool {
        self.scope == scope || self.expressions().any(|e| e.uses_scope(scope))
    }

    /// The rule's condition and the placeholders of its message, help and fix: every
    /// expression it evaluates.
    pub fn expressions(&self) -> impl Iterator<Item = &lang::Expr> {
        let templates = [Some(&self.message), self.help.as_ref(), self.fix.as_ref()];
        let placeholders = templates
            .into_iter()
            .flatten()
            .flat_map(|t| t.parts.iter())
            .filter_map(|p| match p {
                TemplatePart::Expr(e) => Some(e),
                TemplatePart::Text(_) => None,
            });
        self.when.iter().chain(placeholders)
    }

    /// [`Rule::expressions`], to change: for what the compiler shares across rules.
    pub(crate) fn expressions_mut(&mut self) -> impl Iterator<Item = &mut lang::Expr> {
        let templates = [
            Some(&mut self.message),
            self.help.as_mut(),
            self.fix.as_mut(),
        ];
        let placeholders = templates
            .into_iter()
            .flatten()
            .flat_map(|t| t.parts.iter_mut())
            .filter_map(|p| match p {
                TemplatePart::Expr(e) => Some(e),
                TemplatePart::Text(_) => None,
            });
        self.when.iter_mut().chain(placeholders)
    }
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
    /// The lexicons as rule values, built on first use and shared by every document and
    /// thread (see [`RuleSet::lexicon_values`]).
    pub lexicon_values: LexiconValues,
    /// The literals of all `match:` rules as one automaton, built on first use (see
    /// [`prefilter`]).
    pub prefilter: prefilter::SharedPrefilter,
}

/// The rule set's lexicons as [`lang::Value`] lists (`lexicon("…")` in a condition), built
/// once rather than for each document. It remembers which lexicon lists it was built from, so
/// a rule set whose `lexicons` change afterwards (`merge`, or a caller editing the field) gets
/// fresh values instead of stale ones.
#[derive(Debug, Clone, Default)]
pub struct LexiconValues(Arc<OnceLock<Built>>);

#[derive(Debug)]
struct Built {
    from: Vec<(String, Arc<Vec<String>>)>,
    values: Arc<BTreeMap<String, lang::Value>>,
}

impl Built {
    fn of(lexicons: &BTreeMap<String, Arc<Vec<String>>>) -> Self {
        Built {
            from: lexicons
                .iter()
                .map(|(n, t)| (n.clone(), Arc::clone(t)))
                .collect(),
            values: Arc::new(crate::engine::env::lexicon_values(lexicons)),
        }
    }

    /// Built from exactly these lists (the same allocations, so the same terms: the lists
    /// kept here hold a reference, which makes `Arc::make_mut` copy rather than edit them).
    fn is_for(&self, lexicons: &BTreeMap<String, Arc<Vec<String>>>) -> bool {
        self.from.len() == lexicons.len()
            && self
                .from
                .iter()
                .zip(lexicons)
                .all(|((n, t), (m, u))| n == m && Arc::ptr_eq(t, u))
    }
}

impl RuleSet {
    /// The literal filter of the match rules, shared.
    pub fn prefilter(&self) -> Arc<prefilter::Prefilter> {
        self.prefilter.get(&self.rules)
    }

    /// Builds now what the rules `on` keeps would otherwise build on first use: the literal
    /// filter and PL505's tables of altered forms, and with `regexes` every regex literal too
    /// (a check compiles only those a text reaches, so that is for a core that would idle).
    /// Run on a spare thread while the first files are read and outlined, it takes that work
    /// off their path; each piece is built once, by whichever thread asks first.
    pub fn warm_up(&self, on: impl Fn(&Rule) -> bool, regexes: bool) {
        self.prefilter();
        let on: Vec<&Rule> = self.rules.iter().filter(|r| on(r)).collect();
        for rule in &on {
            if let Some(Matcher::NearMiss(near)) = &rule.matcher {
                near.warm_up();
            }
        }
        if !regexes {
            return;
        }
        // From the last rule back: a check runs the rules in order, so the two threads meet
        // in the middle rather than wait for each other's regex.
        for rule in on.iter().rev() {
            if let Some(Matcher::Regex(re)) = &rule.matcher {
                re.warm_up();
            }
            for e in rule.expressions() {
                e.visit(&mut |node| {
                    if let lang::ast::ExprKind::Literal(lang::Value::Regex(re)) = &node.kind {
                        re.warm_up();
                    }
                });
            }
        }
    }

    /// The lexicons as rule values, shared.
    pub fn lexicon_values(&self) -> Arc<BTreeMap<String, lang::Value>> {
        let built = self
            .lexicon_values
            .0
            .get_or_init(|| Built::of(&self.lexicons));
        if built.is_for(&self.lexicons) {
            Arc::clone(&built.values)
        } else {
            Built::of(&self.lexicons).values
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(set: &RuleSet, name: &str) -> Vec<String> {
        match set.lexicon_values().get(name) {
            Some(lang::Value::List(items)) => items
                .iter()
                .map(|v| match v {
                    lang::Value::Str(s) => s.to_string(),
                    other => panic!("not a string: {other:?}"),
                })
                .collect(),
            other => panic!("no list: {other:?}"),
        }
    }

    /// Whether each regex literal of `rule` (its pattern's and its expressions') has what it
    /// matches with compiled.
    fn compiled(rule: &Rule) -> Vec<bool> {
        let mut out = Vec::new();
        if let Some(Matcher::Regex(re)) = &rule.matcher {
            out.push(re.is_warm());
        }
        for e in rule.expressions() {
            e.visit(&mut |node| {
                if let lang::ast::ExprKind::Literal(lang::Value::Regex(re)) = &node.kind {
                    out.push(re.is_warm());
                }
            });
        }
        out
    }

    fn rule<'a>(set: &'a RuleSet, code: &str) -> &'a Rule {
        set.rules.iter().find(|r| r.code == code).unwrap()
    }

    fn altered_is_warm(set: &RuleSet) -> bool {
        match &rule(set, "PL505").matcher {
            Some(Matcher::NearMiss(near)) => near.is_warm(),
            other => panic!("PL505 is no near-miss rule: {other:?}"),
        }
    }

    #[test]
    fn warm_up_builds_the_tables_of_the_rules_left_on_and_their_regexes_when_asked() {
        let set = load::builtin().unwrap();
        assert!(!altered_is_warm(&set));
        set.warm_up(|r| r.code != "PL505", false);
        assert!(!altered_is_warm(&set), "PL505 is off");
        set.warm_up(|_| true, false);
        assert!(altered_is_warm(&set));
        // The built-in packs' regexes compile on first use; only `regexes` asks for them.
        assert!(set.rules.iter().all(|r| compiled(r).iter().all(|c| !c)));

        set.warm_up(|r| r.code != "PL301", true);
        let match_rules_with_regexes = set
            .rules
            .iter()
            .filter(|r| r.code != "PL301" && matches!(r.matcher, Some(Matcher::Regex(_))));
        assert!(match_rules_with_regexes.count() > 10);
        for r in set.rules.iter().filter(|r| r.code != "PL301") {
            assert!(compiled(r).iter().all(|&c| c), "{} not compiled", r.code);
        }
        // PL301's own pattern is left for a check to compile, if a text needs it; the others
        // run split (see `lang::anchored_head`), and their whole pattern is never compiled.
        assert_eq!(compiled(rule(&set, "PL301")).first(), Some(&false));
        match &rule(&set, "PL303").matcher {
            Some(Matcher::Regex(re)) => assert!(re.is_warm() && !re.is_compiled()),
            other => panic!("PL303 has no regex: {other:?}"),
        }
    }

    #[test]
    fn lexicon_values_are_shared_and_follow_changed_lexicons() {
        let mut set = RuleSet::default();
        set.lexicons.insert(
            "vague".into(),
            Arc::new(vec!["尽快".into(), "适时 => 及时".into()]),
        );
        assert_eq!(keys(&set, "vague"), ["尽快", "适时"]);
        // Built once: a second call and a clone give the same list.
        let clone = set.clone();
        assert!(Arc::ptr_eq(&set.lexicon_values(), &clone.lexicon_values()));
        // Changed lexicons are seen, whether replaced or edited through `Arc::make_mut`.
        set.lexicons
            .insert("vague".into(), Arc::new(vec!["逐步".into()]));
        assert_eq!(keys(&set, "vague"), ["逐步"]);
        let mut edited = clone.clone();
        Arc::make_mut(edited.lexicons.get_mut("vague").unwrap()).push("抓紧".into());
        assert_eq!(keys(&edited, "vague"), ["尽快", "适时", "抓紧"]);
        assert_eq!(keys(&clone, "vague"), ["尽快", "适时"]);
    }
}
