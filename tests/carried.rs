//! Plans carried inside other documents: a news item that reposts a plan, a newspaper repost
//! of a 重点工作及责任分解 notice, a 民生实事 list issued as a 通知, a Traditional mirror copy, a
//! task table copied from a web page one cell per line, items numbered with look-alike marks.
//! Whatever kind the document is, its tasks are found; a speech's numbered points are not
//! tasks, and neither is the 附件 list of a cover notice.

use planlint::report::ledger::{LedgerFile, LedgerTask};

fn ledger(path: &str, text: &str) -> LedgerFile {
    let (doc, facts) = planlint::read_str(path, text);
    LedgerFile::new(&doc, &facts)
}

fn task_lines(l: &LedgerFile) -> Vec<usize> {
    l.tasks.iter().map(|t| t.line).collect()
}

fn task(l: &LedgerFile, line: usize) -> &LedgerTask {
    l.tasks.iter().find(|t| t.line == line).unwrap_or_else(|| {
        panic!(
            "{}: no task on line {line}; tasks are on lines {:?}",
            l.path,
            task_lines(l)
        )
    })
}

fn unit_names(t: &LedgerTask) -> Vec<&str> {
    t.units.iter().map(|u| u.name.as_str()).collect()
}

fn fixture(name: &str) -> LedgerFile {
    let text = match name {
        "news_repost" => include_str!("fixtures/carried/news_repost.txt"),
        "duty_repost" => include_str!("fixtures/carried/duty_repost.txt"),
        "livelihood_notice" => include_str!("fixtures/carried/livelihood_notice.txt"),
        "traditional_pinyin" => include_str!("fixtures/carried/traditional_pinyin.txt"),
        "web_table" => include_str!("fixtures/carried/web_table.txt"),
        "lookalike_markers" => include_str!("fixtures/carried/lookalike_markers.txt"),
        "cover_attachments" => include_str!("fixtures/carried/cover_attachments.txt"),
        "sentence_items" => include_str!("fixtures/carried/sentence_items.txt"),
        "speech_points" => include_str!("fixtures/carried/speech_points.txt"),
        "meeting_assignments" => include_str!("fixtures/carried/meeting_assignments.txt"),
        "notice_with_task_table" => include_str!("fixtures/carried/notice_with_task_table.txt"),
        "speech" => include_str!("fixtures/speech.txt"),
        "meeting_report" => include_str!("fixtures/meeting_report.txt"),
        other => panic!("no fixture {other}"),
    };
    ledger(&format!("{name}.txt"), text)
}

#[test]
fn a_news_item_carrying_a_plan_has_the_plans_tasks() {
    let l = fixture("news_repost");
    assert_eq!(task_lines(&l), [9, 10, 11, 13, 14]);
    let t = task(&l, 9);
    assert_eq!(t.title, "改造提升县城商业设施");
    assert_eq!(t.section.as_deref(), Some("二、重点任务"));
    assert!(unit_names(t).contains(&"省商务厅"), "{:?}", unit_names(t));
}

#[test]
fn a_repost_of_a_duty_split_notice_has_a_task_per_item_with_field_lines() {
    let l = fixture("duty_repost");
    assert_eq!(task_lines(&l), [6, 9, 13, 16, 20, 22]);
    // 着力保障和改善民生 is a theme of work, not the plan's 保障措施.
    assert_eq!(
        task(&l, 20).section.as_deref(),
        Some("三、着力保障和改善民生")
    );
    assert_eq!(unit_names(task(&l, 22))[0], "市教育局");
}

#[test]
fn a_livelihood_list_issued_as_a_notice_ends_with_its_last_item() {
    let l = fixture("livelihood_notice");
    assert_eq!(task_lines(&l), [5, 8, 11, 14]);
    assert!(task(&l, 14).title.starts_with("改造城镇老旧小区15个"));
    // The closing remark after the last item's field lines is not that item's text.
    assert!(l.tasks.iter().all(|t| !t.title.starts_with("各责任单位")));
}

#[test]
fn a_traditional_mirror_with_pinyin_keeps_its_tasks() {
    let l = fixture("traditional_pinyin");
    assert_eq!(task_lines(&l), [6, 7, 8]);
    assert_eq!(task(&l, 6).title, "推進農村廁所革命");
    assert_eq!(task(&l, 6).section.as_deref(), Some("二、主要任務"));
}

#[test]
fn a_web_table_copied_one_cell_per_line_is_read_as_its_rows() {
    let l = fixture("web_table");
    // Each row's task is at the line of its number cell.
    assert_eq!(task_lines(&l), [12, 20, 30, 38]);
    let markers: Vec<_> = l.tasks.iter().map(|t| t.marker.as_deref()).collect();
    assert_eq!(markers, [Some("1"), Some("2"), Some("3"), Some("4")]);
    let t = task(&l, 12);
    assert!(t.title.starts_with("推行“高效办成一件事”"), "{}", t.title);
    assert_eq!(t.section.as_deref(), Some("一、提升政务服务效能"));
    assert_eq!(
        unit_names(t),
        ["县行政审批服务局", "县司法局", "县大数据中心"]
    );
    assert_eq!(task(&l, 30).section.as_deref(), Some("二、优化要素保障"));
    // Neither section rows nor unit cells are tasks.
    assert!(
        l.tasks
            .iter()
            .all(|t| !t.title.starts_with('县') && !t.title.contains("优化要素保障"))
    );
}

#[test]
fn look_alike_marks_number_the_items_of_one_list() {
    let l = fixture("lookalike_markers");
    assert_eq!(task_lines(&l), [5, 6, 7, 8, 9]);
    let markers: Vec<_> = l.tasks.iter().map(|t| t.marker.as_deref()).collect();
    assert_eq!(
        markers,
        [
            Some("1﹒"),
            Some("2﹒"),
            Some("3．"),
            Some("4）"),
            Some("⒌")
        ]
    );
    let (doc, _) = planlint::read_str(
        "lookalike_markers.txt",
        include_str!("fixtures/carried/lookalike_markers.txt"),
    );
    // 4） and ⒌ continue 1﹒ 2﹒ 3． rather than opening a sub-list, so nothing is out of order.
    assert!(planlint::outline::numbering::issues(&doc).is_empty());
}

#[test]
fn the_attachment_list_of_a_cover_notice_is_not_a_task_list() {
    let l = fixture("cover_attachments");
    assert_eq!(task_lines(&l), Vec::<usize>::new());
}

#[test]
fn items_opening_with_a_sentence_or_a_date_are_tasks() {
    let l = fixture("sentence_items");
    assert_eq!(task_lines(&l), [5, 6, 7]);
    assert!(task(&l, 6).title.starts_with("2025年6月底前"));
    assert_eq!(task(&l, 5).title, "农村饮水安全是民生底线");
}

#[test]
fn measures_with_field_lines_in_a_meeting_report_are_tasks() {
    let l = fixture("meeting_assignments");
    assert_eq!(task_lines(&l), [3, 6, 9]);
    assert_eq!(unit_names(task(&l, 6)), ["市城市管理局"]);
}

#[test]
fn numbered_points_of_a_speech_or_report_without_task_fields_are_not_tasks() {
    for name in ["speech", "speech_points", "meeting_report"] {
        let l = fixture(name);
        assert_eq!(task_lines(&l), Vec::<usize>::new(), "{name}");
    }
}

#[test]
fn measures_with_their_own_deadlines_in_a_report_are_tasks() {
    let text = "全县秸秆禁烧工作推进会召开\n　　本报讯　3月12日，全县秸秆禁烧工作推进会召开。会议对下一阶段工作作出安排：\n　　1.全面落实网格化巡查，做到每个地块有人管。（3月底前完成）\n　　2.建成秸秆收储点12个，提高综合利用率。（6月底前完成）\n　　会议强调，各乡镇要压实属地责任。\n";
    let l = ledger("report.txt", text);
    assert_eq!(l.kind, "report");
    assert_eq!(task_lines(&l), [3, 4]);
    // The same points without a deadline of their own are points of a report, not tasks.
    let plain = text
        .replace("（3月底前完成）", "")
        .replace("（6月底前完成）", "");
    assert_eq!(
        task_lines(&ledger("report.txt", &plain)),
        Vec::<usize>::new()
    );
}

#[test]
fn a_bare_closing_parenthesis_continues_the_list_it_follows() {
    let text = "某县2025年河道清理工作方案\n一、清理河道垃圾。全面清理沿河垃圾。（县水利局牵头，2025年5月底前）\n二）整治非法采砂。依法取缔非法砂场。（县自然资源局牵头，2025年6月底前）\n三、加强巡河管护。落实河长巡河制度。（各乡镇负责，长期坚持）\n";
    let l = ledger("rivers.txt", text);
    assert_eq!(task_lines(&l), [2, 3, 4]);
    // Under an item that has sub-items of its own, 1） opens a sub-list as before.
    let nested = "某县方案\n一、重点任务\n1.清理河道。\n1）清理垃圾。（县水利局牵头，2025年5月底前）\n2）清理淤泥。（县水利局牵头，2025年6月底前）\n";
    let l = ledger("nested.txt", nested);
    assert_eq!(task_lines(&l), [4, 5]);
}

#[test]
fn a_notice_handing_over_a_task_table_is_a_plan() {
    let l = fixture("notice_with_task_table");
    assert_eq!(l.kind, "plan");
    assert_eq!(task_lines(&l), [13, 19, 27]);
    let t = task(&l, 13);
    assert_eq!(unit_names(t), ["县发展改革局", "县财政局"]);
    assert_eq!(t.units[0].role, "lead");
}
