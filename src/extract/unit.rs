//! Responsible units (牵头单位 / 配合单位 / 责任单位): who must carry out a task.
//!
//! Input is always the normalised view text; offsets are byte offsets into that text.

use super::wordhash::{HashMap, HashSet};
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

    let runs = label_runs(t, &groups);
    let mut cands: Vec<(usize, usize, usize, Option<usize>)> = groups
        .iter()
        .enumerate()
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
        masks.extend(runs.iter().copied());
        masks.extend(legends.iter().copied());
        masks.extend(blankets.iter().map(|b| (b.start, b.end)));
        sort_merge(&mut masks);
        if let Some(hits) = subject_units(t, &masks) {
            out.own = finish(t, hits, false);
            out.form = Some(UnitForm::Subject);
        }
    }
    out.blanket = blankets.into_iter().next().map(|b| Blanket {
        start: b.start,
        end: b.end,
        units: finish(t, b.hits, false),
    });
    out
}

/// Could `text` hand units on to later tasks (a blanket statement or a legend)? A cheap test,
/// so that text that is no task's need not be scanned in full.
pub fn may_hand_on(text: &str) -> bool {
    BLANKET_END_RE.is_match(text) || BLANKET_OPEN_RE.is_match(text) || LEGEND_RE.is_match(text)
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
    let n = strip_trailing_paren(name.trim());
    if n.is_empty() {
        return false;
    }
    // 各X, 有关X and 相关X name a class of parties, never one agency.
    if n.contains('各') || n.contains("有关") || n.contains("相关") {
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
    n == "政府"
        || lex.generic.contains(n)
        || GENERIC_PREFIXES
            .iter()
            .any(|p| n.strip_prefix(p).is_some_and(|r| lex.generic.contains(r)))
}

// ---------------------------------------------------------------------------------------------
// Word lists

struct Lexicon {
    /// Endings that make a noun phrase an agency (局, 委员会, 人民政府, 河长…).
    suffixes: HashSet<&'static str>,
    max_suffix: usize,
    /// Words that end like an agency but are not one (布局, 部署, 场所, 网站, 干部…).
    not_agency: HashSet<&'static str>,
    max_not_agency: usize,
    /// Suffixes that are a whole name on their own (海关, 乡镇, 妇联).
    standalone: HashSet<&'static str>,
    /// Non-specific parties once a level prefix is taken off (乡镇, 县区, 职能部门…).
    generic: HashSet<&'static str>,
    /// Words that start a predicate, by first character; they end a subject that is already
    /// an agency.
    predicates: ByFirst,
    adverbs: ByFirst,
    /// Indexes into `STRONG`, by first character of the word, in table order.
    strong: HashMap<char, Vec<usize>>,
    /// Verbs that never occur inside an agency name (开展, 加强, 确保…), as one pattern.
    verbs: Regex,
    /// Pronouns and modals (我们, 需要, 必须…), as one pattern.
    never_in_name: Regex,
    /// First characters of every trigger word, to skip most positions cheaply.
    trigger_firsts: HashSet<char>,
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
fn word_at(index: &ByFirst, s: &str) -> Option<&'static str> {
    let c = s.chars().next()?;
    index.get(&c)?.iter().copied().find(|w| s.starts_with(w))
}

fn terms(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines().map(str::trim).filter(|l| !l.is_empty())
}

/// One pattern matching any of `words` literally.
fn alternation(words: impl Iterator<Item = &'static str>) -> Regex {
    let words = longest_first(words.collect());
    let alts: Vec<String> = words.iter().map(|w| regex::escape(w)).collect();
    Regex::new(&alts.join("|")).expect("word list pattern")
}

fn longest_first(mut v: Vec<&'static str>) -> Vec<&'static str> {
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    v
}

static LEX: LazyLock<Lexicon> = LazyLock::new(|| {
    let suffixes: HashSet<_> = terms(include_str!("lexicon/unit-suffixes.txt")).collect();
    let not_agency: HashSet<_> = terms(include_str!("lexicon/unit-not-agency.txt")).collect();
    let predicates: Vec<_> = terms(include_str!("lexicon/unit-predicates.txt")).collect();
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
        standalone: terms(include_str!("lexicon/unit-standalone.txt")).collect(),
        generic: terms(include_str!("lexicon/unit-generic.txt")).collect(),
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
        verbs: alternation(terms(include_str!("lexicon/unit-verbs.txt"))),
        never_in_name: alternation(NEVER_IN_NAME.iter().copied()),
        trigger_firsts,
    }
});

/// Level and jurisdiction prefixes taken off before looking a name up in the generic list.
const GENERIC_PREFIXES: &[&str] = &[
    "全市", "全县", "全区", "全省", "全镇", "全旗", "省级", "市级", "县级", "区级", "镇级", "乡级",
    "村级", "省直", "市直", "县直", "区直", "旗直", "省", "市", "县", "区", "镇", "乡", "旗",
];

/// Last characters of a place word: after 各 they make a party (各县区, 各地, 各级, 各村).
const PLACE_ENDS: &str = "县市区镇乡村旗州盟省地级";

/// Last characters of agency names: a parenthesis right after one is an apposition
/// (省发改委（省能源局）, 各县区人民政府（管委会）), not a unit group of its own.
const NAME_FINALS: &str = "局委办厅部院署室心队府会位门镇道所站组长司关联团处";

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
const INTROS: &[&str] = &[
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
const SUBJECT_INTROS: &[&str] = &[
    "要求",
    "责成",
    "并由",
    "统一由",
    "具体由",
    "均由",
    "由",
    "请",
];

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
const LEADERS: &[&str] = &[
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
enum TrigKind {
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
const STRONG: &[(&str, Role, TrigKind, &[&str])] = &[
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

// ---------------------------------------------------------------------------------------------
// Patterns

/// Role words inside a unit clause (group, label value, prose continuation). Longer forms come
/// first so that the leftmost match is the whole role phrase.
static ROLE_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "按照职责分工负责|按职责分工负责|按照职责分工|按职责分工|按职责负责|分别负责|共同负责|具体负责|\
         负责落实|负责实施|负责|牵头负责|牵头督导|牵头落实|牵头抓总|总牵头|牵头|配合|参与|协助|协办|指导|督导|协调|\
         会同|均为责任单位|为责任单位|落实",
    )
    .expect("role pattern")
});

static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(牵头单位|牵头部门|主责单位|主责部门|主办单位|责任单位|责任部门|责任主体|实施单位|承办单位|\
         落实单位|配合单位|配合部门|协办单位|协办部门|参与单位|参与部门|协助单位|协作单位|协同单位|\
         完成时限|完成时间|时间节点|时限要求|整改时限|整改期限|办结时限|整改目标|整改措施|进度安排|\
         牵头领导|责任领导|分管领导|包抓领导|责任人|联系人)[ \t]*[：:]",
    )
    .expect("label pattern")
});

/// Any other short label after spaces ends a value (“责任单位：县财政局  完成时限：…”).
static OTHER_LABEL_RE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{3000}]+\p{Han}{2,8}[：:]").expect("other label pattern"));

static LEGEND_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "(?:列|排)(?:在|名)?(?:第一位|第一|首位)(?:的|者)?(?:责任|牵头)?(?:单位|部门)?(?:为|是)\
         (?:牵头|主办|主责|汇总)|无牵头单位的[，,]?(?:由)?责任单位(?:即)?为牵头单位",
    )
    .expect("legend pattern")
});

static BLANKET_END_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        "不再(?:一一|重复|另行|单独)?(?:列出|列明|列举|标注|注明|赘述)|不再(?:做|作|进行)?(?:分工|分解)|下同",
    )
        .expect("blanket pattern")
});

static BLANKET_OPEN_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new("(?:以下|下列|下述)(?:各项|所有|全部|各|的)?(?:重点)?(?:工作|任务|措施|事项|内容)")
        .expect("blanket opener pattern")
});

/// Item markers at the start of a clause: （一） 一、 1. 1、 ① 一是.
static MARKER_RE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:[（(][一二三四五六七八九十百零〇\d]{1,4}[）)]|[一二三四五六七八九十百]{1,3}[、.．]|\d{1,3}(?:[.．]\d{1,3})*[、.．)）]|[①-⑳]|[一二三四五六七八九十]{1,2}是)\s*",
    )
    .expect("marker pattern")
});

// ---------------------------------------------------------------------------------------------
// Small text helpers

fn char_at(t: &str, i: usize) -> Option<char> {
    t.get(i..)?.chars().next()
}

fn prev_char(t: &str, i: usize) -> Option<char> {
    t.get(..i)?.chars().next_back()
}

fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '〔' | '【')
}

fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '〕' | '】')
}

fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '？')
}

/// Characters that end a subject being read.
fn is_stop(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '？'
            | '\n'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '…'
            | '—'
            | '/'
            | '／'
    ) || c.is_ascii_digit()
        || is_close(c)
}

fn skip_ws(t: &str, mut i: usize) -> usize {
    while let Some(c) = char_at(t, i) {
        if !c.is_whitespace() || c == '\n' {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// `(s, e)` without surrounding whitespace.
fn trim(t: &str, s: usize, e: usize) -> (usize, usize) {
    let Some(sub) = t.get(s..e) else {
        return (s, s);
    };
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead == sub.len() {
        (s, s)
    } else {
        (s + lead, e - trail)
    }
}

fn floor_boundary(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn sort_merge(v: &mut Vec<(usize, usize)>) {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for &(s, e) in v.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *v = out;
}

/// Does `(s, e)` overlap one of the sorted, merged `ranges`?
fn overlaps(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    let k = ranges.partition_point(|r| r.1 <= s);
    ranges.get(k).is_some_and(|r| r.0 < e)
}

/// `s` without one trailing parenthesised part: 各县区人民政府（管委会） → 各县区人民政府.
fn strip_trailing_paren(s: &str) -> &str {
    if !s.chars().next_back().is_some_and(is_close) {
        return s;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return s[..i].trim_end();
            }
        }
    }
    s
}

/// The last `k` characters of `s`.
fn tail(s: &str, k: usize) -> Option<&str> {
    if k == 0 {
        return Some("");
    }
    s.char_indices().rev().nth(k - 1).map(|(i, _)| &s[i..])
}

// ---------------------------------------------------------------------------------------------
// Is this an agency name?

fn ends_agency(core: &str) -> bool {
    let lex = &*LEX;
    let n = core.chars().count();
    for k in 2..=lex.max_not_agency.min(n) {
        if tail(core, k).is_some_and(|w| lex.not_agency.contains(w)) {
            return false;
        }
    }
    for k in (1..=lex.max_suffix.min(n)).rev() {
        if tail(core, k).is_some_and(|w| lex.suffixes.contains(w)) {
            // A bare 部门 or 中心 says nothing about who is meant.
            return n > k || lex.standalone.contains(core);
        }
    }
    false
}

/// Characters a name never contains (quotes, titles, clause punctuation, figures).
fn clean_chars(core: &str, strict: bool) -> bool {
    if core.chars().any(|c| "《》“”\"‘’：:。；;！？".contains(c)) {
        return false;
    }
    // A copula is never inside a name: 这是市政府要办好的… is not about 这是市政府.
    if core.contains('是') {
        return false;
    }
    if strict {
        if core.chars().any(|c| c.is_ascii_digit()) {
            return false;
        }
        // 负有安全生产监督管理职责的部门 is the one kind of name with 的 in it.
        if core.contains('的') && !core.contains("职责的") {
            return false;
        }
    }
    true
}

/// Is there a verb in `core`? A verb right before a suffix is part of a name (组织部, 推进办).
fn has_verb(core: &str) -> bool {
    LEX.verbs
        .find_iter(core)
        .any(|m| !followed_by_suffix(core, m.end()))
}

fn followed_by_suffix(s: &str, at: usize) -> bool {
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
fn agency_like(name: &str) -> bool {
    // Thirty characters at most; checked on bytes first so long runs cost nothing.
    if name.len() > 160 {
        return false;
    }
    let core = strip_trailing_paren(name.trim());
    let n = core.chars().count();
    if !(2..=30).contains(&n) || !clean_chars(core, true) || bad_start(core) || has_verb(core) {
        return false;
    }
    if ends_agency(core) {
        return true;
    }
    match core.find('各') {
        Some(p) => strip_trailing_paren(&core[p + '各'.len_utf8()..])
            .chars()
            .next_back()
            .is_some_and(|c| PLACE_ENDS.contains(c)),
        None => false,
    }
}

/// A sector word sharing the head of the last name: 交通运输、公安交警、应急管理部门.
fn fragment_ok(name: &str) -> bool {
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
fn label_ok(name: &str) -> bool {
    let n = name.chars().count();
    (2..=40).contains(&n)
        && clean_chars(name, false)
        && !has_verb(name)
        && !bad_start(name)
        && !name.chars().any(|c| c.is_ascii_digit())
}

/// Label words standing alone in a group (（责任单位）) are a heading, not a unit.
fn is_bare_label(name: &str) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Name lists

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sep {
    /// 、 — the items may share a head (临汾、侯马、洪洞经济开发区管委会).
    Dun,
    /// ，, 和, 及, 等 or the end of the list: the items stand alone.
    Other,
}

#[derive(Debug, Clone, Copy)]
struct Elem {
    s: usize,
    e: usize,
    /// A role stated right on the name: 市住建局（牵头）.
    role: Option<Role>,
    sep: Sep,
    /// A bare head followed this name and was dropped: 市场监管、公安等部门.
    shared_head: bool,
}

/// Splits `t[s..e]` into names at 、，和 及 与 以及 等 (never inside brackets; 和 only between
/// two agency names, so 市发展和改革局 stays whole) and joins place fragments to the name
/// they share (各县、区人民政府 is one name).
fn split_names(t: &str, s: usize, e: usize) -> Vec<Elem> {
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
fn finish_elems(t: &str, raw: Vec<(usize, usize, Sep)>) -> Vec<Elem> {
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
    if LEGEND_RE.is_match(inner) {
        return (s + core.len(), None);
    }
    (e, None)
}

fn is_bare_head(name: &str) -> bool {
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
fn valid_strict(t: &str, els: &[Elem]) -> bool {
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

// ---------------------------------------------------------------------------------------------
// Groups, labels and unit clauses

#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    inner_s: usize,
    inner_e: usize,
    end: usize,
}

/// Top-level bracket groups. A group never spans lines: an unclosed one ends at its line end.
fn top_groups(t: &str) -> Vec<Group> {
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

fn group_at(groups: &[Group], pos: usize) -> Option<&Group> {
    let k = groups.partition_point(|g| g.start <= pos);
    groups[..k].last().filter(|g| pos < g.end)
}

/// May a group list units without a role word? Only at the end of a sentence, where plans put
/// their （市住建局、市财政局）, or once a legend says the first listed leads; never right
/// after a name, where it is an apposition.
fn roleless_group_ok(t: &str, g: &Group, leads: bool) -> bool {
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
enum Mode {
    /// Group text or prose: every name must look like an agency. `roleless`: a list with no
    /// role word still counts (as responsible).
    Strict { roleless: bool },
    /// A label value or table cell: the label gives the role, names may be looser.
    Value(Role),
}

struct Ctx<'a> {
    /// Sorted ranges whose clauses are not this task's units (forward blankets, legends).
    skips: &'a [(usize, usize)],
}

#[derive(Debug, Clone, Copy)]
struct Hit0 {
    s: usize,
    e: usize,
    role: Role,
    /// The role comes from list position only (role-less list, 责任单位：), so a legend
    /// “列第一位者为牵头单位” may make it the lead.
    listed: bool,
}

fn finish(t: &str, mut hits: Vec<Hit0>, leads: bool) -> Vec<UnitHit> {
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

struct LabelAt {
    start: usize,
    value: usize,
    role: Option<Role>,
}

fn label_role(word: &str) -> Option<Role> {
    if word.starts_with("牵头单位")
        || word.starts_with("牵头部门")
        || word.starts_with("主责")
        || word.starts_with("主办")
    {
        Some(Role::Lead)
    } else if ["配合", "协办", "参与", "协助", "协作", "协同"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Some(Role::Support)
    } else if ["责任单位", "责任部门", "责任主体", "实施", "承办", "落实"]
        .iter()
        .any(|p| word.starts_with(p))
    {
        Some(Role::Responsible)
    } else {
        None
    }
}

/// Labels of `t[s..e]` that are not inside a nested bracket.
fn labels_in(t: &str, s: usize, e: usize) -> Vec<LabelAt> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut pos = s;
    for m in LABEL_RE.captures_iter(&t[s..e]) {
        let (Some(all), Some(word)) = (m.get(0), m.get(1)) else {
            continue;
        };
        let ms = s + all.start();
        for c in t[pos..ms].chars() {
            if is_open(c) {
                depth += 1;
            } else if is_close(c) {
                depth = depth.saturating_sub(1);
            }
        }
        pos = ms;
        if depth == 0 {
            out.push(LabelAt {
                start: ms,
                value: s + all.end(),
                role: label_role(word.as_str()),
            });
        }
    }
    out
}

/// Where a label value starting at `vs` ends: the next label, 。；, the line end or `limit`.
fn value_end(t: &str, vs: usize, limit: usize) -> usize {
    let mut depth = 0usize;
    let mut i = vs;
    while i < limit {
        let Some(c) = char_at(t, i) else { break };
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            if depth == 0 {
                break;
            }
            depth -= 1;
        } else if depth == 0 && matches!(c, '。' | '；' | ';' | '\n') {
            break;
        }
        i += c.len_utf8();
    }
    match OTHER_LABEL_RE.find(&t[vs..i]) {
        Some(m) => vs + m.start(),
        None => i,
    }
}

/// Runs of labels outside brackets (“牵头单位：…；配合单位：…” or label lines one after another).
fn label_runs(t: &str, groups: &[Group]) -> Vec<(usize, usize)> {
    let labels: Vec<(usize, usize)> = LABEL_RE
        .find_iter(t)
        .filter(|m| group_at(groups, m.start()).is_none())
        .map(|m| (m.start(), m.end()))
        .collect();
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for (k, &(ls, vs)) in labels.iter().enumerate() {
        let next = labels.get(k + 1).map_or(t.len(), |n| n.0);
        let ve = value_end(t, vs, next).max(vs);
        match runs.last_mut() {
            Some(run)
                if run.1 <= ls
                    && t[run.1..ls]
                        .chars()
                        .all(|c| c.is_whitespace() || "；;。，,、/／".contains(c)) =>
            {
                run.1 = ve;
            }
            _ => runs.push((ls, ve)),
        }
    }
    runs
}

/// Units named in `t[s..e]`: labelled values and unit clauses. Returns the hits and whether a
/// unit label was seen.
fn parse_segment(t: &str, s: usize, e: usize, ctx: &Ctx, mode: Mode) -> (Vec<Hit0>, bool) {
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
        if let Some(role) = l.role {
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
fn parse_plain(t: &str, a: usize, b: usize, ctx: &Ctx, mode: Mode, out: &mut Vec<Hit0>) {
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
        let word = m.as_str();
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

fn names_between(t: &str, s: usize, e: usize, strict: bool) -> Option<Vec<Elem>> {
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
fn role_clause(t: &str, s: usize, e: usize, strict: bool) -> Option<Vec<Hit0>> {
    let (ks, ke, role, huitong) = find_role_kw(t, s, e)?;
    let ns = after_intro(t, s, ks);
    let lead = names_between(t, ns, ks, strict)?;
    let mut hits: Vec<Hit0> = lead
        .into_iter()
        .map(|el| Hit0 {
            s: el.s,
            e: el.e,
            role: el.role.unwrap_or(role),
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

// ---------------------------------------------------------------------------------------------
// Legends and blanket statements

/// Bounds of the sentence around `pos`: inside its bracket group or line, between 。；！？.
/// Looks at most a few hundred bytes either way so that many markers stay linear.
fn sentence_bounds(t: &str, groups: &[Group], pos: usize) -> (usize, usize) {
    const REACH: usize = 600;
    let (lo, hi) = match group_at(groups, pos) {
        Some(g) if pos >= g.inner_s => (g.inner_s, g.inner_e),
        _ => (0, t.len()),
    };
    let lo = floor_boundary(t, lo.max(pos.saturating_sub(REACH)));
    let hi = ceil_boundary(t, hi.min(pos + REACH));
    let lo = lo.min(pos);
    let hi = hi.max(pos);
    let s = t[lo..pos]
        .char_indices()
        .rev()
        .find(|&(_, c)| is_sentence_break(c))
        .map_or(lo, |(i, c)| lo + i + c.len_utf8());
    let e = t[pos..hi]
        .char_indices()
        .find(|&(_, c)| is_sentence_break(c))
        .map_or(hi, |(i, _)| pos + i);
    (s, e)
}

/// Sentences that say how to read the lists (列第一位者为牵头单位), sorted.
fn find_legends(t: &str, groups: &[Group]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = LEGEND_RE
        .find_iter(t)
        .map(|m| {
            // From the legend's own clause to the sentence end (…，下同): the list before it in
            // the same sentence (省发改委、省经信委，列第一位者为牵头单位) is still a list.
            let (s, e) = sentence_bounds(t, groups, m.start());
            (clause_start(t, s, m.start()), e.max(m.end()))
        })
        .collect();
    sort_merge(&mut out);
    out
}

struct BlanketFound {
    start: usize,
    end: usize,
    hits: Vec<Hit0>,
    /// Said of the tasks that follow only (以下各项…): not this task's own units.
    forward: bool,
}

fn find_blankets(t: &str, groups: &[Group], legends: &[(usize, usize)]) -> Vec<BlanketFound> {
    let mut out: Vec<BlanketFound> = Vec::new();
    for m in BLANKET_END_RE.find_iter(t) {
        if overlaps(legends, m.start(), m.end()) {
            continue;
        }
        let (ss, _) = sentence_bounds(t, groups, m.start());
        let (region, forward) = match opener_in(t, ss, m.start()) {
            Some(o) => (o, true),
            None => {
                // 下同 / 不再列出 after the units' own clause: the statement is that clause.
                let mut end = m.start();
                let mut forward = false;
                loop {
                    let before = t[ss..end]
                        .trim_end_matches(|c: char| c.is_whitespace() || "，,、".contains(c));
                    end = ss + before.len();
                    match ["以下", "下文", "其他", "均"]
                        .iter()
                        .find(|w| before.ends_with(*w))
                    {
                        Some(w) => {
                            forward |= *w == "以下" || *w == "下文";
                            end -= w.len();
                        }
                        None => break,
                    }
                }
                // The units may sit a clause or two before the marker
                // (具体任务均涉及相关市（州）人民政府，不再做分工，下同).
                let mut cs = clause_start(t, ss, end);
                while cs > ss && blanket_units(t, cs, m.start()).is_empty() {
                    cs = clause_start(t, ss, prev_char(t, cs).map_or(cs, |c| cs - c.len_utf8()));
                }
                (cs, forward)
            }
        };
        // 以下均需县（市、区）政府落实，不再列出: about the tasks that follow.
        let forward = forward
            || ["以下", "下列", "下述"]
                .iter()
                .any(|w| t[region..].starts_with(w));
        let hits = blanket_units(t, region, m.start());
        if !hits.is_empty() {
            out.push(BlanketFound {
                start: region,
                end: m.end(),
                hits,
                forward,
            });
        }
    }
    // 以下各项工作由各县区人民政府负责落实 says the same without 不再列出.
    let mut found: Vec<(usize, usize)> = out.iter().map(|b| (b.start, b.end)).collect();
    sort_merge(&mut found);
    for m in BLANKET_OPEN_RE.find_iter(t) {
        if overlaps(&found, m.start(), m.start() + 1)
            || overlaps(legends, m.start(), m.end())
            || !opener_starts_clause(t, m.start())
        {
            continue;
        }
        let (_, se) = sentence_bounds(t, groups, m.start());
        let hits = blanket_units(t, m.start(), se);
        if !hits.is_empty() {
            let end = m.start()
                + t[m.start()..se]
                    .trim_end_matches(|c: char| c.is_whitespace() || "，,".contains(c))
                    .len();
            out.push(BlanketFound {
                start: m.start(),
                end,
                hits,
                forward: true,
            });
        }
    }
    out.sort_by_key(|b| b.start);
    out
}

/// Units of a blanket statement: unit clauses, or names after 均需/均由/涉及 with no role word
/// (以下各项任务均由各县区人民政府, 具体任务均涉及相关市（州）人民政府).
fn blanket_units(t: &str, s: usize, e: usize) -> Vec<Hit0> {
    let ctx = Ctx { skips: &[] };
    let mut hits = Vec::new();
    parse_plain(t, s, e, &ctx, Mode::Strict { roleless: false }, &mut hits);
    if !hits.is_empty() {
        return hits;
    }
    let mut depth = 0usize;
    let mut cs = s;
    for (k, c) in t[s..e].char_indices().chain(std::iter::once((e - s, '，'))) {
        if is_open(c) {
            depth += 1;
        } else if is_close(c) {
            depth = depth.saturating_sub(1);
        } else if depth == 0 && matches!(c, '，' | ',' | '。' | '；') {
            let ce = s + k;
            let intro = ["均涉及", "涉及", "均需", "均由", "均为", "需由"]
                .iter()
                .filter_map(|w| t[cs..ce].rfind(w).map(|p| cs + p + w.len()))
                .max();
            if let Some(ns) = intro
                && let Some(els) = names_between(t, ns, ce, true)
            {
                hits.extend(els.into_iter().map(|el| Hit0 {
                    s: el.s,
                    e: el.e,
                    role: el.role.unwrap_or(Role::Responsible),
                    listed: false,
                }));
                return hits;
            }
            cs = ce + c.len_utf8();
        }
    }
    hits
}

/// The first 以下各项工作 (not 35蒸吨以下) in `t[s..e]`.
fn opener_in(t: &str, s: usize, e: usize) -> Option<usize> {
    BLANKET_OPEN_RE
        .find_iter(&t[s..e])
        .map(|m| s + m.start())
        .find(|&p| opener_starts_clause(t, p))
}

fn opener_starts_clause(t: &str, p: usize) -> bool {
    match t[..p].trim_end().chars().next_back() {
        None => true,
        // A statement may follow the task's own parenthetical directly: …负责落实）以下各项….
        Some(c) => {
            is_sentence_break(c) || "，,：:对在将把按".contains(c) || is_open(c) || is_close(c)
        }
    }
}

/// Start of the comma clause that ends at `end` (the sentence starts at `ss`).
fn clause_start(t: &str, ss: usize, end: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in t[ss..end].char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            if depth == 0 {
                return ss + i + c.len_utf8();
            }
            depth -= 1;
        } else if depth == 0 && matches!(c, '，' | ',') {
            return ss + i + c.len_utf8();
        }
    }
    ss
}

// ---------------------------------------------------------------------------------------------
// Subjects in prose

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    /// Start of a sentence or clause (after the item marker).
    Clause,
    /// After 由/请/要求: the text says a unit follows.
    Introduced,
    /// After 的: (…无法开展此项工作的)有关分局请于…
    AfterDe,
}

/// The units of the first subject sentence outside `masks`, scanning clause starts once.
fn subject_units(t: &str, masks: &[(usize, usize)]) -> Option<Vec<Hit0>> {
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
        trig.0
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
    elems: Vec<Elem>,
    trig: Option<(Role, TrigKind)>,
    end: usize,
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

/// Adverbs, then a trigger word at `i`.
fn trigger_after(t: &str, i: usize, weak: bool) -> Option<((Role, TrigKind), usize)> {
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
        if weak
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
            let weak = objects || introduced || weak_subject(t, first, (cur, i));
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

#[cfg(test)]
mod tests {
    use super::Role::{Lead, Responsible, Support};
    use super::*;

    fn names<'a>(t: &'a str, hits: &[UnitHit]) -> Vec<(&'a str, Role)> {
        hits.iter().map(|h| (&t[h.start..h.end], h.role)).collect()
    }

    fn own(t: &str) -> Vec<(&str, Role)> {
        names(t, &scan(t, false).own)
    }

    fn own_names(t: &str) -> Vec<&str> {
        own(t).into_iter().map(|(n, _)| n).collect()
    }

    fn form(t: &str) -> Option<UnitForm> {
        scan(t, false).form
    }

    fn blanket(t: &str) -> Option<(&str, Vec<&str>)> {
        scan(t, false).blanket.map(|b| {
            (
                &t[b.start..b.end],
                b.units.iter().map(|h| &t[h.start..h.end]).collect(),
            )
        })
    }

    // --- parenthetical groups -------------------------------------------------------------

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
    fn guiding_agency_is_support() {
        assert_eq!(
            own("推进垃圾分类。（各区人民政府负责，市城管局指导）"),
            [("各区人民政府", Responsible), ("市城管局", Support)]
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

    // --- legends --------------------------------------------------------------------------

    #[test]
    fn legend_inside_group_makes_first_listed_lead() {
        let t =
            "推进天然气管网建设。（省经信委、省发改委（省能源局）。列第一位者为牵头部门，下同）";
        let s = scan(t, false);
        assert!(s.legend_first_is_lead);
        assert_eq!(
            names(t, &s.own),
            [("省经信委", Lead), ("省发改委（省能源局）", Responsible)]
        );
        assert!(s.blanket.is_none());
    }

    #[test]
    fn legend_in_the_same_sentence_as_the_list() {
        let t = "推进电网改造升级。（省能源局、省电力公司，列第一位者为牵头单位）";
        assert_eq!(own(t), [("省能源局", Lead), ("省电力公司", Responsible)]);
    }

    #[test]
    fn national_form_with_deng_before_the_role() {
        let t =
            "由国家发展改革委、国家能源局、财政部、市场监管总局等按职责分工负责，12月底前完成。";
        assert_eq!(
            own_names(t),
            ["国家发展改革委", "国家能源局", "财政部", "市场监管总局"]
        );
    }

    #[test]
    fn legend_seen_earlier_applies_to_roleless_list() {
        let t = "建设全民健身中心。（市文广旅局、市体育局）";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市文广旅局", Lead), ("市体育局", Responsible)]
        );
        let t = "责任单位：市发展改革委、市财政局";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市发展改革委", Lead), ("市财政局", Responsible)]
        );
    }

    #[test]
    fn legend_does_not_override_a_stated_lead() {
        let t = "（市发展改革委牵头，市财政局配合）";
        assert_eq!(
            names(t, &scan(t, true).own),
            [("市发展改革委", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn cover_note_legends() {
        for t in [
            "责任分解中，列第一位的责任单位为牵头单位或汇总单位。",
            "牵头单位（无牵头单位的，责任单位即为牵头单位，下同）",
            "各项任务列第一位者为牵头单位。",
        ] {
            let s = scan(t, false);
            assert!(s.legend_first_is_lead, "{t}");
            assert!(s.own.is_empty(), "{t}");
            assert!(s.blanket.is_none(), "{t}");
        }
    }

    #[test]
    fn legend_sentence_is_not_a_subject() {
        let t =
            "二、责任分解中，列第一位的责任单位为牵头单位。各牵头单位和配合单位要按月报送进展。";
        assert_eq!(own_names(t), ["各牵头单位", "配合单位"]);
    }

    // --- labels ---------------------------------------------------------------------------

    #[test]
    fn label_line_after_task() {
        let t = "（二）开展高层建筑消防隐患排查。全面排查疏散通道堵塞问题。\n责任单位：县消防救援大队\n完成时限：2025年9月底前";
        assert_eq!(own(t), [("县消防救援大队", Responsible)]);
        assert_eq!(form(t), Some(UnitForm::Label));
    }

    #[test]
    fn lead_and_support_labels_on_one_line() {
        let t = "整治河道采砂。\n牵头单位：县水利局；配合单位：县农业农村局、县林业局";
        assert_eq!(
            own(t),
            [
                ("县水利局", Lead),
                ("县农业农村局", Support),
                ("县林业局", Support)
            ]
        );
    }

    #[test]
    fn labels_inside_brackets() {
        let t = "推进机构改革。（牵头单位：省发展改革委；责任单位：省委编办、省自然资源厅）";
        assert_eq!(
            own(t),
            [
                ("省发展改革委", Lead),
                ("省委编办", Responsible),
                ("省自然资源厅", Responsible),
            ]
        );
        assert_eq!(form(t), Some(UnitForm::Label));
    }

    #[test]
    fn label_value_runs_over_commas_and_keeps_nested_brackets() {
        let t = "〔牵头单位：市政务服务管理局；责任单位：市直各部门，各县（市、区）人民政府、高新区管委会〕";
        assert_eq!(
            own(t),
            [
                ("市政务服务管理局", Lead),
                ("市直各部门", Responsible),
                ("各县（市、区）人民政府", Responsible),
                ("高新区管委会", Responsible),
            ]
        );
    }

    #[test]
    fn labels_separated_by_spaces_only() {
        let t = "（牵头单位：市商务局  责任单位：市发改委、市财政局、各区县政府）";
        assert_eq!(
            own(t),
            [
                ("市商务局", Lead),
                ("市发改委", Responsible),
                ("市财政局", Responsible),
                ("各区县政府", Responsible),
            ]
        );
    }

    #[test]
    fn label_synonyms() {
        assert_eq!(
            own("主责单位：区城管局；协办单位：区公安分局"),
            [("区城管局", Lead), ("区公安分局", Support)]
        );
        assert_eq!(
            own("责任部门：县自然资源局"),
            [("县自然资源局", Responsible)]
        );
        assert_eq!(
            own("参与单位：县科技局；配合部门：县税务局"),
            [("县科技局", Support), ("县税务局", Support)]
        );
    }

    #[test]
    fn label_value_ends_at_another_label() {
        assert_eq!(
            own("责任单位：县财政局  完成时限：2025年6月底前"),
            [("县财政局", Responsible)]
        );
        assert_eq!(
            own("完成时限：2025年底前。责任单位：县民政局。"),
            [("县民政局", Responsible)]
        );
    }

    #[test]
    fn label_without_value() {
        assert!(own("责任单位：\n完成时限：2025年底前").is_empty());
        assert!(own("牵头单位：").is_empty());
        assert!(own("责任单位：；配合单位：").is_empty());
    }

    #[test]
    fn label_with_duty_defined_departments() {
        let t = "责任单位：县应急管理局等负有安全生产监督管理职责的部门";
        let s = scan(t, false);
        assert_eq!(
            names(t, &s.own),
            [
                ("县应急管理局", Responsible),
                ("负有安全生产监督管理职责的部门", Responsible),
            ]
        );
        assert!(!s.own[0].generic);
    }

    #[test]
    fn label_value_with_its_own_roles() {
        assert_eq!(
            own("责任单位：市住建局牵头，市财政局配合"),
            [("市住建局", Lead), ("市财政局", Support)]
        );
    }

    #[test]
    fn label_lines_one_after_another_are_one_group() {
        let t = "优化营商环境。\n牵头单位：区发改局\n责任单位：区财政局，各街道";
        assert_eq!(
            own(t),
            [
                ("区发改局", Lead),
                ("区财政局", Responsible),
                ("各街道", Responsible),
            ]
        );
    }

    #[test]
    fn role_in_brackets_on_a_name() {
        assert_eq!(
            own("责任单位：市政府办公室（牵头）、市财政局"),
            [("市政府办公室", Lead), ("市财政局", Responsible)]
        );
    }

    // --- subjects -------------------------------------------------------------------------

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

    // --- blankets -------------------------------------------------------------------------

    #[test]
    fn forward_blanket_inside_own_group() {
        let t = "1.严格环境准入。（市生态环境局牵头，市发展改革委配合，各县区人民政府负责落实。以下各项工作均需各县区人民政府落实，不再列出）";
        let s = scan(t, false);
        assert_eq!(
            names(t, &s.own),
            [
                ("市生态环境局", Lead),
                ("市发展改革委", Support),
                ("各县区人民政府", Responsible),
            ]
        );
        assert_eq!(
            blanket(t),
            Some((
                "以下各项工作均需各县区人民政府落实，不再列出",
                vec!["各县区人民政府"]
            ))
        );
    }

    #[test]
    fn blanket_with_nested_brackets() {
        let t = "〔市水务局牵头。以下各项工作均需各县、区人民政府（管委会）落实，不再列出。〕";
        assert_eq!(own(t), [("市水务局", Lead)]);
        assert_eq!(
            blanket(t),
            Some((
                "以下各项工作均需各县、区人民政府（管委会）落实，不再列出",
                vec!["各县、区人民政府（管委会）"]
            ))
        );
    }

    #[test]
    fn blanket_right_after_own_group_quotes_only_the_statement() {
        let t = "完成排查建档。（市生态环境局牵头，各县区人民政府负责落实）以下各项工作均需各县区人民政府落实，不再列出。";
        let (statement, names) = blanket(t).expect("blanket");
        assert_eq!(statement, "以下各项工作均需各县区人民政府落实，不再列出");
        assert_eq!(names, ["各县区人民政府"]);
    }

    #[test]
    fn standalone_blanket_is_not_own() {
        let t = "以下各项任务均由各镇人民政府负责落实，不再一一列出。";
        let s = scan(t, false);
        assert!(s.own.is_empty());
        let b = s.blanket.expect("blanket");
        assert_eq!(
            &t[b.start..b.end],
            "以下各项任务均由各镇人民政府负责落实，不再一一列出"
        );
        assert_eq!(names(t, &b.units), [("各镇人民政府", Responsible)]);
        assert!(b.units[0].generic);
    }

    #[test]
    fn xiatong_blanket_also_names_this_task() {
        let t = "（市交通运输局牵头，各县区人民政府负责落实，下同）";
        assert_eq!(
            own(t),
            [("市交通运输局", Lead), ("各县区人民政府", Responsible)]
        );
        assert_eq!(
            blanket(t),
            Some(("各县区人民政府负责落实，下同", vec!["各县区人民政府"]))
        );
    }

    #[test]
    fn blanket_opener_without_end_marker() {
        let t = "以下工作由各乡镇人民政府负责落实。";
        assert_eq!(
            blanket(t),
            Some(("以下工作由各乡镇人民政府负责落实", vec!["各乡镇人民政府"]))
        );
        assert!(own(t).is_empty());
    }

    #[test]
    fn quantity_below_is_not_a_blanket() {
        let t = "淘汰每小时10蒸吨以下燃煤锅炉，10万元以下项目不再列出。";
        assert!(scan(t, false).blanket.is_none());
    }

    // --- generic --------------------------------------------------------------------------

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

    #[test]
    fn named_lead_with_generic_partners() {
        let t = "（市生态环境局牵头，各县区人民政府负责）";
        let g: Vec<bool> = scan(t, false).own.iter().map(|h| h.generic).collect();
        assert_eq!(g, [false, true]);
    }

    // --- table cells ----------------------------------------------------------------------

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

    // --- robustness -----------------------------------------------------------------------

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
