//! The syntax tree of an expression, with the byte range of every node.
//!
//! The parser builds it; the resolving pass of `check.rs` then fills in what evaluation needs
//! so that nothing is looked up by name at run time: every node's static [`Type`], the slot of
//! each field step, the [`Function`] of each call, compiled regexes, the [`Scope`] of
//! `count(…)`, and constant lists folded into one [`Value`].

use std::ops::Range;

use super::{ObjectKind, Scope, Type, Value};

/// A parsed expression.
#[derive(Debug, Clone)]
pub struct Expr {
    /// Byte range in the expression text (parentheses included for a parenthesised group).
    pub span: Range<usize>,
    pub kind: ExprKind,
    /// The static type, filled in by the checker (`Any` before).
    pub ty: Type,
    /// How the engine may avoid re-evaluating this node for every item, filled in by
    /// [`super::hoist`] after checking.
    pub hoist: Hoist,
    /// For a [`Hoist::Document`] node of a rule set, a number it shares with every node of the
    /// set that computes the same (see [`super::hoist::share`]): its per-document value is
    /// then computed once for all of them.
    pub shared: Option<u32>,
}

/// What the hoisting pass found out about a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Hoist {
    /// Evaluated where it stands.
    #[default]
    None,
    /// Uses nothing but `doc`, lexicons, `today()` and constants: the same value for every
    /// item of a document, computed once per document.
    Document,
    /// `count(scope, scope.x < y and …)` where `y` depends on an outer item: answered from a
    /// per-document sorted index of `scope.x` over the items the other conjuncts accept.
    IndexedCount {
        /// Which conjunct of the condition is the comparison.
        compare: usize,
        /// Whether the counted item's side is the left operand.
        own_on_left: bool,
    },
}

#[derive(Debug, Clone)]
pub enum ExprKind {
    /// A string, number, date, boolean, null, compiled regex, or a list of constants.
    Literal(Value),
    /// A regex literal as written, before the checker compiles it into a `Literal`.
    Regex {
        /// The pattern with `\/` turned into `/`.
        pattern: String,
        flags: String,
        flags_span: Range<usize>,
    },
    /// `[a, b, …]` with at least one non-constant item.
    List(Vec<Expr>),
    /// `task.deadline.kind`, `it.role`, `doc`.
    Path(Path),
    /// The first argument of `count(…)`: a scope name.
    Scope(Scope),
    Not(Box<Expr>),
    /// `a and b and c`, flattened.
    And(Vec<Expr>),
    /// `a or b or c`, flattened.
    Or(Vec<Expr>),
    Binary {
        op: BinOp,
        op_span: Range<usize>,
        lhs: Box<Expr>,
        rhs: Box<Expr>,
    },
    Call(Call),
}

/// A binary operator other than `and` / `or`. Comparisons do not chain (`a < b < c` is an
/// error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinOp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Matches,
    Contains,
    In,
}

impl BinOp {
    pub fn as_str(self) -> &'static str {
        match self {
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Matches => "matches",
            BinOp::Contains => "contains",
            BinOp::In => "in",
        }
    }

    /// `<`, `<=`, `>`, `>=`.
    pub fn is_ordering(self) -> bool {
        matches!(self, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge)
    }
}

/// A field path: a root and zero or more field steps.
#[derive(Debug, Clone)]
pub struct Path {
    pub root: Root,
    pub root_span: Range<usize>,
    pub steps: Vec<Step>,
}

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `doc`, `section`, `task`, `paragraph`, `sentence`, `match`.
    Object(ObjectKind),
    /// The element bound by `any(list, …)` / `all(list, …)`.
    It,
    /// A name that is none of these; the checker reports it.
    Unknown(String),
}

/// One `.field` of a path.
#[derive(Debug, Clone)]
pub struct Step {
    pub name: String,
    pub span: Range<usize>,
    /// The object kind the checker expects here and the field's slot in it (the order of
    /// [`super::fields`]); `None` when the object is only known at run time (`it` over a list
    /// of mixed values), and the field is then looked up by name.
    pub slot: Option<(ObjectKind, usize)>,
}

/// An entry of the function table (`functions::table()`), by position. The tree holds the
/// index rather than the entry so that it depends on nothing that evaluates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FuncId(pub usize);

/// A function call.
#[derive(Debug, Clone)]
pub struct Call {
    pub name: String,
    pub name_span: Range<usize>,
    /// Resolved by the checker: the entry of the function table.
    pub func: Option<FuncId>,
    pub args: Vec<Expr>,
}

/// The root name a path or a scope stands for.
pub fn root_name(kind: ObjectKind) -> &'static str {
    match kind {
        ObjectKind::Doc => "doc",
        ObjectKind::Section => "section",
        ObjectKind::Task => "task",
        ObjectKind::Paragraph => "paragraph",
        ObjectKind::Sentence => "sentence",
        ObjectKind::Match => "match",
        ObjectKind::Unit => "unit",
        ObjectKind::Deadline => "deadline",
    }
}

/// The root object a scope's items are bound to inside `count(scope, …)`.
pub fn scope_root(scope: Scope) -> ObjectKind {
    match scope {
        Scope::Document => ObjectKind::Doc,
        Scope::Section => ObjectKind::Section,
        Scope::Task => ObjectKind::Task,
        Scope::Paragraph => ObjectKind::Paragraph,
        Scope::Sentence => ObjectKind::Sentence,
        Scope::Match => ObjectKind::Match,
    }
}

impl Expr {
    pub(crate) fn new(span: Range<usize>, kind: ExprKind) -> Expr {
        Expr {
            span,
            kind,
            ty: Type::Any,
            hoist: Hoist::None,
            shared: None,
        }
    }

    /// Is this a comparison (`==`, `<`, `matches`, `in`…)? Used to reject `a < b < c`.
    pub fn is_comparison(&self) -> bool {
        matches!(self.kind, ExprKind::Binary { .. })
    }

    /// Does this expression walk the items of `scope` (`count(sentence, …)`)?
    pub fn uses_scope(&self, scope: Scope) -> bool {
        let mut uses = false;
        self.visit(&mut |node| uses |= matches!(node.kind, ExprKind::Scope(s) if s == scope));
        uses
    }

    /// Calls `f` with this node, then with every node below it, parents first.
    pub fn visit<'e>(&'e self, f: &mut impl FnMut(&'e Expr)) {
        f(self);
        match &self.kind {
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                xs.iter().for_each(|x| x.visit(f));
            }
            ExprKind::Not(x) => x.visit(f),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.visit(f);
                rhs.visit(f);
            }
            ExprKind::Call(c) => c.args.iter().for_each(|x| x.visit(f)),
            ExprKind::Literal(_)
            | ExprKind::Regex { .. }
            | ExprKind::Path(_)
            | ExprKind::Scope(_) => {}
        }
    }

    /// Calls `f` with this node, then with every node below it, parents first.
    pub fn visit_mut(&mut self, f: &mut impl FnMut(&mut Expr)) {
        f(self);
        match &mut self.kind {
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                xs.iter_mut().for_each(|x| x.visit_mut(f));
            }
            ExprKind::Not(x) => x.visit_mut(f),
            ExprKind::Binary { lhs, rhs, .. } => {
                lhs.visit_mut(f);
                rhs.visit_mut(f);
            }
            ExprKind::Call(c) => c.args.iter_mut().for_each(|x| x.visit_mut(f)),
            ExprKind::Literal(_)
            | ExprKind::Regex { .. }
            | ExprKind::Path(_)
            | ExprKind::Scope(_) => {}
        }
    }

    /// The text of a string literal.
    pub fn as_str_literal(&self) -> Option<&str> {
        match &self.kind {
            ExprKind::Literal(Value::Str(s)) => Some(s),
            _ => None,
        }
    }
}

/// A compact rendering of the tree for tests: `(or (and (not a) b) c)`.
#[cfg(test)]
pub(crate) fn sexpr(e: &Expr) -> String {
    fn list(head: &str, items: &[Expr]) -> String {
        let parts: Vec<String> = items.iter().map(sexpr).collect();
        format!("({head} {})", parts.join(" "))
    }
    match &e.kind {
        ExprKind::Literal(v) => match v {
            Value::Str(s) => format!("{s:?}"),
            Value::Regex(r) => format!("/{}/", r.as_str()),
            Value::List(items) => {
                let parts: Vec<String> = items.iter().map(super::display).collect();
                format!("[{}]", parts.join(" "))
            }
            Value::Null => "null".into(),
            other => super::display(other),
        },
        ExprKind::Regex { pattern, flags, .. } => format!("/{pattern}/{flags}"),
        ExprKind::List(items) => list("list", items),
        ExprKind::Path(p) => {
            let mut s = match &p.root {
                Root::Object(k) => root_name(*k).to_string(),
                Root::It => "it".into(),
                Root::Unknown(n) => n.clone(),
            };
            for step in &p.steps {
                s.push('.');
                s.push_str(&step.name);
            }
            s
        }
        ExprKind::Scope(s) => format!("<{}>", s.as_str()),
        ExprKind::Not(x) => format!("(not {})", sexpr(x)),
        ExprKind::And(xs) => list("and", xs),
        ExprKind::Or(xs) => list("or", xs),
        ExprKind::Binary { op, lhs, rhs, .. } => {
            format!("({} {} {})", op.as_str(), sexpr(lhs), sexpr(rhs))
        }
        ExprKind::Call(c) => {
            if c.args.is_empty() {
                format!("({})", c.name)
            } else {
                list(&c.name, &c.args)
            }
        }
    }
}
