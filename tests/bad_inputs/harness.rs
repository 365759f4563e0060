//! One run of the matrix: good.txt, the bad input and good2.txt in a fresh folder, planlint
//! under a wall-clock and a memory bound, and the assertions every case shares.

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use tempfile::TempDir;

/// Long enough for a debug build on a loaded two-core machine; a hang is far beyond it.
const WALL_CLOCK_BOUND: Duration = Duration::from_secs(120);
/// Virtual memory for the child, in KiB (rayon's threads and malloc arenas reserve some).
const MEMORY_BOUND_KIB: u64 = 2 * 1024 * 1024;

pub fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/bad")
        .join(name);
    fs::read_to_string(path).unwrap()
}

/// A plan with a task without a deadline (PL102 on line 5), the finding each good file
/// must still report.
pub fn good_plan() -> String {
    fixture("good-plan.txt")
}

/// Whether the bad file's folder may have a `planlint.yaml` of its own.
#[derive(Clone, Copy, PartialEq)]
pub enum Config {
    None,
    Discovered,
}

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!(
                "stdout is not JSON ({e}):\n{}\nstderr: {}",
                self.stdout, self.stderr
            )
        })
    }

    pub fn paths(&self) -> Vec<String> {
        self.json()["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap().to_string())
            .collect()
    }

    pub fn file(&self, path: &str) -> Value {
        let json = self.json();
        json["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"] == path)
            .cloned()
            .unwrap_or_else(|| panic!("{path} not reported:\n{}", self.stdout))
    }

    /// Codes and lines of a file's findings.
    pub fn findings(&self, path: &str) -> Vec<(String, u64)> {
        self.file(path)["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["code"].as_str().unwrap().to_string(),
                    d["start"]["line"].as_u64().unwrap(),
                )
            })
            .collect()
    }

    /// What holds for every case: no panic, and both good plans checked with their finding.
    pub fn assert_good_files_reported(&self) {
        assert!(
            !self.stderr.contains("panicked") && self.code != Some(101),
            "panicked:\n{}",
            self.stderr
        );
        for good in ["good.txt", "good2.txt"] {
            assert!(
                self.findings(good).contains(&("PL102".to_string(), 5)),
                "{good} must still be checked:\n{}\nstderr: {}",
                self.stdout,
                self.stderr
            );
        }
    }

    /// A bad file: exit 2, only the good files reported, and a Chinese message on stderr
    /// naming the file and saying each of `says`.
    pub fn assert_refused(&self, bad: &str, says: &[&str]) {
        self.assert_good_files_reported();
        assert_eq!(self.code, Some(2), "stderr: {}", self.stderr);
        assert_eq!(self.paths(), ["good.txt", "good2.txt"], "{}", self.stderr);
        let line = self
            .stderr
            .lines()
            .find(|l| l.contains(bad))
            .unwrap_or_else(|| panic!("no message names {bad}:\n{}", self.stderr));
        assert!(is_chinese(line), "not Chinese: {line}");
        for s in says {
            assert!(self.stderr.contains(s), "“{s}” missing:\n{}", self.stderr);
        }
    }

    /// A file that is unusual but readable: checked like the others.
    pub fn assert_read(&self, bad: &str) {
        self.assert_good_files_reported();
        assert_eq!(self.code, Some(1), "stderr: {}", self.stderr);
        assert!(
            self.paths().iter().any(|p| p == bad),
            "{bad} not read: {}",
            self.stderr
        );
    }
}

fn is_chinese(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Writes good.txt and good2.txt into a fresh folder, lets `setup` write the bad input
/// (returning the argument that names it), and runs `check … good.txt BAD good2.txt`.
pub fn matrix(config: Config, extra: &[&str], setup: impl FnOnce(&Path) -> PathBuf) -> Run {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("good.txt"), good_plan()).unwrap();
    fs::write(dir.path().join("good2.txt"), good_plan()).unwrap();
    let bad = setup(dir.path());
    let mut args: Vec<std::ffi::OsString> = vec!["check".into(), "--format".into(), "json".into()];
    args.extend(["--today".into(), "2025-06-01".into()]);
    if config == Config::None {
        args.push("--no-config".into());
    }
    args.extend(extra.iter().map(Into::into));
    args.extend(["good.txt".into(), bad.into_os_string(), "good2.txt".into()]);
    run_bounded(dir.path(), &args, None)
}

/// Runs planlint in `dir` and kills it when it outlives [`WALL_CLOCK_BOUND`].
pub fn run_bounded(dir: &Path, args: &[std::ffi::OsString], stdin: Option<&Path>) -> Run {
    let bin = env!("CARGO_BIN_EXE_planlint");
    let mut cmd = if cfg!(unix) {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!(
                "ulimit -v {MEMORY_BOUND_KIB} && exec \"$0\" \"$@\""
            ))
            .arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    match stdin {
        Some(p) => cmd.stdin(fs::File::open(p).unwrap()),
        None => cmd.stdin(Stdio::null()),
    };
    let mut child = cmd.spawn().unwrap();
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            r.read_to_end(&mut buf).unwrap();
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().unwrap()));
    let err = drain(Box::new(child.stderr.take().unwrap()));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > WALL_CLOCK_BOUND {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!(
                "planlint did not finish within {WALL_CLOCK_BOUND:?}: {args:?}\nstderr: {}",
                err.join().unwrap()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    }
}

pub fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    PathBuf::from(name)
}
