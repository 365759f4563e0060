//! Deadlines (完成时限): where a task says by when it must be done.
//!
//! Input is always the normalised view text (Simplified, full-width Chinese punctuation, ASCII
//! digits, no spaces inside Chinese text); offsets are byte offsets into that text.
//!
//! The scanner runs a handful of patterns (dates with a year, dates without one, year-end and
//! festival forms, cycles, immediate, ongoing and vague words) over the text, then judges each
//! match by its neighbours: the same `2025年` is a deadline in `2025年，…得到明显提升` and not in
//! `2025年是…收官之年`. Every check looks at a bounded window around a match, so the whole scan
//! stays linear in the text length.
//!
//! This file holds the public API (`scan`, `find`, `classify`), the types it returns and the
//! ranking of candidates; the forms live in the files beside it:
//! - `dates`: dates with a year or a month (2025年6月底前, 6月30日前, 三月底);
//! - `festivals`: year-less periods and festivals (年底前, 年内, 一季度末, 春节前, 汛期前);
//! - `judge`: whether a date-shaped match limits the task (targets, starts, ranges, titles);
//! - `recurring`: cycles (每月25日前, 每季度, 每年3月至12月);
//! - `ongoing`: immediate (立即, 立行立改) and ongoing (长期坚持, 常态化) limits;
//! - `vague`: vague words (及时, 尽快, 适时) and when 及时 heads the action;
//! - `text`: small character helpers and numeral parsing.

mod dates;
mod festivals;
mod judge;
mod ongoing;
mod recurring;
mod text;
mod vague;

use dates::*;
use festivals::*;
use judge::*;
use ongoing::*;
use recurring::*;
use text::*;
use vague::*;

use std::sync::LazyLock;

use regex::{Captures, Regex};
use serde::Serialize;

/// How a deadline binds the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    /// A point in time: 2019年9月底前, 年底前, 6月30日前, 到2025年, 立即, 立行立改.
    Date,
    /// A cycle: 每月, 每季度, 每年, 每月25日前.
    Recurring,
    /// No end: 长期坚持, 持续推进, 常态化.
    Ongoing,
    /// No checkable time: 尽快, 适时, 逐步, 及时.
    Vague,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Ongoing => "ongoing",
            DeadlineKind::Vague => "vague",
        }
    }
}

/// A calendar point as far as the text fixes it; `year` is absent for 6月30日前 or 年底前.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// One time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineHit {
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    pub kind: DeadlineKind,
    /// The date it fixes (kind `Date` only); `None` for 立即 and the like.
    pub date: Option<PartialDate>,
}

impl PartialDate {
    /// ISO date (`YYYY-MM-DD`) of the last day the text allows: 9月底 → the 30th, 上旬 → the
    /// 10th, 年底 → 12-31; a missing year is taken from `plan_year`.
    pub fn iso(&self, plan_year: Option<i32>) -> Option<String> {
        let year = self.year.or(plan_year)?;
        if !(1..=9999).contains(&year) {
            return None;
        }
        let month = match (self.month, self.day) {
            (Some(m), _) => m,
            // A day without a month cannot be placed on a calendar.
            (None, Some(_)) => return None,
            (None, None) => 12,
        };
        if !(1..=12).contains(&month) {
            return None;
        }
        let last = days_in_month(year, month);
        let day = match self.day {
            Some(d) if (1..=last).contains(&d) => d,
            Some(_) => return None,
            None => last,
        };
        Some(iso_date(year.unsigned_abs(), month, day))
    }
}

/// `2025-06-30` for a year, month and day already in range. Written digit by digit: a date is
/// formatted for every deadline of every task, and `format!` cost more than placing it.
fn iso_date(year: u32, month: u32, day: u32) -> String {
    let digit = |n: u32| char::from(b'0' + (n % 10) as u8);
    [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        '-',
        digit(month / 10),
        digit(month),
        '-',
        digit(day / 10),
        digit(day),
    ]
    .into_iter()
    .collect()
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ => {
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
            if leap { 29 } else { 28 }
        }
    }
}

/// Every deadline-like expression in `text`, in text order.
///
/// Bare dates and years (`9月30日，在…开展`, `2022年，…得到提升`) are reported only when the
/// text has nothing stronger: next to a real deadline they are background, not a time limit.
pub fn scan(text: &str) -> Vec<DeadlineHit> {
    let cands = collect(text, Mode::Task, &title_ranges(text));
    let has_strong = cands
        .iter()
        .any(|c| c.tier < Tier::Bare && c.tier != Tier::Vague);
    cands
        .into_iter()
        .filter(|c| !(has_strong && c.tier == Tier::Bare))
        .map(Cand::hit)
        .collect()
}

/// The deadline of a task whose text is `text`: a 完成时限：/整改时限： label first, else the
/// expression that fixes completion of the main action. `None` when the task has none.
///
/// Order after the label: explicit dates (the first in the text), cycles, ongoing, immediate
/// (立即, 立行立改), bare dates and target years, vague words.
pub fn find(text: &str) -> Option<DeadlineHit> {
    let titles = title_ranges(text);
    for label in LABEL_RE.find_iter(text) {
        if in_ranges(&titles, label.start()) {
            continue;
        }
        let (vs, ve) = label_value(text, label.end());
        if let Some(mut hit) = classify(&text[vs..ve]) {
            hit.start += vs;
            hit.end += vs;
            return Some(hit);
        }
    }
    collect(text, Mode::Task, &titles)
        .into_iter()
        .min_by_key(|c| (c.tier, c.start))
        .map(Cand::hit)
}

/// A table cell or label value that is itself a time limit (“2018年8月底前”, “立行立改，长期坚持”,
/// “每季度”). The hit covers the part of the value that is the deadline.
pub fn classify(value: &str) -> Option<DeadlineHit> {
    let core = value.trim_matches(|c: char| c.is_whitespace() || "。；，;,".contains(c));
    if core.is_empty() || core.chars().all(|c| "—－-–/／\\、…无暂".contains(c)) {
        return None;
    }
    collect(value, Mode::Value, &title_ranges(value))
        .into_iter()
        .min_by_key(|c| (c.tier, c.start))
        .map(Cand::hit)
}

// ---------------------------------------------------------------------------------------------
// Candidates

/// Strength of a candidate; `find` takes the smallest. Several tiers share one public kind:
/// immediate and bare ones are dates, but weaker evidence of completion than `2025年6月底前`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Tier {
    Date,
    Recurring,
    Ongoing,
    Immediate,
    Bare,
    Vague,
}

impl Tier {
    fn kind(self) -> DeadlineKind {
        match self {
            Tier::Date | Tier::Immediate | Tier::Bare => DeadlineKind::Date,
            Tier::Recurring => DeadlineKind::Recurring,
            Tier::Ongoing => DeadlineKind::Ongoing,
            Tier::Vague => DeadlineKind::Vague,
        }
    }
}

#[derive(Debug, Clone)]
struct Cand {
    start: usize,
    end: usize,
    tier: Tier,
    date: Option<PartialDate>,
}

impl Cand {
    fn hit(self) -> DeadlineHit {
        let kind = self.tier.kind();
        DeadlineHit {
            start: self.start,
            end: self.end,
            kind,
            date: if kind == DeadlineKind::Date {
                self.date
            } else {
                None
            },
        }
    }
}

/// Where the text comes from: a task's prose, or a value that is itself a time limit (a table
/// cell, the text after 完成时限：). In a value, context is not needed to tell a deadline
/// from prose: `2025年` or `长期` there is the time limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Task,
    Value,
}

/// `titles`: the 《…》 ranges of `text` (`title_ranges`), which the caller may need as well.
fn collect(text: &str, mode: Mode, titles: &[(usize, usize)]) -> Vec<Cand> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    // A pattern whose every match holds a given character cannot match text without it; the
    // test is far cheaper than the search with captures.
    let (year, month) = (text.contains('年'), text.contains('月'));
    if year {
        dates_with_year(text, mode, &mut out);
    }
    if month {
        dates_with_month(text, mode, &mut out);
    }
    if (year || month || text.chars().any(in_other_forms)) && may_hold_other_form(text) {
        dates_other(text, mode, &mut out);
    }
    if text.contains('每') {
        recurring(text, &mut out);
    }
    immediate(text, &mut out);
    ongoing(text, mode, &mut out);
    vague(text, mode, &mut out);

    // A year inside a cited title (《…（2018—2020年）》) belongs to that document, not the task.
    out.retain(|c| !in_ranges(titles, c.start));

    // Overlaps: the earliest start wins, then the longest (到2025年底 over 2025年底 over 年底).
    out.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then(b.end.cmp(&a.end))
            .then(a.tier.cmp(&b.tier))
    });
    let mut kept: Vec<Cand> = Vec::with_capacity(out.len());
    for c in out {
        if kept.last().is_none_or(|k| c.start >= k.end) {
            kept.push(c);
        }
    }
    merge_period_ongoing(text, merge_immediate_ongoing(text, kept))
}

/// Characters of which every year-less form holds one besides 年 and 月: 季度, 汛期, 春节, 元旦,
/// 国庆, 五一, 劳动节, 清明, 端午, 中秋, 采暖季 (see `festivals`).
fn in_other_forms(c: char) -> bool {
    matches!(
        c,
        '季' | '汛' | '春' | '旦' | '庆' | '五' | '劳' | '清' | '端' | '秋'
    )
}

/// `立行立改、长期坚持` is one time limit: fix now and keep it up, i.e. ongoing.
fn merge_immediate_ongoing(text: &str, kept: Vec<Cand>) -> Vec<Cand> {
    let mut out: Vec<Cand> = Vec::with_capacity(kept.len());
    for c in kept {
        if c.tier == Tier::Ongoing
            && let Some(prev) = out.last_mut()
            && prev.tier == Tier::Immediate
            && matches!(&text[prev.end..c.start], "，" | "、" | "," | " " | "")
        {
            prev.end = c.end;
            prev.tier = Tier::Ongoing;
            prev.date = None;
            continue;
        }
        out.push(c);
    }
    out
}

/// Labels whose value is the time limit: 完成时限：, 整改时限：, 完成时间：, 时间节点：, 时限：.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:(?:完成|整改|办结|落实|实施|工作)?时限(?:要求)?|(?:完成|整改|办结)(?:时间|期限)\
         |时间(?:节点|要求|安排))[：:]|(?:完成|整改|办结)?时限为",
    )
    .expect("label pattern")
});

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    vague::warm_up();
    recurring::warm_up();
    ongoing::warm_up();
    festivals::warm_up();
    dates::warm_up();
    LazyLock::force(&LABEL_RE);
}

#[cfg(test)]
mod testing {
    use super::*;

    /// The phrase and kind the ledger would show for a task's text.
    pub(super) fn got(text: &str) -> Option<(&str, DeadlineKind)> {
        find(text).map(|h| (&text[h.start..h.end], h.kind))
    }

    pub(super) fn date_of(text: &str, plan_year: Option<i32>) -> Option<String> {
        find(text)
            .and_then(|h| h.date)
            .and_then(|d| d.iso(plan_year))
    }

    type Collect = fn(&str, Mode, &mut Vec<Cand>);

    /// Asserts that `fast` finds what `reference` finds, in both modes, on 40,000 texts of up
    /// to eight `pieces` (generated from `seed`); how many candidates the reference found.
    pub(super) fn same_as_reference(
        pieces: &[&str],
        seed: u64,
        fast: Collect,
        reference: Collect,
    ) -> usize {
        let key = |v: Vec<Cand>| -> Vec<_> {
            v.into_iter()
                .map(|c| (c.start, c.end, c.tier, c.date))
                .collect()
        };
        let mut rng = crate::test_rng::Rng(seed);
        let mut found = 0;
        for _ in 0..40_000 {
            let t = rng.join(pieces, 1..9);
            for mode in [Mode::Task, Mode::Value] {
                let (mut got, mut want) = (Vec::new(), Vec::new());
                fast(&t, mode, &mut got);
                reference(&t, mode, &mut want);
                found += want.len();
                assert_eq!(key(got), key(want), "{t}");
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::{Date, Ongoing, Recurring, Vague};
    use crate::extract::deadline::testing::*;

    #[test]
    fn first_explicit_date_wins() {
        let t = "各单位于2024年3月5日前报分管领导审核，审核后于3月10日前报县政府。";
        assert_eq!(got(t), Some(("2024年3月5日前", Date)));
    }

    #[test]
    fn label_beats_prose() {
        let t =
            "2025年3月底前制定方案，全面排查隐患。\n责任单位：县住建局\n完成时限：2025年11月底前";
        assert_eq!(got(t), Some(("2025年11月底前", Date)));
        let t = "（二）规范停车管理。（责任单位：县城管局；整改时限：2024年6月30日前）";
        assert_eq!(got(t), Some(("2024年6月30日前", Date)));
        let t = "开展夜查行动。\n完成时限：每季度";
        assert_eq!(got(t), Some(("每季度", Recurring)));
    }

    #[test]
    fn empty_label_falls_back_to_text() {
        let t = "2025年5月底前完成清查。\n完成时限：—";
        assert_eq!(got(t), Some(("2025年5月底前", Date)));
    }

    #[test]
    fn date_before_cycle_before_ongoing() {
        assert_eq!(
            got("每月调度一次进展，2024年10月底前全面完成。"),
            Some(("2024年10月底前", Date))
        );
        assert_eq!(
            got("每季度通报排名。（市考核办牵头，长期坚持）"),
            Some(("每季度", Recurring))
        );
        assert_eq!(
            got("发现问题立即整改。（县市场监管局负责，长期坚持）"),
            Some(("长期坚持", Ongoing))
        );
    }

    #[test]
    fn immediate_before_bare_before_vague() {
        assert_eq!(
            got("2023年，全面开展排查，对发现的问题立即整改。"),
            Some(("立即", Date))
        );
        let t = "各单位要第一时间研究部署，确保2022年重点任务全面完成。";
        assert_eq!(got(t), Some(("2022年", Date)));
    }

    #[test]
    fn scan_drops_bare_dates_next_to_real_ones() {
        let t = "2024年，全面推进治理。2024年底前完成验收，尽快组织总结。";
        let hits: Vec<_> = scan(t)
            .iter()
            .map(|h| (&t[h.start..h.end], h.kind))
            .collect();
        assert_eq!(hits, vec![("2024年底前", Date), ("尽快", Vague)]);
    }

    #[test]
    fn classify_cells() {
        let c = |v: &'static str| classify(v).map(|h| (&v[h.start..h.end], h.kind));
        assert_eq!(c("2019年10月底前"), Some(("2019年10月底前", Date)));
        assert_eq!(
            c("立行立改，长期坚持"),
            Some(("立行立改，长期坚持", Ongoing))
        );
        assert_eq!(c("立行立改"), Some(("立行立改", Date)));
        assert_eq!(c("每季度"), Some(("每季度", Recurring)));
        assert_eq!(c("长期"), Some(("长期", Ongoing)));
        assert_eq!(c("持续推进"), Some(("持续推进", Ongoing)));
        assert_eq!(c("2026年"), Some(("2026年", Date)));
        assert_eq!(c(" 2026年6月 "), Some(("2026年6月", Date)));
        assert_eq!(c("2025年12月底前完成"), Some(("2025年12月底前", Date)));
        assert_eq!(c("及时"), Some(("及时", Vague)));
    }

    #[test]
    fn classify_dates_and_placeholders() {
        let d = |v: &str| {
            classify(v)
                .and_then(|h| h.date)
                .and_then(|d| d.iso(Some(2024)))
        };
        assert_eq!(d("2026年").as_deref(), Some("2026-12-31"));
        assert_eq!(d("2026年6月").as_deref(), Some("2026-06-30"));
        assert_eq!(d("年底"), Some("2024-12-31".into()));
        assert_eq!(d("9月"), Some("2024-09-30".into()));
        for v in ["", "  ", "—", "-", "/", "／", "无", "按要求推进"] {
            assert_eq!(classify(v), None, "{v:?}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        for t in [
            "",
            "每",
            "年",
            "前",
            "月底",
            "及时",
            "完成时限：",
            "完成时限：\n",
            "《",
            "》",
            "99999999999年",
            "99999999999年12月底前完成",
            "2025年99月99日前",
            "每99999999999天",
            "到",
            "一是",
            "。及时",
            "\n\n\n",
            "2025年1",
            "　　　　　　　　　　　　2025年，",
        ] {
            let _ = scan(t);
            let _ = find(t);
            let _ = classify(t);
        }
        assert_eq!(got("99999999999年12月底前完成"), None);
    }

    #[test]
    fn never_panics_on_random_mixes() {
        // A fixed pseudo-random walk over the characters the patterns care about.
        let alphabet: Vec<char> =
            "0129年月日号底末前内以之到至截止每个季度周天半上中下旬立即长期坚持常态化及时要，。：、（）《》\n 　一二十〇是起完成"
                .chars()
                .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..3000 {
            let mut t = String::new();
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 24) as usize;
            for _ in 0..len {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                t.push(alphabet[(seed % alphabet.len() as u64) as usize]);
            }
            for h in scan(&t).into_iter().chain(find(&t)).chain(classify(&t)) {
                assert!(h.start < h.end && h.end <= t.len(), "{t:?}");
                assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
                let _ = h.date.map(|d| d.iso(Some(2024)));
            }
        }
    }

    #[test]
    fn long_inputs_are_handled() {
        let unit = "2025年6月底前，每月调度，长期坚持，及时上报，《2020年》";
        let text = unit.repeat(5000);
        assert_eq!(scan(&text).len(), 5000 * 3);
        let blanks = format!("{}2025年，{}", " ".repeat(100_000), "每".repeat(100_000));
        let _ = scan(&blanks);
        let _ = find(&blanks);
    }

    #[test]
    fn every_year_less_form_passes_the_character_test() {
        for w in FEST
            .split('|')
            .chain(["第一季度", "上半年", "年中", "月底", "年内"])
        {
            let held = |c: char| c == '年' || c == '月' || in_other_forms(c);
            assert!(w.chars().any(held), "{w}");
        }
        let t = "春节前完成";
        assert_eq!(got(t), Some(("春节前", Date)));
    }

    #[test]
    fn month_right_after_a_marker() {
        assert_eq!(got("1.6月底前完成摸底排查。"), Some(("6月底前", Date)));
        assert_eq!(
            got("3、12月20日前报送年度总结。"),
            Some(("12月20日前", Date))
        );
    }

    #[test]
    fn offsets_are_byte_offsets_into_the_text() {
        let t = "（一）加强管理。2025年6月底前完成。";
        let h = find(t).unwrap();
        assert_eq!(h.start, t.find("2025").unwrap());
        assert_eq!(h.end, t.find("完成").unwrap());
    }
}
