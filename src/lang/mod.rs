//! The rule expression language: `when:` conditions, `{field}` placeholders and `match:`
//! patterns of rule packs.
//!
//! ```text
//! not has(task.units)
//! task.deadline.kind == "vague" or task.deadline.kind in ["ongoing"]
//! doc.kind == "plan" and count(task, not has(task.deadline)) > 3
//! any(task.units, it.role == "lead" and not it.generic)
//! match.text matches /20[_＿]{1,2}年/i
//! ```
//!
//! Source positions inside an expression are byte offsets into the expression text; the rule
//! loader shifts them into the YAML file. `parser.rs` is the only file that sees pest types.

mod anchored_head;
pub mod ast;
pub mod check;
pub mod eval;
pub mod functions;
pub mod hoist;
mod parser;
mod regex_literal;
mod value;

use std::fmt;
use std::ops::{ControlFlow, Range};
use std::sync::Arc;

pub use ast::Expr;
pub use regex_literal::{Flags as RegexFlags, RegexLiteral, RegexTable};
pub use value::{Object, Text, Value, display};
pub(crate) use value::{display_into, value_kind};

/// Where a rule runs; decides which root names (`doc`, `section`, `task`, `match`…) a
/// condition may use and what `count(scope)` counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Document,
    Section,
    Task,
    Paragraph,
    Sentence,
    Match,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Document => "document",
            Scope::Section => "section",
            Scope::Task => "task",
            Scope::Paragraph => "paragraph",
            Scope::Sentence => "sentence",
            Scope::Match => "match",
        }
    }

    /// The root names a condition of this scope may use. `doc` is always there.
    pub fn roots(self) -> &'static [&'static str] {
        match self {
            Scope::Document => &["doc"],
            Scope::Section => &["doc", "section"],
            Scope::Task => &["doc", "section", "task"],
            Scope::Paragraph => &["doc", "section", "paragraph"],
            Scope::Sentence => &["doc", "section", "sentence"],
            Scope::Match => &["doc", "section", "task", "paragraph", "match"],
        }
    }
}

/// The kinds of object a field path walks through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ObjectKind {
    Doc,
    Section,
    Task,
    Unit,
    Deadline,
    Paragraph,
    Sentence,
    Match,
}

/// Static types, checked when a pack is loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Bool,
    Number,
    String,
    Date,
    Regex,
    Null,
    /// Unknown until run time (a list literal mixing types, a null literal in a comparison).
    Any,
    List(Box<Type>),
    Object(ObjectKind),
    /// May be null: a path through an optional field (`task.deadline`, `doc.date`).
    Optional(Box<Type>),
}

/// One field of an object: its name, type and the Chinese explanation `rules explain` shows.
#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub ty: Type,
    pub doc: &'static str,
}

/// The fields of each object kind: the one table the checker, the engine (which fills
/// [`Object`]s in this order) and the documentation read.
pub fn fields(kind: ObjectKind) -> Vec<Field> {
    use Type::*;
    let f = |name, ty, doc| Field { name, ty, doc };
    let opt = |t: Type| Optional(Box::new(t));
    match kind {
        ObjectKind::Doc => vec![
            f(
                "title",
                opt(String),
                "文件标题（有印发通知时为方案本身的标题）",
            ),
            f(
                "kind",
                String,
                "文件类型：plan、notice、opinion、report、speech、other",
            ),
            f("date", opt(Date), "成文日期"),
            f(
                "year",
                opt(Number),
                "方案年度（取自成文日期、标题或发文字号）",
            ),
            f(
                "doc_number",
                opt(String),
                "发文字号，如“宁政办发〔2025〕9号”",
            ),
            f("date_text", opt(String), "成文日期原文，如“2025年3月20日”"),
            f("text", String, "全文"),
            f("path", String, "文件路径"),
            f(
                "accountability",
                List(Box::new(String)),
                "问责条款（约谈、通报批评、问责等语句）",
            ),
            f("targets", List(Box::new(String)), "目标部分中的量化指标"),
            f(
                "sections",
                List(Box::new(String)),
                "各部分的类型（targets、tasks、safeguards、steps、other）：各一级部分的，以及点明用途的下级标题（如“一、总体要求”下的“（二）工作目标”）的",
            ),
        ],
        ObjectKind::Section => vec![
            f("title", String, "一级标题，如“三、重点任务”"),
            f(
                "kind",
                String,
                "部分类型：targets、tasks、safeguards、steps、other",
            ),
            f("text", String, "该部分全文"),
        ],
        ObjectKind::Task => vec![
            f("title", String, "任务标题"),
            f("text", String, "任务全文"),
            f("marker", opt(String), "任务序号，如“1.”“（三）”"),
            f("line", Number, "任务所在行"),
            f(
                "units",
                List(Box::new(Object(ObjectKind::Unit))),
                "责任单位列表",
            ),
            f(
                "deadline",
                opt(Object(ObjectKind::Deadline)),
                "完成时限（无则为 null）",
            ),
            f(
                "duplicate_of",
                opt(Number),
                "与本任务标题相同的前一项任务所在行（无则为 null）",
            ),
        ],
        ObjectKind::Unit => vec![
            f("name", String, "单位名称"),
            f(
                "role",
                String,
                "角色：lead（牵头）、support（配合）、responsible（负责）",
            ),
            f("source", String, "来源：own（本条写明）、inherited（承前）"),
            f("generic", Bool, "是否泛指（各有关部门等）"),
        ],
        ObjectKind::Deadline => vec![
            f("text", String, "时限原文"),
            f("kind", String, "时限类型：date、recurring、ongoing、vague"),
            f("date", opt(Date), "时限对应日期"),
            f("source", String, "来源：own、inherited"),
        ],
        ObjectKind::Paragraph => vec![
            f("text", String, "原文"),
            f("line", Number, "所在行"),
            f(
                "marker",
                opt(String),
                "段首序号，如“一、”“（三）”“1.”（无则为 null）",
            ),
            f(
                "heading",
                Bool,
                "是否为单独成行的标题（带序号、其下还有下级序号的段落）",
            ),
            f(
                "numbering",
                opt(String),
                "序号问题：skipped（跳号）、repeated（重号）、order（层级顺序错）；无问题为 null",
            ),
            f("expected", opt(String), "按顺序此处应为的序号，如“（三）”"),
        ],
        ObjectKind::Sentence => vec![f("text", String, "原文"), f("line", Number, "所在行")],
        ObjectKind::Match => vec![
            f("text", String, "匹配到的原文"),
            f("line", Number, "所在行"),
            f(
                "value",
                opt(String),
                "词表条目“词 => 替换”中的替换部分；近似提法规则中为标准提法",
            ),
            f("year", opt(Number), "词表条目“词 => 替换 @年份”中的年份"),
            f("before", String, "同一段中匹配之前的文字（至多 12 个字）"),
            f("after", String, "同一段中匹配之后的文字（至多 12 个字）"),
            f("quoted", Bool, "是否在书名号《》内（引用的文件题名）"),
        ],
    }
}

/// The object a root name stands for.
pub fn root_kind(name: &str) -> Option<ObjectKind> {
    Some(match name {
        "doc" => ObjectKind::Doc,
        "section" => ObjectKind::Section,
        "task" => ObjectKind::Task,
        "paragraph" => ObjectKind::Paragraph,
        "sentence" => ObjectKind::Sentence,
        "match" => ObjectKind::Match,
        _ => return None,
    })
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD`.
    pub fn parse(s: &str) -> Option<Date> {
        // The form every extracted deadline has, read digit by digit: a re-check compares
        // the date of every task's deadline.
        if let &[y1, y2, y3, y4, b'-', m1, m2, b'-', d1, d2] = s.as_bytes()
            && [y1, y2, y3, y4, m1, m2, d1, d2]
                .iter()
                .all(u8::is_ascii_digit)
        {
            let n = |digits: &[u8]| digits.iter().fold(0, |n, d| n * 10 + u32::from(d - b'0'));
            let (month, day) = (n(&[m1, m2]), n(&[d1, d2]));
            let year = n(&[y1, y2, y3, y4]) as i32;
            return ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date {
                year,
                month,
                day,
            });
        }
        let mut it = s.splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// What an expression can see while it runs. The engine implements it per document.
pub trait Env {
    /// The value of a root name (`doc`, `task`, …) in the current context, `None` if unbound.
    fn root(&self, name: &str) -> Option<Value>;
    /// The same value borrowed, when the environment holds it: a path then reads its fields
    /// without a clone of the root and a look-up by name. `None` falls back to [`Env::root`].
    fn root_ref(&self, _kind: ObjectKind) -> Option<&Value> {
        None
    }
    /// Calls `visit` with every object of a scope in the document, in document order, until
    /// it breaks; for `count(task, …)`. The objects may be built for the visit and dropped
    /// after it: those of a large document are not all kept at once.
    fn each_item(&self, scope: Scope, visit: &mut dyn FnMut(&Value) -> ControlFlow<()>);
    /// How many objects a scope has, for `count(task)`, without building them.
    fn count_items(&self, scope: Scope) -> usize;
    /// A named word list of the pack or the config, for `lexicon("…")`.
    fn lexicon(&self, name: &str) -> Option<Value>;
    /// The date rules take as today (`--today`).
    fn today(&self) -> Date;
    /// Where values that are the same for every item of the document are kept; `None`
    /// evaluates everything where it stands (the reference path the tests compare with).
    fn cache(&self) -> Option<&eval::DocCache> {
        None
    }
    /// Answers to `matches` kept from earlier evaluations, where the environment keeps them.
    fn regex_answers(&self) -> Option<&eval::RegexAnswers> {
        None
    }
}

/// What the checker needs to know about the context an expression will run in.
pub struct CheckContext<'a> {
    pub scope: Scope,
    /// Is this a lexicon name the pack or config defines?
    pub has_lexicon: &'a dyn Fn(&str) -> bool,
    /// Compile regex literals on first use rather than now (see [`RegexLiteral`]): for the built-in
    /// packs, whose every literal a test compiles.
    pub defer_regex: bool,
}

/// A problem in an expression, with the byte range it concerns (in the expression text).
/// Messages are Chinese: they are read by whoever wrote the rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LangError {
    pub span: Range<usize>,
    pub message: String,
    pub help: Option<String>,
}

/// A failure while evaluating (a regex over a non-string, a date out of range…); the engine
/// reports it and treats the rule as not firing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError {
    pub span: Range<usize>,
    pub message: String,
}

/// What a `match:` key holds: a regex literal, a list of terms, or `lexicon("name")`.
#[derive(Debug, Clone)]
pub enum Pattern {
    Regex(Arc<RegexLiteral>),
    Terms(Vec<String>),
    Lexicon(String),
    /// `near_misses(lexicon("…"))`
    NearMisses(String),
    /// `altered_phrases(lexicon("…"))`
    AlteredPhrases(String),
}

/// Parses and checks a `when:` condition: it must be boolean.
pub fn compile(src: &str, cx: &CheckContext<'_>) -> Result<Expr, LangError> {
    let mut expr = parser::parse_in(src, cx.defer_regex)?;
    check::check_condition(&expr, cx)?;
    hoist::hoist(&mut expr)?;
    Ok(expr)
}

/// Parses and checks a `{placeholder}` of a message: a field path or any expression.
pub fn compile_placeholder(src: &str, cx: &CheckContext<'_>) -> Result<Expr, LangError> {
    let mut expr = parser::parse_in(src, cx.defer_regex)?;
    check::check_value(&expr, cx)?;
    hoist::hoist(&mut expr)?;
    Ok(expr)
}

/// Parses a `match:` value.
pub fn compile_pattern(src: &str, cx: &CheckContext<'_>) -> Result<Pattern, LangError> {
    parser::parse_pattern(src, cx)
}

/// Evaluates a compiled expression.
pub fn evaluate(expr: &Expr, env: &dyn Env) -> Result<Value, EvalError> {
    eval::eval(expr, env, functions::implementation)
}

/// Evaluates a compiled condition; `Ok(false)` for a null result.
pub fn eval_condition(expr: &Expr, env: &dyn Env) -> Result<bool, EvalError> {
    Ok(matches!(evaluate(expr, env)?, Value::Bool(true)))
}

/// Evaluates a placeholder and renders it as text (null renders as “”).
pub fn render(expr: &Expr, env: &dyn Env) -> Result<String, EvalError> {
    Ok(display(&evaluate(expr, env)?))
}

/// [`render`] appended to `out`, which is left as it was on an error. A field path is
/// displayed where it stands, without a copy of its value or a string of its own: messages
/// are rendered for every finding.
pub fn render_into(expr: &Expr, env: &dyn Env, out: &mut String) -> Result<(), EvalError> {
    eval::Ctx::new(env, functions::implementation).with(expr, |v| {
        display_into(v, out);
        Ok(())
    })
}

/// Whether every one of `conjuncts` holds, tested in order as `and` tests them: what
/// [`test_condition`] gives for their conjunction.
pub fn test_all(conjuncts: &[Expr], env: &dyn Env) -> Result<bool, EvalError> {
    let cx = eval::Ctx::new(env, functions::implementation);
    for c in conjuncts {
        if !cx.test(c)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// [`eval_condition`] without building the condition's value: `Ok(false)` for a null result,
/// and an error for a result that is no boolean (which `eval_condition` reads as false).
pub fn test_condition(expr: &Expr, env: &dyn Env) -> Result<bool, EvalError> {
    eval::Ctx::new(env, functions::implementation).test(expr)
}

#[cfg(test)]
mod tests {
    use super::Date;

    /// What `Date::parse` answered before it read the usual form digit by digit.
    fn parsed_by_parts(s: &str) -> Option<Date> {
        let mut it = s.splitn(3, '-');
        let year = it.next()?.parse().ok()?;
        let month = it.next()?.parse().ok()?;
        let day = it.next()?.parse().ok()?;
        ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(Date { year, month, day })
    }

    /// Deadlines as extraction writes them, out-of-range months and days, short and signed
    /// parts, and strings of the same length that are no date, on generated strings too.
    #[test]
    fn a_date_reads_the_same_whichever_way_it_is_parsed() {
        let fixed = [
            "2025-06-30",
            "2025-12-31",
            "2026-02-31",
            "2025-13-01",
            "2025-00-10",
            "2025-06-00",
            "2025-06-32",
            "0000-01-01",
            "2025-6-30",
            "2025-06-3",
            "+2025-06-3",
            "-025-06-30",
            "2025/06/30",
            "2025-06-3x",
            "２０２５-06-30",
            "",
        ];
        for s in fixed {
            assert_eq!(Date::parse(s), parsed_by_parts(s), "{s:?}");
        }
        const CHARS: &[u8] = b"0123456789-+x";
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut dates = 0;
        for _ in 0..20_000 {
            let s: String = (0..10)
                .map(|i| {
                    x ^= x << 13;
                    x ^= x >> 7;
                    x ^= x << 17;
                    // Mostly digits, with the dashes mostly where a date has them.
                    match (i, x % 16) {
                        (4 | 7, 0..=13) => '-',
                        (5, 0..=13) => char::from(b'0' + (x % 2) as u8),
                        (8, 0..=13) => char::from(b'0' + (x % 4) as u8),
                        (_, 0..=11) => char::from(b'0' + (x % 10) as u8),
                        _ => char::from(CHARS[(x as usize / 16) % CHARS.len()]),
                    }
                })
                .collect();
            let parsed = Date::parse(&s);
            assert_eq!(parsed, parsed_by_parts(&s), "{s:?}");
            dates += usize::from(parsed.is_some());
        }
        assert!(dates > 3_000, "{dates}");
    }
}
