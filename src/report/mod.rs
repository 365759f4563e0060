//! Output formats. Each format renders plain data; only `cli` prints.

pub mod check;
pub mod github;
pub(crate) mod json;
pub mod ledger;
pub mod outline;
pub mod sarif;

/// The `--format` values of `extract`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum LedgerFormat {
    Json,
    Csv,
    Markdown,
}

/// The `--format` values of `outline`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutlineFormat {
    Json,
    Text,
}

/// The `--format` values of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckFormat {
    /// 带原文和下划线的详细输出
    Pretty,
    /// 每条一行：文件:行:列: 级别[代码] 说明
    Concise,
    /// DESIGN.md 约定的 JSON
    Json,
    /// SARIF 2.1.0（代码扫描平台，如 GitHub code scanning）
    Sarif,
    /// GitHub Actions 注释命令（::error file=…::…）
    Github,
}

impl CheckFormat {
    /// A format another program parses: nothing but the report may go to stdout.
    pub fn is_machine_readable(self) -> bool {
        matches!(self, CheckFormat::Json | CheckFormat::Sarif)
    }
}

/// RFC 3986 percent-encoding of every byte but the unreserved characters and `also_keep`
/// (`/` in a URI path).
pub(crate) fn percent_encode(s: &str, also_keep: &[u8]) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || also_keep.contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
