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
        Some(format!("{year:04}-{month:02}-{day:02}"))
    }
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
    let cands = collect(text, Mode::Task);
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
    collect(text, Mode::Task)
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
    collect(value, Mode::Value)
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

fn collect(text: &str, mode: Mode) -> Vec<Cand> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    dates_with_year(text, mode, &mut out);
    dates_with_month(text, mode, &mut out);
    dates_other(text, mode, &mut out);
    recurring(text, &mut out);
    immediate(text, &mut out);
    ongoing(text, mode, &mut out);
    vague(text, mode, &mut out);

    // A year inside a cited title (《…（2018—2020年）》) belongs to that document, not the task.
    let titles = title_ranges(text);
    out.retain(|c| !in_ranges(&titles, c.start));

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
    merge_immediate_ongoing(text, kept)
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

// ---------------------------------------------------------------------------------------------
// Patterns

const MON: &str = r"(?:\d{1,2}|十[一二]?|[一二三四五六七八九])";
const DAY: &str = r"(?:\d{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])";
const FEST: &str =
    "春节|元旦|国庆节?|五一|劳动节|清明节?|端午节?|中秋节?|主?汛期|汛前|采暖季|供暖季|取暖季";
const PRE: &str = "到|至|截至|截止到|截止";
const SP: &str = "[ \u{3000}]?";

/// A date that starts with a year: 2025年6月底前, 到2025年底, 2026年春节前, 2022年.
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?P<pre>{PRE})?(?P<y>\\d{{4}}|[〇○零一二三四五六七八九]{{4}}){SP}年(?:{SP}(?P<m>{MON}){SP}月份?\
         (?:{SP}(?P<d>{DAY}){SP}[日号])?(?P<p>上旬|中旬|下旬|底|末|初)?|(?P<ye>年?[底末])\
         |(?P<q>第?[一二三四1-4]季度)(?:末|底)?|(?P<h>上半年|下半年|年中)(?:末|底)?|(?P<f>{FEST}))?\
         (?P<b>以前|之前|前|度?内)?"
    ))
    .expect("year date pattern")
});

/// A date that starts with a month: 6月30日前, 12月底前, 9月30日.
static MONTH_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?P<pre>{PRE})?(?P<m>{MON}){SP}月份?(?:{SP}(?P<d>{DAY}){SP}[日号])?\
         (?P<p>上旬|中旬|下旬|底|末|初)?(?P<b>以前|之前|前|内)?"
    ))
    .expect("month date pattern")
});

/// Year-less forms: 年底前, 年内, 一季度末前, 上半年内, 春节前, 月底前.
static OTHER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?P<pre>{PRE})?(?:(?P<ye>年[底末])|(?P<yn>年度?内)|(?P<q>第?[一二三四]季度)(?:末|底)?\
         |(?P<h>上半年|下半年|年中)(?:末|底)?|(?P<f>{FEST})|(?P<me>(?:本|当|下个?)?月[底末]))(?P<b>以前|之前|前|内)?"
    ))
    .expect("other date pattern")
});

/// Cycles with an optional day or window: 每月25日前, 每季度结束后10个工作日内, 每年的3月至12月
/// 每月, 每季度开展一次.
static RECUR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "每个?(?:(?:\\d{{1,2}}|[一两二三四五六七八九十半])个?)?\
         (?P<u>年度?|半年|季度|季|月|周|星期|旬|天|日|工作日|学期|学年)\
         (?:的?{MON}月份?(?:{DAY}[日号])?(?:上旬|中旬|下旬|底|末|初)?\
         (?:(?:至|到|-|—|～|~){MON}月份?(?:{DAY}[日号])?(?:底|末)?)?(?:每个?(?:月|周|天|日|旬))?\
         |年?[底末]|月[底末]|第?[一1首]个?月(?:{DAY}[日号])?\
         |(?:结束后|末后|后)(?:\\d{{1,2}}|[一二三四五六七八九十]{{1,2}})个?工作日内|{DAY}[日号])?\
         (?:以前|之前|前)?(?P<x>\\p{{Han}}{{0,2}}?(?:\\d{{1,2}}|[一两二三四五六七八九十])次)?"
    ))
    .expect("recurring pattern")
});

static IMMEDIATE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("立行立改|即知即改|即查即改|边查边改|事不隔夜|即日起|立即")
        .expect("immediate pattern")
});

static ONGOING_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("长期坚持|长期推进|持续推进|持续开展|持续实施|常抓不懈|常态化|长期")
        .expect("ongoing pattern")
});

static VAGUE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("尽快|尽早|适时|逐步|抓紧|在?最短时间内|第一时间|及时").expect("vague pattern")
});

/// Labels whose value is the time limit: 完成时限：, 整改时限：, 完成时间：, 时间节点：, 时限：.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:(?:完成|整改|办结|落实|实施|工作)?时限(?:要求)?|(?:完成|整改|办结)(?:时间|期限)\
         |时间(?:节点|要求|安排))[：:]|(?:完成|整改|办结)?时限为",
    )
    .expect("label pattern")
});

/// A numbering marker at the start of a task's text (1. 1、 （一） 一、 ① 一是).
static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[ \t\u{3000}]*(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、．.]|\d{1,3}[.．、]|[①-⑳]|[一二三四五六七八九十]{1,3}是)[ \u{3000}]*",
    )
    .expect("marker pattern")
});

/// `应当按照规程要求，及时…`: a modal whose action is introduced by a 按照/根据 phrase.
static MODAL_ADV_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:要|应当?|应该|须|需要?|务必)(?:按照|根据|依照|依据|按|结合)")
        .expect("modal pattern")
});

// ---------------------------------------------------------------------------------------------
// Dates

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gran {
    Year,
    Month,
    YearEnd,
    Quarter,
    Half,
    Festival,
    MonthEnd,
}

/// One date-shaped match before it is judged.
struct DateMatch<'t> {
    /// Start of the whole match (with 到/至 when present).
    start: usize,
    /// Start after the 到/至 prefix.
    core: usize,
    end: usize,
    pre: Option<&'t str>,
    before: Option<&'t str>,
    gran: Gran,
    fest: Option<&'t str>,
    has_day: bool,
    date: Option<PartialDate>,
}

/// Verbs of completion right after a time: `年底完成`, `6月底全面建成`.
const COMPLETE: &[&str] = &[
    "完成", "建成", "实现", "全面", "全部", "基本", "出台", "印发", "竣工", "投用", "投运", "到位",
];
/// What after a time makes it a start, a range start or a definition, not a deadline.
const NOT_DEADLINE_AFTER: &[&str] = &[
    "起", "开始", "以来", "以后", "之后", "后", "至", "到", "—", "–", "-", "～", "~", "是", "为",
    "将", "期间", "间",
];
/// Before a time: a start (从/自) or a comparison base (较2020年底).
const NOT_DEADLINE_BEFORE: &[&str] = &["从", "自", "较", "比", "与"];
/// Goal verbs that make a bare year a target: 确保2020年各项目标任务圆满完成.
const GOAL: &[&str] = &["确保", "力争", "争取", "计划", "预计", "力求"];

fn dates_with_year(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for caps in YEAR_RE.captures_iter(text) {
        let (Some(all), Some(y)) = (caps.get(0), caps.name("y")) else {
            continue;
        };
        // A year is a whole number: 12025年 or 99999999999年 holds no year we can read.
        if prev_char(text, y.start()).is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
            continue;
        }
        let Some(year) = parse_year(y.as_str()) else {
            continue;
        };
        let Some(m) = date_match(&caps, all.start(), all.end(), Some(year)) else {
            continue;
        };
        push_judged(text, &m, mode, out);
    }
}

fn dates_with_month(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for caps in MONTH_RE.captures_iter(text) {
        let (Some(all), Some(mon)) = (caps.get(0), caps.name("m")) else {
            continue;
        };
        let prev = prev_char(text, mon.start());
        // 112月 holds no month; after 1. (a marker) a month may start the task.
        if prev.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        // After a written year the month belongs to the year pattern's match.
        if prev == Some('年') {
            let before_year = prev_char(text, mon.start() - '年'.len_utf8());
            if before_year.is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
                continue;
            }
        }
        // A Chinese-numeral month inside a word (统一月底, 每一月) is no month.
        let cn = mon.as_str().chars().next().is_some_and(is_cn_numeral);
        if cn && !prev.is_none_or(cn_month_prev_ok) {
            continue;
        }
        let Some(mut m) = date_match(&caps, all.start(), all.end(), None) else {
            continue;
        };
        // 明年6月底前: a year we cannot name from the plan's own year.
        if ends_with_any(
            &text[..mon.start()],
            &["明年", "次年", "来年", "下年", "翌年"],
        ) {
            m.date = None;
        }
        push_judged(text, &m, mode, out);
    }
}

fn dates_other(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for caps in OTHER_RE.captures_iter(text) {
        let Some(all) = caps.get(0) else {
            continue;
        };
        let core_start = caps.name("pre").map_or(all.start(), |p| p.end());
        let prev = prev_char(text, core_start);
        let prev2 = prev_char(
            text,
            core_start.saturating_sub(prev.map_or(0, char::len_utf8)),
        );
        let digitish = |c: char| c.is_ascii_digit() || is_cn_numeral(c);
        let after_year = prev == Some('年') && prev2.is_some_and(digitish);
        let reject = if caps.name("ye").is_some() {
            // 去年底 / 上年末 are past; 三年底 is no year-end; 2025年底 is the year pattern's.
            prev.is_some_and(|c| digitish(c) || "每去上前半个学".contains(c))
        } else if caps.name("yn").is_some() {
            // 三年内, 几年内: a duration, not this year.
            prev.is_some_and(|c| digitish(c) || "几多数半每近去上个".contains(c))
                || starts_with_any(&text[all.end()..], &["容", "涵", "部", "外"])
        } else if caps.name("q").is_some() {
            prev.is_some_and(|c| c.is_ascii_digit() || "每前后个近".contains(c))
        } else if caps.name("h").is_some() {
            prev.is_some_and(|c| "每个".contains(c))
        } else if caps.name("f").is_some() {
            after_year
        } else {
            // 月底: not after a month number (6月底 is the month pattern's) nor 每/个/上; a
            // numeral inside a word (统一月底前) is no month number.
            let word_numeral = prev.is_some_and(is_cn_numeral)
                && prev2.is_some_and(|c| is_han(c) && !is_cn_numeral(c) && !cn_month_prev_ok(c));
            !word_numeral && prev.is_some_and(|c| digitish(c) || "每个上".contains(c))
        };
        if reject || after_year {
            continue;
        }
        let Some(m) = date_match(&caps, all.start(), all.end(), None) else {
            continue;
        };
        push_judged(text, &m, mode, out);
    }
}

/// Reads the captures of one of the date patterns into a `DateMatch`; `None` when a number is
/// out of range (13月, 32日).
fn date_match<'t>(
    caps: &Captures<'t>,
    start: usize,
    end: usize,
    year: Option<i32>,
) -> Option<DateMatch<'t>> {
    let pre = caps.name("pre");
    let core = pre.map_or(start, |p| p.end());
    let mut before = caps.name("b").map(|b| b.as_str());
    let mut has_day = false;
    let mut fest = None;
    let (gran, date) = if let Some(m) = caps.name("m") {
        let month = parse_small(m.as_str()).filter(|m| (1..=12).contains(m))?;
        let day = match caps.name("d") {
            Some(d) => {
                has_day = true;
                Some(parse_small(d.as_str()).filter(|d| (1..=31).contains(d))?)
            }
            None => match caps.name("p").map(|p| p.as_str()) {
                Some("上旬") | Some("初") => Some(10),
                Some("中旬") => Some(20),
                _ => None,
            },
        };
        let date = PartialDate {
            year,
            month: Some(month),
            day,
        };
        (Gran::Month, Some(date))
    } else if caps.name("ye").is_some() {
        (
            Gran::YearEnd,
            Some(PartialDate {
                year,
                month: Some(12),
                day: None,
            }),
        )
    } else if caps.name("yn").is_some() {
        // 年内 reads as "before the year is out".
        before = Some("内");
        (
            Gran::YearEnd,
            Some(PartialDate {
                year,
                month: Some(12),
                day: None,
            }),
        )
    } else if let Some(q) = caps.name("q") {
        let n = q.as_str().chars().find_map(|c| match c {
            '一' | '1' => Some(3),
            '二' | '2' => Some(6),
            '三' | '3' => Some(9),
            '四' | '4' => Some(12),
            _ => None,
        })?;
        (
            Gran::Quarter,
            Some(PartialDate {
                year,
                month: Some(n),
                day: None,
            }),
        )
    } else if let Some(h) = caps.name("h") {
        let month = if h.as_str() == "下半年" { 12 } else { 6 };
        (
            Gran::Half,
            Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            }),
        )
    } else if let Some(f) = caps.name("f") {
        fest = Some(f.as_str());
        (Gran::Festival, festival_date(f.as_str(), year))
    } else if caps.name("me").is_some() {
        // 月底前 without a month: a deadline, but no calendar date.
        (Gran::MonthEnd, None)
    } else {
        (
            Gran::Year,
            Some(PartialDate {
                year,
                month: None,
                day: None,
            }),
        )
    };
    Some(DateMatch {
        start,
        core,
        end,
        pre: pre.map(|p| p.as_str()),
        before,
        gran,
        fest,
        has_day,
        date,
    })
}

/// The last day before a festival whose date is fixed on the solar calendar; lunar festivals
/// (春节, 端午, 中秋) and 汛期 move from year to year and get no date.
fn festival_date(f: &str, year: Option<i32>) -> Option<PartialDate> {
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

fn push_judged(text: &str, m: &DateMatch, mode: Mode, out: &mut Vec<Cand>) {
    if let Some((tier, start)) = judge(text, m, mode) {
        out.push(Cand {
            start,
            end: m.end,
            tier,
            date: m.date,
        });
    }
}

/// Decides whether a date-shaped match is a deadline, and how strong. Returns the tier and the
/// start of the quoted phrase (with 到 when it is a target, without 至 when it ends a range).
fn judge(text: &str, m: &DateMatch, mode: Mode) -> Option<(Tier, usize)> {
    let after = &text[m.end..];
    if ends_with_any(&text[..m.start], NOT_DEADLINE_BEFORE) {
        return None;
    }
    // 到/至 before a time: a target (到2025年底) unless it closes a range (4月11日至10月31日)
    // or belongs to a verb (达到2020年水平).
    let mut range_end = false;
    let pre_ok = match m.pre {
        None => false,
        Some(pre) => {
            let p = prev_char(text, m.start);
            if p.is_some_and(|c| c.is_ascii_digit() || "年月日号".contains(c)) {
                range_end = true;
                false
            } else if pre == "到" {
                !p.is_some_and(|c| "达做收得看见想受感遇回退延拖迟办提送找报来直".contains(c))
            } else if pre == "至" {
                !p.is_some_and(|c| "以乃甚".contains(c))
            } else {
                // 截至2024年底 reports a status; 截止 names a deadline.
                pre != "截至"
            }
        }
    };
    let start = if pre_ok { m.start } else { m.core };
    let prev_core = &text[..m.core];

    if let Some(b) = m.before {
        if b.ends_with('内') {
            if starts_with_any(after, &["容", "涵", "部", "外"]) {
                return None;
            }
        } else if starts_with_any(after, &["后", "期", "提", "置"]) || counts_from_start(after)
        {
            // 前后 is "around", 前期/前提 are other words, 前三季度 is a running total.
            return None;
        }
        if m.gran == Gran::Year && !b.ends_with('内') {
            // 2025年前完成 is a deadline, 1975年以前危旧住房 a description.
            let ok = mode == Mode::Value
                || pre_ok
                || clause_start(text, m.core)
                || ends_with_any(prev_core, &["于", "在", "到"])
                || ends_with_any(prev_core, GOAL)
                || next_nonspace(after) == Some('，')
                || completes(after);
            if !ok {
                return None;
            }
        }
        return Some((Tier::Date, start));
    }
    match m.gran {
        Gran::Festival => {
            // 汛期/春节 alone name a season (加强汛期巡查, 春节将至), not a deadline.
            return (m.fest == Some("汛前")).then_some((Tier::Date, start));
        }
        Gran::MonthEnd => return (mode == Mode::Value).then_some((Tier::Bare, start)),
        _ => {}
    }
    if pre_ok && !after.starts_with('的') && m.pre != Some("截至") {
        return Some((Tier::Date, start));
    }
    if starts_with_any(after, &["为止", "止", "截止"]) {
        return Some((Tier::Date, start));
    }
    let cs = clause_start(text, m.core);
    let goal = ends_with_any(prev_core, GOAL);
    if completes(after) {
        if m.gran != Gran::Year {
            return Some((Tier::Date, start));
        }
        return (mode == Mode::Value || cs || goal).then_some((Tier::Bare, start));
    }
    if starts_with_any(after, NOT_DEADLINE_AFTER) || m.pre == Some("截至") {
        return None;
    }
    if mode == Mode::Value {
        return Some((Tier::Bare, start));
    }
    if m.has_day && (cs || range_end || ends_with_any(prev_core, &["于", "在"])) {
        return Some((Tier::Bare, start));
    }
    if goal || (cs && matches!(next_nonspace(after), Some('，' | '：'))) {
        return Some((Tier::Bare, start));
    }
    None
}

// ---------------------------------------------------------------------------------------------
// Cycles, immediate, ongoing, vague

fn recurring(text: &str, out: &mut Vec<Cand>) {
    for caps in RECUR_RE.captures_iter(text) {
        let Some(all) = caps.get(0) else {
            continue;
        };
        // 每人每年补贴: a rate per person and year, not a cycle of work.
        if text[..all.start()].chars().rev().take(3).any(|c| c == '每') {
            continue;
        }
        let mut end = all.end();
        if let Some(x) = caps.name("x") {
            // 每年一次性补助: 一次性 means "one-off", not the frequency; the cycle is 每年.
            if text[end..].starts_with('性') {
                end = x.start();
            }
        }
        let (unit, unit_end) = caps.name("u").map_or(("", 0), |u| (u.as_str(), u.end()));
        let mut next = text[end..].chars();
        let n1 = next.next();
        let frequency = caps.name("x").is_some() && end == all.end();
        if !frequency {
            // 每周一召开: the weekday is part of the cycle (but 每周一次 is a frequency).
            if (unit == "周" || unit == "星期")
                && end == unit_end
                && n1.is_some_and(|c| "一二三四五六日天".contains(c))
                && !next.next().is_some_and(|c| "次遍回".contains(c))
            {
                end += n1.map_or(0, char::len_utf8);
                // 每周五前报送: the limit on that day belongs to the phrase.
                for w in ["以前", "之前", "前"] {
                    if text[end..].starts_with(w) {
                        end += w.len();
                        break;
                    }
                }
            } else if n1.is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
                // 每天20万吨, 每天5万立方米: a capacity, not a cycle; but 每日一报, 每月一调度
                // are a frequency.
                let after_number = text[end..]
                    .chars()
                    .take(8)
                    .find(|c| !(c.is_ascii_digit() || is_cn_numeral(*c)));
                if !after_number.is_some_and(|c| "次遍回报调通督会巡检查".contains(c)) {
                    continue;
                }
            }
        }
        out.push(Cand {
            start: all.start(),
            end,
            tier: Tier::Recurring,
            date: None,
        });
    }
}

fn immediate(text: &str, out: &mut Vec<Cand>) {
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

fn ongoing(text: &str, mode: Mode, out: &mut Vec<Cand>) {
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

fn vague(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    let heads = action_heads(text);
    for m in VAGUE_RE.find_iter(text) {
        let after = &text[m.end()..];
        let ok = match m.as_str() {
            // 逐步 is vague as an adverb of the action (逐步实施), not at a clause end.
            "逐步" => after.chars().next().is_some_and(|c| is_han(c) && c != '的'),
            // 抓紧抓实 is about effort, not time.
            "抓紧" => !after.starts_with('抓'),
            "及时" => jishi_heads_action(text, m.start(), mode, heads),
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

/// A time-limit word that forms a clause of its own: `（…配合，长期坚持）`, `完成时限：长期`.
fn stands_alone(text: &str, start: usize, end: usize) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Labels, titles, small helpers

/// The value after a label: up to the end of its clause (；。） or line), at most 40 characters.
/// Commas stay inside: `立行立改，长期坚持` is one value.
fn label_value(text: &str, from: usize) -> (usize, usize) {
    let start = from + (text[from..].len() - trim_start_bounded(&text[from..]).len());
    let mut end = start;
    for (i, c) in text[start..].char_indices().take(40) {
        if "；。）)\n;".contains(c) {
            break;
        }
        end = start + i + c.len_utf8();
    }
    (start, end)
}

/// Byte ranges of 《…》 titles (nested ones included); an unclosed 《 runs to the end of its line.
fn title_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = 0;
    for (i, c) in text.char_indices() {
        match c {
            '《' => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            '》' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push((open, i + c.len_utf8()));
                }
            }
            '\n' if depth > 0 => {
                out.push((open, i));
                depth = 0;
            }
            _ => {}
        }
    }
    if depth > 0 {
        out.push((open, text.len()));
    }
    out
}

fn in_ranges(ranges: &[(usize, usize)], pos: usize) -> bool {
    let i = ranges.partition_point(|r| r.1 <= pos);
    ranges.get(i).is_some_and(|r| r.0 <= pos)
}

/// True when `pos` starts a clause: at the start of the text, after punctuation, or after a
/// numbering marker (1. / 一是).
fn clause_start(text: &str, pos: usize) -> bool {
    let head = trim_end_bounded(&text[..pos]);
    let Some(c) = head.chars().next_back() else {
        return true;
    };
    if is_delim(c) {
        return true;
    }
    let rest = &head[..head.len() - c.len_utf8()];
    match c {
        '.' | '．' => rest.chars().next_back().is_some_and(|d| d.is_ascii_digit()),
        '是' => {
            // 一是 / 十二是 at the start of the text or of a clause.
            let mut numerals = 0;
            for d in rest.chars().rev().take(4) {
                if is_cn_numeral(d) {
                    numerals += 1;
                } else {
                    return numerals > 0 && is_delim(d);
                }
            }
            numerals > 0 && rest.chars().rev().nth(numerals).is_none()
        }
        _ => false,
    }
}

fn is_delim(c: char) -> bool {
    "，。；：！？、（(【[〔〈\n\r）)】]〕〉:;,!?".contains(c)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

fn is_cn_numeral(c: char) -> bool {
    "〇○零一二三四五六七八九十两百千万".contains(c)
}

/// Which characters may stand before a Chinese-numeral month (三月底前): punctuation, the
/// start, or a word that introduces a time (年, 于, 到…). Anything else makes it part of a word.
fn cn_month_prev_ok(c: char) -> bool {
    is_delim(c) || "年于在到至及和与或前底".contains(c) || !(is_han(c) || c.is_ascii_digit())
}

fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character before `pos`, skipping at most 8 spaces (a longer run counts as a space).
fn prev_nonspace(text: &str, pos: usize) -> Option<char> {
    trim_end_bounded(&text[..pos]).chars().next_back()
}

fn next_nonspace(s: &str) -> Option<char> {
    trim_start_bounded(s).chars().next()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// `s` without up to 8 leading spaces; bounded so that long runs of blanks stay linear.
fn trim_start_bounded(s: &str) -> &str {
    let mut at = 0;
    for (i, c) in s.char_indices().take(8) {
        if !is_space(c) {
            return &s[i..];
        }
        at = i + c.len_utf8();
    }
    &s[at..]
}

fn trim_end_bounded(s: &str) -> &str {
    let mut at = s.len();
    for (i, c) in s.char_indices().rev().take(8) {
        if !is_space(c) {
            return &s[..at];
        }
        at = i;
    }
    &s[..at]
}

/// `三季度`, `10个月` right after 前: the first n periods (前三季度), not "before".
fn counts_from_start(after: &str) -> bool {
    let digits = after
        .char_indices()
        .take(4)
        .find(|(_, c)| !(c.is_ascii_digit() || is_cn_numeral(*c)))
        .map_or(after.len(), |(i, _)| i);
    digits > 0
        && starts_with_any(
            &after[digits..],
            &["季度", "个", "月", "年", "名", "位", "批", "周", "天"],
        )
}

/// A completion verb follows (年底完成), not a relative clause (1980年以前建成的住房).
fn completes(after: &str) -> bool {
    COMPLETE
        .iter()
        .any(|w| after.starts_with(w) && !after[w.len()..].starts_with('的'))
}

fn starts_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.starts_with(w))
}

fn ends_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.ends_with(w))
}

fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '○' | '零' => 0,
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
}

/// A four-digit year, ASCII (2025) or Chinese (二〇二五); checked arithmetic throughout.
fn parse_year(s: &str) -> Option<i32> {
    let mut n: i32 = 0;
    for c in s.chars() {
        let d = c.to_digit(10).or_else(|| cn_digit(c))?;
        n = n.checked_mul(10)?.checked_add(i32::try_from(d).ok()?)?;
    }
    Some(n)
}

/// A month or day number: 12, 十二, 二十五, 三十一, 五.
fn parse_small(s: &str) -> Option<u32> {
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    match s.split_once('十') {
        None => {
            let mut chars = s.chars();
            let d = cn_digit(chars.next()?)?;
            chars.next().is_none().then_some(d)
        }
        Some((tens, units)) => {
            let t = if tens.is_empty() {
                1
            } else {
                parse_small(tens)?
            };
            let u = if units.is_empty() {
                0
            } else {
                parse_small(units)?
            };
            t.checked_mul(10)?.checked_add(u)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The phrase and kind the ledger would show for a task's text.
    fn got(text: &str) -> Option<(&str, DeadlineKind)> {
        find(text).map(|h| (&text[h.start..h.end], h.kind))
    }

    fn date_of(text: &str, plan_year: Option<i32>) -> Option<String> {
        find(text)
            .and_then(|h| h.date)
            .and_then(|d| d.iso(plan_year))
    }

    use DeadlineKind::{Date, Ongoing, Recurring, Vague};

    // --- dates -------------------------------------------------------------------------------

    #[test]
    fn year_month_end() {
        let t =
            "3.整治散乱污企业。全面排查涉气企业，2024年9月底前完成分类整治。（区生态环境分局牵头）";
        assert_eq!(got(t), Some(("2024年9月底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-09-30"));
    }

    #[test]
    fn target_with_dao_keeps_dao() {
        let t = "到2026年底前，全县行政村生活污水治理率达到60%以上。";
        assert_eq!(got(t), Some(("到2026年底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2026-12-31"));
        let t = "加快管网建设。到2027年底，城区雨污分流改造全部完成。";
        assert_eq!(got(t), Some(("到2027年底", Date)));
    }

    #[test]
    fn target_year_alone() {
        let t = "到2030年，全市清洁能源供暖比例提高到80%。";
        assert_eq!(got(t), Some(("到2030年", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2030-12-31"));
        let t = "力争到2027年6月，建成覆盖全域的监测网络。";
        assert_eq!(got(t), Some(("到2027年6月", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2027-06-30"));
    }

    #[test]
    fn dao_inside_a_verb_or_range_is_no_target() {
        assert_eq!(got("主要指标达到2020年全省平均水平。"), None);
        assert_eq!(got("实施期限为2023年到2025年，分三步推进。"), None);
    }

    #[test]
    fn exact_day_without_yu() {
        let t = "各乡镇于2024年5月20日前将排查台账报县农业农村局。";
        assert_eq!(got(t), Some(("2024年5月20日前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-05-20"));
    }

    #[test]
    fn month_without_year_takes_plan_year() {
        let t = "确保11月底前全部通水，迎接省级验收。";
        assert_eq!(got(t), Some(("11月底前", Date)));
        assert_eq!(date_of(t, Some(2023)).as_deref(), Some("2023-11-30"));
        assert_eq!(date_of(t, None), None);
        assert_eq!(
            got("请各单位8月15日以前报送书面材料。"),
            Some(("8月15日以前", Date))
        );
    }

    #[test]
    fn year_year_end_forms() {
        assert_eq!(
            got("2023年年底前，完成全部燃煤小锅炉淘汰。"),
            Some(("2023年年底前", Date))
        );
        assert_eq!(got("2023年底前完成全部淘汰。"), Some(("2023年底前", Date)));
        assert_eq!(got("2023年末前完成销号。"), Some(("2023年末前", Date)));
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
    fn year_end_with_completion_verb() {
        assert_eq!(got("年底完成全年供热管网改造任务。"), Some(("年底", Date)));
        assert_eq!(
            got("2025年6月底全面建成投用。"),
            Some(("2025年6月底", Date))
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
    fn bare_day_at_clause_start() {
        let t = "二是开展集中宣传。10月18日，在文化广场举办安全宣传咨询日活动。";
        assert_eq!(got(t), Some(("10月18日", Date)));
        assert_eq!(date_of(t, Some(2023)).as_deref(), Some("2023-10-18"));
    }

    #[test]
    fn bare_target_years() {
        let t = "深化扬尘治理，强化联防联控。2023年，全市优良天数比率稳定在80%以上。";
        assert_eq!(got(t), Some(("2023年", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2023-12-31"));
        let t = "2021年是“十四五”开局之年。各部门要压实责任，确保2021年各项目标全面完成。";
        let h = find(t).unwrap();
        assert_eq!((&t[h.start..h.end], h.kind), ("2021年", Date));
        assert!(h.start > t.find("确保").unwrap());
    }

    #[test]
    fn ten_days_of_a_month() {
        assert_eq!(
            date_of("2025年3月上旬前完成摸底。", None).as_deref(),
            Some("2025-03-10")
        );
        assert_eq!(
            date_of("2025年3月中旬前完成摸底。", None).as_deref(),
            Some("2025-03-20")
        );
        assert_eq!(
            date_of("2025年4月下旬前完成摸底。", None).as_deref(),
            Some("2025-04-30")
        );
        assert_eq!(
            got("2025年4月下旬前完成摸底。"),
            Some(("2025年4月下旬前", Date))
        );
    }

    #[test]
    fn leap_years() {
        assert_eq!(
            date_of("2024年2月底前完成。", None).as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(
            date_of("2023年2月底前完成。", None).as_deref(),
            Some("2023-02-28")
        );
        assert_eq!(
            date_of("1900年2月底前完成。", None).as_deref(),
            Some("1900-02-28")
        );
        assert_eq!(
            date_of("2000年2月底前完成。", None).as_deref(),
            Some("2000-02-29")
        );
    }

    #[test]
    fn impossible_date_is_still_a_deadline_without_iso() {
        let t = "2025年2月30日前报送方案。";
        assert_eq!(got(t), Some(("2025年2月30日前", Date)));
        assert_eq!(date_of(t, None), None);
        // 13月 is no month at all.
        assert_eq!(got("2025年13月底前报送方案。"), None);
    }

    #[test]
    fn chinese_numeral_dates() {
        let t = "二〇二四年十二月底前完成验收。";
        assert_eq!(got(t), Some(("二〇二四年十二月底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-12-31"));
        assert_eq!(
            date_of("于三月二十一日前上报。", Some(2024)).as_deref(),
            Some("2024-03-21")
        );
        // 统一月底前: 一月 is part of 统一.
        assert_eq!(got("各站点统一月底前上报"), Some(("月底前", Date)));
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

    #[test]
    fn year_before_only_when_it_limits_an_action() {
        assert_eq!(
            got("2027年前，全面完成城镇老旧小区改造。"),
            Some(("2027年前", Date))
        );
        assert_eq!(got("加快推进1980年以前建成的老旧住房改造。"), None);
    }

    // --- recurring ---------------------------------------------------------------------------

    #[test]
    fn monthly_with_day() {
        let t = "各责任单位每月10日前将工作进展报领导小组办公室。";
        assert_eq!(got(t), Some(("每月10日前", Recurring)));
        assert_eq!(find(t).unwrap().date, None);
    }

    #[test]
    fn quarterly_windows() {
        assert_eq!(
            got("每季度结束后5个工作日内报送季度小结。"),
            Some(("每季度结束后5个工作日内", Recurring))
        );
        assert_eq!(
            got("在每个季度第1个月15日前报送上季度情况。"),
            Some(("每个季度第1个月15日前", Recurring))
        );
        assert_eq!(
            got("每季度开展一次联合执法检查。"),
            Some(("每季度开展一次", Recurring))
        );
    }

    #[test]
    fn plain_cycles() {
        assert_eq!(
            got("每年组织一次应急演练评估。"),
            Some(("每年组织一次", Recurring))
        );
        assert_eq!(
            got("每年更新企业环境信用评价名单。"),
            Some(("每年", Recurring))
        );
        assert_eq!(
            got("镇级网格员每周巡查辖区不少于2次。"),
            Some(("每周", Recurring))
        );
        assert_eq!(
            got("领导小组办公室每半年通报进展。"),
            Some(("每半年", Recurring))
        );
        assert_eq!(got("每周一召开调度例会。"), Some(("每周一", Recurring)));
        assert_eq!(
            got("每年年底前报送年度总结。"),
            Some(("每年年底前", Recurring))
        );
        assert_eq!(got("每天对重点路段洒水降尘。"), Some(("每天", Recurring)));
    }

    #[test]
    fn capacities_are_no_cycles() {
        assert_eq!(got("新建再生水厂，处理规模每天8万吨。"), None);
        assert_eq!(got("禁止新建每小时20蒸吨以下燃煤锅炉。"), None);
        assert_eq!(got("扩建净水厂，供水能力每日3万立方米。"), None);
        assert_eq!(got("对困难群众每人每月补助300元。"), None);
    }

    #[test]
    fn season_range_stays_inside_the_first_cycle() {
        let t = "县级河长每季度巡河不少于1次；村级河长每年的4月至11月每周巡河不少于1次。";
        assert_eq!(got(t), Some(("每季度", Recurring)));
        let hits = scan(t);
        assert_eq!(hits.len(), 2);
        assert_eq!(&t[hits[1].start..hits[1].end], "每年的4月至11月每周");
    }

    // --- ongoing -----------------------------------------------------------------------------

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

    // --- vague -------------------------------------------------------------------------------

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

    // --- not deadlines -----------------------------------------------------------------------

    #[test]
    fn periods_seasons_and_routines() {
        assert_eq!(got("重污染天气预警期间，全面停止土石方作业。"), None);
        assert_eq!(got("加强汛期水库安全巡查。"), None);
        assert_eq!(got("定期通报进展，对问题限期整改。"), None);
        assert_eq!(got("元旦春节期间严格落实值班制度。"), None);
        assert_eq!(got("2024年春节将至，各单位要做好安全防范。"), None);
        assert_eq!(got("春节前后加强市场巡查。"), None);
    }

    #[test]
    fn starts_and_definitions() {
        assert_eq!(got("从2024年7月起，在全区推行垃圾分类。"), None);
        assert_eq!(got("自2023年1月1日起施行。"), None);
        assert_eq!(got("2022年是实施“十四五”规划的关键之年。"), None);
        assert_eq!(got("2021年以来，全县累计完成投资10亿元。"), None);
    }

    #[test]
    fn titles_numbers_and_comparisons() {
        assert_eq!(
            got("认真贯彻《打赢蓝天保卫战三年行动计划（2018—2020年）》要求。"),
            None
        );
        assert_eq!(got("落实《关于2024年底前完成清欠工作的通知》。"), None);
        assert_eq!(got("关停日产3000吨以下熟料生产线。"), None);
        assert_eq!(got("PM2.5浓度较2020年底下降10%。"), None);
        assert_eq!(got("力争五年内基本实现全覆盖。"), None);
        assert_eq!(got("截至2023年底，全市已建成充电桩1200个。"), None);
        assert_eq!(got("建立即时响应机制。"), None);
    }

    #[test]
    fn year_end_event_without_limit() {
        let t = "加强督查，年底逐项考核评估。各单位于每月5日前报送进展。";
        assert_eq!(got(t), Some(("每月5日前", Recurring)));
    }

    #[test]
    fn no_deadline_at_all() {
        assert_eq!(
            got("1.完善农村公路养护管理体制。（县交通运输局牵头）"),
            None
        );
        assert_eq!(got("新增城镇就业1.2万人。"), None);
    }

    // --- priorities --------------------------------------------------------------------------

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

    // --- classify ----------------------------------------------------------------------------

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

    // --- iso ---------------------------------------------------------------------------------

    #[test]
    fn iso_rules() {
        let p = |year, month, day| PartialDate { year, month, day };
        assert_eq!(
            p(Some(2025), Some(9), None).iso(None).as_deref(),
            Some("2025-09-30")
        );
        assert_eq!(
            p(None, Some(9), Some(15)).iso(Some(2021)).as_deref(),
            Some("2021-09-15")
        );
        assert_eq!(
            p(Some(2025), None, None).iso(None).as_deref(),
            Some("2025-12-31")
        );
        assert_eq!(p(None, Some(6), None).iso(None), None);
        assert_eq!(p(Some(2025), None, Some(3)).iso(None), None);
        assert_eq!(p(Some(2025), Some(13), None).iso(None), None);
        assert_eq!(p(Some(2025), Some(4), Some(31)).iso(None), None);
        assert_eq!(p(Some(0), Some(1), None).iso(None), None);
        assert_eq!(p(Some(i32::MAX), Some(1), None).iso(None), None);
        assert_eq!(
            PartialDate::default().iso(Some(2020)).as_deref(),
            Some("2020-12-31")
        );
    }

    // --- more phrasing ------------------------------------------------------------------------

    #[test]
    fn immediate_after_common_words() {
        assert_eq!(got("发现隐患并立即上报。"), Some(("立即", Date)));
        assert_eq!(got("施工过程中立即停工整改。"), Some(("立即", Date)));
    }

    #[test]
    fn frequencies_with_a_numeral() {
        assert_eq!(got("疫情期间每日一报。"), Some(("每日", Recurring)));
        assert_eq!(
            got("每学期开展一次消防演练。"),
            Some(("每学期开展一次", Recurring))
        );
        assert_eq!(got("各地每周五前报送信息。"), Some(("每周五前", Recurring)));
        assert_eq!(
            got("每年3月31日前报送上年度总结。"),
            Some(("每年3月31日前", Recurring))
        );
    }

    #[test]
    fn next_year_gets_no_date() {
        let h = find("明年3月底前完成验收。").unwrap();
        assert_eq!(h.kind, Date);
        assert_eq!(h.date, None);
    }

    #[test]
    fn spaced_digits() {
        let t = "2024 年 12 月底前完成验收。";
        assert_eq!(got(t), Some(("2024 年 12 月底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-12-31"));
    }

    #[test]
    fn milestones_and_ranges() {
        assert_eq!(
            got("2026年：完成主体工程；2027年：投入运行。"),
            Some(("2026年", Date))
        );
        let t = "（一）集中整治阶段（2024年5月6日至9月30日）。";
        assert_eq!(got(t), Some(("9月30日", Date)));
        assert_eq!(date_of(t, Some(2024)).as_deref(), Some("2024-09-30"));
        assert_eq!(got("实施方案（2023—2025年）"), None);
        assert_eq!(
            got("分别于3月10日、9月10日前报送半年总结。"),
            Some(("9月10日前", Date))
        );
    }

    #[test]
    fn zhi_and_jiezhi_as_targets() {
        assert_eq!(
            got("至2026年底，城区绿地率达到40%。"),
            Some(("至2026年底", Date))
        );
        assert_eq!(
            got("申报截止2024年8月31日。"),
            Some(("截止2024年8月31日", Date))
        );
        assert_eq!(
            got("自即日起至2024年12月31日，开展专项行动。"),
            Some(("至2024年12月31日", Date))
        );
    }

    #[test]
    fn year_words_that_are_no_deadline() {
        assert_eq!(got("2024年度内完成全部验收。"), Some(("2024年度内", Date)));
        assert_eq!(got("落实2024年内部审计计划。"), None);
        assert_eq!(got("本月底前报送自查报告。"), Some(("本月底前", Date)));
    }

    // --- robustness --------------------------------------------------------------------------

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
