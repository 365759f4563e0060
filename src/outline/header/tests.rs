//! The head of each form of opening, in Simplified and in Traditional with inserted pinyin.

use crate::input::{Format, read_str};
use crate::outline::{DocKind, build};

fn head(text: &str) -> (Option<String>, DocKind, Option<String>, Option<String>) {
    let doc = build(read_str("a.txt", text, Format::Text));
    let h = &doc.header;
    (
        h.title.as_ref().map(|(t, _)| t.clone()),
        h.kind,
        h.doc_number.map(|s| doc.text(s).to_string()),
        h.date.as_ref().map(|(_, d)| d.clone()),
    )
}

#[test]
fn cover_title_wrapped_after_guanyu_yinfa_and_a_chinese_numeral_date() {
    let (title, kind, number, date) = head(
        "青川县人民政府关于印发\n青川县水污染防治工作方案的通知\n青府发[2016]31号\n各乡镇人民政府：\n现将《青川县水污染防治工作方案》印发给你们，请认真贯彻执行。\n青川县人民政府\n二〇一六年五月十日\n青川县水污染防治工作方案\n一、总体要求\n",
    );
    assert_eq!(title.as_deref(), Some("青川县水污染防治工作方案"));
    assert_eq!(kind, DocKind::Plan);
    assert_eq!(number.as_deref(), Some("青府发[2016]31号"));
    assert_eq!(date.as_deref(), Some("2016-05-10"));
}

#[test]
fn issuing_organ_above_the_title_of_a_notice() {
    let (title, kind, _, _) = head(
        "青川县人民政府办公室\n关于做好2025年春节期间安全生产工作的通知\n各乡镇人民政府：\n为做好春节期间安全生产工作，现就有关事项通知如下：\n一、高度重视。各乡镇要压实责任。\n",
    );
    assert_eq!(
        title.as_deref(),
        Some("青川县人民政府办公室关于做好2025年春节期间安全生产工作的通知")
    );
    assert_eq!(kind, DocKind::Notice);
}

#[test]
fn opinion_work_points_attachment_and_speech() {
    assert_eq!(head("关于进一步加强安全生产工作的实施意见\n为进一步加强安全生产工作，提出如下意见。\n一、总体要求\n").1, DocKind::Opinion);
    assert_eq!(
        head("青川县2024年政府工作要点\n2024年是关键一年。\n一、着力稳增长\n").1,
        DocKind::Plan
    );
    let (title, kind, _, _) = head(
        "附件\n青川县重点任务分工方案\n（2024—2026年）\n为贯彻落实有关部署，制定本方案。\n一、工作目标\n",
    );
    assert_eq!(
        title.as_deref(),
        Some("青川县重点任务分工方案（2024—2026年）")
    );
    assert_eq!(kind, DocKind::Plan);
    assert_eq!(
        head("在全县安全生产工作会议上的讲话\n同志们：\n今天召开全县安全生产工作会议。\n").1,
        DocKind::Speech
    );
}

/// Everything the head says, as written.
#[derive(Debug)]
struct Head {
    title: Option<String>,
    notice_title: Option<String>,
    issuers: Vec<String>,
    kind: DocKind,
    number: Option<String>,
}

fn read(text: &str) -> Head {
    let doc = build(read_str("a.txt", text, Format::Text));
    let h = doc.header;
    Head {
        title: h.title.map(|(t, _)| t),
        notice_title: h.notice_title.map(|(t, _)| t),
        issuers: h.issuers.into_iter().map(|(n, _)| n).collect(),
        kind: h.kind,
        number: h.doc_number_text,
    }
}

// --- 《…》 inside a title -------------------------------------------------------------------

#[test]
fn title_wrapped_right_after_a_closing_book_mark_is_not_cut() {
    let h = read(
        "青川县人民政府办公室关于印发2024年《政府工作报告》\n重点任务分解的通知\n青府办发〔2024〕3号\n各乡镇人民政府：\n现将2024年《政府工作报告》重点任务分解印发给你们，请认真抓好落实。\n青川县人民政府办公室\n2024年1月30日\n2024年《政府工作报告》重点任务分解\n一、稳增长\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("2024年《政府工作报告》重点任务分解")
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("青川县人民政府办公室关于印发2024年《政府工作报告》重点任务分解的通知")
    );
    assert_eq!(h.kind, DocKind::Plan);
}

#[test]
fn title_wrapped_right_after_a_closing_book_mark_traditional_with_pinyin() {
    let h = read(
        "青川縣人民政府辦公室關于印發(fā)2024年《政府工作報告》\n重點任務分解的通知\n青府辦發(fā)〔2024〕3號\n各鄉(xiāng)鎮(zhèn)人民政府：\n現(xiàn)將2024年《政府工作報告》重點任務分解印發(fā)給你們，請認真抓好落實。\n青川縣人民政府辦公室\n2024年1月30日\n2024年《政府工作報告》重點任務分解\n一、穩(wěn)增長\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("2024年《政府工作報告》重點任務分解")
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("青川縣人民政府辦公室關于印發(fā)2024年《政府工作報告》重點任務分解的通知")
    );
    assert_eq!(h.kind, DocKind::Plan);
    assert_eq!(h.number.as_deref(), Some("青府辦發(fā)〔2024〕3號"));
}

#[test]
fn notice_title_going_on_after_book_marks_stays_whole_and_a_notice() {
    // The notice only gives instructions; the breakdown itself is not in the text.
    let text = "某县人民政府办公室关于印发2024年《政府工作报告》重点任务分解的通知\n各乡镇人民政府：\n现将2024年《政府工作报告》重点任务分解印发给你们，并就有关事项通知如下：\n一、高度重视，压实责任。各责任单位要逐项研究。\n";
    let h = read(text);
    assert_eq!(
        h.title.as_deref(),
        Some("某县人民政府办公室关于印发2024年《政府工作报告》重点任务分解的通知")
    );
    assert_eq!(h.kind, DocKind::Notice);
    assert_eq!(h.notice_title, h.title);
    let t = read(
        "某縣人民政府辦公室關于印發(fā)2024年《政府工作報告》重點任務分解的通知\n各鄉(xiāng)鎮(zhèn)人民政府：\n現(xiàn)將2024年《政府工作報告》重點任務分解印發(fā)給你們，并就有關事項通知如下：\n一、高度重視，壓實責任。各責任單位要逐項研究。\n",
    );
    assert_eq!(
        t.title.as_deref(),
        Some("某縣人民政府辦公室關于印發(fā)2024年《政府工作報告》重點任務分解的通知")
    );
    assert_eq!(t.kind, DocKind::Notice);
}

// --- Titles wrapped over two lines --------------------------------------------------------

#[test]
fn cover_title_wrapped_mid_phrase_keeps_both_lines() {
    let h = read(
        "宁川市人民政府关于印发宁川市推进新型\n城镇化高质量发展实施方案的通知\n各县（区）人民政府：\n现将《宁川市推进新型城镇化高质量发展实施方案》印发给你们，请认真贯彻执行。\n宁川市人民政府\n2023年4月20日\n宁川市推进新型城镇化高质量发展实施方案\n一、总体要求\n",
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("宁川市人民政府关于印发宁川市推进新型城镇化高质量发展实施方案的通知")
    );
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市推进新型城镇化高质量发展实施方案")
    );
    assert_eq!(h.issuers, ["宁川市人民政府"]);
}

#[test]
fn cover_title_wrapped_mid_phrase_traditional_with_pinyin() {
    let h = read(
        "寧川市人民政府關于印發(fā)寧川市推進新型\n城鎮(zhèn)化高質量發(fā)展實施方案的通知\n各縣（區(qū)）人民政府：\n現(xiàn)將《寧川市推進新型城鎮(zhèn)化高質量發(fā)展實施方案》印發(fā)給你們，請認真貫徹執(zhí)行。\n寧川市人民政府\n2023年4月20日\n寧川市推進新型城鎮(zhèn)化高質量發(fā)展實施方案\n一、總體要求\n",
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("寧川市人民政府關于印發(fā)寧川市推進新型城鎮(zhèn)化高質量發(fā)展實施方案的通知")
    );
    assert_eq!(
        h.title.as_deref(),
        Some("寧川市推進新型城鎮(zhèn)化高質量發(fā)展實施方案")
    );
}

#[test]
fn plan_title_broken_in_two_without_a_cover() {
    let h = read(
        "宁川市推进新型城镇化\n高质量发展实施方案\n为推进新型城镇化，制定本方案。\n一、总体要求\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市推进新型城镇化高质量发展实施方案")
    );
    let t = read(
        "寧川市推進新型城鎮(zhèn)化\n高質量發(fā)展實施方案\n為推進新型城鎮(zhèn)化，制定本方案。\n一、總體要求\n",
    );
    assert_eq!(
        t.title.as_deref(),
        Some("寧川市推進新型城鎮(zhèn)化高質量發(fā)展實施方案")
    );
    assert_eq!(t.kind, DocKind::Plan);
}

#[test]
fn a_portal_column_name_above_a_title_is_not_its_first_line() {
    let h =
        read("工作动态\n宁川市高质量发展实施方案\n为推进高质量发展，制定本方案。\n一、总体要求\n");
    assert_eq!(h.title.as_deref(), Some("宁川市高质量发展实施方案"));
}

// --- Year range after the plan's title ----------------------------------------------------

#[test]
fn year_range_after_a_wrapped_plan_title_is_kept() {
    let h = read(
        "各区县人民政府，市府各部门：\n现将《宁川市打赢蓝天保卫战三年行动方案（2018—2020年）》印发给你们，请认真贯彻执行。\n宁川市人民政府\n2018年5月4日\n宁川市打赢蓝天保卫战\n三年行动方案\n（2018—2020年）\n一、主要目标\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市打赢蓝天保卫战三年行动方案（2018—2020年）")
    );
    assert_eq!(h.kind, DocKind::Plan);
    assert_eq!(h.notice_title, None);
    assert_eq!(h.issuers, ["宁川市人民政府"]);
}

#[test]
fn year_range_on_the_title_line_traditional_with_pinyin() {
    let h = read(
        "各區(qū)縣人民政府，市府各部門：\n現(xiàn)將《寧川市生態環境保護三年行動方案（2018—2020年）》印發(fā)給你們，請認真貫徹執(zhí)行。\n寧川市人民政府\n2018年5月4日\n寧川市生態環境保護三年行動方案（2018—2020年）\n一、主要目標\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("寧川市生態環境保護三年行動方案（2018—2020年）")
    );
    assert_eq!(h.kind, DocKind::Plan);
}

// --- Titles without 关于; 发文字号 --------------------------------------------------------

#[test]
fn title_without_guanyu_is_found_and_the_doc_number_is_not_the_title() {
    let h = read(
        "宁川市人民政府办公室文件\n宁府办发〔2024〕21号\n宁川市贯彻落实《四川省国土空间规划\n（2021—2035年）》实施方案\n为贯彻落实规划，制定本方案。\n一、总体要求\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市贯彻落实《四川省国土空间规划（2021—2035年）》实施方案")
    );
    assert_eq!(h.number.as_deref(), Some("宁府办发〔2024〕21号"));
    assert_eq!(h.kind, DocKind::Plan);
    assert!(h.issuers.is_empty(), "{:?}", h.issuers);
}

#[test]
fn title_without_guanyu_traditional_with_pinyin() {
    let h = read(
        "寧府辦發(fā)〔2024〕21號\n寧川市貫徹落實《成渝地區(qū)雙城經濟圈建設規(guī)劃綱要》實施方案\n為貫徹落實規(guī)劃綱要，制定本方案。\n一、總體要求\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("寧川市貫徹落實《成渝地區(qū)雙城經濟圈建設規(guī)劃綱要》實施方案")
    );
    assert_eq!(h.number.as_deref(), Some("寧府辦發(fā)〔2024〕21號"));
}

#[test]
fn doc_number_wrapped_before_its_serial_number() {
    let h = read(
        "嘉定区人民政府办公室关于印发嘉定区2025年优化营商环境工作要点的通知\n嘉府办发〔2025〕\n12号\n各镇人民政府：\n现将《嘉定区2025年优化营商环境工作要点》印发给你们。\n嘉定区人民政府办公室\n2025年2月18日\n嘉定区2025年优化营商环境工作要点\n一、深化政务服务改革\n",
    );
    assert_eq!(h.number.as_deref(), Some("嘉府办发〔2025〕12号"));
    let t = read(
        "嘉定區(qū)人民政府辦公室關于做好春節(jié)期間安全生產工作的通知\n嘉府辦發(fā)\n〔2025〕12號\n各鎮(zhèn)人民政府：\n為做好春節(jié)期間安全生產工作，現(xiàn)就有關事項通知如下：\n一、高度重視。\n",
    );
    assert_eq!(t.number.as_deref(), Some("嘉府辦發(fā)〔2025〕12號"));
    assert_eq!(t.kind, DocKind::Notice);
}

#[test]
fn a_signature_above_a_line_of_digits_is_not_a_doc_number() {
    let h = read("宁川市2025年工作要点\n一、稳增长\n宁川市人民政府\n2025年1月2日\n");
    assert_eq!(h.number, None);
}

// --- Issuing organs -------------------------------------------------------------------------

#[test]
fn joint_issuance_on_one_line_gives_two_organs() {
    let h = read(
        "中共宁川市委办公室 宁川市人民政府办公室关于印发《宁川市乡村振兴三年行动计划》的通知\n各县（区）党委和人民政府：\n现将《宁川市乡村振兴三年行动计划》印发给你们。\n中共宁川市委办公室\n宁川市人民政府办公室\n2023年6月8日\n宁川市乡村振兴三年行动计划\n一、总体要求\n",
    );
    assert_eq!(h.issuers, ["中共宁川市委办公室", "宁川市人民政府办公室"]);
    assert_eq!(h.title.as_deref(), Some("宁川市乡村振兴三年行动计划"));
}

#[test]
fn joint_issuance_without_a_space_and_over_two_lines_traditional_with_pinyin() {
    let h = read(
        "中共寧川縣委辦公室寧川縣人民政府辦公室\n關于印發(fā)《寧川縣鄉(xiāng)村振興三年行動計劃》的通知\n各鄉(xiāng)鎮(zhèn)黨委、人民政府：\n現(xiàn)將《寧川縣鄉(xiāng)村振興三年行動計劃》印發(fā)給你們。\n寧川縣鄉(xiāng)村振興三年行動計劃\n一、總體要求\n",
    );
    assert_eq!(h.issuers, ["中共寧川縣委辦公室", "寧川縣人民政府辦公室"]);
    assert_eq!(
        h.notice_title.as_deref(),
        Some(
            "中共寧川縣委辦公室寧川縣人民政府辦公室關于印發(fā)《寧川縣鄉(xiāng)村振興三年行動計劃》的通知"
        )
    );
}

#[test]
fn one_organ_is_not_split_into_its_parts() {
    let h = read(
        "宁川县人民政府安全生产委员会关于开展安全生产大检查的通知\n各乡镇：\n现就有关事项通知如下：\n一、检查范围。\n",
    );
    assert_eq!(h.issuers, ["宁川县人民政府安全生产委员会"]);
    let t = read(
        "寧川縣人民政府辦公室關于開展安全生產大檢查的通知\n各鄉(xiāng)鎮(zhèn)：\n現(xiàn)就有關事項通知如下：\n一、檢查範圍。\n",
    );
    assert_eq!(t.issuers, ["寧川縣人民政府辦公室"]);
}

#[test]
fn issuers_from_the_signature_when_the_title_names_none() {
    let h = read(
        "各鄉(xiāng)鎮(zhèn)人民政府，縣政府各部門：\n現(xiàn)將2025年十件民生實事印發(fā)給你們，請認真組織實施。\n寧川縣人民政府\n2025年1月20日\n2025年十件民生實事\n一、新建改建農村公路100公里。\n",
    );
    assert_eq!(h.issuers, ["寧川縣人民政府"]);
    assert_eq!(h.title.as_deref(), Some("2025年十件民生實事"));
    assert_eq!(h.kind, DocKind::Plan);
}

// --- Portal lines and the 主送 line ---------------------------------------------------------

#[test]
fn portal_lines_before_the_title_are_not_part_of_it() {
    let h = read(
        "索引号：11510800MB1234567X/2024-00031\n主题分类：城乡建设\n发布日期：2024-03-14\n字号：【大 中 小】\n（此件公开发布）\n宁川市人民政府办公室关于做好城市更新工作的通知\n各县（区）人民政府：\n现就有关事项通知如下：\n一、加强统筹。\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市人民政府办公室关于做好城市更新工作的通知")
    );
    assert_eq!(h.kind, DocKind::Notice);
    let t = read(
        "索引號：11510800MB1234567X/2024-00031\n發(fā)布機構：寧川市人民政府辦公室\n發(fā)布日期：2024-03-14\n（此件公開發(fā)布）\n寧川市城市更新行動實施方案\n一、總體要求\n",
    );
    assert_eq!(t.title.as_deref(), Some("寧川市城市更新行動實施方案"));
}

#[test]
fn recipients_line_is_never_the_title() {
    let h = read(
        "各区县人民政府，市府各部门：\n近期天气多变，请做好防汛准备，确保安全度汛。\n宁川市人民政府办公室\n2025年6月1日\n",
    );
    assert_eq!(h.title, None);
    let t =
        read("各區(qū)縣人民政府，市府各部門：\n近期天氣多變，請做好防汛準備，確保安全度汛。\n");
    assert_eq!(t.title, None);
}

// --- Documents that carry a plan ------------------------------------------------------------

#[test]
fn news_item_with_neirong_ruxia_and_a_plan_title_is_a_plan() {
    let h = read(
        "四川省印发《推动大规模设备更新实施方案》\n来源：四川日报\n近日，四川省人民政府办公厅印发《推动大规模设备更新实施方案》，内容如下：\n推动大规模设备更新实施方案\n为贯彻落实国务院部署，制定本方案。\n一、总体要求\n",
    );
    assert_eq!(h.kind, DocKind::Plan);
    assert_eq!(h.title.as_deref(), Some("推动大规模设备更新实施方案"));
    let t = read(
        "四川省印發(fā)《推動大規(guī)模設備更新實施方案》\n近日，四川省人民政府辦公廳印發(fā)《推動大規(guī)模設備更新實施方案》，內容如下：\n推動大規(guī)模設備更新實施方案\n一、總體要求\n",
    );
    assert_eq!(t.kind, DocKind::Plan);
}

#[test]
fn news_item_with_quanwen_ruxia_and_the_plan_body_only_is_a_plan() {
    let h = read(
        "我市部署2025年重点工作\n本报讯 日前，市政府印发2025年重点工作及责任分解，全文如下：\n一、工作目标\n全市地区生产总值增长6%。\n二、重点任务\n（一）稳投资。\n",
    );
    assert_eq!(h.kind, DocKind::Plan);
    let t = read(
        "我市部署2025年重點工作\n本報訊 日前，市政府印發(fā)2025年重點工作及責任分解，全文如下：\n一、總體要求\n二、重點任務\n",
    );
    assert_eq!(t.kind, DocKind::Plan);
}

#[test]
fn news_of_a_meeting_with_instructions_stays_a_report() {
    let h = read(
        "全市安全生产工作会议召开\n本报讯 3月5日，全市安全生产工作会议召开。会议强调，要压实责任。会议要求如下：\n一、提高认识。\n",
    );
    assert_eq!(h.kind, DocKind::Report);
}

#[test]
fn notice_with_a_plan_as_attachment_one_is_a_plan() {
    let h = read(
        "宁川市人民政府办公室关于开展城乡环境卫生集中整治的通知\n各县（区）人民政府：\n现将有关事项通知如下。\n附件：1.宁川市城乡环境卫生集中整治工作方案\n宁川市人民政府办公室\n2025年4月2日\n附件1\n宁川市城乡环境卫生集中整治工作方案\n一、整治目标\n",
    );
    assert_eq!(h.kind, DocKind::Plan);
    assert_eq!(
        h.title.as_deref(),
        Some("宁川市城乡环境卫生集中整治工作方案")
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("宁川市人民政府办公室关于开展城乡环境卫生集中整治的通知")
    );
    let t = read(
        "寧川市人民政府辦公室關于開展城鄉(xiāng)環境衛生集中整治的通知\n各縣（區(qū)）人民政府：\n現(xiàn)將有關事項通知如下。\n寧川市人民政府辦公室\n2025年4月2日\n附件1\n寧川市城鄉(xiāng)環境衛生集中整治工作方案\n一、整治目標\n",
    );
    assert_eq!(t.kind, DocKind::Plan);
    assert_eq!(
        t.title.as_deref(),
        Some("寧川市城鄉(xiāng)環境衛生集中整治工作方案")
    );
}

#[test]
fn an_attachment_that_is_only_a_table_keeps_a_notice() {
    let h = read(
        "宁川市人民政府办公室关于报送统计数据的通知\n各县（区）人民政府：\n请于5月底前报送。\n宁川市人民政府办公室\n2025年4月2日\n附件1\n统计数据报送表\n",
    );
    assert_eq!(h.kind, DocKind::Notice);
}

#[test]
fn a_plan_carrying_out_a_speech_is_not_a_speech() {
    let h = read(
        "宁川市贯彻落实总书记重要讲话精神实施方案\n为贯彻落实重要讲话精神，制定本方案。\n一、总体要求\n",
    );
    assert_eq!(h.kind, DocKind::Plan);
    let t = read("在全縣安全生產工作會議上的講話\n同志們：\n今天召開全縣安全生產工作會議。\n");
    assert_eq!(t.kind, DocKind::Speech);
}

#[test]
fn pinyin_after_the_last_char_of_a_wrapped_line_is_kept() {
    let h = read(
        "青川縣人民政府關于印發(fā)\n青川縣水污染防治工作方案的通知\n各鄉(xiāng)鎮(zhèn)人民政府：\n現(xiàn)將《青川縣水污染防治工作方案》印發(fā)給你們。\n青川縣人民政府\n2016年5月10日\n青川縣水污染防治工作方案\n一、總體要求\n",
    );
    assert_eq!(
        h.notice_title.as_deref(),
        Some("青川縣人民政府關于印發(fā)青川縣水污染防治工作方案的通知")
    );
    assert_eq!(h.title.as_deref(), Some("青川縣水污染防治工作方案"));
    assert_eq!(h.issuers, ["青川縣人民政府"]);
}

#[test]
fn issuers_are_organ_names_only() {
    let h = read(
        "《武漢市人民政府辦公廳關于印發(fā)2023年市〈政府工作報告〉目標任務責任分解方案的通知》\n各區(qū)人民政府：\n現(xiàn)就有關事項通知如下：\n一、高度重視。\n",
    );
    assert_eq!(h.issuers, ["武漢市人民政府辦公廳"]);
    let t = read(
        "大气污染综合治理方案在区政府常务会议上关于秋冬季大气污染综合治理攻坚行动的讲话\n同志们：\n今天召开会议。\n",
    );
    assert!(t.issuers.is_empty(), "{:?}", t.issuers);
    assert_eq!(t.kind, DocKind::Speech);
}

#[test]
fn an_organ_of_shanghai_is_an_organ() {
    let h = read(
        "上海市嘉定区人民政府办公室关于转发《嘉定区海绵城市建设实施方案》的通知\n各镇人民政府：\n现转发给你们，请认真按照执行。\n嘉定区海绵城市建设实施方案\n一、总体要求\n",
    );
    assert_eq!(h.issuers, ["上海市嘉定区人民政府办公室"]);
    assert_eq!(h.title.as_deref(), Some("嘉定区海绵城市建设实施方案"));
}

#[test]
fn a_headline_naming_a_plan_reads_as_its_title() {
    let h = read(
        "四川省印发《推动大规模设备更新实施方案》\n为贯彻落实国务院部署，制定本方案。\n一、总体要求\n",
    );
    assert_eq!(
        h.title.as_deref(),
        Some("四川省印发《推动大规模设备更新实施方案》")
    );
    assert_eq!(h.kind, DocKind::Plan);
    let t = read("四川省印發(fā)《推動大規(guī)模設備更新實施方案》\n一、總體要求\n");
    assert_eq!(t.kind, DocKind::Plan);
}

#[test]
fn an_organ_above_a_title_without_guanyu_is_not_its_first_line() {
    let h = read("宁川省人民政府办公厅\n宁川省数字经济发展实施方案\n一、总体要求\n");
    assert_eq!(h.title.as_deref(), Some("宁川省数字经济发展实施方案"));
    let t = read("寧川省人民政府辦公廳\n寧川省數字經濟發(fā)展實施方案\n一、總體要求\n");
    assert_eq!(t.title.as_deref(), Some("寧川省數字經濟發(fā)展實施方案"));
}

#[test]
fn speech_outlines_are_speeches() {
    assert_eq!(
        read("在全县安全生产工作会议上的讲话提纲\n一、认清形势\n").kind,
        DocKind::Speech
    );
    assert_eq!(
        read("在全縣安全生產工作會議上的講話要點\n一、認清形勢\n").kind,
        DocKind::Speech
    );
}

#[test]
fn a_list_handed_over_after_the_covers_signature_without_a_title_is_a_plan() {
    let h = read(
        "宁川县人民政府关于印发2025年十件民生实事的通知\n各乡镇人民政府：\n现将2025年十件民生实事印发给你们，请认真组织实施。\n宁川县人民政府\n2025年1月20日\n一、新建改建农村公路100公里。（县交通运输局牵头）\n二、新增城镇就业岗位3000个。（县人力资源社会保障局牵头）\n",
    );
    assert_eq!(h.kind, DocKind::Plan);
    let t = read(
        "寧川縣人民政府關于印發(fā)2025年十件民生實事的通知\n各鄉(xiāng)鎮(zhèn)人民政府：\n現(xiàn)將2025年十件民生實事印發(fā)給你們，請認真組織實施。\n寧川縣人民政府\n2025年1月20日\n一、新建改建農村公路100公里。（縣交通運輸局牽頭）\n",
    );
    assert_eq!(t.kind, DocKind::Plan);
}

#[test]
fn instructions_under_a_cover_before_its_signature_keep_a_notice() {
    let h = read(
        "宁川市人民政府办公室关于印发2023年重点任务分解方案的通知\n宁府办〔2023〕1号\n《2023年重点任务分解方案》已经市人民政府同意，现印发给你们，并就有关事项通知如下：\n一、高度重视，精心组织。各责任单位要逐项研究。\n二、加强督办。\n",
    );
    assert_eq!(h.kind, DocKind::Notice);
}

#[test]
fn a_portal_column_above_guanyu_is_not_an_organ() {
    let h = read(
        "政府信息公开\n关于做好春季森林防灭火工作的通知\n各乡镇人民政府：\n现就有关事项通知如下：\n一、压实责任。\n",
    );
    assert_eq!(h.title.as_deref(), Some("关于做好春季森林防灭火工作的通知"));
    assert!(h.issuers.is_empty(), "{:?}", h.issuers);
}
