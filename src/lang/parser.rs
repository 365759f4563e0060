//! Text → [`Expr`] with pest (grammar in `grammar/rule.pest`) and a Pratt parser.

use super::{CheckContext, Expr, LangError, Pattern};

pub(super) fn parse(src: &str) -> Result<Expr, LangError> {
    Err(LangError {
        span: 0..src.len(),
        message: "规则表达式尚不支持".into(),
        help: None,
    })
}

pub(super) fn parse_pattern(src: &str, _cx: &CheckContext<'_>) -> Result<Pattern, LangError> {
    Err(LangError {
        span: 0..src.len(),
        message: "匹配模式尚不支持".into(),
        help: None,
    })
}
