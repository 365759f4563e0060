//! 发文字号 (also when it wraps over two lines) and 成文日期.

use std::sync::LazyLock;

use regex::Regex;

use crate::input::Block;
use crate::normalize::MatchView;
use crate::source::Span;

/// A 发文字号: the issuer's abbreviation (嘉府办发), the year in brackets, the serial and 号. The
/// abbreviation is at most 16 chars; the patterns leave its length open and [`short_issuer`]
/// counts it, because a bounded repeat of the Han class (`{1,16}`) compiles to sixteen copies
/// of its automaton, forward and backward, paid by every process that reads a head.
static DOC_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]+[〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]\s*第?\s*[0-9]{1,5}\s*号")
        .unwrap()
});
/// The first line of a 发文字号 broken over two: 嘉府办发〔2025〕 or 嘉府办发.
static NUMBER_HEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[\p{Han}A-Za-z]+([〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]|[发办函字电])$")
        .unwrap()
});

/// The brackets a 发文字号's year may stand in; none is a Han char or a letter, so the issuer's
/// abbreviation ends where the first of them is.
const YEAR_BRACKETS: [char; 5] = ['〔', '[', '【', '［', '（'];

/// The longest issuer abbreviation a 发文字号 has.
const MAX_ISSUER_CHARS: usize = 16;

/// Does the 发文字号 pattern's match `m` (of [`DOC_NUMBER`] or [`NUMBER_HEAD`]) start with an
/// abbreviation of at most [`MAX_ISSUER_CHARS`]? A head line without brackets (嘉府办发) is the
/// abbreviation and its last char.
fn short_issuer(m: &str) -> bool {
    match m.find(YEAR_BRACKETS) {
        Some(end) => m[..end].chars().count() <= MAX_ISSUER_CHARS,
        None => m.chars().count() <= MAX_ISSUER_CHARS + 1,
    }
}

/// The 发文字号 at the start of a view's text.
fn doc_number(t: &str) -> Option<regex::Match<'_>> {
    DOC_NUMBER.find(t).filter(|m| short_issuer(m.as_str()))
}

/// Does a view's text start with a 发文字号?
pub(super) fn is_doc_number(t: &str) -> bool {
    doc_number(t).is_some()
}

/// Is a view's text the first line of a 发文字号 broken over two?
fn is_number_head(t: &str) -> bool {
    NUMBER_HEAD
        .find(t)
        .is_some_and(|m| short_issuer(m.as_str()))
}

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
    if let Some(m) = doc_number(here) {
        let span = views[i].to_original(m.start(), m.end());
        return Some(DocNumber {
            span,
            text: text[span.start..span.end].to_string(),
        });
    }
    let next = views.get(i + 1)?;
    if !is_number_head(here) {
        return None;
    }
    let m = NUMBER_TAIL.find(next.text())?;
    let joined = format!("{here}{}", &next.text()[..m.end()]);
    if !is_doc_number(&joined) {
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

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&DOC_NUMBER);
    LazyLock::force(&NUMBER_HEAD);
    LazyLock::force(&NUMBER_TAIL);
    LazyLock::force(&DATE_LINE);
    LazyLock::force(&CN_DATE_LINE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The issuer's length as the patterns once bounded it.
    const BOUNDED_DOC_NUMBER: &str =
        r"^[\p{Han}A-Za-z]{1,16}[〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]\s*第?\s*[0-9]{1,5}\s*号";
    const BOUNDED_NUMBER_HEAD: &str =
        r"^[\p{Han}A-Za-z]{1,16}([〔\[【［（]\s*[0-9]{0,4}\s*[〕\]】］）]|[发办函字电])$";

    #[test]
    fn doc_numbers_are_read_as_the_bounded_patterns_read_them() {
        let doc_number_re = Regex::new(BOUNDED_DOC_NUMBER).unwrap();
        let head_re = Regex::new(BOUNDED_NUMBER_HEAD).unwrap();
        let pieces = [
            "嘉", "府", "办", "发", "函", "A", "〔", "〕", "[", "]", "【", "】", "［", "］", "（",
            "）", "2025", "12", " ", "第", "号", "，", "字",
        ];
        let mut rng = crate::test_rng::Rng(11);
        let mut next = |n: usize| rng.below(n);
        let mut texts: Vec<String> = (0..20_000)
            .map(|_| (0..next(12)).map(|_| pieces[next(pieces.len())]).collect())
            .collect();
        // Abbreviations on either side of sixteen chars, with and without the rest.
        for n in 12..=20 {
            let issuer = "嘉".repeat(n);
            for rest in ["〔2025〕12号", "〔2025〕", "发", "", "（2025）第3号正文"] {
                texts.push(format!("{issuer}{rest}"));
            }
        }
        for t in &texts {
            assert_eq!(
                doc_number(t).map(|m| m.range()),
                doc_number_re.find(t).map(|m| m.range()),
                "{t}"
            );
            assert_eq!(is_number_head(t), head_re.is_match(t), "{t}");
        }
    }
}
