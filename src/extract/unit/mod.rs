//! Responsible units (牵头单位 / 配合单位 / 责任单位): who must carry out a task.
//!
//! Input is always the normalised view text; offsets are byte offsets into that text.
//!
//! This file holds the public API (`scan`, `may_hand_on`, `parse_cell`, `is_generic`) and the
//! types it returns; the forms it reads live in the files beside it:
//! - `lexicon`: word lists and whether a phrase has the shape of an agency name;
//! - `names`: splitting a list of names (、和及等, shared heads, role notes on a name);
//! - `clauses`: bracket groups and role clauses (X牵头，Y配合，Z负责落实);
//! - `labels`: field labels and their values (牵头单位：…；配合单位：…);
//! - `legends`: legends (列第一位者为牵头单位) and blanket statements (以下各项…不再列出);
//! - `subjects`: units as the subject of a prose sentence (市住建局要…, 由县农业局负责…);
//! - `text`: small byte-offset helpers shared by all of them.

mod clauses;
mod labels;
mod legends;
mod lexicon;
mod names;
mod subjects;
mod text;

use clauses::*;
use labels::*;
use legends::*;
use lexicon::*;
use names::*;
use subjects::*;
use text::*;

use crate::wordhash::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

/// The part a unit plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头, 牵头负责, 总牵头, 牵头督导, 牵头单位：
    Lead,
    /// 配合, 参与, 协助, 配合单位：, the Y of “X会同Y”
    Support,
    /// 负责, 负责落实, 按职责分工负责, 责任单位：, a subject that 要/应/负责…
    Responsible,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Responsible => "responsible",
        }
    }
}

/// One named unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitHit {
    pub start: usize,
    pub end: usize,
    pub role: Role,
    pub generic: bool,
}

/// How a task names its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitForm {
    /// （市生态环境局牵头，…配合）, 〔…〕, (由团市委负责)
    Parenthetical,
    /// 责任单位：…, 牵头单位：…；配合单位：… (inline or on a line of its own)
    Label,
    /// 市住建局负责…, 由县农业局具体负责, 县教育局会同县消防救援大队…, 各乡镇要…
    Subject,
}

/// A statement that hands units on to the tasks after it:
/// 以下各项工作均需各县区人民政府落实，不再列出 / …下同.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blanket {
    /// The whole statement (what the ledger quotes as the inherited unit text).
    pub start: usize,
    pub end: usize,
    pub units: Vec<UnitHit>,
}

/// What one text says about units.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitScan {
    /// The units this text names for itself: the first unit group (parenthetical or labels),
    /// else the subject of a sentence. Empty when it names none.
    pub own: Vec<UnitHit>,
    pub form: Option<UnitForm>,
    /// A blanket statement for the tasks that follow (not counted in `own`).
    pub blanket: Option<Blanket>,
    /// 列第一位者为牵头单位 / 列第一位的责任单位为牵头单位（下同）: from here on, the first
    /// unit of a role-less list is the lead.
    pub legend_first_is_lead: bool,
}

/// Scans a task's text (or a heading's, or a cover notice paragraph's).
/// `first_listed_leads` is true once a legend has been seen earlier in the document.
pub fn scan(text: &str, first_listed_leads: bool) -> UnitScan {
    let t = text;
    let groups = top_groups(t);
    let legends = find_legends(t, &groups);
    let leads = first_listed_leads || !legends.is_empty();
    let blankets = find_blankets(t, &groups, &legends);

    // Clauses that speak about other tasks (以下各项…不再列出) or about the list format
    // (列第一位者为牵头单位) never name this task's own units.
    let mut skips = legends.clone();
    skips.extend(
        blankets
            .iter()
            .filter(|b| b.forward)
            .map(|b| (b.start, b.end)),
    );
    sort_merge(&mut skips);
    let ctx = Ctx { skips: &skips };

    let labels = top_labels(t, &groups);
    let runs = label_runs(t, &labels);
    // A bracket in a person field (牵头负责领导：张某某（副市长）) is about the person.
    let mut persons = person_fields(&labels);
    sort_merge(&mut persons);
    let mut cands: Vec<(usize, usize, usize, Option<usize>)> = groups
        .iter()
        .enumerate()
        .filter(|(_, g)| !overlaps(&persons, g.start, g.end))
        .map(|(k, g)| (g.start, g.inner_s, g.inner_e, Some(k)))
        .chain(runs.iter().map(|&(s, e)| (s, s, e, None)))
        .collect();
    cands.sort_by_key(|c| c.0);

    let mut out = UnitScan {
        legend_first_is_lead: !legends.is_empty(),
        ..UnitScan::default()
    };
    for (_, s, e, group) in cands {
        let mode = match group {
            Some(k) => Mode::Strict {
                roleless: roleless_group_ok(t, &groups[k], leads),
            },
            None => Mode::Strict { roleless: false },
        };
        let (hits, labelled) = parse_segment(t, s, e, &ctx, mode);
        if !hits.is_empty() {
            out.own = finish(t, hits, leads);
            out.form = Some(if labelled || group.is_none() {
                UnitForm::Label
            } else {
                UnitForm::Parenthetical
            });
            break;
        }
    }
    if out.own.is_empty() {
        let mut masks: Vec<(usize, usize)> = groups.iter().map(|g| (g.start, g.end)).collect();
        masks.extend(label_masks(&labels));
        masks.extend(legends.iter().copied());
        masks.extend(blankets.iter().map(|b| (b.start, b.end)));
        sort_merge(&mut masks);
        if let Some(hits) = subject_units(t, &masks) {
            out.own = finish(t, hits, false);
            out.form = Some(UnitForm::Subject);
        }
    }
    out.blanket = blankets.into_iter().next().map(|b| {
        // A legend inside the statement (以下各项任务均由A、B负责，列第一位者为牵头单位，下同)
        // speaks about the statement's own list too.
        let legend_here = overlaps(&legends, b.start, b.end);
        let hits = if legend_here {
            b.hits
                .into_iter()
                .map(|h| Hit0 { listed: true, ..h })
                .collect()
        } else {
            b.hits
        };
        Blanket {
            start: b.start,
            end: b.end,
            units: finish(t, hits, legend_here),
        }
    });
    out
}

/// The words of [`may_hand_on`]'s first test, as one pattern of literals: its search is a single
/// SIMD pass, where a substring search per word cost five.
static HAND_ON_WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new("不再|下|列|排|无牵头单位").expect("hand-on words"));

/// Could `text` hand units on to later tasks (a blanket statement or a legend)? A cheap test,
/// so that text that is no task's need not be scanned in full.
pub fn may_hand_on(text: &str) -> bool {
    // Each of the three patterns needs one of these words (不再…/下同, 以下/下列/下述, 列/排…第一,
    // 无牵头单位): most blocks hold none and need no regex search at all.
    if !HAND_ON_WORDS.is_match(text) {
        return false;
    }
    BLANKET_END_RE.is_match(text) || BLANKET_OPEN_RE.is_match(text) || LEGEND_RE.is_match(text)
}

/// Is this line a field line (责任单位：…, 牵头责任单位：…, 协同配合单位：…, 牵头负责领导：…,
/// 完成时限：…) that states a task's or an item's units, leader or deadline?
pub fn is_field_line(text: &str) -> bool {
    opens_with_field(text)
}

/// Is this line a labelled requirement or measure (整改要求：…, 整改措施：…)? Among an item's
/// field lines it is the item's, and its prose may name the units (由联系单位X负责…).
pub fn is_requirement_line(text: &str) -> bool {
    opening_label(text) == Some(LabelKind::Content)
}

/// Units of a task-table cell that holds only names (“市生态环境局、市发展改革委”), each given
/// `role` unless the cell itself says otherwise (“市住建局牵头，市财政局配合”).
pub fn parse_cell(text: &str, role: Role) -> Vec<UnitHit> {
    let ctx = Ctx { skips: &[] };
    let (hits, _) = parse_segment(text, 0, text.len(), &ctx, Mode::Value(role));
    finish(text, hits, false)
}

/// Is this a non-specific party (各有关部门, 有关部门, 各相关单位, 各级政府, 各县区, 施工单位…)?
pub fn is_generic(name: &str) -> bool {
    generic_by(name, generic_after_level)
}

/// [`is_generic`], asking `after_level` whether a level prefix leaves a generic party.
fn generic_by(name: &str, after_level: fn(&str, &HashSet<&'static str>) -> bool) -> bool {
    let n = strip_trailing_paren(name.trim());
    if n.is_empty() {
        return false;
    }
    // 各X, 有关X and 相关X name a class of parties, never one agency. Most names hold no 关,
    // and a character test is far cheaper than a substring search on a short name.
    if n.contains('各') || (n.contains('关') && (n.contains("有关") || n.contains("相关"))) {
        return true;
    }
    // 单位 is a role category (施工单位, 成员单位, 汇总单位); 河长 and 地区 name posts and
    // places by level or kind, not one office.
    const CLASS_ENDS: &[&str] = &["单位", "河长", "河湖长", "湖长", "林长", "路长", "地区"];
    if CLASS_ENDS.iter().any(|s| n.ends_with(s)) {
        return true;
    }
    // 负有安全生产监督管理职责的部门: defined by a duty, not named.
    if n.contains('的') && (n.ends_with("部门") || n.ends_with("机构")) {
        return true;
    }
    // 县级人民政府, 市级部门: every government or department of a level.
    const LEVEL_HEADS: &[&str] = &[
        "政府",
        "人民政府",
        "党委",
        "党委政府",
        "党委和政府",
        "部门",
        "政府部门",
        "机关",
    ];
    if let Some(p) = n.find('级') {
        let (level, head) = (&n[..p], &n[p + '级'.len_utf8()..]);
        if level.chars().count() <= 5 && LEVEL_HEADS.contains(&head) {
            return true;
        }
    }
    let lex = &*LEX;
    n == "政府" || lex.generic.contains(n) || after_level(n, &lex.generic)
}

/// Is `n` a generic party once a level prefix (市, 县级, 全省…) is taken off? The prefixes are one
/// or two characters long, so only those two heads of `n` need looking up, not every prefix.
fn generic_after_level(n: &str, generic: &HashSet<&'static str>) -> bool {
    let mut heads = n.char_indices().map(|(i, c)| i + c.len_utf8()).take(2);
    heads.any(|k| GENERIC_PREFIXES.contains(&&n[..k]) && generic.contains(&n[k..]))
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    subjects::warm_up();
    lexicon::warm_up();
    legends::warm_up();
    labels::warm_up();
    clauses::warm_up();
    LazyLock::force(&HAND_ON_WORDS);
}

#[cfg(test)]
mod testing {
    use super::*;

    pub(super) fn names<'a>(t: &'a str, hits: &[UnitHit]) -> Vec<(&'a str, Role)> {
        hits.iter().map(|h| (&t[h.start..h.end], h.role)).collect()
    }

    pub(super) fn own(t: &str) -> Vec<(&str, Role)> {
        names(t, &scan(t, false).own)
    }

    pub(super) fn own_names(t: &str) -> Vec<&str> {
        own(t).into_iter().map(|(n, _)| n).collect()
    }

    pub(super) fn form(t: &str) -> Option<UnitForm> {
        scan(t, false).form
    }

    pub(super) fn blanket(t: &str) -> Option<(&str, Vec<&str>)> {
        scan(t, false).blanket.map(|b| {
            (
                &t[b.start..b.end],
                b.units.iter().map(|h| &t[h.start..h.end]).collect(),
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn generic_parties() {
        for n in [
            "各有关部门",
            "有关部门",
            "各相关单位",
            "相关单位",
            "各级政府",
            "各县区",
            "各县（市、区）人民政府",
            "各乡镇人民政府",
            "各乡镇",
            "各成员单位",
            "县安委会各成员单位",
            "市级各有关部门",
            "各牵头单位",
            "各责任单位",
            "责任部门",
            "施工单位",
            "拟创建地区",
            "有关分局",
            "镇级河长",
            "县（市）级河湖长",
            "乡镇人民政府",
            "市直单位",
            "县直有关部门",
            "负有安全生产监督管理职责的部门",
            "县级人民政府",
            "县（市）级政府",
            "相关乡镇人民政府",
        ] {
            assert!(is_generic(n), "{n}");
        }
    }

    #[test]
    fn specific_agencies() {
        for n in [
            "市环保局",
            "交通运输部门",
            "规划建设部门",
            "县应急管理局",
            "市政府",
            "县委宣传部",
            "团市委",
            "洪洞经济开发区管委会",
            "市政府督考办",
            "国网宁川供电公司",
            "",
        ] {
            assert!(!is_generic(n), "{n}");
        }
    }

    /// `is_generic` as it was before the level prefixes were looked up by head: every prefix
    /// tried in turn. Kept to hold the lookup by head to the same answers.
    fn is_generic_reference(name: &str) -> bool {
        generic_by(name, |n, generic| {
            GENERIC_PREFIXES
                .iter()
                .any(|p| n.strip_prefix(p).is_some_and(|r| generic.contains(r)))
        })
    }

    #[test]
    fn generic_test_matches_its_reference() {
        let mut pieces: Vec<&str> = GENERIC_PREFIXES.to_vec();
        let mut generic: Vec<&str> = LEX.generic.iter().copied().collect();
        generic.sort_unstable();
        pieces.extend(&generic);
        pieces.extend([
            "有关",
            "相关",
            "关",
            "有",
            "各",
            "级",
            "的",
            "部门",
            "单位",
            "政府",
            "人民政府",
            "市环保局",
            "河长",
            "（",
            "）",
            "管委会",
            " ",
            "市",
            "全",
            "直",
        ]);
        let mut rng = crate::test_rng::Rng(7);
        let mut generic_seen = 0;
        for _ in 0..60_000 {
            let name = rng.join(&pieces, 1..5);
            let want = is_generic_reference(&name);
            assert_eq!(is_generic(&name), want, "{name}");
            generic_seen += usize::from(want);
        }
        // Every level prefix before every generic word, the case the lookup by head serves.
        for p in GENERIC_PREFIXES {
            for g in &generic {
                let name = format!("{p}{g}");
                assert_eq!(is_generic(&name), is_generic_reference(&name), "{name}");
            }
        }
        assert!(generic_seen > 1000, "{generic_seen}");
    }

    #[test]
    fn the_hand_on_words_pass_every_statement() {
        // Without 下, 列 or 排: only the word 无牵头单位 lets it through.
        assert!(may_hand_on("无牵头单位的，责任单位即为牵头单位。"));
        let pieces = [
            "列第一位者为牵头单位",
            "排名第一的为牵头",
            "无牵头单位的，责任单位即为牵头单位",
            "不再一一列出",
            "不再分工",
            "下同",
            "以下各项工作",
            "下述任务",
            "县",
            "，",
            "。",
            "市环保局负责",
        ];
        let mut rng = crate::test_rng::Rng(37);
        let mut statements = 0;
        for _ in 0..20_000 {
            let t = rng.join(&pieces, 1..5);
            let any = BLANKET_END_RE.is_match(&t)
                || BLANKET_OPEN_RE.is_match(&t)
                || LEGEND_RE.is_match(&t);
            if any {
                assert!(HAND_ON_WORDS.is_match(&t), "{t}");
                statements += 1;
            }
        }
        assert!(statements > 5000, "{statements}");
    }

    #[test]
    fn named_lead_with_generic_partners() {
        let t = "（市生态环境局牵头，各县区人民政府负责）";
        let g: Vec<bool> = scan(t, false).own.iter().map(|h| h.generic).collect();
        assert_eq!(g, [false, true]);
    }

    #[test]
    fn cell_names_take_the_column_role() {
        let t = "市生态环境局、市发展改革委";
        assert_eq!(
            names(t, &parse_cell(t, Support)),
            [("市生态环境局", Support), ("市发展改革委", Support)]
        );
    }

    #[test]
    fn cell_with_its_own_roles() {
        let t = "市住建局牵头，市财政局配合";
        assert_eq!(
            names(t, &parse_cell(t, Responsible)),
            [("市住建局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn cell_with_nested_brackets_and_loose_names() {
        let t = "各县（市、区）人民政府，立山经济开发区，全区经济运行各专班";
        assert_eq!(
            names(t, &parse_cell(t, Responsible))
                .into_iter()
                .map(|(n, _)| n)
                .collect::<Vec<_>>(),
            [
                "各县（市、区）人民政府",
                "立山经济开发区",
                "全区经济运行各专班"
            ]
        );
    }

    #[test]
    fn empty_cells() {
        for t in ["", "—", "/", "  ", "2025年底前"] {
            assert!(parse_cell(t, Responsible).is_empty(), "{t}");
        }
    }

    fn check_hits(t: &str, s: &UnitScan) {
        let all = s
            .own
            .iter()
            .chain(s.blanket.iter().flat_map(|b| b.units.iter()));
        for h in all {
            assert!(h.start < h.end && h.end <= t.len(), "{t}");
            assert!(t.is_char_boundary(h.start) && t.is_char_boundary(h.end));
            assert_eq!(h.generic, is_generic(&t[h.start..h.end]));
        }
        if let Some(b) = &s.blanket {
            assert!(b.start < b.end && b.end <= t.len());
        }
    }

    #[test]
    fn never_panics_on_odd_text() {
        for t in [
            "",
            "（",
            "）",
            "（市环保局牵头，",
            "）（〔【",
            "〕市环保局牵头）",
            "牵头单位：",
            "：：：",
            "由",
            "请",
            "要求",
            "各",
            "会同",
            "市住建局会同",
            "以下各项工作均需",
            "不再列出",
            "下同",
            "列第一位者为牵头单位",
            "1.",
            "（一）",
            "a（b）c",
            "市政府（（（（（（（（（（（（（要",
            "\n\n\n",
            "责任单位：（（（",
            "𠀀𠀀（𠀀牵头）",
        ] {
            let s = scan(t, false);
            check_hits(t, &s);
            let s = scan(t, true);
            check_hits(t, &s);
            let _ = parse_cell(t, Lead);
        }
    }

    #[test]
    fn long_repetitive_text_is_handled() {
        let piece = "各县区要加强监管，（市环保局牵头）以下各项工作均需各县区落实，不再列出。下同下同责任单位：县财政局、";
        let t = piece.repeat(2000);
        let s = scan(&t, false);
        check_hits(&t, &s);
        assert!(!s.own.is_empty());
        let t = "（".repeat(5000) + &"市环保局、".repeat(5000);
        check_hits(&t, &scan(&t, false));
        let t = "各".repeat(20000);
        check_hits(&t, &scan(&t, false));
        let t = format!("（{}牵头）", "市环保局和".repeat(20000));
        check_hits(&t, &scan(&t, false));
        let t = "以下各项工作均需各县区落实，不再列出。以下任务由各乡镇负责。".repeat(5000);
        let s = scan(&t, false);
        check_hits(&t, &s);
        assert!(s.blanket.is_some());
        let t = "的".repeat(20000) + &"，".repeat(20000) + &"、".repeat(20000);
        check_hits(&t, &scan(&t, false));
        let t = "责任单位：".repeat(10000);
        check_hits(&t, &scan(&t, false));
    }
}
