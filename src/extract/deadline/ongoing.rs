//! Immediate (立即, 立行立改, 即时) and ongoing (长期坚持, 常态化, 持续推进) limits, and when such a
//! word stands as a clause of its own rather than as an adverb in prose.

use super::*;

pub(super) static IMMEDIATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("立行立改|即知即改|即查即改|边查边改|事不隔夜|即日起|立即")
        .expect("immediate pattern")
});

pub(super) static ONGOING_RE: LazyLock<Regex> = LazyLock::new(|| {
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

/// A time-limit word that forms a clause of its own: `（…配合，长期坚持）`, `完成时限：长期`.
pub(super) fn stands_alone(text: &str, start: usize, end: usize) -> bool {
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
    fn immediate_after_common_words() {
        assert_eq!(got("发现隐患并立即上报。"), Some(("立即", Date)));
        assert_eq!(got("施工过程中立即停工整改。"), Some(("立即", Date)));
    }
}
