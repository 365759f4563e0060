//! Statements about other tasks' units: legends that say how to read a list
//! (列第一位者为牵头单位，下同) and blanket statements that hand units on
//! (以下各项工作均需各县区人民政府落实，不再列出).

use super::*;
use crate::unfiltered::{Unfiltered, unfiltered};

pub(super) static LEGEND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:列|排)(?:在|名)?(?:第一位|第一|首位)(?:的|者)?(?:责任|牵头)?(?:单位|部门)?(?:为|是)\
         (?:牵头|主办|主责|汇总)|无牵头单位的[，,]?(?:由)?责任单位(?:即)?为牵头单位",
    )
    .expect("legend pattern")
});

pub(super) static BLANKET_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "不再(?:一一|重复|另行|单独)?(?:列出|列明|列举|标注|注明|赘述)|不再(?:做|作|进行)?(?:分工|分解)|下同",
    )
        .expect("blanket pattern")
});

/// Without a prefilter: its prefixes (以下, 下列) are words of ordinary prose, and a prefilter
/// that stops at each of them cost more than the automaton alone.
const BLANKET_OPEN_PATTERN: &str =
    "(?:以下|下列|下述)(?:各项|所有|全部|各|的)?(?:重点)?(?:工作|任务|措施|事项|内容)";

pub(super) static BLANKET_OPEN_RE: LazyLock<Unfiltered> =
    LazyLock::new(|| unfiltered(BLANKET_OPEN_PATTERN));

/// Bounds of the sentence around `pos`: inside its bracket group or line, between 。；！？.
/// Looks at most a few hundred bytes either way so that many markers stay linear.
fn sentence_bounds(t: &str, groups: &[Group], pos: usize) -> (usize, usize) {
    const REACH: usize = 600;
    let (lo, hi) = match group_at(groups, pos) {
        Some(g) if pos >= g.inner_s => (g.inner_s, g.inner_e),
        _ => (0, t.len()),
    };
    let lo = floor_boundary(t, lo.max(pos.saturating_sub(REACH)));
    let hi = ceil_boundary(t, hi.min(pos + REACH));
    let lo = lo.min(pos);
    let hi = hi.max(pos);
    let s = t[lo..pos]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_sentence_break(c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let e = t[pos..hi]
        .char_indices()
        .find(|&(_, c)| is_sentence_break(c))
        .map_or(hi, |(i, _)| pos + i);
    (s, e)
}

/// Sentences that say how to read the lists (列第一位者为牵头单位), sorted.
pub(super) fn find_legends(t: &str, groups: &[Group]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = LEGEND_RE
        .find_iter(t)
        .map(|m| {
            // From the legend's own clause to the sentence end (…，下同): the list before it in
            // the same sentence (省发改委、省经信委，列第一位者为牵头单位) is still a list.
            let (s, e) = sentence_bounds(t, groups, m.start());
            (clause_start(t, s, m.start()), e.max(m.end()))
        })
        .collect();
    sort_merge(&mut out);
    out
}

/// Every `BLANKET_END_RE` match holds 不再 or 下同. A substring test (SIMD) spares most texts
/// the search, whose prefilter stops at every 不 and 下.
fn may_hold_blanket_end(t: &str) -> bool {
    t.contains("不再") || t.contains("下同")
}

/// Every `BLANKET_OPEN_RE` match holds 下 (以下, 下列, 下述). Tested as a string: a `char`
/// test runs memchr on its last UTF-8 byte, which most Chinese characters share with others.
fn may_hold_blanket_open(t: &str) -> bool {
    t.contains("下")
}

pub(super) struct BlanketFound {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) hits: Vec<Hit0>,
    /// Said of the tasks that follow only (以下各项…): not this task's own units.
    pub(super) forward: bool,
}

pub(super) fn find_blankets(
    t: &str,
    groups: &[Group],
    legends: &[(usize, usize)],
) -> Vec<BlanketFound> {
    let mut out: Vec<BlanketFound> = Vec::new();
    let ends = may_hold_blanket_end(t).then(|| BLANKET_END_RE.find_iter(t));
    for m in ends.into_iter().flatten() {
        if overlaps(legends, m.start(), m.end()) {
            continue;
        }
        let (ss, _) = sentence_bounds(t, groups, m.start());
        let (region, forward) = match opener_in(t, ss, m.start()) {
            Some(o) => (o, true),
            None => {
                // 下同 / 不再列出 after the units' own clause: the statement is that clause.
                let mut end = m.start();
                let mut forward = false;
                loop {
                    let before = t[ss..end]
                        .trim_end_matches(|c: char| c.is_whitespace() || "，,、".contains(c));
                    end = ss + before.len();
                    match ["以下", "下文", "其他", "均"]
                        .iter()
                        .find(|w| before.ends_with(*w))
                    {
                        Some(w) => {
                            forward |= *w == "以下" || *w == "下文";
                            end -= w.len();
                        }
                        None => break,
                    }
                }
                // The units may sit a clause or two before the marker
                // (具体任务均涉及相关市（州）人民政府，不再做分工，下同).
                let mut cs = clause_start(t, ss, end);
                while cs > ss && blanket_units(t, cs, m.start()).is_empty() {
                    cs = clause_start(t, ss, prev_char(t, cs).map_or(cs, |c| cs - c.len_utf8()));
                }
                (cs, forward)
            }
        };
        // 以下均需县（市、区）政府落实，不再列出: about the tasks that follow.
        let forward = forward
            || ["以下", "下列", "下述"]
                .iter()
                .any(|w| t[region..].starts_with(w));
        let hits = blanket_units(t, region, m.start());
        if !hits.is_empty() {
            out.push(BlanketFound {
                start: region,
                end: m.end(),
                hits,
                forward,
            });
        }
    }
    // 以下各项工作由各县区人民政府负责落实 says the same without 不再列出.
    let mut found: Vec<(usize, usize)> = out.iter().map(|b| (b.start, b.end)).collect();
    sort_merge(&mut found);
    let opens = may_hold_blanket_open(t).then(|| BLANKET_OPEN_RE.find_iter(t));
    for m in opens.into_iter().flatten() {
        if overlaps(&found, m.start(), m.start() + 1)
            || overlaps(legends, m.start(), m.end())
            || !opener_starts_clause(t, m.start())
        {
            continue;
        }
        let (_, se) = sentence_bounds(t, groups, m.start());
        let hits = blanket_units(t, m.start(), se);
        if !hits.is_empty() {
            let end = m.start()
                + t[m.start()..se]
                    .trim_end_matches(|c: char| c.is_whitespace() || "，,".contains(c))
                    .len();
            out.push(BlanketFound {
                start: m.start(),
                end,
                hits,
                forward: true,
            });
        }
    }
    out.sort_by_key(|b| b.start);
    out
}

/// Units of a blanket statement: unit clauses, or names after 均需/均由/涉及 with no role word
/// (以下各项任务均由各县区人民政府, 具体任务均涉及相关市（州）人民政府).
fn blanket_units(t: &str, s: usize, e: usize) -> Vec<Hit0> {
    let ctx = Ctx { skips: &[] };
    let mut hits = Vec::new();
    parse_plain(t, s, e, &ctx, Mode::Strict { roleless: false }, &mut hits);
    if !hits.is_empty() {
        return hits;
    }
    let mut depth = 0usize;
    let mut cs = s;
    for (k, c) in t[s..e].char_indices().chain(std::iter::once((e - s, '，'))) {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && matches!(c, '，' | ',' | '。' | '；') {
            let ce = s + k;
            let intro = ["均涉及", "涉及", "均需", "均由", "均为", "需由"]
                .iter()
                .filter_map(|w| t[cs..ce].rfind(w).map(|p| cs + p + w.len()))
                .max();
            if let Some(ns) = intro
                && let Some(els) = names_between(t, ns, ce, true)
            {
                hits.extend(els.into_iter().map(|el| Hit0 {
                    s: el.s,
                    e: el.e,
                    role: el.role.unwrap_or(Role::Responsible),
                    listed: false,
                }));
                return hits;
            }
            cs = ce + c.len_utf8();
        }
    }
    hits
}

/// The first 以下各项工作 (not 35蒸吨以下) in `t[s..e]`.
fn opener_in(t: &str, s: usize, e: usize) -> Option<usize> {
    BLANKET_OPEN_RE
        .find_iter(&t[s..e])
        .map(|m| s + m.start())
        .find(|&p| opener_starts_clause(t, p))
}

fn opener_starts_clause(t: &str, p: usize) -> bool {
    match t[..p].trim_end().chars().next_back() {
        None => true,
        // A statement may follow the task's own parenthetical directly: …负责落实）以下各项….
        Some(c) => {
            is_sentence_break(c) || "，,：:对在将把按".contains(c) || is_open(c) || is_close(c)
        }
    }
}

/// Start of the comma clause that ends at `end` (the sentence starts at `ss`).
pub(super) fn clause_start(t: &str, ss: usize, end: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in t[ss..end].char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            if depth == 0 {
                return ss + i + c.len_utf8();
            }
            depth -= 1;
        } else if depth == 0 && matches!(c, '，' | ',') {
            return ss + i + c.len_utf8();
        }
    }
    ss
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&LEGEND_RE);
    LazyLock::force(&BLANKET_END_RE);
    LazyLock::force(&BLANKET_OPEN_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn the_unfiltered_opener_pattern_matches_as_regex_does() {
        crate::unfiltered::assert_same_as_regex(BLANKET_OPEN_PATTERN, &BLANKET_OPEN_RE);
    }

    #[test]
    fn character_tests_pass_every_match() {
        // Texts built from the patterns' own words: whatever a pattern matches, the test before
        // its search must let through.
        let pieces = [
            "列",
            "排",
            "在",
            "名",
            "第一位",
            "第一",
            "首位",
            "的",
            "者",
            "责任",
            "牵头",
            "单位",
            "部门",
            "为",
            "是",
            "主办",
            "主责",
            "汇总",
            "无牵头单位的",
            "，",
            "由",
            "即",
            "不再",
            "一一",
            "重复",
            "另行",
            "单独",
            "列出",
            "列明",
            "列举",
            "标注",
            "注明",
            "赘述",
            "做",
            "作",
            "进行",
            "分工",
            "分解",
            "下同",
            "以下",
            "下列",
            "下述",
            "各项",
            "所有",
            "全部",
            "各",
            "重点",
            "工作",
            "任务",
            "措施",
            "事项",
            "内容",
            "。",
            "县",
            "下",
        ];
        let mut rng = crate::test_rng::Rng(11);
        let mut seen = [0usize; 2];
        for _ in 0..40_000 {
            let t = rng.join(&pieces, 1..9);
            let cases = [
                (BLANKET_END_RE.is_match(&t), may_hold_blanket_end(&t)),
                (BLANKET_OPEN_RE.is_match(&t), may_hold_blanket_open(&t)),
            ];
            for (k, (matched, may_hold)) in cases.into_iter().enumerate() {
                if matched {
                    assert!(may_hold, "{t}");
                    seen[k] += 1;
                }
            }
        }
        assert!(seen.iter().all(|&n| n > 500), "{seen:?}");
    }

    #[test]
    fn legend_inside_group_makes_first_listed_lead() {
        let t =
            "推进天然气管网建设。（省经信委、省发改委（省能源局）。列第一位者为牵头部门，下同）";
        let s = scan(t, false);
        assert!(s.legend_first_is_lead);
        assert_eq!(
            names(t, &s.own),
            [("省经信委", Lead), ("省发改委（省能源局）", Responsible)]
        );
        assert!(s.blanket.is_none());
    }

    #[test]
    fn legend_in_the_same_sentence_as_the_list() {
        let t = "推进电网改造升级。（省能源局、省电力公司，列第一位者为牵头单位）";
        assert_eq!(own(t), [("省能源局", Lead), ("省电力公司", Responsible)]);
    }

    #[test]
    fn national_form_with_deng_before_the_role() {
        let t =
            "由国家发展改革委、国家能源局、财政部、市场监管总局等按职责分工负责，12月底前完成。";
        assert_eq!(
            own_names(t),
            ["国家发展改革委", "国家能源局", "财政部", "市场监管总局"]
        );
    }

    #[test]
    fn legend_seen_earlier_applies_to_roleless_list() {
        let t = "建设全民健身中心。（市文广旅局、市体育局）";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市文广旅局", Lead), ("市体育局", Responsible)]
        );
        let t = "责任单位：市发展改革委、市财政局";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市发展改革委", Lead), ("市财政局", Responsible)]
        );
    }

    #[test]
    fn legend_does_not_override_a_stated_lead() {
        let t = "（市发展改革委牵头，市财政局配合）";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市发展改革委", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn cover_note_legends() {
        for t in [
            "责任分解中，列第一位的责任单位为牵头单位或汇总单位。",
            "牵头单位（无牵头单位的，责任单位即为牵头单位，下同）",
            "各项任务列第一位者为牵头单位。",
        ] {
            let s = scan(t, false);
            assert!(s.legend_first_is_lead, "{t}");
            assert!(s.own.is_empty(), "{t}");
            assert!(s.blanket.is_none(), "{t}");
        }
    }

    #[test]
    fn legend_sentence_is_not_a_subject() {
        let t =
            "二、责任分解中，列第一位的责任单位为牵头单位。各牵头单位和配合单位要按月报送进展。";
        assert_eq!(own_names(t), ["各牵头单位", "配合单位"]);
    }

    #[test]
    fn forward_blanket_inside_own_group() {
        let t = "1.严格环境准入。（市生态环境局牵头，市发展改革委配合，各县区人民政府负责落实。以下各项工作均需各县区人民政府落实，不再列出）";
        let s = scan(t, false);
        assert_eq!(
            names(t, &s.own),
            [
                ("市生态环境局", Lead),
                ("市发展改革委", Support),
                ("各县区人民政府", Responsible),
            ]
        );
        assert_eq!(
            blanket(t),
            Some((
                "以下各项工作均需各县区人民政府落实，不再列出",
                vec!["各县区人民政府"]
            ))
        );
    }

    #[test]
    fn blanket_with_nested_brackets() {
        let t = "〔市水务局牵头。以下各项工作均需各县、区人民政府（管委会）落实，不再列出。〕";
        assert_eq!(own(t), [("市水务局", Lead)]);
        assert_eq!(
            blanket(t),
            Some((
                "以下各项工作均需各县、区人民政府（管委会）落实，不再列出",
                vec!["各县、区人民政府（管委会）"]
            ))
        );
    }

    #[test]
    fn blanket_right_after_own_group_quotes_only_the_statement() {
        let t = "完成排查建档。（市生态环境局牵头，各县区人民政府负责落实）以下各项工作均需各县区人民政府落实，不再列出。";
        let (statement, names) = blanket(t).expect("blanket");
        assert_eq!(statement, "以下各项工作均需各县区人民政府落实，不再列出");
        assert_eq!(names, ["各县区人民政府"]);
    }

    #[test]
    fn standalone_blanket_is_not_own() {
        let t = "以下各项任务均由各镇人民政府负责落实，不再一一列出。";
        let s = scan(t, false);
        assert!(s.own.is_empty());
        let b = s.blanket.expect("blanket");
        assert_eq!(
            &t[b.start..b.end],
            "以下各项任务均由各镇人民政府负责落实，不再一一列出"
        );
        assert_eq!(names(t, &b.units), [("各镇人民政府", Responsible)]);
        assert!(b.units[0].generic);
    }

    #[test]
    fn xiatong_blanket_also_names_this_task() {
        let t = "（市交通运输局牵头，各县区人民政府负责落实，下同）";
        assert_eq!(
            own(t),
            [("市交通运输局", Lead), ("各县区人民政府", Responsible)]
        );
        assert_eq!(
            blanket(t),
            Some(("各县区人民政府负责落实，下同", vec!["各县区人民政府"]))
        );
    }

    #[test]
    fn blanket_opener_without_end_marker() {
        let t = "以下工作由各乡镇人民政府负责落实。";
        assert_eq!(
            blanket(t),
            Some(("以下工作由各乡镇人民政府负责落实", vec!["各乡镇人民政府"]))
        );
        assert!(own(t).is_empty());
    }

    #[test]
    fn quantity_below_is_not_a_blanket() {
        let t = "淘汰每小时10蒸吨以下燃煤锅炉，10万元以下项目不再列出。";
        assert!(scan(t, false).blanket.is_none());
    }

    #[test]
    fn legend_inside_a_blanket_statement_applies_to_its_own_list() {
        let t = "（一）以下各项任务均由县农业农村局、县财政局负责，列第一位者为牵头单位，下同。";
        let b = scan(t, false).blanket.expect("blanket");
        assert_eq!(
            names(t, &b.units),
            [("县农业农村局", Lead), ("县财政局", Responsible)]
        );
        // Without the legend the same statement names no lead.
        let t = "（一）以下各项任务均由县农业农村局、县财政局负责，不再列出。";
        let b = scan(t, false).blanket.expect("blanket");
        assert_eq!(
            names(t, &b.units),
            [("县农业农村局", Responsible), ("县财政局", Responsible)]
        );
    }

    #[test]
    fn legend_on_a_field_line_applies_to_that_line() {
        let t = "责任单位：县住建局、县财政局（列第一位者为牵头单位，下同）";
        let s = scan(t, false);
        assert!(s.legend_first_is_lead);
        assert_eq!(
            names(t, &s.own),
            [("县住建局", Lead), ("县财政局", Responsible)]
        );
    }
}
