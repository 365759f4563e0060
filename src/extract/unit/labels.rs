//! Field labels and their values: 牵头单位：…；配合单位：…, 责任单位：… inline, in brackets or
//! on lines of their own, and where a value ends (the next label, 。；, the line end).

use super::*;

/// Field labels, as one pattern whose groups tell their kind. A unit label is a head noun
/// (单位, 部门) after qualifiers that give the role (牵头责任单位, 协同配合单位, 主要责任单位);
/// a person label names a leader or contact (牵头负责领导, 分管领导, 市领导, 责任人; never a bare
/// 领导, which ends prose such as 加强组织领导：…); the others say by
/// when (完成时限) or what (整改措施, 整改要求). Alternatives start at the label's first
/// character so that the leftmost match is the whole label, never its tail (责任单位 inside
/// 协同责任单位, 领导 inside 牵头负责领导).
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:(?P<unit>(?:(?:牵头|主责|主办|主要|协同|配合|协办|参与|协助|协作|实施|承办|落实)\
         (?:责任|配合|牵头)?|责任)(?:单位|部门)(?:[及和](?:责任人|负责人|联系人))?|责任主体)\
         |(?P<person>(?:(?:牵头负责|牵头|责任|分管|包抓|包保|包联|挂点|挂钩|联系|主要|协同|负责)\
         (?:[市县区镇乡]级?)?|[市县区镇乡]级?)领导(?:同志)?|(?:包保)?责任人|负责人|联系人)\
         |(?P<time>完成时限|完成时间|完成期限|时间节点|时限要求|整改时限|整改期限|办结时限)\
         |(?P<content>整改目标|整改措施|整改要求|进度安排|工作措施|具体措施|主要措施|工作要求))\
         [ \t]*[：:]",
    )
    .expect("label pattern")
});

/// Any other short label after spaces ends a value (“责任单位：县财政局  完成时限：…”).
static OTHER_LABEL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{3000}]+\p{Han}{2,8}[：:]").expect("other label pattern"));

/// What a label's value holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum LabelKind {
    /// Units, with the role the label gives them.
    Unit(Role),
    /// A leader or contact person: never a unit, whatever the value says.
    Person,
    /// A time limit (read by the deadline scanner).
    Time,
    /// Prose about the work (整改要求：由联系单位县农业农村局负责督促…), read as prose.
    Content,
}

pub(super) struct LabelAt {
    pub(super) start: usize,
    pub(super) value: usize,
    pub(super) kind: LabelKind,
}

impl LabelAt {
    /// The role of the units in its value; `None` for a label whose value names no unit.
    pub(super) fn role(&self) -> Option<Role> {
        match self.kind {
            LabelKind::Unit(r) => Some(r),
            _ => None,
        }
    }
}

/// The `unit`, `person` and `time` groups of `LABEL_RE`, by index.
static LABEL_GROUPS: LazyLock<[usize; 3]> =
    LazyLock::new(|| ["unit", "person", "time"].map(|n| crate::extract::group_index(&LABEL_RE, n)));

fn label_kind(caps: &regex::Captures) -> LabelKind {
    let [unit, person, time] = *LABEL_GROUPS;
    if let Some(w) = caps.get(unit) {
        LabelKind::Unit(unit_label_role(w.as_str()))
    } else if caps.get(person).is_some() {
        LabelKind::Person
    } else if caps.get(time).is_some() {
        LabelKind::Time
    } else {
        LabelKind::Content
    }
}

/// The role a unit label gives, from its first qualifier: 牵头/主责/主办/主要(责任) lead,
/// 协同/配合/协办/参与/协助/协作 support, 责任/实施/承办/落实 responsible.
fn unit_label_role(word: &str) -> Role {
    if ["牵头", "主责", "主办", "主要"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Role::Lead
    } else if ["配合", "协办", "参与", "协助", "协作", "协同"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Role::Support
    } else {
        Role::Responsible
    }
}

/// Every label ends in a colon: text without one (most task prose) needs no label search.
fn may_hold_label(t: &str) -> bool {
    t.contains('：') || t.contains(':')
}

/// Top-level labels of `t` (outside brackets) with where their values end. A scan reads them
/// once: its label runs, person fields and prose masks are all views of them.
pub(super) fn top_labels(t: &str, groups: &[Group]) -> Vec<(LabelAt, usize)> {
    if !may_hold_label(t) {
        return Vec::new();
    }
    let labels: Vec<LabelAt> = LABEL_RE
        .captures_iter(t)
        .filter_map(|c| {
            let all = c.get(0)?;
            (group_at(groups, all.start()).is_none()).then(|| LabelAt {
                start: all.start(),
                value: all.end(),
                kind: label_kind(&c),
            })
        })
        .collect();
    let ends: Vec<usize> = (0..labels.len())
        .map(|k| {
            let next = labels.get(k + 1).map_or(t.len(), |n| n.start);
            value_end(t, labels[k].value, next).max(labels[k].value)
        })
        .collect();
    labels.into_iter().zip(ends).collect()
}

/// Does `line` open with a field label that states who or by when (牵头责任单位：…,
/// 协同配合单位：…, 牵头负责领导：…, 完成时限：…), possibly in a bracket? Content labels
/// (整改措施：…) open prose, not a field line.
pub(super) fn opens_with_field(line: &str) -> bool {
    opening_label(line).is_some_and(|k| k != LabelKind::Content)
}

/// The kind of the label `line` opens with, possibly in a bracket.
pub(super) fn opening_label(line: &str) -> Option<LabelKind> {
    let head = line.trim_start_matches(|c: char| c.is_whitespace() || "（〔(【".contains(c));
    LABEL_RE
        .captures(head)
        .filter(|c| c.get(0).is_some_and(|m| m.start() == 0))
        .map(|c| label_kind(&c))
}

/// Person fields outside brackets (牵头负责领导：张某某（副市长）), label and value: nothing in
/// them is a unit, not even a bracket or an agency named in a title.
pub(super) fn person_fields(labels: &[(LabelAt, usize)]) -> Vec<(usize, usize)> {
    labels
        .iter()
        .filter(|(l, _)| l.kind == LabelKind::Person)
        .map(|(l, e)| (l.start, *e))
        .collect()
}

/// What prose reading must skip of the labels outside brackets: every label with its value,
/// except that a content label (整改要求：…) hides only its label word, its value being prose
/// that may name the units (由联系单位县农业农村局负责…).
pub(super) fn label_masks(labels: &[(LabelAt, usize)]) -> Vec<(usize, usize)> {
    labels
        .iter()
        .map(|(l, e)| match l.kind {
            LabelKind::Content => (l.start, l.value),
            _ => (l.start, *e),
        })
        .collect()
}

/// Labels of `t[s..e]` that are not inside a nested bracket.
pub(super) fn labels_in(t: &str, s: usize, e: usize) -> Vec<LabelAt> {
    let mut out = Vec::new();
    if !may_hold_label(&t[s..e]) {
        return out;
    }
    let mut depth = 0usize;
    let mut pos = s;
    for m in LABEL_RE.captures_iter(&t[s..e]) {
        let Some(all) = m.get(0) else {
            continue;
        };
        let ms = s + all.start();
        for c in t[pos..ms].chars() {
            if is_open(c) {
                depth += 1;
            } else if is_close(c) {
                depth = depth.saturating_sub(1);
            }
        }
        pos = ms;
        if depth == 0 {
            out.push(LabelAt {
                start: ms,
                value: s + all.end(),
                kind: label_kind(&m),
            });
        }
    }
    out
}

/// Where a label value starting at `vs` ends: the next label, 。；, the line end or `limit`.
pub(super) fn value_end(t: &str, vs: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    let mut i = vs;
    while i < limit {
        let Some(c) = char_at(t, i) else { break };
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0 && matches!(c, '。' | '；' | ';' | '\n') {
            break;
        }
        i += c.len_utf8();
    }
    match OTHER_LABEL_RE.find(&t[vs..i]) {
        Some(m) => vs + m.start(),
        None => i,
    }
}

/// Runs of labels outside brackets (“牵头单位：…；配合单位：…” or label lines one after another),
/// from the labels of [`top_labels`].
pub(super) fn label_runs(t: &str, labels: &[(LabelAt, usize)]) -> Vec<(usize, usize)> {
    runs_of(t, labels.iter().map(|(l, ve)| (l.start, *ve)))
}

/// Joins labels (start, where the value ends) that only punctuation or space separates.
fn runs_of(t: &str, labels: impl Iterator<Item = (usize, usize)>) -> Vec<(usize, usize)> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (ls, ve) in labels {
        match runs.last_mut() {
            Some(run)
                if run.1 <= ls
                    && t[run.1..ls]
                        .chars()
                        .all(|c| c.is_whitespace() || "；;。，,、/／".contains(c)) =>
            {
                run.1 = ve;
            }
            _ => runs.push((ls, ve)),
        }
    }
    runs
}

/// `label_runs` as it was, with its own search for the labels, kept to hold the runs read from
/// [`top_labels`] to it.
#[cfg(test)]
fn label_runs_reference(t: &str, groups: &[Group]) -> Vec<(usize, usize)> {
    if !may_hold_label(t) {
        return Vec::new();
    }
    let labels: Vec<(usize, usize)> = LABEL_RE
        .find_iter(t)
        .filter(|m| group_at(groups, m.start()).is_none())
        .map(|m| (m.start(), m.end()))
        .collect();
    let ends = labels.iter().enumerate().map(|(k, &(ls, vs))| {
        let next = labels.get(k + 1).map_or(t.len(), |n| n.0);
        (ls, value_end(t, vs, next).max(vs))
    });
    runs_of(t, ends)
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&LABEL_RE);
    LazyLock::force(&OTHER_LABEL_RE);
    LazyLock::force(&LABEL_GROUPS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn runs_from_the_shared_labels_match_their_reference() {
        let pieces = [
            "牵头单位：",
            "责任单位：",
            "配合单位:",
            "完成时限：",
            "牵头负责领导：",
            "整改要求：",
            "县水利局",
            "市财政局",
            "、",
            "；",
            "。",
            "，",
            "\n",
            "  ",
            "（",
            "）",
            "张某",
            "2025年底前",
            "推进工作",
            "联系人：",
            "其他：",
        ];
        let mut rng = crate::test_rng::Rng(17);
        let mut runs = 0;
        for _ in 0..20_000 {
            let t = rng.join(&pieces, 1..11);
            let groups = top_groups(&t);
            let want = label_runs_reference(&t, &groups);
            assert_eq!(label_runs(&t, &top_labels(&t, &groups)), want, "{t}");
            runs += want.len();
        }
        assert!(runs > 10_000, "{runs}");
    }

    #[test]
    fn label_line_after_task() {
        let t = "（二）开展高层建筑消防隐患排查。全面排查疏散通道堵塞问题。\n责任单位：县消防救援大队\n完成时限：2025年9月底前";
        assert_eq!(own(t), [("县消防救援大队", Responsible)]);
        assert_eq!(form(t), Some(UnitForm::Label));
    }

    #[test]
    fn lead_and_support_labels_on_one_line() {
        let t = "整治河道采砂。\n牵头单位：县水利局；配合单位：县农业农村局、县林业局";
        assert_eq!(
            own(t),
            [
                ("县水利局", Lead),
                ("县农业农村局", Support),
                ("县林业局", Support)
            ]
        );
    }

    #[test]
    fn labels_inside_brackets() {
        let t = "推进机构改革。（牵头单位：省发展改革委；责任单位：省委编办、省自然资源厅）";
        assert_eq!(
            own(t),
            [
                ("省发展改革委", Lead),
                ("省委编办", Responsible),
                ("省自然资源厅", Responsible),
            ]
        );
        assert_eq!(form(t), Some(UnitForm::Label));
    }

    #[test]
    fn label_value_runs_over_commas_and_keeps_nested_brackets() {
        let t = "〔牵头单位：市政务服务管理局；责任单位：市直各部门，各县（市、区）人民政府、高新区管委会〕";
        assert_eq!(
            own(t),
            [
                ("市政务服务管理局", Lead),
                ("市直各部门", Responsible),
                ("各县（市、区）人民政府", Responsible),
                ("高新区管委会", Responsible),
            ]
        );
    }

    #[test]
    fn labels_separated_by_spaces_only() {
        let t = "（牵头单位：市商务局  责任单位：市发改委、市财政局、各区县政府）";
        assert_eq!(
            own(t),
            [
                ("市商务局", Lead),
                ("市发改委", Responsible),
                ("市财政局", Responsible),
                ("各区县政府", Responsible),
            ]
        );
    }

    #[test]
    fn label_synonyms() {
        assert_eq!(
            own("主责单位：区城管局；协办单位：区公安分局"),
            [("区城管局", Lead), ("区公安分局", Support)]
        );
        assert_eq!(
            own("责任部门：县自然资源局"),
            [("县自然资源局", Responsible)]
        );
        assert_eq!(
            own("参与单位：县科技局；配合部门：县税务局"),
            [("县科技局", Support), ("县税务局", Support)]
        );
    }

    #[test]
    fn label_value_ends_at_another_label() {
        assert_eq!(
            own("责任单位：县财政局  完成时限：2025年6月底前"),
            [("县财政局", Responsible)]
        );
        assert_eq!(
            own("完成时限：2025年底前。责任单位：县民政局。"),
            [("县民政局", Responsible)]
        );
    }

    #[test]
    fn label_without_value() {
        assert!(own("责任单位：\n完成时限：2025年底前").is_empty());
        assert!(own("牵头单位：").is_empty());
        assert!(own("责任单位：；配合单位：").is_empty());
    }

    #[test]
    fn label_with_duty_defined_departments() {
        let t = "责任单位：县应急管理局等负有安全生产监督管理职责的部门";
        let s = scan(t, false);
        assert_eq!(
            names(t, &s.own),
            [
                ("县应急管理局", Responsible),
                ("负有安全生产监督管理职责的部门", Responsible),
            ]
        );
        assert!(!s.own[0].generic);
    }

    #[test]
    fn label_value_with_its_own_roles() {
        assert_eq!(
            own("责任单位：市住建局牵头，市财政局配合"),
            [("市住建局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn label_lines_one_after_another_are_one_group() {
        let t = "优化营商环境。\n牵头单位：区发改局\n责任单位：区财政局，各街道";
        assert_eq!(
            own(t),
            [
                ("区发改局", Lead),
                ("区财政局", Responsible),
                ("各街道", Responsible),
            ]
        );
    }

    #[test]
    fn role_in_brackets_on_a_name() {
        assert_eq!(
            own("责任单位：市政府办公室（牵头）、市财政局"),
            [("市政府办公室", Lead), ("市财政局", Responsible)]
        );
    }

    // --- field lines of reposted breakdown notices (issue 12) -----------------------------

    #[test]
    fn compound_unit_labels_give_their_roles() {
        let t = "1.加快推进重大项目建设。\n牵头负责领导：张某某（副市长）\n牵头责任单位：市发展改革委\n协同责任单位：市财政局、市自然资源局\n完成时限：2025年12月底前";
        assert_eq!(
            own(t),
            [
                ("市发展改革委", Lead),
                ("市财政局", Support),
                ("市自然资源局", Support),
            ]
        );
        assert_eq!(form(t), Some(UnitForm::Label));
        let t = "2.优化营商环境。\n主要责任单位：市政务服务管理局\n协同配合单位:市大数据局、市市场监管局";
        assert_eq!(
            own(t),
            [
                ("市政务服务管理局", Lead),
                ("市大数据局", Support),
                ("市市场监管局", Support),
            ]
        );
        let t = "3.推进城市更新。\n配合责任单位：市财政局\n参与单位：市城管局\n责任单位：市住建局";
        assert_eq!(
            own(t),
            [
                ("市财政局", Support),
                ("市城管局", Support),
                ("市住建局", Responsible)
            ]
        );
    }

    #[test]
    fn unit_label_with_its_contact_person() {
        let t = "5.建设项目。\n责任单位及责任人：县水利局（张三）、县财政局（李四）";
        assert_eq!(
            own(t),
            [("县水利局", Responsible), ("县财政局", Responsible)]
        );
    }

    #[test]
    fn person_lines_are_never_units() {
        for t in [
            "4.实施就业优先战略。\n牵头负责领导：张某某（副市长）",
            "4.实施就业优先战略。\n责任领导：市发展改革委主任李某某",
            "4.实施就业优先战略。\n分管领导：赵某\n责任人：市人社局局长王某",
            "4.实施就业优先战略。\n牵头领导:孙某某（市政府副秘书长）",
            "4.实施就业优先战略。\n市级领导：钱某；联系人：周某",
        ] {
            assert_eq!(own(t), [], "{t}");
        }
    }

    #[test]
    fn leadership_in_prose_is_no_person_label() {
        let t = "1.加强组织领导：县住建局要牵头成立工作专班。";
        assert_eq!(own(t), [("县住建局", Responsible)]);
    }

    #[test]
    fn person_line_inside_a_run_of_unit_lines() {
        let t = "整治河道采砂。\n牵头单位：县水利局\n责任领导：王某（副县长）\n配合单位：县公安局";
        assert_eq!(own(t), [("县水利局", Lead), ("县公安局", Support)]);
    }

    #[test]
    fn field_lines() {
        for line in [
            "牵头责任单位：市发展改革委",
            "协同配合单位:市财政局",
            "主要责任单位：市政务服务管理局",
            "牵头负责领导：张某某（副市长）",
            "（责任单位：县财政局）",
            "完成时限：本年度内持续开展",
        ] {
            assert!(is_field_line(line), "{line}");
        }
        for line in [
            "整改措施：对排查出的问题建立台账。",
            "各责任单位要切实履行职责。",
            "明确责任单位和完成时限。",
        ] {
            assert!(!is_field_line(line), "{line}");
        }
    }

    #[test]
    fn units_in_a_rectification_measure_or_requirement() {
        let t = "（一）高标准农田建设质量不高的问题\n整改要求：由联系单位县农业农村局负责督促各乡镇落实整改，县财政局配合做好资金保障。\n完成时限：本年度内持续开展";
        assert_eq!(
            own(t),
            [("县农业农村局", Responsible), ("县财政局", Support)]
        );
        let t =
            "（二）三资管理不规范的问题\n整改措施：由牵头单位县农业农村局负责组织开展清产核资。";
        assert_eq!(own(t), [("县农业农村局", Lead)]);
    }

    #[test]
    fn a_unit_field_wins_over_the_requirement_prose() {
        let t = "（一）问题\n整改要求：由联系单位县农业农村局负责督促各乡镇落实整改。\n责任单位：各乡镇人民政府";
        assert_eq!(own(t), [("各乡镇人民政府", Responsible)]);
    }

    #[test]
    fn traditional_field_lines_with_pinyin_through_the_view() {
        let src = "1.加快推進重大項目建設。\n牽頭負責領導：張某某（副市長）\n牽頭責任單位：市發展改革委\n協同責任單位：市財政局、市自然資(zī)源局";
        let view = crate::normalize::MatchView::new(src, 0);
        let t = view.text();
        assert_eq!(
            own(t),
            [
                ("市发展改革委", Lead),
                ("市财政局", Support),
                ("市自然资源局", Support),
            ]
        );
    }
}
