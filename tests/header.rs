//! The head of realistic openings as portals, mirror sites and newspapers print them: the
//! document's title (the plan's own title when a cover notice or a news item carries a plan),
//! the cover notice's title, the issuing organs, the 发文字号 and the kind, through the outline
//! and the ledger that `planlint outline` and `planlint extract` print.
//!
//! Each fixture under fixtures/header/ is one form of opening; the expectations are what a
//! reader of the page sees, not a record of what planlint happens to print.

use planlint::report::ledger::LedgerFile;
use planlint::report::outline::OutlineFile;

/// What the head of one opening says.
struct Head {
    title: &'static str,
    notice_title: Option<&'static str>,
    issuers: &'static [&'static str],
    kind: &'static str,
    doc_number: Option<&'static str>,
}

fn outline(name: &str) -> OutlineFile {
    let path = format!(
        "{}/tests/fixtures/header/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let (doc, _) = planlint::read_str(name, &text);
    OutlineFile::new(&doc)
}

fn ledger(name: &str) -> LedgerFile {
    let path = format!(
        "{}/tests/fixtures/header/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).expect("fixture readable");
    let (doc, facts) = planlint::read_str(name, &text);
    LedgerFile::new(&doc, &facts)
}

/// Checks the outline and the ledger of fixture `name` against what its head says.
fn check(name: &str, want: Head) {
    let o = outline(name);
    assert_eq!(o.title.as_deref(), Some(want.title), "{name}: title");
    assert_eq!(
        o.notice_title.as_deref(),
        want.notice_title,
        "{name}: notice_title"
    );
    assert_eq!(o.issuers, want.issuers, "{name}: issuers");
    assert_eq!(o.kind, want.kind, "{name}: kind");
    assert_eq!(
        o.doc_number.as_deref(),
        want.doc_number,
        "{name}: doc_number"
    );
    let l = ledger(name);
    assert_eq!(l.title, o.title, "{name}: ledger title");
    assert_eq!(
        l.notice_title, o.notice_title,
        "{name}: ledger notice_title"
    );
    assert_eq!(l.issuers, o.issuers, "{name}: ledger issuers");
    assert_eq!(l.kind, o.kind, "{name}: ledger kind");
    assert_eq!(l.doc_number, o.doc_number, "{name}: ledger doc_number");
}

#[test]
fn cover_notice_carrying_a_plan_gives_both_titles() {
    check(
        "cover_notice_plan.txt",
        Head {
            title: "青川县2024年农村人居环境整治提升实施方案",
            notice_title: Some(
                "青川县人民政府办公室关于印发《青川县2024年农村人居环境整治提升实施方案》的通知",
            ),
            issuers: &["青川县人民政府办公室"],
            kind: "plan",
            doc_number: Some("青府办发〔2024〕7号"),
        },
    );
}

#[test]
fn joint_issuance_names_both_organs_in_traditional_with_pinyin() {
    check(
        "joint_issuance.txt",
        Head {
            title: "絳縣鄉(xiāng)村振興三年行動計劃",
            notice_title: Some(
                "中共絳縣縣委辦公室 絳縣人民政府辦公室關于印發(fā)《絳縣鄉(xiāng)村振興三年行動計劃》的通知",
            ),
            issuers: &["中共絳縣縣委辦公室", "絳縣人民政府辦公室"],
            kind: "plan",
            doc_number: Some("絳辦發(fā)〔2023〕11號"),
        },
    );
}

#[test]
fn portal_metadata_lines_are_not_part_of_the_title() {
    check(
        "portal_lines.txt",
        Head {
            title: "广元市城市更新行动实施方案",
            notice_title: Some("广元市人民政府办公室关于印发广元市城市更新行动实施方案的通知"),
            issuers: &["广元市人民政府办公室"],
            kind: "plan",
            doc_number: Some("广府办发〔2024〕9号"),
        },
    );
}

#[test]
fn recipients_line_first_then_a_wrapped_plan_title_with_its_year_range() {
    check(
        "recipients_first.txt",
        Head {
            title: "宁川市打赢蓝天保卫战三年行动方案（2018—2020年）",
            notice_title: None,
            issuers: &["宁川市人民政府"],
            kind: "plan",
            doc_number: None,
        },
    );
}

#[test]
fn recipients_line_is_never_the_title_of_a_livelihood_list() {
    check(
        "livelihood_list.txt",
        Head {
            title: "2025年十件民生实事",
            notice_title: None,
            issuers: &["宁川县人民政府"],
            kind: "plan",
            doc_number: None,
        },
    );
}

#[test]
fn cover_title_wrapped_mid_phrase_in_traditional_with_pinyin() {
    check(
        "wrapped_title.txt",
        Head {
            title: "廣元市推進新型城鎮(zhèn)化高質量發(fā)展實施方案",
            notice_title: Some(
                "廣元市人民政府關于印發(fā)廣元市推進新型城鎮(zhèn)化高質量發(fā)展實施方案的通知",
            ),
            issuers: &["廣元市人民政府"],
            kind: "plan",
            doc_number: Some("廣府發(fā)〔2023〕4號"),
        },
    );
}

#[test]
fn plan_title_wrapped_over_two_lines_keeps_both() {
    check(
        "wrapped_plan_title.txt",
        Head {
            title: "宁川市推进新型城镇化高质量发展实施方案",
            notice_title: None,
            issuers: &[],
            kind: "plan",
            doc_number: None,
        },
    );
}

#[test]
fn doc_number_wrapped_over_two_lines_is_read_whole() {
    check(
        "wrapped_doc_number.txt",
        Head {
            title: "嘉定区2025年优化营商环境工作要点",
            notice_title: Some(
                "嘉定区人民政府办公室关于印发嘉定区2025年优化营商环境工作要点的通知",
            ),
            issuers: &["嘉定区人民政府办公室"],
            kind: "plan",
            doc_number: Some("嘉府办发〔2025〕12号"),
        },
    );
}

#[test]
fn title_with_book_marks_wrapped_after_the_closing_mark() {
    check(
        "book_marks_title.txt",
        Head {
            title: "2024年《政府工作报告》重点任务分解",
            notice_title: Some(
                "青川县人民政府办公室关于印发2024年《政府工作报告》重点任务分解的通知",
            ),
            issuers: &["青川县人民政府办公室"],
            kind: "plan",
            doc_number: Some("青府办发〔2024〕3号"),
        },
    );
}

#[test]
fn title_without_guanyu_below_the_masthead_and_doc_number() {
    check(
        "no_guanyu_title.txt",
        Head {
            title: "廣元市貫徹落實《四川省國土空間規(guī)劃（2021—2035年）》實施方案",
            notice_title: None,
            issuers: &[],
            kind: "plan",
            doc_number: Some("廣府辦發(fā)〔2024〕21號"),
        },
    );
}

#[test]
fn news_item_carrying_a_plan_after_neirong_ruxia_is_a_plan() {
    check(
        "news_repost.txt",
        Head {
            title: "推动大规模设备更新和消费品以旧换新实施方案",
            notice_title: None,
            issuers: &[],
            kind: "plan",
            doc_number: None,
        },
    );
}

#[test]
fn newspaper_repost_of_a_duty_breakdown_notice_is_a_plan() {
    check(
        "newspaper_repost.txt",
        Head {
            title: "2021年重點工作及責任分解",
            notice_title: Some("盤錦市人民政府關于印發(fā)2021年重點工作及責任分解的通知"),
            issuers: &["盤錦市人民政府"],
            kind: "plan",
            doc_number: None,
        },
    );
}

#[test]
fn notice_with_a_plan_as_attachment_one_is_a_plan() {
    check(
        "attachment_plan.txt",
        Head {
            title: "宁川市城乡环境卫生集中整治工作方案",
            notice_title: Some("宁川市人民政府办公室关于开展城乡环境卫生集中整治的通知"),
            issuers: &["宁川市人民政府办公室"],
            kind: "plan",
            doc_number: None,
        },
    );
}

/// The other fixtures: a speech and news of a meeting stay what they are, and a notice that
/// only gives instructions stays a notice with its own title as notice_title.
#[test]
fn speech_report_and_plain_notice_keep_their_kind() {
    let read = |name: &str| {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture readable");
        let (doc, _) = planlint::read_str(name, &text);
        OutlineFile::new(&doc)
    };
    let speech = read("speech.txt");
    assert_eq!(speech.kind, "speech");
    assert_eq!(speech.notice_title, None);
    assert_eq!(read("meeting_report.txt").kind, "report");
    let notice = read("notice_only.txt");
    assert_eq!(notice.kind, "notice");
    assert_eq!(notice.notice_title, notice.title);
    assert_eq!(notice.issuers, ["青溪县人民政府办公室"]);
}

#[test]
fn outline_json_and_text_show_the_notice_title_and_issuers() {
    let o = outline("joint_issuance.txt");
    let json: serde_json::Value =
        serde_json::from_str(&planlint::report::outline::json(std::slice::from_ref(&o))).unwrap();
    let f = &json["files"][0];
    assert_eq!(f["issuers"][1], "絳縣人民政府辦公室");
    assert!(f["notice_title"].as_str().unwrap().ends_with("的通知"));
    let text = planlint::report::outline::text(std::slice::from_ref(&o));
    assert!(
        text.contains("发文机关：中共絳縣縣委辦公室、絳縣人民政府辦公室"),
        "{text}"
    );
    assert!(text.contains("印发通知：中共絳縣縣委辦公室"), "{text}");
}

// ---------------------------------------------------------------------------------------------
// .docx: a title wrapped with a line break inside its paragraph, or over two paragraphs.

fn docx(body: &str) -> Vec<u8> {
    use std::io::Write;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("[Content_Types].xml", &b"<Types/>"[..]),
        ("word/document.xml", document.as_bytes()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn docx_outline(body: &str) -> OutlineFile {
    use planlint::input::{Format, read_bytes};
    let input = read_bytes("方案.docx", &docx(body), Format::Docx).expect("docx reads");
    OutlineFile::new(&planlint::outline::build(input))
}

fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

#[test]
fn docx_title_wrapped_by_a_line_break_keeps_both_lines() {
    let body = format!(
        "<w:p><w:r><w:t>宁川市人民政府关于印发宁川市推进新型</w:t></w:r><w:r><w:br/><w:t>城镇化高质量发展实施方案的通知</w:t></w:r></w:p>{}{}{}{}{}{}",
        p("各县（区）人民政府："),
        p("现将《宁川市推进新型城镇化高质量发展实施方案》印发给你们，请认真贯彻执行。"),
        p("宁川市人民政府"),
        p("2023年4月20日"),
        p("宁川市推进新型城镇化"),
        p("高质量发展实施方案"),
    );
    let o = docx_outline(&format!("{body}{}", p("一、总体要求")));
    assert_eq!(
        o.notice_title.as_deref(),
        Some("宁川市人民政府关于印发宁川市推进新型城镇化高质量发展实施方案的通知")
    );
    assert_eq!(
        o.title.as_deref(),
        Some("宁川市推进新型城镇化高质量发展实施方案")
    );
    assert_eq!(o.issuers, ["宁川市人民政府"]);
    assert_eq!(o.kind, "plan");
}

#[test]
fn markdown_ledger_shows_the_head_under_the_title() {
    let md = planlint::report::ledger::markdown(&[ledger("joint_issuance.txt")]);
    assert!(
        md.starts_with("## 絳縣鄉(xiāng)村振興三年行動計劃\n\n"),
        "{md}"
    );
    assert!(
        md.contains(
            "发文机关：中共絳縣縣委辦公室、絳縣人民政府辦公室；发文字号：絳辦發(fā)〔2023〕11號\n"
        ),
        "{md}"
    );
    assert!(
        md.contains("印发通知：中共絳縣縣委辦公室 絳縣人民政府辦公室關于印發(fā)"),
        "{md}"
    );
}
