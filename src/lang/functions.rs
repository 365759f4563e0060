//! The one table of functions: name, signature, Chinese documentation, example, the parameter
//! and result kinds the checker reads, and the implementation the evaluator calls.
//!
//! Implementations receive their arguments unevaluated, so that `any`, `all` and `count` can
//! evaluate their condition once per element with the element bound.

use std::ops::{ControlFlow, Range};

use super::ast::{Expr, ExprKind, FuncId, scope_root};
use super::eval::{Ctx, Impl};
use super::{EvalError, Text, Type, Value};

/// What a parameter accepts; the checker enforces it when a pack is loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// Any value.
    Any,
    /// A string (or null).
    Text,
    /// A string or a list (or null).
    TextOrList,
    /// A date (or null).
    Date,
    /// A list (or null); a following [`Param::Predicate`] binds `it` to its elements.
    List,
    /// A condition evaluated once per element of the preceding list, with `it` bound.
    Predicate,
    /// A scope name written as is: `task`, `section`, `paragraph`, `sentence`, `document`.
    Scope,
    /// A condition evaluated once per item of the preceding scope, the scope's root name
    /// (`task`, `section`…) bound to the item.
    ScopeCondition,
    /// A lexicon name as a string literal, checked against the pack's lexicons.
    LexiconName,
}

/// What a function returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Returns {
    Bool,
    Number,
    Text,
    Date,
    TextList,
}

impl Returns {
    pub fn ty(self) -> Type {
        match self {
            Returns::Bool => Type::Bool,
            Returns::Number => Type::Number,
            Returns::Text => Type::String,
            Returns::Date => Type::Date,
            Returns::TextList => Type::List(Box::new(Type::String)),
        }
    }
}

/// A function rules may call.
#[derive(Debug, Clone, Copy)]
pub struct Function {
    pub name: &'static str,
    pub signature: &'static str,
    pub doc: &'static str,
    pub example: &'static str,
    /// Parameters in order; the first `required` must be given.
    pub params: &'static [Param],
    pub required: usize,
    pub returns: Returns,
    pub(crate) imp: Impl,
}

impl Function {
    /// "0 个参数", "1 个参数", "1 到 2 个参数".
    pub fn arity_text(&self) -> String {
        match (self.required, self.params.len()) {
            (a, b) if a == b => format!("{a} 个参数"),
            (a, b) => format!("{a} 到 {b} 个参数"),
        }
    }
}

static FUNCTIONS: [Function; 15] = [
    Function {
        name: "has",
        signature: "has(x)",
        doc: "x 是否有值：不为 null；字符串和列表还须非空。",
        example: "not has(task.units)",
        params: &[Param::Any],
        required: 1,
        returns: Returns::Bool,
        imp: has,
    },
    Function {
        name: "len",
        signature: "len(x)",
        doc: "字符串的字数（按字符计）或列表的元素个数；null 为 0。",
        example: "len(task.title) > 60",
        params: &[Param::TextOrList],
        required: 1,
        returns: Returns::Number,
        imp: len,
    },
    Function {
        name: "count",
        signature: "count(范围) 或 count(范围, 条件)",
        doc: "全文中某一范围（task、section、paragraph、sentence、document）的对象个数；\
              给出条件时只数满足条件的，条件里用范围名（如 task）指代被数的每一个对象。",
        example: "count(task, not has(task.deadline)) > 3",
        params: &[Param::Scope, Param::ScopeCondition],
        required: 1,
        returns: Returns::Number,
        imp: count,
    },
    Function {
        name: "any",
        signature: "any(列表, 条件)",
        doc: "列表中是否至少有一个元素满足条件；条件里用 it 指代元素。空列表或 null 为假。",
        example: "any(task.units, it.role == \"lead\" and not it.generic)",
        params: &[Param::List, Param::Predicate],
        required: 2,
        returns: Returns::Bool,
        imp: any,
    },
    Function {
        name: "all",
        signature: "all(列表, 条件)",
        doc: "列表中是否每个元素都满足条件；条件里用 it 指代元素。空列表或 null 为真。",
        example: "all(task.units, it.generic)",
        params: &[Param::List, Param::Predicate],
        required: 2,
        returns: Returns::Bool,
        imp: all,
    },
    Function {
        name: "lexicon",
        signature: "lexicon(\"词表名\")",
        doc: "规则包（lexicons）或 planlint.yaml 中定义的词表，是一个字符串列表。\
              词表名须写成字符串，加载规则时检查它是否存在。",
        example: "any(lexicon(\"vague-words\"), task.text contains it)",
        params: &[Param::LexiconName],
        required: 1,
        returns: Returns::TextList,
        imp: lexicon,
    },
    Function {
        name: "near_misses",
        signature: "near_misses(lexicon(\"词表名\"))",
        doc: "用在 match: 中：查找与词表中标准提法字数相同、只差一个字（八字以上的差两个字）、\
              其余都相同的写法，如“党风廉正建设”；match.value 是对应的标准提法。\
              首尾字不同的不算（多是另一个词）。写作 match: near_misses(lexicon(\"standard-terms\"))；\
              在条件中即为词表本身。",
        example: "not (match.text in near_misses(lexicon(\"standard-terms\")))",
        params: &[Param::List],
        required: 1,
        returns: Returns::TextList,
        imp: identity_list,
    },
    Function {
        name: "altered_phrases",
        signature: "altered_phrases(lexicon(\"词表名\"))",
        doc: "用在 match: 中：查找词表中固定表述的改写形——其中一个词被换成近义词（排污许可证→排污允许证），\
              或一两个字被换成形近字、音近字（覆盖→复盖），且改写形本身不是词典中的词；\
              match.value 是对应的标准表述。写作 match: altered_phrases(lexicon(\"set-phrases\"))；\
              在条件中即为词表本身。",
        example: "not (match.text in altered_phrases(lexicon(\"standard-terms\")))",
        params: &[Param::List],
        required: 1,
        returns: Returns::TextList,
        imp: identity_list,
    },
    Function {
        name: "today",
        signature: "today()",
        doc: "今天的日期；可用 --today 指定，便于复查旧文件。",
        example: "task.deadline.date < today()",
        params: &[],
        required: 0,
        returns: Returns::Date,
        imp: today,
    },
    Function {
        name: "year",
        signature: "year(日期)",
        doc: "日期的年份；null 得 null。",
        example: "year(task.deadline.date) > doc.year",
        params: &[Param::Date],
        required: 1,
        returns: Returns::Number,
        imp: year,
    },
    Function {
        name: "month",
        signature: "month(日期)",
        doc: "日期的月份（1–12）；null 得 null。",
        example: "month(doc.date) == 12",
        params: &[Param::Date],
        required: 1,
        returns: Returns::Number,
        imp: month,
    },
    Function {
        name: "lower",
        signature: "lower(字符串)",
        doc: "把字符串中的字母转为小写（汉字不变），用于不区分大小写的比较；null 得 null。",
        example: "lower(match.text) == \"ppp\"",
        params: &[Param::Text],
        required: 1,
        returns: Returns::Text,
        imp: lower,
    },
    Function {
        name: "starts_with",
        signature: "starts_with(字符串, 开头)",
        doc: "字符串是否以给定文字开头；任一为 null 时为假。",
        example: "starts_with(task.title, \"加强\")",
        params: &[Param::Text, Param::Text],
        required: 2,
        returns: Returns::Bool,
        imp: starts_with,
    },
    Function {
        name: "ends_with",
        signature: "ends_with(字符串, 结尾)",
        doc: "字符串是否以给定文字结尾；任一为 null 时为假。",
        example: "ends_with(doc.title, \"实施方案\")",
        params: &[Param::Text, Param::Text],
        required: 2,
        returns: Returns::Bool,
        imp: ends_with,
    },
    Function {
        name: "replace",
        signature: "replace(字符串, 原文字, 新文字)",
        doc: "把字符串中的原文字全部换成新文字；常用于修复模板，如把匹配到的“查,”改为“查，”。",
        example: "replace(match.text, \",\", \"，\") != match.text",
        params: &[Param::Text, Param::Text, Param::Text],
        required: 3,
        returns: Returns::Text,
        imp: replace,
    },
];

/// Every function, in the order `rules explain` lists them.
pub fn table() -> &'static [Function] {
    &FUNCTIONS
}

/// The function called `name`.
pub fn lookup(name: &str) -> Option<&'static Function> {
    FUNCTIONS.iter().find(|f| f.name == name)
}

/// The table entry of the function called `name`.
pub fn lookup_id(name: &str) -> Option<FuncId> {
    FUNCTIONS.iter().position(|f| f.name == name).map(FuncId)
}

/// The table entry `id` stands for.
pub fn function(id: FuncId) -> &'static Function {
    &FUNCTIONS[id.0]
}

/// The implementation of entry `id`: the evaluator's [`super::eval::Dispatch`].
pub(crate) fn implementation(id: FuncId) -> Impl {
    FUNCTIONS[id.0].imp
}

/// Names people reach for from other languages, and the function they mean.
pub(crate) const ALIASES: &[(&str, &str)] = &[
    ("length", "len"),
    ("size", "len"),
    ("exists", "has"),
    ("defined", "has"),
    ("some", "any"),
    ("every", "all"),
    ("now", "today"),
    ("lowercase", "lower"),
    ("startswith", "starts_with"),
    ("endswith", "ends_with"),
];

fn arg<'e>(args: &'e [Expr], i: usize, span: &Range<usize>) -> Result<&'e Expr, EvalError> {
    args.get(i).ok_or_else(|| EvalError {
        span: span.clone(),
        message: format!("缺少第 {} 个参数", i + 1),
    })
}

fn type_error(e: &Expr, what: &str, v: &Value) -> EvalError {
    EvalError {
        span: e.span.clone(),
        message: format!("{what}，这里是{}", super::value_kind(v)),
    }
}

fn has(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    cx.with(arg(args, 0, span)?, |v| {
        Ok(Value::Bool(match v {
            Value::Null => false,
            Value::Str(s) => !s.is_empty(),
            Value::List(l) => !l.is_empty(),
            _ => true,
        }))
    })
}

fn len(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let x = arg(args, 0, span)?;
    cx.with(x, |v| match v {
        Value::Null => Ok(Value::Number(0.0)),
        Value::Str(s) => Ok(Value::Number(s.chars().count() as f64)),
        Value::List(l) => Ok(Value::Number(l.len() as f64)),
        other => Err(type_error(x, "len 的参数应为字符串或列表", other)),
    })
}

fn count(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let first = arg(args, 0, span)?;
    let ExprKind::Scope(scope) = first.kind else {
        return Err(EvalError {
            span: first.span.clone(),
            message: "count 的第一个参数应为范围名".into(),
        });
    };
    let n = match args.get(1) {
        None => cx.env().count_items(scope),
        Some(cond) => {
            let root = scope_root(scope);
            let mut n = 0;
            let mut failed = None;
            cx.env().each_item(scope, &mut |item| {
                match cx.bind_root(root, item).test(cond) {
                    Ok(true) => n += 1,
                    Ok(false) => {}
                    Err(e) => {
                        failed = Some(e);
                        return ControlFlow::Break(());
                    }
                }
                ControlFlow::Continue(())
            });
            if let Some(e) = failed {
                return Err(e);
            }
            n
        }
    };
    Ok(Value::Number(n as f64))
}

/// `any` (`want == true`) and `all` (`want == false`): stop at the first element whose
/// condition is `want`.
fn quantify(
    cx: &Ctx<'_>,
    args: &[Expr],
    span: &Range<usize>,
    want: bool,
) -> Result<Value, EvalError> {
    let list = arg(args, 0, span)?;
    let cond = arg(args, 1, span)?;
    cx.with(list, |v| match v {
        Value::Null => Ok(Value::Bool(!want)),
        Value::List(items) => {
            for item in items.iter() {
                if cx.bind_it(item).test(cond)? == want {
                    return Ok(Value::Bool(want));
                }
            }
            Ok(Value::Bool(!want))
        }
        other => Err(type_error(list, "第一个参数应为列表", other)),
    })
}

fn any(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    quantify(cx, args, span, true)
}

fn all(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    quantify(cx, args, span, false)
}

fn identity_list(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let list = arg(args, 0, span)?;
    cx.with(list, |v| Ok(v.clone()))
}

fn lexicon(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let name_expr = arg(args, 0, span)?;
    cx.with(name_expr, |v| {
        let Value::Str(name) = v else {
            return Err(type_error(name_expr, "词表名应为字符串", v));
        };
        cx.env().lexicon(name).ok_or_else(|| EvalError {
            span: name_expr.span.clone(),
            message: format!("未定义的词表“{name}”"),
        })
    })
}

fn today(cx: &Ctx<'_>, _args: &[Expr], _span: &Range<usize>) -> Result<Value, EvalError> {
    Ok(Value::Date(cx.env().today()))
}

fn date_part(
    cx: &Ctx<'_>,
    args: &[Expr],
    span: &Range<usize>,
    part: fn(&super::Date) -> f64,
) -> Result<Value, EvalError> {
    let x = arg(args, 0, span)?;
    cx.with(x, |v| match v {
        Value::Null => Ok(Value::Null),
        Value::Date(d) => Ok(Value::Number(part(d))),
        other => Err(type_error(x, "参数应为日期", other)),
    })
}

fn year(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    date_part(cx, args, span, |d| f64::from(d.year))
}

fn month(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    date_part(cx, args, span, |d| f64::from(d.month))
}

fn lower(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let x = arg(args, 0, span)?;
    cx.with(x, |v| match v {
        Value::Null => Ok(Value::Null),
        Value::Str(s) => Ok(Value::Str(Text::from(s.to_lowercase()))),
        other => Err(type_error(x, "lower 的参数应为字符串", other)),
    })
}

fn replace(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    let (a, b, c) = (
        arg(args, 0, span)?,
        arg(args, 1, span)?,
        arg(args, 2, span)?,
    );
    cx.with(a, |s| {
        cx.with(b, |from| {
            cx.with(c, |to| match (s, from, to) {
                (Value::Null, _, _) => Ok(Value::Null),
                // Fix templates chain replacements of characters most matches lack
                // (`replace(replace(match.text, ",", "，"), " ", "")`): those share the text
                // instead of copying it twice.
                (Value::Str(s), Value::Str(from), Value::Str(_)) if !s.contains(&**from) => {
                    Ok(Value::Str(s.clone()))
                }
                (Value::Str(s), Value::Str(from), Value::Str(to)) if !from.is_empty() => {
                    Ok(Value::Str(Text::from(s.replace(&**from, to))))
                }
                (Value::Str(s), Value::Str(_), Value::Str(_)) => Ok(Value::Str(s.clone())),
                (Value::Str(_), Value::Str(_), other) => {
                    Err(type_error(c, "参数应为字符串", other))
                }
                (Value::Str(_), other, _) => Err(type_error(b, "参数应为字符串", other)),
                (other, _, _) => Err(type_error(a, "参数应为字符串", other)),
            })
        })
    })
}

fn affix(
    cx: &Ctx<'_>,
    args: &[Expr],
    span: &Range<usize>,
    test: fn(&str, &str) -> bool,
) -> Result<Value, EvalError> {
    let (a, b) = (arg(args, 0, span)?, arg(args, 1, span)?);
    cx.with(a, |s| {
        cx.with(b, |t| match (s, t) {
            (Value::Str(s), Value::Str(t)) => Ok(Value::Bool(test(s, t))),
            (Value::Null, _) | (_, Value::Null) => Ok(Value::Bool(false)),
            (Value::Str(_), other) => Err(type_error(b, "参数应为字符串", other)),
            (other, _) => Err(type_error(a, "参数应为字符串", other)),
        })
    })
}

fn starts_with(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    affix(cx, args, span, |s, t| s.starts_with(t))
}

fn ends_with(cx: &Ctx<'_>, args: &[Expr], span: &Range<usize>) -> Result<Value, EvalError> {
    affix(cx, args, span, |s, t| s.ends_with(t))
}

#[cfg(test)]
mod tests {
    use super::{ALIASES, lookup, table};

    #[test]
    fn table_is_consistent() {
        let names: Vec<&str> = table().iter().map(|f| f.name).collect();
        for (i, n) in names.iter().enumerate() {
            assert!(!names[..i].contains(n), "{n} twice");
            assert!(lookup(n).is_some());
        }
        for f in table() {
            assert!(f.required <= f.params.len(), "{}", f.name);
            assert!(
                f.doc
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
            );
        }
        for (alias, target) in ALIASES {
            assert!(
                lookup(alias).is_none() && lookup(target).is_some(),
                "{alias}"
            );
        }
        assert_eq!(lookup("count").unwrap().arity_text(), "1 到 2 个参数");
        assert_eq!(lookup("has").unwrap().arity_text(), "1 个参数");
    }
}
