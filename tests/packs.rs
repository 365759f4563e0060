//! The built-in packs as a 办公室 reviewer meets them: one draft with a planted flaw of each
//! kind the format and wording packs know, and the same draft corrected, which must come back
//! clean; `--fix` leaves nothing fixable behind.

use std::collections::BTreeSet;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

/// A 2025 county plan with planted flaws; each line is commented in `EXPECTED`.
const FLAWED: &str = "\
青川县2025年扬尘污染治理工作方案。
青政办发[2025]第12号
一、总体要求
（一）指导思想。深入学习贯彻习近平新时代中国特设社会主义思想，切实加强党风廉正建设。
（三）工作目标。到2025年底，全县PM10平均浓度下降5%。
二、重点任务：
（一）、强化施工工地扬尘管控。2025年6月底前完成全部在建工地视频监控安装。（县住房和城乡建设局牵头，县环保局配合）
（二）严控道路扬尘。2025年6月底前完成主干道机械化清扫全覆盖，认真布署夜间洒水作业。（县城市管理局牵头）
1、严控秸秆焚烧。2025年10月底前完成全县火点巡查。（县农业农村局牵头，各乡镇人民政府负责落实）
（四）强化施工工地扬尘管控。2025年9月底前完成围挡改造。（县住房和城乡建设局牵头）
四、保障措施
（一）严格问责。对工作推进不力的乡镇和部门，由县政府约谈其主要负责人；情节严重的，依规依纪严肃问责。
附件：青川县扬尘污染治理重点任务分解表。
青川县人民政府办公室
2025年03月05日
";

/// (line, code) of every finding the packs must report in `FLAWED`.
const EXPECTED: &[(usize, &str)] = &[
    (1, "PL211"),  // title ending in 。
    (2, "PL208"),  // [2025] and 第
    (4, "PL501"),  // 党风廉正建设
    (4, "PL504"),  // 中国特设社会主义思想
    (5, "PL201"),  // （三） after （一）
    (6, "PL207"),  // heading ending in ：
    (7, "PL206"),  // （一）、
    (7, "PL503"),  // 县环保局 in a 2025 plan
    (8, "PL501"),  // 布署
    (9, "PL205"),  // 1、
    (10, "PL113"), // the same task as line 7
    (10, "PL201"), // （四） after （二）
    (11, "PL201"), // 四、 after 二、
    (13, "PL210"), // 附件说明 ending in 。
    (15, "PL209"), // 03月05日
];

const CLEAN: &str = "\
青川县2025年扬尘污染治理工作方案
青政办发〔2025〕12号
一、总体要求
（一）指导思想。深入学习贯彻习近平新时代中国特色社会主义思想，切实加强党风廉政建设。
（二）工作目标。到2025年底，全县PM10平均浓度下降5%。
二、重点任务
（一）强化施工工地扬尘管控。2025年6月底前完成全部在建工地视频监控安装。（县住房和城乡建设局牵头，县生态环境局配合）
（二）严控道路扬尘。2025年6月底前完成主干道机械化清扫全覆盖，认真部署夜间洒水作业。（县城市管理局牵头）
（三）严控秸秆焚烧。2025年10月底前完成全县火点巡查。（县农业农村局牵头，各乡镇人民政府负责落实）
（四）加强施工围挡改造。2025年9月底前完成围挡改造。（县文化广电和旅游局牵头，原县旅游局所属景区配合）
三、保障措施
（一）严格问责。对工作推进不力的乡镇和部门，由县政府约谈其主要负责人；情节严重的，依规依纪严肃问责。
附件：青川县扬尘污染治理重点任务分解表
青川县人民政府办公室
2025年3月5日
";

const PACKS: &str = "PL1,PL2,PL5";

/// Runs `check` on `text` saved as a plan file, with the plan, format and wording packs.
fn check(dir: &TempDir, text: Option<&str>, args: &[&str]) -> std::process::Output {
    let path = dir.path().join("方案.txt");
    if let Some(text) = text {
        std::fs::write(&path, text).unwrap();
    }
    Command::cargo_bin("planlint")
        .unwrap()
        .args([
            "check",
            "--no-config",
            "--today",
            "2025-03-10",
            "--select",
            PACKS,
        ])
        .args(args)
        .arg(&path)
        .output()
        .unwrap()
}

fn findings(text: &str) -> BTreeSet<(usize, String)> {
    let dir = TempDir::new().unwrap();
    let out = check(&dir, Some(text), &["--format", "json"]);
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON report");
    json["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["start"]["line"].as_u64().unwrap() as usize,
                d["code"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn every_planted_flaw_is_found_and_nothing_else() {
    let expected: BTreeSet<(usize, String)> =
        EXPECTED.iter().map(|&(l, c)| (l, c.to_string())).collect();
    assert_eq!(findings(FLAWED), expected);
}

#[test]
fn the_corrected_plan_is_clean() {
    assert_eq!(findings(CLEAN), BTreeSet::new());
}

#[test]
fn messages_name_the_fix() {
    let dir = TempDir::new().unwrap();
    let out = check(&dir, Some(FLAWED), &["--format", "concise"]);
    let text = String::from_utf8(out.stdout).unwrap();
    for needle in [
        "“党风廉正建设”应为“党风廉政建设”",
        "疑为“习近平新时代中国特色社会主义思想”之误",
        "“环保局”已在机构改革中撤销或更名（2019年），现为“生态环境局”",
        "序号“（三）”跳号，按顺序此处应为“（二）”",
        "与第7行的任务重复",
        "发文字号“青政办发[2025]第12号”不合规范",
    ] {
        assert!(text.contains(needle), "missing {needle:?} in\n{text}");
    }
}

#[test]
fn unsafe_fixes_leave_nothing_fixable_and_touch_only_the_spans() {
    let dir = TempDir::new().unwrap();
    check(&dir, Some(FLAWED), &["--unsafe-fixes"]);
    let fixed = std::fs::read_to_string(dir.path().join("方案.txt")).unwrap();
    assert!(fixed.contains("切实加强党风廉政建设"));
    assert!(fixed.contains("（一）强化施工工地扬尘管控"));
    assert!(fixed.contains("认真部署夜间洒水作业"));
    assert!(fixed.contains("二、重点任务\n"));
    assert!(fixed.contains("1.严控秸秆焚烧"));
    // Untouched: the text between fixes, and what has no safe mechanical fix.
    assert!(fixed.contains("青政办发[2025]第12号"));
    assert!(fixed.contains("2025年03月05日"));
    assert_eq!(fixed.lines().count(), FLAWED.lines().count());
    let again: Value =
        serde_json::from_slice(&check(&dir, None, &["--format", "json"]).stdout).unwrap();
    assert_eq!(again["summary"]["fixable"], 0, "{again:#}");
}

#[test]
fn old_agency_names_are_right_in_an_old_plan() {
    let plan = FLAWED.replace("2025", "2018");
    let codes: Vec<String> = findings(&plan).into_iter().map(|(_, c)| c).collect();
    assert!(!codes.iter().any(|c| c == "PL503"), "{codes:?}");
}
