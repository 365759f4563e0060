//! Load-time checks: names, arity, types, regexes.
//!
//! Two passes. [`resolve`] runs right after parsing and needs no context: it types every
//! node, resolves field slots and functions, compiles regexes and folds constant lists, so
//! that evaluation never looks anything up by name. [`check_condition`] and [`check_value`]
//! then check what depends on where the rule runs: which root names the scope offers, and
//! which lexicons exist.
//!
//! Each pass has its file (`check/resolve.rs`, `check/context.rs`); this one owns the entry
//! points, the type helpers both use and the "did you mean" suggestions.

use std::sync::Arc;

use super::ast::{BinOp, Call, Expr, ExprKind, Path, Root, root_name, scope_root};
use super::functions::{self, Function, Param};
use super::{
    CheckContext, LangError, ObjectKind, RegexFlags, RegexLiteral, Scope, Type, Value, fields,
};

/// Checks an expression used as a `when:` condition: context, and a boolean result.
pub fn check_condition(expr: &Expr, cx: &CheckContext<'_>) -> Result<(), LangError> {
    check_value(expr, cx)?;
    if !matches!(strip(&expr.ty), Type::Bool | Type::Any) {
        return Err(LangError {
            span: expr.span.clone(),
            message: format!("条件的结果应为真或假，这里是{}", type_name(&expr.ty)),
            help: Some(match strip(&expr.ty) {
                Type::String | Type::List(_) | Type::Object(_) => {
                    "判断是否有值请用 has(…)，如 has(task.deadline)".into()
                }
                _ => "写成比较或判断，如 task.deadline.kind == \"vague\"".into(),
            }),
        });
    }
    Ok(())
}

/// Checks an expression used as a value (a `{placeholder}`): the roots it uses must exist in
/// the rule's scope and its lexicons must be defined.
pub fn check_value(expr: &Expr, cx: &CheckContext<'_>) -> Result<(), LangError> {
    context::check(expr, cx)
}

fn err(span: &std::ops::Range<usize>, message: String, help: Option<String>) -> LangError {
    LangError {
        span: span.clone(),
        message,
        help,
    }
}

// ---------------------------------------------------------------------------------------
// Types

/// The type without its `Optional` wrapper.
pub(crate) fn strip(t: &Type) -> &Type {
    match t {
        Type::Optional(inner) => strip(inner),
        other => other,
    }
}

fn optional(t: Type) -> Type {
    match t {
        Type::Optional(_) | Type::Null | Type::Any => t,
        other => Type::Optional(Box::new(other)),
    }
}

fn boolish(t: &Type) -> bool {
    matches!(strip(t), Type::Bool | Type::Any | Type::Null)
}

fn textish(t: &Type) -> bool {
    matches!(strip(t), Type::String | Type::Any | Type::Null)
}

fn dateish(t: &Type) -> bool {
    matches!(strip(t), Type::Date | Type::Any | Type::Null)
}

/// Can values of these types be compared with `==`? Null and `Any` go with everything.
fn comparable(a: &Type, b: &Type) -> bool {
    match (strip(a), strip(b)) {
        (Type::Any | Type::Null, _) | (_, Type::Any | Type::Null) => true,
        (Type::List(x), Type::List(y)) => comparable(x, y),
        (x, y) => x == y,
    }
}

/// The element type of a list type (`Any` when unknown).
fn element(t: &Type) -> Type {
    match strip(t) {
        Type::List(e) => (**e).clone(),
        _ => Type::Any,
    }
}

fn kind_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Doc => "文件",
        ObjectKind::Section => "部分",
        ObjectKind::Task => "任务",
        ObjectKind::Unit => "责任单位",
        ObjectKind::Deadline => "时限",
        ObjectKind::Paragraph => "段落",
        ObjectKind::Sentence => "句子",
        ObjectKind::Match => "匹配",
    }
}

/// A Chinese name for a type: 字符串, 责任单位列表, 日期或 null…
pub fn type_name(t: &Type) -> String {
    match t {
        Type::Bool => "布尔值".into(),
        Type::Number => "数字".into(),
        Type::String => "字符串".into(),
        Type::Date => "日期".into(),
        Type::Regex => "正则表达式".into(),
        Type::Null => "null".into(),
        Type::Any => "任意值".into(),
        Type::List(e) => match **e {
            Type::Any => "列表".into(),
            _ => format!("{}列表", type_name(e)),
        },
        Type::Object(k) => format!("{}对象", kind_name(*k)),
        Type::Optional(inner) => format!("{}或 null", type_name(inner)),
    }
}

// ---------------------------------------------------------------------------------------
// "Did you mean"

/// Edit distance with adjacent transpositions (optimal string alignment), over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut d = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = v;
        }
    }
    d[a.len()][b.len()]
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect()
}

/// The candidate closest to `name`, if close enough to be a typo.
pub(crate) fn did_you_mean<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    if name.chars().count() > 64 {
        return None;
    }
    let squashed = squash(name);
    let allowed = match name.chars().count() {
        0..=2 => 1,
        3..=5 => 1,
        6..=9 => 2,
        _ => 3,
    };
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = if squash(c) == squashed {
            0
        } else {
            edit_distance(name, c)
        };
        if d <= allowed && best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c)
}

mod context;
mod resolve;

pub(crate) use resolve::resolve;

#[cfg(test)]
mod tests {
    use super::{did_you_mean, edit_distance};
    use crate::lang::{
        CheckContext, LangError, Pattern, Scope, compile, compile_pattern, compile_placeholder,
        functions,
    };

    fn has_lexicon(name: &str) -> bool {
        name == "vague-words" || name == "agency-renames" || name == "standard-terms"
    }

    fn cx(scope: Scope) -> CheckContext<'static> {
        CheckContext {
            scope,
            has_lexicon: &has_lexicon,
            defer_regex: false,
        }
    }

    fn fails_in(scope: Scope, src: &str) -> LangError {
        match compile(src, &cx(scope)) {
            Ok(_) => panic!("{src:?} compiled"),
            Err(e) => e,
        }
    }

    fn fails(src: &str) -> LangError {
        fails_in(Scope::Task, src)
    }

    /// Span as the text it covers, message, help.
    fn report(src: &str) -> (String, String, String) {
        let e = fails(src);
        (
            src[e.span.clone()].to_string(),
            e.message,
            e.help.unwrap_or_default(),
        )
    }

    fn r(span: &str, message: &str, help: &str) -> (String, String, String) {
        (span.into(), message.into(), help.into())
    }

    #[test]
    fn unknown_names_suggest_the_closest() {
        assert_eq!(
            report("task.dedline.kind == \"vague\""),
            r(
                "dedline",
                "未知字段“task.dedline”",
                "是否想写“task.deadline”？"
            )
        );
        let e = fails("task.dedline.kind == \"vague\"");
        assert_eq!(e.span, 5..12);
        assert_eq!(
            report("has(task.unit)"),
            r("unit", "未知字段“task.unit”", "是否想写“task.units”？")
        );
        assert_eq!(
            report("task.deadline.knd == \"vague\""),
            r(
                "knd",
                "未知字段“task.deadline.knd”",
                "是否想写“task.deadline.kind”？"
            )
        );
        assert_eq!(
            report("task.zzzzzz"),
            r(
                "zzzzzz",
                "未知字段“task.zzzzzz”",
                "任务的字段有：title、text、marker、line、units、deadline、duplicate_of"
            )
        );
        assert_eq!(
            report("tsak.title == \"x\""),
            r("tsak", "未知名称“tsak”", "是否想写“task”？")
        );
        assert_eq!(
            report("title == \"x\""),
            r("title", "未知名称“title”", "是否想写“task.title”？")
        );
        assert_eq!(
            report("foo == 1"),
            r(
                "foo",
                "未知名称“foo”",
                "task 范围的规则可用：doc、section、task"
            )
        );
        assert_eq!(
            report("any(task.units, it.rol == \"lead\")"),
            r("rol", "未知字段“it.rol”", "是否想写“it.role”？")
        );
        assert_eq!(
            report("any(task.units, iit.role == \"lead\")"),
            r("iit", "未知名称“iit”", "是否想写“it”？")
        );
        assert_eq!(
            report("lenght(task.title) > 3"),
            r("lenght", "未知函数“lenght”", "是否想写“len”？")
        );
        assert_eq!(
            report("length(task.title) > 3"),
            r("length", "未知函数“length”", "是否想写“len”？")
        );
        assert_eq!(
            report("startsWith(task.title, \"x\")"),
            r(
                "startsWith",
                "未知函数“startsWith”",
                "是否想写“starts_with”？"
            )
        );
        let e = fails("frobnicate(1)");
        assert!(e.help.unwrap().starts_with("可用的函数：has、len、count"));
        // Unicode names get the same treatment.
        assert_eq!(report("任务.标题 == 1").1, "未知名称“任务”");
    }

    #[test]
    fn roots_depend_on_the_scope() {
        let e = fails_in(Scope::Document, "task.title == \"x\"");
        assert_eq!(e.span, 0..4);
        assert_eq!(e.message, "document 范围的规则中没有“task”");
        assert_eq!(
            e.help.as_deref(),
            Some("document 范围的规则可用：doc；统计全文中的对象请用 count(task, 条件)")
        );
        assert_eq!(
            fails_in(Scope::Task, "match.text == \"x\"").message,
            "task 范围的规则中没有“match”"
        );
        assert_eq!(
            fails_in(Scope::Paragraph, "task.title == \"x\"").message,
            "paragraph 范围的规则中没有“task”"
        );
        assert!(
            compile(
                "match.text matches /x/ and has(task.units)",
                &cx(Scope::Match)
            )
            .is_ok()
        );
        assert!(compile("paragraph.line > 1", &cx(Scope::Paragraph)).is_ok());
        assert!(compile("sentence.text contains \"的的\"", &cx(Scope::Sentence)).is_ok());
        // count binds the counted scope's root, in any scope.
        assert!(
            compile(
                "doc.kind == \"plan\" and count(task, not has(task.deadline)) > 3",
                &cx(Scope::Document)
            )
            .is_ok()
        );
        assert!(compile("count(paragraph, paragraph.line > 3) > 0", &cx(Scope::Task)).is_ok());
        // ...but only inside the condition.
        let e = fails_in(Scope::Document, "count(task) > 0 and task.line > 1");
        assert_eq!(e.span, 20..24);
        // `it` only inside any/all.
        let e = fails("it.name == \"x\"");
        assert_eq!(
            (e.span, e.message.as_str()),
            (0..2, "“it”只能用在 any、all 的条件里")
        );
        let e = fails("count(task, it.line > 1) > 0");
        assert_eq!(e.span, 12..14);
    }

    #[test]
    fn count_takes_a_scope_name() {
        assert_eq!(
            report("count(tsk) > 1"),
            r(
                "tsk",
                "count 的第一个参数应为范围名：task、section、paragraph、sentence、document",
                "是否想写“task”？"
            )
        );
        assert_eq!(report("count(task.units) > 1").0, "task.units");
        assert_eq!(report("count(match) > 1").0, "match");
        assert_eq!(report("count(\"task\") > 1").0, "\"task\"");
        assert!(compile("count(document) == 1 and count(doc) == 1", &cx(Scope::Task)).is_ok());
        assert!(compile("count(sentence) > count(paragraph)", &cx(Scope::Task)).is_ok());
    }

    #[test]
    fn arity() {
        assert_eq!(
            report("len(task.title, 2) > 1"),
            r(
                "len(task.title, 2)",
                "函数“len”需要 1 个参数，这里有 2 个",
                "用法：len(x)，如 len(task.title) > 60"
            )
        );
        assert_eq!(
            report("count() > 1").1,
            "函数“count”需要 1 到 2 个参数，这里有 0 个"
        );
        assert_eq!(
            report("today(1) > 2020-01-01").1,
            "函数“today”不带参数，这里有 1 个"
        );
        assert_eq!(
            report("any(task.units)").1,
            "函数“any”需要 2 个参数，这里有 1 个"
        );
    }

    #[test]
    fn types() {
        assert_eq!(
            report("task.units == \"x\""),
            r(
                "task.units == \"x\"",
                "不能比较责任单位对象列表与字符串",
                "判断列表中是否有某值请用 contains 或 in；按元素的字段判断请用 any(列表, it.字段 == …)"
            )
        );
        assert_eq!(
            report("len(3) > 1"),
            r(
                "3",
                "函数“len”的参数应为字符串或列表，这里是数字",
                "用法：len(x)，如 len(task.title) > 60"
            )
        );
        assert_eq!(
            report("task.title > 3"),
            r(
                "task.title > 3",
                "“>”不能用于字符串与数字",
                "比较字数或个数请用 len(…)，如 len(task.title) > 60"
            )
        );
        assert_eq!(
            report("task.title matches \"扬尘\""),
            r(
                "\"扬尘\"",
                "“matches”右侧应为正则表达式 /…/，这里是字符串",
                "正则表达式写在两个斜线之间，如 /20[_＿]{2}年/；只判断是否含有某段文字请用 contains"
            )
        );
        assert_eq!(
            report("task.units matches /x/").1,
            "“matches”左侧应为字符串，这里是责任单位对象列表"
        );
        assert_eq!(report("task.line < \"3\"").1, "“<”不能用于数字与字符串");
        assert_eq!(report("task.line > null").1, "“>”不能用于数字与null");
        assert_eq!(
            report("task.deadline.date < \"2025\"").1,
            "“<”不能用于日期或 null与字符串"
        );
        assert_eq!(
            report("task.units contains \"市住建局\"").1,
            "责任单位对象列表中不会有字符串"
        );
        assert_eq!(report("task.line in [\"a\"]").1, "字符串列表中不会有数字");
        assert_eq!(report("\"a\" in 3").1, "“in”右侧应为列表，这里是数字");
        assert_eq!(
            report("task.line contains 3").1,
            "“contains”左侧应为字符串或列表，这里是数字"
        );
        assert_eq!(
            report("task.title contains /x/").1,
            "字符串只能包含字符串，这里是正则表达式"
        );
        assert_eq!(
            report("year(task.title) > 1").1,
            "函数“year”的参数应为日期，这里是字符串"
        );
        assert_eq!(
            report("any(task.title, it == \"x\")").1,
            "函数“any”的第 1 个参数应为列表，这里是字符串"
        );
        assert_eq!(
            report("any(task.units, it.name)").1,
            "“any”需要条件（真或假），这里是字符串"
        );
        assert_eq!(
            report("not task.title"),
            r(
                "task.title",
                "“not”需要条件（真或假），这里是字符串",
                "判断是否有值请用 has(…)，如 has(task.units)"
            )
        );
        assert_eq!(
            report("has(task.units) and task.line").1,
            "“and”需要条件（真或假），这里是数字"
        );
        assert_eq!(
            report("task.units.name == \"x\""),
            r(
                "name",
                "“task.units”是责任单位对象列表，没有字段“name”",
                "检查其中的元素请用 any(task.units, it.name == …) 或 all(…)"
            )
        );
        assert_eq!(
            report("task.title.x == 1").1,
            "“task.title”是字符串，没有字段“x”"
        );
        assert_eq!(report("lexicon(doc.title) == 1").0, "doc.title");
        // What is fine: optional against plain, null, Any, list membership.
        for ok in [
            "task.deadline.date < 2025-06-30",
            "task.deadline.date < doc.date",
            "doc.date == null",
            "null == task.deadline",
            "task.marker == \"（一）\"",
            "task.deadline.kind in [\"vague\", \"ongoing\"]",
            "\"宣传\" in task.title",
            "any([1, \"a\"], it == 1)",
            "[1, null] contains 1",
            "[] == []",
            "doc.sections contains \"tasks\"",
            "len(doc.accountability) == 0",
            "task.title < \"b\"",
            "(task.line > 1) == true",
        ] {
            if let Err(e) = compile(ok, &cx(Scope::Task)) {
                panic!("{ok}: {e:?}");
            }
        }
    }

    #[test]
    fn conditions_must_be_boolean_placeholders_need_not() {
        assert_eq!(
            report("task.title"),
            r(
                "task.title",
                "条件的结果应为真或假，这里是字符串",
                "判断是否有值请用 has(…)，如 has(task.deadline)"
            )
        );
        assert_eq!(report("count(task)").1, "条件的结果应为真或假，这里是数字");
        assert_eq!(report("null").1, "条件的结果应为真或假，这里是null");
        assert!(compile("true", &cx(Scope::Task)).is_ok());
        let p = |s: &str, scope| compile_placeholder(s, &cx(scope));
        assert!(p("task.title", Scope::Task).is_ok());
        assert!(p("task.units", Scope::Task).is_ok());
        assert!(p("count(task, has(task.units))", Scope::Document).is_ok());
        assert!(p("year(doc.date)", Scope::Document).is_ok());
        let e = p("task.title", Scope::Document).unwrap_err();
        assert_eq!(e.message, "document 范围的规则中没有“task”");
        let e = p("task.titel", Scope::Task).unwrap_err();
        assert_eq!(e.help.as_deref(), Some("是否想写“task.title”？"));
    }

    #[test]
    fn regexes_are_compiled_when_loading() {
        let e = fails("task.title matches /a(/");
        assert_eq!(e.span, 19..23);
        assert_eq!(e.message, "正则表达式有误：unclosed group");
        let e = fails("task.title matches /(?=x)/");
        assert!(e.message.starts_with("正则表达式有误："), "{}", e.message);
        let e = fails("task.title matches /扬尘/ig");
        assert_eq!((e.span, e.message.as_str()), (28..29, "未知的正则标志“g”"));
        let e = fails("task.title matches /a{1000}{1000}{1000}/");
        assert!(e.message.starts_with("正则表达式有误"), "{}", e.message);
        assert!(compile("task.title matches /(?i)abc/smx", &cx(Scope::Task)).is_ok());
    }

    #[test]
    fn unknown_lexicon() {
        let e = fails("any(lexicon(\"vauge-words\"), task.text contains it)");
        assert_eq!(e.span, 12..25);
        assert_eq!(e.message, "未定义的词表“vauge-words”");
        assert_eq!(
            e.help.as_deref(),
            Some("在规则包的 lexicons 中定义它，或在 planlint.yaml 的 lexicons 中添加")
        );
        assert!(compile("task.title in lexicon(\"vague-words\")", &cx(Scope::Task)).is_ok());
        assert_eq!(
            report("task.title in lexicon(\"vague\" )").1,
            "未定义的词表“vague”"
        );
    }

    #[test]
    fn patterns() {
        let p = |s: &str| compile_pattern(s, &cx(Scope::Match));
        match p("/20[_＿]{1,2}年/i").unwrap() {
            Pattern::Regex(r) => assert!(r.is_match("20__年")),
            other => panic!("{other:?}"),
        }
        match p("[\"XX\", \"××\"]").unwrap() {
            Pattern::Terms(t) => assert_eq!(t, ["XX", "××"]),
            other => panic!("{other:?}"),
        }
        match p("lexicon(\"agency-renames\")").unwrap() {
            Pattern::Lexicon(name) => assert_eq!(name, "agency-renames"),
            other => panic!("{other:?}"),
        }
        let e = p("lexicon(\"nope\")").unwrap_err();
        assert_eq!((e.span, e.message.as_str()), (8..14, "未定义的词表“nope”"));
        assert_eq!(
            p("\"XX\"").unwrap_err().message,
            "match 应为正则表达式、词语列表或词表"
        );
        assert_eq!(
            p("task.title").unwrap_err().message,
            "match 应为正则表达式、词语列表或词表"
        );
        assert_eq!(p("[]").unwrap_err().message, "词语列表为空");
        assert_eq!(
            p("[\"a\", \"\"]").unwrap_err().message,
            "词语列表中有空字符串"
        );
        assert_eq!(p("[1]").unwrap_err().message, "词语列表只能包含字符串");
        let e = p("/a*/").unwrap_err();
        assert_eq!(e.message, "这个正则表达式能匹配空文本，会在每个位置都报告");
        assert!(p("/a(/").is_err());
        assert!(p("").is_err());
    }

    #[test]
    fn every_documented_example_compiles() {
        for f in functions::table() {
            assert!(!f.doc.is_empty() && !f.signature.is_empty());
            assert!(f.signature.starts_with(f.name), "{}", f.name);
            assert!(f.example.contains(&format!("{}(", f.name)), "{}", f.name);
            if let Err(e) = compile(f.example, &cx(Scope::Match)) {
                panic!("{}: {e:?}", f.example);
            }
        }
        // The examples of the module documentation.
        for (scope, src) in [
            (Scope::Task, "not has(task.units)"),
            (
                Scope::Task,
                "task.deadline.kind == \"vague\" or task.deadline.kind in [\"ongoing\"]",
            ),
            (
                Scope::Document,
                "doc.kind == \"plan\" and count(task, not has(task.deadline)) > 3",
            ),
            (
                Scope::Task,
                "any(task.units, it.role == \"lead\" and not it.generic)",
            ),
            (Scope::Match, "match.text matches /20[_＿]{1,2}年/i"),
        ] {
            compile(src, &cx(scope)).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        }
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("task", "task"), 0);
        assert_eq!(edit_distance("tsak", "task"), 1);
        assert_eq!(edit_distance("dedline", "deadline"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("责任", "责任单位"), 2);
        assert_eq!(did_you_mean("tsak", ["doc", "task"]), Some("task"));
        assert_eq!(did_you_mean("xyz", ["doc", "task"]), None);
        assert_eq!(
            did_you_mean("starts-with", ["starts_with"]),
            Some("starts_with")
        );
        assert_eq!(did_you_mean(&"a".repeat(10_000), ["a"]), None);
    }
}
