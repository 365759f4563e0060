//! `planlint check` as a reviewer and a CI maintainer use it: their own packs, selection,
//! JSON, config files, suppression comments and exit codes.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

const PLAN: &str = "\
青川县2025年城乡环境整治工作方案
一、重点任务
（一）完善垃圾收运体系。2025年6月底前完成12个乡镇转运站提标改造。（县住房和城乡建设局牵头，各乡镇人民政府负责落实）
（二）推进垃圾分类。尽快在县城公共机构全面推行垃圾分类。（县城市管理局牵头）
（三）整治背街小巷环境。完成路面修复和立面整治,完善照明设施。
二、保障措施
（一）强化考核。将整治工作纳入年度目标考核。
";

const REVIEWER_PACK: &str = r#"pack: 县政府办审核
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

fn planlint() -> Command {
    Command::cargo_bin("planlint").unwrap()
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

/// `check --no-config --format json PATH` in `dir` with `threads` threads.
fn json_check_on_threads(dir: &Path, path: &str, threads: &str) -> std::process::Output {
    planlint()
        .current_dir(dir)
        .env("RAYON_NUM_THREADS", threads)
        .args(["check", "--no-config", "--format", "json", path])
        .output()
        .unwrap()
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn codes(report: &Value) -> Vec<String> {
    report["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .map(|d| d["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn built_in_element_rules_find_what_a_reviewer_circles() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "方案.txt", PLAN);
    let out = planlint()
        .args(["check", "--no-config", "--format", "json"])
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "errors make exit 1");
    let report = json_of(&out);
    assert_eq!(report["version"], 1);
    let diags = report["files"][0]["diagnostics"].as_array().unwrap();
    let find = |code: &str| {
        diags
            .iter()
            .filter(|d| d["code"] == code)
            .collect::<Vec<_>>()
    };
    // （三） has no unit; （二）has only 尽快; no task lacks a deadline but （三）; no sanction.
    assert_eq!(find("PL101").len(), 1);
    assert_eq!(find("PL101")[0]["start"]["line"], 5);
    assert_eq!(
        find("PL101")[0]["message"],
        "任务“整治背街小巷环境”未明确责任单位"
    );
    assert_eq!(find("PL103").len(), 1);
    assert_eq!(find("PL103")[0]["start"]["line"], 4);
    assert_eq!(find("PL102").len(), 1);
    assert_eq!(find("PL104").len(), 1);
    let d = find("PL101")[0];
    for key in [
        "rule", "code", "severity", "message", "help", "span", "start", "end", "fix",
    ] {
        assert!(d.get(key).is_some(), "missing {key} in {d}");
    }
    assert_eq!(d["rule"], "task-missing-unit");
    assert_eq!(d["start"]["column"], 1);
    assert!(report["summary"]["errors"].as_u64().unwrap() >= 3);
}

#[test]
fn a_reviewers_own_pack_selected_by_code_prefix() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "方案.txt", PLAN);
    let pack = write(dir.path(), "审核.yaml", REVIEWER_PACK);
    let out = planlint()
        .args(["check", "--no-config", "--format", "json", "--select", "XS"])
        .arg("--pack")
        .arg(&pack)
        .arg(&plan)
        .output()
        .unwrap();
    let report = json_of(&out);
    let got = codes(&report);
    assert!(got.iter().all(|c| c.starts_with("XS")), "{got:?}");
    assert_eq!(got.iter().filter(|c| *c == "XS101").count(), 1);
    assert_eq!(got.iter().filter(|c| *c == "XS201").count(), 1, "{got:?}");
    assert_eq!(got.iter().filter(|c| *c == "XS301").count(), 1);
    let diags = report["files"][0]["diagnostics"].as_array().unwrap();
    let vague = diags.iter().find(|d| d["code"] == "XS101").unwrap();
    assert_eq!(vague["message"], "任务“推进垃圾分类”的时限“尽快”不明确");
    let few = diags.iter().find(|d| d["code"] == "XS301").unwrap();
    assert_eq!(few["message"], "方案只有3项任务");
    assert_eq!(out.status.code(), Some(1), "XS101 is an error");
}

#[test]
fn a_typo_in_a_condition_is_exit_2_with_file_and_line() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "方案.txt", PLAN);
    let broken = REVIEWER_PACK.replace("task.deadline.kind ==", "task.dedline.kind ==");
    let pack = write(dir.path(), "审核.yaml", &broken);
    let out = planlint()
        .args(["check", "--no-config"])
        .arg("--pack")
        .arg(&pack)
        .arg(&plan)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("审核.yaml:8:"), "{stderr}");
    assert!(stderr.contains("task.dedline"), "{stderr}");
    assert!(stderr.contains("task.deadline"), "did-you-mean: {stderr}");
}

#[test]
fn config_is_found_up_the_tree_and_overrides_apply_by_path() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "planlint.yaml",
        "rules:\n  PL104: off\noverrides:\n  - files: [\"附件/**\"]\n    rules:\n      PL1: off\n",
    );
    write(dir.path(), "乡镇/方案.txt", PLAN);
    write(dir.path(), "附件/方案.txt", PLAN);
    let out = planlint()
        .args(["check", "--format", "json"])
        .arg(dir.path())
        .output()
        .unwrap();
    let report = json_of(&out);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 2);
    for f in files {
        let path = f["path"].as_str().unwrap();
        let got: Vec<&str> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap())
            .collect();
        assert!(!got.contains(&"PL104"), "{path}: {got:?}");
        if path.contains("附件") {
            assert!(got.iter().all(|c| !c.starts_with("PL1")), "{path}: {got:?}");
        } else {
            assert!(got.contains(&"PL101"), "{path}: {got:?}");
        }
    }
    // --no-config brings PL104 back.
    let out = planlint()
        .args(["check", "--no-config", "--format", "json"])
        .arg(dir.path().join("乡镇/方案.txt"))
        .output()
        .unwrap();
    assert!(codes(&json_of(&out)).contains(&"PL104".to_string()));
}

#[test]
fn a_broken_config_is_exit_2_naming_its_line_and_other_files_are_still_checked() {
    let dir = TempDir::new().unwrap();
    write(dir.path(), "坏/planlint.yaml", "rules:\n  PL101: loud\n");
    write(dir.path(), "坏/方案.txt", PLAN);
    write(dir.path(), "好/方案.txt", PLAN);
    let out = planlint()
        .args(["check", "--format", "json"])
        .arg(dir.path().join("坏/方案.txt"))
        .arg(dir.path().join("好/方案.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("planlint.yaml:2:"), "{stderr}");
    let report = json_of(&out);
    let files = report["files"].as_array().unwrap();
    assert_eq!(files.len(), 1);
    assert!(files[0]["path"].as_str().unwrap().contains("好"));
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = TempDir::new().unwrap();
    let good = "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查。尽快完成火点排查。（县农业农村局牵头）\n二、保障措施\n（一）严格问责。对工作不力的乡镇，由县政府约谈其主要负责人。\n";
    let plan = write(dir.path(), "方案.txt", good);
    let run = |fail_on: &str| {
        planlint()
            .args([
                "check",
                "--no-config",
                "--format",
                "concise",
                "--fail-on",
                fail_on,
            ])
            .arg(&plan)
            .output()
            .unwrap()
            .status
            .code()
    };
    // Only a warning (PL103, 尽快) is found.
    assert_eq!(run("error"), Some(0));
    assert_eq!(run("warning"), Some(1));
    assert_eq!(run("never"), Some(0));
}

#[test]
fn check_is_the_default_command_and_concise_output_has_character_columns() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "方案.txt", PLAN);
    let out = planlint().args(["--no-config"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "a flag alone is no path");
    let out = planlint()
        .arg(&plan)
        .args(["--no-config", "--format", "concise", "--select", "PL103"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("方案.txt:4:1: 警告[PL103] 任务“推进垃圾分类”的完成时限“尽快”不明确"),
        "{stdout}"
    );
}

#[test]
fn pretty_output_underlines_the_task_and_says_how_to_fix_it() {
    let dir = TempDir::new().unwrap();
    let plan = write(dir.path(), "方案.txt", PLAN);
    let out = planlint()
        .args(["check", "--no-config", "--select", "PL101"])
        .arg(&plan)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("方案.txt:5:1"), "{stdout}");
    assert!(stdout.contains("PL101"), "{stdout}");
    assert!(stdout.contains("（三）整治背街小巷环境"), "{stdout}");
    assert!(stdout.contains("牵头"), "help is shown: {stdout}");
    assert!(
        !stdout.contains("\u{1b}]8;"),
        "no hyperlink escapes: {stdout}"
    );
}

#[test]
fn suppression_comment_silences_one_task() {
    let dir = TempDir::new().unwrap();
    let text = PLAN.replace("（三）整治", "planlint-disable-next-line PL101\n（三）整治");
    let plan = write(dir.path(), "方案.txt", &text);
    let out = planlint()
        .args([
            "check",
            "--no-config",
            "--format",
            "json",
            "--select",
            "PL101,PL001",
        ])
        .arg(&plan)
        .output()
        .unwrap();
    assert!(codes(&json_of(&out)).is_empty());
}

#[test]
fn rules_commands_list_explain_and_test() {
    let out = planlint().args(["rules", "list"]).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("PL101") && stdout.contains("task-missing-unit"),
        "{stdout}"
    );
    let out = planlint()
        .args(["rules", "explain", "PL104"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("plan-missing-accountability"), "{stdout}");
    assert!(stdout.contains("会触发的示例"), "{stdout}");
    let out = planlint().args(["rules", "test"]).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = TempDir::new().unwrap();
    let pack = write(
        dir.path(),
        "坏例子.yaml",
        "pack: 坏例子\nrules:\n  - id: always-unit\n    code: XX1\n    severity: error\n    scope: task\n    when: not has(task.units)\n    message: 缺单位\n    examples:\n      valid:\n        - \"某县工作方案\\n一、重点任务\\n（一）开展巡查。\"\n",
    );
    let out = planlint()
        .args(["rules", "test"])
        .arg(&pack)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("XX1"));
}

#[test]
fn init_writes_a_config_once() {
    let dir = TempDir::new().unwrap();
    planlint().arg("init").arg(dir.path()).assert().success();
    assert!(dir.path().join("planlint.yaml").is_file());
    planlint().arg("init").arg(dir.path()).assert().code(2);
}

#[test]
fn a_config_lexicon_is_visible_to_a_users_pack() {
    let dir = TempDir::new().unwrap();
    write(
        dir.path(),
        "planlint.yaml",
        "packs: [./本县规则.yaml]\nlexicons:\n  county-units: 词表/本县单位.txt\n",
    );
    write(
        dir.path(),
        "词表/本县单位.txt",
        "# 本县机构名录\n县住房和城乡建设局\n县城市管理局\n",
    );
    write(
        dir.path(),
        "本县规则.yaml",
        "pack: 本县规则\nrules:\n  - id: unit-not-on-roster\n    code: BX1\n    severity: warning\n    scope: task\n    when: has(task.units) and not all(task.units, it.generic or it.name in lexicon(\"county-units\"))\n    message: 任务“{task.title}”的责任单位不在本县机构名录中\n",
    );
    let text = PLAN.replace("（县城市管理局牵头）", "（县城管局牵头）");
    let plan = write(dir.path(), "方案.txt", &text);
    let out = planlint()
        .args(["check", "--format", "json"])
        .arg(&plan)
        .output()
        .unwrap();
    let report = json_of(&out);
    let diags = report["files"][0]["diagnostics"].as_array().unwrap();
    let msgs: Vec<&str> = diags
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        msgs,
        ["任务“推进垃圾分类”的责任单位不在本县机构名录中"],
        "{report}"
    );
}

const FIX_PACK: &str = r#"pack: 修复
rules:
  - id: ascii-comma-after-han
    code: FX1
    severity: warning
    scope: match
    match: /\p{Han},/
    message: 中文中使用了半角逗号
    fix: "{replace(match.text, \",\", \"，\")}"
  - id: ascii-colon-after-han
    code: FX2
    severity: warning
    scope: match
    match: /\p{Han}:/
    message: 中文中使用了半角冒号
    fix: "{replace(match.text, \":\", \"：\")}"
    applicability: unsafe
"#;

#[test]
fn fix_diff_and_unsafe_fixes() {
    let dir = TempDir::new().unwrap();
    let pack = write(dir.path(), "修复.yaml", FIX_PACK);
    let original = "\u{feff}青川县工作方案\r\n一、重点任务\r\n（一）开展巡查,完成整改,2025年6月底前完成。\r\n责任单位:县应急管理局\r\n";
    let plan = write(dir.path(), "方案.txt", original);
    let run = |extra: &[&str]| {
        planlint()
            .args([
                "check",
                "--no-config",
                "--format",
                "concise",
                "--select",
                "FX",
            ])
            .arg("--pack")
            .arg(&pack)
            .args(extra)
            .arg(&plan)
            .output()
            .unwrap()
    };
    // --diff shows the change and writes nothing.
    let out = run(&["--diff"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("+（一）开展巡查，完成整改，2025年6月底前完成。"),
        "{stdout}"
    );
    assert!(stdout.contains("-（一）开展巡查,完成整改,"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&plan).unwrap(), original);
    // --fix applies only safe fixes; BOM, CRLF and every other byte stay.
    let out = run(&["--fix"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("修复了 2 个问题"));
    let fixed = std::fs::read_to_string(&plan).unwrap();
    assert_eq!(
        fixed,
        original.replace("巡查,完成整改,", "巡查，完成整改，"),
        "only the fixed spans change"
    );
    // A second run has nothing safe left; the unsafe colon fix waits for --unsafe-fixes.
    let out = run(&["--fix"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("修复了"), "{stdout}");
    assert!(stdout.contains("FX2"), "{stdout}");
    run(&["--unsafe-fixes"]);
    assert!(
        std::fs::read_to_string(&plan)
            .unwrap()
            .contains("责任单位：县应急管理局\r\n")
    );
    let out = run(&["--fix", "--unsafe-fixes"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("未发现问题"));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("planlint-"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary files are left");
}

/// A CI job's folder: files of very different sizes finish in another order than they are
/// listed, and one cannot be read. The JSON lists the readable files in path order whatever the
/// number of threads, the bad one is named on stderr, and the run exits 2.
#[test]
fn a_single_plan_checked_beside_the_warm_up_finds_what_one_thread_finds() {
    // With a spare thread, PL505's tables and every regex are built on it while the plan is
    // read; the findings must be those of a run that builds them where they are first used.
    let dir = TempDir::new().unwrap();
    let plan = "青川县2025年安全生产专项整治实施方案\n\
        一、工作任务\n\
        （一）严格落实安全制造责任,坚决遏制重特大事故。2025年6月底前完成。（县应急管理局牵头）\n\
        （二）做好重点行业排污允许证发放工作,2025年9月底前完成。（市生态环境局青川分局负责）\n\
        二、保障措施\n\
        对工作不力的单位，予以通报批评并约谈主要负责人。\n";
    write(dir.path(), "方案.txt", plan);
    let one = json_check_on_threads(dir.path(), "方案.txt", "1");
    let two = json_check_on_threads(dir.path(), "方案.txt", "2");
    assert_eq!(
        one.stdout, two.stdout,
        "the same bytes with one thread and two"
    );
    let found = codes(&json_of(&two));
    let count = |code: &str| found.iter().filter(|c| *c == code).count();
    assert_eq!(count("PL505"), 2, "{found:?}");
    assert_eq!(count("PL301"), 2, "{found:?}");
}

#[test]
fn a_folders_json_report_keeps_path_order_whatever_finishes_first() {
    let dir = TempDir::new().unwrap();
    for i in 0..24 {
        // Every fifth plan is forty times as long, so it finishes after later ones.
        let copies = if i % 5 == 0 { 40 } else { 1 };
        write(
            dir.path(),
            &format!("plans/{i:02}.txt"),
            &PLAN.repeat(copies),
        );
    }
    std::fs::write(
        dir.path().join("plans/07.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let one = json_check_on_threads(dir.path(), "plans", "1");
    let four = json_check_on_threads(dir.path(), "plans", "4");
    assert_eq!(four.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&four.stderr).contains("07.txt"));
    assert_eq!(
        one.stdout, four.stdout,
        "the same bytes with one thread and four"
    );
    let report = json_of(&four);
    let paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let expected: Vec<String> = (0..24)
        .filter(|&i| i != 7)
        .map(|i| format!("plans/{i:02}.txt"))
        .collect();
    assert_eq!(paths, expected);
    assert_eq!(report["summary"]["files"], 23);
    assert!(
        codes(&report).iter().any(|c| c == "PL301"),
        "{:?}",
        codes(&report)
    );
}
