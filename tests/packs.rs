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

/// The optimised evaluation (item-independent values once per document, position counts
/// from indexes) gives byte-for-byte the findings of the plain one, item by item, on every
/// fixture, the sample plan, the planted-flaw plan, the corrected plan and all of them
/// concatenated into one file (where the hoisted counts see many more paragraphs).
#[test]
fn optimised_and_reference_evaluation_find_the_same() {
    use planlint::engine::{Evaluation, Settings, lint_with};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut texts: Vec<(String, String)> = vec![
        ("flawed.txt".into(), FLAWED.into()),
        ("clean.txt".into(), CLEAN.into()),
    ];
    for dir in ["tests/fixtures", "examples"] {
        let mut paths: Vec<_> = walkdir::WalkDir::new(root.join(dir))
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| e.into_path())
            .collect();
        paths.sort();
        for p in paths {
            let bytes = std::fs::read(&p).unwrap();
            let text = String::from_utf8_lossy(&bytes)
                .trim_start_matches('\u{feff}')
                .to_string();
            texts.push((p.file_name().unwrap().to_string_lossy().into_owned(), text));
        }
    }
    // A web page's list of related links (PL604 counts such lines before each match).
    texts.push((
        "links.txt".into(),
        "全市大气环境问题整改攻坚行动动员部署会议召开\n会议要求，坚决打赢大气污染防治这场硬仗。\n- 在中央环保督察组眼皮下二2018-06-26\n- 三门峡政府干扰中央环保督2018-06-26\n正文一段。\n- 最高规格文件布局碧水、蓝2018-06-25\n- 县生态环境局开展执法检查2024-05-18\n".into(),
    ));
    let all: String = texts.iter().map(|(_, t)| format!("{t}\n")).collect();
    texts.push(("all.txt".into(), all));
    let rules = planlint::rules::load::builtin().unwrap();
    let settings = Settings {
        today: planlint::Date::parse("2026-12-01").unwrap(),
        ..Settings::default()
    };
    let mut total = 0;
    for (name, text) in &texts {
        let (doc, facts) = planlint::read_str(name, text);
        let fast = lint_with(&doc, &facts, &rules, &settings, Evaluation::Optimised);
        let plain = lint_with(&doc, &facts, &rules, &settings, Evaluation::Reference);
        assert_eq!(fast, plain, "{name}");
        total += fast.len();
        if name == "links.txt" {
            assert_eq!(
                fast.iter().filter(|d| d.code == "PL604").count(),
                1,
                "{fast:#?}"
            );
        }
    }
    assert!(total > 50, "the comparison must see findings, saw {total}");
}
