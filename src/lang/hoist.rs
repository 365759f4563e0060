//! The hoisting pass: which parts of a checked expression the engine may compute once per
//! document instead of once per item, and which `count(…)` calls would rescan the whole
//! document for every item.
//!
//! A sub-expression that uses no root but `doc` (a `count(paragraph, …)` over the whole
//! document, a lexicon, `doc.title matches …`) has one value per document: it is marked
//! [`Hoist::Document`] and the engine caches it. A `count(scope, cond)` whose condition uses an
//! outer item (`match.line`, the rule's `paragraph`, an `it`) would cost a scan of the document
//! per item, so O(n²) for the rule; it is accepted only in the one shape a per-document index
//! answers — one conjunct compares something of the counted item with something of the outer
//! item (`paragraph.line < match.line`), the other conjuncts look only at the counted item and
//! `doc` — and refused at load time otherwise, with the span of the call.

use std::collections::HashMap;

use super::ast::{Expr, ExprKind, Hoist, Root, scope_root};
use super::functions::{self, Param};
use super::{LangError, Value};
use super::{ObjectKind, Scope};

/// The roots an expression uses without binding them itself, as a bit set.
type Roots = u16;

const IT: Roots = 1 << 8;

fn bit(kind: ObjectKind) -> Roots {
    1 << (kind as u16)
}

const DOC: Roots = 1 << (ObjectKind::Doc as u16);

/// Marks what can be hoisted in `expr`, or refuses a `count(…)` that would rescan the
/// document for every item.
pub fn hoist(expr: &mut Expr) -> Result<(), LangError> {
    free_roots(expr)?;
    keep_outermost(expr, false);
    Ok(())
}

/// Is this node worth caching? Constants and field paths are already as cheap as a cache.
fn worth_caching(e: &Expr) -> bool {
    !matches!(
        e.kind,
        ExprKind::Literal(_) | ExprKind::Path(_) | ExprKind::Scope(_) | ExprKind::Regex { .. }
    )
}

/// Computes the free roots of every node, bottom-up, marking document-invariant nodes.
fn free_roots(e: &mut Expr) -> Result<Roots, LangError> {
    let roots = match &mut e.kind {
        ExprKind::Literal(_) | ExprKind::Regex { .. } | ExprKind::Scope(_) => 0,
        ExprKind::Path(p) => match &p.root {
            Root::Object(k) => bit(*k),
            Root::It => IT,
            Root::Unknown(_) => 0,
        },
        ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
            let mut r = 0;
            for x in xs {
                r |= free_roots(x)?;
            }
            r
        }
        ExprKind::Not(x) => free_roots(x)?,
        ExprKind::Binary { lhs, rhs, .. } => free_roots(lhs)? | free_roots(rhs)?,
        ExprKind::Call(call) => {
            let params: &[Param] = call.func.map_or(&[], |id| functions::function(id).params);
            let mut r = 0;
            let mut scope: Option<Scope> = None;
            let mut indexed = None;
            for (i, arg) in call.args.iter_mut().enumerate() {
                let inner = free_roots(arg)?;
                match params.get(i) {
                    Some(Param::Scope) => {
                        if let ExprKind::Scope(s) = arg.kind {
                            scope = Some(s);
                        }
                    }
                    Some(Param::ScopeCondition) => {
                        let own = scope.map_or(0, |s| bit(scope_root(s)));
                        let outer = inner & !own;
                        if outer & !DOC != 0 {
                            indexed = Some(indexable(arg, own).ok_or_else(|| refuse(arg, outer))?);
                        }
                        r |= outer;
                    }
                    Some(Param::Predicate) => r |= inner & !IT,
                    _ => r |= inner,
                }
            }
            if let Some((compare, own_on_left)) = indexed {
                e.hoist = Hoist::IndexedCount {
                    compare,
                    own_on_left,
                };
            }
            r
        }
    };
    if roots & !DOC == 0 && worth_caching(e) {
        e.hoist = Hoist::Document;
    }
    Ok(roots)
}

/// For the condition of a `count` that uses an outer item: the conjunct that compares the
/// counted item with the outer one, and which side is the counted item's — when every other
/// conjunct looks only at the counted item and `doc`.
fn indexable(cond: &Expr, own: Roots) -> Option<(usize, bool)> {
    let conjuncts = match &cond.kind {
        ExprKind::And(xs) => xs.as_slice(),
        _ => std::slice::from_ref(cond),
    };
    let inner_only = |x: &Expr| roots_of(x) & !(own | DOC) == 0;
    let mut found = None;
    for (i, c) in conjuncts.iter().enumerate() {
        if inner_only(c) {
            continue;
        }
        if found.is_some() {
            return None;
        }
        let ExprKind::Binary { op, lhs, rhs, .. } = &c.kind else {
            return None;
        };
        if !op.is_ordering() {
            return None;
        }
        let (l, r) = (roots_of(lhs), roots_of(rhs));
        let numeric = |x: &Expr| matches!(super::check::strip(&x.ty), super::Type::Number);
        if l & !(own | DOC) == 0 && r & own == 0 && numeric(lhs) {
            found = Some((i, true));
        } else if r & !(own | DOC) == 0 && l & own == 0 && numeric(rhs) {
            found = Some((i, false));
        } else {
            return None;
        }
    }
    found
}

/// The free roots of an already walked expression (recomputed; expressions are small).
fn roots_of(e: &Expr) -> Roots {
    let mut copy = e.clone();
    free_roots(&mut copy).unwrap_or(Roots::MAX)
}

fn refuse(cond: &Expr, outer: Roots) -> LangError {
    let names: Vec<&str> = (0..8u16)
        .filter(|b| outer & (1 << b) != 0 && (1 << b) != DOC)
        .filter_map(|b| KINDS.get(b as usize).map(|k| super::ast::root_name(*k)))
        .chain((outer & IT != 0).then_some("it"))
        .collect();
    LangError {
        span: cond.span.clone(),
        message: format!(
            "count 的条件用到了外层的“{}”：每个{}都要把全文重新数一遍，长文件会慢到不可用",
            names.join("、"),
            names.first().copied().unwrap_or("对象"),
        ),
        help: Some(
            "count 的条件只应看被数的对象和 doc；要数“在此之前/之后”的对象，只写一个比较，如 count(paragraph, paragraph.line < match.line and paragraph.text matches /…/)"
                .into(),
        ),
    }
}

const KINDS: [ObjectKind; 8] = [
    ObjectKind::Doc,
    ObjectKind::Section,
    ObjectKind::Task,
    ObjectKind::Unit,
    ObjectKind::Deadline,
    ObjectKind::Paragraph,
    ObjectKind::Sentence,
    ObjectKind::Match,
];

/// Only the outermost document-invariant node of a subtree needs a cache entry.
fn keep_outermost(e: &mut Expr, inside: bool) {
    // A count scans the whole document: it keeps a cache entry of its own inside a cached
    // expression, so that another rule or a message asking for the same count finds it.
    if inside && e.hoist == Hoist::Document && !is_count(e) {
        e.hoist = Hoist::None;
    }
    let inside = inside || e.hoist == Hoist::Document;
    match &mut e.kind {
        ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
            for x in xs {
                keep_outermost(x, inside);
            }
        }
        ExprKind::Not(x) => keep_outermost(x, inside),
        ExprKind::Binary { lhs, rhs, .. } => {
            keep_outermost(lhs, inside);
            keep_outermost(rhs, inside);
        }
        ExprKind::Call(call) => {
            for a in &mut call.args {
                keep_outermost(a, inside);
            }
        }
        _ => {}
    }
}

fn is_count(e: &Expr) -> bool {
    matches!(&e.kind, ExprKind::Call(c) if call_name(c) == "count")
}

/// The function a call resolved to (`length` is `len`), or its name as written.
fn call_name(c: &super::ast::Call) -> &str {
    c.func
        .map_or(c.name.as_str(), |id| functions::function(id).name)
}

/// Numbers the document-invariant nodes of the expressions of one rule set so that nodes
/// computing the same value share one: `count(paragraph, paragraph.text matches /…/)` in two
/// rules' conditions and in their messages is counted once per document, not four times.
/// Two nodes compute the same when their [`canonical`] forms agree; `slots` holds the forms
/// numbered so far.
pub fn share(e: &mut Expr, slots: &mut HashMap<String, u32>) {
    e.visit_mut(&mut |node| {
        if node.hoist == Hoist::Document {
            let mut form = String::new();
            canonical(node, &mut form);
            let next = u32::try_from(slots.len()).unwrap_or(u32::MAX);
            node.shared = Some(*slots.entry(form).or_insert(next));
        }
    });
}

/// An exact rendering of what a checked node computes: every literal with its type (a
/// regex with its flags), every path, operator, scope and call. Spans are left out.
fn canonical(e: &Expr, out: &mut String) {
    use std::fmt::Write as _;
    let list = |head: &str, xs: &[Expr], out: &mut String| {
        out.push('(');
        out.push_str(head);
        for x in xs {
            out.push(' ');
            canonical(x, out);
        }
        out.push(')');
    };
    match &e.kind {
        ExprKind::Literal(v) => literal(v, out),
        ExprKind::Regex { pattern, flags, .. } => {
            out.push_str("(regex ");
            counted(pattern, out);
            let _ = write!(out, " {flags:?})");
        }
        ExprKind::List(xs) => list("list", xs, out),
        ExprKind::Path(p) => {
            let _ = write!(out, "(path {:?}", p.root);
            for step in &p.steps {
                let _ = write!(out, " {:?}", step.name);
            }
            out.push(')');
        }
        ExprKind::Scope(s) => {
            let _ = write!(out, "(scope {})", s.as_str());
        }
        ExprKind::Not(x) => list("not", std::slice::from_ref(x.as_ref()), out),
        ExprKind::And(xs) => list("and", xs, out),
        ExprKind::Or(xs) => list("or", xs, out),
        ExprKind::Binary { op, lhs, rhs, .. } => {
            let _ = write!(out, "({} ", op.as_str());
            canonical(lhs, out);
            out.push(' ');
            canonical(rhs, out);
            out.push(')');
        }
        ExprKind::Call(c) => list(&format!("call {:?}", call_name(c)), &c.args, out),
    }
}

fn literal(v: &Value, out: &mut String) {
    use std::fmt::Write as _;
    let _ = match v {
        Value::Null => write!(out, "null"),
        Value::Bool(b) => write!(out, "(bool {b})"),
        Value::Number(n) => write!(out, "(number {n:?})"),
        Value::Str(s) => {
            out.push_str("(str ");
            counted(s.as_str(), out);
            write!(out, ")")
        }
        Value::Date(d) => write!(out, "(date {d})"),
        Value::Regex(r) => {
            out.push_str("(regex ");
            counted(r.as_str(), out);
            write!(out, " {:?})", r.flags())
        }
        Value::List(items) => {
            out.push_str("(list");
            for item in items.iter() {
                out.push(' ');
                literal(item, out);
            }
            write!(out, ")")
        }
        // Constants never hold objects; should one, it shares with nothing.
        Value::Object(o) => write!(out, "(object {:p})", std::sync::Arc::as_ptr(o)),
    };
}

/// `text` preceded by its length, which keeps the rendering exact whatever it holds: the
/// quoted and escaped form cost ≈5 M instructions per process on the built-in term lists.
fn counted(text: &str, out: &mut String) {
    use std::fmt::Write as _;
    let _ = write!(out, "{}:", text.len());
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::{Hoist, share};
    use crate::lang::ast::{Expr, ExprKind};
    use crate::lang::{CheckContext, Scope, compile};

    fn compiled(src: &str, scope: Scope) -> Result<Expr, crate::lang::LangError> {
        compile(
            src,
            &CheckContext {
                scope,
                has_lexicon: &|_| true,
                defer_regex: false,
            },
        )
    }

    /// The shared numbers of the `count(…)` calls of `e`, in order.
    fn count_slots(e: &Expr, out: &mut Vec<Option<u32>>) {
        match &e.kind {
            ExprKind::Call(c) => {
                if c.name == "count" {
                    out.push(e.shared);
                }
                c.args.iter().for_each(|x| count_slots(x, out));
            }
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                xs.iter().for_each(|x| count_slots(x, out));
            }
            ExprKind::Not(x) => count_slots(x, out),
            ExprKind::Binary { lhs, rhs, .. } => {
                count_slots(lhs, out);
                count_slots(rhs, out);
            }
            _ => {}
        }
    }

    #[test]
    fn the_same_count_in_conditions_and_messages_shares_one_value() {
        let traditional = "count(paragraph, paragraph.text matches /[發國區]/)";
        let simplified = "count(paragraph, paragraph.text matches /[发国区]/)";
        let cx = CheckContext {
            scope: Scope::Paragraph,
            has_lexicon: &|_| true,
            defer_regex: false,
        };
        let mut exprs = [
            compiled(
                &format!("paragraph.text matches /發/ and {simplified} >= {traditional}"),
                Scope::Paragraph,
            )
            .unwrap(),
            crate::lang::compile_placeholder(traditional, &cx).unwrap(),
            crate::lang::compile_placeholder(&format!("{traditional} > 2"), &cx).unwrap(),
            // Another flag, another regex: not the same count.
            crate::lang::compile_placeholder(
                "count(paragraph, paragraph.text matches /[發國區]/i)",
                &cx,
            )
            .unwrap(),
        ];
        let mut slots = HashMap::new();
        exprs.iter_mut().for_each(|e| share(e, &mut slots));
        let of = |e: &Expr| {
            let mut out = Vec::new();
            count_slots(e, &mut out);
            out
        };
        let [simp, trad] = of(&exprs[0])[..] else {
            panic!("two counts")
        };
        assert!(simp.is_some() && trad.is_some() && simp != trad);
        assert_eq!(
            of(&exprs[1]),
            [trad],
            "the message's count is the condition's"
        );
        assert_eq!(
            of(&exprs[2]),
            [trad],
            "inside a larger cached expression too"
        );
        assert_ne!(of(&exprs[3]), [trad]);
        assert_ne!(
            exprs[2].shared, exprs[1].shared,
            "count > 2 is not the count"
        );
    }

    /// Every `count(…)` call in the tree with how it runs: `Document` when it or a node
    /// around it is computed once per document, else its own marking.
    fn counts(e: &Expr, out: &mut Vec<(String, Hoist)>) {
        walk(e, false, out);
    }

    fn walk(e: &Expr, hoisted: bool, out: &mut Vec<(String, Hoist)>) {
        let hoisted = hoisted || e.hoist == Hoist::Document;
        let mut visit = |x: &Expr| walk(x, hoisted, out);
        match &e.kind {
            ExprKind::Call(c) => {
                c.args.iter().for_each(&mut visit);
                if c.name == "count" {
                    let h = if hoisted { Hoist::Document } else { e.hoist };
                    out.push((format!("{:?}", e.span), h));
                }
            }
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => xs.iter().for_each(visit),
            ExprKind::Not(x) => visit(x),
            ExprKind::Binary { lhs, rhs, .. } => {
                visit(lhs);
                visit(rhs);
            }
            _ => {}
        }
    }

    #[test]
    fn a_whole_document_count_in_a_paragraph_rule_is_computed_once_per_document() {
        let e = compiled(
            r#"paragraph.text matches /國/ and count(paragraph, paragraph.text matches /国/) >= count(paragraph, paragraph.text matches /國/)"#,
            Scope::Paragraph,
        )
        .unwrap();
        let ExprKind::And(xs) = &e.kind else { panic!() };
        assert_eq!(xs[0].hoist, Hoist::None, "depends on the paragraph");
        assert_eq!(xs[1].hoist, Hoist::Document, "the comparison of two counts");
        // Inside it, a count keeps an entry of its own, for other rules to share.
        let ExprKind::Binary { lhs, .. } = &xs[1].kind else {
            panic!()
        };
        assert_eq!(lhs.hoist, Hoist::Document);
        let mut found = Vec::new();
        counts(&e, &mut found);
        assert_eq!(found.len(), 2);
        assert!(
            found.iter().all(|(_, h)| *h == Hoist::Document),
            "{found:?}"
        );
    }

    #[test]
    fn a_count_before_the_match_is_answered_from_an_index() {
        let e = compiled(
            r#"count(paragraph, paragraph.line < match.line and paragraph.text matches /\d/) == 0"#,
            Scope::Match,
        )
        .unwrap();
        let mut found = Vec::new();
        counts(&e, &mut found);
        assert_eq!(
            found.iter().map(|(_, h)| *h).collect::<Vec<_>>(),
            [Hoist::IndexedCount {
                compare: 0,
                own_on_left: true
            }]
        );
        let e = compiled(
            "count(task, task.text contains \"x\" and paragraph.line >= task.line) > 1",
            Scope::Paragraph,
        )
        .unwrap();
        let mut found = Vec::new();
        counts(&e, &mut found);
        assert_eq!(
            found[0].1,
            Hoist::IndexedCount {
                compare: 1,
                own_on_left: false
            }
        );
    }

    #[test]
    fn a_count_that_rescans_the_document_per_item_is_refused_where_it_is_written() {
        let src = "count(paragraph, paragraph.text contains match.text) > 1";
        let e = compiled(src, Scope::Match).unwrap_err();
        assert_eq!(&src[e.span.clone()], "paragraph.text contains match.text");
        assert!(e.message.contains("“match”"), "{}", e.message);
        // Two comparisons with the outer item are no shape an index answers.
        let src = "count(task, task.line < paragraph.line and task.line > paragraph.line) > 0";
        assert!(compiled(src, Scope::Paragraph).is_err());
        let src = "any(task.units, count(task, task.text contains it.name) > 0)";
        let e = compiled(src, Scope::Task).unwrap_err();
        assert!(e.message.contains("“it”"), "{}", e.message);
    }

    #[test]
    fn every_built_in_count_outside_a_document_rule_is_hoisted_or_indexed() {
        let rules = crate::rules::load::builtin().unwrap();
        let mut seen = 0;
        for rule in &rules.rules {
            if rule.scope == Scope::Document {
                continue;
            }
            let Some(when) = &rule.when else { continue };
            let mut found = Vec::new();
            counts(when, &mut found);
            seen += found.len();
            for (span, h) in &found {
                assert_ne!(
                    *h,
                    Hoist::None,
                    "{}: count at {span} runs per item",
                    rule.id
                );
            }
        }
        assert!(
            seen >= 4,
            "the built-in packs have counts in item rules: {seen}"
        );
    }
}
