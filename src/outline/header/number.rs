//! 发文字号 (also when it wraps over two lines) and 成文日期.

use std::sync::LazyLock;

use regex::Regex;

use crate::input::Block;
use crate::normalize::MatchView;
use crate::source::Span;

pub(super) static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[\p{Han}A-Za-z]{1,16}[〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]\s*第?\s*[0-9]{1,5}\s*号",
    )
    .unwrap()
});
/// The first line of a 发文字号 broken over two: 嘉府办发〔2025〕 or 嘉府办发.
static NUMBER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]{1,16}([〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]|[发办函字电])$")
        .unwrap()
});
/// The second line: 〔2025〕12号 or 12号.
static NUMBER_TAIL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）])?\s*第?\s*[0-9]{1,5}\s*号").unwrap()
});
static DATE_LINE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^（?([0-9]{4})年([0-9]{1,2})月([0-9]{1,2})日）?$").unwrap());
static CN_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
        .unwrap()
});

/// A 发文字号 found: where it is (both lines when it wraps) and its text with the lines joined.
#[derive(Debug, Clone)]
pub(super) struct DocNumber {
    pub span: Span,
    pub text: String,
}

/// The 发文字号 at block `i`, read across the line break when it wraps before its 序号.
pub(super) fn doc_number_at(
    text: &str,
    blocks: &[Block],
    views: &[MatchView],
    i: usize,
) -> Option<DocNumber> {
    let here = views[i].text();
    if let Some(m) = DOC_NUMBER.find(here) {
        let span = views[i].to_original(m.start(), m.end());
        return Some(DocNumber {
            span,
            text: text[span.start..span.end].to_string(),
        });
    }
    let next = views.get(i + 1)?;
    if !NUMBER_HEAD.is_match(here) {
        return None;
    }
    let m = NUMBER_TAIL.find(next.text())?;
    let joined = format!("{here}{}", &next.text()[..m.end()]);
    if !DOC_NUMBER.is_match(&joined) {
        return None;
    }
    // The whole first line, with any pinyin after its last char (辦發(fā)).
    let first = super::trimmed(text, blocks[i].span);
    let second = next.to_original(0, m.end());
    Some(DocNumber {
        span: first.cover(second),
        text: format!(
            "{}{}",
            text[first.start..first.end].trim(),
            text[second.start..second.end].trim()
        ),
    })
}

/// Is this view a 成文日期 line (2025年3月14日, 二〇二五年三月十四日)?
pub(crate) fn is_date_line(t: &str) -> bool {
    DATE_LINE.is_match(t) || CN_DATE_LINE.is_match(t)
}

pub(super) fn date_line(view: &MatchView) -> Option<(Span, String)> {
    let t = view.text();
    let whole = view.to_original(0, t.len());
    if let Some(c) = DATE_LINE.captures(t) {
        let (y, m, d): (i32, u32, u32) =
            (c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?);
        return valid(y, m, d).then(|| (whole, format!("{y:04}-{m:02}-{d:02}")));
    }
    if let Some(c) = CN_DATE_LINE.captures(t) {
        let y: String = c[1]
            .chars()
            .map(|ch| match ch {
                '〇' | '○' | '零' => '0',
                other => char::from_digit(
                    super::super::marker::chinese_number(&other.to_string()).unwrap_or(0),
                    10,
                )
                .unwrap_or('0'),
            })
            .collect();
        let y: i32 = y.parse().ok()?;
        let m = super::super::marker::chinese_number(&c[2])?;
        let d = super::super::marker::chinese_number(&c[3])?;
        return valid(y, m, d).then(|| (whole, format!("{y:04}-{m:02}-{d:02}")));
    }
    None
}

fn valid(y: i32, m: u32, d: u32) -> bool {
    (1949..=2200).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d)
}
