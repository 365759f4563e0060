//! Text → [`Expr`] with pest (grammar in `grammar/rule.pest`) and a Pratt parser.
//!
//! This is the only file that sees pest types. Parse errors are converted here into
//! [`LangError`]s with byte spans (pest's own `Display` misplaces its caret after CJK text)
//! and Chinese messages that describe the grammar's rules in words.

use std::ops::Range;
use std::sync::LazyLock;

use pest::Parser as _;
use pest::error::{ErrorVariant, InputLocation};
use pest::iterators::Pair;
use pest::pratt_parser::{Assoc, Op, PrattParser};

use super::ast::{BinOp, Call, Expr, ExprKind, Path, Root, Step};
use super::check;
use super::{CheckContext, Date, LangError, Pattern, Text, Value};

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/rule.pest"]
struct RuleParser;

/// How deeply brackets may nest, and how many `not` an expression may hold. Checked before
/// pest runs: its recursive descent, the Pratt fold and the checker would otherwise overflow
/// the stack on hostile input such as 10 000 `(`.
pub(crate) const MAX_DEPTH: usize = 64;

/// Precedence, lowest first: or < and < not < comparisons.
static PRATT: LazyLock<PrattParser<Rule>> = LazyLock::new(|| {
    PrattParser::new()
        .op(Op::infix(Rule::or_op, Assoc::Left))
        .op(Op::infix(Rule::and_op, Assoc::Left))
        .op(Op::prefix(Rule::not_op))
        .op(Op::infix(Rule::eq_op, Assoc::Left)
            | Op::infix(Rule::ne_op, Assoc::Left)
            | Op::infix(Rule::lt_op, Assoc::Left)
            | Op::infix(Rule::le_op, Assoc::Left)
            | Op::infix(Rule::gt_op, Assoc::Left)
            | Op::infix(Rule::ge_op, Assoc::Left)
            | Op::infix(Rule::matches_op, Assoc::Left)
            | Op::infix(Rule::contains_op, Assoc::Left)
            | Op::infix(Rule::in_op, Assoc::Left))
});

fn error(span: Range<usize>, message: impl Into<String>, help: Option<String>) -> LangError {
    LangError {
        span,
        message: message.into(),
        help,
    }
}

/// Parses an expression and resolves it (types, field slots, functions, regexes, compiled
/// now); the context checks (scope roots, lexicons) are left to `check_condition` /
/// `check_value`.
#[cfg(test)]
pub(super) fn parse(src: &str) -> Result<Expr, LangError> {
    parse_in(src, false)
}

/// [`parse`], with regex literals compiled on first use when `defer_regex`.
pub(super) fn parse_in(src: &str, defer_regex: bool) -> Result<Expr, LangError> {
    if src.trim_matches(|c: char| c.is_whitespace()).is_empty() {
        return Err(error(0..src.len(), "表达式为空", None));
    }
    prescan(src)?;
    let mut pairs = RuleParser::parse(Rule::expression, src).map_err(|e| convert(e, src))?;
    let top = pairs.next().and_then(|p| p.into_inner().next());
    let Some(expr_pair) = top else {
        return Err(error(0..src.len(), "表达式为空", None));
    };
    let mut expr = build_expr(expr_pair)?;
    check::resolve(&mut expr, defer_regex)?;
    Ok(expr)
}

/// Parses a `match:` value: `/regex/flags`, `["term", …]` or `lexicon("name")`.
pub(super) fn parse_pattern(src: &str, cx: &CheckContext<'_>) -> Result<Pattern, LangError> {
    let expr = parse_in(src, cx.defer_regex)?;
    check::check_value(&expr, cx)?;
    let shape = || {
        error(
            expr.span.clone(),
            "match 应为正则表达式、词语列表或词表",
            Some("如 /20[_＿]{2}年/、[\"XX\", \"××\"] 或 lexicon(\"agency-renames\")".into()),
        )
    };
    match &expr.kind {
        ExprKind::Literal(Value::Regex(re)) => {
            // A deferred literal is a built-in pack's, which a test checks for this.
            if re.is_compiled() && re.is_match("") {
                return Err(error(
                    expr.span.clone(),
                    "这个正则表达式能匹配空文本，会在每个位置都报告",
                    Some("改成至少匹配一个字，如把 * 换成 +".into()),
                ));
            }
            Ok(Pattern::Regex(re.clone()))
        }
        ExprKind::Literal(Value::List(items)) => {
            if items.is_empty() {
                return Err(error(
                    expr.span.clone(),
                    "词语列表为空",
                    Some("至少写一个词，如 [\"XX\"]".into()),
                ));
            }
            let mut terms = Vec::with_capacity(items.len());
            for item in items.iter() {
                match item {
                    Value::Str(s) if !s.is_empty() => terms.push(s.to_string()),
                    Value::Str(_) => {
                        return Err(error(expr.span.clone(), "词语列表中有空字符串", None));
                    }
                    _ => {
                        return Err(error(
                            expr.span.clone(),
                            "词语列表只能包含字符串",
                            Some("如 [\"XX\", \"××\"]".into()),
                        ));
                    }
                }
            }
            Ok(Pattern::Terms(terms))
        }
        ExprKind::Call(call) if call.name == "near_misses" || call.name == "altered_phrases" => {
            match call.args.first().map(|a| &a.kind) {
                Some(ExprKind::Call(inner)) if inner.name == "lexicon" => {
                    match inner.args.first().and_then(|a| a.as_str_literal()) {
                        Some(name) if call.name == "near_misses" => {
                            Ok(Pattern::NearMisses(name.to_string()))
                        }
                        Some(name) => Ok(Pattern::AlteredPhrases(name.to_string())),
                        None => Err(shape()),
                    }
                }
                _ => Err(shape()),
            }
        }
        ExprKind::Call(call) if call.name == "lexicon" => match call.args.first() {
            Some(arg) => match arg.as_str_literal() {
                Some(name) => Ok(Pattern::Lexicon(name.to_string())),
                None => Err(shape()),
            },
            None => Err(shape()),
        },
        _ => Err(shape()),
    }
}

// ---------------------------------------------------------------------------------------
// Before pest: depth and unterminated literals

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Rejects input whose nesting would recurse too deeply, and reports unterminated strings and
/// regexes at their opening delimiter (pest would report them at the end of the input).
fn prescan(src: &str) -> Result<(), LangError> {
    let bytes = src.as_bytes();
    let mut depth = 0usize;
    let mut nots = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'"' | b'\'' | b'/') => {
                let start = i;
                i += 1;
                loop {
                    if i >= bytes.len() {
                        let what = if q == b'/' {
                            "正则表达式缺少结尾的 /"
                        } else {
                            "字符串缺少结尾的引号"
                        };
                        return Err(error(start..src.len(), what, None));
                    }
                    if bytes[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if bytes[i] == q {
                        break;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(error(
                        i..i + 1,
                        format!("表达式嵌套过深（超过 {MAX_DEPTH} 层）"),
                        Some("请简化表达式".into()),
                    ));
                }
            }
            b')' | b']' => depth = depth.saturating_sub(1),
            b'n' if src[i..].starts_with("not")
                && !src[..i].chars().next_back().is_some_and(is_word_char)
                && !src[i + 3..].chars().next().is_some_and(is_word_char) =>
            {
                nots += 1;
                if nots > MAX_DEPTH {
                    return Err(error(
                        i..i + 3,
                        format!("表达式中的 not 过多（超过 {MAX_DEPTH} 个）"),
                        Some("请简化表达式".into()),
                    ));
                }
            }
            _ => {}
        }
        i += 1;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// pest errors

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Expected {
    Value,
    Field,
    Operator,
    Comma,
    CloseParen,
    CloseBracket,
    End,
}

impl Expected {
    fn describe(self) -> &'static str {
        match self {
            Expected::Value => "一个值（字段、字符串、数字、日期、列表、函数调用或 not）",
            Expected::Field => "字段名",
            Expected::Operator => "运算符（and、or、==、!=、<、<=、>、>=、matches、contains、in）",
            Expected::Comma => "“,”",
            Expected::CloseParen => "“)”",
            Expected::CloseBracket => "“]”",
            Expected::End => "表达式结束",
        }
    }
}

/// What each grammar rule means to someone writing a rule.
fn describe(rule: Rule) -> Option<Expected> {
    Some(match rule {
        Rule::expr
        | Rule::not_op
        | Rule::group
        | Rule::list
        | Rule::call
        | Rule::path
        | Rule::date
        | Rule::number
        | Rule::string
        | Rule::regex
        | Rule::boolean
        | Rule::null => Expected::Value,
        Rule::ident => Expected::Field,
        Rule::or_op
        | Rule::and_op
        | Rule::eq_op
        | Rule::ne_op
        | Rule::le_op
        | Rule::ge_op
        | Rule::lt_op
        | Rule::gt_op
        | Rule::matches_op
        | Rule::contains_op
        | Rule::in_op => Expected::Operator,
        Rule::comma => Expected::Comma,
        Rule::rparen => Expected::CloseParen,
        Rule::rbracket => Expected::CloseBracket,
        Rule::EOI => Expected::End,
        _ => return None,
    })
}

const OPERATOR_WORDS: [&str; 6] = ["and", "or", "not", "matches", "contains", "in"];

fn convert(e: pest::error::Error<Rule>, src: &str) -> LangError {
    let pos = match e.location {
        InputLocation::Pos(p) => p,
        InputLocation::Span((s, _)) => s,
    }
    .min(src.len());
    let rest = &src[pos..];
    // The offending token: a word, or one character.
    let word_len: usize = rest
        .chars()
        .take_while(|c| is_word_char(*c))
        .take(20)
        .map(char::len_utf8)
        .sum();
    let token_len = if word_len > 0 {
        word_len
    } else {
        rest.chars().next().map_or(0, char::len_utf8)
    };
    let token = &src[pos..pos + token_len];
    let mut expected: Vec<Expected> = match &e.variant {
        ErrorVariant::ParsingError { positives, .. } => {
            positives.iter().filter_map(|r| describe(*r)).collect()
        }
        ErrorVariant::CustomError { .. } => Vec::new(),
    };
    expected.sort();
    expected.dedup();
    // After `task.` the grammar wants a field name; elsewhere an identifier is a value.
    if expected.contains(&Expected::Field) && !src[..pos].trim_end().ends_with('.') {
        expected.retain(|x| *x != Expected::Field);
        if !expected.contains(&Expected::Value) {
            expected.insert(0, Expected::Value);
        }
    }
    let wanted = if expected.is_empty() {
        String::new()
    } else {
        format!(
            "，应为{}",
            expected
                .iter()
                .map(|x| x.describe())
                .collect::<Vec<_>>()
                .join("或")
        )
    };
    let message = match token {
        "" => format!("表达式不完整{wanted}"),
        "“" | "”" | "‘" | "’" => format!("此处不能是全角引号 {token}{wanted}"),
        _ => format!("此处不能是“{token}”{wanted}"),
    };
    let help = hint(token, &expected);
    error(pos..pos + token_len, message, help)
}

/// Help for the mistakes people make most: full-width punctuation, `=`, `&&`, `||`, `!`.
fn hint(token: &str, expected: &[Expected]) -> Option<String> {
    let c = token.chars().next()?;
    let s = match c {
        '“' | '”' | '‘' | '’' => "字符串请用半角引号，如 \"市政府\"",
        '（' | '）' => "请用半角括号 ( )",
        '，' => "请用半角逗号 ,",
        '【' | '】' => "列表请用半角方括号 [ ]",
        '=' => "判断相等请用 ==",
        '&' => "“并且”请用 and",
        '|' => "“或者”请用 or",
        '!' => "“非”请用 not；不等于用 !=",
        _ => {
            if expected.contains(&Expected::Operator) && is_word_char(c) {
                let lower = token.to_lowercase();
                return check::did_you_mean(&lower, OPERATOR_WORDS)
                    .map(|w| format!("是否想写“{w}”？"));
            }
            return None;
        }
    };
    Some(s.to_string())
}

// ---------------------------------------------------------------------------------------
// Pairs → AST

fn span_of(pair: &Pair<'_, Rule>) -> Range<usize> {
    let s = pair.as_span();
    s.start()..s.end()
}

/// An operand while folding: `grouped` when written in parentheses (then `a < b` may be
/// compared again, and `a or b` is not merged into an enclosing `or`).
struct Node {
    expr: Expr,
    grouped: bool,
}

fn node(expr: Expr) -> Node {
    Node {
        expr,
        grouped: false,
    }
}

fn build_expr(pair: Pair<'_, Rule>) -> Result<Expr, LangError> {
    PRATT
        .map_primary(|p| build_primary(p))
        .map_prefix(|op, rhs| {
            let rhs = rhs?;
            let span = op.as_span().start()..rhs.expr.span.end;
            Ok(node(Expr::new(span, ExprKind::Not(Box::new(rhs.expr)))))
        })
        .map_infix(|lhs, op, rhs| build_infix(lhs?, op, rhs?))
        .parse(pair.into_inner())
        .map(|n| n.expr)
}

fn build_infix(lhs: Node, op: Pair<'_, Rule>, rhs: Node) -> Result<Node, LangError> {
    let span = lhs.expr.span.start..rhs.expr.span.end;
    let binop = match op.as_rule() {
        Rule::and_op | Rule::or_op => {
            let is_and = op.as_rule() == Rule::and_op;
            let mut lhs = lhs;
            let same = match lhs.expr.kind {
                ExprKind::And(_) => is_and,
                ExprKind::Or(_) => !is_and,
                _ => false,
            };
            if same && !lhs.grouped {
                match &mut lhs.expr.kind {
                    ExprKind::And(items) | ExprKind::Or(items) => {
                        items.push(rhs.expr);
                        lhs.expr.span = span;
                        return Ok(node(lhs.expr));
                    }
                    _ => {}
                }
            }
            let items = vec![lhs.expr, rhs.expr];
            let kind = if is_and {
                ExprKind::And(items)
            } else {
                ExprKind::Or(items)
            };
            return Ok(node(Expr::new(span, kind)));
        }
        Rule::eq_op => BinOp::Eq,
        Rule::ne_op => BinOp::Ne,
        Rule::lt_op => BinOp::Lt,
        Rule::le_op => BinOp::Le,
        Rule::gt_op => BinOp::Gt,
        Rule::ge_op => BinOp::Ge,
        Rule::matches_op => BinOp::Matches,
        Rule::contains_op => BinOp::Contains,
        Rule::in_op => BinOp::In,
        other => {
            return Err(error(
                span_of(&op),
                format!("无法识别的运算符（{other:?}）"),
                None,
            ));
        }
    };
    if lhs.expr.is_comparison() && !lhs.grouped {
        return Err(error(
            span,
            format!("比较不能连写（“{}”前面已是一个比较）", binop.as_str()),
            Some("请用 and 连接两个比较，如 a < b and b < c".into()),
        ));
    }
    Ok(node(Expr::new(
        span,
        ExprKind::Binary {
            op: binop,
            op_span: span_of(&op),
            lhs: Box::new(lhs.expr),
            rhs: Box::new(rhs.expr),
        },
    )))
}

fn build_primary(pair: Pair<'_, Rule>) -> Result<Node, LangError> {
    let span = span_of(&pair);
    let text = pair.as_str();
    let expr = match pair.as_rule() {
        Rule::group => {
            let inner = pair
                .into_inner()
                .find(|p| p.as_rule() == Rule::expr)
                .ok_or_else(|| error(span.clone(), "括号中没有表达式", None))?;
            let mut e = build_expr(inner)?;
            e.span = span;
            return Ok(Node {
                expr: e,
                grouped: true,
            });
        }
        Rule::list => {
            let items = pair
                .into_inner()
                .filter(|p| p.as_rule() == Rule::expr)
                .map(build_expr)
                .collect::<Result<Vec<_>, _>>()?;
            Expr::new(span, ExprKind::List(items))
        }
        Rule::call => {
            let mut inner = pair.into_inner();
            let name = inner
                .next()
                .ok_or_else(|| error(span.clone(), "缺少函数名", None))?;
            let args = inner
                .filter(|p| p.as_rule() == Rule::expr)
                .map(build_expr)
                .collect::<Result<Vec<_>, _>>()?;
            Expr::new(
                span,
                ExprKind::Call(Call {
                    name: name.as_str().to_string(),
                    name_span: span_of(&name),
                    func: None,
                    args,
                }),
            )
        }
        Rule::path => {
            let mut idents = pair.into_inner();
            let first = idents
                .next()
                .ok_or_else(|| error(span.clone(), "缺少名称", None))?;
            let root = match first.as_str() {
                "it" => Root::It,
                name => match super::root_kind(name) {
                    Some(k) => Root::Object(k),
                    None => Root::Unknown(name.to_string()),
                },
            };
            let steps = idents
                .map(|p| Step {
                    name: p.as_str().to_string(),
                    span: span_of(&p),
                    slot: None,
                })
                .collect();
            Expr::new(
                span,
                ExprKind::Path(Path {
                    root,
                    root_span: span_of(&first),
                    steps,
                }),
            )
        }
        Rule::date => Expr::new(
            span.clone(),
            ExprKind::Literal(Value::Date(parse_date(text, span)?)),
        ),
        Rule::number => Expr::new(
            span.clone(),
            ExprKind::Literal(Value::Number(parse_number(text, span)?)),
        ),
        Rule::string => {
            let inner = pair
                .into_inner()
                .next()
                .ok_or_else(|| error(span.clone(), "字符串有误", None))?;
            let base = inner.as_span().start();
            let s = unescape(inner.as_str(), base)?;
            Expr::new(span, ExprKind::Literal(Value::Str(Text::from(s))))
        }
        Rule::regex => {
            let mut pattern = String::new();
            let mut flags = String::new();
            let mut flags_span = span.end..span.end;
            for p in pair.into_inner() {
                match p.as_rule() {
                    Rule::regex_chars => pattern = regex_source(p.as_str()),
                    Rule::regex_flags => {
                        flags = p.as_str().to_string();
                        flags_span = span_of(&p);
                    }
                    _ => {}
                }
            }
            if pattern.is_empty() {
                return Err(error(span, "正则表达式为空", None));
            }
            Expr::new(
                span,
                ExprKind::Regex {
                    pattern,
                    flags,
                    flags_span,
                },
            )
        }
        Rule::boolean => Expr::new(span, ExprKind::Literal(Value::Bool(text == "true"))),
        Rule::null => Expr::new(span, ExprKind::Literal(Value::Null)),
        other => {
            return Err(error(span, format!("无法识别的表达式（{other:?}）"), None));
        }
    };
    Ok(node(expr))
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

fn parse_date(text: &str, span: Range<usize>) -> Result<Date, LangError> {
    let mut parts = text.split('-');
    let mut next = || parts.next().and_then(|p| p.parse::<u32>().ok());
    let (y, m, d) = (next(), next(), next());
    match (y, m, d) {
        (Some(y), Some(m), Some(d))
            if y >= 1 && (1..=12).contains(&m) && d >= 1 && d <= days_in_month(y as i32, m) =>
        {
            Ok(Date {
                year: y as i32,
                month: m,
                day: d,
            })
        }
        _ => Err(error(
            span,
            format!("日期“{text}”不存在"),
            Some("日期写成 YYYY-MM-DD，如 2025-06-30".into()),
        )),
    }
}

/// The largest integer an f64 holds exactly.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

fn parse_number(text: &str, span: Range<usize>) -> Result<f64, LangError> {
    // Integers are checked before rounding: 9007199254740993 would round into range.
    let digits = text.trim_start_matches('-');
    let exact_int =
        digits.contains('.') || digits.parse::<u64>().is_ok_and(|n| n <= MAX_EXACT as u64);
    match text.parse::<f64>() {
        Ok(n) if exact_int && n.is_finite() && n.abs() <= MAX_EXACT => Ok(n),
        _ => Err(error(
            span,
            format!("数字“{text}”超出范围"),
            Some("数字的绝对值不能超过 9007199254740992".into()),
        )),
    }
}

/// Decodes `\" \' \\ \n \t` in a string literal; `base` is the byte offset of `raw`.
fn unescape(raw: &str, base: usize) -> Result<String, LangError> {
    if !raw.contains('\\') {
        return Ok(raw.to_string());
    }
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.char_indices();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some((_, 'n')) => out.push('\n'),
            Some((_, 't')) => out.push('\t'),
            Some((_, c @ ('"' | '\'' | '\\'))) => out.push(c),
            Some((j, other)) => {
                return Err(error(
                    base + i..base + j + other.len_utf8(),
                    format!("未知的转义“\\{other}”"),
                    Some(
                        "字符串中可用 \\\" \\' \\\\ \\n \\t；正则表达式请写在斜线之间，如 /\\d+/"
                            .into(),
                    ),
                ));
            }
            None => {
                return Err(error(base + i..base + i + 1, "字符串以反斜杠结尾", None));
            }
        }
    }
    Ok(out)
}

/// The regex source of a `/…/` literal: `\/` becomes `/`, every other escape stays.
fn regex_source(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('/') => out.push('/'),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod literal_bodies;

#[cfg(test)]
mod tests {
    use super::parse;
    use crate::lang::ast::{ExprKind, sexpr};
    use crate::lang::{LangError, Value};

    fn tree(src: &str) -> String {
        match parse(src) {
            Ok(e) => sexpr(&e),
            Err(e) => panic!("{src:?} failed: {e:?}"),
        }
    }

    fn fails(src: &str) -> LangError {
        match parse(src) {
            Ok(e) => panic!("{src:?} parsed as {}", sexpr(&e)),
            Err(e) => e,
        }
    }

    #[test]
    fn compiled_expressions_can_be_shared_across_threads() {
        fn shared<T: Send + Sync + Clone>() {}
        shared::<crate::lang::Expr>();
        shared::<crate::lang::Pattern>();
    }

    #[test]
    fn valid_expressions() {
        for src in [
            "not has(task.units)",
            "task.deadline.kind == \"vague\" or task.deadline.kind in [\"ongoing\"]",
            "doc.kind == \"plan\" and count(task, not has(task.deadline)) > 3",
            "any(task.units, it.role == \"lead\" and not it.generic)",
            "match.text matches /20[_＿]{1,2}年/i",
            "count(task) > 0 and not has(doc.accountability)",
            "task.deadline.date <= 2025-06-30",
            "doc.date != null",
            "true",
            "false or true",
            "[1, 2.5, -3,] contains 2.5",
            "has(task.units,)",
            "today() > 2020-01-01",
            "  task.title\n  ==\t'x'  ",
            "task.title\u{3000}==\u{3000}\"全角空格\"",
        ] {
            assert!(parse(src).is_ok(), "{src}: {:?}", parse(src).err());
        }
    }

    #[test]
    fn precedence() {
        assert_eq!(tree("not a and b or c"), "(or (and (not a) b) c)");
        assert_eq!(tree("a or b and c"), "(or a (and b c))");
        assert_eq!(tree("a or not b and c"), "(or a (and (not b) c))");
        assert_eq!(tree("not a == b"), "(not (== a b))");
        assert_eq!(tree("not not a"), "(not (not a))");
        assert_eq!(tree("a == b and c != d"), "(and (== a b) (!= c d))");
        assert_eq!(
            tree("x in [1, 2] or y matches /z/"),
            "(or (in x [1 2]) (matches y /z/))"
        );
        assert_eq!(tree("(a or b) and c"), "(and (or a b) c)");
        assert_eq!(tree("not (a or b)"), "(not (or a b))");
    }

    #[test]
    fn and_or_chains_are_flat() {
        assert_eq!(tree("a and b and c and d"), "(and a b c d)");
        assert_eq!(tree("a or b or c"), "(or a b c)");
        assert_eq!(tree("(a and b) and c"), "(and (and a b) c)");
        assert_eq!(tree("a and (b and c)"), "(and a (and b c))");
        let e = parse("a and b and c").unwrap();
        assert_eq!(e.span, 0..13);
    }

    #[test]
    fn comparisons_do_not_chain() {
        let e = fails("1 < 2 < 3");
        assert_eq!(e.span, 0..9);
        assert_eq!(e.message, "比较不能连写（“<”前面已是一个比较）");
        assert_eq!(tree("(a == b) == c"), "(== (== a b) c)");
    }

    #[test]
    fn keyword_boundaries() {
        assert_eq!(tree("android == 1"), "(== android 1)");
        assert_eq!(tree("order or notes"), "(or order notes)");
        assert_eq!(tree("index in inside"), "(in index inside)");
        assert_eq!(tree("nothing and nullable"), "(and nothing nullable)");
        assert_eq!(
            tree("matchesx contains containsy"),
            "(contains matchesx containsy)"
        );
        assert_eq!(tree("truely == falsey"), "(== truely falsey)");
        assert_eq!(tree("and_x or or_y"), "(or and_x or_y)");
        assert_eq!(tree("a in[1]"), "(in a [1])");
        assert_eq!(tree("t contains\"x\""), "(contains t \"x\")");
        let e = fails("a andb");
        assert_eq!(e.span, 2..6);
        assert!(e.message.starts_with("此处不能是“andb”"), "{}", e.message);
        // A keyword cannot be a field name or a root.
        assert!(parse("and == 1").is_err());
        assert!(parse("task.in == 1").is_err());
    }

    #[test]
    fn unicode_strings_and_escapes() {
        assert_eq!(
            tree("t == \"市生态环境局牵头\""),
            "(== t \"市生态环境局牵头\")"
        );
        assert_eq!(tree("t == '单引号'"), "(== t \"单引号\")");
        let e = parse(r#"t == "a\"b\\c\nd\te'""#).unwrap();
        let ExprKind::Binary { rhs, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(rhs.as_str_literal(), Some("a\"b\\c\nd\te'"));
        let e = parse(r"t == 'it\'s'").unwrap();
        let ExprKind::Binary { rhs, .. } = &e.kind else {
            panic!()
        };
        assert_eq!(rhs.as_str_literal(), Some("it's"));
        // A bad escape is reported where it is, after CJK text.
        let e = fails(r#"t == "责任\q""#);
        assert_eq!(e.span, 12..14);
        assert_eq!(e.message, "未知的转义“\\q”");
    }

    #[test]
    fn regex_literals() {
        assert_eq!(tree(r"t matches /a\/b/"), "(matches t /a/b/)");
        assert_eq!(tree(r"t matches /\d+年/"), r"(matches t /\d+年/)");
        assert_eq!(tree(r"t matches /a\\/"), r"(matches t /a\\/)");
        let e = parse("t matches /ab/i").unwrap();
        let ExprKind::Binary { rhs, .. } = &e.kind else {
            panic!()
        };
        let ExprKind::Literal(Value::Regex(re)) = &rhs.kind else {
            panic!()
        };
        assert!(re.is_match("xABy"));
        let e = parse("t matches /^b/m").unwrap();
        assert!(matches!(&e.kind, ExprKind::Binary { rhs, .. }
            if matches!(&rhs.kind, ExprKind::Literal(Value::Regex(r)) if r.is_match("a\nb"))));
        let e = fails("t matches //");
        assert_eq!(e.message, "正则表达式为空");
    }

    #[test]
    fn numbers_and_dates() {
        assert_eq!(tree("x == 3"), "(== x 3)");
        assert_eq!(tree("x == 3.25"), "(== x 3.25)");
        assert_eq!(tree("x == -2"), "(== x -2)");
        assert_eq!(tree("x == 2024-02-29"), "(== x 2024-02-29)");
        assert_eq!(tree("x == 2025-6-1"), "(== x 2025-06-01)");
        let e = fails("x == 2025-02-29");
        assert_eq!(
            (e.span, e.message.as_str()),
            (5..15, "日期“2025-02-29”不存在")
        );
        assert_eq!(fails("x == 2025-13-01").message, "日期“2025-13-01”不存在");
        assert_eq!(fails("x == 2025-04-31").message, "日期“2025-04-31”不存在");
        let e = fails("x == 123456789012345678901234567890");
        assert_eq!(e.span, 5..35);
        assert!(e.message.contains("超出范围"));
        let big = format!("x == {}", "9".repeat(400));
        assert!(fails(&big).message.contains("超出范围"));
        assert!(parse("x == 9007199254740992").is_ok());
        assert!(parse("x == 9007199254740993").is_err());
        assert!(parse("x == 3.").is_err());
        assert!(parse("x == 3年").is_err());
    }

    #[test]
    fn invalid_expressions_point_at_the_problem() {
        let cases: &[(&str, std::ops::Range<usize>, &str)] = &[
            ("task.title ==", 13..13, "表达式不完整，应为一个值"),
            ("a b", 2..3, "此处不能是“b”，应为运算符"),
            ("task.", 5..5, "表达式不完整，应为字段名"),
            ("task..x", 5..6, "此处不能是“.”，应为字段名"),
            ("(a", 2..2, "表达式不完整，应为运算符"),
            ("[1 2]", 3..4, "此处不能是“2”"),
            ("has(task.units", 14..14, "表达式不完整"),
            ("a and", 5..5, "表达式不完整，应为一个值"),
            ("not", 3..3, "表达式不完整，应为一个值"),
            ("f(,)", 2..3, "此处不能是“,”"),
            (")", 0..1, "此处不能是“)”"),
            ("a ]", 2..3, "此处不能是“]”"),
            ("\"abc", 0..4, "字符串缺少结尾的引号"),
            ("'abc\\'", 0..6, "字符串缺少结尾的引号"),
            ("t matches /abc", 10..14, "正则表达式缺少结尾的 /"),
            ("", 0..0, "表达式为空"),
            ("   ", 0..3, "表达式为空"),
            // Positions are bytes, right after CJK text.
            ("\"责任单位\" == ", 18..18, "表达式不完整"),
            ("\"责任单位\" 牵头", 15..21, "此处不能是“牵头”"),
        ];
        for (src, span, msg) in cases {
            let e = fails(src);
            assert_eq!(&e.span, span, "{src}: {e:?}");
            assert!(e.message.starts_with(msg), "{src}: {e:?}");
        }
        let e = fails("[1 2]");
        assert!(e.message.contains("“,”或“]”"), "{}", e.message);
    }

    #[test]
    fn help_for_common_slips() {
        let help = |src: &str| fails(src).help.unwrap_or_default();
        assert_eq!(help("task.title = \"x\""), "判断相等请用 ==");
        assert_eq!(help("a && b"), "“并且”请用 and");
        assert_eq!(help("a || b"), "“或者”请用 or");
        assert_eq!(
            help("task.title == “牵头”"),
            "字符串请用半角引号，如 \"市政府\""
        );
        assert_eq!(help("has（task.units）"), "请用半角括号 ( )");
        assert_eq!(help("a contian \"x\""), "是否想写“contains”？");
        assert_eq!(help("a adn b"), "是否想写“and”？");
        let e = fails("task.title == “牵头”");
        assert_eq!(e.span, 14..17);
        assert!(
            e.message.starts_with("此处不能是全角引号 “"),
            "{}",
            e.message
        );
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for open in ["(", "[", "not ", "has(", "not ("] {
            let src = open.repeat(10_000);
            let e = fails(&src);
            assert!(
                e.message.contains("嵌套过深") || e.message.contains("not 过多"),
                "{open}: {e:?}"
            );
        }
        let src = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(fails(&src).message.contains("嵌套过深"));
        let e = fails(&"(".repeat(100));
        assert_eq!(e.span, 64..65);
        // The deepest allowed nesting parses, and runs.
        let ok = format!("{}true{}", "(".repeat(64), ")".repeat(64));
        assert!(parse(&ok).is_ok());
        let ok = format!("{}true{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&format!("{ok} == {ok}")).is_ok());
        let ok = format!("{}true", "not ".repeat(64));
        assert!(parse(&ok).is_ok());
        // The worst that passes the guard parses, checks and runs in half a default thread
        // stack (2 MiB), unoptimised.
        let worst = format!("{}true{}", "not (any([".repeat(21), "], it))".repeat(21));
        let worst2 = format!("{}true{}", "not (".repeat(64), ")".repeat(64));
        std::thread::Builder::new()
            .stack_size(1 << 20)
            .spawn(move || {
                for src in [worst, worst2] {
                    let e = parse(&src).unwrap();
                    let env = crate::lang::eval::tests::Fake::new();
                    crate::lang::evaluate(&e, &env).unwrap();
                }
            })
            .unwrap()
            .join()
            .unwrap();
        // Parentheses inside strings and regexes do not count.
        let s = format!(
            "t == \"{}\" or t matches /{}/",
            "(".repeat(200),
            r"\(".repeat(200)
        );
        assert!(parse(&s).is_ok());
    }

    #[test]
    fn long_flat_expressions_are_fine() {
        let src = vec!["a == 1"; 20_000].join(" or ");
        let e = parse(&src).unwrap();
        let ExprKind::Or(items) = &e.kind else {
            panic!()
        };
        assert_eq!(items.len(), 20_000);
        let list = format!("x in [{}]", vec!["\"词\""; 20_000].join(", "));
        assert!(parse(&list).is_ok());
    }

    #[test]
    fn hostile_input_never_panics() {
        let fixed = [
            "\\",
            "\"\\",
            "'\\",
            "/\\",
            "/",
            "//i",
            ")))",
            "]]]",
            "\0",
            "\u{feff}a",
            "a.\u{0}",
            "😀 == 1",
            "a == \u{200b}",
            "\"\u{10FFFF}\"",
            "2025-99-99",
            "-",
            "--1",
            "1..2",
            ".",
            "a.",
            ".a",
            "()",
            "[",
            "f(",
            "f)",
            "a not b",
            "not",
            "in",
            "a in",
            "==",
            "/[/",
            "/(?=x)/",
            "/a{99999}{99999}/",
            "/\\p{Nope}/",
            "x matches /a/zz",
        ];
        for src in fixed {
            let _ = parse(src);
        }
        // A small deterministic fuzzer over the language's tokens and some noise.
        let tokens = [
            "(",
            ")",
            "[",
            "]",
            ",",
            ".",
            "not ",
            " and ",
            " or ",
            "==",
            "!=",
            "<",
            "<=",
            ">",
            ">=",
            " matches ",
            " contains ",
            " in ",
            "task",
            "doc",
            "it",
            "title",
            "units",
            "deadline",
            "kind",
            "\"x\"",
            "'中文'",
            "/a+/i",
            "/(/",
            "3",
            "-1.5",
            "2025-06-30",
            "2025-02-30",
            "null",
            "true",
            "has",
            "len",
            "count",
            "any",
            "all",
            "lexicon",
            "today",
            "year",
            "\"",
            "\\",
            "/",
            "“",
            "（",
            " ",
            "9999999999999999999999",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            let n = (next() % 12) as usize + 1;
            let src: String = (0..n)
                .map(|_| tokens[(next() % tokens.len() as u64) as usize])
                .collect();
            if let Err(e) = parse(&src) {
                assert!(
                    e.span.start <= e.span.end && e.span.end <= src.len(),
                    "{src}"
                );
                assert!(src.is_char_boundary(e.span.start) && src.is_char_boundary(e.span.end));
            }
        }
    }
}
