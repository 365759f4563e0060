//! Dates with a year or a month: 2025年6月底前, 到2025年底, 2026年春节前, 6月30日前, 12月底前,
//! 三月底, 上旬/中旬/下旬; how their captures are read into a partial date before being judged,
//! and numeral parsing (2025, 二〇二五, 十二).

use super::*;

pub(super) const MON: &str = r"(?:[0-9]{1,2}|十[一二]?|[一二三四五六七八九])";
pub(super) const DAY: &str = r"(?:[0-9]{1,2}|[二三]?十[一二三四五六七八九]?|[一二三四五六七八九])";

pub(super) const PRE: &str = "到|至|截至|截止到|截止";
const SP: &str = "[ \u{3000}]?";

/// A date that starts with a year: 2025年6月底前, 到2025年底, 2026年春节前, 2022年.
static YEAR_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        "(?P<pre>{PRE})?(?P<y>[0-9]{{4}}|[〇○零一二三四五六七八九]{{4}}){SP}年(?:{SP}(?P<m>{MON}){SP}月份?\
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

/// The capture groups of a date pattern by index, looked up once: `Captures::name` hashes the
/// name (SipHash) on every call, and reading one date asks for up to a dozen of them.
#[derive(Debug, Clone, Copy)]
pub(super) struct DateGroups {
    pre: Option<usize>,
    y: Option<usize>,
    m: Option<usize>,
    d: Option<usize>,
    p: Option<usize>,
    b: Option<usize>,
    pub(super) ye: Option<usize>,
    pub(super) yn: Option<usize>,
    pub(super) q: Option<usize>,
    pub(super) h: Option<usize>,
    pub(super) f: Option<usize>,
    me: Option<usize>,
}

impl DateGroups {
    pub(super) fn of(re: &Regex) -> Self {
        let at = |name: &str| re.capture_names().position(|n| n == Some(name));
        DateGroups {
            pre: at("pre"),
            y: at("y"),
            m: at("m"),
            d: at("d"),
            p: at("p"),
            b: at("b"),
            ye: at("ye"),
            yn: at("yn"),
            q: at("q"),
            h: at("h"),
            f: at("f"),
            me: at("me"),
        }
    }

    /// What `caps.name` gives for the group at `index`.
    pub(super) fn get<'t>(caps: &Captures<'t>, index: Option<usize>) -> Option<regex::Match<'t>> {
        caps.get(index?)
    }

    pub(super) fn pre<'t>(&self, caps: &Captures<'t>) -> Option<regex::Match<'t>> {
        Self::get(caps, self.pre)
    }
}

static YEAR_GROUPS: LazyLock<DateGroups> = LazyLock::new(|| DateGroups::of(&YEAR_RE));
static MONTH_GROUPS: LazyLock<DateGroups> = LazyLock::new(|| DateGroups::of(&MONTH_RE));

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gran {
    Year,
    Month,
    YearEnd,
    Quarter,
    Half,
    Festival,
    MonthEnd,
}

/// One date-shaped match before it is judged.
pub(super) struct DateMatch<'t> {
    /// Start of the whole match (with 到/至 when present).
    pub(super) start: usize,
    /// Start after the 到/至 prefix.
    pub(super) core: usize,
    pub(super) end: usize,
    pub(super) pre: Option<&'t str>,
    pub(super) before: Option<&'t str>,
    pub(super) gran: Gran,
    pub(super) fest: Option<&'t str>,
    pub(super) has_day: bool,
    pub(super) date: Option<PartialDate>,
}

pub(super) fn dates_with_year(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    let g = &*YEAR_GROUPS;
    for caps in YEAR_RE.captures_iter(text) {
        let (Some(all), Some(y)) = (caps.get(0), DateGroups::get(&caps, g.y)) else {
            continue;
        };
        // A year is a whole number: 12025年 or 99999999999年 holds no year we can read.
        if prev_char(text, y.start()).is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
            continue;
        }
        let Some(year) = parse_year(y.as_str()) else {
            continue;
        };
        let Some(m) = date_match(&caps, g, all.start(), all.end(), Some(year)) else {
            continue;
        };
        push_judged(text, &m, mode, out);
    }
}

pub(super) fn dates_with_month(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for found in MONTH_RE.find_iter(text) {
        // Without a 到/至 prefix the month starts the match: most rejected matches (6月 after
        // 2025年) are told apart with no captures.
        let bare = !text[found.start()..].starts_with(['到', '至', '截']);
        if bare
            && text[found.start()..]
                .chars()
                .next()
                .is_some_and(|c| month_rejected(text, found.start(), c))
        {
            continue;
        }
        // The same match, now with its groups: the pattern does not look behind its start.
        if let Some(caps) = MONTH_RE.captures_at(text, found.start()) {
            push_month(text, &caps, mode, out);
        }
    }
}

/// Judges one match of the month pattern and keeps it when its month is one of its own.
fn push_month(text: &str, caps: &Captures<'_>, mode: Mode, out: &mut Vec<Cand>) {
    let g = &*MONTH_GROUPS;
    let (Some(all), Some(mon)) = (caps.get(0), DateGroups::get(caps, g.m)) else {
        return;
    };
    let first = mon.as_str().chars().next();
    if first.is_some_and(|c| month_rejected(text, mon.start(), c)) {
        return;
    }
    let Some(mut m) = date_match(caps, g, all.start(), all.end(), None) else {
        return;
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

/// Is the month number at `at` (its first character `first`) no month of its own?
fn month_rejected(text: &str, at: usize, first: char) -> bool {
    let prev = prev_char(text, at);
    // 112月 holds no month; after 1. (a marker) a month may start the task.
    if prev.is_some_and(|c| c.is_ascii_digit()) {
        return true;
    }
    // After a written year the month belongs to the year pattern's match.
    if prev == Some('年') {
        let before_year = prev_char(text, at - '年'.len_utf8());
        if before_year.is_some_and(|c| c.is_ascii_digit() || is_cn_numeral(c)) {
            return true;
        }
    }
    // A Chinese-numeral month inside a word (统一月底, 每一月) is no month.
    is_cn_numeral(first) && !prev.is_none_or(cn_month_prev_ok)
}

/// `dates_with_month` as it was, captures for every match, kept to hold its pre-test to it.
#[cfg(test)]
fn dates_with_month_reference(text: &str, mode: Mode, out: &mut Vec<Cand>) {
    for caps in MONTH_RE.captures_iter(text) {
        push_month(text, &caps, mode, out);
    }
}

/// Reads the captures of one of the date patterns into a `DateMatch`; `None` when a number is
/// out of range (13月, 32日).
pub(super) fn date_match<'t>(
    caps: &Captures<'t>,
    g: &DateGroups,
    start: usize,
    end: usize,
    year: Option<i32>,
) -> Option<DateMatch<'t>> {
    let pre = DateGroups::get(caps, g.pre);
    let core = pre.map_or(start, |p| p.end());
    let mut before = DateGroups::get(caps, g.b).map(|b| b.as_str());
    let mut has_day = false;
    let mut fest = None;
    let (gran, date) = if let Some(m) = DateGroups::get(caps, g.m) {
        let month = parse_small(m.as_str()).filter(|m| (1..=12).contains(m))?;
        let day = match DateGroups::get(caps, g.d) {
            Some(d) => {
                has_day = true;
                Some(parse_small(d.as_str()).filter(|d| (1..=31).contains(d))?)
            }
            None => match DateGroups::get(caps, g.p).map(|p| p.as_str()) {
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
    } else if DateGroups::get(caps, g.ye).is_some() {
        (
            Gran::YearEnd,
            Some(PartialDate {
                year,
                month: Some(12),
                day: None,
            }),
        )
    } else if DateGroups::get(caps, g.yn).is_some() {
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
    } else if let Some(q) = DateGroups::get(caps, g.q) {
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
    } else if let Some(h) = DateGroups::get(caps, g.h) {
        let month = if h.as_str() == "下半年" { 12 } else { 6 };
        (
            Gran::Half,
            Some(PartialDate {
                year,
                month: Some(month),
                day: None,
            }),
        )
    } else if let Some(f) = DateGroups::get(caps, g.f) {
        fest = Some(f.as_str());
        (Gran::Festival, festival_date(f.as_str(), year))
    } else if DateGroups::get(caps, g.me).is_some() {
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

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&YEAR_RE);
    LazyLock::force(&MONTH_RE);
    LazyLock::force(&YEAR_GROUPS);
    LazyLock::force(&MONTH_GROUPS);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::deadline::DeadlineKind::Date;
    use crate::extract::deadline::testing::*;

    #[test]
    fn month_dates_match_their_reference() {
        let pieces = [
            "年",
            "月",
            "份",
            "日",
            "号",
            "底",
            "前",
            "以前",
            "内",
            "上旬",
            "到",
            "至",
            "截至",
            "截止到",
            "2025",
            "6",
            "12",
            "十",
            "十二",
            "三",
            "一",
            "统",
            "每",
            "明年",
            "完成",
            "，",
            "。",
            " ",
            "1.",
        ];
        let found = same_as_reference(&pieces, 23, dates_with_month, dates_with_month_reference);
        assert!(found > 500, "{found}");
    }

    #[test]
    fn groups_by_index_are_the_named_groups() {
        let texts = [
            "到2025年6月30日前完成，截至2024年底，2026年春节前，2025年第三季度末前",
            "2024年上半年内，6月底前，十二月中旬，年内完成，月底前，国庆节前，汛前",
        ];
        let names = [
            "pre", "y", "m", "d", "p", "b", "ye", "yn", "q", "h", "f", "me",
        ];
        for re in [&*YEAR_RE, &*MONTH_RE, &*OTHER_RE] {
            let g = DateGroups::of(re);
            let indexes = [
                g.pre, g.y, g.m, g.d, g.p, g.b, g.ye, g.yn, g.q, g.h, g.f, g.me,
            ];
            let mut seen = 0;
            for t in texts {
                for caps in re.captures_iter(t) {
                    for (n, i) in names.iter().zip(indexes) {
                        let by_index = DateGroups::get(&caps, i).map(|m| m.range());
                        assert_eq!(by_index, caps.name(n).map(|m| m.range()), "{n} in {t}");
                        seen += usize::from(by_index.is_some());
                    }
                }
            }
            assert!(seen > 5, "{seen}");
        }
    }

    #[test]
    fn year_month_end() {
        let t =
            "3.整治散乱污企业。全面排查涉气企业，2024年9月底前完成分类整治。（区生态环境分局牵头）";
        assert_eq!(got(t), Some(("2024年9月底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-09-30"));
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
    fn year_end_with_completion_verb() {
        assert_eq!(got("年底完成全年供热管网改造任务。"), Some(("年底", Date)));
        assert_eq!(
            got("2025年6月底全面建成投用。"),
            Some(("2025年6月底", Date))
        );
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

    #[test]
    fn spaced_digits() {
        let t = "2024 年 12 月底前完成验收。";
        assert_eq!(got(t), Some(("2024 年 12 月底前", Date)));
        assert_eq!(date_of(t, None).as_deref(), Some("2024-12-31"));
    }
}
