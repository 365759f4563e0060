//! Units as the subject of a prose sentence: 市住建局要…, 由县农业局具体负责…, 要求责任部门对照…,
//! 县教育局会同县消防救援大队…, 各乡镇要…; the subject read up to its trigger word.

use super::*;

/// Item markers at the start of a clause: （一） 一、 1. 1、 ① 一是.
static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[（(][一二三四五六七八九十百零〇0-9]{1,4}[）)]|[一二三四五六七八九十百]{1,3}[、.．]|[0-9]{1,3}(?:[.．][0-9]{1,3})*[、.．)）]|[①-⑳]|[一二三四五六七八九十]{1,2}是)\s*",
    )
    .expect("marker pattern")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Start {
    /// Start of a sentence or clause (after the item marker).
    Clause,
    /// After 由/请/要求: the text says a unit follows.
    Introduced,
    /// After 的: (…无法开展此项工作的)有关分局请于…
    AfterDe,
}

/// The units of the first subject sentence outside `masks`, scanning clause starts once.
pub(super) fn subject_units(t: &str, masks: &[(usize, usize)]) -> Option<Vec<Hit0>> {
    let mut mi = 0;
    let mut clause_start = true;
    let mut prev: Option<char> = None;
    for (i, c) in t.char_indices() {
        while mi < masks.len() && masks[mi].1 <= i {
            mi += 1;
        }
        let masked = masks.get(mi).is_some_and(|m| m.0 <= i);
        if !masked && !c.is_whitespace() {
            let found = if clause_start {
                try_subject(t, i, Start::Clause)
            } else if prev == Some('的') {
                try_subject(t, i, Start::AfterDe)
            } else {
                None
            };
            let found = found.or_else(|| {
                subject_intro_at(t, i).and_then(|l| try_subject(t, i + l, Start::Introduced))
            });
            if found.is_some() {
                return found;
            }
        }
        if !c.is_whitespace() || c == '\n' {
            clause_start =
                is_sentence_break(c) || matches!(c, '，' | ',' | '：' | ':') || is_close(c);
        }
        prev = Some(c);
    }
    None
}

fn subject_intro_at(t: &str, i: usize) -> Option<usize> {
    let rest = t.get(i..)?;
    if !rest.starts_with(['要', '责', '并', '统', '具', '均', '由', '请']) {
        return None;
    }
    let w = SUBJECT_INTROS.iter().find(|w| rest.starts_with(*w))?;
    let before = prev_char(t, i);
    let after = char_at(t, i + w.len());
    let noun = match *w {
        // 由于, 由此, 理由, 自由 are not 由 + agent.
        "由" => {
            before.is_some_and(|c| "理自缘事因经".contains(c))
                || after.is_some_and(|c| "于此衷".contains(c))
        }
        // 申请, 提请 (提请会议研究), 报请 are not 请 + agent.
        "请" => {
            before.is_some_and(|c| "申提报邀聘宴敬呈恳吁延".contains(c))
                || after.is_some_and(|c| "示求假教".contains(c))
        }
        _ => false,
    };
    (!noun).then_some(w.len())
}

fn skip_marker(t: &str, p: usize) -> usize {
    let end = ceil_boundary(t, p + 48);
    match MARKER_RE.find(&t[p..end]) {
        Some(m) => p + m.end(),
        None => p,
    }
}

fn try_subject(t: &str, p: usize, start: Start) -> Option<Vec<Hit0>> {
    let mut p = skip_ws(t, p);
    let mut introduced = start == Start::Introduced;
    if start == Start::Clause {
        p = skip_ws(t, skip_marker(t, p));
        if let Some(l) = subject_intro_at(t, p) {
            p = skip_ws(t, p + l);
            introduced = true;
        }
    }
    // 由联系单位县农业农村局负责: the role noun says what part the unit plays, it is no name.
    let mut noun_role = None;
    if introduced && let Some((len, r)) = role_noun_at(t, p) {
        p += len;
        noun_role = r;
    }
    let read = read_list(t, p, introduced, false)?;
    let trig = read.trig?;
    if !valid_strict(t, &read.elems) {
        return None;
    }
    if start == Start::AfterDe
        && read
            .elems
            .first()
            .is_some_and(|el| t[el.s..el.e].chars().count() < 3)
    {
        return None;
    }
    let role = if trig.1 == TrigKind::HuiTong {
        Role::Lead
    } else {
        noun_role.unwrap_or(trig.0)
    };
    let mut hits: Vec<Hit0> = read
        .elems
        .iter()
        .map(|el| Hit0 {
            s: el.s,
            e: el.e,
            role: el.role.unwrap_or(role),
            listed: false,
        })
        .collect();
    let mut end = read.end;
    let mut huitong = trig.1 == TrigKind::HuiTong;
    if !huitong {
        // 市发展改革委要会同有关部门… / 市住建局牵头，会同市财政局…: the subject leads.
        if let Some(k) = huitong_after(t, end) {
            huitong = true;
            end = k;
            for h in &mut hits {
                h.role = Role::Lead;
            }
        }
    }
    if huitong
        && let Some(partners) = read_list(t, skip_ws(t, end), true, true)
        && valid_strict(t, &partners.elems)
    {
        hits.extend(partners.elems.iter().map(|el| Hit0 {
            s: el.s,
            e: el.e,
            role: el.role.unwrap_or(Role::Support),
            listed: false,
        }));
        end = partners.end;
    }
    if huitong || trig.1 == TrigKind::RoleVerb {
        continue_clauses(t, end, &mut hits);
    }
    Some(hits)
}

/// End of a 会同 right after a subject's trigger, past adverbs and one comma.
fn huitong_after(t: &str, end: usize) -> Option<usize> {
    let mut j = skip_ws(t, end);
    if let Some(c) = char_at(t, j).filter(|&c| matches!(c, '，' | ',')) {
        j += c.len_utf8();
    }
    for _ in 0..3 {
        match word_at(&LEX.adverbs, &t[j..])
            .or_else(|| ["积极", "主动"].into_iter().find(|w| t[j..].starts_with(w)))
        {
            Some(a) => j += a.len(),
            None => break,
        }
    }
    t[j..].starts_with("会同").then_some(j + "会同".len())
}

/// After “由省环保厅牵头”, the clauses of the same sentence that go on naming units
/// (，财政等省有关部门参与，各市、县政府负责落实).
fn continue_clauses(t: &str, from: usize, hits: &mut Vec<Hit0>) {
    let mut depth = 0usize;
    let mut cs: Option<usize> = None;
    let mut i = from;
    loop {
        let c = char_at(t, i);
        let l = c.map_or(0, char::len_utf8);
        let (clause, sentence) = match c {
            None => (true, true),
            Some(c) if is_open(c) => {
                depth += 1;
                (false, false)
            }
            Some(c) if is_close(c) => {
                if depth == 0 {
                    (true, true)
                } else {
                    depth -= 1;
                    (false, false)
                }
            }
            Some(c) if depth == 0 => (matches!(c, '，' | ','), is_sentence_break(c)),
            Some(_) => (false, false),
        };
        if clause || sentence {
            if let Some(s) = cs {
                match role_clause(t, s, i, true) {
                    Some(more) => hits.extend(more),
                    None => return,
                }
            }
            if sentence {
                return;
            }
            cs = Some(i + l);
        }
        i += l;
    }
}

/// The most characters a subject (its names and the words up to its trigger) may span.
const MAX_RUN: usize = 48;

struct ListRead {
    pub(super) elems: Vec<Elem>,
    pub(super) trig: Option<(Role, TrigKind)>,
    pub(super) end: usize,
}

/// May a plain predicate (在, 对照, 加强…) end this subject? Only for subjects that cannot be
/// anything else: introduced ones, 各X, and river chiefs (县级河长巡河…).
fn weak_subject(t: &str, first: (usize, usize), cur: (usize, usize)) -> bool {
    let head = &t[first.0..first.1];
    let now = &t[cur.0..cur.1];
    head.starts_with('各')
        || ["全市各", "全县各", "全区各", "市直各", "县直各"]
            .iter()
            .any(|p| head.starts_with(p))
        || ["河长", "河湖长", "湖长", "林长"]
            .iter()
            .any(|w| now.ends_with(w))
}

/// Adverbs, then a trigger word at `i`. `weak` (may a plain predicate end the subject?) is asked
/// only at a predicate: most positions hold no trigger at all, and the answer costs a dozen
/// comparisons of the subject's ends.
fn trigger_after(t: &str, i: usize, weak: impl Fn() -> bool) -> Option<((Role, TrigKind), usize)> {
    let lex = &*LEX;
    let mut j = skip_ws(t, i);
    if !char_at(t, j).is_some_and(|c| lex.trigger_firsts.contains(&c)) {
        return None;
    }
    // A trigger is tried before each adverb is skipped: 按职责分工负责 is one trigger, not an
    // adverb 按职责 and then nothing.
    for _ in 0..4 {
        let rest = &t[j..];
        let first = rest.chars().next()?;
        for &k in lex.strong.get(&first).into_iter().flatten() {
            let (word, role, kind, nouns) = STRONG[k];
            if let Some(after) = rest.strip_prefix(word)
                && !nouns.iter().any(|n| after.starts_with(n))
            {
                return Some(((role, kind), j + word.len()));
            }
        }
        if weak()
            && let Some(w) = word_at(&lex.predicates, rest)
            && !followed_by_suffix(t, j + w.len())
        {
            return Some(((Role::Responsible, TrigKind::Predicate), j));
        }
        match word_at(&lex.adverbs, rest) {
            Some(a) => j += a.len(),
            None => return None,
        }
    }
    None
}

fn leader_at(t: &str, i: usize) -> Option<usize> {
    let rest = t.get(i..)?;
    if !rest.starts_with(['的', '党', '主', '负']) {
        return None;
    }
    LEADERS
        .iter()
        .find(|w| rest.starts_with(*w))
        .map(|w| w.len())
}

/// Reads `NAME、NAME和NAME…` from `start` up to a trigger word. `objects`: the list follows
/// 会同 and may also end at punctuation.
fn read_list(t: &str, start: usize, introduced: bool, objects: bool) -> Option<ListRead> {
    let mut raw: Vec<(usize, usize, Sep)> = Vec::new();
    let mut cur = start;
    let mut i = start;
    let mut after_deng = false;
    let mut steps = 0;
    while steps <= MAX_RUN {
        steps += 1;
        let open = i > cur;
        if open || after_deng {
            let first = raw.first().map_or((cur, i), |r| (r.0, r.1));
            let weak = || objects || introduced || weak_subject(t, first, (cur, i));
            let leader = if open { leader_at(t, i) } else { None };
            let found = match leader {
                Some(l) => trigger_after(t, i + l, weak),
                None => trigger_after(t, i, weak),
            };
            if let Some((trig, end)) = found
                && (!open || agency_like(&t[cur..i]))
            {
                if open {
                    raw.push((cur, i, Sep::Other));
                }
                return Some(ListRead {
                    elems: finish_elems(t, raw),
                    trig: Some(trig),
                    end,
                });
            }
        }
        let Some(c) = char_at(t, i) else { break };
        let l = c.len_utf8();
        match c {
            '、' => {
                if !open {
                    return None;
                }
                raw.push((cur, i, Sep::Dun));
                i = skip_ws(t, i + l);
                cur = i;
                after_deng = false;
            }
            c if is_open(c) => {
                // Only a short bracket inside a name: 县（市）级河湖长, 各县（市、区）人民政府.
                if !open {
                    break;
                }
                i = short_group_end(t, i)?;
            }
            '等' if open => {
                raw.push((cur, i, Sep::Other));
                i += l;
                cur = i;
                after_deng = true;
            }
            '和' | '及' | '与' if open && agency_like(&t[cur..i]) => {
                raw.push((cur, i, Sep::Other));
                i += l;
                cur = i;
            }
            '以' if open && t[i..].starts_with("以及") && agency_like(&t[cur..i]) => {
                raw.push((cur, i, Sep::Other));
                i += "以及".len();
                cur = i;
            }
            '的' if open && ["负有", "承担"].iter().any(|w| t[cur..i].starts_with(w)) => {
                i += l;
            }
            c if c.is_whitespace() && c != '\n' => {
                if open {
                    // Spaces inside a list only around 、 (交通运输、 公安交警).
                    let j = skip_ws(t, i);
                    if char_at(t, j) != Some('、') {
                        break;
                    }
                    i = j;
                } else {
                    i += l;
                    cur = i;
                }
            }
            // 由/请 inside a clause start a new attempt of their own (…工作由县农业局负责).
            c if is_stop(c) || c == '的' || c == '由' || (c == '请' && open) => break,
            _ => {
                i += l;
                after_deng = false;
            }
        }
    }
    if objects && i > cur {
        // The partners of 会同 end where the name ends, even when no known predicate follows
        // (会同市财政局研究出台…): keep the longest prefix that is an agency, or a bare head
        // that the names before it share (会同市场监管、公安等部门).
        let name_end = if is_bare_head(t[cur..i].trim()) {
            Some(i)
        } else {
            t[cur..i]
                .char_indices()
                .map(|(k, c)| cur + k + c.len_utf8())
                .rev()
                .find(|&p| agency_like(&t[cur..p]))
        };
        if let Some(p) = name_end {
            raw.push((cur, p, Sep::Other));
            i = p;
        }
    }
    if objects && !raw.is_empty() {
        return Some(ListRead {
            elems: finish_elems(t, raw),
            trig: None,
            end: i,
        });
    }
    None
}

/// End of a short bracket that belongs to a name (at most 12 characters, no role word).
fn short_group_end(t: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (n, (i, c)) in t[open..].char_indices().enumerate() {
        if n > 12 || c == '\n' {
            return None;
        }
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth -= 1;
            if depth == 0 {
                let end = open + i + c.len_utf8();
                let inner = &t[open..end];
                if ROLE_RE.is_match(inner) {
                    return None;
                }
                return Some(end);
            }
        }
    }
    None
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&MARKER_RE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::unit::Role::{Lead, Responsible, Support};
    use crate::extract::unit::testing::*;

    #[test]
    fn subject_with_huitong() {
        let t = "（三）开展校园消防安全检查。县教育局会同县消防救援大队，对全县中小学校开展拉网式排查。";
        assert_eq!(own(t), [("县教育局", Lead), ("县消防救援大队", Support)]);
        assert_eq!(form(t), Some(UnitForm::Subject));
    }

    #[test]
    fn huitong_after_a_modal_or_lead() {
        assert_eq!(
            own("市发展改革委要会同有关部门制定实施细则。"),
            [("市发展改革委", Lead), ("有关部门", Support)]
        );
        assert_eq!(
            own("市住建局牵头，会同市财政局做好资金保障。"),
            [("市住建局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn prose_lead_then_support_clause() {
        assert_eq!(
            own("市卫生健康委负责，市医保局配合，年底前完成。"),
            [("市卫生健康委", Responsible), ("市医保局", Support)]
        );
    }

    #[test]
    fn huitong_partners_sharing_a_head() {
        assert_eq!(
            own("教育部门要会同市场监管、公安等部门，依法查处无证办学行为。"),
            [("教育部门", Lead), ("市场监管", Support), ("公安", Support)]
        );
    }

    #[test]
    fn by_duty_before_a_plain_verb() {
        assert_eq!(
            own("市水务局、市应急管理局按照职责分工做好防汛物资储备。"),
            [("市水务局", Responsible), ("市应急管理局", Responsible)]
        );
    }

    #[test]
    fn agency_subject_before_dui() {
        assert_eq!(
            own_names("（六）市场监管部门对学校食堂每学期至少开展一次全面检查。"),
            ["市场监管部门"]
        );
        assert!(own("市委、市政府对此高度重视。").is_empty());
    }

    #[test]
    fn huitong_partner_without_known_predicate() {
        assert_eq!(
            own("市住建局会同市财政局研究出台补助办法。"),
            [("市住建局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn subject_after_you() {
        let t = "（一）全县油茶基地建设工作由县林业局具体负责，林业局要制定具体实施方案。";
        assert_eq!(own(t), [("县林业局", Responsible)]);
    }

    #[test]
    fn subject_after_qing() {
        assert_eq!(
            own("二是开展纪念活动。在烈士陵园举行公祭仪式，请县退役军人事务局牵头组织好。"),
            [("县退役军人事务局", Lead)]
        );
    }

    #[test]
    fn people_before_a_unit_do_not_make_a_subject() {
        let t = "县领导、县直各单位主要负责人都要参加，请县文旅局牵头做好服务保障。";
        assert_eq!(own(t), [("县文旅局", Lead)]);
    }

    #[test]
    fn sector_words_sharing_a_department() {
        let t = "1.压实企业主体责任。交通运输、公安交警、应急管理部门要强化道路运输企业监管，督促企业落实责任。";
        assert_eq!(own_names(t), ["交通运输", "公安交警", "应急管理部门"]);
        assert!(scan(t, false).own.iter().all(|h| !h.generic));
    }

    #[test]
    fn sector_words_with_spaces() {
        let t = "交通运输、 公安、 应急管理部门要强化监管。";
        assert_eq!(own_names(t), ["交通运输", "公安", "应急管理部门"]);
    }

    #[test]
    fn named_subject_with_modal() {
        let t = "3.强化督查考核。围绕年度目标，市政府督查室要加大督查力度，按月通报进展。";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("市政府督查室", Responsible)]);
        assert!(!s.own[0].generic);
    }

    #[test]
    fn generic_subject() {
        let t = "2.构建协同体系。各成员单位要加强协同联动，及时消除隐患。";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("各成员单位", Responsible)]);
        assert!(s.own[0].generic);
    }

    #[test]
    fn river_chiefs() {
        let t = "1.村级河长每周需要对责任河段巡河至少1次。";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("村级河长", Responsible)]);
        assert!(s.own[0].generic);
        assert_eq!(
            own_names("二、县、乡级、村级河长巡河不少于30分钟。"),
            ["县、乡级、村级河长"]
        );
        assert_eq!(
            own_names("三、县（市）级河湖长每季度巡查不少于1次。"),
            ["县（市）级河湖长"]
        );
    }

    #[test]
    fn subject_after_yaoqiu() {
        assert_eq!(
            own_names("二是要加快工程进度。要求规划建设部门及乡镇继续加强督察力度，确保按期完工。"),
            ["规划建设部门", "乡镇"]
        );
        assert_eq!(
            own_names("建立销号制度。要求责任部门对照工作标准认真自查。"),
            ["责任部门"]
        );
    }

    #[test]
    fn subject_with_leader() {
        assert_eq!(
            own_names("各乡镇、各部门主要领导要亲自研究部署。"),
            ["各乡镇", "各部门"]
        );
        assert_eq!(
            own_names("各责任单位的主要负责同志要对承办工作负总责。"),
            ["各责任单位"]
        );
    }

    #[test]
    fn subject_after_de() {
        let t = "四、其他要求 因故无法按时完成申报的有关分局请于7月10日前书面说明。";
        assert_eq!(own(t), [("有关分局", Responsible)]);
    }

    #[test]
    fn plural_subject_with_plain_predicate() {
        assert_eq!(
            own_names("（二）各街道在推进老旧小区改造中，优先安排加装电梯。"),
            ["各街道"]
        );
        assert_eq!(
            own_names("请各基地乡镇务必高度重视，认真抓好落实。"),
            ["各基地乡镇"]
        );
    }

    #[test]
    fn subject_with_our_prefix() {
        let t = "我局各科室要按照分工抓好落实。";
        let s = scan(t, false);
        assert_eq!(names(t, &s.own), [("我局各科室", Responsible)]);
        assert!(s.own[0].generic);
    }

    #[test]
    fn subject_with_adverb() {
        assert_eq!(
            own_names("市场监管部门也要加强日常巡查。"),
            ["市场监管部门"]
        );
        assert_eq!(own_names("县住建局每月要通报一次进展。"), ["县住建局"]);
    }

    #[test]
    fn prose_role_chain() {
        let t = "由省生态环境厅牵头，财政、自然资源、农业农村等省有关部门参与，各市、县（市、区）政府负责落实。";
        assert_eq!(
            own(t),
            [
                ("省生态环境厅", Lead),
                ("财政", Support),
                ("自然资源", Support),
                ("农业农村", Support),
                ("省有关部门", Support),
                ("各市、县（市、区）政府", Responsible),
            ]
        );
    }

    #[test]
    fn group_wins_over_subject() {
        let t = "各县区要加快进度。（市发展改革委牵头）";
        assert_eq!(own(t), [("市发展改革委", Lead)]);
    }

    #[test]
    fn objects_and_nouns_are_not_subjects() {
        for t in [
            "1.督促道路运输企业落实安全生产主体责任。",
            "2、建立通报制度。督查组每周汇总工作落实情况，通报以问题为主。",
            "4、建立督办制度。成立督查组，每天跟进工作任务完成情况。",
            "3、做好区政府门户网站和传统媒体信息发布工作。",
            "企业要落实主体责任，群众要积极参与监督。",
            "1、建立月例会制度。原则上每月召开领导小组例会，安排部署下月工作。",
            "引导各村开展环境整治，组织包村干部督促各户清理垃圾。",
            "推动大气污染治理由末端治理向源头防控转变。",
            "这是市政府要办好的民生实事，确保开好局、起好步。",
            "巡河时间需要达到5分钟以上，长度需要达到300米以上。",
            "党员干部要带头参与志愿服务。",
            "这就要求我们必需要站在讲政治的高度。",
            "市委、市政府高度重视，经市政府同意，现印发给你们。",
            "充分体现了省委、省政府对民生工作的重视。",
            "同时向巡查组报告整改情况。",
            "提请工作例会研究解决重难点问题。",
            "3.加快推进“一网通办”，做到政务服务事项应上尽上。",
        ] {
            assert!(scan(t, false).own.is_empty(), "{t}: {:?}", own(t));
        }
    }

    #[test]
    fn numbered_items_without_units() {
        for t in [
            "1、新建、改扩建40所学校。",
            "9、建成投用市中医院二期项目，开工建设市急救中心。",
            "一、打通36条城区规划路；",
            "2.丰富经营场所供给。合理预留经营场所，设置便民服务区域。",
        ] {
            assert!(scan(t, false).own.is_empty(), "{t}: {:?}", own(t));
        }
    }

    #[test]
    fn role_noun_after_you_is_not_part_of_the_name() {
        let t = "由联系单位县农业农村局负责督促各乡镇落实整改。";
        assert_eq!(own(t), [("县农业农村局", Responsible)]);
        let t = "由牵头单位市住房城乡建设局会同市财政局制定实施细则。";
        assert_eq!(own(t), [("市住房城乡建设局", Lead), ("市财政局", Support)]);
        let t = "问题整改由责任部门县市场监管局负责。";
        assert_eq!(own(t), [("县市场监管局", Responsible)]);
    }

    #[test]
    fn role_noun_that_is_the_party_itself() {
        // 由牵头单位负责: no name follows, the role noun is the (generic) party.
        let t = "由牵头单位负责督促落实。";
        let hits = scan(t, false).own;
        assert_eq!(names(t, &hits), [("牵头单位", Responsible)]);
        assert!(hits[0].generic);
    }
}
