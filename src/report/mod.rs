//! Output formats. Each format renders plain data; only `cli` prints.

pub mod check;
pub mod ledger;
pub mod outline;

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
}
