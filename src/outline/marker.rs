//! Number markers at the start of a paragraph: 一、 （一） 1. （1） ① and the run-in 一是.
//!
//! Detection runs on the matching view, so `(一)`, `（一）` and `(一)` from a mirror site are one
//! marker; the span handed back is in view offsets.

use std::sync::LazyLock;

use regex::Regex;

/// How an item is numbered. The level is the standard's (GB/T 9704-2012 §7.3.3) plus the two
/// levels drafts use beneath it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MarkerStyle {
    /// 一、 (also the non-standard 一. and 一，)
    Chinese,
    /// （一） (一) ㈠
    ParenChinese,
    /// 1. 1、 1．
    Arabic,
    /// （1） (1) 1） ⑴
    ParenArabic,
    /// ①
    Circled,
    /// 一是 / 一要 at the start of a paragraph: numbers the paragraph, never splits it.
    /// The last style: the numbering check sizes its tables by it.
    RunIn,
}

impl MarkerStyle {
    pub fn level(self) -> u8 {
        match self {
            MarkerStyle::Chinese => 1,
            MarkerStyle::ParenChinese => 2,
            MarkerStyle::Arabic => 3,
            MarkerStyle::ParenArabic => 4,
            MarkerStyle::Circled => 5,
            MarkerStyle::RunIn => 6,
        }
    }
}

/// A marker found at the start of a view text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkerMatch {
    pub start: usize,
    pub end: usize,
    pub style: MarkerStyle,
    /// The number it stands for (一 → 1, ⑶ → 3).
    pub value: u32,
}

/// The chars a Chinese item number is written with.
const CN_DIGITS: &str = "一二三四五六七八九十百零〇两";

// The dots and commas include the small-form look-alikes ﹒ (U+FE52) and ﹑ (U+FE51) that
// converters and web editors leave in place of . and 、.
static CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^([{CN_DIGITS}]{{1,4}})(?:、|\.|，|﹒|﹑)")).unwrap());
// 一） without its opening parenthesis is still （一）.
static PAREN_CHINESE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!(r"^（?([{CN_DIGITS}]{{1,4}})）[、.，]?")).unwrap());
static ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([0-9]{1,3}) ?(?:\.|、|﹒|﹑)").unwrap());
/// What may follow a dot marker although it starts with a digit: a date (2.2025年6月底前…,
/// 3.9月底前…), which no decimal number is followed by.
static DATE_AFTER_MARKER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[0-9]{4}年|[0-9]{1,2}月(?:底|份|中旬|上旬|下旬|[0-9]{1,2}日))").unwrap()
});
static PAREN_ARABIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:（([0-9]{1,3})）|([0-9]{1,3})）)[、.，]?").unwrap());
static RUN_IN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([一二三四五六七八九十]{1,3})(?:是|要)").unwrap());

/// The marker at the start of `text` (a block's view), skipping Markdown emphasis.
pub fn find(text: &str) -> Option<MarkerMatch> {
    let lead = text.len() - text.trim_start_matches(['*', '_', '#', ' ']).len();
    let t = &text[lead..];
    let at = |m: regex::Match<'_>, style: MarkerStyle, value: u32| MarkerMatch {
        start: lead,
        end: lead + m.end(),
        style,
        value,
    };
    let first = t.chars().next()?;
    if let Some(v) = circled(first, '①', 20).or_else(|| circled(first, '❶', 10)) {
        return Some(MarkerMatch {
            start: lead,
            end: lead + first.len_utf8(),
            style: MarkerStyle::Circled,
            value: v,
        });
    }
    if let Some(v) = circled(first, '⑴', 20) {
        return Some(MarkerMatch {
            start: lead,
            end: lead + first.len_utf8(),
            style: MarkerStyle::ParenArabic,
            value: v,
        });
    }
    if let Some(v) = circled(first, '⒈', 20) {
        // ⒈ ⒉ ⒊: one character standing for 1. 2. 3.
        return Some(MarkerMatch {
            start: lead,
            end: lead + first.len_utf8(),
            style: MarkerStyle::Arabic,
            value: v,
        });
    }
    if let Some(v) = circled(first, '㈠', 10) {
        return Some(MarkerMatch {
            start: lead,
            end: lead + first.len_utf8(),
            style: MarkerStyle::ParenChinese,
            value: v,
        });
    }
    if !may_open_marker(first) {
        return None;
    }
    if let Some(c) = CHINESE.captures(t) {
        let value = chinese_number(&c[1])?;
        return Some(at(c.get(0)?, MarkerStyle::Chinese, value));
    }
    if let Some(c) = PAREN_CHINESE.captures(t) {
        let value = chinese_number(&c[1])?;
        return Some(at(c.get(0)?, MarkerStyle::ParenChinese, value));
    }
    if let Some(c) = PAREN_ARABIC.captures(t) {
        let digits = c.get(1).or_else(|| c.get(2))?.as_str();
        return Some(at(
            c.get(0)?,
            MarkerStyle::ParenArabic,
            digits.parse().ok()?,
        ));
    }
    if let Some(c) = ARABIC.captures(t) {
        let m = c.get(0)?;
        // 1.5万户 and 3.7亿元 are numbers, not markers.
        let rest = &t[m.end()..];
        if rest.starts_with(|c: char| c.is_ascii_digit()) && !DATE_AFTER_MARKER.is_match(rest) {
            return None;
        }
        return Some(at(m, MarkerStyle::Arabic, c[1].parse().ok()?));
    }
    if let Some(c) = RUN_IN.captures(t) {
        let m = c.get(0)?;
        // 一要 needs something after it; 一是一 or 一方面 are prose.
        if t.len() > m.end() + 3 {
            return Some(at(m, MarkerStyle::RunIn, chinese_number(&c[1])?));
        }
    }
    None
}

/// Can a marker that the patterns below match start with `c`? Nearly every paragraph starts
/// with a char none can, and this spares it the six searches. `is_numeric` is wider than the
/// patterns' Unicode `\d`, so no digit is missed.
fn may_open_marker(c: char) -> bool {
    c == '（' || c.is_numeric() || CN_DIGITS.contains(c)
}

fn circled(c: char, first: char, count: u32) -> Option<u32> {
    let d = (c as u32).checked_sub(first as u32)?;
    (d < count).then_some(d + 1)
}

/// 一 → 1, 十二 → 12, 二十 → 20, 一百零三 → 103; `None` for anything else.
pub fn chinese_number(s: &str) -> Option<u32> {
    let digit = |c: char| -> Option<u32> {
        Some(match c {
            '零' | '〇' => 0,
            '一' => 1,
            '二' | '两' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    };
    let mut total = 0u32;
    let mut current = 0u32;
    let mut any = false;
    for c in s.chars() {
        any = true;
        match c {
            '十' => {
                total += if current == 0 { 10 } else { current * 10 };
                current = 0;
            }
            '百' => {
                total += if current == 0 { 100 } else { current * 100 };
                current = 0;
            }
            _ => current = current * 10 + digit(c)?,
        }
        if total > 9999 || current > 9999 {
            return None;
        }
    }
    any.then_some(total + current)
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&CHINESE);
    LazyLock::force(&PAREN_CHINESE);
    LazyLock::force(&ARABIC);
    LazyLock::force(&DATE_AFTER_MARKER);
    LazyLock::force(&PAREN_ARABIC);
    LazyLock::force(&RUN_IN);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn style(text: &str) -> Option<(MarkerStyle, u32, &str)> {
        find(text).map(|m| (m.style, m.value, &text[m.start..m.end]))
    }

    #[test]
    fn standard_levels() {
        use MarkerStyle::*;
        assert_eq!(style("一、总体要求"), Some((Chinese, 1, "一、")));
        assert_eq!(style("十二、保障措施"), Some((Chinese, 12, "十二、")));
        assert_eq!(style("（三）工作目标"), Some((ParenChinese, 3, "（三）")));
        assert_eq!(
            style("（二十五）加强监管"),
            Some((ParenChinese, 25, "（二十五）"))
        );
        assert_eq!(style("㈡强化保障"), Some((ParenChinese, 2, "㈡")));
        assert_eq!(style("12.推进大宗货物运输"), Some((Arabic, 12, "12.")));
        assert_eq!(style("3、抓好公开载体建设"), Some((Arabic, 3, "3、")));
        assert_eq!(style("（4）完善台账"), Some((ParenArabic, 4, "（4）")));
        assert_eq!(style("⑵完善台账"), Some((ParenArabic, 2, "⑵")));
        assert_eq!(style("③5月底前完成"), Some((Circled, 3, "③")));
        assert_eq!(
            style("二是紧盯复工复产。组织企业"),
            Some((RunIn, 2, "二是"))
        );
        assert_eq!(
            style("**（一）指导思想。**坚持"),
            Some((ParenChinese, 1, "（一）"))
        );
    }

    #[test]
    fn wrong_punctuation_still_numbers_the_item() {
        assert_eq!(
            style("一.加强领导").map(|s| s.0),
            Some(MarkerStyle::Chinese)
        );
        assert_eq!(style("（一）、加强领导").map(|s| s.2), Some("（一）、"));
        assert_eq!(
            style("1）建立台账").map(|s| s.0),
            Some(MarkerStyle::ParenArabic)
        );
    }

    #[test]
    fn numbers_and_prose_are_not_markers() {
        assert_eq!(style("1.5万户农村清洁取暖改造"), None);
        assert_eq!(style("2025年，全市细颗粒物浓度下降"), None);
        assert_eq!(style("一方面要加强监管"), None);
        assert_eq!(style("12345政务服务热线"), None);
        assert_eq!(style("为深入贯彻落实"), None);
        assert_eq!(style("3.75亿元用于补助"), None);
        assert_eq!(style("2.5个月内完成"), None);
    }

    #[test]
    fn look_alike_marks_number_the_item() {
        use MarkerStyle::*;
        assert_eq!(style("1﹒完成项目摸底"), Some((Arabic, 1, "1﹒")));
        assert_eq!(style("2﹑编制改造方案"), Some((Arabic, 2, "2﹑")));
        assert_eq!(style("三﹒保障措施"), Some((Chinese, 3, "三﹒")));
        assert_eq!(style("二）强化监管"), Some((ParenChinese, 2, "二）")));
        assert_eq!(style("4）开展竣工验收"), Some((ParenArabic, 4, "4）")));
        assert_eq!(style("⒊推进工程实施"), Some((Arabic, 3, "⒊")));
        assert_eq!(style("5 、组织验收"), Some((Arabic, 5, "5 、")));
    }

    #[test]
    fn an_item_may_open_with_a_date() {
        use MarkerStyle::*;
        assert_eq!(
            style("2.2025年6月底前，完成水质检测"),
            Some((Arabic, 2, "2."))
        );
        assert_eq!(style("3.9月底前完成验收"), Some((Arabic, 3, "3.")));
        assert_eq!(style("4、12月10日前报送"), Some((Arabic, 4, "4、")));
    }

    #[test]
    fn chinese_numbers() {
        assert_eq!(chinese_number("一"), Some(1));
        assert_eq!(chinese_number("十"), Some(10));
        assert_eq!(chinese_number("十九"), Some(19));
        assert_eq!(chinese_number("二十四"), Some(24));
        assert_eq!(chinese_number("一百零三"), Some(103));
        assert_eq!(chinese_number("甲"), None);
    }
}
