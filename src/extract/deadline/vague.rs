//! Vague limits (及时, 尽快, 适时): where such a word heads the task's action (at its start, after
//! a modal or its 按照… phrase) and is the task's only time limit.

use super::*;

static VAGUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("尽快|尽早|适时|逐步|抓紧|在?最短时间内|第一时间|及时").expect("vague pattern")
});

/// A numbering marker at the start of a task's text (1. 1、 （一） 一、 ① 一是).
static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t\u{3000}]*(?:[（(][一二三四五六七八九十0-9]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|[0-9]{1,3}[.．、]|[①-⑳]|[一二三四五六七八九十]{1,3}是)[ \u{3000}]*",
    )
    .expect("marker pattern")
});

/// `应当按照规程要求，及时…`: a modal whose action is introduced by a 按照/根据 phrase.
static MODAL_ADV_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:要|应当?|应该|须|需要?|务必)(?:按照|根据|依照|依据|按|结合)")
        .expect("modal pattern")
});

pub(super) fn vague(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    // Only 及时 asks where the action starts; most texts hold no vague word at all.
    let mut heads = None;
    for m in VAGUE_RE.find_iter(text) {
        let after = &text[m.end()..];
        let ok = match m.as_str() {
            // 逐步 is vague as an adverb of the action (逐步实施), not at a clause end.
            "逐步" => after.chars().next().is_some_and(|c| is_han(c) && c != '的'),
            // 抓紧抓实 is about effort, not time.
            "抓紧" => !after.starts_with('抓'),
            "及时" => {
                let heads = *heads.get_or_insert_with(|| action_heads(text));
                jishi_heads_action(text, m.start(), mode, heads)
            }
            _ => true,
        };
        if ok {
            out.push(Cand {
                start: m.start(),
                end: m.end(),
                tier: Tier::Vague,
                date: None,
            });
        }
    }
}

/// Positions where the task's action starts: after the numbering marker, and after a run-in
/// title (the first 。 or line break within the first 40 characters).
fn action_heads(text: &str) -> [Option<usize>; 2] {
    let first = MARKER_RE
        .find(text)
        .map_or_else(|| text.len() - text.trim_start().len(), |m| m.end());
    let mut second = None;
    for (i, c) in text[first..].char_indices().take(40) {
        if c == '。' || c == '\n' {
            let at = first + i + c.len_utf8();
            second = Some(at + (text[at..].len() - trim_start_bounded(&text[at..]).len()));
            break;
        }
    }
    [Some(first), second]
}

/// 及时 is a time limit only when it heads the task's action: at its start, right after a
/// modal (要及时, 应当及时) or after a modal's 按照… phrase (应当按照规程要求，及时…).
fn jishi_heads_action(text: &str, pos: usize, mode: Mode, heads: [Option<usize>; 2]) -> bool {
    let prev = &text[..pos];
    if ends_with_any(prev, &["不", "未", "否"]) {
        return false;
    }
    if mode == Mode::Value || heads.contains(&Some(pos)) {
        return true;
    }
    if ends_with_any(prev, &["要", "应", "须", "需", "必", "当", "该"]) {
        return true;
    }
    if prev.ends_with('，') {
        let clause_end = pos - '，'.len_utf8();
        let mut clause_start = clause_end;
        for (i, c) in text[..clause_end].char_indices().rev().take(40) {
            if "，。；：\n（(".contains(c) {
                break;
            }
            clause_start = i;
        }
        return MODAL_ADV_RE.is_match(&text[clause_start..clause_end]);
    }
    false
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&VAGUE_RE);
    LazyLock::force(&MARKER_RE);
    LazyLock::force(&MODAL_ADV_RE);
}

#[cfg(test)]
mod tests {
    use crate::extract::deadline::DeadlineKind::Vague;
    use crate::extract::deadline::testing::*;

    #[test]
    fn vague_adverbs() {
        assert_eq!(got("督促施工单位尽快恢复路面通行。"), Some(("尽快", Vague)));
        assert_eq!(got("根据评估情况适时调整管控措施。"), Some(("适时", Vague)));
        assert_eq!(
            got("对老旧锅炉逐步实施清洁能源替代。"),
            Some(("逐步", Vague))
        );
        assert_eq!(got("抓紧制定配套实施细则。"), Some(("抓紧", Vague)));
        assert_eq!(
            got("确保在最短时间内完成抢修。"),
            Some(("在最短时间内", Vague))
        );
        assert_eq!(got("各单位要抓紧抓实各项工作。"), None);
    }

    #[test]
    fn timely_heading_the_action() {
        assert_eq!(got("2.及时更新政务公开专栏内容。"), Some(("及时", Vague)));
        assert_eq!(
            got("（三）做好舆情应对。及时回应社会关切。"),
            Some(("及时", Vague))
        );
        assert_eq!(got("各街道要及时上报排查结果。"), Some(("及时", Vague)));
        assert_eq!(got("各单位必须及时报告突发情况。"), Some(("及时", Vague)));
        assert_eq!(
            got("建设单位应当按照规定要求，及时公开环评信息。"),
            Some(("及时", Vague))
        );
    }

    #[test]
    fn timely_elsewhere_is_not_a_limit() {
        assert_eq!(
            got("各部门要加强沟通，共享数据，及时解决推进中的问题。"),
            None
        );
        assert_eq!(got("对整改不及时的单位予以通报。"), None);
        assert_eq!(got("加强日常巡查，及时发现问题隐患。"), None);
    }
}
