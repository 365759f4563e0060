//! Paths that are no plan files: FIFOs, devices, standard input without end, symlink loops,
//! unreadable files (Unix only).

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

use crate::harness::{Config, good_plan, matrix, run_bounded, write};

#[test]
fn a_fifo_named_plan_txt_is_refused_without_blocking() {
    let run = matrix(Config::None, &[], |d| {
        let status = Command::new("mkfifo")
            .arg(d.join("plan.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        PathBuf::from("plan.txt")
    });
    run.assert_refused("plan.txt", &["不是普通文件", "命名管道"]);
}

#[test]
fn dev_zero_linked_as_plan_txt_is_refused() {
    let run = matrix(Config::None, &[], |d| {
        std::os::unix::fs::symlink("/dev/zero", d.join("plan.txt")).unwrap();
        PathBuf::from("plan.txt")
    });
    run.assert_refused("plan.txt", &["设备文件"]);
}

#[test]
fn dev_zero_on_standard_input_is_cut_at_the_size_limit() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("good.txt"), good_plan()).unwrap();
    fs::write(dir.path().join("good2.txt"), good_plan()).unwrap();
    let args: Vec<std::ffi::OsString> = [
        "check",
        "--no-config",
        "--format",
        "json",
        "--today",
        "2025-06-01",
        "--max-file-size",
        "1MB",
        "--stdin-filename",
        "粘贴.txt",
        "good.txt",
        "-",
        "good2.txt",
    ]
    .iter()
    .map(Into::into)
    .collect();
    let run = run_bounded(dir.path(), &args, Some(Path::new("/dev/zero")));
    run.assert_refused("粘贴.txt", &["超过上限 1 MB"]);
}

#[test]
fn symlink_loops_in_a_folder_end_the_walk_and_a_named_one_is_explained() {
    let run = matrix(Config::None, &[], |d| {
        let folder = d.join("docs");
        fs::create_dir(&folder).unwrap();
        fs::write(folder.join("方案.txt"), good_plan()).unwrap();
        std::os::unix::fs::symlink(".", folder.join("self")).unwrap();
        std::os::unix::fs::symlink("b.txt", folder.join("a.txt")).unwrap();
        std::os::unix::fs::symlink("a.txt", folder.join("b.txt")).unwrap();
        PathBuf::from("docs")
    });
    run.assert_read("docs/方案.txt");
    assert_eq!(run.paths(), ["good.txt", "docs/方案.txt", "good2.txt"]);
    let run = matrix(Config::None, &[], |d| {
        std::os::unix::fs::symlink("b.txt", d.join("a.txt")).unwrap();
        std::os::unix::fs::symlink("a.txt", d.join("b.txt")).unwrap();
        PathBuf::from("a.txt")
    });
    run.assert_refused("a.txt", &["符号链接形成循环"]);
}

#[test]
fn an_unreadable_file_says_so_unless_run_as_root() {
    use std::os::unix::fs::PermissionsExt;
    let run = matrix(Config::None, &[], |d| {
        let path = write(d, "locked.txt", good_plan());
        fs::set_permissions(d.join(&path), fs::Permissions::from_mode(0o000)).unwrap();
        path
    });
    let root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
    if root {
        // Root reads a file whatever its mode: it is checked like any other.
        eprintln!("running as root: chmod 000 does not stop reading; checking that it is read");
        run.assert_read("locked.txt");
    } else {
        run.assert_refused("locked.txt", &["没有读取权限"]);
    }
}

#[test]
fn a_fifo_as_a_packs_lexicon_file_is_refused_without_blocking() {
    let run = matrix(Config::Discovered, &[], |d| {
        write(d, "bad/planlint.yaml", "packs: [plan, ./pack.yaml]\n");
        write(
            d,
            "bad/pack.yaml",
            "pack: 本单位\nlexicons:\n  units: 本市单位.txt\nrules:\n  - id: local-rule\n    code: XS101\n    severity: warning\n    scope: match\n    match: lexicon(\"units\")\n    message: 发现\n",
        );
        let status = Command::new("mkfifo")
            .arg(d.join("bad/本市单位.txt"))
            .status()
            .unwrap();
        assert!(status.success());
        write(d, "bad/plan.txt", good_plan())
    });
    run.assert_refused("pack.yaml:3:", &["本市单位.txt", "不是普通文件"]);
}
