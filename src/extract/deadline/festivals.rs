//! Year-less periods and festivals: 年底前, 年内, 一季度末前, 上半年内, 月底前, 春节前, 国庆节前,
//! 汛期前; the solar-calendar day a fixed festival falls on.

use super::*;

/// Each word holds a character that `in_other_forms` (or 年, 月) tests for before the search.
pub(super) const FEST: &str =
    "春节|元旦|国庆节?|五一|劳动节|清明节?|端午节?|中秋节?|主?汛期|汛前|采暖季|供暖季|取暖季";

/// Year-less forms: 年底前, 年内, 一季度末前, 上半年内, 春节前, 月底前.
pub(super) static OTHER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?P<pre>{PRE})?(?:(?P<ye>年[底末])|(?P<yn>年度?内)|(?P<q>第?[一二三四]季度)(?:末|底)?\
         |(?P<h>上半年|下半年|年中)(?:末|底)?|(?P<f>{FEST})|(?P<me>(?:本|当|下个?)?月[底末]))(?P<b>以前|之前|前|内)?"
    ))
    .expect("other date pattern")
});

/// One character of every `OTHER_RE` alternative: 底末 (年底, 月末), 内 (年内), 半中 (上半年,
/// 年中), and those of `in_other_forms` (季度, festivals). Literals only, so the search is the SIMD
/// prefilter alone.
static OTHER_FORM_CHARS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("底|末|内|半|中|季|汛|春|旦|庆|五|劳|清|端|秋").expect("other form characters")
});

/// Can `OTHER_RE` match in `text`? Most dated paragraphs name a date but no period or festival,
/// and the test is far cheaper than the search with captures.
pub(super) fn may_hold_other_form(text: &str) -> bool {
    OTHER_FORM_CHARS.is_match(text)
}

static OTHER_GROUPS: LazyLock<DateGroups> = LazyLock::new(|| DateGroups::of(&OTHER_RE));

/// A match that the rules of `dates_other` reject whatever its groups: a year-end or 年内 right
/// after a figure (2025年底 is the year pattern's), a month-end right after a month number
/// (6月底 is the month pattern's), any form right after a written year (2026年春节 is the year
/// pattern's). Most matches are these, and they need no captures.
fn plainly_rejected(text: &str, start: usize, end: usize) -> bool {
    let m = &text[start..end];
    let Some(prev) = prev_char(text, start) else {
        return false;
    };
    // No form starts with 到, 至 or 截: without that prefix the form starts the match.
    if m.starts_with(['到', '至', '截']) {
        return false;
    }
    let digitish = |c: char| c.is_ascii_digit() || is_cn_numeral(c);
    if prev == '年' && prev_char(text, start - prev.len_utf8()).is_some_and(digitish) {
        return true;
    }
    // Only `ye` (年[底末]) and `yn` (年度?内) start so; no 到/至 prefix starts with 年 or 月.
    if ["年底", "年末", "年内", "年度内"]
        .iter()
        .any(|w| m.starts_with(w))
    {
        return digitish(prev);
    }
    // Only `me` starts with 月; after an ASCII figure it is never a numeral inside a word.
    m.starts_with('月') && prev.is_ascii_digit()
}

pub(super) fn dates_other(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for found in OTHER_RE.find_iter(text) {
        if plainly_rejected(text, found.start(), found.end()) {
            continue;
        }
        // The same match, now with its groups: no pattern here looks behind its start.
        if let Some(caps) = OTHER_RE.captures_at(text, found.start()) {
            push_other(text, &caps, mode, out);
        }
    }
}

/// Judges one match of the year-less forms and keeps it when it is a date of this plan.
fn push_other(text: &str, caps: &Captures<'_>, mode: Mode, out: &mut Vec<Cand>) {
    let g = &*OTHER_GROUPS;
    let Some(all) = caps.get(0) else {
        return;
    };
    let core_start = g.pre(caps).map_or(all.start(), |p| p.end());
    let prev = prev_char(text, core_start);
    let prev2 = prev_char(
        text,
        core_start.saturating_sub(prev.map_or(0, char::len_utf8)),
    );
    let digitish = |c: char| c.is_ascii_digit() || is_cn_numeral(c);
    let after_year = prev == Some('年') && prev2.is_some_and(digitish);
    let reject = if DateGroups::get(caps, g.ye).is_some() {
        // 去年底 / 上年末 are past; 三年底 is no year-end; 2025年底 is the year pattern's.
        prev.is_some_and(|c| digitish(c) || "每去上前半个学".contains(c))
    } else if DateGroups::get(caps, g.yn).is_some() {
        // 三年内, 几年内: a duration, not this year.
        prev.is_some_and(|c| digitish(c) || "几多数半每近去上个".contains(c))
            || starts_with_any(&text[all.end()..], &["容", "涵", "部", "外"])
    } else if DateGroups::get(caps, g.q).is_some() {
        prev.is_some_and(|c| c.is_ascii_digit() || "每前后个近".contains(c))
    } else if DateGroups::get(caps, g.h).is_some() {
        prev.is_some_and(|c| "每个".contains(c))
    } else if DateGroups::get(caps, g.f).is_some() {
        after_year
    } else {
        // 月底: not after a month number (6月底 is the month pattern's) nor 每/个/上; a
        // numeral inside a word (统一月底前) is no month number.
        let word_numeral = prev.is_some_and(is_cn_numeral)
            && prev2.is_some_and(|c| is_han(c) && !is_cn_numeral(c) && !cn_month_prev_ok(c));
        !word_numeral && prev.is_some_and(|c| digitish(c) || "每个上".contains(c))
    };
    if reject || after_year {
        return;
    }
    if let Some(m) = date_match(caps, g, all.start(), all.end(), None) {
        push_judged(text, &m, mode, out);
    }
}

/// `dates_other` as it was, captures for every match, kept to hold its pre-test to it.
#[cfg(test)]
fn dates_other_reference(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for caps in OTHER_RE.captures_iter(text) {
        push_other(text, &caps, mode, out);
    }
}

/// The last day before a festival whose date is fixed on the solar calendar; lunar festivals
/// (春节, 端午, 中秋) and 汛期 move from year to year and get no date.
pub(super) fn festival_date(f: &str, year: Option<i32>) -> Option<PartialDate> {
    match f {
        "元旦" => Some(PartialDate {
            year: Some(year?.checked_sub(1)?),
            month: Some(12),
            day: Some(31),
        }),
        "国庆" | "国庆节" => Some(PartialDate {
            year,
            month: Some(9),
            day: Some(30),
        }),
        "五一" | "劳动节" => Some(PartialDate {
            year,
            month: Some(4),
            day: Some(30),
        }),
        _ => None,
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&OTHER_RE);
    LazyLock::force(&OTHER_FORM_CHARS);
    LazyLock::force(&OTHER_GROUPS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::Date;
    use crate::extract::deadline::testing::*;

    #[test]
    fn other_forms_match_their_reference() {
        let pieces = [
            "年",
            "月",
            "底",
            "末",
            "内",
            "度",
            "第",
            "一",
            "三",
            "季度",
            "上半年",
            "年中",
            "本",
            "下个",
            "春节",
            "国庆节",
            "汛前",
            "到",
            "至",
            "截至",
            "前",
            "以前",
            "完成",
            "，",
            "2025",
            "6",
            "十",
            "统",
            "每",
            "去",
            "几",
            "容",
            "工作",
            "。",
        ];
        let found = same_as_reference(&pieces, 19, dates_other, dates_other_reference);
        assert!(found > 5000, "{found}");
    }

    #[test]
    fn the_character_test_passes_every_other_form() {
        // Every character of `in_other_forms` must be in the test's set too.
        for c in "季汛春旦庆五劳清端秋".chars() {
            assert!(
                in_other_forms(c) && may_hold_other_form(&c.to_string()),
                "{c}"
            );
        }
        let pieces = [
            "年",
            "月",
            "底",
            "末",
            "内",
            "度",
            "第",
            "一",
            "二",
            "三",
            "四",
            "季度",
            "上半年",
            "下半年",
            "年中",
            "本",
            "当",
            "下个",
            "春节",
            "元旦",
            "国庆节",
            "五一",
            "劳动节",
            "清明节",
            "端午节",
            "中秋节",
            "主汛期",
            "汛前",
            "采暖季",
            "供暖季",
            "取暖季",
            "到",
            "至",
            "截至",
            "前",
            "以前",
            "完成",
            "，",
            "2025",
            "6",
            "工作",
        ];
        let mut rng = crate::test_rng::Rng(13);
        let mut matched = 0;
        for _ in 0..40_000 {
            let t = rng.join(&pieces, 1..7);
            if OTHER_RE.is_match(&t) {
                assert!(may_hold_other_form(&t), "{t}");
                matched += 1;
            }
        }
        assert!(matched > 5000, "{matched}");
    }

    #[test]
    fn year_end_without_year() {
        let t = "6.推进农村改厕。年底前，完成1200户改厕任务。";
        assert_eq!(got(t), Some(("年底前", Date)));
        assert_eq!(date_of(t, Some(2024)).as_deref(), Some("2024-12-31"));
        assert_eq!(date_of(t, None), None);
    }

    #[test]
    fn within_the_year() {
        let t = "年内完成老旧小区改造20个。";
        assert_eq!(got(t), Some(("年内", Date)));
        assert_eq!(date_of(t, Some(2022)).as_deref(), Some("2022-12-31"));
        assert_eq!(
            got("2024年内全面建成智慧停车平台。"),
            Some(("2024年内", Date))
        );
    }

    #[test]
    fn festivals_and_flood_season() {
        let t = "组织专项检查，确保2025年春节前全部整改到位。";
        assert_eq!(got(t), Some(("2025年春节前", Date)));
        // A lunar festival moves: no calendar date is claimed.
        assert_eq!(find(t).and_then(|h| h.date), None);
        assert_eq!(
            got("完成河道清障，2024年汛期前全部完工。"),
            Some(("2024年汛期前", Date))
        );
        assert_eq!(got("各单位在国庆节前完成自查。"), Some(("国庆节前", Date)));
        assert_eq!(
            date_of("各单位在国庆节前完成自查。", Some(2024)).as_deref(),
            Some("2024-09-30")
        );
        assert_eq!(
            date_of("2025年元旦前完成清欠。", None).as_deref(),
            Some("2024-12-31")
        );
    }

    #[test]
    fn quarters_and_halves() {
        let t = "2025年第三季度末前完成设备安装。";
        assert_eq!(got(t), Some(("2025年第三季度末前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2025-09-30"));
        assert_eq!(
            date_of("上半年内完成招标。", Some(2024)).as_deref(),
            Some("2024-06-30")
        );
        assert_eq!(got("前三季度全市地区生产总值增长5%。"), None);
        assert_eq!(got("2024年前10个月完成投资80亿元。"), None);
        assert_eq!(got("年底前一律拆除到位。"), Some(("年底前", Date)));
    }
}
