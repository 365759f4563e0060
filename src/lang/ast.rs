//! The syntax tree of an expression, with the byte range of every node.

use std::ops::Range;

/// A parsed expression. (Placeholder until the parser lands.)
#[derive(Debug, Clone)]
pub struct Expr {
    pub span: Range<usize>,
}
