//! Evaluation against an [`Env`].
//!
//! Semantics of null: a path through null is null; `==` treats null as a value of its own
//! (`null == null`, and `x != "a"` is true when `x` is null); ordering, `matches`,
//! `contains` and `in` with a null operand are false; `not`, `and`, `or` read null as false.
//!
//! Leaf values (literals, field paths) are borrowed rather than cloned wherever an operator
//! only looks at them ([`Ctx::with`]), and field steps use the slots the checker resolved.

use std::cmp::Ordering;
use std::ops::{ControlFlow, Range};

use std::cell::RefCell;
use std::collections::HashMap;

use super::ast::{BinOp, Expr, ExprKind, FuncId, Hoist, Path, Root, Step, root_name, scope_root};
use super::{Env, EvalError, Object, ObjectKind, RegexLiteral, Value, value_kind};
use crate::memo::TextMemo;

/// Answers to `text matches /re/` kept from one version of a document to the next: the
/// language server's re-check tests the same patterns against mostly unchanged paragraphs (see
/// [`crate::memo`]). Keyed by the address of the pattern, a literal of the rule set, which
/// whoever keeps these answers must keep alive with them.
#[derive(Default)]
pub struct RegexAnswers(RefCell<crate::wordhash::HashMap<usize, TextMemo<bool>>>);

impl RegexAnswers {
    pub fn is_match(&self, re: &std::sync::Arc<RegexLiteral>, text: &str) -> bool {
        let mut answers = self.0.borrow_mut();
        let of_re = answers
            .entry(std::sync::Arc::as_ptr(re) as usize)
            .or_insert_with(TextMemo::on);
        of_re.get(text, || re.is_match(text))
    }

    /// Ends a run: forgets the answers for texts it did not test.
    pub fn sweep(&mut self) {
        self.0.get_mut().values_mut().for_each(TextMemo::sweep);
    }
}

/// Values of one document that do not depend on the item a rule looks at, keyed by the
/// address of the expression node (rule sets are not changed while a document is linted):
/// the [`Hoist::Document`] nodes, and the sorted indexes of [`Hoist::IndexedCount`] calls.
#[derive(Default)]
pub struct DocCache {
    values: RefCell<HashMap<usize, Value, NodeKeys>>,
    /// `None` when the index could not reproduce the plain evaluation (an error on some item).
    indexes: RefCell<HashMap<usize, Option<SortedIndex>, NodeKeys>>,
    /// How many cached values were computed; for tests that hoisting still happens.
    computed: std::cell::Cell<usize>,
}

impl DocCache {
    /// Sets the value of hoisted node `e` for this document, computed by the caller from
    /// what it keeps between versions of a document (the engine sums a count's per-paragraph
    /// verdicts); it must be the value evaluating `e` would give.
    pub fn seed(&self, e: &Expr, value: Value) {
        debug_assert_eq!(
            e.hoist,
            Hoist::Document,
            "only a document-wide value is kept"
        );
        self.values.borrow_mut().insert(key(e), value);
    }

    /// How many hoisted values and indexes were computed for this document.
    pub fn computed(&self) -> usize {
        self.computed.get()
    }
}

/// The sorted values of one indexed count's own side.
type SortedIndex = std::sync::Arc<Vec<f64>>;

/// Hashes a node address with one multiplication: the cache is looked up for every hoisted
/// node of every item, and its keys are addresses, not input an attacker chooses.
#[derive(Default, Clone, Copy)]
struct NodeKeys;

impl std::hash::BuildHasher for NodeKeys {
    type Hasher = NodeKeyHasher;
    fn build_hasher(&self) -> NodeKeyHasher {
        NodeKeyHasher(0)
    }
}

struct NodeKeyHasher(u64);

impl std::hash::Hasher for NodeKeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // Node addresses are 8-aligned; the multiply spreads the rest over the high bits,
        // which hashbrown uses.
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

fn key(e: &Expr) -> usize {
    // A shared number is odd, an address (of an aligned node) even: the two never meet.
    match e.shared {
        Some(n) => ((n as usize) << 1) | 1,
        None => std::ptr::from_ref(e) as usize,
    }
}

static NULL: Value = Value::Null;

/// How a function runs: its (unevaluated) arguments and the span of the call, for errors.
pub(crate) type Impl = fn(&Ctx<'_>, &[Expr], &Range<usize>) -> Result<Value, EvalError>;

/// The implementation of a function-table entry. The evaluator is given it by its caller
/// (`lang::evaluate`), so that it does not depend on the table, which depends on it.
pub(crate) type Dispatch = fn(FuncId) -> Impl;

/// Evaluates an expression, calling functions through `dispatch`.
pub(crate) fn eval(expr: &Expr, env: &dyn Env, dispatch: Dispatch) -> Result<Value, EvalError> {
    Ctx::new(env, dispatch).eval(expr)
}

fn root_slot(kind: ObjectKind) -> usize {
    match kind {
        ObjectKind::Doc => 0,
        ObjectKind::Section => 1,
        ObjectKind::Task => 2,
        ObjectKind::Paragraph => 3,
        ObjectKind::Sentence => 4,
        ObjectKind::Match => 5,
        ObjectKind::Unit => 6,
        ObjectKind::Deadline => 7,
    }
}

/// An evaluation context: the environment, and the names bound by `any`/`all` (`it`) and by
/// `count(scope, …)` (the scope's root name).
#[derive(Clone, Copy)]
pub(crate) struct Ctx<'a> {
    env: &'a dyn Env,
    dispatch: Dispatch,
    it: Option<&'a Value>,
    roots: [Option<&'a Value>; 8],
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(env: &'a dyn Env, dispatch: Dispatch) -> Self {
        Ctx {
            env,
            dispatch,
            it: None,
            roots: [None; 8],
        }
    }

    pub(crate) fn env(&self) -> &'a dyn Env {
        self.env
    }

    /// This context with `it` bound to `v`.
    pub(crate) fn bind_it<'b>(&'b self, v: &'b Value) -> Ctx<'b> {
        Ctx {
            env: self.env,
            dispatch: self.dispatch,
            it: Some(v),
            roots: self.roots,
        }
    }

    /// This context with the root name of `kind` (`task`…) bound to `v`.
    pub(crate) fn bind_root<'b>(&'b self, kind: ObjectKind, v: &'b Value) -> Ctx<'b> {
        let mut roots: [Option<&'b Value>; 8] = self.roots;
        roots[root_slot(kind)] = Some(v);
        Ctx {
            env: self.env,
            dispatch: self.dispatch,
            it: self.it,
            roots,
        }
    }

    /// Evaluates a condition: true, false, or null (false).
    ///
    /// `not`, `and`, `or` and comparisons evaluated where they stand are tested directly, as
    /// [`Ctx::eval_here`] would compute them, without a boolean [`Value`] made for each and
    /// read back: every condition of every item goes through here.
    pub(crate) fn test(&self, e: &Expr) -> Result<bool, EvalError> {
        if e.hoist == Hoist::None {
            match &e.kind {
                ExprKind::Not(x) => return Ok(!self.test(x)?),
                ExprKind::And(xs) => {
                    for x in xs {
                        if !self.test(x)? {
                            return Ok(false);
                        }
                    }
                    return Ok(true);
                }
                ExprKind::Or(xs) => {
                    for x in xs {
                        if self.test(x)? {
                            return Ok(true);
                        }
                    }
                    return Ok(false);
                }
                ExprKind::Binary { op, lhs, rhs, .. } => {
                    return self.with(lhs, |a| self.with(rhs, |b| binary(*op, a, b, e, self.env)));
                }
                _ => {}
            }
        }
        self.with(e, |v| truth(v, &e.span))
    }

    /// Evaluates `e` and hands a reference to its value to `f`, without cloning literals and
    /// field values.
    pub(crate) fn with<R>(
        &self,
        e: &Expr,
        f: impl FnOnce(&Value) -> Result<R, EvalError>,
    ) -> Result<R, EvalError> {
        match &e.kind {
            ExprKind::Literal(v) => f(v),
            ExprKind::Path(p) => self.with_path(p, &e.span, f),
            _ => {
                let v = self.eval(e)?;
                f(&v)
            }
        }
    }

    pub(crate) fn eval(&self, e: &Expr) -> Result<Value, EvalError> {
        if e.hoist != Hoist::None
            && let Some(cache) = self.env.cache()
        {
            if let Hoist::IndexedCount {
                compare,
                own_on_left,
            } = e.hoist
            {
                if let Some(v) = self.indexed_count(e, compare, own_on_left, cache)? {
                    return Ok(v);
                }
            } else {
                if let Some(v) = cache.values.borrow().get(&key(e)) {
                    return Ok(v.clone());
                }
                // Computed outside the borrow: the node may hold other cached nodes.
                let v = self.eval_here(e)?;
                cache.computed.set(cache.computed.get() + 1);
                cache.values.borrow_mut().insert(key(e), v.clone());
                return Ok(v);
            }
        }
        self.eval_here(e)
    }

    /// `count(scope, … and own OP outer and …)` from a sorted index of `own` over the items
    /// the other conjuncts accept; `None` to evaluate it item by item instead, whenever the
    /// index could not give the same result (an evaluation error, a value that is no number).
    fn indexed_count(
        &self,
        e: &Expr,
        compare: usize,
        own_on_left: bool,
        cache: &DocCache,
    ) -> Result<Option<Value>, EvalError> {
        let ExprKind::Call(call) = &e.kind else {
            return Ok(None);
        };
        let (Some(first), Some(cond)) = (call.args.first(), call.args.get(1)) else {
            return Ok(None);
        };
        let ExprKind::Scope(scope) = first.kind else {
            return Ok(None);
        };
        let conjuncts = match &cond.kind {
            ExprKind::And(xs) => xs.as_slice(),
            _ => std::slice::from_ref(cond),
        };
        let Some(ExprKind::Binary { op, lhs, rhs, .. }) = conjuncts.get(compare).map(|c| &c.kind)
        else {
            return Ok(None);
        };
        let (own, outer) = if own_on_left { (lhs, rhs) } else { (rhs, lhs) };
        let cached = cache.indexes.borrow().get(&key(e)).cloned();
        let index = match cached {
            Some(index) => index,
            None => {
                let index = self.build_index(scope, conjuncts, compare, own);
                cache.computed.set(cache.computed.get() + 1);
                cache.indexes.borrow_mut().insert(key(e), index.clone());
                index
            }
        };
        let Some(index) = index else {
            return Ok(None);
        };
        let Ok(x) = self.eval(outer) else {
            return Ok(None);
        };
        let x = match x {
            Value::Null => return Ok(Some(Value::Number(0.0))),
            Value::Number(x) if !x.is_nan() => x,
            _ => return Ok(None),
        };
        // `own OP x`, with the operator turned round when the counted item is on the right.
        let op = match (op, own_on_left) {
            (op, true) => *op,
            (BinOp::Lt, false) => BinOp::Gt,
            (BinOp::Le, false) => BinOp::Ge,
            (BinOp::Gt, false) => BinOp::Lt,
            (BinOp::Ge, false) => BinOp::Le,
            _ => return Ok(None),
        };
        let below = index.partition_point(|v| *v < x);
        let up_to = index.partition_point(|v| *v <= x);
        let n = match op {
            BinOp::Lt => below,
            BinOp::Le => up_to,
            BinOp::Gt => index.len() - up_to,
            BinOp::Ge => index.len() - below,
            _ => return Ok(None),
        };
        Ok(Some(Value::Number(n as f64)))
    }

    /// The sorted values of `own` over the items of `scope` that every conjunct but the
    /// comparison accepts, evaluated in the order and with the short-circuits of `and`.
    fn build_index(
        &self,
        scope: super::Scope,
        conjuncts: &[Expr],
        compare: usize,
        own: &Expr,
    ) -> Option<std::sync::Arc<Vec<f64>>> {
        let root = scope_root(scope);
        let mut values = Vec::new();
        let mut failed = false;
        self.env.each_item(scope, &mut |item| {
            let cx = self.bind_root(root, item);
            for (i, c) in conjuncts.iter().enumerate() {
                if i != compare {
                    match cx.test(c) {
                        Ok(true) => {}
                        Ok(false) => return ControlFlow::Continue(()),
                        Err(_) => {
                            failed = true;
                            return ControlFlow::Break(());
                        }
                    }
                }
            }
            match cx.eval(own) {
                Ok(Value::Number(n)) if !n.is_nan() => values.push(n),
                // An ordering with null is false: the item is never counted.
                Ok(Value::Null) => {}
                _ => {
                    failed = true;
                    return ControlFlow::Break(());
                }
            }
            ControlFlow::Continue(())
        });
        if failed {
            return None;
        }
        values.sort_by(f64::total_cmp);
        Some(std::sync::Arc::new(values))
    }

    /// Evaluates `e` where it stands, without the per-document cache.
    fn eval_here(&self, e: &Expr) -> Result<Value, EvalError> {
        match &e.kind {
            ExprKind::Literal(v) => Ok(v.clone()),
            ExprKind::Path(p) => self.with_path(p, &e.span, |v| Ok(v.clone())),
            ExprKind::List(items) => {
                let values = items
                    .iter()
                    .map(|i| self.eval(i))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(Value::List(std::sync::Arc::new(values)))
            }
            ExprKind::Not(x) => Ok(Value::Bool(!self.test(x)?)),
            ExprKind::And(xs) => {
                for x in xs {
                    if !self.test(x)? {
                        return Ok(Value::Bool(false));
                    }
                }
                Ok(Value::Bool(true))
            }
            ExprKind::Or(xs) => {
                for x in xs {
                    if self.test(x)? {
                        return Ok(Value::Bool(true));
                    }
                }
                Ok(Value::Bool(false))
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                let r = self.with(lhs, |a| self.with(rhs, |b| binary(*op, a, b, e, self.env)))?;
                Ok(Value::Bool(r))
            }
            ExprKind::Call(call) => match call.func {
                Some(id) => (self.dispatch)(id)(self, &call.args, &e.span),
                None => Err(unchecked(e, &format!("未知函数“{}”", call.name))),
            },
            ExprKind::Regex { .. } => Err(unchecked(e, "正则表达式未编译")),
            ExprKind::Scope(s) => Err(EvalError {
                span: e.span.clone(),
                message: format!("范围名“{}”只能用作 count 的第一个参数", s.as_str()),
            }),
        }
    }

    fn with_path<R>(
        &self,
        p: &Path,
        span: &Range<usize>,
        f: impl FnOnce(&Value) -> Result<R, EvalError>,
    ) -> Result<R, EvalError> {
        let owned;
        let root: &Value = match &p.root {
            Root::It => self.it.ok_or_else(|| EvalError {
                span: p.root_span.clone(),
                message: "“it”只能用在 any、all 的条件里".into(),
            })?,
            Root::Object(kind) => match self.roots[root_slot(*kind)] {
                Some(v) => v,
                None => match self.env.root_ref(*kind) {
                    Some(v) => v,
                    None => {
                        owned = self.env.root(root_name(*kind)).unwrap_or(Value::Null);
                        &owned
                    }
                },
            },
            Root::Unknown(name) => {
                return Err(EvalError {
                    span: p.root_span.clone(),
                    message: format!("未知名称“{name}”"),
                });
            }
        };
        let mut cur = root;
        for step in &p.steps {
            cur = match cur {
                Value::Null => return f(&NULL),
                Value::Object(o) => field(o, step)?,
                other => {
                    return Err(EvalError {
                        span: span.start..step.span.end,
                        message: format!("{}没有字段“{}”", value_kind(other), step.name),
                    });
                }
            };
        }
        f(cur)
    }
}

fn field<'v>(o: &'v Object, step: &Step) -> Result<&'v Value, EvalError> {
    if let Some((kind, slot)) = step.slot
        && kind == o.kind
    {
        return Ok(o.values.get(slot).unwrap_or(&NULL));
    }
    o.get(&step.name).ok_or_else(|| EvalError {
        span: step.span.clone(),
        message: format!("该对象没有字段“{}”", step.name),
    })
}

fn unchecked(e: &Expr, what: &str) -> EvalError {
    EvalError {
        span: e.span.clone(),
        message: format!("{what}（表达式未经检查）"),
    }
}

fn truth(v: &Value, span: &Range<usize>) -> Result<bool, EvalError> {
    match v {
        Value::Bool(b) => Ok(*b),
        Value::Null => Ok(false),
        other => Err(EvalError {
            span: span.clone(),
            message: format!("条件的结果应为布尔值，这里是{}", value_kind(other)),
        }),
    }
}

/// Structural equality; values of different kinds are unequal.
pub(crate) fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::Str(x), Value::Str(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::Regex(x), Value::Regex(y)) => x.as_str() == y.as_str(),
        (Value::List(x), Value::List(y)) => {
            x.len() == y.len() && x.iter().zip(y.iter()).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => std::sync::Arc::ptr_eq(x, y),
        _ => false,
    }
}

fn order(a: &Value, b: &Value) -> Option<Ordering> {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.partial_cmp(y),
        (Value::Date(x), Value::Date(y)) => Some(x.cmp(y)),
        (Value::Str(x), Value::Str(y)) => Some(x.cmp(y)),
        _ => None,
    }
}

fn mismatch(op: BinOp, a: &Value, b: &Value, e: &Expr) -> EvalError {
    EvalError {
        span: e.span.clone(),
        message: format!(
            "“{}”不能用于{}与{}",
            op.as_str(),
            value_kind(a),
            value_kind(b)
        ),
    }
}

fn binary(op: BinOp, a: &Value, b: &Value, e: &Expr, env: &dyn Env) -> Result<bool, EvalError> {
    let null = matches!(a, Value::Null) || matches!(b, Value::Null);
    match op {
        BinOp::Eq => Ok(equal(a, b)),
        BinOp::Ne => Ok(!equal(a, b)),
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => match order(a, b) {
            Some(o) => Ok(match op {
                BinOp::Lt => o == Ordering::Less,
                BinOp::Le => o != Ordering::Greater,
                BinOp::Gt => o == Ordering::Greater,
                _ => o != Ordering::Less,
            }),
            None if null => Ok(false),
            None => Err(mismatch(op, a, b, e)),
        },
        BinOp::Matches => match (a, b) {
            (Value::Str(s), Value::Regex(r)) => Ok(match env.regex_answers() {
                Some(answers) => answers.is_match(r, s),
                None => r.is_match(s),
            }),
            _ if null => Ok(false),
            _ => Err(mismatch(op, a, b, e)),
        },
        BinOp::Contains => contains(a, b).ok_or_else(|| mismatch(op, a, b, e)),
        BinOp::In => contains(b, a).ok_or_else(|| mismatch(op, a, b, e)),
    }
}

/// `hay contains needle`: substring or list membership; `None` when it makes no sense.
fn contains(hay: &Value, needle: &Value) -> Option<bool> {
    match (hay, needle) {
        (Value::Str(s), Value::Str(t)) => Some(s.contains(&**t)),
        (Value::List(items), x) => Some(items.iter().any(|i| equal(i, x))),
        (Value::Null, _) | (Value::Str(_), Value::Null) => Some(false),
        _ => None,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeMap;
    use std::ops::ControlFlow;
    use std::sync::Arc;

    use crate::lang::evaluate as eval;
    use crate::lang::{
        self, CheckContext, Date, Env, Object, ObjectKind, Scope, Text, Value, compile,
        compile_placeholder, display, eval_condition, fields, render,
    };

    fn s(text: &str) -> Value {
        Value::Str(Text::from(text))
    }

    fn date(y: i32, m: u32, d: u32) -> Value {
        Value::Date(Date {
            year: y,
            month: m,
            day: d,
        })
    }

    fn list(items: Vec<Value>) -> Value {
        Value::List(Arc::new(items))
    }

    fn obj(kind: ObjectKind, values: Vec<Value>) -> Value {
        assert_eq!(values.len(), fields(kind).len(), "{kind:?}");
        Value::Object(Arc::new(Object { kind, values }))
    }

    fn unit(name: &str, role: &str, generic: bool) -> Value {
        obj(
            ObjectKind::Unit,
            vec![s(name), s(role), s("own"), Value::Bool(generic)],
        )
    }

    fn deadline(text: &str, kind: &str, d: Value) -> Value {
        obj(ObjectKind::Deadline, vec![s(text), s(kind), d, s("own")])
    }

    /// A small plan: three tasks (dated with two units; vague with a generic unit; bare), two
    /// sections, a lexicon of vague words, today 2025-07-01.
    pub(crate) struct Fake {
        pub doc: Value,
        pub sections: Vec<Value>,
        pub tasks: Vec<Value>,
        pub current: Option<usize>,
        pub lexicons: BTreeMap<String, Vec<String>>,
    }

    impl Fake {
        fn items(&self, scope: Scope) -> Vec<Value> {
            match scope {
                Scope::Document => vec![self.doc.clone()],
                Scope::Section => self.sections.clone(),
                Scope::Task => self.tasks.clone(),
                _ => Vec::new(),
            }
        }

        pub(crate) fn new() -> Fake {
            let doc = obj(
                ObjectKind::Doc,
                vec![
                    s("宁川市扬尘治理工作方案"),
                    s("plan"),
                    date(2025, 3, 1),
                    Value::Number(2025.0),
                    Value::Null,
                    Value::Null,
                    s("宁川市扬尘治理工作方案……"),
                    s("方案.txt"),
                    list(vec![s("对工作不力的，予以通报批评")]),
                    list(vec![]),
                    list(vec![s("targets"), s("tasks")]),
                ],
            );
            let task = |title: &str, text: &str, marker: Value, line: f64, units, dl| {
                obj(
                    ObjectKind::Task,
                    vec![
                        s(title),
                        s(text),
                        marker,
                        Value::Number(line),
                        list(units),
                        dl,
                        Value::Null,
                    ],
                )
            };
            let tasks = vec![
                task(
                    "加强施工扬尘管控",
                    "加强施工扬尘管控。2025年6月底前完成。（市住建局牵头，市城管局配合）",
                    s("（一）"),
                    3.0,
                    vec![
                        unit("市住建局", "lead", false),
                        unit("市城管局", "support", false),
                    ],
                    deadline("2025年6月底前", "date", date(2025, 6, 30)),
                ),
                task(
                    "推进秸秆综合利用",
                    "推进秸秆综合利用，尽快完成。（各有关部门负责）",
                    s("（二）"),
                    5.0,
                    vec![unit("各有关部门", "responsible", true)],
                    deadline("尽快", "vague", Value::Null),
                ),
                task(
                    "强化宣传引导",
                    "强化宣传引导。",
                    Value::Null,
                    7.0,
                    vec![],
                    Value::Null,
                ),
            ];
            let section = |title: &str, kind: &str| {
                obj(ObjectKind::Section, vec![s(title), s(kind), s(title)])
            };
            let mut lexicons = BTreeMap::new();
            lexicons.insert(
                "vague-words".to_string(),
                vec!["尽快".to_string(), "适时".to_string(), "逐步".to_string()],
            );
            Fake {
                doc,
                sections: vec![
                    section("一、工作目标", "targets"),
                    section("二、重点任务", "tasks"),
                ],
                tasks,
                current: None,
                lexicons,
            }
        }

        pub(crate) fn at(mut self, task: usize) -> Fake {
            self.current = Some(task);
            self
        }
    }

    impl Env for Fake {
        fn root(&self, name: &str) -> Option<Value> {
            match name {
                "doc" => Some(self.doc.clone()),
                "section" => Some(self.sections[1].clone()),
                "task" => Some(self.current.map_or(Value::Null, |i| self.tasks[i].clone())),
                _ => None,
            }
        }

        fn each_item(&self, scope: Scope, visit: &mut dyn FnMut(&Value) -> ControlFlow<()>) {
            for item in &self.items(scope) {
                if visit(item).is_break() {
                    return;
                }
            }
        }

        fn count_items(&self, scope: Scope) -> usize {
            self.items(scope).len()
        }

        fn lexicon(&self, name: &str) -> Option<Value> {
            let terms = self.lexicons.get(name)?;
            Some(list(terms.iter().map(|t| s(t)).collect()))
        }

        fn today(&self) -> Date {
            Date {
                year: 2025,
                month: 7,
                day: 1,
            }
        }
    }

    fn has_lexicon(name: &str) -> bool {
        name == "vague-words"
    }

    fn cx(scope: Scope) -> CheckContext<'static> {
        CheckContext {
            scope,
            has_lexicon: &has_lexicon,
            defer_regex: false,
        }
    }

    /// The condition's value for each of the three tasks.
    fn per_task(src: &str) -> [bool; 3] {
        let e = compile(src, &cx(Scope::Task)).unwrap_or_else(|e| panic!("{src}: {e:?}"));
        [0, 1, 2].map(|i| {
            eval_condition(&e, &Fake::new().at(i)).unwrap_or_else(|e| panic!("{src}: {e:?}"))
        })
    }

    fn show(src: &str, task: usize) -> String {
        let e = compile_placeholder(src, &cx(Scope::Task)).unwrap_or_else(|e| panic!("{e:?}"));
        render(&e, &Fake::new().at(task)).unwrap_or_else(|e| panic!("{src}: {e:?}"))
    }

    #[test]
    fn paths_through_null_are_null() {
        assert_eq!(
            per_task("task.deadline.kind == \"vague\""),
            [false, true, false]
        );
        assert_eq!(
            per_task("task.deadline.kind != \"vague\""),
            [true, false, true]
        );
        assert_eq!(per_task("has(task.deadline)"), [true, true, false]);
        assert_eq!(per_task("task.deadline.date == null"), [false, true, true]);
        assert_eq!(
            per_task("task.deadline.date < 2026-01-01"),
            [true, false, false]
        );
        assert_eq!(
            per_task("task.deadline.date >= 2026-01-01"),
            [false, false, false]
        );
        assert_eq!(
            per_task("task.deadline.text matches /尽快/"),
            [false, true, false]
        );
        assert_eq!(
            per_task("task.deadline.text contains \"尽快\""),
            [false, true, false]
        );
        assert_eq!(
            per_task("task.deadline.kind in [\"vague\"]"),
            [false, true, false]
        );
        assert_eq!(per_task("has(task.marker)"), [true, true, false]);
        assert_eq!(per_task("not has(task.units)"), [false, false, true]);
        assert_eq!(per_task("has(doc.doc_number)"), [false, false, false]);
        assert_eq!(
            per_task("year(task.deadline.date) == 2025"),
            [true, false, false]
        );
        assert_eq!(show("task.deadline.text", 2), "");
        assert_eq!(show("year(task.deadline.date)", 2), "");
    }

    #[test]
    fn any_all_count() {
        assert_eq!(
            per_task("any(task.units, it.role == \"lead\")"),
            [true, false, false]
        );
        assert_eq!(per_task("all(task.units, it.generic)"), [false, true, true]);
        assert_eq!(
            per_task("any(task.units, it.generic)"),
            [false, true, false]
        );
        assert_eq!(
            per_task("any(task.units, it.role == \"lead\" and not it.generic)"),
            [true, false, false]
        );
        assert_eq!(
            per_task("any(task.units, any(doc.sections, it == \"tasks\") and it.generic)"),
            [false, true, false]
        );
        assert_eq!(per_task("count(task) == 3"), [true; 3]);
        assert_eq!(per_task("count(section) == 2"), [true; 3]);
        assert_eq!(
            per_task("count(task, not has(task.deadline)) == 1"),
            [true; 3]
        );
        assert_eq!(per_task("count(task, task.line < 6) == 2"), [true; 3]);
        // Inside count, `task` is each counted task; outside, the current one.
        assert_eq!(
            per_task("count(task, task.line > 4) == 2 and task.line > 4"),
            [false, true, true]
        );
        assert_eq!(
            per_task("count(task, any(task.units, it.role == \"lead\")) == 1"),
            [true; 3]
        );
        assert_eq!(
            per_task("count(section, section.kind == \"tasks\" and count(task) == 3) == 1"),
            [true; 3]
        );
        assert_eq!(per_task("count(document, has(doc.title)) == 1"), [true; 3]);
        let e = compile("count(task, has(task.deadline)) >= 2", &cx(Scope::Document)).unwrap();
        assert!(eval_condition(&e, &Fake::new()).unwrap());
    }

    #[test]
    fn lexicons() {
        assert_eq!(
            per_task("any(lexicon(\"vague-words\"), task.text contains it)"),
            [false, true, false]
        );
        assert_eq!(
            per_task("task.deadline.text in lexicon(\"vague-words\")"),
            [false, true, false]
        );
        assert_eq!(
            per_task("lexicon(\"vague-words\") contains \"适时\""),
            [true; 3]
        );
        assert_eq!(show("lexicon(\"vague-words\")", 0), "尽快、适时、逐步");
        // A lexicon the environment lacks at run time is an error, not a panic.
        let e = compile("len(lexicon(\"vague-words\")) > 0", &cx(Scope::Task)).unwrap();
        let mut env = Fake::new().at(0);
        env.lexicons.clear();
        let err = eval(&e, &env).unwrap_err();
        assert_eq!(err.message, "未定义的词表“vague-words”");
        assert_eq!(err.span, 12..25);
    }

    #[test]
    fn dates() {
        assert_eq!(
            per_task("task.deadline.date < today()"),
            [true, false, false]
        );
        assert_eq!(
            per_task("doc.date < task.deadline.date"),
            [true, false, false]
        );
        assert_eq!(per_task("doc.date == 2025-03-01"), [true; 3]);
        assert_eq!(
            per_task("doc.date > 2025-02-28 and doc.date <= 2025-03-01"),
            [true; 3]
        );
        assert_eq!(per_task("year(doc.date) == doc.year"), [true; 3]);
        assert_eq!(
            per_task("month(task.deadline.date) == 6"),
            [true, false, false]
        );
        assert_eq!(per_task("today() == 2025-07-01"), [true; 3]);
        assert_eq!(show("today()", 0), "2025-07-01");
        assert_eq!(show("task.deadline.date", 0), "2025-06-30");
    }

    #[test]
    fn in_contains_matches() {
        assert_eq!(per_task("\"lead\" in [\"lead\", \"support\"]"), [true; 3]);
        assert_eq!(per_task("task.line in [3, 7]"), [true, false, true]);
        assert_eq!(per_task("[3, 7] contains task.line"), [true, false, true]);
        assert_eq!(per_task("\"宣传\" in task.title"), [false, false, true]);
        assert_eq!(
            per_task("task.title matches /^(加强|强化)/"),
            [true, false, true]
        );
        assert_eq!(
            per_task("task.text matches /牵头|负责/"),
            [true, true, false]
        );
        assert_eq!(per_task("\"ABC\" matches /abc/i"), [true; 3]);
        assert_eq!(per_task("\"ABC\" matches /abc/"), [false; 3]);
        assert_eq!(
            per_task("task.text contains \"牵头\""),
            [true, false, false]
        );
        assert_eq!(
            per_task("doc.accountability contains \"对工作不力的，予以通报批评\""),
            [true; 3]
        );
        assert_eq!(per_task("task.title < \"推\""), [true, false, true]);
        assert_eq!(per_task("[1, [2]] contains [2]"), [true; 3]);
        assert_eq!(per_task("lower(\"PPP项目\") == \"ppp项目\""), [true; 3]);
        assert_eq!(
            per_task("starts_with(task.title, \"加强\")"),
            [true, false, false]
        );
        assert_eq!(
            per_task("ends_with(task.title, \"引导\")"),
            [false, false, true]
        );
        assert_eq!(
            per_task("starts_with(task.marker, \"（\")"),
            [true, true, false]
        );
        assert_eq!(per_task("len(task.title) == 8"), [true, true, false]);
        assert_eq!(per_task("len(task.units) == 0"), [false, false, true]);
        assert_eq!(per_task("len(task.marker) == 0"), [false, false, true]);
    }

    #[test]
    fn list_literals_with_paths_are_built_at_run_time() {
        assert_eq!(per_task("task.line in [task.line]"), [true; 3]);
        assert_eq!(per_task("[task.marker] == [null]"), [false, false, true]);
    }

    #[test]
    fn display_renders_for_messages() {
        assert_eq!(display(&Value::Number(3.0)), "3");
        assert_eq!(display(&Value::Number(2.5)), "2.5");
        assert_eq!(display(&Value::Number(-0.0)), "0");
        assert_eq!(display(&Value::Number(-12.0)), "-12");
        assert_eq!(display(&Value::Null), "");
        assert_eq!(display(&Value::Bool(true)), "是");
        assert_eq!(display(&date(2025, 6, 3)), "2025-06-03");
        assert_eq!(
            display(&list(vec![s("甲"), Value::Number(2.0), Value::Null])),
            "甲、2、"
        );
        assert_eq!(show("task.units", 0), "市住建局、市城管局");
        assert_eq!(show("task.deadline", 0), "2025年6月底前");
        assert_eq!(show("task.title", 1), "推进秸秆综合利用");
        assert_eq!(show("task.line", 1), "5");
        assert_eq!(show("count(task, has(task.deadline))", 1), "2");
        assert_eq!(show("len(task.text)", 2), "7");
        assert_eq!(show("doc.doc_number", 2), "");
        assert_eq!(show("task.deadline.kind == \"vague\"", 1), "是");
        assert_eq!(show("/a\\/b/i", 1), "/a/b/");
    }

    #[test]
    fn runtime_type_errors_are_errors() {
        let e = compile("all([1, \"a\"], it > 0)", &cx(Scope::Task)).unwrap();
        let err = eval(&e, &Fake::new().at(0)).unwrap_err();
        assert_eq!(err.message, "“>”不能用于字符串与数字");
        assert_eq!(err.span, 14..20);
        assert!(!lang::eval_condition(&e, &Fake::new().at(0)).is_ok_and(|b| b));
        let e = compile("any([1, \"a\"], it)", &cx(Scope::Task)).unwrap();
        let err = eval(&e, &Fake::new().at(0)).unwrap_err();
        assert_eq!(err.message, "条件的结果应为布尔值，这里是数字");
        let e = compile("any([task, 1], it.title == \"x\")", &cx(Scope::Task)).unwrap();
        let err = eval(&e, &Fake::new().at(0)).unwrap_err();
        assert_eq!(err.message, "数字没有字段“title”");
        // Fields looked up by name when the checker could not resolve them.
        let e = compile(
            "any([task, doc], it.title == \"强化宣传引导\")",
            &cx(Scope::Task),
        )
        .unwrap();
        assert!(eval_condition(&e, &Fake::new().at(2)).unwrap());
        let e = compile("any([doc, 1], it.units == 1)", &cx(Scope::Task)).unwrap();
        let err = eval(&e, &Fake::new().at(2)).unwrap_err();
        assert_eq!(err.message, "该对象没有字段“units”");
    }

    #[test]
    fn an_env_with_unexpected_objects_does_not_panic() {
        // An engine bug that binds a document where a task belongs must not panic.
        struct Wrong(Fake);
        impl Env for Wrong {
            fn root(&self, name: &str) -> Option<Value> {
                match name {
                    "task" => Some(self.0.doc.clone()),
                    "section" => Some(Value::Number(1.0)),
                    other => self.0.root(other),
                }
            }
            fn each_item(&self, _: Scope, visit: &mut dyn FnMut(&Value) -> ControlFlow<()>) {
                for item in [Value::Null, Value::Bool(true)] {
                    if visit(&item).is_break() {
                        return;
                    }
                }
            }
            fn count_items(&self, _: Scope) -> usize {
                2
            }
            fn lexicon(&self, _: &str) -> Option<Value> {
                Some(Value::Number(1.0))
            }
            fn today(&self) -> Date {
                self.0.today()
            }
        }
        let env = Wrong(Fake::new());
        for src in [
            "task.title == \"x\"",
            "task.deadline.kind == \"vague\"",
            "section.kind == \"tasks\"",
            "count(task, task.line > 1) > 0",
            "any(lexicon(\"vague-words\"), it == \"x\")",
            "\"x\" in lexicon(\"vague-words\")",
            "has(task.units)",
        ] {
            let e = compile(src, &cx(Scope::Task)).unwrap();
            let _ = eval(&e, &env);
        }
    }

    #[test]
    fn random_expressions_never_panic_at_run_time() {
        let tokens = [
            "(",
            ")",
            "[",
            "]",
            ", ",
            "not ",
            " and ",
            " or ",
            " == ",
            " != ",
            " < ",
            " >= ",
            " matches ",
            " contains ",
            " in ",
            "task.title",
            "task.units",
            "task.deadline",
            "task.deadline.date",
            "doc.date",
            "it",
            "it.name",
            "\"x\"",
            "/a/",
            "3",
            "null",
            "true",
            "has(",
            "len(",
            "count(task, ",
            "any(task.units, ",
            "all(",
            "year(",
            "today()",
            "lexicon(\"vague-words\")",
            "lower(",
            "2025-06-30",
        ];
        let mut state: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let envs: Vec<Fake> = (0..3).map(|i| Fake::new().at(i)).collect();
        let mut compiled = 0;
        for _ in 0..20_000 {
            let n = (next() % 10) as usize + 1;
            let src: String = (0..n)
                .map(|_| tokens[(next() % tokens.len() as u64) as usize])
                .collect();
            for scope in [Scope::Task, Scope::Document, Scope::Match] {
                if let Ok(e) = compile_placeholder(&src, &cx(scope)) {
                    compiled += 1;
                    for env in &envs {
                        let _ = eval(&e, env);
                    }
                }
            }
        }
        assert!(compiled > 100, "{compiled}");
    }
}
