//! Recurring limits: 每月25日前, 每季度结束后10个工作日内, 每年的3月至12月, 每季度开展一次.

use super::*;

/// Cycles with an optional day or window: 每月25日前, 每季度结束后10个工作日内, 每年的3月至12月
/// 每月, 每季度开展一次.
static RECUR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "每个?(?:(?:[0-9]{{1,2}}|[一两二三四五六七八九十半])个?)?\
         (?P<u>年度?|半年|季度|季|月|周|星期|旬|天|日|工作日|学期|学年)\
         (?:的?{MON}月份?(?:{DAY}[日号])?(?:上旬|中旬|下旬|底|末|初)?\
         (?:(?:至|到|-|—|～|~){MON}月份?(?:{DAY}[日号])?(?:底|末)?)?(?:每个?(?:月|周|天|日|旬))?\
         |年?[底末]|月[底末]|第?[一1首]个?月(?:{DAY}[日号])?\
         |(?:结束后|末后|后)(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,2}})个?工作日内|{DAY}[日号])?\
         (?:以前|之前|前)?(?P<x>\\p{{Han}}{{0,2}}?(?:[0-9]{{1,2}}|[一两二三四五六七八九十])次)?"
    ))
    .expect("recurring pattern")
});

/// The `u` (unit) and `x` (frequency) groups of `RECUR_RE`, by index.
static RECUR_GROUPS: LazyLock<[usize; 2]> =
    LazyLock::new(|| ["u", "x"].map(|n| crate::extract::group_index(&RECUR_RE, n)));

pub(super) fn recurring(text: &str, out: &mut Vec<Cand>) {
    let [unit_group, freq_group] = *RECUR_GROUPS;
    for caps in RECUR_RE.captures_iter(text) {
        let Some(all) = caps.get(0) else {
            continue;
        };
        // 每人每年补贴: a rate per person and year, not a cycle of work.
        if text[..all.start()].chars().rev().take(3).any(|c| c == '每') {
            continue;
        }
        let mut end = all.end();
        if let Some(x) = caps.get(freq_group) {
            // 每年一次性补助: 一次性 means "one-off", not the frequency; the cycle is 每年.
            if text[end..].starts_with('性') {
                end = x.start();
            }
        }
        let (unit, unit_end) = caps
            .get(unit_group)
            .map_or(("", 0), |u| (u.as_str(), u.end()));
        let mut next = text[end..].chars();
        let n1 = next.next();
        let frequency = caps.get(freq_group).is_some() && end == all.end();
        if !frequency {
            // 每周一召开: the weekday is part of the cycle (but 每周一次 is a frequency).
            if (unit == "周" || unit == "星期")
                && end == unit_end
                && n1.is_some_and(|c| "一二三四五六日天".contains(c))
                && !next.next().is_some_and(|c| "次遍回".contains(c))
            {
                end += n1.map_or(0, char::len_utf8);
                // 每周五前报送: the limit on that day belongs to the phrase.
                for w in ["以前", "之前", "前"] {
                    if text[end..].starts_with(w) {
                        end += w.len();
                        break;
                    }
                }
            } else if n1.is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
                // 每天20万吨, 每天5万立方米: a capacity, not a cycle; but 每日一报, 每月一调度
                // are a frequency.
                let after_number = text[end..]
                    .chars()
                    .take(8)
                    .find(|c| !(c.is_ascii_digit() || is_cn_numeral(*c)));
                if !after_number.is_some_and(|c| "次遍回报调通督会巡检查".contains(c)) {
                    continue;
                }
            }
        }
        out.push(Cand {
            start: all.start(),
            end,
            tier: Tier::Recurring,
            date: None,
        });
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&RECUR_RE);
    LazyLock::force(&RECUR_GROUPS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::Recurring;
    use crate::extract::deadline::testing::*;

    #[test]
    fn monthly_with_day() {
        let t = "各责任单位每月10日前将工作进展报领导小组办公室。";
        assert_eq!(got(t), Some(("每月10日前", Recurring)));
        assert_eq!(find(t).unwrap().date, None);
    }

    #[test]
    fn quarterly_windows() {
        assert_eq!(
            got("每季度结束后5个工作日内报送季度小结。"),
            Some(("每季度结束后5个工作日内", Recurring))
        );
        assert_eq!(
            got("在每个季度第1个月15日前报送上季度情况。"),
            Some(("每个季度第1个月15日前", Recurring))
        );
        assert_eq!(
            got("每季度开展一次联合执法检查。"),
            Some(("每季度开展一次", Recurring))
        );
    }

    #[test]
    fn plain_cycles() {
        assert_eq!(
            got("每年组织一次应急演练评估。"),
            Some(("每年组织一次", Recurring))
        );
        assert_eq!(
            got("每年更新企业环境信用评价名单。"),
            Some(("每年", Recurring))
        );
        assert_eq!(
            got("镇级网格员每周巡查辖区不少于2次。"),
            Some(("每周", Recurring))
        );
        assert_eq!(
            got("领导小组办公室每半年通报进展。"),
            Some(("每半年", Recurring))
        );
        assert_eq!(got("每周一召开调度例会。"), Some(("每周一", Recurring)));
        assert_eq!(
            got("每年年底前报送年度总结。"),
            Some(("每年年底前", Recurring))
        );
        assert_eq!(got("每天对重点路段洒水降尘。"), Some(("每天", Recurring)));
    }

    #[test]
    fn capacities_are_no_cycles() {
        assert_eq!(got("新建再生水厂，处理规模每天8万吨。"), None);
        assert_eq!(got("禁止新建每小时20蒸吨以下燃煤锅炉。"), None);
        assert_eq!(got("扩建净水厂，供水能力每日3万立方米。"), None);
        assert_eq!(got("对困难群众每人每月补助300元。"), None);
    }

    #[test]
    fn season_range_stays_inside_the_first_cycle() {
        let t = "县级河长每季度巡河不少于1次；村级河长每年的4月至11月每周巡河不少于1次。";
        assert_eq!(got(t), Some(("每季度", Recurring)));
        let hits = scan(t);
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[1].start..hits[1].end], "每年的4月至11月每周");
    }

    #[test]
    fn frequencies_with_a_numeral() {
        assert_eq!(got("疫情期间每日一报。"), Some(("每日", Recurring)));
        assert_eq!(
            got("每学期开展一次消防演练。"),
            Some(("每学期开展一次", Recurring))
        );
        assert_eq!(got("各地每周五前报送信息。"), Some(("每周五前", Recurring)));
        assert_eq!(
            got("每年3月31日前报送上年度总结。"),
            Some(("每年3月31日前", Recurring))
        );
    }
}
