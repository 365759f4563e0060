//! Load-time checks: names, arity, types, regexes.

use super::{CheckContext, Expr, LangError};

pub fn check_condition(_expr: &Expr, _cx: &CheckContext<'_>) -> Result<(), LangError> {
    Ok(())
}

pub fn check_value(_expr: &Expr, _cx: &CheckContext<'_>) -> Result<(), LangError> {
    Ok(())
}
