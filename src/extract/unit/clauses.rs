//! Bracket groups and role clauses: （市生态环境局牵头，市财政局配合，各县区人民政府负责落实）,
//! 由X负责, X会同Y; how a segment of text is read into units with roles 牵头/配合/负责.

use super::*;
use crate::unfiltered::{Unfiltered, unfiltered};

/// Role words inside a unit clause (group, label value, prose continuation). Longer forms come
/// first so that the leftmost match is the whole role phrase.
pub(super) const ROLE_PATTERN: &str = "按照职责分工负责|按职责分工负责|按照职责分工|按职责分工|按职责负责|分别负责|共同负责|具体负责|\
     负责落实|负责实施|负责|牵头负责|牵头督导|牵头落实|牵头抓总|总牵头|牵头|配合|参与|协助|协办|指导|督导|协调|\
     会同|均为责任单位|为责任单位|落实";

/// Without a prefilter: it runs on single clauses, where building a search for its literals
/// first cost more than the automaton alone.
pub(super) static ROLE_RE: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(ROLE_PATTERN));

#[derive(Debug, Clone, Copy)]
pub(super) struct Group {
    pub(super) start: usize,
    pub(super) inner_s: usize,
    pub(super) inner_e: usize,
    pub(super) end: usize,
}

/// Top-level bracket groups. A group never spans lines: an unclosed one ends at its line end.
pub(super) fn top_groups(t: &str) -> Vec<Group> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut open = (0usize, 0usize);
    for (i, c) in t.char_indices() {
        if c == '\n' {
            if depth > 0 {
                out.push(Group {
                    start: open.0,
                    inner_s: open.1,
                    inner_e: i,
                    end: i,
                });
            }
            depth = 0;
        } else if is_open(c) {
            if depth == 0 {
                open = (i, i + c.len_utf8());
            }
            depth += 1;
        } else if is_close(c) && depth > 0 {
            depth -= 1;
            if depth == 0 {
                out.push(Group {
                    start: open.0,
                    inner_s: open.1,
                    inner_e: i,
                    end: i + c.len_utf8(),
                });
            }
        }
    }
    if depth > 0 {
        out.push(Group {
            start: open.0,
            inner_s: open.1,
            inner_e: t.len(),
            end: t.len(),
        });
    }
    out
}

pub(super) fn group_at(groups: &[Group], pos: usize) -> Option<&Group> {
    let k = groups.partition_point(|g| g.start <= pos);
    groups[..k].last().filter(|g| pos < g.end)
}

/// May a group list units without a role word? Only at the end of a sentence, where plans put
/// their （市住建局、市财政局）, or once a legend says the first listed leads; never right
/// after a name, where it is an apposition.
pub(super) fn roleless_group_ok(t: &str, g: &Group, leads: bool) -> bool {
    if prev_char(t, g.start).is_some_and(|c| NAME_FINALS.contains(c)) {
        return false;
    }
    if leads {
        return true;
    }
    let j = skip_ws(t, g.end);
    match char_at(t, j) {
        None => true,
        Some(c) => matches!(c, '\n' | '。' | '；' | ';'),
    }
}

#[derive(Debug, Clone, Copy)]
pub(super) enum Mode {
    /// Group text or prose: every name must look like an agency. `roleless`: a list with no
    /// role word still counts (as responsible).
    Strict { roleless: bool },
    /// A label value or table cell: the label gives the role, names may be looser.
    Value(Role),
}

pub(super) struct Ctx<'a> {
    /// Sorted ranges whose clauses are not this task's units (forward blankets, legends).
    pub(super) skips: &'a [(usize, usize)],
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Hit0 {
    pub(super) s: usize,
    pub(super) e: usize,
    pub(super) role: Role,
    /// The role comes from list position only (role-less list, 责任单位：), so a legend
    /// “列第一位者为牵头单位” may make it the lead.
    pub(super) listed: bool,
}

pub(super) fn finish(t: &str, mut hits: Vec<Hit0>, leads: bool) -> Vec<UnitHit> {
    if leads
        && !hits.iter().any(|h| h.role == Role::Lead)
        && let Some(first) = hits.first_mut().filter(|h| h.listed)
    {
        first.role = Role::Lead;
    }
    hits.into_iter()
        .map(|h| UnitHit {
            start: h.s,
            end: h.e,
            role: h.role,
            generic: is_generic(&t[h.s..h.e]),
        })
        .collect()
}

/// Units named in `t[s..e]`: labelled values and unit clauses. Returns the hits and whether a
/// unit label was seen.
pub(super) fn parse_segment(
    t: &str,
    s: usize,
    e: usize,
    ctx: &Ctx,
    mode: Mode,
) -> (Vec<Hit0>, bool) {
    let labels = labels_in(t, s, e);
    let mut out = Vec::new();
    let mut labelled = false;
    let mut pos = s;
    for (k, l) in labels.iter().enumerate() {
        if l.start > pos {
            parse_plain(t, pos, l.start, ctx, unlabelled(mode), &mut out);
        }
        let next = labels.get(k + 1).map_or(e, |n| n.start);
        let ve = value_end(t, l.value, next).max(l.value);
        if let Some(role) = l.role() {
            labelled = true;
            parse_plain(t, l.value, ve, ctx, Mode::Value(role), &mut out);
        }
        pos = pos.max(ve);
    }
    if pos < e {
        let mode = if labels.is_empty() {
            mode
        } else {
            unlabelled(mode)
        };
        parse_plain(t, pos, e, ctx, mode, &mut out);
    }
    (out, labelled)
}

/// Beside labels, text without a label or role word is commentary (具体任务均涉及…), not a
/// role-less unit list.
fn unlabelled(mode: Mode) -> Mode {
    match mode {
        Mode::Strict { .. } => Mode::Strict { roleless: false },
        value => value,
    }
}

/// Unit clauses of `t[a..b]`, split at top-level ，。；. A clause with a role word gives its
/// names that role; a bare list before it (“市政府各部门，各县区政府按职责分工负责”) takes the
/// same role; a bare list at a sentence end is kept only where `mode` allows it.
pub(super) fn parse_plain(t: &str, a: usize, b: usize, ctx: &Ctx, mode: Mode, out: &mut Vec<Hit0>) {
    let mut pending: Vec<Elem> = Vec::new();
    let mut depth = 0usize;
    let mut cs = a;
    let mut i = a;
    loop {
        let c = if i < b { char_at(t, i) } else { None };
        let l = c.map_or(0, char::len_utf8);
        let (clause, sentence) = match c {
            None => (true, true),
            Some(c) if is_open(c) => {
                depth += 1;
                (false, false)
            }
            Some(c) if is_close(c) => {
                depth = depth.saturating_sub(1);
                (false, false)
            }
            Some(c) if depth == 0 => (matches!(c, '，' | ','), is_sentence_break(c)),
            Some(_) => (false, false),
        };
        if clause || sentence {
            unit_clause(t, cs, i, ctx, mode, &mut pending, out);
            if sentence {
                flush(&mut pending, mode, out);
            }
            cs = i + l;
        }
        if c.is_none() {
            break;
        }
        i += l;
    }
}

fn unit_clause(
    t: &str,
    s: usize,
    e: usize,
    ctx: &Ctx,
    mode: Mode,
    pending: &mut Vec<Elem>,
    out: &mut Vec<Hit0>,
) {
    let (s, e) = trim(t, s, e);
    // A clause that starts inside a blanket or legend belongs to it; one that only ends in
    // it (市人社局（排名第一的为牵头单位）) still names units.
    if s >= e || overlaps(ctx.skips, s, s + 1) {
        return;
    }
    let strict = matches!(mode, Mode::Strict { .. });
    if let Some(hits) = role_clause(t, s, e, strict) {
        let role = hits[0].role;
        out.extend(pending.drain(..).map(|el| Hit0 {
            s: el.s,
            e: el.e,
            role: el.role.unwrap_or(role),
            listed: false,
        }));
        out.extend(hits);
        return;
    }
    let els = split_names(t, s, e);
    let ok = if strict {
        valid_strict(t, &els) && els.iter().all(|el| !is_bare_label(&t[el.s..el.e]))
    } else {
        !els.is_empty() && els.iter().all(|el| label_ok(&t[el.s..el.e]))
    };
    if ok {
        pending.extend(els);
    } else {
        // A clause that is not a name list (长期坚持, 2025年底前完成) ends the list before it.
        flush(pending, mode, out);
    }
}

/// Keeps a role-less list where the mode allows it; drops it otherwise.
fn flush(pending: &mut Vec<Elem>, mode: Mode, out: &mut Vec<Hit0>) {
    let role = match mode {
        Mode::Strict { roleless: true } => Role::Responsible,
        Mode::Value(r) => r,
        Mode::Strict { roleless: false } => {
            pending.clear();
            return;
        }
    };
    out.extend(pending.drain(..).map(|el| Hit0 {
        s: el.s,
        e: el.e,
        role: el.role.unwrap_or(role),
        listed: el.role.is_none() && role == Role::Responsible,
    }));
}

/// The first role word of a clause that is not inside brackets and not part of a noun
/// (牵头单位, 负责人, 配合部门).
fn find_role_kw(t: &str, s: usize, e: usize) -> Option<(usize, usize, Role, bool)> {
    let mut depth = 0usize;
    let mut pos = s;
    for m in ROLE_RE.find_iter(&t[s..e]) {
        let (ms, me) = (s + m.start(), s + m.end());
        for c in t[pos..ms].chars() {
            if is_open(c) {
                depth += 1;
            } else if is_close(c) {
                depth = depth.saturating_sub(1);
            }
        }
        pos = ms;
        if depth > 0 {
            continue;
        }
        let word = &t[ms..me];
        let after = &t[me..e];
        let noun = match word {
            "牵头" | "总牵头" => ["单位", "部门", "领导", "人", "的", "处室", "科室"]
                .iter()
                .any(|w| after.starts_with(w)),
            "负责" => ["人", "同志"].iter().any(|w| after.starts_with(w)),
            "配合" | "参与" | "协办" | "协助" | "落实" => {
                ["单位", "部门"].iter().any(|w| after.starts_with(w))
            }
            // 督导组, 协调办 and 指导中心 are bodies, not roles.
            "指导" | "督导" | "协调" => {
                ["单位", "部门", "组", "员", "办", "处", "科", "中心"]
                    .iter()
                    .any(|w| after.starts_with(w))
            }
            _ => false,
        };
        if noun {
            continue;
        }
        let role = if word.contains("牵头") || word == "会同" {
            Role::Lead
        } else if matches!(
            word,
            "配合" | "参与" | "协助" | "协办" | "指导" | "督导" | "协调"
        ) {
            Role::Support
        } else {
            Role::Responsible
        };
        return Some((ms, me, role, word == "会同"));
    }
    None
}

/// Start of the names before a role word: after the last 由/请/均需… in `t[s..ks]`.
fn after_intro(t: &str, s: usize, ks: usize) -> usize {
    let mut best = s;
    for (i, _) in t[s..ks].char_indices() {
        for w in INTROS {
            if t[s + i..ks].starts_with(w) {
                best = best.max(s + i + w.len());
            }
        }
    }
    best
}

/// End of the names before a role word, without adverbs (各县区人民政府均负责).
fn before_adverbs(t: &str, s: usize, mut e: usize) -> usize {
    loop {
        let name = &t[s..e];
        match [
            "分别", "共同", "统一", "具体", "各自", "均", "都", "也", "要", "等",
        ]
        .iter()
        .find(|w| name.ends_with(*w))
        {
            Some(w) => e -= w.len(),
            None => return e,
        }
    }
}

pub(super) fn names_between(t: &str, s: usize, e: usize, strict: bool) -> Option<Vec<Elem>> {
    let (s, e) = trim(t, s, e);
    let e = before_adverbs(t, s, e);
    if s >= e {
        return None;
    }
    let mut els = split_names(t, s, e);
    if strict {
        valid_strict(t, &els).then_some(els)
    } else {
        els.retain(|el| label_ok(&t[el.s..el.e]));
        (!els.is_empty()).then_some(els)
    }
}

/// `NAMES + role word [+ anything]` (市环保局牵头, 由市公安局负责, 市教育局会同市公安局负责).
pub(super) fn role_clause(t: &str, s: usize, e: usize, strict: bool) -> Option<Vec<Hit0>> {
    let (ks, ke, role, huitong) = find_role_kw(t, s, e)?;
    let mut ns = after_intro(t, s, ks);
    let mut noun_role = None;
    if ns > s
        && let Some((len, r)) = role_noun_at(t, ns)
    {
        ns += len;
        noun_role = r;
    }
    let lead = names_between(t, ns, ks, strict)?;
    let mut hits: Vec<Hit0> = lead
        .into_iter()
        .map(|el| Hit0 {
            s: el.s,
            e: el.e,
            role: el.role.or(noun_role).unwrap_or(role),
            listed: false,
        })
        .collect();
    if huitong {
        // The partners run to the next role word (会同市财政局负责) or the clause end.
        let ye = find_role_kw(t, ke, e).map_or(e, |k| k.0);
        if let Some(partners) = names_between(t, ke, ye, strict) {
            hits.extend(partners.into_iter().map(|el| Hit0 {
                s: el.s,
                e: el.e,
                role: el.role.unwrap_or(Role::Support),
                listed: false,
            }));
        }
    } else if let Some(rest) = t[ke..e].strip_prefix('、') {
        // Role pairs joined by 、 instead of ，: 市商务局牵头、市财政局配合.
        let rs = e - rest.len();
        if let Some(more) = role_clause(t, rs, e, strict) {
            hits.extend(more);
        }
    }
    Some(hits)
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&ROLE_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn the_unfiltered_role_pattern_matches_as_regex_does() {
        crate::unfiltered::assert_same_as_regex(ROLE_PATTERN, &ROLE_RE);
    }

    #[test]
    fn group_with_lead_support_and_responsible() {
        let t = "3.推进工业炉窑综合治理。2025年底前完成燃煤工业炉窑清洁能源替代。（市生态环境局牵头，市工业和信息化局、市发展改革委配合，各县区人民政府负责落实）";
        assert_eq!(
            own(t),
            [
                ("市生态环境局", Lead),
                ("市工业和信息化局", Support),
                ("市发展改革委", Support),
                ("各县区人民政府", Responsible),
            ]
        );
        assert_eq!(form(t), Some(UnitForm::Parenthetical));
    }

    #[test]
    fn hexagon_brackets_are_a_group() {
        let t = "培育一批夜间消费集聚区。〔市商务局牵头，市市场监管局、市文化广电旅游局配合〕";
        assert_eq!(
            own(t),
            [
                ("市商务局", Lead),
                ("市市场监管局", Support),
                ("市文化广电旅游局", Support),
            ]
        );
    }

    #[test]
    fn you_x_fuze_with_partners() {
        let t = "完善困难残疾人生活补贴制度。（由市民政局负责，市卫生健康委、市残联配合）";
        assert_eq!(
            own(t),
            [
                ("市民政局", Responsible),
                ("市卫生健康委", Support),
                ("市残联", Support),
            ]
        );
    }

    #[test]
    fn lead_and_responsible_in_one_word() {
        assert_eq!(
            own("加快综合交通枢纽建设。（省交通运输厅牵头负责）"),
            [("省交通运输厅", Lead)]
        );
        assert_eq!(
            own("统筹推进规划编制。（省发展改革委总牵头）"),
            [("省发展改革委", Lead)]
        );
    }

    #[test]
    fn department_by_sector_is_a_unit() {
        let t = "严查超限超载车辆。（公安部门负责）";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("公安部门", Responsible)]);
        assert!(!s.own[0].generic);
    }

    #[test]
    fn deadline_clause_in_group_is_skipped() {
        let t = "深化“放管服”改革。（县政府各部门分别负责，年内持续推进）";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("县政府各部门", Responsible)]);
        assert!(s.own[0].generic);
    }

    #[test]
    fn ongoing_clause_after_roles() {
        assert_eq!(
            own("严格审计监督。（市财政局牵头，市审计局配合，长期坚持）"),
            [("市财政局", Lead), ("市审计局", Support)]
        );
    }

    #[test]
    fn by_duty_with_deng_and_all_prefectures() {
        let t = "（省工业和信息化厅、省商务厅等省有关部门和各地级以上市人民政府按职责分工负责）";
        assert_eq!(
            own(t),
            [
                ("省工业和信息化厅", Responsible),
                ("省商务厅", Responsible),
                ("省有关部门", Responsible),
                ("各地级以上市人民政府", Responsible),
            ]
        );
    }

    #[test]
    fn huitong_inside_group() {
        assert_eq!(
            own("开展校车安全专项整治。（市教育局会同市公安局负责）"),
            [("市教育局", Lead), ("市公安局", Support)]
        );
    }

    #[test]
    fn bare_list_before_role_clause_takes_its_role() {
        assert_eq!(
            own("（市政府各部门，各县区人民政府按职责分工负责）"),
            [
                ("市政府各部门", Responsible),
                ("各县区人民政府", Responsible)
            ]
        );
    }

    #[test]
    fn guiding_agency_is_support() {
        assert_eq!(
            own("推进垃圾分类。（各区人民政府负责，市城管局指导）"),
            [("各区人民政府", Responsible), ("市城管局", Support)]
        );
    }

    #[test]
    fn first_group_is_own() {
        let t = "淘汰老旧柴油货车。（市交通运输局牵头，市公安局配合）推广新能源公交车。（市财政局牵头）";
        assert_eq!(own(t), [("市交通运输局", Lead), ("市公安局", Support)]);
    }

    #[test]
    fn groups_that_name_no_unit() {
        for t in [
            "实施城市更新行动（2024—2026年）。",
            "降低细颗粒物（PM2.5）浓度。",
            "（此件公开发布）",
            "制定《实施方案》（以下简称《方案》）。",
            "各县、区人民政府（管委会）",
            "印发《管理办法（试行）》。",
            "推动城区（含开发区）燃气管网改造。",
        ] {
            assert!(scan(t, false).own.is_empty(), "{t}");
        }
    }

    #[test]
    fn roleless_group_at_sentence_end() {
        let t = "建设一批海绵城市示范项目。（市住房和城乡建设局、市水务局）";
        assert_eq!(
            own(t),
            [
                ("市住房和城乡建设局", Responsible),
                ("市水务局", Responsible)
            ]
        );
    }

    #[test]
    fn roleless_group_inside_a_sentence_is_not_a_unit_list() {
        assert!(own("在市区（市辖区）和开发区开展试点。").is_empty());
        assert!(own("组织（市公安局、市交通局）联合执法检查，确保实效。").is_empty());
    }

    #[test]
    fn bare_label_word_group_is_not_a_unit() {
        assert!(own("完善工作台账。（责任单位）").is_empty());
    }

    #[test]
    fn unclosed_group_ends_at_line_end() {
        let t = "推进垃圾分类。（市城管局牵头，市商务局配合\n完成时限：2025年底前";
        assert_eq!(own(t), [("市城管局", Lead), ("市商务局", Support)]);
    }

    #[test]
    fn role_noun_inside_a_group() {
        let t = "建立问题台账。（由牵头单位市住建局负责，市财政局配合）";
        assert_eq!(own(t), [("市住建局", Lead), ("市财政局", Support)]);
        let t = "建立问题台账。（由联系单位县农业农村局负责）";
        assert_eq!(own(t), [("县农业农村局", Responsible)]);
    }
}
