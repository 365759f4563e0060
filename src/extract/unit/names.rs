//! Lists of names: splitting at 、，和及与等 (never inside a name such as 市发展和改革局),
//! joining place fragments to the head they share (各县、区人民政府), role notes written on a
//! name (市政府办公室（牵头）) and the check that every name of a list is an agency.

use super::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Sep {
    /// 、 — the items may share a head (临汾、侯马、洪洞经济开发区管委会).
    Dun,
    /// ，, 和, 及, 等 or the end of the list: the items stand alone.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Elem {
    pub(super) s: usize,
    pub(super) e: usize,
    /// A role stated right on the name: 市住建局（牵头）.
    pub(super) role: Option<Role>,
    pub(super) sep: Sep,
    /// A bare head followed this name and was dropped: 市场监管、公安等部门.
    pub(super) shared_head: bool,
}

/// Splits `t[s..e]` into names at 、，和 及 与 以及 等 (never inside brackets; 和 only between
/// two agency names, so 市发展和改革局 stays whole) and joins place fragments to the name
/// they share (各县、区人民政府 is one name).
pub(super) fn split_names(t: &str, s: usize, e: usize) -> Vec<Elem> {
    let mut raw: Vec<(usize, usize, Sep)> = Vec::new();
    let mut depth = 0usize;
    let mut cur = s;
    let mut i = s;
    while i < e {
        let Some(c) = char_at(t, i) else { break };
        let l = c.len_utf8();
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 {
            let cut = match c {
                '、' => Some((l, Sep::Dun)),
                '，' | ',' | '/' | '／' | '\n' | '；' | ';' | '。' | '等' => {
                    Some((l, Sep::Other))
                }
                '和' | '及' | '与' if conj_splits(t, cur, i, i + l, e) => Some((l, Sep::Other)),
                '以' if t[i..e].starts_with("以及") && conj_splits(t, cur, i, i + 6, e) => {
                    Some((6, Sep::Other))
                }
                _ => None,
            };
            if let Some((len, sep)) = cut {
                raw.push((cur, i, sep));
                i += len;
                cur = i;
                continue;
            }
        }
        i += l;
    }
    raw.push((cur, e, Sep::Other));
    finish_elems(t, raw)
}

/// Does the 和/及 at `at..after` join two names (and not sit inside 市发展和改革局)?
fn conj_splits(t: &str, cur: usize, at: usize, after: usize, e: usize) -> bool {
    let left = &t[cur..at];
    if !agency_like(left) {
        return false;
    }
    // Names are short: looking further than this for the right-hand name would only make a
    // long run of 和 quadratic.
    let e = ceil_boundary(t, e.min(after + 120));
    let mut j = after;
    let mut depth = 0usize;
    while j < e {
        let Some(c) = char_at(t, j) else { break };
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && "、，,；;。等".contains(c) {
            break;
        }
        j += c.len_utf8();
    }
    let right = t[after..j].trim();
    agency_like(right) || right.starts_with('各')
}

/// Trims the raw pieces, reads role parentheses, joins fragments, drops what is not a name.
pub(super) fn finish_elems(t: &str, raw: Vec<(usize, usize, Sep)>) -> Vec<Elem> {
    let mut cleaned: Vec<Elem> = Vec::with_capacity(raw.len());
    for (s, e, sep) in raw {
        let (s, e) = trim(t, s, e);
        let (e, role) = trailing_note(t, s, e);
        let (s, e) = trim(t, s, e);
        if s < e {
            cleaned.push(Elem {
                s,
                e,
                role,
                sep,
                shared_head: false,
            });
        } else if let Some(last) = cleaned.last_mut() {
            // An empty piece (“市住建局、，”) keeps the stronger separator.
            last.sep = Sep::Other;
        }
    }
    // Join right to left so that a chain (县、乡级、村级河长) folds into one name.
    let mut out: Vec<Elem> = Vec::with_capacity(cleaned.len());
    for el in cleaned.into_iter().rev() {
        if let Some(next) = out.last_mut() {
            let next_name = &t[next.s..next.e];
            if el.sep == Sep::Dun && joins_next(&t[el.s..el.e], next_name) && agency_like(next_name)
            {
                next.s = el.s;
                continue;
            }
        }
        out.push(el);
    }
    out.reverse();
    // A bare head after 等 (…等部门, …等单位) names no one, but tells that the words before it
    // are sectors sharing it.
    for k in 1..out.len() {
        if is_bare_head(&t[out[k].s..out[k].e]) {
            out[k - 1].shared_head = true;
        }
    }
    out.retain(|el| {
        let n = &t[el.s..el.e];
        n.chars().count() >= 2 && !is_bare_head(n)
    });
    out
}

/// A bracket at the end of a name that is a note, not part of the name: a role
/// (市政府办公室（牵头）) or a legend (（排名第一的为牵头单位）). Returns the name's end and
/// the role.
fn trailing_note(t: &str, s: usize, e: usize) -> (usize, Option<Role>) {
    let name = &t[s..e];
    if !name.chars().next_back().is_some_and(is_close) {
        return (e, None);
    }
    let core = strip_trailing_paren(name);
    if core.len() == name.len() || core.is_empty() {
        return (e, None);
    }
    let note = name[core.len()..].trim_start();
    let inner: &str = note.char_indices().nth(1).map_or("", |(i, _)| {
        &note[i..note.len() - note.chars().next_back().map_or(0, char::len_utf8)]
    });
    if let Some((_, r)) = ROLE_PARENS.iter().find(|(w, _)| *w == inner) {
        return (s + core.len(), Some(*r));
    }
    if LEGEND_RE.is_match(inner)
        || is_person_note(inner)
        || opening_label(inner) == Some(LabelKind::Person)
    {
        return (s + core.len(), None);
    }
    (e, None)
}

/// Titles that end a note naming a person: （副市长）, （张三，局长）.
const PERSON_TITLES: &[&str] = &[
    "市长",
    "县长",
    "区长",
    "镇长",
    "乡长",
    "主任",
    "局长",
    "书记",
    "部长",
    "主席",
    "秘书长",
    "厅长",
    "组长",
    "委员",
    "常委",
    "同志",
];

/// Is a bracket after a unit name about a person (市发展改革委（张三）, （王五，副主任））? A
/// bracket that opens with a person label (（责任人：李四）) is checked by the caller.
/// Each part is a title or has the shape of a personal name: two to four characters that are no
/// agency, place or class of parties. An apposition (（省能源局）, （管委会）, （市、区）) is not.
fn is_person_note(inner: &str) -> bool {
    let parts: Vec<&str> = inner
        .split(['，', ',', '、', ' ', '\u{3000}'])
        .filter(|p| !p.is_empty())
        .collect();
    !parts.is_empty()
        && parts
            .iter()
            .all(|p| PERSON_TITLES.iter().any(|t| p.ends_with(t)) || looks_like_personal_name(p))
}

fn looks_like_personal_name(p: &str) -> bool {
    let n = p.chars().count();
    (2..=4).contains(&n)
        && p.chars().all(|c| c.is_alphabetic() && !c.is_ascii())
        && !agency_like(p)
        && !p.contains('各')
        && !p.contains("有关")
        && !p.contains("相关")
        && !p
            .chars()
            .next_back()
            .is_some_and(|c| NAME_FINALS.contains(c) || PLACE_ENDS.contains(c))
        && !ROLE_PARENS.iter().any(|(w, _)| *w == p)
}

pub(super) fn is_bare_head(name: &str) -> bool {
    matches!(name, "单位" | "部门" | "机构" | "单位部门" | "部门单位")
}

/// Role words written on a name in brackets: 市政府办公室（牵头）.
const ROLE_PARENS: &[(&str, Role)] = &[
    ("牵头", Role::Lead),
    ("牵头单位", Role::Lead),
    ("牵头部门", Role::Lead),
    ("总牵头", Role::Lead),
    ("配合", Role::Support),
    ("配合单位", Role::Support),
    ("协办", Role::Support),
    ("负责", Role::Responsible),
    ("责任单位", Role::Responsible),
];

/// Is `frag` a place or level fragment that shares the following name's head (各县、区人民政府,
/// 临汾、侯马、洪洞经济开发区管委会, 县、乡级、村级河长)? Sector words before 部门 stay
/// separate names (交通运输、公安交警、应急管理部门).
fn joins_next(frag: &str, next: &str) -> bool {
    if frag.chars().any(|c| c.is_ascii_digit()) {
        return false;
    }
    // 各县 is a party of its own only when nothing follows that it could head.
    let core = frag.strip_prefix('各').unwrap_or(frag);
    let n = core.chars().count();
    if n <= 1 {
        return true;
    }
    if agency_like(frag) {
        return false;
    }
    if frag.ends_with('级') && frag.chars().count() <= 6 {
        return true;
    }
    n == 2 && !strip_trailing_paren(next).ends_with("部门")
}

/// A list where every name is an agency, except sector words sharing a final 部门.
pub(super) fn valid_strict(t: &str, els: &[Elem]) -> bool {
    let Some(last) = els.last() else {
        return false;
    };
    let last_name = &t[last.s..last.e];
    let shared = last.shared_head || strip_trailing_paren(last_name).ends_with("部门");
    if !(agency_like(last_name) || (last.shared_head && fragment_ok(last_name))) {
        return false;
    }
    els[..els.len() - 1].iter().all(|el| {
        let n = &t[el.s..el.e];
        agency_like(n) || (shared && fragment_ok(n))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn nested_bracket_stays_inside_one_name() {
        let t = "推进农村污水治理。（市水务局牵头，市农业农村局参与，各县、区人民政府（管委会）负责落实）";
        assert_eq!(
            own(t),
            [
                ("市水务局", Lead),
                ("市农业农村局", Support),
                ("各县、区人民政府（管委会）", Responsible),
            ]
        );
    }

    #[test]
    fn he_inside_agency_names_does_not_split() {
        assert_eq!(
            own("（市人力资源和社会保障局牵头，市文化和旅游局、市住房和城乡建设局配合）"),
            [
                ("市人力资源和社会保障局", Lead),
                ("市文化和旅游局", Support),
                ("市住房和城乡建设局", Support),
            ]
        );
    }

    #[test]
    fn he_between_two_agencies_splits() {
        assert_eq!(
            own("（市委宣传部和市文明办牵头，各县区负责落实）"),
            [
                ("市委宣传部", Lead),
                ("市文明办", Lead),
                ("各县区", Responsible),
            ]
        );
    }

    #[test]
    fn role_pairs_joined_by_dun() {
        assert_eq!(
            own("（市商务局牵头、市财政局配合）"),
            [("市商务局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn legend_note_on_a_name_is_not_part_of_it() {
        let t = "责任单位：市委组织部、市人社局（排名第一的为牵头单位）";
        let s = scan(t, false);
        assert!(s.legend_first_is_lead);
        assert_eq!(
            names(t, &s.own),
            [("市委组织部", Lead), ("市人社局", Responsible)]
        );
    }

    #[test]
    fn sector_words_before_deng_bumen() {
        assert_eq!(
            own("（市生态环境局牵头，财政、自然资源等部门配合）"),
            [
                ("市生态环境局", Lead),
                ("财政", Support),
                ("自然资源", Support)
            ]
        );
    }

    #[test]
    fn person_note_after_a_name_is_not_part_of_it() {
        let t = "主要责任单位：市政务服务管理局（王五）";
        assert_eq!(own(t), [("市政务服务管理局", Lead)]);
        let t = "责任单位：市发展改革委（张三，副主任）、市财政局（李某某同志）";
        assert_eq!(own_names(t), ["市发展改革委", "市财政局"]);
        let t = "牵头单位：市发展改革委（副市长）";
        assert_eq!(own_names(t), ["市发展改革委"]);
    }

    #[test]
    fn labelled_person_in_brackets_after_a_name() {
        let t = "责任单位：县发展改革局（责任人：李四）、县财政局";
        assert_eq!(own_names(t), ["县发展改革局", "县财政局"]);
        let t = "责任单位：县交通运输局（联系人：王五，电话12345678）";
        assert_eq!(own_names(t), ["县交通运输局"]);
    }

    #[test]
    fn appositions_stay_part_of_the_name() {
        let t = "责任单位：省发改委（省能源局）、各县（市、区）人民政府、各乡镇（街道）";
        assert_eq!(
            own_names(t),
            [
                "省发改委（省能源局）",
                "各县（市、区）人民政府",
                "各乡镇（街道）"
            ]
        );
    }
}
