//! Pass 2 of the load-time checks: what depends on where the rule runs, which root names its
//! scope offers (and `count(scope, …)` binds) and which lexicons exist.

use super::*;

/// Checks `expr` against the context it will run in.
pub(super) fn check(expr: &Expr, cx: &CheckContext<'_>) -> Result<(), LangError> {
    ContextCheck {
        cx,
        bound: Vec::new(),
        in_predicate: 0,
    }
    .walk(expr)
}

struct ContextCheck<'a, 'b> {
    cx: &'a CheckContext<'b>,
    /// Roots bound by enclosing `count(scope, …)`.
    bound: Vec<ObjectKind>,
    /// Inside the condition of `any`/`all` (where `it` exists)?
    in_predicate: usize,
}

impl ContextCheck<'_, '_> {
    fn available(&self) -> Vec<&'static str> {
        let mut names: Vec<&'static str> = self.cx.scope.roots().to_vec();
        for k in &self.bound {
            let n = root_name(*k);
            if !names.contains(&n) {
                names.push(n);
            }
        }
        names
    }

    fn walk(&mut self, e: &Expr) -> Result<(), LangError> {
        match &e.kind {
            ExprKind::Literal(_) | ExprKind::Regex { .. } | ExprKind::Scope(_) => Ok(()),
            ExprKind::Path(p) => self.path(p),
            ExprKind::List(xs) | ExprKind::And(xs) | ExprKind::Or(xs) => {
                xs.iter().try_for_each(|x| self.walk(x))
            }
            ExprKind::Not(x) => self.walk(x),
            ExprKind::Binary { lhs, rhs, .. } => {
                self.walk(lhs)?;
                self.walk(rhs)
            }
            ExprKind::Call(call) => self.call(call),
        }
    }

    fn call(&mut self, call: &Call) -> Result<(), LangError> {
        let Some(f) = call.func.map(functions::function) else {
            return Err(err(
                &call.name_span,
                format!("未知函数“{}”", call.name),
                None,
            ));
        };
        let mut bound_scope: Option<Scope> = None;
        for (arg, param) in call.args.iter().zip(f.params) {
            match param {
                Param::Scope => {
                    if let ExprKind::Scope(s) = arg.kind {
                        bound_scope = Some(s);
                    }
                }
                Param::ScopeCondition => {
                    let pushed = bound_scope.map(scope_root);
                    if let Some(k) = pushed {
                        self.bound.push(k);
                    }
                    let r = self.walk(arg);
                    if pushed.is_some() {
                        self.bound.pop();
                    }
                    r?;
                }
                Param::Predicate => {
                    self.in_predicate += 1;
                    let r = self.walk(arg);
                    self.in_predicate -= 1;
                    r?;
                }
                Param::LexiconName => {
                    if let Some(name) = arg.as_str_literal()
                        && !(self.cx.has_lexicon)(name)
                    {
                        return Err(err(
                            &arg.span,
                            format!("未定义的词表“{name}”"),
                            Some(
                                "在规则包的 lexicons 中定义它，或在 planlint.yaml 的 lexicons 中添加"
                                    .into(),
                            ),
                        ));
                    }
                }
                _ => self.walk(arg)?,
            }
        }
        Ok(())
    }

    fn path(&self, p: &Path) -> Result<(), LangError> {
        let scope = self.cx.scope.as_str();
        match &p.root {
            Root::It => Ok(()),
            Root::Object(k) => {
                let name = root_name(*k);
                let available = self.available();
                if available.contains(&name) {
                    return Ok(());
                }
                let mut help = format!("{scope} 范围的规则可用：{}", available.join("、"));
                if *k != ObjectKind::Match {
                    help.push_str(&format!("；统计全文中的对象请用 count({name}, 条件)"));
                }
                Err(err(
                    &p.root_span,
                    format!("{scope} 范围的规则中没有“{name}”"),
                    Some(help),
                ))
            }
            Root::Unknown(name) => {
                let mut available = self.available();
                if self.in_predicate > 0 {
                    available.push("it");
                }
                // A bare field name: `title` for `task.title` (the innermost root first).
                let as_field = available.iter().rev().find_map(|r| {
                    let k = crate::lang::root_kind(r)?;
                    fields(k)
                        .iter()
                        .any(|f| f.name == name)
                        .then(|| format!("{r}.{name}"))
                });
                let help = match as_field {
                    Some(full) => format!("是否想写“{full}”？"),
                    None => match did_you_mean(name, available.iter().copied()) {
                        Some(s) => format!("是否想写“{s}”？"),
                        None => format!("{scope} 范围的规则可用：{}", available.join("、")),
                    },
                };
                Err(err(&p.root_span, format!("未知名称“{name}”"), Some(help)))
            }
        }
    }
}
