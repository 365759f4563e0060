//! Quantified targets: numbers with a unit or a percentage in a target section
//! (PM2.5年均浓度降至35微克/立方米以下, 优良天数比率达到82.5%以上).

use std::sync::LazyLock;

use regex::Regex;

static QUANTITY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]+(?:\.[0-9]+)?(?:%|‰|个百分点|微克/立方米|毫克/立方米|立方米|平方米|平方公里|公里|千米|万吨|吨|万户|户|万人|人|家|个|座|所|辆|台|套|条|处|项|天|亿元|万元|元|千瓦|万千瓦|兆瓦|公顷|亩|米|倍|次)").unwrap()
});

/// View ranges of the clauses of `text` that state a quantified target.
pub fn clauses(text: &str) -> Vec<(usize, usize)> {
    let is_stop = |c: char| matches!(c, '。' | '；' | '，' | '\n');
    let mut out: Vec<(usize, usize)> = Vec::new();
    for m in QUANTITY.find_iter(text) {
        let s = text[..m.start()].rfind(is_stop).map_or(0, |i| {
            i + text[i..].chars().next().map_or(1, char::len_utf8)
        });
        let e = text[m.end()..]
            .find(is_stop)
            .map_or(text.len(), |i| m.end() + i);
        if out.last().is_some_and(|&(ps, _)| ps == s) {
            continue;
        }
        out.push((s, e));
    }
    out
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&QUANTITY);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_units_are_targets_clause_by_clause() {
        let t = "到2025年，全市细颗粒物年均浓度降至35微克/立方米以下，优良天数比率达到82.5%以上；重度污染天数控制在3天以内。";
        let got: Vec<&str> = clauses(t).into_iter().map(|(s, e)| &t[s..e]).collect();
        assert_eq!(
            got,
            [
                "全市细颗粒物年均浓度降至35微克/立方米以下",
                "优良天数比率达到82.5%以上",
                "重度污染天数控制在3天以内"
            ]
        );
    }

    #[test]
    fn years_alone_are_not_targets() {
        assert!(clauses("到2025年，空气质量持续改善。").is_empty());
    }
}
