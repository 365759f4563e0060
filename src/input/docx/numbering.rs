//! numbering.xml: list definitions and the counters that turn them into the markers Word
//! shows (一、 （一） 1. ①).

use std::collections::{HashMap, HashSet};

use super::{DocxError, Xml, XmlEvent, attr, level_index, local, number, val};

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: u32,
    format: String,
    text: String,
    style: Option<String>,
    /// `w:lvlRestart`: restart after this 1-based level is used (0: never); default, after
    /// any higher level.
    restart: Option<usize>,
    /// `w:isLgl`: every level's number shown in Arabic digits (“1.2”).
    legal: bool,
}

#[derive(Debug, Default)]
struct Num {
    abstract_id: String,
    start_overrides: Vec<(usize, u32)>,
    level_overrides: HashMap<usize, Level>,
}

/// numbering.xml, and the counters that advance as paragraphs are read.
#[derive(Debug, Default)]
pub(super) struct Numbering {
    abstracts: HashMap<String, HashMap<usize, Level>>,
    nums: HashMap<String, Num>,
    /// Counters per abstract definition: lists that share one continue each other's count.
    counters: HashMap<String, [Option<u32>; 9]>,
    started: HashSet<String>,
}

impl Numbering {
    pub(super) fn parse(xml: &Xml) -> Result<Self, DocxError> {
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        xml.walk(|ev| match ev {
            XmlEvent::Start(e) => match local(e.name().as_ref()) {
                "abstractNum" => abstract_id = attr(e, "abstractNumId"),
                "num" => {
                    num_id = attr(e, "numId");
                    if let Some(id) = &num_id {
                        n.nums.insert(id.clone(), Num::default());
                    }
                }
                "abstractNumId" => {
                    if let Some(num) = num_id.as_ref().and_then(|id| n.nums.get_mut(id)) {
                        num.abstract_id = val(e).unwrap_or_default();
                    }
                }
                "lvlOverride" => override_level = level_index(attr(e, "ilvl")),
                "startOverride" => {
                    let num = num_id.as_ref().and_then(|id| n.nums.get_mut(id));
                    if let (Some(num), Some(l), Some(v)) = (num, override_level, number(val(e))) {
                        num.start_overrides.push((l, v));
                    }
                }
                "lvl" => {
                    level = level_index(attr(e, "ilvl")).map(|i| {
                        let l = Level {
                            start: 1,
                            format: "decimal".into(),
                            ..Level::default()
                        };
                        (i, l)
                    })
                }
                "start" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), number(val(e))) {
                        l.start = v;
                    }
                }
                "numFmt" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(e)) {
                        l.format = v;
                    }
                }
                "lvlText" => {
                    if let (Some((_, l)), Some(v)) = (level.as_mut(), val(e)) {
                        l.text = v;
                    }
                }
                "pStyle" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.style = val(e);
                    }
                }
                "lvlRestart" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.restart = number(val(e)).map(|v| v as usize);
                    }
                }
                "isLgl" => {
                    if let Some((_, l)) = level.as_mut() {
                        l.legal = !matches!(val(e).as_deref(), Some("0" | "false" | "off"));
                    }
                }
                _ => {}
            },
            XmlEvent::End("lvl") => {
                let Some((i, l)) = level.take() else { return };
                if let Some(id) = &abstract_id {
                    n.abstracts.entry(id.clone()).or_default().insert(i, l);
                } else if let Some(num) = num_id.as_ref().and_then(|id| n.nums.get_mut(id)) {
                    num.level_overrides.insert(i, l);
                }
            }
            XmlEvent::End("abstractNum") => abstract_id = None,
            XmlEvent::End("num") => num_id = None,
            XmlEvent::End("lvlOverride") => override_level = None,
            _ => {}
        })?;
        Ok(n)
    }

    fn level(&self, num_id: &str, ilvl: usize) -> Option<&Level> {
        let num = self.nums.get(num_id)?;
        num.level_overrides
            .get(&ilvl)
            .or_else(|| self.abstracts.get(&num.abstract_id)?.get(&ilvl))
    }

    /// The level of list `num_id` that is tied to paragraph style `style` (a heading style
    /// numbered through numbering.xml names no level itself).
    pub(super) fn level_of_style(&self, num_id: &str, style: &str) -> Option<usize> {
        let num = self.nums.get(num_id)?;
        let levels = self.abstracts.get(&num.abstract_id)?;
        levels
            .iter()
            .find(|(_, l)| l.style.as_deref() == Some(style))
            .map(|(&i, _)| i)
    }

    /// Advances list `num_id` at level `ilvl` and returns the marker Word shows, e.g. “（二）”.
    /// Bullets and unknown lists give `None`: they are no plan numbering.
    pub(super) fn next_marker(&mut self, num_id: &str, ilvl: usize) -> Option<String> {
        let level = self.level(num_id, ilvl)?.clone();
        if matches!(level.format.as_str(), "bullet" | "none") || level.text.is_empty() {
            return None;
        }
        let abstract_id = self.nums.get(num_id)?.abstract_id.clone();
        // Deeper levels restart after this one unless their w:lvlRestart says otherwise.
        let restarts: Vec<usize> = (ilvl + 1..9)
            .filter(|&deeper| {
                let after = self.level(num_id, deeper).and_then(|l| l.restart);
                let after = after.unwrap_or(deeper);
                after != 0 && ilvl < after
            })
            .collect();
        let first_use = self.started.insert(num_id.to_string());
        let overrides = &self.nums[num_id].start_overrides;
        let counters = self.counters.entry(abstract_id).or_default();
        if first_use {
            // A list that restarts numbering (Word's “重新开始编号”) is a new w:num whose
            // overrides apply when it is first used.
            for &(l, v) in overrides.iter().filter(|(l, _)| *l < 9) {
                counters[l] = Some(v.saturating_sub(1));
            }
        }
        counters[ilvl] = Some(counters[ilvl].map_or(level.start, |v| v.saturating_add(1)));
        let values = *counters;
        for deeper in restarts {
            counters[deeper] = None;
        }
        let mut marker = level.text.clone();
        for (l, value) in values.iter().enumerate() {
            let placeholder = format!("%{}", l + 1);
            if !marker.contains(&placeholder) {
                continue;
            }
            let def = self.level(num_id, l).cloned().unwrap_or_default();
            let value = value.unwrap_or(def.start);
            let format = if level.legal { "decimal" } else { &def.format };
            marker = marker.replace(&placeholder, &format_number(value, format));
        }
        Some(marker)
    }
}

/// A counter value in one of Word's number formats (`w:numFmt`).
fn format_number(n: u32, format: &str) -> String {
    const CIRCLED: &str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳";
    const PAREN: &str = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇";
    const FULLSTOP: &str = "⒈⒉⒊⒋⒌⒍⒎⒏⒐⒑⒒⒓⒔⒕⒖⒗⒘⒙⒚⒛";
    const STEMS: &str = "甲乙丙丁戊己庚辛壬癸";
    const BRANCHES: &str = "子丑寅卯辰巳午未申酉戌亥";
    let nth = |set: &str| {
        let i = n.checked_sub(1)? as usize;
        set.chars().nth(i).map(String::from)
    };
    let cyclic = |set: &str| {
        let len = set.chars().count() as u32;
        set.chars()
            .nth(((n.max(1) - 1) % len) as usize)
            .map(String::from)
    };
    let formatted = match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "japaneseCounting"
        | "ideographDigital" => Some(chinese_counting(n, false)),
        "chineseLegalSimplified" => Some(chinese_counting(n, true)),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => nth(CIRCLED),
        "decimalEnclosedParen" => nth(PAREN),
        "decimalEnclosedFullstop" => nth(FULLSTOP),
        "ideographTraditional" => cyclic(STEMS),
        "ideographZodiac" => cyclic(BRANCHES),
        "decimalFullWidth" | "decimalFullWidth2" => Some(
            n.to_string()
                .chars()
                .filter_map(|d| char::from_u32(d as u32 - '0' as u32 + '０' as u32))
                .collect(),
        ),
        "decimalZero" => Some(format!("{n:02}")),
        "lowerLetter" => Some(letter(n).to_ascii_lowercase()),
        "upperLetter" => Some(letter(n)),
        "lowerRoman" => Some(roman(n).to_ascii_lowercase()),
        "upperRoman" => Some(roman(n)),
        _ => None,
    };
    formatted.unwrap_or_else(|| n.to_string())
}

/// 一 … 十 十一 … 二十 … 一百零一: how Word's chineseCounting writes numbers.
fn chinese_counting(n: u32, legal: bool) -> String {
    let digits: Vec<char> = if legal {
        "零壹贰叁肆伍陆柒捌玖".chars().collect()
    } else {
        "〇一二三四五六七八九".chars().collect()
    };
    let units: Vec<char> = if legal {
        "拾佰仟".chars().collect()
    } else {
        "十百千".chars().collect()
    };
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 10_000 {
        return n.to_string();
    }
    let parts = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &d) in parts.iter().enumerate() {
        let unit = [Some(units[2]), Some(units[1]), Some(units[0]), None][i];
        if d == 0 {
            zero_pending = !out.is_empty();
            continue;
        }
        if zero_pending {
            out.push('零');
            zero_pending = false;
        }
        // 十一, not 一十一, when ten is the highest place.
        if !(d == 1 && i == 2 && out.is_empty() && !legal) {
            out.push(digits[d as usize]);
        }
        if let Some(u) = unit {
            out.push(u);
        }
    }
    out
}

fn letter(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'A' + (n % 26) as u8);
    c.to_string().repeat(n as usize / 26 + 1)
}

fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in TABLE {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting_as_word_writes_it() {
        let f = |n| format_number(n, "chineseCounting");
        assert_eq!(
            [f(1), f(10), f(11), f(20), f(21), f(100), f(101), f(110)],
            [
                "一",
                "十",
                "十一",
                "二十",
                "二十一",
                "一百",
                "一百零一",
                "一百一十"
            ]
        );
        assert_eq!(format_number(3, "ideographTraditional"), "丙");
        assert_eq!(format_number(2, "decimalEnclosedCircle"), "②");
        assert_eq!(format_number(12, "decimalFullWidth"), "１２");
        assert_eq!(format_number(4, "lowerRoman"), "iv");
    }

    fn numbering(xml: &str) -> Numbering {
        Numbering::parse(&Xml {
            part: "word/numbering.xml".into(),
            text: xml.into(),
        })
        .unwrap()
    }

    const LISTS: &str = r#"<w:numbering xmlns:w="x">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="0"/>
        <w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
    </w:numbering>"#;

    #[test]
    fn lower_levels_restart_when_a_higher_one_advances() {
        let mut n = numbering(LISTS);
        let mut next = |l| n.next_marker("1", l).unwrap();
        let seen = [
            next(0),
            next(1),
            next(2),
            next(2),
            next(1),
            next(2),
            next(0),
            next(1),
        ];
        assert_eq!(
            seen,
            [
                "一、",
                "（一）",
                "1.",
                "2.",
                "（二）",
                "1.",
                "二、",
                "（一）"
            ]
        );
    }

    #[test]
    fn lvl_restart_and_legal_numbering() {
        let mut n = numbering(
            r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlRestart w:val="0"/><w:lvlText w:val="%2."/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:isLgl/><w:lvlText w:val="%1.%3"/></w:lvl>
            </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        );
        let mut next = |l| n.next_marker("1", l).unwrap();
        // Level 2 runs through the document (1. 2. 3. across 一、 二、), as 工作要点 often do.
        let seen = [next(0), next(1), next(1), next(0), next(1), next(2)];
        assert_eq!(seen, ["一、", "1.", "2.", "二、", "3.", "2.1"]);
    }

    #[test]
    fn a_start_override_restarts_the_list() {
        let mut n = numbering(LISTS);
        assert_eq!(n.next_marker("1", 0).as_deref(), Some("一、"));
        assert_eq!(n.next_marker("2", 0).as_deref(), Some("五、"));
        assert_eq!(n.next_marker("2", 0).as_deref(), Some("六、"));
        assert_eq!(n.next_marker("9", 0), None);
    }
}
