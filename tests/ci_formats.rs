//! `planlint check --format sarif` and `--format github` as a CI maintainer uses them: a
//! code-scanning upload must validate against SARIF 2.1.0 and each annotation line must parse.

use std::collections::HashSet;
use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A draft with the flaws a reviewer circles: a task without a deadline, a half-width comma,
/// an unfilled placeholder, and a character outside the BMP before a finding on its line.
const PLAN: &str = "\
青川县2025年农村人居环境整治工作方案
一、工作目标
到2025年底，农村生活垃圾收运处置体系覆盖率达到95%以上。
二、重点任务
（一）完善垃圾收运体系。2025年6月底前完成XX个乡镇转运站提标改造。（县住房和城乡建设局牵头，各乡镇人民政府负责落实）
（二）整治背街小巷环境。完成路面修复和立面整治,完善照明设施。（县城市管理局牵头）
（三）推进𠮷祥村厕所改造。2025年9月底前完成,同步建立管护机制。（县农业农村局牵头）
三、保障措施
（一）强化督查问责。对工作推进不力的，由县政府约谈其主要负责人。
";

fn planlint() -> Command {
    Command::cargo_bin("planlint").unwrap()
}

fn plan_dir() -> TempDir {
    let dir = TempDir::new().unwrap();
    std::fs::create_dir_all(dir.path().join("docs")).unwrap();
    std::fs::write(dir.path().join("docs/整治方案.txt"), PLAN).unwrap();
    dir
}

fn run(dir: &Path, format: &str) -> std::process::Output {
    planlint()
        .current_dir(dir)
        .args([
            "check",
            "--no-config",
            "--today",
            "2025-01-01",
            "--format",
            format,
        ])
        .arg("docs")
        .output()
        .unwrap()
}

fn sarif_of(dir: &Path) -> Value {
    let out = run(dir, "sarif");
    assert_eq!(out.status.code(), Some(1), "an error-level finding: exit 1");
    serde_json::from_slice(&out.stdout).expect("SARIF is JSON and nothing else on stdout")
}

fn positive(v: &Value, what: &str) -> u64 {
    let n = v
        .as_u64()
        .unwrap_or_else(|| panic!("{what} is not an integer: {v}"));
    assert!(n >= 1, "{what} must be ≥ 1, is {n}");
    n
}

fn text_of<'a>(v: &'a Value, what: &str) -> &'a str {
    v["text"]
        .as_str()
        .unwrap_or_else(|| panic!("{what}.text is not a string: {v}"))
}

/// The properties SARIF 2.1.0 requires of a region, and that the end is not before the start.
fn check_region(r: &Value) -> (u64, u64, u64, u64) {
    let sl = positive(&r["startLine"], "startLine");
    let sc = positive(&r["startColumn"], "startColumn");
    let el = positive(&r["endLine"], "endLine");
    let ec = positive(&r["endColumn"], "endColumn");
    assert!((el, ec) >= (sl, sc), "region ends before it starts: {r}");
    (sl, sc, el, ec)
}

fn check_rules(driver: &Value) -> Vec<String> {
    let rules = driver["rules"]
        .as_array()
        .expect("driver.rules is an array");
    let mut ids = Vec::new();
    for r in rules {
        let id = r["id"].as_str().expect("rule id is a string");
        assert!(!ids.iter().any(|i| i == id), "rule {id} listed twice");
        assert!(r["name"].as_str().is_some_and(|n| !n.is_empty()));
        text_of(&r["shortDescription"], "shortDescription");
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(["none", "note", "warning", "error"].contains(&level));
        ids.push(id.to_string());
    }
    ids
}

fn check_result(res: &Value, rule_ids: &[String]) {
    let id = res["ruleId"].as_str().expect("ruleId");
    let index = res["ruleIndex"].as_u64().expect("ruleIndex") as usize;
    assert_eq!(rule_ids[index], id, "ruleIndex points at the result's rule");
    let level = res["level"].as_str().unwrap();
    assert!(["none", "note", "warning", "error"].contains(&level));
    assert!(!text_of(&res["message"], "message").is_empty());
    for loc in res["locations"].as_array().expect("locations") {
        let phys = &loc["physicalLocation"];
        let uri = phys["artifactLocation"]["uri"].as_str().unwrap();
        assert!(
            uri.is_ascii() && !uri.contains(' ') && !uri.contains('\\'),
            "{uri}"
        );
        check_region(&phys["region"]);
    }
    for fix in res["fixes"].as_array().into_iter().flatten() {
        for change in fix["artifactChanges"].as_array().unwrap() {
            assert!(change["artifactLocation"]["uri"].is_string());
            for rep in change["replacements"].as_array().unwrap() {
                check_region(&rep["deletedRegion"]);
                assert!(rep["insertedContent"]["text"].is_string());
            }
        }
    }
}

#[test]
fn sarif_has_the_structure_of_2_1_0() {
    let dir = plan_dir();
    let log = sarif_of(dir.path());
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let run = &runs[0];
    assert_eq!(run["tool"]["driver"]["name"], "planlint");
    assert!(run["tool"]["driver"]["version"].is_string());
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rule_ids = check_rules(&run["tool"]["driver"]);
    for code in ["PL101", "PL102", "PL301", "PL601", "PL001"] {
        assert!(
            rule_ids.iter().any(|i| i == code),
            "{code} in the rules table"
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for res in results {
        check_result(res, &rule_ids);
    }
}

fn results_with<'a>(log: &'a Value, code: &str) -> Vec<&'a Value> {
    log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["ruleId"] == code)
        .collect()
}

fn region(res: &Value) -> &Value {
    &res["locations"][0]["physicalLocation"]["region"]
}

#[test]
fn sarif_reports_the_plans_flaws_in_chinese_at_character_columns() {
    let dir = plan_dir();
    let log = sarif_of(dir.path());
    let missing = results_with(&log, "PL102");
    assert_eq!(missing.len(), 1, "only 整治背街小巷环境 has no deadline");
    assert_eq!(missing[0]["level"], "error");
    assert_eq!(
        missing[0]["message"]["text"],
        "任务“整治背街小巷环境”未明确完成时限"
    );
    assert_eq!(
        missing[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "docs/%E6%95%B4%E6%B2%BB%E6%96%B9%E6%A1%88.txt"
    );
    let placeholder = results_with(&log, "PL601");
    assert_eq!(placeholder.len(), 1);
    let r = region(placeholder[0]);
    assert_eq!(r["snippet"]["text"], "XX");
    let line = PLAN.lines().nth(4).unwrap();
    let column = line[..line.find("XX").unwrap()].chars().count() as u64 + 1;
    assert_eq!(r["startLine"], 5);
    assert_eq!(r["startColumn"], column);
    assert_eq!(r["endColumn"], column + 2, "end columns are exclusive");

    let commas = results_with(&log, "PL301");
    assert_eq!(commas.len(), 2);
    // Line 7 has 𠮷 (U+20BB7, two UTF-16 units) before its comma: code points count it once.
    let after_astral = commas
        .iter()
        .map(|c| region(c))
        .find(|r| r["startLine"] == 7);
    let r = after_astral.expect("the comma on line 7");
    let line = PLAN.lines().nth(6).unwrap();
    // The match is the Han character and the comma after it (`成,`).
    let chars_before = line[..line.find(',').unwrap()].chars().count() as u64;
    assert_eq!(r["startColumn"], chars_before);
    assert_eq!(r["endColumn"], chars_before + 2);
    let fix = &commas[1]["fixes"][0]["artifactChanges"][0]["replacements"][0];
    assert_eq!(fix["insertedContent"]["text"], "成，");
    assert_eq!(fix["deletedRegion"]["startColumn"], chars_before);
    assert_eq!(fix["deletedRegion"]["endColumn"], chars_before + 2);
}

#[test]
fn sarif_without_findings_is_a_valid_empty_run() {
    let dir = plan_dir();
    let out = planlint()
        .current_dir(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "PL999",
            "--format",
            "sarif",
            "docs",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn github_prints_one_workflow_command_per_finding() {
    let dir = plan_dir();
    let out = run(dir.path(), "github");
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let json: Value = serde_json::from_slice(&run(dir.path(), "json").stdout).unwrap();
    let expected = json["summary"]["errors"].as_u64().unwrap()
        + json["summary"]["warnings"].as_u64().unwrap()
        + json["summary"]["infos"].as_u64().unwrap();
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len() as u64, expected, "{stdout}");
    let mut kinds = HashSet::new();
    for line in &lines {
        let (head, message) = line[2..]
            .split_once("::")
            .expect("::command props::message");
        let (kind, props) = head.split_once(' ').unwrap();
        kinds.insert(kind);
        assert!(["error", "warning", "notice"].contains(&kind), "{line}");
        let keys: Vec<&str> = props
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"]
        );
        assert!(!message.contains('\n') && !message.is_empty());
    }
    assert!(kinds.contains("error"));
    let deadline = lines
        .iter()
        .find(|l| l.contains("title=PL102 task-missing-deadline"))
        .unwrap();
    assert!(
        deadline.starts_with("::error file=docs/整治方案.txt,line=6,col=1,"),
        "{deadline}"
    );
    assert!(
        deadline.contains("::任务“整治背街小巷环境”未明确完成时限%0A写明完成时限"),
        "message, then the help on a second line: {deadline}"
    );
}

#[test]
fn github_escapes_what_would_end_a_property_or_the_message() {
    let dir = TempDir::new().unwrap();
    std::fs::write(dir.path().join("a,b.txt"), PLAN.replace("95%", "95%,")).unwrap();
    let out = planlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", "--format", "github", "a,b.txt"])
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(!stdout.is_empty());
    for line in stdout.lines() {
        assert!(line.contains("file=a%2Cb.txt,"), "{line}");
    }
}
