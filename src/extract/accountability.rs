//! Accountability clauses: what happens to those who fail (约谈, 通报批评, 问责, 追责,
//! 追究…责任, 一票否决, 严肃处理, 处分). Assessment alone (纳入考核) is not one.

use std::sync::LazyLock;

use regex::Regex;

static SANCTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"约谈|通报批评|问责|追责|追究[^。；]{0,16}责任|责任追究|一票否决|严肃处理|处分|诫勉|依规依纪依法处理|依纪依法处理|移交纪检监察|组织处理").unwrap()
});
/// Sanction words that say the opposite: 免于问责, 不予追责, 容错免责.
static WAIVER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(免于|免予|不予|不再)(问责|追责|追究|处分)").unwrap());

/// Two characters of every `SANCTION` alternative: 约谈, 批评 (通报批评), 问责, 追责, 追究
/// (追究…责任, 责任追究), 否决 (一票否决), 处理 (严肃处理, …依法处理, 组织处理), 处分, 诫勉,
/// 监察 (移交纪检监察). Literals only, so the search is the SIMD prefilter alone (a `char` test
/// per character would run memchr on UTF-8 continuation bytes, which Chinese text is full of).
/// Single characters let every 负责 of a task's units through to the search.
static SANCTION_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("约谈|批评|问责|追责|追究|否决|处理|处分|诫勉|监察").expect("sanction words")
});

/// Can `text` hold a sanction at all? Most paragraphs hold none of its words, and the test
/// is far cheaper than the search, whose prefilter stops at every 问, 组织, 一 and 依 of ordinary
/// prose.
fn may_hold_sanction(text: &str) -> bool {
    SANCTION_WORDS.is_match(text)
}

/// View ranges of the sentences in `text` that state a sanction.
pub fn clauses(text: &str) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    if !may_hold_sanction(text) {
        return out;
    }
    for m in SANCTION.find_iter(text) {
        let (start, end) = sentence_around(text, m.start(), m.end());
        if out.last().is_some_and(|&(s, _)| s == start) {
            continue;
        }
        let sentence = &text[start..end];
        if WAIVER.is_match(sentence) && SANCTION.find_iter(sentence).count() == 1 {
            continue;
        }
        out.push((start, end));
    }
    out
}

fn sentence_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let is_stop = |c: char| matches!(c, '。' | '！' | '？' | '\n');
    let s = text[..start].rfind(is_stop).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    let e = text[end..].find(is_stop).map_or(text.len(), |i| {
        end + i + text[end + i..].chars().next().map_or(0, char::len_utf8)
    });
    (s, e)
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&SANCTION);
    LazyLock::force(&WAIVER);
    LazyLock::force(&SANCTION_WORDS);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        clauses(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect()
    }

    #[test]
    fn sanctions_are_found_sentence_by_sentence() {
        let t = "将任务完成情况纳入年度考核。对工作推进不力的单位，由县政府约谈其主要负责人；情节严重的，依规依纪严肃问责。";
        assert_eq!(
            found(t),
            ["对工作推进不力的单位，由县政府约谈其主要负责人；情节严重的，依规依纪严肃问责。"]
        );
        assert_eq!(found("对弄虚作假的，依法依纪追究相关人员责任。").len(), 1);
        assert_eq!(found("实行安全生产“一票否决”。").len(), 1);
        assert_eq!(found("对整改不力的予以通报批评。").len(), 1);
    }

    #[test]
    fn every_sanction_holds_one_of_the_test_words() {
        // The alternatives of the pattern, each with its variable part filled in.
        let src = SANCTION.as_str().replace("[^。；]{0,16}", "");
        let words: Vec<&str> = src.split('|').collect();
        assert!(words.len() >= 14, "{words:?}");
        for w in words {
            assert!(SANCTION.is_match(w), "{w}");
            assert!(may_hold_sanction(w), "{w}");
        }
        assert!(!may_hold_sanction("将大气污染防治工作纳入年度目标考核。"));
        // A task's units: 负责 names a part, not a sanction.
        assert!(!may_hold_sanction(
            "（县住房和城乡建设局牵头，各乡镇人民政府负责落实）"
        ));
    }

    #[test]
    fn assessment_and_reporting_alone_are_not_sanctions() {
        assert!(found("将大气污染防治工作纳入各县区年度目标责任考核。").is_empty());
        assert!(found("实行“月调度、季通报、年考核”。").is_empty());
        assert!(found("对主动发现并及时整改的，免于问责。").is_empty());
    }
}
