//! Pack documents → compiled rules: every `when:` condition, `match:` pattern and message
//! placeholder is parsed and checked by [`crate::lang`], term lists become Aho-Corasick
//! automata, and ids, codes and lexicon names are kept unique across all packs loaded together.
//! An error inside an expression is mapped from the expression's own byte range back into the
//! pack file through [`Text::locate`].

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::schema::{MatchDoc, PackDoc, RuleDoc, Text};
use super::{
    Examples, LoadError, Matcher, Origin, PackInfo, Rule, RuleSet, RuleSource, Template,
    TemplatePart,
};
use crate::lang::{self, CheckContext, LangError, Pattern};

/// Codes and ids the engine uses for its own findings; no pack may take them.
const RESERVED: &[(&str, &str)] = &[
    ("PL001", "unused-suppression"),
    ("PL002", "too-many-findings"),
];

/// One pack file, read and checked for shape, with its lexicons' terms resolved.
#[derive(Debug, Clone)]
pub struct Unit {
    pub file: Arc<str>,
    pub text: Arc<String>,
    /// The pack's name (`pack:`, else the file name without extension).
    pub pack: String,
    pub doc: PackDoc,
    /// Lexicon name (as written) and its terms, in file order.
    pub lexicons: Vec<(Text, Vec<String>)>,
    /// One of the packs built into planlint: its regexes compile on first use.
    pub builtin: bool,
}

impl Unit {
    fn error(
        &self,
        span: Range<usize>,
        message: impl Into<String>,
        help: Option<String>,
    ) -> LoadError {
        LoadError {
            file: self.file.clone(),
            source_text: self.text.clone(),
            span,
            message: message.into(),
            help,
        }
    }

    fn lang_error(&self, t: &Text, offset: usize, e: LangError) -> LoadError {
        let span = t.locate(&self.text, offset + e.span.start..offset + e.span.end);
        self.error(span, e.message, e.help)
    }
}

/// `file:line` of a byte offset, for "already defined at" help.
fn place(file: &str, text: &str, at: usize) -> String {
    let at = at.min(text.len());
    format!("{file}:{}", text[..at].matches('\n').count() + 1)
}

/// Compiles the units loaded together. `external` lexicons (from a config) are visible to all
/// of them; a pack lexicon of the same name gains their terms.
pub fn build(
    mut units: Vec<Unit>,
    external: &BTreeMap<String, Arc<Vec<String>>>,
) -> (RuleSet, Vec<LoadError>) {
    let mut errors = Vec::new();
    let mut set = RuleSet::default();

    // Lexicons first: any rule of any pack may name any of them. Their terms are moved into
    // the set, not copied: the built-in lexicons hold thousands of strings.
    for (ui, li) in unique_lexicons(&units, &mut errors) {
        let (name, terms) = &mut units[ui].lexicons[li];
        set.lexicons
            .insert(name.value.clone(), Arc::new(std::mem::take(terms)));
    }
    for (name, terms) in external {
        match set.lexicons.get_mut(name) {
            Some(own) => {
                let mut all = own.as_ref().clone();
                all.extend(terms.iter().filter(|t| !own.contains(t)).cloned());
                *own = Arc::new(all);
            }
            None => {
                set.lexicons.insert(name.clone(), terms.clone());
            }
        }
    }

    let lexicons = &set.lexicons;
    let has_lexicon = |name: &str| lexicons.contains_key(name);
    let mut cache: HashMap<String, Matcher> = HashMap::new();
    let mut placeholders = Placeholders::new();
    let mut ids: HashMap<String, (usize, usize)> = HashMap::new();
    let mut codes: HashMap<String, (usize, usize)> = HashMap::new();
    let mut rules = Vec::new();
    for (ui, u) in units.iter().enumerate() {
        for doc in &u.doc.rules {
            let unique = unique(u, ui, &units, doc, &mut ids, &mut codes, &mut errors);
            let rule = compile_rule(
                u,
                doc,
                &has_lexicon,
                lexicons,
                &mut cache,
                &mut placeholders,
                &mut errors,
            );
            if let Some(rule) = rule.filter(|_| unique && !doc.broken) {
                rules.push(rule);
            }
        }
    }
    share_document_values(&mut rules);
    share_regex_literals(&mut rules);
    set.rules = rules;
    set.packs = units
        .iter()
        .map(|u| PackInfo {
            name: u.pack.clone(),
            description: u.doc.description.as_ref().map(|t| t.value.clone()),
            file: u.file.clone(),
            text: u.text.clone(),
        })
        .collect();
    (set, errors)
}

/// The lexicons of `units` (unit and lexicon index) whose name no earlier one has; an error
/// for each of the others.
fn unique_lexicons(units: &[Unit], errors: &mut Vec<LoadError>) -> Vec<(usize, usize)> {
    let mut defined: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut kept = Vec::new();
    for (ui, u) in units.iter().enumerate() {
        for (li, (name, _)) in u.lexicons.iter().enumerate() {
            if let Some(&(uj, at)) = defined.get(name.value.as_str()) {
                errors.push(u.error(
                    name.span.clone(),
                    format!("词表“{}”重复定义", name.value),
                    Some(format!(
                        "已在 {} 定义；词表名在同时加载的所有规则包中必须唯一",
                        place(&units[uj].file, &units[uj].text, at)
                    )),
                ));
                continue;
            }
            defined.insert(&name.value, (ui, name.span.start));
            kept.push((ui, li));
        }
    }
    kept
}

/// Records the rule's id and code; false (with an error) when another rule has either.
#[allow(clippy::too_many_arguments)]
fn unique(
    u: &Unit,
    ui: usize,
    units: &[Unit],
    doc: &RuleDoc,
    ids: &mut HashMap<String, (usize, usize)>,
    codes: &mut HashMap<String, (usize, usize)>,
    errors: &mut Vec<LoadError>,
) -> bool {
    let mut ok = true;
    for (what, text, seen, reserved) in [
        (
            "id",
            &doc.id,
            &mut *ids,
            RESERVED.iter().map(|r| r.1).collect::<Vec<_>>(),
        ),
        (
            "代码",
            &doc.code,
            &mut *codes,
            RESERVED.iter().map(|r| r.0).collect(),
        ),
    ] {
        let Some(t) = text else { continue };
        if reserved.contains(&t.value.as_str()) {
            errors.push(u.error(
                t.span.clone(),
                format!("规则{what}“{}”由 planlint 保留", t.value),
                Some(format!(
                    "{what}“{}”用于报告无效的抑制注释，请换一个",
                    t.value
                )),
            ));
            ok = false;
            continue;
        }
        if let Some(&(uj, at)) = seen.get(&t.value) {
            errors.push(u.error(
                t.span.clone(),
                format!("规则{what}“{}”重复", t.value),
                Some(format!(
                    "已在 {} 使用；每条规则的 id 和代码在所有规则包中必须唯一，代码发布后也不要复用",
                    place(&units[uj].file, &units[uj].text, at)
                )),
            ));
            ok = false;
        } else {
            seen.insert(t.value.clone(), (ui, t.span.start));
        }
    }
    ok
}

/// Numbers the document-invariant parts of all rules' conditions, messages and fixes so that
/// the same count or look-up in several rules is computed once per document.
fn share_document_values(rules: &mut [Rule]) {
    let mut slots = HashMap::new();
    for rule in rules {
        for e in rule.expressions_mut() {
            lang::hoist::share(e, &mut slots);
        }
    }
}

/// Gives every rule the same literal for a regex written in several (see [`lang::RegexTable`]).
fn share_regex_literals(rules: &mut [Rule]) {
    let mut table = lang::RegexTable::default();
    for rule in rules {
        if let Some(Matcher::Regex(re)) = &mut rule.matcher {
            table.share_match(re);
        }
        for e in rule.expressions_mut() {
            e.visit_mut(&mut |node| {
                if let lang::ast::ExprKind::Literal(lang::Value::Regex(re)) = &mut node.kind {
                    table.share(re);
                }
            });
        }
    }
}

/// Compiles one rule; every problem goes to `errors`, and `None` when there was one (or when
/// a required part was missing, which the schema reported).
fn compile_rule(
    u: &Unit,
    doc: &RuleDoc,
    has_lexicon: &dyn Fn(&str) -> bool,
    lexicons: &BTreeMap<String, Arc<Vec<String>>>,
    cache: &mut HashMap<String, Matcher>,
    placeholders: &mut Placeholders,
    errors: &mut Vec<LoadError>,
) -> Option<Rule> {
    let before = errors.len();
    let scope = doc.scope.as_ref()?.value;
    let cx = CheckContext {
        scope,
        has_lexicon,
        defer_regex: u.builtin,
    };
    let when = doc
        .when
        .as_ref()
        .and_then(|t| match lang::compile(&t.value, &cx) {
            Ok(e) => Some(e),
            Err(e) => {
                errors.push(u.lang_error(t, 0, e));
                None
            }
        });
    let matcher = doc
        .matcher
        .as_ref()
        .and_then(|m| matcher(u, m, &cx, lexicons, cache, errors));
    let message = doc
        .message
        .as_ref()
        .and_then(|t| template(u, t, &cx, placeholders, errors));
    let help = doc
        .help
        .as_ref()
        .map(|t| template(u, t, &cx, placeholders, errors));
    let fix = doc
        .fix
        .as_ref()
        .map(|t| template(u, t, &cx, placeholders, errors));
    if errors.len() > before {
        return None;
    }
    let source = RuleSource {
        when: doc.when.as_ref().map(|t| t.value.clone()),
        matcher: doc.matcher.as_ref().map(|m| match m {
            MatchDoc::Pattern(t) => t.value.clone(),
            MatchDoc::Terms { terms, .. } => {
                format!("{:?}", terms.iter().map(|t| &t.value).collect::<Vec<_>>())
            }
        }),
        message: doc
            .message
            .as_ref()
            .map(|t| t.value.clone())
            .unwrap_or_default(),
        help: doc.help.as_ref().map(|t| t.value.clone()),
        fix: doc.fix.as_ref().map(|t| t.value.clone()),
    };
    Some(Rule {
        id: doc.id.as_ref()?.value.clone(),
        code: doc.code.as_ref()?.value.clone(),
        pack: u.pack.clone(),
        severity: doc.severity.as_ref()?.value,
        scope,
        when,
        matcher,
        message: message?,
        help: help.flatten(),
        description: doc.description.as_ref().map(|t| t.value.clone()),
        fix: fix.flatten(),
        applicability: doc
            .applicability
            .as_ref()
            .map(|a| a.value)
            .unwrap_or_default(),
        examples: Examples {
            invalid: doc.invalid.iter().map(|t| t.value.clone()).collect(),
            valid: doc.valid.iter().map(|t| t.value.clone()).collect(),
        },
        origin: Origin {
            file: u.file.clone(),
            span: doc.span.clone(),
        },
        source,
    })
}

fn matcher(
    u: &Unit,
    m: &MatchDoc,
    cx: &CheckContext<'_>,
    lexicons: &BTreeMap<String, Arc<Vec<String>>>,
    cache: &mut HashMap<String, Matcher>,
    errors: &mut Vec<LoadError>,
) -> Option<Matcher> {
    let (terms, span) = match m {
        MatchDoc::Terms { terms, span } => (
            terms.iter().map(|t| t.value.clone()).collect::<Vec<_>>(),
            span.clone(),
        ),
        MatchDoc::Pattern(t) => match lang::compile_pattern(&t.value, cx) {
            Err(e) => {
                errors.push(u.lang_error(t, 0, e));
                return None;
            }
            Ok(Pattern::Regex(re)) => return Some(Matcher::Regex(re)),
            Ok(Pattern::Terms(terms)) => (terms, t.span.clone()),
            Ok(Pattern::NearMisses(name)) => {
                let terms = defined_lexicon(u, t, &name, lexicons, errors)?;
                let keys: Vec<String> = terms
                    .iter()
                    .map(|t| super::lexicon_entry(t).0.to_string())
                    .collect();
                return word_matcher(u, t, super::near_miss::NearMiss::new(&keys), errors);
            }
            Ok(Pattern::AlteredPhrases(name)) => {
                let entries = defined_lexicon(u, t, &name, lexicons, errors)?;
                return word_matcher(u, t, super::near_miss::NearMiss::altered(entries), errors);
            }
            Ok(Pattern::Lexicon(name)) => {
                if let Some(m) = cache.get(&name) {
                    return Some(m.clone());
                }
                let terms = defined_lexicon(u, t, &name, lexicons, errors)?;
                let m = terms_matcher(u, terms.as_ref().clone(), t.span.clone(), errors)?;
                cache.insert(name, m.clone());
                return Some(m);
            }
        },
    };
    terms_matcher(u, terms, span, errors)
}

/// The terms of lexicon `name`, or an error at the `match:` that names an undefined one.
/// The near-miss or altered-phrase matcher, or a load error where its automaton cannot be
/// built.
fn word_matcher(
    u: &Unit,
    t: &Text,
    built: Result<super::near_miss::NearMiss, aho_corasick::BuildError>,
    errors: &mut Vec<LoadError>,
) -> Option<Matcher> {
    match built {
        Ok(n) => Some(Matcher::NearMiss(Arc::new(n))),
        Err(e) => {
            errors.push(u.error(t.span.clone(), format!("无法构建词语匹配：{e}"), None));
            None
        }
    }
}

fn defined_lexicon<'l>(
    u: &Unit,
    t: &Text,
    name: &str,
    lexicons: &'l BTreeMap<String, Arc<Vec<String>>>,
    errors: &mut Vec<LoadError>,
) -> Option<&'l Arc<Vec<String>>> {
    let found = lexicons.get(name);
    if found.is_none() {
        errors.push(
            u.error(
                t.span.clone(),
                format!("未定义的词表“{name}”"),
                Some(
                    "在规则包的 lexicons: 下定义这个词表，或在 planlint.yaml 的 lexicons: 中加入"
                        .into(),
                ),
            ),
        );
    }
    found
}

fn terms_matcher(
    u: &Unit,
    terms: Vec<String>,
    span: Range<usize>,
    errors: &mut Vec<LoadError>,
) -> Option<Matcher> {
    if terms.iter().all(String::is_empty) {
        errors.push(u.error(
            span,
            "match 的词语列表为空",
            Some("列出至少一个要查找的词".into()),
        ));
        return None;
    }
    let (terms, values): (Vec<String>, Vec<Option<String>>) = terms
        .iter()
        .map(|t| super::lexicon_entry(t))
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .unzip();
    match AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .kind(Some(AhoCorasickKind::ContiguousNFA))
        .build(&terms)
    {
        Ok(ac) => Some(Matcher::Terms {
            automaton: Arc::new(ac),
            terms: Arc::new(terms),
            values: Arc::new(values),
        }),
        Err(e) => {
            errors.push(u.error(span, format!("无法构建词语匹配：{e}"), None));
            None
        }
    }
}

/// The placeholders compiled so far, by their text and what they were checked against: the
/// built-in packs write `{match.text}` in 33 templates and some long `replace(…)` chains
/// twice, and parsing them all cost ≈6 M instructions. A copy shares its regex literals.
struct Placeholders(HashMap<(String, lang::Scope, bool), lang::Expr>);

impl Placeholders {
    fn new() -> Self {
        Placeholders(HashMap::new())
    }

    /// [`lang::compile_placeholder`], once per text and context. Errors are not kept: each
    /// is reported where it is written.
    fn compile(&mut self, src: &str, cx: &CheckContext<'_>) -> Result<lang::Expr, LangError> {
        let key = (src.to_string(), cx.scope, cx.defer_regex);
        if let Some(e) = self.0.get(&key) {
            return Ok(e.clone());
        }
        let e = lang::compile_placeholder(src, cx)?;
        self.0.insert(key, e.clone());
        Ok(e)
    }
}

/// Parses a message, help or fix template: text with `{expression}` placeholders, `{{` and
/// `}}` for literal braces. Every placeholder is compiled; all problems are reported.
fn template(
    u: &Unit,
    t: &Text,
    cx: &CheckContext<'_>,
    placeholders: &mut Placeholders,
    errors: &mut Vec<LoadError>,
) -> Option<Template> {
    let s = t.value.as_str();
    let before = errors.len();
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    while i < s.len() {
        let rest = &s[i..];
        if rest.starts_with("{{") {
            lit.push('{');
            i += 2;
        } else if rest.starts_with("}}") {
            lit.push('}');
            i += 2;
        } else if rest.starts_with('}') {
            errors.push(u.error(
                t.locate(&u.text, i..i + 1),
                "模板中有单独的“}”",
                Some("要输出“}”本身请写“}}”；占位符写成 {task.title}".into()),
            ));
            i += 1;
        } else if let Some(inner) = rest.strip_prefix('{') {
            let Some(len) = placeholder_len(inner) else {
                errors.push(u.error(
                    t.locate(&u.text, i..i + 1),
                    "占位符缺少右花括号“}”",
                    Some("占位符写成 {task.title}；要输出“{”本身请写“{{”".into()),
                ));
                break;
            };
            let expr = &inner[..len];
            if expr.trim().is_empty() {
                errors.push(u.error(
                    t.locate(&u.text, i..i + len + 2),
                    "空的占位符“{}”",
                    Some(
                        "在花括号中写字段，如 {task.title}；要输出花括号本身请写“{{”和“}}”".into(),
                    ),
                ));
            } else {
                match placeholders.compile(expr, cx) {
                    Ok(e) => {
                        if !lit.is_empty() {
                            parts.push(TemplatePart::Text(std::mem::take(&mut lit)));
                        }
                        parts.push(TemplatePart::Expr(e));
                    }
                    Err(e) => errors.push(u.lang_error(t, i + 1, e)),
                }
            }
            i += len + 2;
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            lit.push(c);
            i += c.len_utf8();
        }
    }
    if !lit.is_empty() {
        parts.push(TemplatePart::Text(lit));
    }
    (errors.len() == before).then_some(Template { parts })
}

/// Length of a placeholder's expression up to its closing `}` (not included): braces nest
/// (a regex `/a{2}/`) and string literals may hold braces.
fn placeholder_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut quote: Option<char> = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '{' => depth += 1,
            '}' if depth == 0 => return Some(i),
            '}' => depth -= 1,
            '\n' => return None,
            _ => {}
        }
    }
    None
}

impl RuleSet {
    /// Adds `other`'s packs, rules and lexicons. A rule whose id or code is already taken is
    /// not added, and a lexicon defined differently in both is an error; the rest is merged.
    /// To let one pack's rules use another's lexicons, load them together with
    /// [`super::load::Loader`] instead.
    pub fn merge(&mut self, other: RuleSet) -> Result<(), Vec<LoadError>> {
        let mut errors = Vec::new();
        let text_of = |packs: &[PackInfo], file: &str| {
            packs
                .iter()
                .find(|p| &*p.file == file)
                .map_or_else(|| Arc::new(String::new()), |p| p.text.clone())
        };
        let mut ids: HashMap<String, usize> = HashMap::new();
        let mut codes: HashMap<String, usize> = HashMap::new();
        for (i, r) in self.rules.iter().enumerate() {
            ids.insert(r.id.clone(), i);
            codes.insert(r.code.clone(), i);
        }
        let mut packs = self.packs.clone();
        packs.extend(other.packs.iter().cloned());
        for rule in other.rules {
            let clash = ids
                .get(&rule.id)
                .map(|&i| ("id", &rule.id, i))
                .or_else(|| codes.get(&rule.code).map(|&i| ("代码", &rule.code, i)));
            if let Some((what, value, i)) = clash {
                let text = text_of(&packs, &rule.origin.file);
                let first = &self.rules[i];
                let first_text = text_of(&packs, &first.origin.file);
                let key = if what == "id" { "id" } else { "code" };
                let at = value_span(&first_text, first.origin.span.clone(), key, value);
                errors.push(LoadError {
                    file: rule.origin.file.clone(),
                    span: value_span(&text, rule.origin.span.clone(), key, value),
                    source_text: text,
                    message: format!("规则{what}“{value}”重复"),
                    help: Some(format!(
                        "已在 {} 使用；每条规则的 id 和代码在所有规则包中必须唯一",
                        place(&first.origin.file, &first_text, at.start)
                    )),
                });
                continue;
            }
            ids.insert(rule.id.clone(), self.rules.len());
            codes.insert(rule.code.clone(), self.rules.len());
            self.rules.push(rule);
        }
        // The literal filter was built for the old rules; build anew on use.
        self.prefilter = super::prefilter::SharedPrefilter::default();
        for (name, terms) in other.lexicons {
            match self.lexicons.get(&name) {
                Some(own) if own != &terms => {
                    let pack = other
                        .packs
                        .iter()
                        .find(|p| p.text.contains(&format!("{name}:")))
                        .or(other.packs.first());
                    let (file, text) = pack.map_or_else(
                        || (Arc::from(""), Arc::new(String::new())),
                        |p| (p.file.clone(), p.text.clone()),
                    );
                    let at = text.find(&format!("{name}:")).unwrap_or(0);
                    errors.push(LoadError {
                        file,
                        span: at..at + name.len().min(text.len() - at),
                        source_text: text,
                        message: format!("词表“{name}”重复定义"),
                        help: Some("词表名在同时加载的所有规则包中必须唯一".into()),
                    });
                }
                Some(_) => {}
                None => {
                    self.lexicons.insert(name, terms);
                    // Values built for the old lexicons no longer apply; build anew on use.
                    self.lexicon_values = super::LexiconValues::default();
                }
            }
        }
        self.packs.extend(other.packs);
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// The span of `value` written after `key:` inside `range` of `text`, else the range's start.
fn value_span(text: &str, range: Range<usize>, key: &str, value: &str) -> Range<usize> {
    let Some(region) = text.get(range.clone()) else {
        return 0..0;
    };
    let mut from = 0;
    while let Some(i) = region[from..].find(value) {
        let at = from + i;
        let before = region[..at].trim_end_matches([' ', '"', '\'']);
        if before.ends_with(&format!("{key}:")) {
            return range.start + at..range.start + at + value.len();
        }
        from = at + value.len().max(1);
    }
    range.start..range.start
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::lang::ast::ExprKind;
    use crate::lang::{Expr, RegexLiteral, Value};
    use crate::rules::{Rule, TemplatePart};

    use super::{CheckContext, Placeholders};
    use crate::lang::Scope;

    fn first_regex(e: &Expr) -> Option<Arc<RegexLiteral>> {
        match &e.kind {
            ExprKind::Literal(Value::Regex(re)) => Some(re.clone()),
            ExprKind::Not(x) => first_regex(x),
            ExprKind::Binary { lhs, rhs, .. } => first_regex(lhs).or_else(|| first_regex(rhs)),
            ExprKind::Call(c) => c.args.iter().find_map(first_regex),
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                xs.iter().find_map(first_regex)
            }
            _ => None,
        }
    }

    fn message_regex(rule: &Rule) -> Arc<RegexLiteral> {
        rule.message
            .parts
            .iter()
            .find_map(|p| match p {
                TemplatePart::Expr(e) => first_regex(e),
                TemplatePart::Text(_) => None,
            })
            .expect("a regex in the message")
    }

    #[test]
    fn a_placeholder_written_twice_is_compiled_once_per_scope() {
        let mut placeholders = Placeholders::new();
        let cx = |scope| CheckContext {
            scope,
            has_lexicon: &|_| false,
            defer_regex: false,
        };
        let src = "count(paragraph, paragraph.text matches /甲/)";
        for scope in [Scope::Document, Scope::Document, Scope::Paragraph] {
            placeholders.compile(src, &cx(scope)).unwrap();
        }
        let mut kept: Vec<_> = placeholders.0.keys().map(|(_, scope, _)| *scope).collect();
        kept.sort_by_key(|s| s.as_str());
        assert_eq!(kept, [Scope::Document, Scope::Paragraph]);
    }

    #[test]
    fn a_regex_written_in_several_rules_is_one_literal() {
        let rule = |id: &str, code: &str, scope: &str, when: &str| {
            format!(
                "  - id: {id}\n    code: {code}\n    severity: info\n    scope: {scope}\n    when: '{when}'\n    message: 共 {{count(paragraph, paragraph.text matches /甲/)}} 段\n"
            )
        };
        let yaml = format!(
            "pack: t\nrules:\n{}{}{}",
            rule("a", "T1", "document", "true"),
            rule("b", "T2", "paragraph", "paragraph.text matches /甲/"),
            rule("c", "T3", "paragraph", "paragraph.text matches /甲/m"),
        );
        let set = crate::rules::load::pack_str("t.yaml", &yaml, None).unwrap();
        let [a, b, c] = [0, 1, 2].map(|i| message_regex(&set.rules[i]));
        assert!(
            Arc::ptr_eq(&a, &b) && Arc::ptr_eq(&a, &c),
            "the messages' /甲/"
        );
        let condition = |i: usize| set.rules[i].when.as_ref().and_then(first_regex).unwrap();
        assert!(Arc::ptr_eq(&condition(1), &a), "a condition's /甲/ too");
        assert!(!Arc::ptr_eq(&condition(2), &a), "/甲/m is another regex");
    }
}
