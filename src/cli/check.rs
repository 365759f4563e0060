//! `planlint check`: files in parallel, findings in a fixed order, exit codes for CI.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use super::packs::Cache;
use crate::config::Config;
use crate::engine::{self, Settings};
use crate::input;
use crate::lang::Date;
use crate::limits::{ByteSize, LimitSettings, Limits, TimeBudget};
use crate::report::CheckFormat;
use crate::report::check::{self as report, FileFindings};
use crate::report::{github, sarif};
use crate::rules::{LoadError, RuleSet, Severity};

/// From which severity on findings make the exit code 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 文件或文件夹（文件夹中的 .txt/.md/.docx 文件逐一检查）；“-”表示从标准输入读取
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 从标准输入读取时使用的文件名（用于显示、判断格式和查找 planlint.yaml）
    #[arg(long, value_name = "NAME")]
    stdin_filename: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "pretty")]
    format: CheckFormat,
    /// 使用指定的配置文件，而不是就近查找 planlint.yaml
    #[arg(long, conflicts_with = "no_config")]
    config: Option<PathBuf>,
    /// 不读取任何 planlint.yaml
    #[arg(long)]
    no_config: bool,
    /// 另外加载的规则包文件（可重复）
    #[arg(long = "pack")]
    packs: Vec<PathBuf>,
    /// 只运行这些规则（id、代码或代码前缀，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    select: Vec<String>,
    /// 不运行这些规则（id、代码或代码前缀，逗号分隔）
    #[arg(long, value_delimiter = ',')]
    ignore: Vec<String>,
    /// 达到该级别的问题使退出码为 1
    #[arg(long, value_enum, default_value = "error")]
    fail_on: FailOn,
    /// 以该日期为“今天”判断时限是否已过（YYYY-MM-DD，默认系统日期）
    #[arg(long, value_parser = parse_date)]
    today: Option<Date>,
    /// 自动应用安全修复并写回文件（从标准输入读取时把修复后的全文写到标准输出）
    #[arg(long)]
    fix: bool,
    /// 同时应用需人工确认的修复（隐含 --fix）
    #[arg(long)]
    unsafe_fixes: bool,
    /// 只显示修复会带来的改动，不写文件
    #[arg(long)]
    diff: bool,
    /// 读取的最大文件大小，如 50MB、512KB（默认 50MB）；更大的文件报错，不读取
    #[arg(long, value_name = "SIZE", value_parser = ByteSize::parse)]
    max_file_size: Option<ByteSize>,
    /// 每个文件的检查时限，如 10s、500ms，off 为不限（默认 10s）；超时的文件报错，其余照常检查
    #[arg(long, value_name = "DURATION", value_parser = TimeBudget::parse)]
    time_budget: Option<TimeBudget>,
    /// 每个文件最多列出的问题数（默认 10000），其余以一条汇总提示代替
    #[arg(long, value_name = "N")]
    max_findings: Option<usize>,
}

impl CheckArgs {
    fn fixing(&self) -> bool {
        self.fix || self.unsafe_fixes || self.diff
    }

    /// The limits the command line sets; they win over a config's.
    fn limits(&self) -> LimitSettings {
        LimitSettings {
            max_file_size: self.max_file_size,
            max_findings: self.max_findings,
            time_budget: self.time_budget,
            ..LimitSettings::default()
        }
    }
}

fn parse_date(s: &str) -> Result<Date, String> {
    Date::parse(s).ok_or_else(|| format!("“{s}”不是 YYYY-MM-DD 格式的日期"))
}

/// Today's date (UTC) from the system clock.
pub fn system_today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_from_days((secs / 86_400) as i64)
}

/// Days since 1970-01-01 → calendar date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
}

/// Lines longer than this are not shown under an error: a generated pack or a 10,000-deep
/// expression would fill the terminal (and miette cannot lay out very wide lines).
const MAX_SNIPPET_LINE: usize = 400;

pub fn render_load_error(e: &LoadError) -> String {
    if line_at(&e.source_text, e.span.start).chars().count() > MAX_SNIPPET_LINE {
        let help = e
            .help
            .as_ref()
            .map_or(String::new(), |h| format!("  help: {h}\n"));
        return format!("planlint: {e}（该行过长，不显示原文）\n{help}");
    }
    if e.source_text.is_empty() {
        // A file that could not be read has no text to underline.
        let help = e
            .help
            .as_ref()
            .map_or(String::new(), |h| format!("  help: {h}\n"));
        return format!("planlint: {}：{}\n{help}", e.file, e.message);
    }
    // miette's own `[line:col]` counts bytes; LoadError's message carries the character column.
    let handler = miette::GraphicalReportHandler::new_themed(theme())
        .with_links(false)
        .without_primary_span_start();
    let mut out = String::new();
    if handler.render_report(&mut out, e).is_err() {
        out = format!("{e}\n");
    }
    out
}

/// The line of `text` that byte `at` lies in.
fn line_at(text: &str, at: usize) -> &str {
    let at = at.min(text.len());
    let start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
    &text[start..end]
}

fn theme() -> miette::GraphicalTheme {
    if std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none() {
        miette::GraphicalTheme::unicode()
    } else {
        miette::GraphicalTheme::unicode_nocolor()
    }
}

struct Job {
    path: PathBuf,
    /// The path the file is known by: standard input's `--stdin-filename`, else `path`.
    logical: PathBuf,
    config: Arc<Config>,
    rules: Arc<RuleSet>,
}

impl Job {
    fn is_stdin(&self) -> bool {
        super::is_stdin(&self.path)
    }
}

pub fn run(args: CheckArgs) -> ExitCode {
    let mut failed = false;
    let files = super::collect_files(&args.paths, &mut failed);
    let mut cache = Cache::default();
    let mut jobs = Vec::new();
    for path in files {
        let logical = if super::is_stdin(&path) {
            // Standard input is looked up as if it were a file of that name in this folder.
            PathBuf::from(args.stdin_filename.as_deref().unwrap_or("-"))
        } else {
            path.clone()
        };
        let config_path = if args.no_config {
            None
        } else if let Some(c) = &args.config {
            Some(c.clone())
        } else {
            Config::discover(&logical)
        };
        let mut report_error = |e: &LoadError| {
            eprint!("{}", render_load_error(e));
            failed = true;
        };
        let Some((config, rules)) = cache.get(config_path, &args.packs, &mut report_error) else {
            continue;
        };
        if !super::is_stdin(&path) && config.excludes(&path) {
            continue;
        }
        jobs.push(Job {
            path,
            logical,
            config,
            rules,
        });
    }
    let warm_up = RuleWarmUp {
        jobs: &jobs,
        args: &args,
        once: std::sync::Once::new(),
    };
    let today = args.today.unwrap_or_else(system_today);
    let progress = Progress::new(jobs.len());
    let mut findings = Vec::new();
    let mut previews = String::new();
    let mut fixed_stdin = None;
    let mut take = |r: Result<Checked, String>| match r {
        Ok(checked) => {
            previews.push_str(&checked.preview.unwrap_or_default());
            if let Some(note) = checked.note {
                eprintln!("{note}");
            }
            if fixed_stdin.is_none() {
                fixed_stdin = checked.fixed_stdin;
            }
            findings.push(checked.findings);
        }
        Err(e) => {
            eprintln!("{e}");
            failed = true;
        }
    };
    // With --fix, standard input's fixed text is the output instead of the report, so a run
    // that reads it writes its report, if any, at the end as before. One file has no one to
    // write beside: its part, rendered whole before it is written, would be held in memory
    // with its findings (a 5 MB file's check peaked at 82 MB this way, 66 MB streamed).
    let json_as_checked = matches!(args.format, CheckFormat::Json)
        && jobs.len() > 1
        && !jobs.iter().any(Job::is_stdin);
    if json_as_checked {
        let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
        let mut report = report::JsonReport::begin(&mut stdout);
        // A closed pipe (`planlint check … | head`) ends the writing, not the checking.
        let mut open = true;
        check_writing_json(&jobs, &args, today, &progress, &warm_up, |r, part| {
            if let Some(part) = part {
                open = open && report.rendered_file(&part).is_ok();
            }
            take(r);
        });
        if open {
            let _ = report.finish(&report::Summary::of(&findings));
        }
        let _ = std::io::Write::flush(&mut stdout);
    } else {
        let results: Vec<Result<Checked, String>> = jobs
            .par_iter()
            .map(|job| {
                warm_up.start();
                let r = check_file(job, &args, today);
                progress.tick();
                r
            })
            .collect();
        results.into_iter().for_each(&mut take);
    }
    progress.done();
    let streamed_json = matches!(args.format, CheckFormat::Json) && fixed_stdin.is_none();
    let out = match args.format {
        // Nothing was checked because nothing could be: the errors on stderr say why, and a
        // summary saying “no problems” would mislead.
        CheckFormat::Pretty | CheckFormat::Concise if failed && findings.is_empty() => {
            String::new()
        }
        CheckFormat::Json if streamed_json => String::new(),
        CheckFormat::Json => report::json(&findings),
        CheckFormat::Sarif => sarif::sarif(&findings, &rules_in_force(&jobs, &args)),
        CheckFormat::Github => github::github(&findings),
        CheckFormat::Concise => report::concise(&findings),
        CheckFormat::Pretty => report::pretty(
            &findings,
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
        ),
    };
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let over = threshold.is_some_and(|t| {
        findings
            .iter()
            .flat_map(|f| &f.diagnostics)
            .any(|d| d.severity >= t)
    });
    let out = if args.format.is_machine_readable() {
        out
    } else {
        previews + &out
    };
    let code = match fixed_stdin {
        // As ruff does: the fixed text is the output, the findings left go to stderr.
        Some(text) => {
            eprint!("{out}");
            super::finish_bytes(&text, failed)
        }
        None if json_as_checked => super::finish_with(failed, |_| Ok(())),
        None if streamed_json => super::finish_with(failed, |w| report::write_json(&findings, w)),
        None => super::finish(&out, failed),
    };
    // The process ends when this returns: freeing the rule sets, the texts and every finding
    // one by one would be work nobody waits for (PL505's tables alone are ≈17 M instructions
    // to free, 7 % of checking a one-line file).
    std::mem::forget((findings, jobs, cache));
    if failed {
        code
    } else if over {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Builds each rule set's lazily built tables on the thread pool while the first files are
/// read, outlined and scanned, instead of on the path of the first check that needs them; and
/// when there are fewer files than threads, compiles the regexes too on a core that would
/// otherwise idle. On one thread it would only move that work, so it is left where it was.
struct RuleWarmUp<'a> {
    jobs: &'a [Job],
    args: &'a CheckArgs,
    once: std::sync::Once,
}

impl RuleWarmUp<'_> {
    /// Called by each file as its check starts; the first starts the warm-up. Queued on the
    /// pool before the files, it would take a thread the first file is waiting for.
    fn start(&self) {
        self.once.call_once(|| {
            let threads = rayon::current_num_threads();
            if threads < 2 {
                return;
            }
            let regexes = self.jobs.len() < threads;
            for set in rule_sets(self.jobs) {
                let set = Arc::clone(set);
                let settings = cli_settings(self.args);
                rayon::spawn(move || {
                    let on = |r: &crate::rules::Rule| {
                        settings.severity(&r.id, &r.code, r.severity) != Severity::Off
                    };
                    set.warm_up(on, regexes);
                });
            }
        });
    }
}

/// The rule sets the jobs use, each once, in the order first used.
fn rule_sets(jobs: &[Job]) -> Vec<&Arc<RuleSet>> {
    let mut sets: Vec<&Arc<RuleSet>> = Vec::new();
    for job in jobs {
        if !sets.iter().any(|s| Arc::ptr_eq(s, &job.rules)) {
            sets.push(&job.rules);
        }
    }
    sets
}

/// The rule switches the command line gives every file (`--select`, `--ignore`).
fn cli_settings(args: &CheckArgs) -> Settings {
    Settings {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
        ..Settings::default()
    }
}

/// Every rule of every rule set the run used that `--select`/`--ignore` leave on, each code
/// once, in load order. A rule a config turns on for some files only is added by the report
/// when it fires.
fn rules_in_force<'a>(jobs: &'a [Job], args: &CheckArgs) -> Vec<&'a crate::rules::Rule> {
    let settings = cli_settings(args);
    let on =
        |r: &crate::rules::Rule| settings.severity(&r.id, &r.code, r.severity) != Severity::Off;
    let mut seen = std::collections::HashSet::new();
    rule_sets(jobs)
        .into_iter()
        .flat_map(|s| &s.rules)
        .filter(|r| on(r) && seen.insert(r.code.as_str()))
        .collect()
}

/// Checks `jobs` on the thread pool, each file's JSON part rendered by the thread that
/// checked it, and hands `take` every result with its part in the order of `jobs`, each as
/// soon as it and every file before it are done: the report is written beside the checking
/// rather than after it (on a folder of 335 plans it is 30 MB of JSON). Threads take files in
/// order, so only a few finished files ever wait for an earlier one, and memory stays what it
/// was.
fn check_writing_json(
    jobs: &[Job],
    args: &CheckArgs,
    today: Date,
    progress: &Progress,
    warm_up: &RuleWarmUp,
    mut take: impl FnMut(Result<Checked, String>, Option<Vec<u8>>),
) {
    type Done = (usize, Result<Checked, String>, Option<Vec<u8>>);
    let next = AtomicUsize::new(0);
    let (sent, done) = std::sync::mpsc::channel::<Done>();
    std::thread::scope(|s| {
        s.spawn(move || {
            rayon::scope(|pool| {
                for _ in 0..rayon::current_num_threads() {
                    let sent = sent.clone();
                    let next = &next;
                    pool.spawn(move |_| {
                        loop {
                            let i = next.fetch_add(1, Ordering::Relaxed);
                            let Some(job) = jobs.get(i) else {
                                return;
                            };
                            warm_up.start();
                            let r = check_file(job, args, today);
                            let part = r.as_ref().ok().map(|c| report::file_json(&c.findings));
                            progress.tick();
                            if sent.send((i, r, part)).is_err() {
                                return;
                            }
                        }
                    });
                }
            });
        });
        let mut waiting = std::collections::BTreeMap::new();
        let mut due = 0;
        for (i, r, part) in done {
            waiting.insert(i, (r, part));
            while let Some((r, part)) = waiting.remove(&due) {
                take(r, part);
                due += 1;
            }
        }
    });
}

/// What checking one file gives besides its findings.
struct Checked {
    findings: FileFindings,
    /// With `--diff`, the preview of its fixes.
    preview: Option<String>,
    /// Something the drafter should know that is no finding (fixes not written into a .docx).
    note: Option<String>,
    /// With `--fix` on standard input, the fixed text in its original encoding.
    fixed_stdin: Option<Vec<u8>>,
}

fn check_file(job: &Job, args: &CheckArgs, today: Date) -> Result<Checked, String> {
    let started = Instant::now();
    let name = super::display_name(&job.path, args.stdin_filename.as_deref());
    let fail = |e: &dyn std::fmt::Display| format!("planlint: {name}: {e}");
    let limits = Limits::default()
        .with(&job.config.file.limits)
        .with(&args.limits());
    let input = super::read_input(&job.path, args.stdin_filename.as_deref(), &limits)
        .map_err(|e| fail(&e))?;
    let empty = input.source.text.trim().is_empty();
    let longest = longest_line(&input.source);
    let file = job.config.for_file(&job.logical);
    let settings = Settings {
        today,
        kind: file.kind,
        severities: file.severities,
        max_findings: limits.max_findings,
        deadline: limits.time_budget.map(|b| started + b),
        ..cli_settings(args)
    };
    let lint = |input: input::Input| {
        engine::lint_input_within(input, &job.rules, &settings)
            .map_err(|stop| fail(&OutOfTimeMessage(&stop, &limits, longest)))
    };
    let (mut source, mut diagnostics) = lint(input)?;
    let mut fixed = 0;
    let mut preview = None;
    let mut note = None;
    let mut fixed_stdin = None;
    if args.fixing() {
        let before = (source.clone(), diagnostics.clone());
        let original = source.text.clone();
        let encoding = source.encoding;
        let format = input::Format::from_path(&job.logical).unwrap_or(input::Format::Text);
        // Each round fixes what does not overlap; a fix may uncover or enable another.
        for _ in 0..10 {
            let (text, n) = engine::fix::apply(&source.text, &diagnostics, args.unsafe_fixes);
            if n == 0 {
                break;
            }
            fixed += n;
            (source, diagnostics) = lint(input::read_decoded(&source.path, &text, format))?;
            source.encoding = encoding;
        }
        let docx = format == input::Format::Docx;
        if args.diff {
            if fixed > 0 {
                // A preview changes nothing: the findings stay those of the file as it is.
                preview = Some(engine::fix::diff(&source.path, &original, &source.text));
                (source, diagnostics) = before;
                fixed = 0;
            }
        } else if docx {
            if fixed > 0 {
                note = Some(format!(
                    "planlint: {name}: 修复无法写入 .docx 文件，文件未改动；可用 --diff 查看修复内容，再在 Word 或 WPS 中修改"
                ));
                (source, diagnostics) = before;
                fixed = 0;
            }
        } else if job.is_stdin() || fixed > 0 {
            let bytes = encoding.encode(&source.text).map_err(|c| {
                fail(&format!(
                    "修复后的文本含有“{c}”，无法按原编码 {} 写回；文件未改动",
                    encoding.name()
                ))
            })?;
            if job.is_stdin() {
                fixed_stdin = Some(bytes);
            } else {
                write_atomically(&job.path, &bytes).map_err(|e| fail(&e))?;
            }
        }
    }
    if empty && note.is_none() {
        // Not a failure (a placeholder file, a template being filled in), but a drafter who
        // checked the wrong file should not read “no problems” as a verdict on a plan.
        note = Some(format!(
            "planlint: {name}: 文件为空（或只有空白字符），没有可检查的内容"
        ));
    }
    Ok(Checked {
        findings: FileFindings {
            source: Arc::new(source),
            diagnostics,
            fixed,
        },
        preview,
        note,
        fixed_stdin,
    })
}

/// The longest line of a source: its 1-based number and length in bytes.
fn longest_line(source: &crate::source::Source) -> (usize, u64) {
    let text = &source.text;
    let n = source.lines.line_count();
    (1..=n)
        .map(|line| {
            let start = source.lines.line_start(line);
            let end = if line == n {
                text.len()
            } else {
                source.lines.line_start(line + 1)
            };
            (line, (end - start) as u64)
        })
        .max_by_key(|&(line, len)| (len, std::cmp::Reverse(line)))
        .unwrap_or((1, 0))
}

/// What a drafter reads when a file runs out of time: where it stopped, the line most
/// likely to blame, and how to give it more time.
struct OutOfTimeMessage<'a>(&'a engine::OutOfTime, &'a Limits, (usize, u64));

impl std::fmt::Display for OutOfTimeMessage<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let OutOfTimeMessage(stop, limits, (line, len)) = self;
        let budget = limits.time_budget.unwrap_or_default();
        write!(
            f,
            "检查超过每个文件的时限 {:.1} 秒，已停止（停在{}之前，已完成 {}/{} 条规则），本文件的问题未列出；最长的是第 {line} 行（{}）。文件可能含有异常内容（超长的行、大段重复的文字）；确需检查请用 --time-budget 或 planlint.yaml 的 limits.time_budget 放宽时限（off 为不限）",
            budget.as_secs_f64(),
            stop.phase,
            stop.rules_done,
            stop.rules_total,
            ByteSize(*len),
        )
    }
}

/// Replaces a file through a temporary file in the same folder and a rename, so a reader
/// never sees half a file. The bytes are already in the file's own encoding, BOM included.
fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map_or_else(|| "plan".into(), |n| n.to_string_lossy().into_owned());
    let tmp = path.with_file_name(format!(".{name}.planlint-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        std::io::Write::write_all(&mut f, bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// A progress line on a terminal when many files are checked.
struct Progress {
    total: usize,
    done: AtomicUsize,
    shown: bool,
}

impl Progress {
    fn new(total: usize) -> Self {
        Progress {
            total,
            done: AtomicUsize::new(0),
            shown: total >= 50 && std::io::stderr().is_terminal(),
        }
    }

    fn tick(&self) {
        let n = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if self.shown && (n.is_multiple_of(25) || n == self.total) {
            eprint!("\r检查中 {n}/{}", self.total);
        }
    }

    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates_from_epoch_days() {
        assert_eq!(
            civil_from_days(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            civil_from_days(20_415),
            Date {
                year: 2025,
                month: 11,
                day: 23
            }
        );
        assert_eq!(
            civil_from_days(19_782),
            Date {
                year: 2024,
                month: 2,
                day: 29
            }
        );
    }
}
