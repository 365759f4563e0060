//! 发文机关: the organs before 关于 in a title, else the signature above the 成文日期.

use std::sync::LazyLock;

use regex::Regex;

use crate::unfiltered::{Unfiltered, unfiltered};

use crate::normalize::MatchView;
use crate::source::Span;

// Run on one name at a time: cheaper without a prefilter (see `crate::unfiltered`).
/// How an organ's name ends.
const ORGAN_END_PATTERN: &str = r"(政府|办公室|办公厅|委员会|委|局|厅|部|院|署|办|中心|党组|领导小组|指挥部|公司|集团|协会|联合会|总工会|妇联|团委|管委会|政协|人大常委会)$";
static ORGAN_END: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(ORGAN_END_PATTERN));
/// Where one organ of a joint issuance may end and the next begin.
static ORGAN_BREAK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"办公室|办公厅|委员会|人民政府|党委|[省市县区]委").unwrap());
/// How the next organ's name starts: 中共…, 国家…, or a place name.
static ORGAN_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(中共|国家|国务院|共青团|\p{Han}{1,8}?[省市县区州旗盟镇乡])").unwrap()
});

/// Does this line end as an organ's name does (某省人民政府办公厅)?
pub(super) fn is_organ(t: &str) -> bool {
    ORGAN_END.is_match(t)
}

/// The organs named before 关于 in a title whose lines are the blocks `lines`.
pub(super) fn from_title(views: &[MatchView], lines: std::ops::RangeInclusive<usize>) -> Vec<Span> {
    let mut out = Vec::new();
    for i in lines {
        let t = views[i].text();
        match t.find("关于") {
            Some(at) => {
                organs(&views[i], 0, at, &mut out);
                return out;
            }
            None => organs(&views[i], 0, t.len(), &mut out),
        }
    }
    // No 关于: the title does not name its organ.
    Vec::new()
}

/// The signature: organ lines directly above the 成文日期 at block `date`.
pub(super) fn from_signature(views: &[MatchView], date: usize) -> Vec<Span> {
    let mut lines = Vec::new();
    let mut i = date;
    while i > 0 && date - i < 3 {
        i -= 1;
        let t = views[i].text();
        let plain = !t.contains(['。', '，', '；', '：', '《']);
        if !(plain && (2..=40).contains(&t.chars().count()) && ORGAN_END.is_match(t)) {
            break;
        }
        lines.push(i);
    }
    let mut out = Vec::new();
    for &i in lines.iter().rev() {
        organs(&views[i], 0, views[i].text().len(), &mut out);
    }
    out
}

/// Pushes the organs in view range `from..to` of one block: split at 、 and spaces, and where
/// one full name ends and a new one starts (中共某市委办公室某市人民政府办公室).
fn organs(view: &MatchView, from: usize, to: usize, out: &mut Vec<Span>) {
    let t = view.text();
    let mut start = from;
    for (i, c) in t[from..to].char_indices() {
        if matches!(c, '、' | ' ' | '，') {
            split_joint(view, start, from + i, out);
            start = from + i + c.len_utf8();
        }
    }
    split_joint(view, start, to, out);
}

/// Pushes the organs of one run of text with no separator between them.
fn split_joint(view: &MatchView, mut start: usize, end: usize, out: &mut Vec<Span>) {
    let t = view.text();
    'names: loop {
        let piece = &t[start..end];
        for m in ORGAN_BREAK.find_iter(piece) {
            if starts_new_organ(&piece[m.end()..]) {
                push_name(view, start, start + m.end(), out);
                start += m.end();
                continue 'names;
            }
        }
        push_name(view, start, end, out);
        return;
    }
}

/// Does the text after a full organ name start another (某市人民政府办公室 after 中共某市委办公室),
/// rather than go on with the same organ (办公室 after 人民政府)?
fn starts_new_organ(rest: &str) -> bool {
    rest.chars().count() >= 4
        && !rest.starts_with("办公")
        && ORGAN_START.is_match(rest)
        && ORGAN_END.is_match(rest)
}

/// Pushes one name without the 《 of a title quoted whole, if it reads as an organ's name (not
/// the words before a 关于 in a title such as …方案在区政府常务会议上关于…的讲话).
fn push_name(view: &MatchView, start: usize, end: usize, out: &mut Vec<Span>) {
    let raw = &view.text()[start..end];
    let name = raw.trim_start_matches('《');
    let start = start + (raw.len() - name.len());
    if name.chars().count() >= 2 && ORGAN_END.is_match(name) && !name.contains(['《', '》']) {
        out.push(view.to_original(start, end));
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&ORGAN_END);
    LazyLock::force(&ORGAN_BREAK);
    LazyLock::force(&ORGAN_START);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unfiltered_patterns_match_as_regex_did() {
        crate::unfiltered::assert_same_as_regex(ORGAN_END_PATTERN, &ORGAN_END);
    }
}
