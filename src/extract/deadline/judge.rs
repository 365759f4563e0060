//! Judging a date-shaped match by its context: a completion limit (年底前完成), a target (到2025年),
//! or background (2025年是…收官之年, 从2020年起, 较2020年底, a 《》 title); clause starts, label
//! values and titles that the judgement looks at.

use super::*;

/// Verbs of completion right after a time: `年底完成`, `6月底全面建成`.
const COMPLETE: &[&str] = &[
    "完成", "建成", "实现", "全面", "全部", "基本", "出台", "印发", "竣工", "投用", "投运", "到位",
];
/// What after a time makes it a start, a range start or a definition, not a deadline.
const NOT_DEADLINE_AFTER: &[&str] = &[
    "起", "开始", "以来", "以后", "之后", "后", "至", "到", "—", "–", "-", "～", "~", "是", "为",
    "将", "期间", "间",
];
/// Before a time: a start (从/自) or a comparison base (较2020年底).
const NOT_DEADLINE_BEFORE: &[&str] = &["从", "自", "较", "比", "与"];
/// Goal verbs that make a bare year a target: 确保2020年各项目标任务圆满完成.
const GOAL: &[&str] = &["确保", "力争", "争取", "计划", "预计", "力求"];

pub(super) fn push_judged(text: &str, m: &DateMatch, mode: Mode, out: &mut Vec<Cand>) {
    if let Some((tier, start)) = judge(text, m, mode) {
        out.push(Cand {
            start,
            end: m.end,
            tier,
            date: m.date,
        });
    }
}

/// Decides whether a date-shaped match is a deadline, and how strong. Returns the tier and the
/// start of the quoted phrase (with 到 when it is a target, without 至 when it ends a range).
pub(super) fn judge(text: &str, m: &DateMatch, mode: Mode) -> Option<(Tier, usize)> {
    let after = &text[m.end..];
    if ends_with_any(&text[..m.start], NOT_DEADLINE_BEFORE) {
        return None;
    }
    // 到/至 before a time: a target (到2025年底) unless it closes a range (4月11日至10月31日)
    // or belongs to a verb (达到2020年水平).
    let mut range_end = false;
    let pre_ok = match m.pre {
        None => false,
        Some(pre) => {
            let p = prev_char(text, m.start);
            if p.is_some_and(|c| c.is_ascii_digit() || "年月日号".contains(c)) {
                range_end = true;
                false
            } else if pre == "到" {
                !p.is_some_and(|c| "达做收得看见想受感遇回退延拖迟办提送找报来直".contains(c))
            } else if pre == "至" {
                !p.is_some_and(|c| "以乃甚".contains(c))
            } else {
                // 截至2024年底 reports a status; 截止 names a deadline.
                pre != "截至"
            }
        }
    };
    let start = if pre_ok { m.start } else { m.core };
    let prev_core = &text[..m.core];

    if let Some(b) = m.before {
        if b.ends_with('内') {
            if starts_with_any(after, &["容", "涵", "部", "外"]) {
                return None;
            }
        } else if starts_with_any(after, &["后", "期", "提", "置"]) || counts_from_start(after)
        {
            // 前后 is "around", 前期/前提 are other words, 前三季度 is a running total.
            return None;
        }
        if m.gran == Gran::Year && !b.ends_with('内') {
            // 2025年前完成 is a deadline, 1975年以前危旧住房 a description.
            let ok = mode == Mode::Value
                || pre_ok
                || clause_start(text, m.core)
                || ends_with_any(prev_core, &["于", "在", "到"])
                || ends_with_any(prev_core, GOAL)
                || next_nonspace(after) == Some('，')
                || completes(after);
            if !ok {
                return None;
            }
        }
        return Some((Tier::Date, start));
    }
    match m.gran {
        Gran::Festival => {
            // 汛期/春节 alone name a season (加强汛期巡查, 春节将至), not a deadline.
            return (m.fest == Some("汛前")).then_some((Tier::Date, start));
        }
        Gran::MonthEnd => return (mode == Mode::Value).then_some((Tier::Bare, start)),
        _ => {}
    }
    if pre_ok && !after.starts_with('的') && m.pre != Some("截至") {
        return Some((Tier::Date, start));
    }
    if starts_with_any(after, &["为止", "止", "截止"]) {
        return Some((Tier::Date, start));
    }
    let cs = clause_start(text, m.core);
    let goal = ends_with_any(prev_core, GOAL);
    if completes(after) {
        if m.gran != Gran::Year {
            return Some((Tier::Date, start));
        }
        return (mode == Mode::Value || cs || goal).then_some((Tier::Bare, start));
    }
    if starts_with_any(after, NOT_DEADLINE_AFTER) || m.pre == Some("截至") {
        return None;
    }
    if mode == Mode::Value {
        return Some((Tier::Bare, start));
    }
    if m.has_day && (cs || range_end || ends_with_any(prev_core, &["于", "在"])) {
        return Some((Tier::Bare, start));
    }
    if goal || (cs && matches!(next_nonspace(after), Some('，' | '：'))) {
        return Some((Tier::Bare, start));
    }
    None
}

/// The value after a label: up to the end of its clause (；。） or line), at most 40 characters.
/// Commas stay inside: `立行立改，长期坚持` is one value.
pub(super) fn label_value(text: &str, from: usize) -> (usize, usize) {
    let start = from + (text[from..].len() - trim_start_bounded(&text[from..]).len());
    let mut end = start;
    for (i, c) in text[start..].char_indices().take(40) {
        if "；。）)\n;".contains(c) {
            break;
        }
        end = start + i + c.len_utf8();
    }
    (start, end)
}

/// Byte ranges of 《…》 titles (nested ones included); an unclosed 《 runs to the end of its line.
pub(super) fn title_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Most task texts cite no title; a byte search is cheaper than walking their characters.
    if !text.contains('《') {
        return out;
    }
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, i + c.len_utf8()));
                }
            }
            '\n' if depth > 0 => {
                out.push((open, i));
                depth = 0;
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push((open, text.len()));
    }
    out
}

pub(super) fn in_ranges(ranges: &[(usize, usize)], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.1 <= pos);
    ranges.get(i).is_some_and(|r| r.0 <= pos)
}

/// True when `pos` starts a clause: at the start of the text, after punctuation, or after a
/// numbering marker (1. / 一是).
pub(super) fn clause_start(text: &str, pos: usize) -> bool {
    let head = trim_end_bounded(&text[..pos]);
    let Some(c) = head.chars().next_back() else {
        return true;
    };
    if is_delim(c) {
        return true;
    }
    let rest = &head[..head.len() - c.len_utf8()];
    match c {
        '.' | '．' => rest.chars().next_back().is_some_and(|d| d.is_ascii_digit()),
        '是' => {
            // 一是 / 十二是 at the start of the text or of a clause.
            let mut numerals = 0;
            for d in rest.chars().rev().take(4) {
                if is_cn_numeral(d) {
                    numerals += 1;
                } else {
                    return numerals > 0 && is_delim(d);
                }
            }
            numerals > 0 && rest.chars().rev().nth(numerals).is_none()
        }
        _ => false,
    }
}

/// `三季度`, `10个月` right after 前: the first n periods (前三季度), not "before".
fn counts_from_start(after: &str) -> bool {
    let digits = after
        .char_indices()
        .take(4)
        .find(|(_, c)| !(c.is_ascii_digit() || is_cn_numeral(*c)))
        .map_or(after.len(), |(i, _)| i);
    digits > 0
        && starts_with_any(
            &after[digits..],
            &["季度", "个", "月", "年", "名", "位", "批", "周", "天"],
        )
}

/// A completion verb follows (年底完成), not a relative clause (1980年以前建成的住房).
fn completes(after: &str) -> bool {
    COMPLETE
        .iter()
        .any(|w| after.starts_with(w) && !after[w.len()..].starts_with('的'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::{Date, Recurring};
    use crate::extract::deadline::testing::*;

    #[test]
    fn target_with_dao_keeps_dao() {
        let t = "到2026年底前，全县行政村生活污水治理率达到60%以上。";
        assert_eq!(got(t), Some(("到2026年底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2026-12-31"));
        let t = "加快管网建设。到2027年底，城区雨污分流改造全部完成。";
        assert_eq!(got(t), Some(("到2027年底", Date)));
    }

    #[test]
    fn target_year_alone() {
        let t = "到2030年，全市清洁能源供暖比例提高到80%。";
        assert_eq!(got(t), Some(("到2030年", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2030-12-31"));
        let t = "力争到2027年6月，建成覆盖全域的监测网络。";
        assert_eq!(got(t), Some(("到2027年6月", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2027-06-30"));
    }

    #[test]
    fn dao_inside_a_verb_or_range_is_no_target() {
        assert_eq!(got("主要指标达到2020年全省平均水平。"), None);
        assert_eq!(got("实施期限为2023年到2025年，分三步推进。"), None);
    }

    #[test]
    fn bare_day_at_clause_start() {
        let t = "二是开展集中宣传。10月18日，在文化广场举办安全宣传咨询日活动。";
        assert_eq!(got(t), Some(("10月18日", Date)));
        assert_eq!(date_of(t, Some(2023)).as_deref(), Some("2023-10-18"));
    }

    #[test]
    fn bare_target_years() {
        let t = "深化扬尘治理，强化联防联控。2023年，全市优良天数比率稳定在80%以上。";
        assert_eq!(got(t), Some(("2023年", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2023-12-31"));
        let t = "2021年是“十四五”开局之年。各部门要压实责任，确保2021年各项目标全面完成。";
        let h = find(t).unwrap();
        assert_eq!((&t[h.start..h.end], h.kind), ("2021年", Date));
        assert!(h.start > t.find("确保").unwrap());
    }

    #[test]
    fn year_before_only_when_it_limits_an_action() {
        assert_eq!(
            got("2027年前，全面完成城镇老旧小区改造。"),
            Some(("2027年前", Date))
        );
        assert_eq!(got("加快推进1980年以前建成的老旧住房改造。"), None);
    }

    #[test]
    fn periods_seasons_and_routines() {
        assert_eq!(got("重污染天气预警期间，全面停止土石方作业。"), None);
        assert_eq!(got("加强汛期水库安全巡查。"), None);
        assert_eq!(got("定期通报进展，对问题限期整改。"), None);
        assert_eq!(got("元旦春节期间严格落实值班制度。"), None);
        assert_eq!(got("2024年春节将至，各单位要做好安全防范。"), None);
        assert_eq!(got("春节前后加强市场巡查。"), None);
    }

    #[test]
    fn starts_and_definitions() {
        assert_eq!(got("从2024年7月起，在全区推行垃圾分类。"), None);
        assert_eq!(got("自2023年1月1日起施行。"), None);
        assert_eq!(got("2022年是实施“十四五”规划的关键之年。"), None);
        assert_eq!(got("2021年以来，全县累计完成投资10亿元。"), None);
    }

    #[test]
    fn titles_numbers_and_comparisons() {
        assert_eq!(
            got("认真贯彻《打赢蓝天保卫战三年行动计划（2018—2020年）》要求。"),
            None
        );
        assert_eq!(got("落实《关于2024年底前完成清欠工作的通知》。"), None);
        assert_eq!(got("关停日产3000吨以下熟料生产线。"), None);
        assert_eq!(got("PM2.5浓度较2020年底下降10%。"), None);
        assert_eq!(got("力争五年内基本实现全覆盖。"), None);
        assert_eq!(got("截至2023年底，全市已建成充电桩1200个。"), None);
        assert_eq!(got("建立即时响应机制。"), None);
    }

    #[test]
    fn year_end_event_without_limit() {
        let t = "加强督查，年底逐项考核评估。各单位于每月5日前报送进展。";
        assert_eq!(got(t), Some(("每月5日前", Recurring)));
    }

    #[test]
    fn no_deadline_at_all() {
        assert_eq!(
            got("1.完善农村公路养护管理体制。（县交通运输局牵头）"),
            None
        );
        assert_eq!(got("新增城镇就业1.2万人。"), None);
    }

    #[test]
    fn next_year_gets_no_date() {
        let h = find("明年3月底前完成验收。").unwrap();
        assert_eq!(h.kind, Date);
        assert_eq!(h.date, None);
    }

    #[test]
    fn milestones_and_ranges() {
        assert_eq!(
            got("2026年：完成主体工程；2027年：投入运行。"),
            Some(("2026年", Date))
        );
        let t = "（一）集中整治阶段（2024年5月6日至9月30日）。";
        assert_eq!(got(t), Some(("9月30日", Date)));
        assert_eq!(date_of(t, Some(2024)).as_deref(), Some("2024-09-30"));
        assert_eq!(got("实施方案（2023—2025年）"), None);
        assert_eq!(
            got("分别于3月10日、9月10日前报送半年总结。"),
            Some(("9月10日前", Date))
        );
    }

    #[test]
    fn zhi_and_jiezhi_as_targets() {
        assert_eq!(
            got("至2026年底，城区绿地率达到40%。"),
            Some(("至2026年底", Date))
        );
        assert_eq!(
            got("申报截止2024年8月31日。"),
            Some(("截止2024年8月31日", Date))
        );
        assert_eq!(
            got("自即日起至2024年12月31日，开展专项行动。"),
            Some(("至2024年12月31日", Date))
        );
    }

    #[test]
    fn year_words_that_are_no_deadline() {
        assert_eq!(got("2024年度内完成全部验收。"), Some(("2024年度内", Date)));
        assert_eq!(got("落实2024年内部审计计划。"), None);
        assert_eq!(got("本月底前报送自查报告。"), Some(("本月底前", Date)));
    }
}
