//! `planlint.yaml`: which packs run, rule severities, per-path overrides, extra lexicons
//! (a local unit roster…), excluded paths and a forced document kind.
//!
//! The nearest `planlint.yaml` up the tree from each checked file applies (or `--config FILE`,
//! or none with `--no-config`). Settings are passed down explicitly; there is no global state.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::limits::LimitSettings;
use crate::outline::DocKind;
use crate::rules::{LoadError, Severity};

pub const FILE_NAME: &str = "planlint.yaml";

/// A rule's setting in a config: a severity, or `off`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Globs relative to the config file's folder (`附件/**`, `**/*草稿*.txt`).
    pub files: Vec<String>,
    #[serde(default)]
    pub rules: BTreeMap<String, Severity>,
    #[serde(default)]
    pub kind: Option<KindName>,
}

/// Document kinds as a config names them.
#[derive(Debug, Clone, Copy, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum KindName {
    Plan,
    Notice,
    Opinion,
    Report,
    Speech,
    Other,
}

impl From<KindName> for DocKind {
    fn from(k: KindName) -> Self {
        match k {
            KindName::Plan => DocKind::Plan,
            KindName::Notice => DocKind::Notice,
            KindName::Opinion => DocKind::Opinion,
            KindName::Report => DocKind::Report,
            KindName::Speech => DocKind::Speech,
            KindName::Other => DocKind::Other,
        }
    }
}

/// A lexicon given in a config: its terms, or a file with one term per line.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum LexiconSource {
    Terms(Vec<String>),
    File(String),
}

/// The file's contents.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    /// Built-in pack names (`plan`, `format`…) or paths of pack files, relative to the config.
    #[serde(default)]
    pub packs: Option<Vec<String>>,
    #[serde(default, deserialize_with = "nullable")]
    pub rules: BTreeMap<String, Severity>,
    #[serde(default, deserialize_with = "nullable")]
    pub overrides: Vec<Override>,
    #[serde(default, deserialize_with = "nullable")]
    pub lexicons: BTreeMap<String, LexiconSource>,
    #[serde(default, deserialize_with = "nullable")]
    pub exclude: Vec<String>,
    #[serde(default)]
    pub kind: Option<KindName>,
    /// Resource limits for the files under this config (the command line's flags win).
    #[serde(default, deserialize_with = "nullable")]
    pub limits: LimitSettings,
}

/// A key written with everything under it commented out (`rules:`) reads as empty.
fn nullable<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// A loaded config with its globs compiled.
#[derive(Debug, Clone)]
pub struct Config {
    /// The file it came from (`None`: the defaults).
    pub path: Option<PathBuf>,
    /// The folder relative paths and globs are taken from.
    pub root: PathBuf,
    pub file: ConfigFile,
    exclude: GlobSet,
    overrides: Vec<GlobSet>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            root: PathBuf::from("."),
            file: ConfigFile::default(),
            exclude: GlobSet::empty(),
            overrides: Vec::new(),
        }
    }
}

/// What applies to one file.
#[derive(Debug, Clone, Default)]
pub struct FileSettings {
    pub severities: Vec<(String, Severity)>,
    pub kind: Option<DocKind>,
}

impl Config {
    /// Reads and checks a config file.
    pub fn load(path: &Path) -> Result<Config, LoadError> {
        let display: Arc<str> = Arc::from(path.display().to_string());
        let text = read_text(path, MAX_CONFIG_BYTES).map_err(|e| LoadError {
            file: display.clone(),
            source_text: Arc::new(String::new()),
            span: 0..0,
            message: format!("无法读取配置文件：{e}"),
            help: None,
        })?;
        let root = path
            .parent()
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        Self::parse(&display, &text, root, Some(path.to_path_buf()))
    }

    /// Parses config text; `display` names it in errors.
    pub fn parse(
        display: &Arc<str>,
        text: &str,
        root: PathBuf,
        path: Option<PathBuf>,
    ) -> Result<Config, LoadError> {
        let file: ConfigFile = if text.trim().is_empty() {
            ConfigFile::default()
        } else {
            // A config is a few dozen lines: budgets far above that refuse an alias bomb or a
            // hostile nesting quickly.
            serde_saphyr::from_str_with_options(
                text,
                crate::rules::schema::yaml_options(32, 200_000),
            )
            .map_err(|e| yaml_error(display, text, &e))?
        };
        let glob_error = |g: &str, e: globset::Error| LoadError {
            file: display.clone(),
            source_text: Arc::new(text.to_string()),
            span: glob_span(text, g),
            message: format!("无效的路径通配符“{g}”：{e}"),
            help: Some("通配符写法如“附件/**”“**/*草稿*.txt”".into()),
        };
        let build = |globs: &[String]| -> Result<GlobSet, LoadError> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(Glob::new(g).map_err(|e| glob_error(g, e))?);
            }
            b.build().map_err(|e| glob_error("", e))
        };
        let exclude = build(&file.exclude)?;
        let overrides = file
            .overrides
            .iter()
            .map(|o| build(&o.files))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Config {
            path,
            root,
            file,
            exclude,
            overrides,
        })
    }

    /// The nearest `planlint.yaml` in `start` or a folder above it.
    pub fn discover(start: &Path) -> Option<PathBuf> {
        let start = if start.is_dir() {
            start.to_path_buf()
        } else {
            start
                .parent()
                .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
        };
        let start = std::fs::canonicalize(&start).unwrap_or(start);
        start
            .ancestors()
            .map(|d| d.join(FILE_NAME))
            .find(|p| p.is_file())
    }

    fn relative<'a>(&self, file: &'a Path) -> std::borrow::Cow<'a, Path> {
        let abs = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        match abs.strip_prefix(&root) {
            Ok(rel) => std::borrow::Cow::Owned(rel.to_path_buf()),
            Err(_) => std::borrow::Cow::Borrowed(file),
        }
    }

    /// Is this file excluded from checking?
    pub fn excludes(&self, file: &Path) -> bool {
        !self.file.exclude.is_empty() && self.exclude.is_match(self.relative(file).as_ref())
    }

    /// Severities and kind for one file: the config's rules, then each matching override.
    pub fn for_file(&self, file: &Path) -> FileSettings {
        let mut s = FileSettings {
            severities: self
                .file
                .rules
                .iter()
                .map(|(k, v)| (k.clone(), *v))
                .collect(),
            kind: self.file.kind.map(DocKind::from),
        };
        let rel = self.relative(file);
        for (o, set) in self.file.overrides.iter().zip(&self.overrides) {
            if set.is_match(rel.as_ref()) {
                s.severities
                    .extend(o.rules.iter().map(|(k, v)| (k.clone(), *v)));
                if let Some(k) = o.kind {
                    s.kind = Some(k.into());
                }
            }
        }
        s
    }

    /// The config's lexicons, files read relative to the config's folder.
    pub fn lexicons(&self) -> Result<BTreeMap<String, Arc<Vec<String>>>, LoadError> {
        let mut out = BTreeMap::new();
        for (name, src) in &self.file.lexicons {
            let terms = match src {
                LexiconSource::Terms(t) => t.clone(),
                LexiconSource::File(f) => {
                    let p = self.root.join(f);
                    let text =
                        read_text(&p, crate::limits::MAX_LEXICON_BYTES).map_err(|e| LoadError {
                            file: Arc::from(
                                self.path
                                    .as_ref()
                                    .map_or(String::new(), |p| p.display().to_string()),
                            ),
                            source_text: Arc::new(String::new()),
                            span: 0..0,
                            message: format!("无法读取词表“{}”：{e}", p.display()),
                            help: Some(
                                "词表文件每行一个词，路径相对于 planlint.yaml 所在文件夹".into(),
                            ),
                        })?;
                    crate::rules::load::lexicon_words(&text)
                }
            };
            out.insert(name.clone(), Arc::new(terms));
        }
        Ok(out)
    }
}

/// A config or lexicon file as UTF-8 text: a regular file of at most `max` bytes.
fn read_text(path: &Path, max: u64) -> Result<String, String> {
    use crate::input::InputError;
    let bytes = crate::input::read_regular(path, max).map_err(|e| match e {
        InputError::Io(e) => crate::input::io_message(&e),
        InputError::TooLarge { size, limit } => format!(
            "文件大小 {} 超过上限 {}；配置和词表文件通常只有几 KB，请检查是否指错了文件",
            crate::limits::ByteSize(size),
            crate::limits::ByteSize(limit)
        ),
        other => other.to_string(),
    })?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        let line = bytes[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("第 {line} 行不是 UTF-8 编码；请另存为 UTF-8")
    })
}

/// The largest config read: real ones are a few dozen lines; more is a mistake (a plan or a
/// dump named planlint.yaml).
pub const MAX_CONFIG_BYTES: u64 = 4 * 1024 * 1024;

/// Where a glob stands in the config text: as a quoted scalar, else as written, else its first
/// line (a scalar broken over lines reads with a space for each break); the start of the file
/// when it cannot be found.
fn glob_span(text: &str, glob: &str) -> std::ops::Range<usize> {
    for q in ['"', '\''] {
        if let Some(at) = text.find(&format!("{q}{glob}{q}")) {
            return at + 1..at + 1 + glob.len();
        }
    }
    let first_line = glob.split(' ').next().unwrap_or(glob);
    [glob, first_line]
        .into_iter()
        .filter(|g| !g.is_empty())
        .find_map(|g| text.find(g).map(|at| at..at + g.len()))
        .unwrap_or(0..0)
}

/// A YAML error from serde-saphyr as a [`LoadError`] at its location.
pub fn yaml_error(display: &Arc<str>, text: &str, e: &serde_saphyr::Error) -> LoadError {
    let at = e.location().filter(|l| l.line() > 0).map_or(0, |l| {
        crate::rules::schema::byte_at(text, l.line() as usize, l.column() as usize)
    });
    let end = text[at..]
        .find(['\n', ':'])
        .map_or(text.len(), |i| at + i)
        .max((at + 1).min(text.len()));
    let (message, help) = yaml_message(e);
    LoadError {
        file: display.clone(),
        source_text: Arc::new(text.to_string()),
        span: at..end,
        message,
        help: Some(help.unwrap_or_else(|| KEYS_HELP.to_string())),
    }
}

const KEYS_HELP: &str = "可用的键：packs、rules、overrides、lexicons、exclude、kind、limits；运行 planlint init 查看带注释的示例";

/// What went wrong in a config, in Chinese, and what to do when it is not the list of keys.
fn yaml_message(e: &serde_saphyr::Error) -> (String, Option<String>) {
    use serde_saphyr::Error as E;
    let mut inner = e;
    while let E::AliasError { error, .. } | E::WithSnippet { error, .. } = inner {
        inner = error;
    }
    let alias_help =
        || Some("配置中的锚点（&）和别名（*）不能层层展开成大量内容，请直接写出内容".to_string());
    match inner {
        E::DuplicateMappingKey { key, .. } => (
            format!("配置无效：重复的键“{}”", key.as_deref().unwrap_or("")),
            Some("同一个映射中每个键只能出现一次，请删除或合并重复的那一个".into()),
        ),
        E::AliasReplayLimitExceeded { .. }
        | E::AliasExpansionLimitExceeded { .. }
        | E::AliasReplayStackDepthExceeded { .. }
        | E::AliasReplayCounterOverflow { .. } => (
            "配置无效：YAML 别名展开过多，已拒绝加载".into(),
            alias_help(),
        ),
        E::Budget { .. } => (
            "配置无效：YAML 内容超出解析限制（别名、嵌套或节点过多），已拒绝加载".into(),
            alias_help(),
        ),
        _ => {
            let english = inner.to_string();
            let first = english.lines().next().unwrap_or("");
            let first = first.split(" at line ").next().unwrap_or(first);
            (format!("配置无效：{}", in_chinese(first)), tab_help(first))
        }
    }
}

/// The serde messages a config most often gets, in the drafter's words; others as they are.
fn in_chinese(english: &str) -> String {
    let quoted = || english.split('`').nth(1).unwrap_or("").to_string();
    if english
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
    {
        // Already a message of ours (a limit written wrongly).
        english.to_string()
    } else if english.starts_with("unknown field") {
        format!("未知的键“{}”", quoted())
    } else if english.starts_with("unknown variant") {
        format!("取值“{}”无效", quoted())
    } else if english.contains("tabs disallowed") {
        "缩进中有 Tab 字符".to_string()
    } else if english.contains("untagged enum LexiconSource") {
        "词表应写成词的列表（[词1, 词2]）或词表文件的路径".to_string()
    } else if english.starts_with("expected mapping") || english.contains("expected a map") {
        "此处应为“键: 值”形式的映射".to_string()
    } else if english.contains("expected a sequence") || english.starts_with("expected sequence") {
        "此处应为列表（[a, b] 或每行“- a”）".to_string()
    } else {
        format!("YAML 格式有误：{english}")
    }
}

fn tab_help(english: &str) -> Option<String> {
    english
        .contains("tabs disallowed")
        .then(|| "YAML 只能用空格缩进，请把 Tab 换成空格".to_string())
}

/// What `planlint init` writes.
pub const TEMPLATE: &str = r#"# planlint 配置文件。planlint 从被检查文件所在文件夹向上查找最近的 planlint.yaml。

# 启用的规则包：内置包名或规则文件路径（相对于本文件）。省略时启用全部内置包。
# packs:
#   - plan
#   - ./本单位规则.yaml

# 调整规则级别：规则 id 或代码（可写代码前缀） → error | warning | info | off
rules:
  # vague-deadline: warning
  # PL104: error

# 按路径调整：files 为相对于本文件的通配符。
overrides:
  # - files: ["附件/**"]
  #   rules:
  #     task-missing-unit: off
  # - files: ["**/*通知*.txt"]
  #   kind: notice

# 词表：规则中以 lexicon("名称") 引用；可直接列出，也可给出每行一个词的文件。
lexicons:
  # local-units: [市生态环境局, 市发展改革委]
  # local-units: 词表/本市单位.txt

# 不检查的文件（通配符）。
exclude:
  # - "草稿/**"

# 强制文件类型（plan | notice | opinion | report | speech | other），默认自动识别。
# kind: plan

# 资源上限（命令行参数优先）：超过上限的文件报错（退出码 2），其余文件照常检查。
limits:
  # max_file_size: 50MB        # 读取的最大文件（--max-file-size）
  # max_docx_expansion: 200MB  # .docx 各部分解压后合计上限
  # max_docx_ratio: 200        # .docx 单个部分的最大压缩比（超过 4 MB 后才检查）
  # max_findings: 10000        # 每个文件列出的最多问题数（--max-findings）
  # time_budget: 10s           # 每个文件的检查时限，off 为不限（--time-budget）
"#;

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, LoadError> {
        Config::parse(
            &Arc::from("planlint.yaml"),
            text,
            PathBuf::from("/proj"),
            None,
        )
    }

    #[test]
    fn the_init_template_is_a_valid_config() {
        let c = parse(TEMPLATE).expect("template parses");
        assert!(c.file.packs.is_none());
        assert!(c.file.rules.is_empty());
    }

    #[test]
    fn rules_and_overrides_apply_in_order() {
        let c = parse(
            "rules:\n  PL103: warning\n  task-missing-unit: off\noverrides:\n  - files: [\"附件/**\"]\n    rules:\n      PL103: off\n    kind: notice\n",
        )
        .unwrap();
        let main = c.for_file(Path::new("/proj/方案.txt"));
        assert_eq!(
            main.severities.last(),
            Some(&("task-missing-unit".to_string(), Severity::Off))
        );
        assert_eq!(main.kind, None);
        let annex = c.for_file(Path::new("/proj/附件/清单.txt"));
        assert_eq!(
            annex.severities.last(),
            Some(&("PL103".to_string(), Severity::Off))
        );
        assert_eq!(annex.kind, Some(DocKind::Notice));
    }

    #[test]
    fn excludes_are_relative_to_the_config() {
        let c = parse("exclude: [\"草稿/**\"]\n").unwrap();
        assert!(c.excludes(Path::new("/proj/草稿/一稿.txt")));
        assert!(!c.excludes(Path::new("/proj/定稿.txt")));
    }

    #[test]
    fn unknown_key_is_an_error_at_its_line() {
        let e = parse("rules:\n  PL103: off\nexlcude: [a]\n").unwrap_err();
        let (line, _) = e.line_column();
        assert_eq!(line, 3, "{e}");
        assert!(e.to_string().starts_with("planlint.yaml:3:"), "{e}");
    }

    #[test]
    fn bad_severity_is_an_error() {
        let e = parse("rules:\n  PL103: loud\n").unwrap_err();
        assert_eq!(e.line_column().0, 2, "{e}");
    }
}
