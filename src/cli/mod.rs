//! The command line: argument parsing, file walking, exit codes. Only this module prints or
//! exits.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub(crate) mod check;
pub(crate) mod packs;
mod rules_cmd;

use crate::extract;
use crate::input::{self, Format};
use crate::outline::{self, Document};
use crate::report::{self, LedgerFormat, OutlineFormat};

#[derive(Debug, Parser)]
#[command(
    name = "planlint",
    version,
    about = "检查工作方案草稿并导出任务清单 — lint draft Chinese government work plans",
    long_about = None
)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// 检查方案（默认命令）：任务要素、格式、标点、用词 — check plans against the rules
    Check(check::CheckArgs),
    /// 导出任务清单（任务、牵头/配合单位、完成时限）— print the task ledger
    Extract {
        /// 文件或文件夹（文件夹中的 .txt/.md 文件逐一读取）
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "json")]
        format: LedgerFormat,
    },
    /// 显示文档结构（标题、文种、发文字号、各级标题、任务）— print the outline
    Outline {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutlineFormat,
    },
    /// 查看和测试规则 — list, explain and test rules
    Rules {
        #[command(subcommand)]
        action: rules_cmd::RulesAction,
    },
    /// 在当前文件夹写一个带注释的 planlint.yaml — write a commented planlint.yaml
    Init {
        /// 写入的文件夹
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// 启动语言服务器（标准输入输出），供编辑器显示问题和快速修复 — run the language server over stdio
    Lsp,
}

const SUBCOMMANDS: [&str; 7] = [
    "check", "extract", "outline", "rules", "init", "lsp", "help",
];

/// `planlint 方案.txt` means `planlint check 方案.txt`.
fn with_default_command(mut args: Vec<std::ffi::OsString>) -> Vec<std::ffi::OsString> {
    if let Some(first) = args.get(1).and_then(|a| a.to_str())
        && !first.starts_with('-')
        && !SUBCOMMANDS.contains(&first)
    {
        args.insert(1, "check".into());
    }
    args
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse_from(with_default_command(std::env::args_os().collect()));
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Extract { paths, format } => {
            let (docs, failed) = read_all(&paths);
            let files: Vec<_> = docs
                .iter()
                .map(|d| report::ledger::LedgerFile::new(d, &extract::extract(d)))
                .collect();
            let out = match format {
                LedgerFormat::Json => report::ledger::json(&files),
                LedgerFormat::Csv => report::ledger::csv(&files),
                LedgerFormat::Markdown => report::ledger::markdown(&files),
            };
            finish(&out, failed)
        }
        Command::Outline { paths, format } => {
            let (docs, failed) = read_all(&paths);
            let files: Vec<_> = docs.iter().map(report::outline::OutlineFile::new).collect();
            let out = match format {
                OutlineFormat::Json => report::outline::json(&files),
                OutlineFormat::Text => report::outline::text(&files),
            };
            finish(&out, failed)
        }
        Command::Rules { action } => rules_cmd::run(action),
        Command::Init { dir } => init(&dir),
        Command::Lsp => match crate::lsp::run() {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("planlint lsp: {e}");
                ExitCode::from(1)
            }
        },
    }
}

fn init(dir: &Path) -> ExitCode {
    let path = dir.join(crate::config::FILE_NAME);
    if path.exists() {
        eprintln!("planlint: {} 已存在，未改动", path.display());
        return ExitCode::from(2);
    }
    match std::fs::write(&path, crate::config::TEMPLATE) {
        Ok(()) => {
            println!("已写入 {}", path.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("planlint: 无法写入 {}：{e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn finish(out: &str, failed: bool) -> ExitCode {
    let mut stdout = std::io::stdout().lock();
    // A closed pipe (`planlint extract … | head`) is not an error worth a panic.
    let _ = stdout.write_all(out.as_bytes());
    let _ = stdout.flush();
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads every file named or found under a named folder; unreadable ones are reported on
/// stderr and skipped.
fn read_all(paths: &[PathBuf]) -> (Vec<Document>, bool) {
    let mut docs = Vec::new();
    let mut failed = false;
    for path in collect_files(paths, &mut failed) {
        match input::read_path(&path) {
            Ok(input) => docs.push(outline::build(input)),
            Err(e) => {
                eprintln!("planlint: {}: {e}", path.display());
                failed = true;
            }
        }
    }
    (docs, failed)
}

pub(crate) fn collect_files(paths: &[PathBuf], failed: &mut bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = walkdir::WalkDir::new(p)
                .follow_links(false)
                .into_iter()
                .filter_map(|e| match e {
                    Ok(e) => Some(e),
                    Err(err) => {
                        eprintln!("planlint: {err}");
                        *failed = true;
                        None
                    }
                })
                .filter(|e| e.file_type().is_file() && is_plan_file(e.path()))
                .map(|e| e.into_path())
                .collect();
            found.sort();
            out.extend(found);
        } else if p.exists() {
            out.push(p.clone());
        } else {
            eprintln!("planlint: {}: 文件不存在", p.display());
            *failed = true;
        }
    }
    out
}

fn is_plan_file(path: &Path) -> bool {
    Format::from_path(path).is_some()
}
