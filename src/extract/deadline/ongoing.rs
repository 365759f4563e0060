//! Immediate (立即, 立行立改, 即时) and ongoing (长期坚持, 常态化, 持续推进) limits, and when such a
//! word stands as a clause of its own rather than as an adverb in prose.

use super::*;

static IMMEDIATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("立行立改|即知即改|即查即改|边查边改|事不隔夜|即日起|立即")
        .expect("immediate pattern")
});

static ONGOING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("长期坚持|长期推进|持续推进|持续开展|持续实施|常抓不懈|常态化|长期")
        .expect("ongoing pattern")
});

pub(super) fn immediate(text: &str, out: &mut Vec<Cand>) {
    for m in IMMEDIATE_RE.find_iter(text) {
        // 建立即时响应机制: 立即 straddles a word that ends in 立.
        if m.as_str() == "立即"
            && prev_char(text, m.start())
                .is_some_and(|c| "建设成确树独创订站起公私直孤林挺矗伫耸鼎倒峙兀竖另".contains(c))
        {
            continue;
        }
        out.push(Cand {
            start: m.start(),
            end: m.end(),
            tier: Tier::Immediate,
            date: None,
        });
    }
}

pub(super) fn ongoing(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for m in ONGOING_RE.find_iter(text) {
        let ok = mode == Mode::Value
            || stands_alone(text, m.start(), m.end())
            // 常态化开展… and 长期坚持开展… set the pace of the action itself.
            || (matches!(m.as_str(), "常态化" | "长期坚持")
                && starts_with_any(
                    &text[m.end()..],
                    &[
                        "开展", "推进", "实施", "落实", "组织", "进行", "抓好", "做好", "排查",
                        "巡查", "检查", "督查",
                    ],
                ));
        if ok {
            out.push(Cand {
                start: m.start(),
                end: m.end(),
                tier: Tier::Ongoing,
                date: None,
            });
        }
    }
}

/// Words that make a period's action a continuing one: 年内持续推进, 本年度内持续开展.
const CONTINUING: &[&str] = &["持续", "长期", "常态化", "坚持", "常抓不懈", "不间断"];

/// Verbs a continuing word may carry into the quoted phrase (持续开展, 长期坚持).
const CONTINUED_ACTIONS: &[&str] = &[
    "开展", "推进", "实施", "落实", "抓好", "做好", "进行", "加强", "坚持", "深化", "巩固", "跟踪",
    "督导", "督促", "整改", "用力", "发力", "攻坚", "提升", "优化", "完善",
];

/// Where a continuing phrase that starts at `at` ends, when one does: `持续开展`, `常态化`.
fn continuing_phrase_end(text: &str, at: usize) -> Option<usize> {
    let rest = &text[at..];
    let word = CONTINUING.iter().find(|w| rest.starts_with(*w))?;
    let after = &rest[word.len()..];
    let verb = CONTINUED_ACTIONS
        .iter()
        .find(|v| after.starts_with(*v))
        .map_or(0, |v| v.len());
    Some(at + word.len() + verb)
}

/// A span of time rather than a point: 年内, 年度内, 上半年内, or a bare year (2025年). A target
/// (到2025年) is a point the result must be reached by.
fn is_period(phrase: &str, tier: Tier) -> bool {
    if !matches!(tier, Tier::Date | Tier::Bare) || starts_with_any(phrase, &["到", "至", "截"]) {
        return false;
    }
    phrase.ends_with('内')
        || phrase.strip_suffix('年').is_some_and(|y| {
            !y.is_empty() && y.chars().all(|c| c.is_ascii_digit() || is_cn_numeral(c))
        })
}

/// A period that a continuing action fills is no completion point: `本年度内持续开展`,
/// `年内持续推进` and `2025年内持续开展` say the work goes on through the period (ongoing).
/// A point in time (`2025年底前并持续推进`, `2025年底前完成并长效坚持`) still fixes when the
/// task must first be done, so it stays a date.
pub(super) fn merge_period_ongoing(text: &str, kept: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
    for c in kept {
        if out.last().is_some_and(|prev| c.start < prev.end) {
            // Swallowed by a merged phrase (持续开展 after 年度内).
            continue;
        }
        match continuing_phrase_end(text, c.end)
            .filter(|_| is_period(&text[c.start..c.end], c.tier))
        {
            Some(end) => {
                // 本年度内 / 今年内 / 当年内: the determiner belongs to the period.
                let start = match prev_char(text, c.start) {
                    Some(d @ ('本' | '今' | '当')) => c.start - d.len_utf8(),
                    _ => c.start,
                };
                out.push(Cand {
                    start,
                    end,
                    tier: Tier::Ongoing,
                    date: None,
                });
            }
            None => out.push(c),
        }
    }
    out
}

/// A time-limit word that forms a clause of its own: `（…配合，长期坚持）`, `完成时限：长期`.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
    let before_ok = match prev_nonspace(text, start) {
        None => true,
        Some(c) => "，、；：:（(【[〔\n。,;".contains(c),
    };
    let after_ok = match next_nonspace(&text[end..]) {
        None => true,
        Some(c) => "，、；。）)】]〕\n,;！".contains(c),
    };
    before_ok && after_ok
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&IMMEDIATE_RE);
    LazyLock::force(&ONGOING_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::{Date, Ongoing};
    use crate::extract::deadline::testing::*;

    #[test]
    fn immediate_words_are_dates_without_date() {
        let h = find("对排查发现的一般隐患，督促企业立即整改。").unwrap();
        assert_eq!(h.kind, Date);
        assert_eq!(h.date, None);
        assert_eq!(got("对群众反映的问题立行立改。"), Some(("立行立改", Date)));
        assert_eq!(
            got("自即日起，在全县范围内开展专项整治。"),
            Some(("即日起", Date))
        );
        assert_eq!(got("对交办问题做到即知即改。"), Some(("即知即改", Date)));
        assert_eq!(got("对简单问题力争事不隔夜。"), Some(("事不隔夜", Date)));
    }

    #[test]
    fn ongoing_as_own_clause() {
        let t = "严格落实门前三包制度。（区城管局牵头，各街道配合，长期坚持）";
        assert_eq!(got(t), Some(("长期坚持", Ongoing)));
        assert_eq!(
            got("加强巡查执法。（市公安局负责，持续推进）"),
            Some(("持续推进", Ongoing))
        );
        assert_eq!(
            got("强化源头管控。（市水利局牵头，长期）"),
            Some(("长期", Ongoing))
        );
    }

    #[test]
    fn ongoing_label_value() {
        let t = "加强校园周边交通秩序管理。\n责任单位：县公安局交警大队\n完成时限：长期坚持";
        assert_eq!(got(t), Some(("长期坚持", Ongoing)));
    }

    #[test]
    fn normalised_as_adverb() {
        assert_eq!(
            got("常态化开展食品安全抽检，公开抽检结果。"),
            Some(("常态化", Ongoing))
        );
        assert_eq!(
            got("长期坚持开展“安全生产月”宣传咨询活动。"),
            Some(("长期坚持", Ongoing))
        );
        assert_eq!(
            got("建立联合巡查机制，常态化推进河湖“清四乱”。"),
            Some(("常态化", Ongoing))
        );
    }

    #[test]
    fn ongoing_words_in_prose_are_not_limits() {
        assert_eq!(got("持续推进社会主义核心价值观进社区进家庭。"), None);
        assert_eq!(got("持续做好疫情防控常态化工作，严防反弹。"), None);
        assert_eq!(got("对长期无人居住的危房实施拆除。"), None);
        assert_eq!(got("引导金融机构增加中长期贷款投放。"), None);
        assert_eq!(got("按短期攻坚、中期推进和长期坚持三个阶段实施。"), None);
    }

    #[test]
    fn fix_now_and_keep_it_up_is_ongoing() {
        let t = "完成时限：立行立改、长期坚持";
        assert_eq!(got(t), Some(("立行立改、长期坚持", Ongoing)));
    }

    #[test]
    fn period_filled_by_continuing_action_is_ongoing() {
        assert_eq!(
            got("完成时限：本年度内持续开展"),
            Some(("本年度内持续开展", Ongoing))
        );
        assert_eq!(
            got("开展专项整治，年内持续推进。"),
            Some(("年内持续推进", Ongoing))
        );
        assert_eq!(
            got("完成时限：2025年内持续开展"),
            Some(("2025年内持续开展", Ongoing))
        );
        assert_eq!(
            got("完成时限：2025年持续推进"),
            Some(("2025年持续推进", Ongoing))
        );
        assert_eq!(
            got("上半年内常态化开展巡查。"),
            Some(("上半年内常态化开展", Ongoing))
        );
    }

    #[test]
    fn period_alone_or_with_completion_stays_a_date() {
        assert_eq!(got("完成时限：本年度内"), Some(("年度内", Date)));
        assert_eq!(got("年内完成改造任务。"), Some(("年内", Date)));
        // 到2025年 is a target the result must reach, whatever follows it.
        assert_eq!(
            got("到2025年持续保持优良天数比例稳定在90%以上。"),
            Some(("到2025年", Date))
        );
    }

    /// Judgement call: a point in time followed by continuing work still fixes when the task
    /// must first be done, so the ledger keeps the date (a reviewer can check it); the
    /// continuing part is upkeep after completion, not the time limit.
    #[test]
    fn point_in_time_then_continuing_stays_a_date() {
        let t = "完成时限：2025年底前完成并长效坚持";
        assert_eq!(got(t), Some(("2025年底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2025-12-31"));
        assert_eq!(
            got("完成时限：2025年底前并持续推进"),
            Some(("2025年底前", Date))
        );
        assert_eq!(got("完成时限：6月底前，长期坚持"), Some(("6月底前", Date)));
    }

    #[test]
    fn immediate_after_common_words() {
        assert_eq!(got("发现隐患并立即上报。"), Some(("立即", Date)));
        assert_eq!(got("施工过程中立即停工整改。"), Some(("立即", Date)));
    }

    #[test]
    fn traditional_period_with_continuing_action_through_the_view() {
        let view = crate::normalize::MatchView::new("整改時限：本年度內持續開展", 0);
        assert_eq!(got(view.text()), Some(("本年度内持续开展", Ongoing)));
    }
}
