//! The command line as a reviewer and a CI job use it: `planlint extract` in its three formats,
//! `planlint outline` in its two, folder walking, and what happens with files it cannot read.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const CSV_HEADER: &str = "文件,序号,任务,牵头单位,配合/责任单位,完成时限,时限类型,行号";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// `planlint` run from the fixtures folder, so that paths in its output are the bare file names.
fn planlint() -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("planlint");
    cmd.current_dir(fixtures());
    cmd
}

fn stdout_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8(out.stderr.clone()).expect("stderr is UTF-8")
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn paths_in(v: &Value) -> Vec<String> {
    v["files"]
        .as_array()
        .expect("files is an array")
        .iter()
        .map(|f| f["path"].as_str().expect("path is a string").to_string())
        .collect()
}

fn copy_fixture(name: &str, to: &Path) {
    fs::copy(fixtures().join(name), to).unwrap();
}

/// Bytes that are no UTF-8 text: “重点任务” in GBK followed by bytes that no Chinese encoding
/// accepts (0x80 and 0xFF are no GBK/GB18030 lead bytes).
const NOT_UTF8: &[u8] = b"\xd6\xd8\xb5\xe3\xc8\xce\xce\xf1\x80\xff\x80\xff\n";

// ---------------------------------------------------------------------------------------------
// extract --format json

#[test]
fn extract_json_is_the_versioned_ledger() {
    let out = planlint()
        .args(["extract", "--format", "json", "cover_notice_plan.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(paths_in(&v), ["cover_notice_plan.txt"]);
    let f = &v["files"][0];
    assert_eq!(f["title"], "宁川市2025年大气污染防治攻坚行动方案");
    assert_eq!(f["kind"], "plan");
    assert_eq!(f["date"], "2025-03-12");
    let tasks = f["tasks"].as_array().unwrap();
    assert_eq!(tasks.len(), 7);

    let t = &tasks[0];
    assert_eq!(t["id"], 1);
    assert_eq!(t["line"], 16);
    assert_eq!(t["marker"], "1.");
    assert_eq!(t["title"], "开展涉气企业排查整治");
    assert_eq!(t["section"], "三、重点任务");
    let u = &t["units"][0];
    assert_eq!(u["name"], "市生态环境局");
    assert_eq!(u["role"], "lead");
    assert_eq!(u["source"], "own");
    assert_eq!(u["generic"], false);
    assert_eq!(u["line"], 16);
    let d = &t["deadline"];
    assert_eq!(d["text"], "2025年5月底前");
    assert_eq!(d["kind"], "date");
    assert_eq!(d["date"], "2025-05-31");
    assert_eq!(d["source"], "own");
    assert_eq!(d["line"], 16);

    // Task 3 inherits the blanket statement of task 1.
    let u3 = &tasks[2]["units"][0];
    assert_eq!(u3["name"], "各县区人民政府");
    assert_eq!(u3["source"], "inherited");
    assert_eq!(u3["generic"], true);

    let acc = f["accountability"].as_array().unwrap();
    assert!(!acc.is_empty());
    assert!(
        acc.iter().all(|q| q["line"] == 28 && q["text"].is_string()),
        "{acc:?}"
    );
}

#[test]
fn extract_json_has_null_for_a_missing_deadline() {
    let out = planlint()
        .args(["extract", "--format", "json", "rectification_fields.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_of(&out);
    let t = &v["files"][0]["tasks"][2];
    assert_eq!(t["line"], 14);
    assert!(t["deadline"].is_null(), "{t}");
    assert_eq!(t["units"], serde_json::json!([]));
}

#[test]
fn extract_defaults_to_json() {
    let out = planlint()
        .args(["extract", "deadline_kinds.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    assert_eq!(v["files"][0]["tasks"].as_array().unwrap().len(), 7);
}

// ---------------------------------------------------------------------------------------------
// extract --format csv

#[test]
fn extract_csv_has_the_ledger_header_and_one_row_per_task() {
    let out = planlint()
        .args(["extract", "--format", "csv", "rectification_fields.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let csv = stdout_of(&out);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], CSV_HEADER);
    assert_eq!(lines.len(), 1 + 4, "{csv}");
    assert!(
        lines.contains(
            &"rectification_fields.txt,2,（二）龙泉河沿岸非法采砂问题,县水利局,县自然资源局、县公安局、龙泉镇人民政府,2025年8月底前,明确日期,11"
        ),
        "{csv}"
    );
    // The task without unit or deadline is still listed, marked 未明确.
    assert!(
        lines.contains(&"rectification_fields.txt,3,（三）畜禽养殖污染治理不到位问题,,,,未明确,14"),
        "{csv}"
    );
}

#[test]
fn extract_csv_marks_inherited_units_and_names_deadline_kinds() {
    let out = planlint()
        .args([
            "extract",
            "--format",
            "csv",
            "cover_notice_plan.txt",
            "deadline_kinds.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = stdout_of(&out);
    let lines: Vec<&str> = csv.lines().collect();
    // One header for all files.
    assert_eq!(
        lines.iter().filter(|l| **l == CSV_HEADER).count(),
        1,
        "{csv}"
    );
    assert_eq!(lines.len(), 1 + 7 + 7, "{csv}");
    assert!(
        lines.contains(&"cover_notice_plan.txt,3,3.加强挥发性有机物综合治理,,各县区人民政府（承前）,2025年6月底前,明确日期,18"),
        "{csv}"
    );
    let row = |line: &str| {
        lines
            .iter()
            .find(|l| l.starts_with("deadline_kinds.txt,") && l.ends_with(&format!(",{line}")))
            .copied()
            .unwrap_or_else(|| panic!("no row for line {line}:\n{csv}"))
    };
    assert!(row("8").contains(",周期性,"), "{}", row("8"));
    assert!(
        row("10").ends_with(",立行立改,明确日期,10"),
        "{}",
        row("10")
    );
    assert!(row("11").ends_with(",尽快,模糊,11"), "{}", row("11"));
    assert!(row("12").ends_with(",,未明确,12"), "{}", row("12"));
}

#[test]
fn extract_csv_quotes_fields_with_commas() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("plan.txt");
    fs::write(
        &path,
        "某县扬尘治理工作方案\n一、重点任务\n（一）新建监测站点3个,覆盖全部乡镇（县生态环境分局负责）\n",
    )
    .unwrap();
    let out = planlint()
        .current_dir(dir.path())
        .args(["extract", "--format", "csv", "plan.txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = stdout_of(&out);
    let row = csv
        .lines()
        .nth(1)
        .unwrap_or_else(|| panic!("no task row:\n{csv}"));
    // The task title keeps the drafter's ASCII comma, so its cell is quoted.
    assert!(
        row.starts_with("plan.txt,1,\"（一）新建监测站点3个,覆盖全部乡镇"),
        "{row}"
    );
    // Every row has exactly the 8 columns of the header once quoted fields are accounted for.
    let mut cols = 1;
    let mut quoted = false;
    for c in row.chars() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => cols += 1,
            _ => {}
        }
    }
    assert_eq!(cols, 8, "{row}");
}

#[test]
fn extract_csv_task_cell_of_a_table_row_keeps_the_row_number_apart_from_the_text() {
    let out = planlint()
        .args(["extract", "--format", "csv", "markdown_table.md"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let csv = stdout_of(&out);
    let row = csv
        .lines()
        .find(|l| l.contains("推行企业开办"))
        .unwrap_or_else(|| panic!("no row for table task 1:\n{csv}"));
    let task_cell = row.split(',').nth(2).unwrap();
    assert!(
        !task_cell.starts_with("1推行"),
        "the row number is glued to the task text: {row}"
    );
    assert!(
        row.contains(",区市场监管局,区政务服务中心、区税务局,2025年6月底前,明确日期,13"),
        "{row}"
    );
}

// ---------------------------------------------------------------------------------------------
// extract --format markdown

#[test]
fn extract_markdown_is_a_table_per_file() {
    let out = planlint()
        .args([
            "extract",
            "--format",
            "markdown",
            "cover_notice_plan.txt",
            "speech.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let md = stdout_of(&out);
    assert!(
        md.contains("## 宁川市2025年大气污染防治攻坚行动方案"),
        "{md}"
    );
    assert!(md.contains("共 7 项任务"), "{md}");
    assert!(
        md.contains("| 序号 | 任务 | 牵头单位 | 配合/责任单位 | 完成时限 | 时限类型 | 行号 |"),
        "{md}"
    );
    assert!(md.contains("|---|---|---|---|---|---|---|"), "{md}");
    assert!(
        md.contains("| 1 | 1.开展涉气企业排查整治 | 市生态环境局 | 市工业和信息化局、市市场监管局、各县区人民政府 | 2025年5月底前 | 明确日期 | 16 |"),
        "{md}"
    );
    assert_eq!(
        md.lines()
            .filter(|l| l.starts_with("| ") && l.ends_with(" |"))
            .count(),
        1 + 7,
        "{md}"
    );
    // A speech has no tasks, and says so.
    assert!(
        md.contains("## 在全县2025年生态环境保护工作会议上的讲话"),
        "{md}"
    );
    assert!(md.contains("未识别到任务"), "{md}");
}

// ---------------------------------------------------------------------------------------------
// outline

#[test]
fn outline_json_gives_head_headings_and_tasks() {
    let out = planlint()
        .args(["outline", "--format", "json", "cover_notice_plan.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    assert_eq!(v["version"], 1);
    let f = &v["files"][0];
    assert_eq!(f["path"], "cover_notice_plan.txt");
    assert_eq!(f["title"], "宁川市2025年大气污染防治攻坚行动方案");
    assert_eq!(f["kind"], "plan");
    assert_eq!(f["doc_number"], "宁政办发〔2025〕9号");
    assert_eq!(f["date"], "2025-03-12");
    let headings = f["headings"].as_array().unwrap();
    let h = headings
        .iter()
        .find(|h| h["line"] == 14)
        .unwrap_or_else(|| panic!("no heading on line 14: {headings:?}"));
    assert_eq!(h["marker"], "三、");
    assert_eq!(h["level"], 1);
    assert_eq!(h["text"], "重点任务");
    assert_eq!(h["section_kind"], "tasks");
    let kind_on = |line: u64| {
        headings
            .iter()
            .find(|h| h["line"] == line)
            .map(|h| h["section_kind"].clone())
    };
    assert_eq!(kind_on(10), Some(Value::from("other")));
    assert_eq!(kind_on(12), Some(Value::from("targets")));
    assert_eq!(kind_on(25), Some(Value::from("safeguards")));
    // Nothing of the cover notice is a heading of the plan.
    assert!(
        headings.iter().all(|h| h["line"].as_u64().unwrap() >= 10),
        "{headings:?}"
    );
    let tasks = f["tasks"].as_array().unwrap();
    let lines: Vec<u64> = tasks.iter().map(|t| t["line"].as_u64().unwrap()).collect();
    assert_eq!(lines, [16, 17, 18, 20, 21, 23, 24]);
}

#[test]
fn outline_text_shows_head_section_kinds_and_task_count() {
    planlint()
        .args(["outline", "--format", "text", "rectification_fields.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("rectification_fields.txt"))
        .stdout(predicate::str::contains(
            "标题：青溪县关于中央生态环境保护督察反馈问题的整改方案",
        ))
        .stdout(predicate::str::contains("类型：plan"))
        .stdout(predicate::str::contains("三、整改任务  [tasks]"))
        .stdout(predicate::str::contains("四、实施步骤  [steps]"))
        .stdout(predicate::str::contains("五、保障措施  [safeguards]"))
        .stdout(predicate::str::contains("任务：4 项"));
}

#[test]
fn outline_text_is_the_default_and_names_the_kind_of_non_plans() {
    planlint()
        .args([
            "outline",
            "meeting_report.txt",
            "notice_only.txt",
            "speech.txt",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("类型：report"))
        .stdout(predicate::str::contains("类型：notice"))
        .stdout(predicate::str::contains("类型：speech"))
        .stdout(predicate::str::contains("发文字号：青政办明电〔2025〕3号"))
        .stdout(predicate::str::contains("成文日期：2025-03-05"));
}

// ---------------------------------------------------------------------------------------------
// folders

#[test]
fn a_folder_is_walked_for_txt_and_md_files_in_sorted_order() {
    let dir = TempDir::new().unwrap();
    let root = dir.path();
    // Created out of order; other extensions are not plans and are skipped silently.
    copy_fixture("deadline_kinds.txt", &root.join("z.txt"));
    fs::create_dir(root.join("m")).unwrap();
    copy_fixture("rectification_fields.txt", &root.join("m").join("x.txt"));
    copy_fixture("markdown_table.md", &root.join("a.md"));
    fs::write(root.join("notes.json"), "{}").unwrap();
    fs::write(root.join("old.doc"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1").unwrap();
    fs::write(root.join("scan.pdf"), b"%PDF-1.4\n").unwrap();

    let out = planlint()
        .current_dir(root)
        .args(["extract", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "stderr: {}", stderr_of(&out));
    assert_eq!(stderr_of(&out), "");
    let v = json_of(&out);
    let names: Vec<String> = paths_in(&v)
        .iter()
        .map(|p| {
            Path::new(p)
                .strip_prefix(".")
                .unwrap_or(Path::new(p))
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["a.md", "m/x.txt", "z.txt"]);
    let titles: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["title"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        titles,
        [
            "江川区2025年优化营商环境攻坚行动方案",
            "青溪县关于中央生态环境保护督察反馈问题的整改方案",
            "临江市2025年安全生产治本攻坚工作方案"
        ]
    );
}

#[test]
fn outline_walks_a_folder_too() {
    let dir = TempDir::new().unwrap();
    copy_fixture("speech.txt", &dir.path().join("b.txt"));
    copy_fixture("work_points_flat.txt", &dir.path().join("a.txt"));
    let out = planlint()
        .current_dir(dir.path())
        .args(["outline", "--format", "json", "."])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v = json_of(&out);
    let kinds: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["plan", "speech"]);
}

// ---------------------------------------------------------------------------------------------
// files that cannot be read: a Chinese message naming the file, exit 2, the others still done

#[test]
fn a_non_utf8_file_is_reported_and_the_others_are_still_extracted() {
    let dir = TempDir::new().unwrap();
    copy_fixture("deadline_kinds.txt", &dir.path().join("good.txt"));
    fs::write(dir.path().join("gbk.txt"), NOT_UTF8).unwrap();
    let out = planlint()
        .current_dir(dir.path())
        .args(["extract", "--format", "json", "gbk.txt", "good.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("gbk.txt"), "{err}");
    assert!(err.contains("UTF-8") && err.contains("编码"), "{err}");
    let v = json_of(&out);
    assert_eq!(paths_in(&v), ["good.txt"]);
    assert_eq!(v["files"][0]["tasks"].as_array().unwrap().len(), 7);
}

#[test]
fn a_non_utf8_file_inside_a_folder_is_reported_too() {
    let dir = TempDir::new().unwrap();
    copy_fixture("deadline_kinds.txt", &dir.path().join("a.txt"));
    fs::write(dir.path().join("b.txt"), NOT_UTF8).unwrap();
    copy_fixture("speech.txt", &dir.path().join("c.txt"));
    let out = planlint()
        .current_dir(dir.path())
        .args(["extract", "--format", "csv", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("b.txt") && err.contains("编码"), "{err}");
    let csv = stdout_of(&out);
    assert_eq!(csv.lines().next(), Some(CSV_HEADER));
    assert_eq!(csv.lines().count(), 1 + 7, "{csv}");
}

#[test]
fn a_binary_file_is_reported() {
    let dir = TempDir::new().unwrap();
    copy_fixture("speech.txt", &dir.path().join("speech.txt"));
    fs::write(
        dir.path().join("image.txt"),
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    )
    .unwrap();
    let out = planlint()
        .current_dir(dir.path())
        .args(["outline", "--format", "json", "image.txt", "speech.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("image.txt") && err.contains("二进制"), "{err}");
    assert_eq!(paths_in(&json_of(&out)), ["speech.txt"]);
}

#[cfg(unix)]
#[test]
fn an_unreadable_file_is_reported_and_the_others_are_still_extracted() {
    // A socket exists but cannot be opened for reading, whoever runs the test (root included).
    let dir = TempDir::new().unwrap();
    let _listener = std::os::unix::net::UnixListener::bind(dir.path().join("locked.txt")).unwrap();
    copy_fixture("rectification_fields.txt", &dir.path().join("plan.txt"));
    let out = planlint()
        .current_dir(dir.path())
        .args(["extract", "--format", "json", "locked.txt", "plan.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("locked.txt") && err.contains("无法读取"),
        "{err}"
    );
    assert_eq!(paths_in(&json_of(&out)), ["plan.txt"]);
}

#[test]
fn a_legacy_doc_file_is_refused_with_advice() {
    let dir = TempDir::new().unwrap();
    fs::write(
        dir.path().join("方案.doc"),
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
    )
    .unwrap();
    copy_fixture("cover_notice_plan.txt", &dir.path().join("plan.txt"));
    let out = planlint()
        .current_dir(dir.path())
        .args(["extract", "--format", "markdown", "方案.doc", "plan.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(err.contains("方案.doc"), "{err}");
    assert!(
        err.contains(".doc") && err.contains("不支持") && err.contains(".docx"),
        "{err}"
    );
    let md = stdout_of(&out);
    assert!(
        md.contains("## 宁川市2025年大气污染防治攻坚行动方案"),
        "{md}"
    );
    assert!(md.contains("共 7 项任务"), "{md}");
}

#[test]
fn a_missing_path_exits_2_and_the_others_are_still_extracted() {
    let out = planlint()
        .args([
            "extract",
            "--format",
            "json",
            "no-such-plan.txt",
            "speech.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("no-such-plan.txt") && err.contains("不存在"),
        "{err}"
    );
    assert_eq!(paths_in(&json_of(&out)), ["speech.txt"]);
}

#[test]
fn a_missing_path_alone_exits_2() {
    planlint()
        .args(["outline", "缺失的方案.txt"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("缺失的方案.txt"));
}

// ---------------------------------------------------------------------------------------------
// usage

#[test]
fn help_lists_the_commands() {
    planlint()
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains("extract"))
        .stdout(predicate::str::contains("outline"));
}

#[test]
fn extract_help_lists_the_formats() {
    planlint()
        .args(["extract", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--format"))
        .stdout(predicate::str::contains("csv"))
        .stdout(predicate::str::contains("markdown"));
}

#[test]
fn usage_errors_exit_2() {
    planlint().arg("extract").assert().code(2);
    planlint()
        .args(["extract", "--format", "xml", "speech.txt"])
        .assert()
        .code(2)
        .stdout(predicate::str::is_empty());
}
