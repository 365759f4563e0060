//! The ledger a reviewer gets from `planlint extract --format json` for the forms reposted
//! breakdown notices and rectification plans write their fields in: compound unit labels
//! (牵头责任单位 / 协同责任单位 / 主要责任单位 / 协同配合单位), leader lines that name persons
//! (牵头负责领导, 责任领导, 分管领导), legends on a field line, units named in a 整改要求
//! sentence, and periods filled by continuing work (本年度内持续开展).
//!
//! The fixtures under fixtures/extract_forms/ are written for these tests; expectations follow
//! ../shared/eval/GUIDELINE.md.

use std::process::Command;

use serde_json::Value;

/// The tasks of the ledger for one fixture.
fn ledger_tasks(fixture: &str) -> Vec<Value> {
    let path = format!(
        "{}/tests/fixtures/extract_forms/{fixture}",
        env!("CARGO_MANIFEST_DIR")
    );
    let out = Command::new(env!("CARGO_BIN_EXE_planlint"))
        .args(["extract", "--format", "json", &path])
        .output()
        .expect("run planlint");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("ledger json");
    json["files"][0]["tasks"].as_array().expect("tasks").clone()
}

fn task(tasks: &[Value], line: u64) -> &Value {
    tasks
        .iter()
        .find(|t| t["line"] == line)
        .unwrap_or_else(|| panic!("no task on line {line}"))
}

/// (name, role, source) of each unit.
fn units(t: &Value) -> Vec<(String, String, String)> {
    t["units"]
        .as_array()
        .expect("units")
        .iter()
        .map(|u| {
            (
                u["name"].as_str().unwrap_or_default().to_owned(),
                u["role"].as_str().unwrap_or_default().to_owned(),
                u["source"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

fn u(name: &str, role: &str, source: &str) -> (String, String, String) {
    (name.to_owned(), role.to_owned(), source.to_owned())
}

/// (text, kind) of the deadline.
fn deadline(t: &Value) -> Option<(String, String)> {
    let d = &t["deadline"];
    (!d.is_null()).then(|| {
        (
            d["text"].as_str().unwrap_or_default().to_owned(),
            d["kind"].as_str().unwrap_or_default().to_owned(),
        )
    })
}

fn dl(text: &str, kind: &str) -> Option<(String, String)> {
    Some((text.to_owned(), kind.to_owned()))
}

/// Persons of the fixtures, by the marks their names and titles carry.
fn names_a_person(name: &str) -> bool {
    ["某", "王五", "李四", "市长", "市長", "主任", "领导", "領導"]
        .iter()
        .any(|w| name.contains(w))
}

#[test]
fn breakdown_notice_field_lines_are_the_units() {
    let tasks = ledger_tasks("breakdown_notice.txt");
    assert_eq!(
        tasks
            .iter()
            .map(|t| t["line"].as_u64().unwrap())
            .collect::<Vec<_>>(),
        [6, 11, 16, 21, 26]
    );
    assert_eq!(
        units(task(&tasks, 6)),
        [
            u("市发展改革委", "lead", "own"),
            u("市财政局", "support", "own"),
            u("市自然资源局", "support", "own"),
            u("市住房城乡建设局", "support", "own"),
        ]
    );
    // 主要责任单位 leads; the person in brackets after it is no part of its name.
    assert_eq!(
        units(task(&tasks, 11)),
        [
            u("市政务服务管理局", "lead", "own"),
            u("市大数据局", "support", "own"),
            u("市市场监管局", "support", "own"),
        ]
    );
    // The cover notice's legend makes the first listed 责任单位 the lead.
    assert_eq!(
        units(task(&tasks, 16)),
        [
            u("市住房城乡建设局", "lead", "own"),
            u("市财政局", "responsible", "own"),
        ]
    );
    // Traditional characters with inserted pinyin: the ledger quotes the text as written.
    assert_eq!(
        units(task(&tasks, 21)),
        [
            u("市人力資(zī)源社會保障局", "lead", "own"),
            u("市教育局", "support", "own"),
            u("市財政局", "support", "own"),
        ]
    );
    // Only a leader line: the task has no unit, and the agency in the leader's title is none.
    assert_eq!(units(task(&tasks, 26)), []);
}

#[test]
fn no_person_is_ever_a_unit() {
    for fixture in ["breakdown_notice.txt", "rectification_requirements.txt"] {
        for t in ledger_tasks(fixture) {
            for (name, ..) in units(&t) {
                assert!(!names_a_person(&name), "{fixture}: person {name} as a unit");
            }
        }
    }
}

#[test]
fn breakdown_notice_deadline_kinds() {
    let tasks = ledger_tasks("breakdown_notice.txt");
    assert_eq!(deadline(task(&tasks, 6)), dl("2025年12月底前", "date"));
    assert_eq!(
        deadline(task(&tasks, 11)),
        dl("本年度内持续开展", "ongoing")
    );
    // A completion point followed by upkeep keeps the point.
    assert_eq!(deadline(task(&tasks, 16)), dl("2025年底前", "date"));
    assert_eq!(deadline(task(&tasks, 21)), dl("長期堅持", "ongoing"));
    assert_eq!(deadline(task(&tasks, 26)), dl("2025年底前", "date"));
}

#[test]
fn rectification_requirement_and_field_lines_of_an_item() {
    let tasks = ledger_tasks("rectification_requirements.txt");
    // 整改要求：由联系单位县农业农村局负责督促…，县财政局配合… after the item's sub-measures
    // states the item's units; both sub-measures inherit them with the item's time limit.
    for line in [4, 5] {
        assert_eq!(
            units(task(&tasks, line)),
            [
                u("县农业农村局", "responsible", "inherited"),
                u("县财政局", "support", "inherited"),
            ],
            "line {line}"
        );
        assert_eq!(
            deadline(task(&tasks, line)),
            dl("本年度内持续开展", "ongoing")
        );
    }
    // A legend on the item's own field line applies to that line…
    for line in [9, 10] {
        assert_eq!(
            units(task(&tasks, line)),
            [
                u("县农业农村局", "lead", "inherited"),
                u("县审计局", "responsible", "inherited"),
            ]
        );
        assert_eq!(deadline(task(&tasks, line)), dl("2025年10月底前", "date"));
    }
    // …and to the field lines after it (下同).
    assert_eq!(
        units(task(&tasks, 14)),
        [
            u("县民政局", "lead", "inherited"),
            u("各乡镇人民政府", "responsible", "inherited"),
        ]
    );
    assert_eq!(
        deadline(task(&tasks, 14)),
        dl("立行立改、长期坚持", "ongoing")
    );
    // Its own cycle wins over the item's time limit.
    assert_eq!(
        deadline(task(&tasks, 15)),
        dl("每季度公开一次", "recurring")
    );
}
