//! Reading pack files: one loader for the built-in packs (embedded in the binary) and a user's.
//!
//! ```no_run
//! use planlint::rules::load::{self, Loader};
//! # use std::path::Path;
//! // The built-in packs alone, one user pack alone, or several loaded together so that their
//! // ids and codes are checked against each other and their lexicons are shared:
//! let builtin = load::builtin();
//! let mine = load::pack_file(Path::new("本单位规则.yaml"));
//! let mut loader = Loader::new();
//! loader.builtins();
//! loader.path(Path::new("本单位规则.yaml"));
//! let all = loader.finish();
//! ```
//!
//! Every problem is a [`LoadError`] naming the file and underlining the offending key, value or
//! the exact spot inside an expression; all problems of all files are collected, sorted by file
//! and position.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::compile::{self, Unit};
use super::schema::{self, LexiconSource, PackDoc, Problem};
use super::{LoadError, RuleSet};

/// A file embedded in the binary: its path from the crate root and its text.
#[derive(Debug, Clone, Copy)]
pub struct Embedded {
    pub path: &'static str,
    pub text: &'static str,
}

/// The built-in packs: every YAML file under the top-level `rules/` folder. A pack's name is
/// its `pack:` key, which must equal the file name (a test checks both this list and that).
pub const BUILTIN_PACKS: &[Embedded] = &[
    Embedded {
        path: "rules/plan.yaml",
        text: include_str!("../../rules/plan.yaml"),
    },
    Embedded {
        path: "rules/format.yaml",
        text: include_str!("../../rules/format.yaml"),
    },
    Embedded {
        path: "rules/punctuation.yaml",
        text: include_str!("../../rules/punctuation.yaml"),
    },
    Embedded {
        path: "rules/numbers.yaml",
        text: include_str!("../../rules/numbers.yaml"),
    },
    Embedded {
        path: "rules/wording.yaml",
        text: include_str!("../../rules/wording.yaml"),
    },
    Embedded {
        path: "rules/hygiene.yaml",
        text: include_str!("../../rules/hygiene.yaml"),
    },
];

/// Word-list files the built-in packs name in `lexicons:`, by path from the crate root
/// (`rules/lexicons/x.txt`, written `lexicons/x.txt` in a pack under `rules/`).
pub const BUILTIN_LEXICONS: &[Embedded] = &[
    Embedded {
        path: "rules/lexicons/misused-terms.txt",
        text: include_str!("../../rules/lexicons/misused-terms.txt"),
    },
    Embedded {
        path: "rules/lexicons/usage-notes.txt",
        text: include_str!("../../rules/lexicons/usage-notes.txt"),
    },
    Embedded {
        path: "rules/lexicons/agency-renames.txt",
        text: include_str!("../../rules/lexicons/agency-renames.txt"),
    },
    Embedded {
        path: "rules/lexicons/standard-terms.txt",
        text: include_str!("../../rules/lexicons/standard-terms.txt"),
    },
    Embedded {
        path: "rules/lexicons/set-phrases.txt",
        text: include_str!("../../rules/lexicons/set-phrases.txt"),
    },
];

/// The names of the built-in packs, in load order.
pub fn builtin_names() -> Vec<&'static str> {
    BUILTIN_PACKS.iter().map(|p| stem(p.path)).collect()
}

fn stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.rsplit_once('.').map_or(name, |(s, _)| s)
}

/// All built-in packs, compiled.
pub fn builtin() -> Result<RuleSet, Vec<LoadError>> {
    let mut l = Loader::new();
    l.builtins();
    l.finish()
}

/// A user's pack: a YAML file, or a folder whose `*.yaml`/`*.yml` files are loaded together.
pub fn pack_file(path: &Path) -> Result<RuleSet, Vec<LoadError>> {
    let mut l = Loader::new();
    l.path(path);
    l.finish()
}

/// A pack given as text; `display_name` names it in errors, and lexicon files are read
/// relative to `base_dir` (without one, only inline lexicons are possible).
pub fn pack_str(
    display_name: &str,
    yaml: &str,
    base_dir: Option<&Path>,
) -> Result<RuleSet, Vec<LoadError>> {
    let mut l = Loader::new();
    l.source(display_name, yaml, base_dir);
    l.finish()
}

/// Where a pack's lexicon files are.
#[derive(Debug, Clone, Copy)]
enum Base<'a> {
    Dir(&'a Path),
    Builtin,
    Nowhere,
}

/// Loads packs together: ids, codes and lexicon names must be unique across all of them, and
/// any rule may use any of their lexicons (and those given with [`Loader::lexicons`]).
#[derive(Debug, Default)]
pub struct Loader {
    units: Vec<Unit>,
    errors: Vec<LoadError>,
    external: BTreeMap<String, Arc<Vec<String>>>,
    /// Every file named so far, in order, for sorting errors.
    files: Vec<Arc<str>>,
}

impl Loader {
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Lexicons from outside the packs (a config's `lexicons:`): visible to every rule; a
    /// pack's lexicon of the same name gains their terms.
    pub fn lexicons(&mut self, lexicons: BTreeMap<String, Arc<Vec<String>>>) -> &mut Self {
        self.external.extend(lexicons);
        self
    }

    /// Adds all built-in packs.
    pub fn builtins(&mut self) -> &mut Self {
        for p in BUILTIN_PACKS {
            self.add(Arc::from(p.path), p.text, Base::Builtin);
        }
        self
    }

    /// Adds the built-in pack of that name; false if there is none.
    pub fn builtin(&mut self, name: &str) -> bool {
        match BUILTIN_PACKS.iter().find(|p| stem(p.path) == name) {
            Some(p) => {
                self.add(Arc::from(p.path), p.text, Base::Builtin);
                true
            }
            None => false,
        }
    }

    /// Adds a pack file, or every `*.yaml`/`*.yml` file of a folder (sorted by name).
    pub fn path(&mut self, path: &Path) -> &mut Self {
        let display: Arc<str> = Arc::from(path.display().to_string());
        if path.is_dir() {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(entries) => entries
                    .filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| {
                        p.is_file() && p.extension().is_some_and(|e| e == "yaml" || e == "yml")
                    })
                    .collect(),
                Err(e) => {
                    self.io_error(display, format!("无法读取规则文件夹：{}", io_message(&e)));
                    return self;
                }
            };
            if files.is_empty() {
                self.io_error(display, "规则文件夹中没有 .yaml 规则文件".to_string());
                return self;
            }
            files.sort();
            for f in files {
                self.file(&f);
            }
        } else {
            self.file(path);
        }
        self
    }

    fn file(&mut self, path: &Path) {
        let display: Arc<str> = Arc::from(path.display().to_string());
        let text = match crate::input::read_regular(path, MAX_PACK_BYTES) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    self.io_error(
                        display,
                        "规则文件不是 UTF-8 编码，请另存为 UTF-8".to_string(),
                    );
                    return;
                }
            },
            Err(crate::input::InputError::Io(e)) => {
                self.io_error(display, format!("无法读取规则文件：{}", io_message(&e)));
                return;
            }
            Err(crate::input::InputError::TooLarge { size, limit }) => {
                let (size, limit) = (
                    crate::limits::ByteSize(size),
                    crate::limits::ByteSize(limit),
                );
                self.io_error(
                    display,
                    format!("规则文件大小 {size} 超过上限 {limit}，未读取；规则包通常只有几十 KB，大量词语请放在词表文件中"),
                );
                return;
            }
            Err(e) => {
                self.io_error(display, format!("无法读取规则文件：{e}"));
                return;
            }
        };
        let base = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        self.add(display, &text, Base::Dir(base));
    }

    /// Adds a pack given as text (see [`pack_str`]).
    pub fn source(&mut self, display_name: &str, yaml: &str, base_dir: Option<&Path>) -> &mut Self {
        let base = base_dir.map_or(Base::Nowhere, Base::Dir);
        self.add(Arc::from(display_name), yaml, base);
        self
    }

    fn io_error(&mut self, file: Arc<str>, message: String) {
        self.files.push(file.clone());
        self.errors.push(LoadError {
            file,
            source_text: Arc::new(String::new()),
            span: 0..0,
            message,
            help: None,
        });
    }

    fn add(&mut self, file: Arc<str>, text: &str, base: Base<'_>) {
        self.files.push(file.clone());
        let text = Arc::new(normalize(text));
        let mut problems = Vec::new();
        let doc = match schema::parse_yaml(&text) {
            Ok(root) => schema::read_pack(&text, &root, &mut problems),
            Err(p) => {
                problems.push(p);
                PackDoc::default()
            }
        };
        let mut lexicons = Vec::new();
        for lex in &doc.lexicons {
            match &lex.source {
                LexiconSource::Terms { terms, .. } => lexicons.push((
                    lex.name.clone(),
                    terms.iter().map(|t| t.value.clone()).collect(),
                )),
                LexiconSource::File(path) => match read_lexicon(base, &path.value) {
                    Ok(terms) if terms.is_empty() => problems.push(Problem {
                        span: path.span.clone(),
                        message: format!("词表文件“{}”中没有词", path.value),
                        help: Some("词表文件每行一个词；以 # 开头的行和空行不算".into()),
                    }),
                    Ok(terms) => lexicons.push((lex.name.clone(), terms)),
                    Err((message, help)) => problems.push(Problem {
                        span: path.span.clone(),
                        message,
                        help: Some(help),
                    }),
                },
            }
        }
        let pack = doc
            .name
            .as_ref()
            .map_or_else(|| stem(&file).to_string(), |t| t.value.clone());
        self.errors.extend(problems.into_iter().map(|p| LoadError {
            file: file.clone(),
            source_text: text.clone(),
            span: p.span,
            message: p.message,
            help: p.help,
        }));
        self.units.push(Unit {
            file,
            text,
            pack,
            doc,
            lexicons,
            builtin: matches!(base, Base::Builtin),
        });
    }

    /// Compiles everything added; all problems of all files, or the rule set.
    pub fn finish(self) -> Result<RuleSet, Vec<LoadError>> {
        let (set, more) = compile::build(self.units, &self.external);
        let mut errors = self.errors;
        errors.extend(more);
        if errors.is_empty() {
            return Ok(set);
        }
        let files = self.files;
        let order = |f: &Arc<str>| files.iter().position(|g| g == f).unwrap_or(usize::MAX);
        errors.sort_by_key(|e| (order(&e.file), e.span.start));
        Err(errors)
    }
}

/// The largest pack file read (the built-in packs are under 100 KB each; big word lists
/// belong in lexicon files).
const MAX_PACK_BYTES: u64 = 4 * 1024 * 1024;

/// An I/O error in the words a drafter reads.
fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限".to_string(),
        std::io::ErrorKind::IsADirectory => "这是一个文件夹".to_string(),
        _ => e.to_string(),
    }
}

/// Drops a byte-order mark and turns `\r\n` into `\n` (line and column stay the same).
fn normalize(text: &str) -> String {
    let t = text.strip_prefix('\u{feff}').unwrap_or(text);
    if t.contains('\r') {
        t.replace("\r\n", "\n")
    } else {
        t.to_string()
    }
}

/// The terms of a lexicon file: one per line, blank lines and `#` comment lines skipped.
fn read_lexicon(base: Base<'_>, rel: &str) -> Result<Vec<String>, (String, String)> {
    const HELP: &str = "词表文件路径相对于规则文件所在的文件夹，文件每行一个词";
    let text = match base {
        Base::Dir(dir) => {
            let p = dir.join(rel);
            match crate::input::read_regular(&p, crate::limits::MAX_LEXICON_BYTES) {
                Ok(bytes) => String::from_utf8(bytes).map_err(|_| {
                    (
                        format!("词表文件“{}”不是 UTF-8 编码", p.display()),
                        "请把词表文件另存为 UTF-8".to_string(),
                    )
                })?,
                Err(crate::input::InputError::Io(e)) => {
                    return Err((
                        format!("无法读取词表文件“{}”：{}", p.display(), io_message(&e)),
                        HELP.to_string(),
                    ));
                }
                Err(crate::input::InputError::TooLarge { size, limit }) => {
                    let (size, limit) = (
                        crate::limits::ByteSize(size),
                        crate::limits::ByteSize(limit),
                    );
                    return Err((
                        format!(
                            "词表文件“{}”大小 {size} 超过上限 {limit}，未读取",
                            p.display()
                        ),
                        HELP.to_string(),
                    ));
                }
                Err(e) => {
                    return Err((
                        format!("无法读取词表文件“{}”：{e}", p.display()),
                        HELP.to_string(),
                    ));
                }
            }
        }
        Base::Builtin => {
            let path = builtin_path(rel);
            match BUILTIN_LEXICONS.iter().find(|l| l.path == path) {
                Some(l) => l.text.to_string(),
                None => {
                    return Err((
                        format!("内置词表文件“{path}”不存在"),
                        "把词表文件放在 rules/lexicons/ 下，并加入 src/rules/load.rs 的 BUILTIN_LEXICONS"
                            .to_string(),
                    ));
                }
            }
        }
        Base::Nowhere => {
            return Err((
                format!("无法读取词表文件“{rel}”：这个规则包不在文件夹中"),
                "把词语直接写成列表，如 lexicons: {名称: [词一, 词二]}".to_string(),
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    Ok(lexicon_words(text))
}

/// The words of a lexicon file: one a line, trimmed, blank lines and `#` comments skipped.
pub(crate) fn lexicon_words(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

/// `lexicons/x.txt` of a built-in pack → `rules/lexicons/x.txt`.
fn builtin_path(rel: &str) -> String {
    let mut parts: Vec<&str> = vec!["rules"];
    for p in rel.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lang::{self, CheckContext, Scope};
    use crate::rules::Matcher;

    fn load(yaml: &str) -> Result<RuleSet, Vec<LoadError>> {
        pack_str("pack.yaml", yaml, None)
    }

    fn errors(yaml: &str) -> Vec<LoadError> {
        match load(yaml) {
            Ok(_) => panic!("expected errors"),
            Err(e) => e,
        }
    }

    fn one_error(yaml: &str) -> LoadError {
        let mut e = errors(yaml);
        assert_eq!(e.len(), 1, "{e:#?}");
        e.remove(0)
    }

    fn spanned(e: &LoadError) -> &str {
        &e.source_text[e.span.clone()]
    }

    fn render(e: &LoadError) -> String {
        let mut out = String::new();
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor())
            .with_links(false)
            .render_report(&mut out, e)
            .unwrap();
        out
    }

    fn no_lexicons(_: &str) -> bool {
        false
    }

    /// The error `lang` itself gives for `expr` in `scope`, as the part of `expr` it points at.
    fn lang_points_at(expr: &str, scope: Scope, placeholder: bool) -> (String, usize) {
        let cx = CheckContext {
            scope,
            has_lexicon: &no_lexicons,
            defer_regex: false,
        };
        let e = if placeholder {
            lang::compile_placeholder(expr, &cx).unwrap_err()
        } else {
            lang::compile(expr, &cx).unwrap_err()
        };
        (expr[e.span.clone()].to_string(), e.span.start)
    }

    const RULE_HEAD: &str =
        "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: error\n    scope: task\n";

    // -- shape errors (no expressions needed) ---------------------------------------------------

    #[test]
    fn a_match_rule_with_a_term_list_loads_without_expressions() {
        let set = load(
            "pack: hygiene\ndescription: 发布前检查\nrules:\n  - id: unfilled-placeholder\n    code: HY101\n    severity: warning\n    match: [XX, ××, 【待定】]\n    message: 有未填写的占位符\n    help: 填写实际内容\n    description: |\n      说明：……\n    fix: ''\n    applicability: unsafe\n    examples:\n      invalid: [\"XX县工作方案\"]\n      valid: [\"青川县工作方案\"]\n",
        )
        .unwrap();
        assert_eq!(set.packs.len(), 1);
        assert_eq!(set.packs[0].name, "hygiene");
        assert_eq!(set.packs[0].description.as_deref(), Some("发布前检查"));
        let r = &set.rules[0];
        assert_eq!(
            (r.id.as_str(), r.code.as_str(), r.pack.as_str()),
            ("unfilled-placeholder", "HY101", "hygiene")
        );
        assert_eq!(r.scope, Scope::Match, "match: alone makes a match rule");
        assert_eq!(r.severity, crate::rules::Severity::Warning);
        assert_eq!(r.applicability, crate::rules::Applicability::Unsafe);
        let Some(Matcher::Terms {
            terms, automaton, ..
        }) = &r.matcher
        else {
            panic!("terms matcher")
        };
        assert_eq!(terms.as_slice(), ["XX", "××", "【待定】"]);
        assert_eq!(automaton.find("青川县XX年").map(|m| m.start()), Some(9));
        assert!(r.fix.as_ref().is_some_and(|f| f.parts.is_empty()));
        assert_eq!(r.examples.invalid, ["XX县工作方案"]);
        assert_eq!(r.examples.valid, ["青川县工作方案"]);
        assert_eq!(r.description.as_deref(), Some("说明：……\n"));
        assert_eq!(
            r.source.matcher.as_deref(),
            Some(r#"["XX", "××", "【待定】"]"#)
        );
        assert_eq!(&*r.origin.file, "pack.yaml");
        assert!(set.packs[0].text.contains("HY101"));
    }

    #[test]
    fn unknown_key_says_where_and_what_was_meant() {
        let yaml = format!("{RULE_HEAD}    whne: not has(task.units)\n    message: 缺少单位\n");
        let e = one_error(&yaml);
        assert_eq!(e.message, "规则中有未知的键“whne”");
        assert!(
            e.help.as_deref().unwrap().starts_with("是不是要写“when”？"),
            "{e:?}"
        );
        assert_eq!(spanned(&e), "whne");
        assert_eq!(e.line_column(), (7, 5));
        assert!(e.to_string().starts_with("pack.yaml:7:5: "));
    }

    #[test]
    fn unknown_pack_and_example_keys() {
        let e = errors("pack: t\nrule:\n  - id: a\n");
        assert_eq!(e[0].message, "规则包中有未知的键“rule”");
        assert!(e[0].help.as_deref().unwrap().contains("“rules”"));
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    match: [XX]\n    message: m\n    examples:\n      bad: [XX]\n",
        );
        assert_eq!(e.message, "examples 中有未知的键“bad”");
        assert!(e.help.as_deref().unwrap().contains("“invalid”"));
        assert_eq!(e.line_column(), (9, 7));
    }

    #[test]
    fn wrong_severity_value() {
        let yaml = "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: warn\n    match: [XX]\n    message: m\n";
        let e = one_error(yaml);
        assert_eq!(e.message, "severity 的值“warn”无效");
        assert_eq!(
            e.help.as_deref(),
            Some("是不是要写“warning”？可选：error、warning、info、off")
        );
        assert_eq!(spanned(&e), "warn");
        assert_eq!(e.line_column(), (5, 15));
    }

    #[test]
    fn missing_message() {
        let e = one_error(
            "pack: t\nrules:\n  - id: placeholder\n    code: T1\n    severity: info\n    match: [XX]\n",
        );
        assert_eq!(e.message, "规则“placeholder”缺少 message");
        assert_eq!(spanned(&e), "placeholder");
    }

    #[test]
    fn bad_scope() {
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    scope: tasks\n    when: x\n    message: m\n",
        );
        assert_eq!(e.message, "scope 的值“tasks”无效");
        assert!(e.help.as_deref().unwrap().starts_with("是不是要写“task”？"));
        assert_eq!(e.line_column(), (6, 12));
    }

    #[test]
    fn scope_match_needs_match_and_other_scopes_need_when() {
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    scope: match\n    message: m\n",
        );
        assert_eq!(e.message, "scope: match 的规则必须有 match:");
        assert_eq!(spanned(&e), "match");
        assert_eq!(e.line_column(), (6, 12));
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    scope: task\n    message: m\n",
        );
        assert_eq!(e.message, "规则“a”缺少 when 条件");
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    scope: task\n    match: [XX]\n    message: m\n",
        );
        assert_eq!(e.message, "有 match: 的规则 scope 应为 match，而不是 task");
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    message: m\n",
        );
        assert_eq!(e.message, "规则“a”缺少 scope");
    }

    #[test]
    fn fix_only_on_match_rules_and_applicability_only_with_fix() {
        let e = errors(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    scope: document\n    when: x\n    fix: y\n    message: m\n",
        );
        assert!(
            e.iter()
                .any(|e| e.message == "只有带 match: 的规则才能有 fix" && spanned(e) == "fix"),
            "{e:#?}"
        );
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    match: [XX]\n    applicability: safe\n    message: m\n",
        );
        assert_eq!(e.message, "applicability 只对 fix 有效，但这条规则没有 fix");
    }

    #[test]
    fn malformed_id_and_code_get_a_corrected_suggestion() {
        let e = errors(
            "pack: t\nrules:\n  - id: Task_Missing_Unit\n    code: pl101\n    severity: info\n    match: [XX]\n    message: m\n",
        );
        assert_eq!(e.len(), 2, "{e:#?}");
        assert_eq!(e[0].message, "规则 id“Task_Missing_Unit”格式不对");
        assert!(
            e[0].help
                .as_deref()
                .unwrap()
                .contains("“task-missing-unit”")
        );
        assert_eq!(e[1].message, "规则代码“pl101”格式不对");
        assert!(e[1].help.as_deref().unwrap().contains("“PL101”"));
    }

    #[test]
    fn all_problems_of_a_file_are_reported_in_order() {
        let e = errors(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: fatal\n    match: [XX]\n    message: m\n  - id: b\n    cod: T2\n    severity: info\n    match: [YY]\n  - just text\n",
        );
        let lines: Vec<usize> = e.iter().map(|e| e.line_column().0).collect();
        assert_eq!(lines, [5, 8, 9, 12], "{e:#?}");
        assert!(e[1].message.contains("缺少 message"));
        assert!(e[2].help.as_deref().unwrap().contains("“code”"));
        assert!(e[3].message.starts_with("每条规则应为映射"));
    }

    #[test]
    fn a_value_starting_with_a_brace_gets_a_quoting_hint() {
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    match: [XX]\n    message: {match.text}未填写\n",
        );
        assert!(
            e.message.starts_with("YAML 语法错误") || e.message.starts_with("message 应为文本"),
            "{e:?}"
        );
    }

    #[test]
    fn duplicate_ids_and_codes_across_packs() {
        let a = "pack: a\nrules:\n  - id: same\n    code: X1\n    severity: info\n    match: [XX]\n    message: m\n";
        let b = "pack: b\nrules:\n  - id: other\n    code: X1\n    severity: info\n    match: [YY]\n    message: m\n  - id: same\n    code: X2\n    severity: info\n    match: [ZZ]\n    message: m\n";
        let mut l = Loader::new();
        l.source("a.yaml", a, None).source("b.yaml", b, None);
        let e = l.finish().unwrap_err();
        assert_eq!(e.len(), 2, "{e:#?}");
        assert_eq!(&*e[0].file, "b.yaml");
        assert_eq!(e[0].message, "规则代码“X1”重复");
        assert_eq!(e[0].line_column(), (4, 11));
        assert!(
            e[0].help
                .as_deref()
                .unwrap()
                .starts_with("已在 a.yaml:4 使用")
        );
        assert_eq!(e[1].message, "规则id“same”重复");
        assert_eq!(e[1].line_column(), (8, 9));
        // Within one file too.
        let e = one_error(
            "pack: a\nrules:\n  - id: same\n    code: X1\n    severity: info\n    match: [XX]\n    message: m\n  - id: same\n    code: X2\n    severity: info\n    match: [XX]\n    message: m\n",
        );
        assert_eq!(e.line_column(), (8, 9));
    }

    #[test]
    fn merge_checks_uniqueness_too() {
        let a = load("pack: a\nrules:\n  - id: same\n    code: X1\n    severity: info\n    match: [XX]\n    message: m\n").unwrap();
        let b = pack_str("b.yaml", "pack: b\nrules:\n  - id: new\n    code: X2\n    severity: info\n    match: [XX]\n    message: m\n  - id: same\n    code: X3\n    severity: info\n    match: [XX]\n    message: m\n", None).unwrap();
        let mut set = a;
        let e = set.merge(b).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].message, "规则id“same”重复");
        assert_eq!(&*e[0].file, "b.yaml");
        assert_eq!(spanned(&e[0]), "same");
        assert_eq!(e[0].line_column(), (8, 9));
        assert!(
            e[0].help
                .as_deref()
                .unwrap()
                .starts_with("已在 pack.yaml:3 使用")
        );
        assert_eq!(set.rules.len(), 2, "the rest is merged");
        assert_eq!(set.packs.len(), 2);
    }

    #[test]
    fn reserved_code_is_refused() {
        let e = one_error(
            "pack: t\nrules:\n  - id: mine\n    code: PL001\n    severity: info\n    match: [XX]\n    message: m\n",
        );
        assert_eq!(e.message, "规则代码“PL001”由 planlint 保留");
    }

    #[test]
    fn yaml_syntax_error_has_its_location() {
        let e = one_error("pack: t\nrules:\n  - id: a\n    message: 任务: 缺少\n");
        assert!(e.message.starts_with("YAML 语法错误："), "{e:?}");
        assert_eq!(e.line_column().0, 4);
        let e = one_error("pack: t\nrules: [a, b\n");
        assert!(e.message.starts_with("YAML 语法错误："), "{e:?}");
        let e = one_error("pack: t\npack: u\n");
        assert_eq!(e.message, "重复的键“pack”");
        assert_eq!(e.line_column(), (2, 1));
        let e = one_error("pack: t\n---\npack: u\n");
        assert_eq!(e.message, "一个规则文件只能包含一个 YAML 文档");
    }

    #[test]
    fn alias_bomb_is_refused_quickly() {
        let mut yaml = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for (prev, name) in ["a", "b", "c", "d", "e", "f", "g", "h"]
            .iter()
            .zip(["b", "c", "d", "e", "f", "g", "h", "i"])
        {
            let refs = vec![format!("*{prev}"); 9].join(",");
            yaml.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let e = one_error(&yaml);
        assert!(e.message.contains("别名"), "{e:?}");
        assert!(e.line_column().0 > 1);
    }

    #[test]
    fn empty_and_non_mapping_files() {
        assert_eq!(one_error("").message, "规则文件为空");
        assert_eq!(one_error("# 只有注释\n").message, "规则文件为空");
        assert!(
            one_error("- a\n- b\n")
                .message
                .starts_with("规则文件的顶层应为映射")
        );
        assert_eq!(one_error("pack: t\n").message, "规则包中没有规则");
    }

    #[test]
    fn crlf_and_bom_keep_lines_and_columns() {
        let e = one_error(
            "\u{feff}pack: t\r\nrules:\r\n  - id: a\r\n    code: T1\r\n    severity: warn\r\n    match: [XX]\r\n    message: m\r\n",
        );
        assert_eq!(e.line_column(), (5, 15));
        assert_eq!(spanned(&e), "warn");
    }

    #[test]
    fn io_errors_name_the_file() {
        let e = pack_file(Path::new("/nonexistent/pack.yaml")).unwrap_err();
        assert_eq!(&*e[0].file, "/nonexistent/pack.yaml");
        assert!(e[0].message.starts_with("无法读取规则文件"));
        let dir = tempfile::tempdir().unwrap();
        let e = pack_file(dir.path()).unwrap_err();
        assert_eq!(e[0].message, "规则文件夹中没有 .yaml 规则文件");
        let e = one_error("pack: t\nlexicons:\n  words: words.txt\n");
        assert!(e.message.starts_with("无法读取词表文件“words.txt”"));
        assert_eq!(spanned(&e), "words.txt");
    }

    #[test]
    fn lexicons_inline_and_from_a_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("lexicons")).unwrap();
        std::fs::write(
            dir.path().join("lexicons/old.txt"),
            "\u{feff}# 已更名的机构\n环保局\n\n  国土局  \n# 完\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("pack.yaml"),
            "pack: wording\nlexicons:\n  old-agencies: lexicons/old.txt\n  placeholders: [XX, ××]\nrules:\n  - id: placeholder\n    code: W1\n    severity: info\n    match: [XX]\n    message: m\n",
        )
        .unwrap();
        let set = pack_file(&dir.path().join("pack.yaml")).unwrap();
        assert_eq!(
            set.lexicons["old-agencies"].as_slice(),
            ["环保局", "国土局"]
        );
        assert_eq!(set.lexicons["placeholders"].as_slice(), ["XX", "××"]);
        // A config's lexicons add to a pack's and are visible to all.
        let mut l = Loader::new();
        l.lexicons(BTreeMap::from([
            (
                "placeholders".to_string(),
                Arc::new(vec!["XX".to_string(), "某某".to_string()]),
            ),
            (
                "roster".to_string(),
                Arc::new(vec!["县农业农村局".to_string()]),
            ),
        ]));
        l.path(dir.path());
        let set = l.finish().unwrap();
        assert_eq!(
            set.lexicons["placeholders"].as_slice(),
            ["XX", "××", "某某"]
        );
        assert_eq!(set.lexicons["roster"].as_slice(), ["县农业农村局"]);
        // An empty lexicon file is an error at its path.
        std::fs::write(dir.path().join("lexicons/old.txt"), "# nothing\n").unwrap();
        let e = pack_file(&dir.path().join("pack.yaml")).unwrap_err();
        assert_eq!(e[0].message, "词表文件“lexicons/old.txt”中没有词");
        assert_eq!(e[0].line_column(), (3, 17));
    }

    #[test]
    fn duplicate_lexicon_names_across_files_of_a_folder() {
        let dir = tempfile::tempdir().unwrap();
        let pack = |name: &str| format!("pack: {name}\nlexicons:\n  shared: [甲]\n");
        std::fs::write(dir.path().join("a.yaml"), pack("a")).unwrap();
        std::fs::write(dir.path().join("b.yml"), pack("b")).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not a pack").unwrap();
        let e = pack_file(dir.path()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].file.ends_with("b.yml"));
        assert_eq!(e[0].message, "词表“shared”重复定义");
        assert_eq!(e[0].line_column(), (3, 3));
    }

    #[test]
    fn builtin_list_matches_the_rules_folder() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut on_disk: Vec<String> = std::fs::read_dir(root.join("rules"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".yaml") || n.ends_with(".yml"))
            .map(|n| format!("rules/{n}"))
            .collect();
        on_disk.sort();
        let mut listed: Vec<String> = BUILTIN_PACKS.iter().map(|p| p.path.to_string()).collect();
        listed.sort();
        assert_eq!(
            listed, on_disk,
            "every rules/*.yaml is listed in BUILTIN_PACKS"
        );
        let lex_dir = root.join("rules/lexicons");
        let mut lex_on_disk: Vec<String> = std::fs::read_dir(&lex_dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| format!("rules/lexicons/{}", e.file_name().to_string_lossy()))
                    .collect()
            })
            .unwrap_or_default();
        lex_on_disk.sort();
        let mut lex_listed: Vec<String> = BUILTIN_LEXICONS
            .iter()
            .map(|p| p.path.to_string())
            .collect();
        lex_listed.sort();
        assert_eq!(
            lex_listed, lex_on_disk,
            "every rules/lexicons file is listed in BUILTIN_LEXICONS"
        );
        for p in BUILTIN_PACKS {
            let root = schema::parse_yaml(p.text).unwrap();
            let doc = schema::read_pack(p.text, &root, &mut Vec::new());
            assert_eq!(
                doc.name.map(|t| t.value).as_deref(),
                Some(stem(p.path)),
                "{}: pack: equals the file name",
                p.path
            );
        }
        assert_eq!(builtin_names()[0], "plan");
        assert_eq!(
            builtin_path("./lexicons/../lexicons/x.txt"),
            "rules/lexicons/x.txt"
        );
    }

    #[test]
    fn unknown_builtin_name() {
        let mut l = Loader::new();
        assert!(!l.builtin("nonexistent"));
        assert!(l.finish().unwrap().rules.is_empty());
    }

    #[test]
    fn snapshot_unknown_key() {
        let yaml = format!(
            "{RULE_HEAD}    whne: not has(task.units)\n    message: 任务“{{task.title}}”未明确责任单位\n"
        );
        let e = one_error(&yaml);
        insta::assert_snapshot!(render(&e));
    }

    #[test]
    fn snapshot_duplicate_code() {
        let e = one_error(
            "pack: 本单位\nrules:\n  - id: placeholder\n    code: BD101\n    severity: info\n    match: [XX, ××]\n    message: 有未填写的占位符\n  - id: placeholder-date\n    code: BD101\n    severity: info\n    match: [X月X日]\n    message: 有未填写的日期\n",
        );
        insta::assert_snapshot!(render(&e));
    }

    // -- expressions: these need `lang` -------------------------------------------------------

    /// A pack whose only problem is a typo in `when:` written as `when_yaml` (the text after
    /// `when:`), with the expression `expr` inside it.
    fn check_when_typo(when_yaml: &str, expr: &str, line: usize) {
        let yaml = format!("{RULE_HEAD}    when: {when_yaml}\n    message: 缺少单位\n");
        let e = one_error(&yaml);
        let (points_at, _) = lang_points_at(expr, Scope::Task, false);
        assert!(points_at.contains("unitz"), "lang points at {points_at:?}");
        assert_eq!(spanned(&e), points_at, "{e:?}");
        // The typo occurs once in the file, on `line`: the column is where it is there.
        let line_text = yaml.lines().nth(line - 1).unwrap();
        let col = line_text
            .find(&points_at)
            .map(|b| line_text[..b].chars().count() + 1);
        assert_eq!(e.line_column(), (line, col.unwrap()), "{e}");
    }

    #[test]
    fn when_typo_in_a_plain_scalar() {
        check_when_typo(
            "doc.kind == \"plan\" and not has(task.unitz)",
            "doc.kind == \"plan\" and not has(task.unitz)",
            7,
        );
        let e = one_error(&format!(
            "{RULE_HEAD}    when: doc.kind == \"plan\" and not has(task.unitz)\n    message: 缺少单位\n"
        ));
        assert!(e.to_string().starts_with("pack.yaml:7:"), "{e}");
    }

    #[test]
    fn when_typo_in_quoted_scalars() {
        check_when_typo(
            "'doc.kind == ''plan'' and not has(task.unitz)'",
            "doc.kind == 'plan' and not has(task.unitz)",
            7,
        );
        check_when_typo(
            "\"doc.kind == \\\"plan\\\" and not has(task.unitz)\"",
            "doc.kind == \"plan\" and not has(task.unitz)",
            7,
        );
    }

    #[test]
    fn when_typo_in_block_scalars() {
        check_when_typo(
            "|\n      doc.kind == \"plan\"\n        and not has(task.unitz)",
            "doc.kind == \"plan\"\n  and not has(task.unitz)\n",
            9,
        );
        check_when_typo(
            ">-\n      doc.kind == \"plan\"\n      and not has(task.unitz)",
            "doc.kind == \"plan\" and not has(task.unitz)",
            9,
        );
        check_when_typo(
            "doc.kind == \"plan\"\n      and not has(task.unitz)",
            "doc.kind == \"plan\" and not has(task.unitz)",
            8,
        );
    }

    #[test]
    fn placeholder_to_an_unknown_field() {
        let yaml = format!(
            "{RULE_HEAD}    when: not has(task.units)\n    message: 任务“{{task.titel}}”未明确责任单位\n    help: '在{{{{任务}}}}末尾注明 {{task.title}}'\n"
        );
        let e = one_error(&yaml);
        let (points_at, _) = lang_points_at("task.titel", Scope::Task, true);
        assert!(points_at.contains("titel"));
        assert_eq!(spanned(&e), points_at);
        assert_eq!(e.line_column().0, 8);
        let col = yaml.lines().nth(7).unwrap().find(&points_at).unwrap();
        assert_eq!(
            e.line_column().1,
            yaml.lines().nth(7).unwrap()[..col].chars().count() + 1
        );
    }

    #[test]
    fn template_braces() {
        let set = load(&format!("{RULE_HEAD}    when: not has(task.units)\n    message: 任务“{{task.title}}”缺少{{{{单位}}}}\n")).unwrap();
        let parts = &set.rules[0].message.parts;
        assert_eq!(parts.len(), 3);
        assert!(matches!(&parts[0], crate::rules::TemplatePart::Text(t) if t == "任务“"));
        assert!(matches!(&parts[2], crate::rules::TemplatePart::Text(t) if t == "”缺少{单位}"));
        let e = one_error(&format!(
            "{RULE_HEAD}    when: not has(task.units)\n    message: 任务“{{task.title”\n"
        ));
        assert_eq!(e.message, "占位符缺少右花括号“}”");
        assert_eq!(e.line_column(), (8, 17));
        let e = one_error(&format!(
            "{RULE_HEAD}    when: not has(task.units)\n    message: 任务}}缺少\n"
        ));
        assert_eq!(e.message, "模板中有单独的“}”");
        let e = one_error(&format!(
            "{RULE_HEAD}    when: not has(task.units)\n    message: 任务{{ }}缺少\n"
        ));
        assert_eq!(e.message, "空的占位符“{}”");
    }

    #[test]
    fn bad_regex_in_match() {
        let yaml = "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    match: /(年/\n    message: m\n";
        let e = one_error(yaml);
        let cx = CheckContext {
            scope: Scope::Match,
            has_lexicon: &no_lexicons,
            defer_regex: false,
        };
        let le = lang::compile_pattern("/(年/", &cx).unwrap_err();
        assert_eq!(spanned(&e), &"/(年/"[le.span.clone()]);
        assert_eq!(e.line_column().0, 6);
    }

    #[test]
    fn regex_and_lexicon_matchers_and_match_filters() {
        let set = load("pack: t\nlexicons:\n  old: [环保局, 国土局]\nrules:\n  - id: comma\n    code: T1\n    severity: warning\n    match: /(\\p{Han}),/\n    when: doc.kind == \"plan\"\n    fix: \"{match.text}\"\n    message: 半角逗号“{match.text}”\n  - id: old-name\n    code: T2\n    severity: info\n    scope: match\n    match: lexicon(\"old\")\n    message: 机构名称“{match.text}”已更改\n").unwrap();
        assert!(matches!(&set.rules[0].matcher, Some(Matcher::Regex(re)) if re.is_match("县,")));
        assert!(set.rules[0].when.is_some());
        let Some(Matcher::Terms { terms, .. }) = &set.rules[1].matcher else {
            panic!("lexicon matcher")
        };
        assert_eq!(terms.as_slice(), ["环保局", "国土局"]);
        let e = one_error(
            "pack: t\nrules:\n  - id: a\n    code: T1\n    severity: info\n    match: lexicon(\"nope\")\n    message: m\n",
        );
        assert_eq!(e.line_column().0, 6);
    }

    #[test]
    fn a_typo_in_a_folder_pack_names_its_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("a.yaml"),
            "pack: a\nlexicons:\n  words: [甲, 乙]\n",
        )
        .unwrap();
        std::fs::write(dir.path().join("b.yaml"), "pack: b\nrules:\n  - id: uses-words\n    code: B1\n    severity: info\n    match: lexicon(\"words\")\n    message: m\n  - id: typo\n    code: B2\n    severity: info\n    scope: document\n    when: count(task) > 3 and doc.titel == \"x\"\n    message: m\n").unwrap();
        let e = pack_file(dir.path()).unwrap_err();
        assert_eq!(e.len(), 1, "{e:#?}");
        assert!(e[0].file.ends_with("b.yaml"));
        assert_eq!(e[0].line_column().0, 12);
        assert!(spanned(&e[0]).contains("titel"));
    }

    #[test]
    fn builtin_packs_load() {
        let set =
            builtin().unwrap_or_else(|e| panic!("{}", e.iter().map(render).collect::<String>()));
        assert!(set.rules.iter().any(|r| r.code == "PL101"));
        assert_eq!(set.packs[0].name, "plan");
    }

    #[test]
    fn snapshot_when_typo() {
        let yaml = "pack: 本单位\nrules:\n  - id: vague-deadline\n    code: BD102\n    severity: warning\n    scope: task\n    when: |\n      doc.kind == \"plan\"\n        and task.deadline.kidn == \"vague\"\n    message: 任务“{task.title}”的完成时限不明确\n";
        let e = one_error(yaml);
        insta::assert_snapshot!(render(&e));
    }

    #[test]
    fn snapshot_placeholder_typo_after_chinese_text() {
        let yaml = format!(
            "{RULE_HEAD}    when: not has(task.units)\n    message: 任务“{{task.titel}}”未明确责任单位\n"
        );
        let e = one_error(&yaml);
        insta::assert_snapshot!(render(&e));
    }

    /// No edit of a pack may make the loader panic, and every error points at real text.
    #[test]
    fn mutated_packs_never_panic() {
        let base = "pack: t\nlexicons:\n  w: [甲, '乙']\nrules:\n  - id: a-b\n    code: T1\n    severity: warning\n    scope: task\n    when: |\n      doc.kind == \"plan\"\n        and not has(task.units)\n    message: 任务“{task.title}”缺少{{单位}}\n    help: \"在\\t末尾 {task.title}\"\n  - id: m\n    code: T2\n    severity: info\n    match: lexicon(\"w\")\n    fix: '{match.text}'\n    message: >-\n      发现 {match.text}\n      请改\n";
        load(base).unwrap();
        let chars: Vec<(usize, char)> = base.char_indices().collect();
        // Deleting a character (`None`) or inserting one of these before it.
        let edits = [
            None,
            Some("'"),
            Some("\""),
            Some("{"),
            Some("}"),
            Some("\n"),
            Some(": "),
            Some("\\"),
        ];
        for &(i, c) in &chars {
            for edit in edits {
                let mut s = String::from(&base[..i]);
                if let Some(ins) = edit {
                    s.push_str(ins);
                    s.push(c);
                }
                s.push_str(&base[i + c.len_utf8()..]);
                let Err(errors) = load(&s) else { continue };
                for e in &errors {
                    assert!(
                        e.span.start <= e.span.end && e.span.end <= e.source_text.len(),
                        "{s:?}: {e:?}"
                    );
                    assert!(
                        e.source_text.is_char_boundary(e.span.start)
                            && e.source_text.is_char_boundary(e.span.end),
                        "{s:?}: {e:?}"
                    );
                    let _ = e.to_string();
                }
            }
        }
    }

    /// A pack written from the issue's text alone, and the same pack with a typo.
    #[test]
    fn a_reviewers_own_pack() {
        let pack = r#"pack: 县政府办审核
description: 县政府办公室审核用规则
rules:
  - id: vague-deadline-strict
    code: XS101
    severity: error
    scope: task
    when: task.deadline.kind == "vague"
    message: 任务“{task.title}”的时限“{task.deadline.text}”不明确
  - id: ascii-comma
    code: XS201
    severity: warning
    scope: match
    match: /\p{Han},/
    message: 中文中使用了半角逗号
    fix: "{match.text}"
  - id: too-few-tasks
    code: XS301
    severity: info
    scope: document
    when: count(task) < 5
    message: 方案只有{count(task)}项任务
"#;
        let set = pack_str("审核.yaml", pack, None).unwrap();
        assert_eq!(set.rules.len(), 3);
        assert_eq!(set.packs[0].name, "县政府办审核");
        let broken = pack.replace("task.deadline.kind ==", "task.dedline.kind ==");
        let e = pack_str("审核.yaml", &broken, None).unwrap_err();
        assert_eq!(e.len(), 1);
        assert!(e[0].to_string().starts_with("审核.yaml:8:16: "), "{}", e[0]);
        assert_eq!(spanned(&e[0]), "dedline");
        assert!(render(&e[0]).contains("task.deadline"));
    }

    /// Every regex literal of a rule: in its matcher, condition, message, help and fix.
    fn regex_literals(rule: &crate::rules::Rule) -> Vec<Arc<lang::RegexLiteral>> {
        use crate::lang::ast::ExprKind;
        use crate::rules::TemplatePart;
        fn walk(e: &lang::Expr, out: &mut Vec<Arc<lang::RegexLiteral>>) {
            match &e.kind {
                ExprKind::Literal(lang::Value::Regex(re)) => out.push(re.clone()),
                ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                    xs.iter().for_each(|x| walk(x, out));
                }
                ExprKind::Not(x) => walk(x, out),
                ExprKind::Binary { lhs, rhs, .. } => {
                    walk(lhs, out);
                    walk(rhs, out);
                }
                ExprKind::Call(call) => call.args.iter().for_each(|x| walk(x, out)),
                _ => {}
            }
        }
        let mut out = Vec::new();
        if let Some(Matcher::Regex(re)) = &rule.matcher {
            out.push(re.clone());
        }
        rule.when.iter().for_each(|e| walk(e, &mut out));
        let templates = [Some(&rule.message), rule.help.as_ref(), rule.fix.as_ref()];
        for part in templates.into_iter().flatten().flat_map(|t| &t.parts) {
            if let TemplatePart::Expr(e) = part {
                walk(e, &mut out);
            }
        }
        out
    }

    #[test]
    fn every_builtin_regex_compiles_and_no_match_regex_matches_empty_text() {
        // The built-in packs' regexes compile on first use, unchecked then: this is the check.
        let set = builtin().unwrap();
        let mut seen = 0;
        for rule in &set.rules {
            for re in regex_literals(rule) {
                assert!(!re.is_compiled(), "{}: compiled at load", rule.id);
                let compiled = lang::RegexLiteral::compiled(re.as_str(), re.flags());
                assert!(
                    compiled.is_ok(),
                    "{} /{}/: {compiled:?}",
                    rule.id,
                    re.as_str()
                );
                seen += 1;
            }
            if let Some(Matcher::Regex(re)) = &rule.matcher {
                assert!(
                    !re.is_match(""),
                    "{} /{}/ matches empty text",
                    rule.id,
                    re.as_str()
                );
            }
        }
        assert!(seen > 50, "only {seen} regex literals found");
    }

    #[test]
    fn a_pack_file_compiles_its_regexes_at_load() {
        let set = load(
            "pack: mine\nrules:\n  - id: placeholder-year\n    code: GZ001\n    severity: warning\n    scope: match\n    match: /20[_＿]{1,2}年/\n    when: not (paragraph.text matches /示例/)\n    message: 年份未填写\n",
        )
        .unwrap();
        let literals = regex_literals(&set.rules[0]);
        assert_eq!(literals.len(), 2);
        assert!(literals.iter().all(|re| re.is_compiled()));
    }
}
