//! Output formats. Each format renders plain data; only `cli` prints.

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
