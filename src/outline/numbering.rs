//! Whether a plan's numbering runs in order: 一、二、三 without gaps or repeats under each
//! parent, and the levels 一、 → （一） → 1. → （1） → ① never inverted among siblings.
//!
//! Drafts number lower levels either afresh under each parent or through the whole document
//! (1.–24. across all sections); both are accepted, so a first item is right when it is 1 or
//! continues the same style from anywhere before it.

use super::{Document, MarkerStyle};

/// What is wrong with an item's number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberingProblem {
    /// A number was left out (一、 then 三、).
    Skipped,
    /// The same or an earlier number again (（二） then （二）).
    Repeated,
    /// A higher level after a lower one among siblings (1. then （一）).
    Order,
}

impl NumberingProblem {
    pub fn as_str(self) -> &'static str {
        match self {
            NumberingProblem::Skipped => "skipped",
            NumberingProblem::Repeated => "repeated",
            NumberingProblem::Order => "order",
        }
    }
}

/// An item whose number is out of sequence, and the marker expected there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NumberingIssue {
    pub item: usize,
    pub problem: NumberingProblem,
    /// The marker as it should read (“（三）”); empty for [`NumberingProblem::Order`].
    pub expected: String,
}

/// Every numbering problem of the plan's items, in document order.
pub fn issues(doc: &Document) -> Vec<NumberingIssue> {
    let mut out = Vec::new();
    let mut groups = Groups::new(doc.items.len());
    // The last value of each style anywhere, for numbering that runs through the document.
    let mut running = [None; STYLES];
    for (i, it) in doc.items.iter().enumerate() {
        if !it.in_plan || it.style == MarkerStyle::RunIn {
            continue;
        }
        let style = it.style as usize;
        let group = groups.of(it.parent);
        let last = group.last[style];
        let problem = match last {
            Some(prev) if it.value == prev + 1 => None,
            Some(prev) if it.value <= prev => Some(NumberingProblem::Repeated),
            Some(_) => Some(NumberingProblem::Skipped),
            None => {
                let continues = running[style].is_some_and(|r| it.value == r + 1);
                (it.value != 1 && !continues).then_some(NumberingProblem::Skipped)
            }
        };
        let problem = problem.or_else(|| {
            group
                .deepest
                .is_some_and(|d| d > it.level)
                .then_some(NumberingProblem::Order)
        });
        if let Some(problem) = problem {
            let expected = match problem {
                NumberingProblem::Order => String::new(),
                _ => {
                    let next = last.map_or(1, |p| p + 1);
                    with_value(doc.text(it.marker), it.style, next)
                }
            };
            out.push(NumberingIssue {
                item: i,
                problem,
                expected,
            });
        }
        group.last[style] = Some(it.value);
        group.deepest = Some(group.deepest.map_or(it.level, |d| d.max(it.level)));
        running[style] = Some(it.value);
    }
    out
}

/// How many marker styles there are ([`MarkerStyle::RunIn`] is the last).
const STYLES: usize = MarkerStyle::RunIn as usize + 1;

/// What the children of one parent have shown so far: the last value of each style and the
/// deepest level among them.
#[derive(Default)]
struct Group {
    last: [Option<u32>; STYLES],
    deepest: Option<u8>,
}

/// The [`Group`] of each parent (and of the top level), kept in the order first met: a parent
/// is an earlier item, so a slot per item finds its group without hashing.
struct Groups {
    slot: Vec<u32>,
    groups: Vec<Group>,
}

impl Groups {
    const NONE: u32 = u32::MAX;

    fn new(items: usize) -> Self {
        Groups {
            slot: vec![Self::NONE; items + 1],
            groups: Vec::new(),
        }
    }

    fn of(&mut self, parent: Option<usize>) -> &mut Group {
        let key = parent.map_or(0, |p| p + 1);
        if self.slot[key] == Self::NONE {
            self.slot[key] = self.groups.len() as u32;
            self.groups.push(Group::default());
        }
        &mut self.groups[self.slot[key] as usize]
    }
}

/// A marker as written with its number replaced: “（二）” with 3 → “（三）”, “2.” → “3.”.
fn with_value(marker: &str, style: MarkerStyle, value: u32) -> String {
    let is_num = |c: char| match style {
        MarkerStyle::Chinese | MarkerStyle::ParenChinese => {
            "一二三四五六七八九十百零〇两".contains(c)
        }
        _ => c.is_ascii_digit() || ('０'..='９').contains(&c),
    };
    if let Some(c) = marker.chars().next().filter(|&c| enclosed(c).is_some()) {
        let (first, count) = enclosed(c).unwrap_or(('①', 20));
        return char::from_u32(first as u32 + value.clamp(1, count) - 1)
            .map_or_else(|| marker.to_string(), String::from);
    }
    let start = marker.find(is_num).unwrap_or(marker.len());
    let end = marker[start..]
        .find(|c: char| !is_num(c))
        .map_or(marker.len(), |e| start + e);
    // Room for the longest value: a Chinese numeral of three characters (三十五), three bytes
    // each.
    let mut out = String::with_capacity(marker.len() + 9);
    out.push_str(&marker[..start]);
    match style {
        MarkerStyle::Chinese | MarkerStyle::ParenChinese => push_chinese(&mut out, value),
        _ => {
            use std::fmt::Write;
            let _ = write!(out, "{value}");
        }
    }
    out.push_str(&marker[end..]);
    out
}

/// The first character and size of the enclosed-number block `c` belongs to.
fn enclosed(c: char) -> Option<(char, u32)> {
    [('①', 20), ('❶', 10), ('⑴', 20), ('⒈', 20), ('㈠', 10)]
        .into_iter()
        .find(|&(first, n)| (first as u32..first as u32 + n).contains(&(c as u32)))
}

/// Appends `n` as the markers 一、 and （一） count: 1 → 一, 10 → 十, 12 → 十二, 20 → 二十,
/// 35 → 三十五 (items never reach a hundred).
fn push_chinese(s: &mut String, n: u32) {
    const D: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let (tens, ones) = (n / 10, n % 10);
    if tens > 1 {
        s.push(D[(tens % 10) as usize]);
    }
    if tens > 0 {
        s.push('十');
    }
    if ones > 0 || tens == 0 {
        s.push(D[ones as usize]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<(String, &'static str, String)> {
        let (doc, _) = crate::read_str("a.txt", text);
        issues(&doc)
            .into_iter()
            .map(|i| {
                (
                    doc.heading_text(i.item).to_string(),
                    i.problem.as_str(),
                    i.expected,
                )
            })
            .collect()
    }

    #[test]
    fn skipped_repeated_and_inverted_numbers() {
        let text = "青川县扬尘治理工作方案\n一、总体要求\n（一）指导思想。坚持问题导向。\n（三）工作目标。到2025年底，PM10浓度下降5%。\n二、重点任务\n1. 强化工地管控。（县住建局牵头，2025年6月底前）\n1. 强化道路保洁。（县城管局牵头，2025年6月底前）\n（一）严控露天焚烧。（县农业农村局牵头，长期坚持）\n四、保障措施\n";
        assert_eq!(
            problems(text),
            [
                (
                    "（三）工作目标".to_string(),
                    "skipped",
                    "（二）".to_string()
                ),
                ("1. 强化道路保洁".to_string(), "repeated", "2.".to_string()),
                ("（一）严控露天焚烧".to_string(), "order", String::new()),
                ("四、保障措施".to_string(), "skipped", "三、".to_string()),
            ]
        );
    }

    #[test]
    fn numbering_restarting_per_section_or_running_through_is_in_order() {
        let restart = "方案\n一、重点任务\n1. 甲。\n2. 乙。\n二、保障措施\n1. 丙。\n2. 丁。\n";
        assert!(problems(restart).is_empty());
        let through = "方案\n一、重点任务\n1. 甲。\n2. 乙。\n二、保障措施\n3. 丙。\n4. 丁。\n";
        assert!(problems(through).is_empty());
    }

    #[test]
    fn expected_markers_keep_the_written_form() {
        assert_eq!(with_value("（二）", MarkerStyle::ParenChinese, 3), "（三）");
        assert_eq!(with_value("九、", MarkerStyle::Chinese, 10), "十、");
        assert_eq!(with_value("十一、", MarkerStyle::Chinese, 12), "十二、");
        assert_eq!(with_value("(2)", MarkerStyle::ParenArabic, 3), "(3)");
        assert_eq!(with_value("9.", MarkerStyle::Arabic, 10), "10.");
        assert_eq!(with_value("②", MarkerStyle::Circled, 3), "③");
        assert_eq!(with_value("⒉", MarkerStyle::Arabic, 3), "⒊");
        assert_eq!(with_value("十九、", MarkerStyle::Chinese, 20), "二十、");
        assert_eq!(
            with_value("（三十四）", MarkerStyle::ParenChinese, 35),
            "（三十五）"
        );
    }
}
