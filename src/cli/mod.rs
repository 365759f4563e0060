//! The command line: argument parsing, file walking, exit codes. Only this module prints or
//! exits.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

pub(crate) mod check;
pub(crate) mod packs;
mod rules_cmd;

/// How `check` shows a rule pack or config error (miette, underlined); public for the fuzz
/// targets, which render every error they provoke.
#[doc(hidden)]
pub use check::render_load_error;
/// The library's default "today" is the command line's.
pub use check::system_today;

use crate::extract;
use crate::input::{self, Format};
use crate::limits::Limits;
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
        /// 文件或文件夹（文件夹中的 .txt/.md/.docx 文件逐一读取）；“-”表示从标准输入读取
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value = "json")]
        format: LedgerFormat,
        /// 从标准输入读取时使用的文件名（用于显示和判断格式）
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
    },
    /// 显示文档结构（标题、文种、发文字号、各级标题、任务）— print the outline
    Outline {
        /// 文件或文件夹；“-”表示从标准输入读取
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: OutlineFormat,
        /// 从标准输入读取时使用的文件名（用于显示和判断格式）
        #[arg(long, value_name = "NAME")]
        stdin_filename: Option<String>,
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
    /// 启动本机网页（粘贴或上传方案，查看问题并导出任务清单）— serve a local web page
    Serve(crate::serve::ServeArgs),
}

const SUBCOMMANDS: [&str; 8] = [
    "check", "extract", "outline", "rules", "init", "lsp", "serve", "help",
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

/// Starts building what reading a document needs on the pool, beside the loading of packs and
/// files (see [`crate::engine::warm_up_reading`]); on one thread it would only move that
/// work, so it is left where it is first used.
fn warm_up_reading_beside() {
    if rayon::current_num_threads() >= 2 {
        rayon::spawn(crate::engine::warm_up_reading);
    }
}

/// Runs the command line and returns the process exit code.
pub fn run() -> ExitCode {
    let cli = Cli::parse_from(with_default_command(std::env::args_os().collect()));
    if matches!(
        cli.command,
        Command::Check(_) | Command::Extract { .. } | Command::Outline { .. }
    ) {
        warm_up_reading_beside();
    }
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Extract {
            paths,
            format,
            stdin_filename,
        } => {
            let (mut docs, failed) = read_all(&paths, stdin_filename.as_deref());
            let files: Vec<_> = docs
                .iter_mut()
                .map(|d| {
                    let facts = extract::extract(d);
                    d.trim_after_extraction();
                    report::ledger::LedgerFile::new(d, &facts)
                })
                .collect();
            let code = match format {
                LedgerFormat::Json => {
                    finish_with(failed, |w| report::ledger::write_json(&files, w))
                }
                LedgerFormat::Csv => finish(&report::ledger::csv(&files), failed),
                LedgerFormat::Markdown => finish(&report::ledger::markdown(&files), failed),
            };
            // As in `check`: the process ends here, so the documents are not freed one by one.
            std::mem::forget((files, docs));
            code
        }
        Command::Outline {
            paths,
            format,
            stdin_filename,
        } => {
            let (docs, failed) = read_all(&paths, stdin_filename.as_deref());
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
        Command::Serve(args) => serve(&args),
    }
}

fn serve(args: &crate::serve::ServeArgs) -> ExitCode {
    if crate::serve::is_exposed(args.host) {
        eprintln!(
            "planlint serve：警告：监听 {} 时，同一网络中的其他电脑也能打开此页面并提交文本；只在本机使用时请去掉 --host",
            args.host
        );
    }
    let server = match crate::serve::Server::bind(args.host, args.port) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("planlint serve：{e}");
            return ExitCode::from(2);
        }
    };
    let url = server.url();
    // Tests and scripts read the address from this first line (the port may be chosen: 0).
    println!("planlint serve：请在浏览器中打开 {url}（按 Ctrl+C 停止）");
    let _ = std::io::stdout().flush();
    if args.open
        && let Err(e) = crate::serve::open_in_browser(&url)
    {
        eprintln!("planlint serve：无法自动打开浏览器（{e}）；请手动打开 {url}");
    }
    server.run();
    ExitCode::SUCCESS
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
    finish_bytes(out.as_bytes(), failed)
}

fn finish_bytes(out: &[u8], failed: bool) -> ExitCode {
    finish_with(failed, |w| w.write_all(out))
}

/// Writes the output as `write` produces it, then exits 2 when some file failed.
fn finish_with(
    failed: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> ExitCode {
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    // A closed pipe (`planlint extract … | head`) is not an error worth a panic.
    let _ = write(&mut stdout);
    let _ = stdout.flush();
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// Reads every file named or found under a named folder; unreadable ones are reported on
/// stderr and skipped.
fn read_all(paths: &[PathBuf], stdin_filename: Option<&str>) -> (Vec<Document>, bool) {
    let mut docs = Vec::new();
    let mut failed = false;
    for path in collect_files(paths, &mut failed) {
        match read_input(&path, stdin_filename, &Limits::default()) {
            Ok(input) => docs.push(outline::build(input)),
            Err(e) => {
                eprintln!("planlint: {}: {e}", display_name(&path, stdin_filename));
                failed = true;
            }
        }
    }
    (docs, failed)
}

/// The path `-`, which stands for standard input.
pub(crate) fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How a path is shown in output: standard input under its `--stdin-filename`.
pub(crate) fn display_name(path: &Path, stdin_filename: Option<&str>) -> String {
    match stdin_filename {
        Some(name) if is_stdin(path) => name.to_string(),
        _ => path.display().to_string(),
    }
}

/// Reads a named file, or standard input for `-` (its format from `--stdin-filename`).
pub(crate) fn read_input(
    path: &Path,
    stdin_filename: Option<&str>,
    limits: &Limits,
) -> Result<input::Input, input::InputError> {
    if !is_stdin(path) {
        return input::read_path_with(path, limits);
    }
    let format = stdin_filename
        .and_then(|n| Format::from_path(Path::new(n)))
        .unwrap_or(Format::Text);
    let bytes = stdin_bytes(limits.max_file_size)?;
    input::read_bytes_with(&display_name(path, stdin_filename), bytes, format, limits)
}

/// Standard input, read once however often `-` is named (up to the first size limit asked
/// for: `/dev/zero` piped in is refused, not read until memory runs out).
fn stdin_bytes(max: u64) -> Result<&'static [u8], input::InputError> {
    /// The bytes, or the size that was too large, or why they could not be read.
    type Read = Result<Vec<u8>, (Option<u64>, String)>;
    static STDIN: std::sync::OnceLock<Read> = std::sync::OnceLock::new();
    let read = STDIN.get_or_init(|| {
        input::read_limited(std::io::stdin().lock(), max).map_err(|e| match e {
            input::InputError::TooLarge { size, .. } => (Some(size), String::new()),
            other => (None, other.to_string()),
        })
    });
    match read {
        Ok(bytes) => Ok(bytes),
        Err((Some(size), _)) => Err(input::InputError::TooLarge {
            size: *size,
            limit: max,
        }),
        Err((None, message)) => Err(input::InputError::Io(std::io::Error::other(
            message.clone(),
        ))),
    }
}

pub(crate) fn collect_files(paths: &[PathBuf], failed: &mut bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for p in paths {
        if is_stdin(p) {
            out.push(p.clone());
        } else if p.is_dir() {
            out.extend(walk_folder(p, failed));
        } else if p.exists() {
            out.push(p.clone());
        } else {
            eprintln!("planlint: {}: {}", p.display(), why_missing(p));
            *failed = true;
        }
    }
    out
}

/// The plan files under a folder, sorted. Symbolic links are not followed, so a link loop
/// cannot make the walk endless; a folder that cannot be read is reported and skipped.
fn walk_folder(folder: &Path, failed: &mut bool) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = walkdir::WalkDir::new(folder)
        .follow_links(false)
        .into_iter()
        .filter_map(|e| match e {
            Ok(e) => Some(e),
            Err(err) => {
                let at = err.path().unwrap_or(folder).display().to_string();
                let why = err
                    .io_error()
                    .map_or_else(|| err.to_string(), input::io_message);
                eprintln!("planlint: {at}: 无法读取文件夹：{why}");
                *failed = true;
                None
            }
        })
        .filter(|e| e.file_type().is_file() && is_plan_file(e.path()))
        .map(|e| e.into_path())
        .collect();
    found.sort();
    found
}

/// Why a named path cannot be found: missing, a dangling link, or a link loop.
fn why_missing(path: &Path) -> String {
    match (std::fs::symlink_metadata(path), std::fs::metadata(path)) {
        (Ok(_), Err(e)) if e.kind() != std::io::ErrorKind::NotFound => input::io_message(&e),
        (Ok(_), Err(_)) => "符号链接指向的文件不存在；请检查链接指向".to_string(),
        (_, Err(e)) => input::io_message(&e),
        (_, Ok(_)) => "文件不存在；请检查路径是否写对".to_string(),
    }
}

fn is_plan_file(path: &Path) -> bool {
    Format::from_path(path).is_some() && !is_office_lock_file(path)
}

/// `~$方案.docx` is the lock file Word and WPS keep next to an open document: no plan, and
/// reporting it as a damaged .docx would fail a CI run whenever someone has the file open.
fn is_office_lock_file(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"))
}
