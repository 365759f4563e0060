//! What a reviewer sees in the task ledger of each fixture plan: which items are tasks, who is
//! responsible for each (and whether that is stated for the task or carried over), by when, and
//! the head of the document (title, kind, 发文字号, 成文日期) and its accountability clauses.
//!
//! The expectations follow ../shared/eval/GUIDELINE.md. They are the truth about the fixtures,
//! not a record of what planlint happens to print.

use planlint::report::ledger::{self, LedgerFile, LedgerTask};

const COVER_NOTICE_PLAN: &str = include_str!("fixtures/cover_notice_plan.txt");
const RECTIFICATION_FIELDS: &str = include_str!("fixtures/rectification_fields.txt");
const TRADITIONAL_MIRROR: &str = include_str!("fixtures/traditional_mirror.txt");
const MARKDOWN_TABLE: &str = include_str!("fixtures/markdown_table.md");
const LEGEND_SECTION_LEAD: &str = include_str!("fixtures/legend_section_lead.txt");
const ENCLOSING_FIELDS: &str = include_str!("fixtures/enclosing_fields.txt");
const DEADLINE_KINDS: &str = include_str!("fixtures/deadline_kinds.txt");
const WORK_POINTS_FLAT: &str = include_str!("fixtures/work_points_flat.txt");
const NOTICE_ONLY: &str = include_str!("fixtures/notice_only.txt");
const MEETING_REPORT: &str = include_str!("fixtures/meeting_report.txt");
const SPEECH: &str = include_str!("fixtures/speech.txt");
const CRLF_BOM: &str = include_str!("fixtures/crlf_bom.txt");

// ---------------------------------------------------------------------------------------------
// Helpers

fn ledger(path: &str, text: &str) -> LedgerFile {
    let (doc, facts) = planlint::read_str(path, text);
    LedgerFile::new(&doc, &facts)
}

fn task_lines(l: &LedgerFile) -> Vec<usize> {
    l.tasks.iter().map(|t| t.line).collect()
}

fn markers(l: &LedgerFile) -> Vec<&str> {
    l.tasks
        .iter()
        .map(|t| t.marker.as_deref().unwrap_or(""))
        .collect()
}

/// The task whose number marker (or paragraph, or table row) starts on `line`.
fn task(l: &LedgerFile, line: usize) -> &LedgerTask {
    l.tasks.iter().find(|t| t.line == line).unwrap_or_else(|| {
        panic!(
            "{}: no task on line {line}; tasks are on lines {:?}",
            l.path,
            task_lines(l)
        )
    })
}

/// (name, role, source, generic) of each unit, in ledger order.
fn units(t: &LedgerTask) -> Vec<(&str, &str, &str, bool)> {
    t.units
        .iter()
        .map(|u| (u.name.as_str(), u.role, u.source, u.generic))
        .collect()
}

/// (text, kind, ISO date, source) of the deadline.
fn deadline(t: &LedgerTask) -> Option<(&str, &str, Option<&str>, &str)> {
    t.deadline
        .as_ref()
        .map(|d| (d.text.as_str(), d.kind, d.date.as_deref(), d.source))
}

/// A task is generic when every party named for it is non-specific (各县区人民政府, 各有关部门…).
fn is_generic(t: &LedgerTask) -> bool {
    !t.units.is_empty() && t.units.iter().all(|u| u.generic)
}

fn accountability_lines(l: &LedgerFile) -> Vec<usize> {
    let mut lines: Vec<usize> = l.accountability.iter().map(|q| q.line).collect();
    lines.dedup();
    lines
}

/// Collects failed expectations so that one test reports all of them, not just the first.
#[derive(Default)]
struct Checks {
    failures: Vec<String>,
}

impl Checks {
    fn fail(&mut self, msg: String) {
        self.failures.push(msg);
    }

    /// Units of the task on `line`, exactly.
    fn units(&mut self, l: &LedgerFile, line: usize, want: &[(&str, &str, &str, bool)]) {
        let t = task(l, line);
        let got = units(t);
        if got != want {
            self.fail(format!(
                "{}: units of the task on line {line}\n  expected {want:?}\n  got      {got:?}",
                l.path
            ));
        }
    }

    /// Deadline of the task on `line`. A cycle may be quoted with its frequency (每月 or
    /// 每月开展一次), so for `recurring` the text only has to start with the expected words;
    /// everything else is exact.
    fn deadline(
        &mut self,
        l: &LedgerFile,
        line: usize,
        want: Option<(&str, &str, Option<&str>, &str)>,
    ) {
        let t = task(l, line);
        let got = deadline(t);
        let ok = match (got, want) {
            (
                Some((text, kind, date, source)),
                Some((want_text, "recurring", want_date, want_source)),
            ) => {
                text.starts_with(want_text)
                    && (kind, date, source) == ("recurring", want_date, want_source)
            }
            _ => got == want,
        };
        if !ok {
            self.fail(format!(
                "{}: deadline of the task on line {line}\n  expected {want:?}\n  got      {got:?}",
                l.path
            ));
        }
    }

    /// Any other value, compared exactly.
    fn eq<T: PartialEq + std::fmt::Debug>(&mut self, got: T, want: T, what: &str) {
        if got != want {
            self.fail(format!("{what}\n  expected {want:?}\n  got      {got:?}"));
        }
    }

    fn check(&mut self, ok: bool, msg: impl FnOnce() -> String) {
        if !ok {
            self.fail(msg());
        }
    }

    fn done(self) {
        if !self.failures.is_empty() {
            panic!(
                "{} expectation(s) failed:\n{}",
                self.failures.len(),
                self.failures.join("\n")
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// a. A cover notice, then the plan: groups, numbered tasks with parentheticals, a blanket
//    statement in task 1, an accountability clause in 保障措施.

fn cover() -> LedgerFile {
    ledger("cover_notice_plan.txt", COVER_NOTICE_PLAN)
}

#[test]
fn cover_notice_plan_head_is_the_plans_own_title_with_the_covers_number_and_date() {
    let l = cover();
    assert_eq!(
        l.title.as_deref(),
        Some("宁川市2025年大气污染防治攻坚行动方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.doc_number.as_deref(), Some("宁政办发〔2025〕9号"));
    assert_eq!(l.date.as_deref(), Some("2025-03-12"));
}

#[test]
fn cover_notice_plan_tasks_are_the_numbered_items_of_the_task_section() {
    let l = cover();
    assert_eq!(task_lines(&l), [16, 17, 18, 20, 21, 23, 24]);
    assert_eq!(markers(&l), ["1.", "2.", "3.", "4.", "5.", "6.", "7."]);
    for t in &l.tasks {
        assert_eq!(t.section.as_deref(), Some("三、重点任务"), "{t:#?}");
    }
    assert_eq!(task(&l, 16).title, "开展涉气企业排查整治");
    assert_eq!(task(&l, 24).title, "加强非道路移动机械监管");
    let ids: Vec<usize> = l.tasks.iter().map(|t| t.id).collect();
    assert_eq!(ids, [1, 2, 3, 4, 5, 6, 7]);
}

#[test]
fn cover_notice_plan_own_parentheticals_give_lead_support_and_responsible_units() {
    let mut c = Checks::default();
    let l = cover();
    c.units(
        &l,
        16,
        &[
            ("市生态环境局", "lead", "own", false),
            ("市工业和信息化局", "support", "own", false),
            ("市市场监管局", "support", "own", false),
            ("各县区人民政府", "responsible", "own", true),
        ],
    );
    c.units(
        &l,
        17,
        &[
            ("市生态环境局", "lead", "own", false),
            ("市发展改革委", "support", "own", false),
        ],
    );
    c.units(
        &l,
        20,
        &[
            ("市住房城乡建设局", "lead", "own", false),
            ("市城市管理局", "support", "own", false),
            ("市交通运输局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        23,
        &[
            ("市交通运输局", "lead", "own", false),
            ("市公安局", "support", "own", false),
            ("市生态环境局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        24,
        &[
            ("市生态环境局", "lead", "own", false),
            ("市住房城乡建设局", "support", "own", false),
        ],
    );
    // A named lead with generic co-parties is not a generic task.
    c.eq(
        is_generic(task(&l, 16)),
        false,
        "cover_notice_plan.txt: task on line 16 is generic",
    );
    c.done();
}

#[test]
fn cover_notice_plan_blanket_statement_in_task_1_is_inherited_by_tasks_without_units() {
    let mut c = Checks::default();
    let l = cover();
    for line in [18, 21] {
        c.units(
            &l,
            line,
            &[("各县区人民政府", "responsible", "inherited", true)],
        );
        let t = task(&l, line);
        c.eq(
            is_generic(t),
            true,
            &format!("cover_notice_plan.txt: task on line {line} is generic"),
        );
        // The inherited name is quoted from the blanket statement on task 1's line.
        c.eq(
            t.units.first().map(|u| u.line),
            Some(16),
            &format!(
                "cover_notice_plan.txt: line of the inherited unit of the task on line {line}"
            ),
        );
    }
    c.done();
}

#[test]
fn cover_notice_plan_deadlines() {
    let mut c = Checks::default();
    let l = cover();
    c.deadline(
        &l,
        16,
        Some(("2025年5月底前", "date", Some("2025-05-31"), "own")),
    );
    c.deadline(
        &l,
        17,
        Some(("2025年9月底前", "date", Some("2025-09-30"), "own")),
    );
    c.deadline(
        &l,
        18,
        Some(("2025年6月底前", "date", Some("2025-06-30"), "own")),
    );
    c.deadline(&l, 20, Some(("每月", "recurring", None, "own")));
    c.deadline(
        &l,
        21,
        Some(("2025年10月底前", "date", Some("2025-10-31"), "own")),
    );
    c.deadline(
        &l,
        23,
        Some(("2025年底前", "date", Some("2025-12-31"), "own")),
    );
    // No year: the plan's year (成文日期 2025) fills it in.
    c.deadline(&l, 24, Some(("年底前", "date", Some("2025-12-31"), "own")));
    c.eq(
        task(&l, 21).deadline.as_ref().map(|d| d.line),
        Some(21),
        "cover_notice_plan.txt: line of the deadline of the task on line 21",
    );
    c.done();
}

#[test]
fn cover_notice_plan_accountability_is_the_sanction_sentence_of_its_safeguards() {
    let l = cover();
    assert_eq!(accountability_lines(&l), [28], "{:#?}", l.accountability);
    assert!(
        l.accountability
            .iter()
            .any(|q| q.text.contains("约谈其主要负责人"))
    );
    // Assessment alone is no accountability clause.
    assert!(
        l.accountability
            .iter()
            .all(|q| !q.text.starts_with("将本方案落实情况纳入")),
        "{:#?}",
        l.accountability
    );
}

// ---------------------------------------------------------------------------------------------
// b. A rectification plan: （一） tasks with own-line 责任单位：/完成时限： and 牵头单位：…；配合单位：…,
//    one task without them, and an 实施步骤 section whose dated phases are not tasks.

fn rectification() -> LedgerFile {
    ledger("rectification_fields.txt", RECTIFICATION_FIELDS)
}

#[test]
fn rectification_head() {
    let l = rectification();
    assert_eq!(
        l.title.as_deref(),
        Some("青溪县关于中央生态环境保护督察反馈问题的整改方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.doc_number, None);
    assert_eq!(l.date, None);
}

#[test]
fn rectification_tasks_are_the_problems_and_not_the_phases() {
    let l = rectification();
    assert_eq!(task_lines(&l), [8, 11, 14, 15]);
    assert_eq!(markers(&l), ["（一）", "（二）", "（三）", "（四）"]);
    assert_eq!(task(&l, 8).title, "县城污水处理厂超标排放问题");
    assert_eq!(task(&l, 14).title, "畜禽养殖污染治理不到位问题");
    for t in &l.tasks {
        assert_eq!(t.section.as_deref(), Some("三、整改任务"), "{t:#?}");
    }
}

#[test]
fn rectification_field_lines_give_units() {
    let mut c = Checks::default();
    let l = rectification();
    c.units(
        &l,
        8,
        &[("县住房和城乡建设局", "responsible", "own", false)],
    );
    c.units(
        &l,
        11,
        &[
            ("县水利局", "lead", "own", false),
            ("县自然资源局", "support", "own", false),
            ("县公安局", "support", "own", false),
            ("龙泉镇人民政府", "support", "own", false),
        ],
    );
    c.units(
        &l,
        15,
        &[
            ("县城市管理局", "responsible", "own", false),
            ("城关镇人民政府", "responsible", "own", false),
        ],
    );
    // The unit is quoted from its field line, under the task's first line.
    c.eq(
        task(&l, 8).units.first().map(|u| u.line),
        Some(9),
        "rectification_fields.txt: line of the unit of the task on line 8",
    );
    c.done();
}

#[test]
fn rectification_field_lines_give_deadlines() {
    let mut c = Checks::default();
    let l = rectification();
    c.deadline(
        &l,
        8,
        Some(("2025年10月31日前", "date", Some("2025-10-31"), "own")),
    );
    c.deadline(
        &l,
        11,
        Some(("2025年8月底前", "date", Some("2025-08-31"), "own")),
    );
    c.deadline(
        &l,
        15,
        Some(("2025年6月30日前", "date", Some("2025-06-30"), "own")),
    );
    c.eq(
        task(&l, 8).deadline.as_ref().map(|d| d.line),
        Some(10),
        "rectification_fields.txt: line of the deadline of the task on line 8",
    );
    c.done();
}

#[test]
fn rectification_task_without_fields_has_no_unit_and_no_deadline() {
    let l = rectification();
    let t = task(&l, 14);
    assert!(t.units.is_empty(), "{t:#?}");
    assert!(t.deadline.is_none(), "{t:#?}");
}

#[test]
fn rectification_accountability() {
    let l = rectification();
    assert_eq!(accountability_lines(&l), [25], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// c. The same kind of plan as a mirror site prints it: Traditional characters, pinyin after some
//    characters (區(qū)), ASCII punctuation, a blank line between paragraphs. The ledger quotes the
//    original text.

fn traditional() -> LedgerFile {
    ledger("traditional_mirror.txt", TRADITIONAL_MIRROR)
}

#[test]
fn traditional_mirror_head() {
    let l = traditional();
    assert_eq!(
        l.title.as_deref(),
        Some("江川區(qū)關(guān)於省委巡視反饋意見整改落實(shí)工作方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.date.as_deref(), Some("2025-05-06"));
}

#[test]
fn traditional_mirror_tasks() {
    let l = traditional();
    assert_eq!(task_lines(&l), [11, 17, 23, 25]);
    assert_eq!(markers(&l), ["(一)", "(二)", "(三)", "(四)"]);
    assert_eq!(task(&l, 11).title, "基層黨組織建設薄弱問題");
    assert_eq!(task(&l, 17).title, "重大項(xiàng)目推進(jìn)緩慢問題");
    for t in &l.tasks {
        // The heading may be quoted with or without the pinyin after its last character.
        assert!(
            t.section
                .as_deref()
                .is_some_and(|s| s.starts_with("二、整改任務")),
            "{t:#?}"
        );
    }
}

#[test]
fn traditional_mirror_units_from_ascii_field_lines_and_parentheticals() {
    let mut c = Checks::default();
    let l = traditional();
    c.units(&l, 11, &[("區(qū)委組織部", "responsible", "own", false)]);
    c.units(
        &l,
        17,
        &[
            ("區(qū)發(fā)展和改革局", "lead", "own", false),
            ("區(qū)財政局", "support", "own", false),
            ("區(qū)自然資源局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        23,
        &[
            ("區(qū)農業(yè)農村局", "lead", "own", false),
            ("區(qū)生態環(huán)境分局", "support", "own", false),
            ("各鎮(zhèn)人民政府", "support", "own", true),
        ],
    );
    c.units(
        &l,
        25,
        &[("區(qū)政務(wù)服務(wù)中心", "responsible", "own", false)],
    );
    c.done();
}

#[test]
fn traditional_mirror_deadlines() {
    let mut c = Checks::default();
    let l = traditional();
    c.deadline(
        &l,
        11,
        Some(("2025年9月30日前", "date", Some("2025-09-30"), "own")),
    );
    c.deadline(
        &l,
        17,
        Some(("2025年12月底前", "date", Some("2025-12-31"), "own")),
    );
    c.deadline(&l, 23, None);
    c.deadline(&l, 25, Some(("長期堅持", "ongoing", None, "own")));
    c.done();
}

#[test]
fn traditional_mirror_accountability() {
    let l = traditional();
    assert_eq!(accountability_lines(&l), [35], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// d. A Markdown plan whose tasks are the rows of a pipe table.

fn markdown() -> LedgerFile {
    ledger("markdown_table.md", MARKDOWN_TABLE)
}

#[test]
fn markdown_table_head() {
    let l = markdown();
    assert_eq!(
        l.title.as_deref(),
        Some("江川区2025年优化营商环境攻坚行动方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.doc_number, None);
    assert_eq!(l.date, None);
}

#[test]
fn markdown_table_rows_are_the_tasks_and_the_heading_above_them_is_not() {
    let l = markdown();
    assert_eq!(task_lines(&l), [13, 14, 15, 16, 17, 18], "{:#?}", l.tasks);
    assert_eq!(markers(&l), ["1", "2", "3", "4", "5", "6"]);
    assert!(
        task(&l, 13).title.starts_with("推行企业开办“一网通办”"),
        "{:?}",
        task(&l, 13).title
    );
    assert_eq!(task(&l, 18).title, "清理拖欠中小企业账款");
    for t in &l.tasks {
        assert_eq!(t.section.as_deref(), Some("二、重点任务"), "{t:#?}");
    }
}

#[test]
fn markdown_table_unit_columns() {
    let mut c = Checks::default();
    let l = markdown();
    c.units(
        &l,
        13,
        &[
            ("区市场监管局", "lead", "own", false),
            ("区政务服务中心", "support", "own", false),
            ("区税务局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        16,
        &[
            ("区政务服务中心", "lead", "own", false),
            ("各有关部门", "support", "own", true),
        ],
    );
    c.units(
        &l,
        17,
        &[
            ("区司法局", "lead", "own", false),
            ("各行政执法部门", "support", "own", true),
        ],
    );
    c.units(
        &l,
        18,
        &[
            ("区工业和信息化局", "lead", "own", false),
            ("区财政局", "support", "own", false),
        ],
    );
    c.eq(
        is_generic(task(&l, 16)),
        false,
        "markdown_table.md: row on line 16 is generic",
    );
    c.done();
}

#[test]
fn markdown_table_deadline_column() {
    let mut c = Checks::default();
    let l = markdown();
    c.deadline(
        &l,
        13,
        Some(("2025年6月底前", "date", Some("2025-06-30"), "own")),
    );
    c.deadline(
        &l,
        14,
        Some(("2025年9月底前", "date", Some("2025-09-30"), "own")),
    );
    c.deadline(
        &l,
        15,
        Some(("2025年12月底前", "date", Some("2025-12-31"), "own")),
    );
    c.deadline(&l, 16, Some(("每季度", "recurring", None, "own")));
    c.deadline(&l, 17, Some(("长期坚持", "ongoing", None, "own")));
    // An empty time-limit cell.
    c.deadline(&l, 18, None);
    c.done();
}

#[test]
fn markdown_table_accountability() {
    let l = markdown();
    assert_eq!(accountability_lines(&l), [28], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// e. A legend (列第一位者为牵头单位，下同) and section headings with their own lead
//    (一、加快调整能源结构（市发展改革委总牵头）) that their sub-tasks inherit.

fn legend() -> LedgerFile {
    ledger("legend_section_lead.txt", LEGEND_SECTION_LEAD)
}

/// With the legend in force, the first listed unit leads and the others do not.
fn check_legend_units(c: &mut Checks, l: &LedgerFile, line: usize, names: &[&str]) {
    let t = task(l, line);
    let got: Vec<&str> = t.units.iter().map(|u| u.name.as_str()).collect();
    let roles_ok = t
        .units
        .iter()
        .enumerate()
        .all(|(i, u)| (i == 0) == (u.role == "lead"));
    let rest_ok = t.units.iter().all(|u| u.source == "own" && !u.generic);
    c.check(got == names && roles_ok && rest_ok, || {
        format!(
            "{}: task on line {line}: expected own units {names:?}, the first leading and no other\n  got {:?}",
            l.path,
            units(t)
        )
    });
}

#[test]
fn legend_head() {
    let l = legend();
    assert_eq!(
        l.title.as_deref(),
        Some("云岭市工业领域节能降碳行动计划（2024—2026年）")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.doc_number.as_deref(), Some("云政发〔2024〕21号"));
    assert_eq!(l.date.as_deref(), Some("2024-06-18"));
}

#[test]
fn legend_tasks_are_the_items_under_thematic_sections() {
    let l = legend();
    assert_eq!(task_lines(&l), [10, 11, 12, 14, 15, 16, 18, 19]);
    assert_eq!(
        markers(&l),
        [
            "（一）",
            "（二）",
            "（三）",
            "（四）",
            "（五）",
            "（六）",
            "（七）",
            "（八）"
        ]
    );
    assert!(
        task(&l, 11)
            .section
            .as_deref()
            .is_some_and(|s| s.starts_with("一、加快调整能源结构")),
        "{:#?}",
        task(&l, 11)
    );
    assert!(
        task(&l, 15)
            .section
            .as_deref()
            .is_some_and(|s| s.starts_with("二、推动重点行业节能改造")),
        "{:#?}",
        task(&l, 15)
    );
}

#[test]
fn legend_first_listed_unit_leads_in_the_item_that_states_it_and_after() {
    let mut c = Checks::default();
    let l = legend();
    check_legend_units(&mut c, &l, 10, &["市发展改革委", "市统计局"]);
    check_legend_units(&mut c, &l, 12, &["市市场监管局", "市生态环境局"]);
    check_legend_units(&mut c, &l, 14, &["市工业和信息化局", "市发展改革委"]);
    check_legend_units(
        &mut c,
        &l,
        16,
        &["市工业和信息化局", "市发展改革委", "市应急管理局"],
    );
    check_legend_units(&mut c, &l, 19, &["市发展改革委", "市工业和信息化局"]);
    c.done();
}

#[test]
fn legend_section_lead_is_inherited_by_its_tasks_without_units() {
    let mut c = Checks::default();
    let l = legend();
    c.units(&l, 11, &[("市发展改革委", "lead", "inherited", false)]);
    c.units(&l, 15, &[("市工业和信息化局", "lead", "inherited", false)]);
    c.units(&l, 18, &[("市工业和信息化局", "lead", "inherited", false)]);
    // Quoted from the section heading.
    c.eq(
        task(&l, 11).units.first().map(|u| u.line),
        Some(9),
        "legend_section_lead.txt: line of the inherited unit of the task on line 11",
    );
    c.eq(
        task(&l, 18).units.first().map(|u| u.line),
        Some(17),
        "legend_section_lead.txt: line of the inherited unit of the task on line 18",
    );
    c.done();
}

#[test]
fn legend_deadlines() {
    let mut c = Checks::default();
    let l = legend();
    c.deadline(
        &l,
        10,
        Some(("2026年底前", "date", Some("2026-12-31"), "own")),
    );
    // A target year that fixes when the result must be reached.
    c.deadline(
        &l,
        11,
        Some(("到2026年", "date", Some("2026-12-31"), "own")),
    );
    c.deadline(
        &l,
        12,
        Some(("2024年底前", "date", Some("2024-12-31"), "own")),
    );
    c.deadline(&l, 14, Some(("每年", "recurring", None, "own")));
    c.deadline(
        &l,
        15,
        Some(("2025年6月底前", "date", Some("2025-06-30"), "own")),
    );
    c.deadline(&l, 16, None);
    c.deadline(
        &l,
        18,
        Some(("2026年底前", "date", Some("2026-12-31"), "own")),
    );
    c.deadline(
        &l,
        19,
        Some(("2025年底前", "date", Some("2025-12-31"), "own")),
    );
    c.done();
}

#[test]
fn legend_plan_with_assessment_only_has_no_accountability() {
    let l = legend();
    assert!(
        l.accountability.is_empty(),
        "纳入考核 alone is no sanction: {:#?}",
        l.accountability
    );
}

// ---------------------------------------------------------------------------------------------
// f. Rectification items whose 责任单位/整改时限 lines follow their numbered sub-measures.

fn enclosing() -> LedgerFile {
    ledger("enclosing_fields.txt", ENCLOSING_FIELDS)
}

#[test]
fn enclosing_fields_head() {
    let l = enclosing();
    assert_eq!(
        l.title.as_deref(),
        Some("白鹭县委第一巡察组反馈问题整改工作方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.date.as_deref(), Some("2025-06-03"));
}

#[test]
fn enclosing_fields_tasks_are_the_sub_measures_and_the_item_without_any() {
    let l = enclosing();
    // Not the 整改原则 paragraph (line 4) nor the 整改要求 items (lines 21–23).
    assert_eq!(task_lines(&l), [7, 8, 9, 13, 14, 17], "{:#?}", l.tasks);
    assert_eq!(markers(&l), ["1.", "2.", "3.", "1.", "2.", "（三）"]);
    assert_eq!(task(&l, 17).title, "村级财务管理不规范的问题");
}

#[test]
fn enclosing_fields_are_inherited_by_the_sub_measures() {
    let mut c = Checks::default();
    let l = enclosing();
    for line in [7, 8, 9] {
        c.units(
            &l,
            line,
            &[
                ("县自然资源局", "responsible", "inherited", false),
                ("县农业农村局", "responsible", "inherited", false),
            ],
        );
        c.deadline(
            &l,
            line,
            Some(("2025年11月底前", "date", Some("2025-11-30"), "inherited")),
        );
        c.eq(
            task(&l, line).deadline.as_ref().map(|d| d.line),
            Some(11),
            &format!("enclosing_fields.txt: line of the deadline of the task on line {line}"),
        );
    }
    c.units(
        &l,
        13,
        &[
            ("县财政局", "responsible", "inherited", false),
            ("县农业农村局", "responsible", "inherited", false),
        ],
    );
    c.done();
}

#[test]
fn enclosing_fields_own_unit_wins_and_a_background_year_is_no_deadline() {
    let mut c = Checks::default();
    let l = enclosing();
    c.units(&l, 14, &[("县财政局", "responsible", "own", false)]);
    // “2022年以来” says which payments to check, not by when.
    c.deadline(
        &l,
        13,
        Some(("2025年8月底前", "date", Some("2025-08-31"), "inherited")),
    );
    c.deadline(
        &l,
        14,
        Some(("2025年8月底前", "date", Some("2025-08-31"), "inherited")),
    );
    c.done();
}

#[test]
fn enclosing_fields_item_without_sub_measures_keeps_its_own_fields() {
    let mut c = Checks::default();
    let l = enclosing();
    c.units(&l, 17, &[("县农业农村局", "responsible", "own", false)]);
    // 立行立改、长期坚持 is ongoing; the label wins over “每半年” in the text.
    c.deadline(&l, 17, Some(("立行立改、长期坚持", "ongoing", None, "own")));
    c.done();
}

#[test]
fn enclosing_fields_accountability() {
    let l = enclosing();
    assert_eq!(accountability_lines(&l), [23], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// g. Deadlines of every kind.

fn deadlines() -> LedgerFile {
    ledger("deadline_kinds.txt", DEADLINE_KINDS)
}

#[test]
fn deadline_kinds_head_and_tasks() {
    let l = deadlines();
    assert_eq!(
        l.title.as_deref(),
        Some("临江市2025年安全生产治本攻坚工作方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.date.as_deref(), Some("2025-02-20"));
    assert_eq!(task_lines(&l), [6, 7, 8, 9, 10, 11, 12]);
    assert_eq!(markers(&l), ["1.", "2.", "3.", "4.", "5.", "6.", "7."]);
}

#[test]
fn deadline_kinds_each_kind() {
    let mut c = Checks::default();
    let l = deadlines();
    c.deadline(
        &l,
        6,
        Some(("2025年9月底前", "date", Some("2025-09-30"), "own")),
    );
    c.deadline(&l, 7, Some(("年底前", "date", Some("2025-12-31"), "own")));
    c.deadline(&l, 8, Some(("每季度", "recurring", None, "own")));
    // 长期坚持 before the verb it qualifies, as 常态化 in 常态化开展.
    c.deadline(&l, 9, Some(("长期坚持", "ongoing", None, "own")));
    c.deadline(&l, 10, Some(("立行立改", "date", None, "own")));
    c.deadline(&l, 11, Some(("尽快", "vague", None, "own")));
    c.deadline(&l, 12, None);
    c.done();
}

#[test]
fn deadline_kinds_units() {
    let mut c = Checks::default();
    let l = deadlines();
    let t6 = task(&l, 6);
    c.eq(
        units(t6).first().copied(),
        Some(("市应急管理局", "lead", "own", false)),
        "deadline_kinds.txt: first unit of the task on line 6",
    );
    c.eq(
        is_generic(t6),
        false,
        "deadline_kinds.txt: task on line 6 is generic",
    );
    c.units(&l, 7, &[("市安委办", "responsible", "own", false)]);
    c.units(
        &l,
        8,
        &[
            ("市应急管理局", "lead", "own", false),
            ("市住房城乡建设局", "support", "own", false),
            ("市交通运输局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        9,
        &[
            ("市委宣传部", "responsible", "own", false),
            ("市应急管理局", "responsible", "own", false),
        ],
    );
    c.units(
        &l,
        10,
        &[
            ("市消防救援支队", "lead", "own", false),
            ("各县区人民政府", "responsible", "own", true),
        ],
    );
    c.eq(
        is_generic(task(&l, 10)),
        false,
        "deadline_kinds.txt: task on line 10 is generic",
    );
    c.units(&l, 11, &[("市住房城乡建设局", "lead", "own", false)]);
    c.units(
        &l,
        12,
        &[
            ("市应急管理局", "lead", "own", false),
            ("市消防救援支队", "support", "own", false),
        ],
    );
    c.done();
}

#[test]
fn deadline_kinds_phases_are_not_tasks_and_accountability_is_found() {
    let l = deadlines();
    assert!(
        l.tasks.iter().all(|t| !(13..=16).contains(&t.line)),
        "{:#?}",
        l.tasks
    );
    assert_eq!(accountability_lines(&l), [20], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// h. A flat 工作要点 list, a notice that only gives instructions, a news report and a speech.

fn work_points() -> LedgerFile {
    ledger("work_points_flat.txt", WORK_POINTS_FLAT)
}

#[test]
fn work_points_head() {
    let l = work_points();
    assert_eq!(l.title.as_deref(), Some("2025年青溪县农业农村工作要点"));
    assert_eq!(l.kind, "plan");
    assert_eq!(l.date.as_deref(), Some("2025-02-18"));
}

#[test]
fn work_points_every_numbered_point_is_a_task() {
    let l = work_points();
    assert_eq!(task_lines(&l), (3..=17).collect::<Vec<_>>());
    let want: Vec<String> = (1..=15).map(|n| format!("{n}、")).collect();
    assert_eq!(markers(&l), want);
    assert_eq!(task(&l, 3).title, "稳定粮食生产");
    assert_eq!(task(&l, 17).title, "加快农村寄递物流体系建设");
}

#[test]
fn work_points_units() {
    let mut c = Checks::default();
    let l = work_points();
    c.units(&l, 3, &[("县农业农村局", "responsible", "own", false)]);
    c.units(
        &l,
        4,
        &[
            ("县农业农村局", "lead", "own", false),
            ("县财政局", "support", "own", false),
            ("县水利局", "support", "own", false),
        ],
    );
    c.units(
        &l,
        7,
        &[
            ("县乡村振兴服务中心", "lead", "own", false),
            ("各乡镇人民政府", "responsible", "own", true),
        ],
    );
    c.units(&l, 6, &[]);
    // A time limit inside the parenthetical is not part of the last unit's name.
    c.units(
        &l,
        10,
        &[
            ("县委宣传部", "responsible", "own", false),
            ("县文明办", "responsible", "own", false),
        ],
    );
    c.units(&l, 13, &[]);
    // The closing paragraph after the last point names no unit for it.
    c.units(
        &l,
        17,
        &[
            ("县商务局", "lead", "own", false),
            ("县邮政管理局", "support", "own", false),
        ],
    );
    c.done();
}

#[test]
fn work_points_deadlines() {
    let mut c = Checks::default();
    let l = work_points();
    c.deadline(&l, 3, None);
    c.deadline(
        &l,
        4,
        Some(("2025年10月底前", "date", Some("2025-10-31"), "own")),
    );
    c.deadline(&l, 5, Some(("5月底前", "date", Some("2025-05-31"), "own")));
    c.deadline(&l, 6, None);
    c.deadline(&l, 7, Some(("每月", "recurring", None, "own")));
    c.deadline(
        &l,
        8,
        Some(("2025年底前", "date", Some("2025-12-31"), "own")),
    );
    c.deadline(&l, 10, Some(("持续推进", "ongoing", None, "own")));
    c.deadline(&l, 13, None);
    c.deadline(&l, 14, Some(("年底前", "date", Some("2025-12-31"), "own")));
    c.deadline(&l, 16, Some(("每季度", "recurring", None, "own")));
    c.deadline(
        &l,
        17,
        Some(("2025年11月底前", "date", Some("2025-11-30"), "own")),
    );
    c.done();
}

#[test]
fn work_points_have_no_accountability() {
    let l = work_points();
    assert!(l.accountability.is_empty(), "{:#?}", l.accountability);
}

#[test]
fn notice_that_only_gives_instructions() {
    let l = ledger("notice_only.txt", NOTICE_ONLY);
    assert_eq!(l.kind, "notice");
    assert_eq!(
        l.title.as_deref(),
        Some("青溪县人民政府办公室关于做好2025年春季森林防灭火工作的通知")
    );
    assert_eq!(l.doc_number.as_deref(), Some("青政办明电〔2025〕3号"));
    assert_eq!(l.date.as_deref(), Some("2025-03-01"));
    assert!(
        accountability_lines(&l).contains(&18),
        "{:#?}",
        l.accountability
    );
}

#[test]
fn news_report_of_a_meeting_has_no_tasks() {
    let l = ledger("meeting_report.txt", MEETING_REPORT);
    assert_eq!(l.kind, "report");
    assert_eq!(
        l.title.as_deref(),
        Some("全市安全生产和防灾减灾工作会议召开")
    );
    assert_eq!(l.doc_number, None);
    assert_eq!(l.date, None);
    assert!(l.tasks.is_empty(), "{:#?}", l.tasks);
}

#[test]
fn speech_has_no_tasks() {
    let l = ledger("speech.txt", SPEECH);
    assert_eq!(l.kind, "speech");
    assert_eq!(
        l.title.as_deref(),
        Some("在全县2025年生态环境保护工作会议上的讲话")
    );
    assert_eq!(l.date.as_deref(), Some("2025-03-05"));
    assert!(l.tasks.is_empty(), "{:#?}", l.tasks);
}

// ---------------------------------------------------------------------------------------------
// i. A plan saved on Windows: UTF-8 BOM and CRLF line ends.

fn crlf() -> LedgerFile {
    ledger("crlf_bom.txt", CRLF_BOM)
}

#[test]
fn crlf_bom_fixture_really_has_a_bom_and_crlf() {
    assert!(CRLF_BOM.starts_with('\u{feff}'));
    assert_eq!(
        CRLF_BOM.matches("\r\n").count(),
        CRLF_BOM.matches('\n').count()
    );
    assert_eq!(CRLF_BOM.matches("\r\n").count(), 20);
}

#[test]
fn crlf_bom_head_has_no_bom_or_carriage_return() {
    let l = crlf();
    assert_eq!(
        l.title.as_deref(),
        Some("白鹭县城区停车秩序综合整治实施方案")
    );
    assert_eq!(l.kind, "plan");
    assert_eq!(l.date.as_deref(), Some("2025-03-28"));
}

#[test]
fn crlf_bom_tasks_lines_and_text_are_clean() {
    let l = crlf();
    assert_eq!(task_lines(&l), [6, 7, 8, 9, 10]);
    assert_eq!(markers(&l), ["1.", "2.", "3.", "4.", "5."]);
    assert_eq!(task(&l, 6).title, "开展违停集中整治");
    let json = ledger::json(std::slice::from_ref(&l));
    assert!(
        !json.contains("\\r"),
        "a carriage return leaked into the ledger: {json}"
    );
    assert!(!json.contains('\u{feff}'), "the BOM leaked into the ledger");
}

#[test]
fn crlf_bom_units_and_deadlines() {
    let mut c = Checks::default();
    let l = crlf();
    c.units(
        &l,
        6,
        &[
            ("县公安局交警大队", "lead", "own", false),
            ("县城市管理局", "support", "own", false),
        ],
    );
    c.deadline(&l, 6, None);
    c.units(
        &l,
        7,
        &[
            ("县住房和城乡建设局", "lead", "own", false),
            ("县自然资源局", "support", "own", false),
            ("县城市管理局", "support", "own", false),
        ],
    );
    c.deadline(
        &l,
        7,
        Some(("2025年9月底前", "date", Some("2025-09-30"), "own")),
    );
    c.units(&l, 8, &[("县城市管理局", "responsible", "own", false)]);
    c.deadline(
        &l,
        8,
        Some(("2025年7月31日前", "date", Some("2025-07-31"), "own")),
    );
    let t9 = task(&l, 9);
    c.eq(
        units(t9).first().copied(),
        Some(("县机关事务服务中心", "lead", "own", false)),
        "crlf_bom.txt: first unit of the task on line 9",
    );
    c.eq(
        t9.units.len(),
        2,
        "crlf_bom.txt: number of units of the task on line 9",
    );
    c.deadline(
        &l,
        9,
        Some(("2025年6月底前", "date", Some("2025-06-30"), "own")),
    );
    c.units(
        &l,
        10,
        &[("县住房和城乡建设局", "responsible", "own", false)],
    );
    c.deadline(&l, 10, None);
    c.done();
}

#[test]
fn crlf_bom_accountability() {
    let l = crlf();
    assert_eq!(accountability_lines(&l), [18], "{:#?}", l.accountability);
}

// ---------------------------------------------------------------------------------------------
// Snapshots of the whole JSON ledger of two fixtures whose every expectation above holds: any
// change to what the ledger says about them shows up as a reviewable diff.

#[test]
fn snapshot_cover_notice_plan_ledger_json() {
    insta::assert_snapshot!("cover_notice_plan_ledger", ledger::json(&[cover()]));
}

#[test]
fn snapshot_legend_section_lead_ledger_json() {
    insta::assert_snapshot!("legend_section_lead_ledger", ledger::json(&[legend()]));
}

// ---------------------------------------------------------------------------------------------
// Full-width digits, as drafts typed with a Chinese input method carry them: every extractor's
// pattern is written for the matching view, where they are ASCII, so the numbers are read all
// the same.

const FULL_WIDTH_DIGITS: &str = "\
宁政办发〔２０２５〕１２号

关于印发青川县２０２５年农村供水保障工作方案的通知

一、重点任务
１．完成１２个乡镇供水站改造。（县水利局牵头，２０２５年６月底前完成）
２．每季度开展一次水质抽检。（县卫生健康局负责）
二、保障措施
对工作推进不力的，由县政府约谈其主要负责人。
";

#[test]
fn full_width_digits_are_read_as_digits() {
    let l = ledger("full_width.txt", FULL_WIDTH_DIGITS);
    let mut c = Checks::default();
    c.eq(
        l.doc_number.as_deref(),
        Some("宁政办发〔２０２５〕１２号"),
        "doc number",
    );
    c.eq(markers(&l), vec!["１．", "２．"], "task markers");
    c.deadline(
        &l,
        6,
        Some(("２０２５年６月底前", "date", Some("2025-06-30"), "own")),
    );
    c.deadline(&l, 7, Some(("每季度", "recurring", None, "own")));
    c.units(&l, 6, &[("县水利局", "lead", "own", false)]);
    c.done();
}
