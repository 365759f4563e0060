//! Field labels and their values: 牵头单位：…；配合单位：…, 责任单位：… inline, in brackets or
//! on lines of their own, and where a value ends (the next label, 。；, the line end).

use super::*;

pub(super) static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(牵头单位|牵头部门|主责单位|主责部门|主办单位|责任单位|责任部门|责任主体|实施单位|承办单位|\
         落实单位|配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|协助单位|协作单位|协同单位|\
         完成时限|完成时间|时间节点|时限要求|整改时限|整改期限|办结时限|整改目标|整改措施|进度安排|\
         牵头领导|责任领导|分管领导|包抓领导|责任人|联系人)[ \t]*[：:]",
    )
    .expect("label pattern")
});

/// Any other short label after spaces ends a value (“责任单位：县财政局  完成时限：…”).
pub(super) static OTHER_LABEL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{3000}]+\p{Han}{2,8}[：:]").expect("other label pattern"));

pub(super) struct LabelAt {
    pub(super) start: usize,
    pub(super) value: usize,
    pub(super) role: Option<Role>,
}

pub(super) fn label_role(word: &str) -> Option<Role> {
    if word.starts_with("牵头单位")
        || word.starts_with("牵头部门")
        || word.starts_with("主责")
        || word.starts_with("主办")
    {
        Some(Role::Lead)
    } else if ["配合", "协办", "参与", "协助", "协作", "协同"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Some(Role::Support)
    } else if ["责任单位", "责任部门", "责任主体", "实施", "承办", "落实"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Some(Role::Responsible)
    } else {
        None
    }
}

/// Labels of `t[s..e]` that are not inside a nested bracket.
pub(super) fn labels_in(t: &str, s: usize, e: usize) -> Vec<LabelAt> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut pos = s;
    for m in LABEL_RE.captures_iter(&t[s..e]) {
        let (Some(all), Some(word)) = (m.get(0), m.get(1)) else {
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
                role: label_role(word.as_str()),
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

/// Runs of labels outside brackets (“牵头单位：…；配合单位：…” or label lines one after another).
pub(super) fn label_runs(t: &str, groups: &[Group]) -> Vec<(usize, usize)> {
    let labels: Vec<(usize, usize)> = LABEL_RE
        .find_iter(t)
        .filter(|m| group_at(groups, m.start()).is_none())
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (k, &(ls, vs)) in labels.iter().enumerate() {
        let next = labels.get(k + 1).map_or(t.len(), |n| n.0);
        let ve = value_end(t, vs, next).max(vs);
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

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
}
