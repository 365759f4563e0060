//! Word lists (agency suffixes, predicates, role and modal triggers, adverbs) and the shape of
//! an agency name: whether a phrase can be a unit at all, strictly in prose or loosely as a
//! label value.

use super::*;
use crate::unfiltered::{Unfiltered, unfiltered};

pub(super) struct Lexicon {
    /// Endings that make a noun phrase an agency (局, 委员会, 人民政府, 河长…).
    pub(super) suffixes: HashSet<&'static str>,
    pub(super) max_suffix: usize,
    /// Words that end like an agency but are not one (布局, 部署, 场所, 网站, 干部…).
    pub(super) not_agency: HashSet<&'static str>,
    pub(super) max_not_agency: usize,
    /// Suffixes that are a whole name on their own (海关, 乡镇, 妇联).
    pub(super) standalone: HashSet<&'static str>,
    /// Non-specific parties once a level prefix is taken off (乡镇, 县区, 职能部门…).
    pub(super) generic: HashSet<&'static str>,
    /// Words that start a predicate, by first character; they end a subject that is already
    /// an agency.
    pub(super) predicates: ByFirst,
    pub(super) adverbs: ByFirst,
    /// Indexes into `STRONG`, by first character of the word, in table order.
    pub(super) strong: HashMap<char, Vec<usize>>,
    /// Verbs that never occur inside an agency name (开展, 加强, 确保…), as one pattern.
    pub(super) verbs: Unfiltered,
    /// Pronouns and modals (我们, 需要, 必须…), as one pattern.
    pub(super) never_in_name: Unfiltered,
    /// First characters of every trigger word, to skip most positions cheaply.
    pub(super) trigger_firsts: HashSet<char>,
}

/// Words grouped by their first character, longest first, so that a position is tested only
/// against the words that can start there.
type ByFirst = HashMap<char, Vec<&'static str>>;

fn by_first<'a>(words: impl Iterator<Item = &'a &'static str>) -> ByFirst {
    let mut map = ByFirst::default();
    for w in words {
        if let Some(c) = w.chars().next() {
            map.entry(c).or_default().push(w);
        }
    }
    for v in map.values_mut() {
        v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    }
    map
}

/// The longest word of `index` that `s` starts with.
pub(super) fn word_at(index: &ByFirst, s: &str) -> Option<&'static str> {
    let c = s.chars().next()?;
    index.get(&c)?.iter().copied().find(|w| s.starts_with(w))
}

fn terms(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// One pattern matching any of `words` literally. Without a prefilter: it runs on short
/// phrases, and a prefilter for a hundred words cost more to build and to run than the
/// automaton alone.
fn alternation(words: impl Iterator<Item = &'static str>) -> Unfiltered {
    unfiltered(&alternation_pattern(words))
}

fn alternation_pattern(words: impl Iterator<Item = &'static str>) -> String {
    let words = longest_first(words.collect());
    let alts: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    alts.join("|")
}

fn longest_first(mut v: Vec<&'static str>) -> Vec<&'static str> {
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

pub(super) static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let suffixes: HashSet<_> = terms(include_str!("../lexicon/unit-suffixes.txt")).collect();
    let not_agency: HashSet<_> = terms(include_str!("../lexicon/unit-not-agency.txt")).collect();
    let predicates: Vec<_> = terms(include_str!("../lexicon/unit-predicates.txt")).collect();
    let max_chars = |set: &HashSet<&str>| set.iter().map(|w| w.chars().count()).max().unwrap_or(0);
    let trigger_firsts = predicates
        .iter()
        .chain(ADVERBS)
        .chain(LEADERS)
        .chain(STRONG.iter().map(|s| &s.0))
        .filter_map(|w| w.chars().next())
        .collect();
    Lexicon {
        max_suffix: max_chars(&suffixes),
        max_not_agency: max_chars(&not_agency),
        suffixes,
        not_agency,
        standalone: terms(include_str!("../lexicon/unit-standalone.txt")).collect(),
        generic: terms(include_str!("../lexicon/unit-generic.txt")).collect(),
        predicates: by_first(predicates.iter()),
        adverbs: by_first(ADVERBS.iter()),
        strong: {
            let mut map: HashMap<char, Vec<usize>> = HashMap::default();
            for (k, entry) in STRONG.iter().enumerate() {
                if let Some(c) = entry.0.chars().next() {
                    map.entry(c).or_default().push(k);
                }
            }
            map
        },
        verbs: alternation(terms(include_str!("../lexicon/unit-verbs.txt"))),
        never_in_name: alternation(NEVER_IN_NAME.iter().copied()),
        trigger_firsts,
    }
});

/// Level and jurisdiction prefixes taken off before looking a name up in the generic list.
pub(super) const GENERIC_PREFIXES: &[&str] = &[
    "全市", "全县", "全区", "全省", "全镇", "全旗", "省级", "市级", "县级", "区级", "镇级", "乡级",
    "村级", "省直", "市直", "县直", "区直", "旗直", "省", "市", "县", "区", "镇", "乡", "旗",
];

/// Last characters of a place word: after 各 they make a party (各县区, 各地, 各级, 各村).
pub(super) const PLACE_ENDS: &str = "县市区镇乡村旗州盟省地级";

/// Last characters of agency names: a parenthesis right after one is an apposition
/// (省发改委（省能源局）, 各县区人民政府（管委会）), not a unit group of its own.
pub(super) const NAME_FINALS: &str = "局委办厅部院署室心队府会位门镇道所站组长司关联团处";

/// Words that cannot begin a unit name (copulas and prepositions: 是市政府要做好的…).
const BAD_STARTS: &[&str] = &[
    "是",
    "向",
    "这",
    "那",
    "该",
    "为",
    "对",
    "在",
    "与",
    "及",
    "由",
    "以",
    "按",
    "据",
    "把",
    "被",
    "让",
    "使",
    "给",
    "包括",
    "不含",
    "其中",
    "比如",
    "例如",
    "特别是",
    "简称",
];

/// Words that introduce the units in front of a role verb (由X负责, 请X牵头, 均需X落实).
pub(super) const INTROS: &[&str] = &[
    "均应由",
    "统一由",
    "具体由",
    "均需",
    "均由",
    "需由",
    "均要",
    "均请",
    "均应",
    "并由",
    "由",
    "请",
    "需",
];

/// Words that introduce a subject in prose (要求责任部门对照…, 请县民政局牵头…).
pub(super) const SUBJECT_INTROS: &[&str] = &[
    "要求",
    "责成",
    "并由",
    "统一由",
    "具体由",
    "均由",
    "由",
    "请",
];

/// Role nouns an intro may put before the unit it introduces (由联系单位县农业农村局负责,
/// 由牵头单位市住建局会同…), with the role they give; `None`: the verb's role stands.
const ROLE_NOUNS: &[(&str, Option<Role>)] = &[
    ("行业主管部门", None),
    ("牵头单位", Some(Role::Lead)),
    ("牵头部门", Some(Role::Lead)),
    ("主责单位", Some(Role::Lead)),
    ("主责部门", Some(Role::Lead)),
    ("配合单位", Some(Role::Support)),
    ("配合部门", Some(Role::Support)),
    ("协办单位", Some(Role::Support)),
    ("联系单位", None),
    ("联系部门", None),
    ("责任单位", None),
    ("责任部门", None),
    ("主管部门", None),
    ("挂钩单位", None),
    ("包联单位", None),
    ("帮扶单位", None),
    ("对口单位", None),
];

/// A role noun at `p` that stands in front of a name (由联系单位县农业农村局负责): its length
/// and role. Not when it is itself the party (由牵头单位负责, 由责任单位会同…).
pub(super) fn role_noun_at(t: &str, p: usize) -> Option<(usize, Option<Role>)> {
    let rest = t.get(p..)?;
    let (w, role) = ROLE_NOUNS.iter().find(|(w, _)| rest.starts_with(w))?;
    let after = &rest[w.len()..];
    let names_follow = after.chars().next().is_some_and(|c| {
        c.is_alphabetic() && !c.is_ascii() && !"和及与等的在对要应按均".contains(c)
    }) && !STRONG.iter().any(|(k, ..)| after.starts_with(k))
        && word_at(&LEX.adverbs, after).is_none();
    names_follow.then_some((w.len(), *role))
}

/// Adverbs between a subject and its modal (市住建局也要…, 镇级河长每月需要…).
const ADVERBS: &[&str] = &[
    "按照职责",
    "按职责",
    "原则上",
    "进一步",
    "每季度",
    "每半年",
    "也",
    "还",
    "都",
    "均",
    "切实",
    "每月",
    "每周",
    "每年",
    "每天",
    "每日",
    "定期",
    "共同",
    "分别",
    "继续",
    "一定",
    "统一",
    "具体",
    "主动",
    "各自",
];

/// A person standing for the unit: 各责任单位的主要负责同志要…
pub(super) const LEADERS: &[&str] = &[
    "的主要负责同志",
    "的主要负责人",
    "的主要领导同志",
    "的主要领导",
    "的负责同志",
    "的负责人",
    "党政主要负责同志",
    "党政主要负责人",
    "主要负责同志",
    "主要负责人",
    "主要领导同志",
    "主要领导",
    "负责同志",
    "负责人",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum TrigKind {
    /// 要, 应, 需要, 务必, 请: the subject must act.
    Modal,
    /// 牵头, 负责, 配合: the subject's role is stated.
    RoleVerb,
    /// X会同Y: X leads, Y supports.
    HuiTong,
    /// A plain predicate (在, 对照, 加强…), accepted only for strong subjects.
    Predicate,
}

/// Words after a subject that make it the responsible party, with the words that, following
/// them, show they are part of a noun instead (牵头单位, 负责人, 应急管理局).
pub(super) const STRONG: &[(&str, Role, TrigKind, &[&str])] = &[
    (
        "按照职责分工负责",
        Role::Responsible,
        TrigKind::RoleVerb,
        &[],
    ),
    ("按职责分工负责", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("按照职责分工", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("按职责分工", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("负总责", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("负直接责任", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("分别负责", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("共同负责", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("具体负责", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("负责落实", Role::Responsible, TrigKind::RoleVerb, &[]),
    ("牵头负责", Role::Lead, TrigKind::RoleVerb, &[]),
    ("牵头督导", Role::Lead, TrigKind::RoleVerb, &[]),
    ("总牵头", Role::Lead, TrigKind::RoleVerb, &[]),
    (
        "牵头",
        Role::Lead,
        TrigKind::RoleVerb,
        &["单位", "部门", "领导", "人", "的", "处室", "科室"],
    ),
    (
        "负责",
        Role::Responsible,
        TrigKind::RoleVerb,
        &["人", "同志"],
    ),
    ("会同", Role::Lead, TrigKind::HuiTong, &[]),
    ("配合", Role::Support, TrigKind::RoleVerb, &["单位", "部门"]),
    ("协助", Role::Support, TrigKind::RoleVerb, &[]),
    // X对…开展/负责: an agency at a clause start followed by 对 is the actor.
    (
        "对",
        Role::Responsible,
        TrigKind::Modal,
        &["外", "口", "此"],
    ),
    ("应当", Role::Responsible, TrigKind::Modal, &[]),
    ("应该", Role::Responsible, TrigKind::Modal, &[]),
    ("应", Role::Responsible, TrigKind::Modal, &["急"]),
    ("需要", Role::Responsible, TrigKind::Modal, &[]),
    ("需", Role::Responsible, TrigKind::Modal, &["求"]),
    ("必须", Role::Responsible, TrigKind::Modal, &[]),
    ("须", Role::Responsible, TrigKind::Modal, &["知"]),
    ("务必", Role::Responsible, TrigKind::Modal, &[]),
    ("务于", Role::Responsible, TrigKind::Modal, &[]),
    (
        "要",
        Role::Responsible,
        TrigKind::Modal,
        &["素", "求", "点", "件", "闻"],
    ),
    (
        "请",
        Role::Responsible,
        TrigKind::Modal,
        &["示", "求", "假"],
    ),
];

/// The last `k` characters of a name for every `k` up to [`Tails::MAX`], found in one walk back
/// from its end: the suffix lists are tried at each length, and a walk per length cost more than
/// the lookups.
struct Tails<'a> {
    name: &'a str,
    starts: [usize; Tails::MAX],
    len: usize,
}

impl<'a> Tails<'a> {
    const MAX: usize = 8;

    fn new(name: &'a str) -> Self {
        let mut starts = [0; Tails::MAX];
        let mut len = 0;
        for (i, _) in name.char_indices().rev().take(Tails::MAX) {
            starts[len] = i;
            len += 1;
        }
        Tails { name, starts, len }
    }

    /// `tail(name, k)`, for `1 <= k`.
    fn get(&self, k: usize) -> Option<&'a str> {
        if k <= self.len {
            Some(&self.name[self.starts[k - 1]..])
        } else if self.len < Tails::MAX {
            None
        } else {
            tail(self.name, k)
        }
    }
}

fn ends_agency(core: &str) -> bool {
    let lex = &*LEX;
    let n = core.chars().count();
    let tails = Tails::new(core);
    for k in 2..=lex.max_not_agency.min(n) {
        if tails.get(k).is_some_and(|w| lex.not_agency.contains(w)) {
            return false;
        }
    }
    for k in (1..=lex.max_suffix.min(n)).rev() {
        if tails.get(k).is_some_and(|w| lex.suffixes.contains(w)) {
            // A bare 部门 or 中心 says nothing about who is meant.
            return n > k || lex.standalone.contains(core);
        }
    }
    false
}

/// Characters a name never contains (quotes, titles, clause punctuation, figures).
/// One walk over the characters for all the tests: names are checked by the thousand.
fn clean_chars(core: &str, strict: bool) -> bool {
    let mut de = false;
    for c in core.chars() {
        match c {
            '《' | '》' | '“' | '”' | '"' | '‘' | '’' | '：' | ':' | '。' | '；' | ';' | '！'
            | '？' => {
                return false;
            }
            // A copula is never inside a name: 这是市政府要办好的… is not about 这是市政府.
            '是' => return false,
            '0'..='9' if strict => return false,
            '的' => de = true,
            _ => {}
        }
    }
    // 负有安全生产监督管理职责的部门 is the one kind of name with 的 in it.
    !(strict && de && !core.contains("职责的"))
}

/// Is there a verb in `core`? A verb right before a suffix is part of a name (组织部, 推进办).
fn has_verb(core: &str) -> bool {
    LEX.verbs
        .find_iter(core)
        .any(|m| !followed_by_suffix(core, m.end()))
}

pub(super) fn followed_by_suffix(s: &str, at: usize) -> bool {
    char_at(s, at).is_some_and(|c| "局办室部委组处科站所队中会院厅".contains(c))
}

fn bad_start(core: &str) -> bool {
    // 我市各县区, 我局各科室 name parties; 我 alone is the speaker.
    let pronoun = core
        .strip_prefix('我')
        .is_some_and(|rest| !rest.starts_with(|c: char| "市县区省镇乡局委办厅旗".contains(c)));
    pronoun || BAD_STARTS.iter().any(|b| core.starts_with(b)) || LEX.never_in_name.is_match(core)
}

/// Pronouns and modals never occur in a unit name, whatever follows them (我们必需要站在…).
const NEVER_IN_NAME: &[&str] = &[
    "我们", "你们", "大家", "需要", "必需", "必须", "应当", "务必", "可以", "能够", "已经", "正在",
    "了", "同时", "充分", "体现",
];

/// An agency or a class of them: ends with an agency suffix, or is 各 + a place word.
pub(super) fn agency_like(name: &str) -> bool {
    // Thirty characters at most; checked on bytes first so long runs cost nothing.
    if name.len() > 160 {
        return false;
    }
    let core = strip_trailing_paren(name.trim());
    let n = core.chars().count();
    // The ending decides most candidates and costs a few lookups; the verb and start tests
    // run a pattern each, so they come last.
    (2..=30).contains(&n)
        && (ends_agency(core) || names_places(core))
        && clean_chars(core, true)
        && !bad_start(core)
        && !has_verb(core)
}

/// A class of parties by place: 各 and a place word (各县区, 各地, 全市各级).
fn names_places(core: &str) -> bool {
    match core.find('各') {
        Some(p) => strip_trailing_paren(&core[p + '各'.len_utf8()..])
            .chars()
            .next_back()
            .is_some_and(|c| PLACE_ENDS.contains(c)),
        None => false,
    }
}

/// A sector word sharing the head of the last name: 交通运输、公安交警、应急管理部门.
pub(super) fn fragment_ok(name: &str) -> bool {
    let n = name.chars().count();
    (2..=6).contains(&n)
        && clean_chars(name, true)
        && !has_verb(name)
        && !bad_start(name)
        && !["领导", "人员", "同志", "干部", "群众", "企业", "人"]
            .iter()
            .any(|w| name.ends_with(w))
}

/// A name as a label value or table cell may hold it: looser, the label says it is a unit.
pub(super) fn label_ok(name: &str) -> bool {
    let n = name.chars().count();
    (2..=40).contains(&n)
        && clean_chars(name, false)
        && !has_verb(name)
        && !bad_start(name)
        && !name.chars().any(|c| c.is_ascii_digit())
}

/// Label words standing alone in a group (（责任单位）) are a heading, not a unit.
pub(super) fn is_bare_label(name: &str) -> bool {
    matches!(
        name,
        "责任单位"
            | "牵头单位"
            | "配合单位"
            | "协办单位"
            | "参与单位"
            | "主责单位"
            | "责任部门"
            | "牵头部门"
            | "配合部门"
    )
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&LEX);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `clean_chars` as it was, one search per test, kept to hold the single walk to it.
    fn clean_chars_reference(core: &str, strict: bool) -> bool {
        if core.chars().any(|c| {
            matches!(
                c,
                '《' | '》'
                    | '“'
                    | '”'
                    | '"'
                    | '‘'
                    | '’'
                    | '：'
                    | ':'
                    | '。'
                    | '；'
                    | ';'
                    | '！'
                    | '？'
            )
        }) {
            return false;
        }
        if core.contains('是') {
            return false;
        }
        if strict {
            if core.chars().any(|c| c.is_ascii_digit()) {
                return false;
            }
            if core.contains('的') && !core.contains("职责的") {
                return false;
            }
        }
        true
    }

    /// `ends_agency` as it was, walking back from the end for each length.
    fn ends_agency_reference(core: &str) -> bool {
        let lex = &*LEX;
        let n = core.chars().count();
        for k in 2..=lex.max_not_agency.min(n) {
            if tail(core, k).is_some_and(|w| lex.not_agency.contains(w)) {
                return false;
            }
        }
        for k in (1..=lex.max_suffix.min(n)).rev() {
            if tail(core, k).is_some_and(|w| lex.suffixes.contains(w)) {
                return n > k || lex.standalone.contains(core);
            }
        }
        false
    }

    #[test]
    fn name_tests_match_their_references() {
        let mut pieces: Vec<&str> = LEX
            .suffixes
            .iter()
            .chain(&LEX.not_agency)
            .copied()
            .collect();
        pieces.extend(LEX.standalone.iter().copied());
        pieces.sort_unstable();
        pieces.extend([
            "市",
            "县",
            "的",
            "职责的",
            "是",
            "3",
            "《",
            "》",
            "：",
            "。",
            "a",
            "𠀀",
            "各",
            "部门",
        ]);
        let mut rng = crate::test_rng::Rng(5);
        let mut agencies = 0;
        for _ in 0..60_000 {
            let name = rng.join(&pieces, 1..6);
            let want = ends_agency_reference(&name);
            assert_eq!(ends_agency(&name), want, "{name}");
            agencies += usize::from(want);
            for strict in [false, true] {
                assert_eq!(
                    clean_chars(&name, strict),
                    clean_chars_reference(&name, strict),
                    "{name}"
                );
            }
        }
        assert!(agencies > 5000, "{agencies}");
        // Longer than the tails kept: the walk falls back to counting.
        let long = "市".repeat(Tails::MAX + 3) + "局";
        assert_eq!(ends_agency(&long), ends_agency_reference(&long));
        assert_eq!(
            Tails::new(&long).get(Tails::MAX + 2),
            tail(&long, Tails::MAX + 2)
        );
    }

    #[test]
    fn the_word_lists_match_as_regex_did() {
        let verbs = alternation_pattern(terms(include_str!("../lexicon/unit-verbs.txt")));
        crate::unfiltered::assert_same_as_regex(&verbs, &LEX.verbs);
        let never = alternation_pattern(NEVER_IN_NAME.iter().copied());
        crate::unfiltered::assert_same_as_regex(&never, &LEX.never_in_name);
    }
}
