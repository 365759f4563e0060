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
