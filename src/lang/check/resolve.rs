//! Pass 1 of the load-time checks, context-free: types every node of a freshly parsed
//! expression, resolves field slots and functions, compiles regex literals and folds constant
//! lists, so that evaluation never looks anything up by name.

use super::*;

/// Types and resolves a freshly parsed expression (see the module documentation).
pub(crate) fn resolve(expr: &mut Expr, defer_regex: bool) -> Result<(), LangError> {
    Resolver {
        its: Vec::new(),
        defer_regex,
    }
    .expr(expr)
}

struct Resolver {
    /// The types `it` stands for, innermost last.
    its: Vec<Type>,
    defer_regex: bool,
}

impl Resolver {
    fn expr(&mut self, e: &mut Expr) -> Result<(), LangError> {
        let word = if matches!(e.kind, ExprKind::And(_)) {
            "and"
        } else {
            "or"
        };
        let ty = match &mut e.kind {
            ExprKind::Literal(v) => literal_type(v),
            ExprKind::Regex {
                pattern,
                flags,
                flags_span,
            } => {
                let re = compile_regex(pattern, flags, flags_span, &e.span, self.defer_regex)?;
                e.kind = ExprKind::Literal(Value::Regex(Arc::new(re)));
                Type::Regex
            }
            ExprKind::List(items) => {
                let mut elem: Option<Type> = None;
                for item in items.iter_mut() {
                    self.expr(item)?;
                    let t = strip(&item.ty);
                    elem = match (elem, t) {
                        (None, t) => Some(t.clone()),
                        (Some(Type::Null), t) => Some(t.clone()),
                        (Some(prev), Type::Null) => Some(prev),
                        (Some(prev), t) if prev == *t => Some(prev),
                        _ => Some(Type::Any),
                    };
                }
                let ty = Type::List(Box::new(match elem {
                    None | Some(Type::Null) => Type::Any,
                    Some(t) => t,
                }));
                let constant = items
                    .iter()
                    .map(|i| match &i.kind {
                        ExprKind::Literal(v) => Some(v.clone()),
                        _ => None,
                    })
                    .collect::<Option<Vec<_>>>();
                if let Some(values) = constant {
                    e.kind = ExprKind::Literal(Value::List(Arc::new(values)));
                }
                ty
            }
            ExprKind::Path(p) => self.path(p)?,
            ExprKind::Scope(_) => Type::Any,
            ExprKind::Not(x) => {
                self.expr(x)?;
                expect_bool(x, "not")?;
                Type::Bool
            }
            ExprKind::And(xs) | ExprKind::Or(xs) => {
                for x in xs.iter_mut() {
                    self.expr(x)?;
                    expect_bool(x, word)?;
                }
                Type::Bool
            }
            ExprKind::Binary { op, lhs, rhs, .. } => {
                self.expr(lhs)?;
                self.expr(rhs)?;
                binary_types(*op, lhs, rhs, &e.span)?;
                Type::Bool
            }
            ExprKind::Call(call) => self.call(call, &e.span)?,
        };
        e.ty = ty;
        Ok(())
    }

    fn path(&mut self, p: &mut Path) -> Result<Type, LangError> {
        let (mut ty, mut text) = match &p.root {
            Root::Object(k) => (Type::Object(*k), root_name(*k).to_string()),
            Root::It => match self.its.last() {
                Some(t) => (t.clone(), "it".to_string()),
                None => {
                    return Err(err(
                        &p.root_span,
                        "“it”只能用在 any、all 的条件里".into(),
                        Some("如 any(task.units, it.role == \"lead\")".into()),
                    ));
                }
            },
            // Reported by the context pass, which knows the scope's roots.
            Root::Unknown(_) => return Ok(Type::Any),
        };
        for step in &mut p.steps {
            let opt = matches!(ty, Type::Optional(_));
            let next = match strip(&ty) {
                Type::Object(k) => {
                    let fs = fields(*k);
                    match fs.iter().position(|f| f.name == step.name) {
                        Some(i) => {
                            step.slot = Some((*k, i));
                            let t = fs[i].ty.clone();
                            if opt { optional(t) } else { t }
                        }
                        None => {
                            let names = fs.iter().map(|f| f.name);
                            let help = match did_you_mean(&step.name, names) {
                                Some(s) => format!("是否想写“{text}.{s}”？"),
                                None => format!(
                                    "{}的字段有：{}",
                                    kind_name(*k),
                                    fs.iter().map(|f| f.name).collect::<Vec<_>>().join("、")
                                ),
                            };
                            return Err(err(
                                &step.span,
                                format!("未知字段“{text}.{}”", step.name),
                                Some(help),
                            ));
                        }
                    }
                }
                Type::Any | Type::Null => Type::Any,
                Type::List(_) => {
                    return Err(err(
                        &step.span,
                        format!("“{text}”是{}，没有字段“{}”", type_name(&ty), step.name),
                        Some(format!(
                            "检查其中的元素请用 any({text}, it.{} == …) 或 all(…)",
                            step.name
                        )),
                    ));
                }
                other => {
                    return Err(err(
                        &step.span,
                        format!("“{text}”是{}，没有字段“{}”", type_name(other), step.name),
                        None,
                    ));
                }
            };
            ty = next;
            text.push('.');
            text.push_str(&step.name);
        }
        Ok(ty)
    }

    fn call(&mut self, call: &mut Call, span: &std::ops::Range<usize>) -> Result<Type, LangError> {
        let Some(f) = functions::lookup(&call.name) else {
            // Function names and the aliases people reach for (`length` → `len`), so that a
            // typo of an alias (`lenght`) finds the function too.
            let names = functions::table()
                .iter()
                .map(|f| (f.name, f.name))
                .chain(functions::ALIASES.iter().copied());
            let guess = did_you_mean(&call.name, names.clone().map(|(n, _)| n))
                .and_then(|n| names.clone().find(|(a, _)| *a == n).map(|(_, f)| f));
            let help = match guess {
                Some(g) => format!("是否想写“{g}”？"),
                None => format!(
                    "可用的函数：{}",
                    functions::table()
                        .iter()
                        .map(|f| f.name)
                        .collect::<Vec<_>>()
                        .join("、")
                ),
            };
            return Err(err(
                &call.name_span,
                format!("未知函数“{}”", call.name),
                Some(help),
            ));
        };
        call.func = functions::lookup_id(f.name);
        let n = call.args.len();
        if n < f.required || n > f.params.len() {
            return Err(err(
                span,
                if f.params.is_empty() {
                    format!("函数“{}”不带参数，这里有 {n} 个", f.name)
                } else {
                    format!("函数“{}”需要 {}，这里有 {n} 个", f.name, f.arity_text())
                },
                Some(format!("用法：{}，如 {}", f.signature, f.example)),
            ));
        }
        let single = f.params.len() == 1;
        let mut elem = Type::Any;
        for (i, (arg, param)) in call.args.iter_mut().zip(f.params).enumerate() {
            let which = if single {
                "参数".to_string()
            } else {
                format!("第 {} 个参数", i + 1)
            };
            let bad = |arg: &Expr, want: &str| {
                err(
                    &arg.span,
                    format!(
                        "函数“{}”的{which}应为{want}，这里是{}",
                        f.name,
                        type_name(&arg.ty)
                    ),
                    Some(format!("用法：{}，如 {}", f.signature, f.example)),
                )
            };
            match param {
                Param::Scope => {
                    let scope = scope_arg(arg, f)?;
                    arg.kind = ExprKind::Scope(scope);
                    arg.ty = Type::Any;
                }
                Param::Predicate => {
                    self.its.push(elem.clone());
                    let r = self.expr(arg);
                    self.its.pop();
                    r?;
                    expect_bool(arg, f.name)?;
                }
                Param::ScopeCondition => {
                    self.expr(arg)?;
                    expect_bool(arg, f.name)?;
                }
                Param::LexiconName => {
                    if arg.as_str_literal().is_none() {
                        return Err(err(
                            &arg.span,
                            "词表名应直接写成字符串".into(),
                            Some("如 lexicon(\"agency-renames\")".into()),
                        ));
                    }
                    self.expr(arg)?;
                }
                Param::Any => self.expr(arg)?,
                Param::Text => {
                    self.expr(arg)?;
                    if !textish(&arg.ty) {
                        return Err(bad(arg, "字符串"));
                    }
                }
                Param::TextOrList => {
                    self.expr(arg)?;
                    if !(textish(&arg.ty) || matches!(strip(&arg.ty), Type::List(_))) {
                        return Err(bad(arg, "字符串或列表"));
                    }
                }
                Param::Date => {
                    self.expr(arg)?;
                    if !dateish(&arg.ty) {
                        return Err(bad(arg, "日期"));
                    }
                }
                Param::List => {
                    self.expr(arg)?;
                    if !matches!(strip(&arg.ty), Type::List(_) | Type::Any | Type::Null) {
                        return Err(bad(arg, "列表"));
                    }
                    elem = element(&arg.ty);
                }
            }
        }
        Ok(f.returns.ty())
    }
}

const SCOPE_NAMES: [&str; 5] = ["task", "section", "paragraph", "sentence", "document"];

fn scope_arg(arg: &Expr, f: &Function) -> Result<Scope, LangError> {
    let name = match &arg.kind {
        ExprKind::Path(p) if p.steps.is_empty() => match &p.root {
            Root::Object(k) => root_name(*k),
            Root::Unknown(s) => s.as_str(),
            Root::It => "it",
        },
        _ => "",
    };
    let scope = match name {
        "doc" | "document" => Some(Scope::Document),
        "section" => Some(Scope::Section),
        "task" => Some(Scope::Task),
        "paragraph" => Some(Scope::Paragraph),
        "sentence" => Some(Scope::Sentence),
        _ => None,
    };
    scope.ok_or_else(|| {
        let help = match did_you_mean(name, SCOPE_NAMES) {
            Some(s) if !name.is_empty() => format!("是否想写“{s}”？"),
            _ => format!("如 {}", f.example),
        };
        err(
            &arg.span,
            format!(
                "{} 的第一个参数应为范围名：{}",
                f.name,
                SCOPE_NAMES.join("、")
            ),
            Some(help),
        )
    })
}

fn literal_type(v: &Value) -> Type {
    match v {
        Value::Null => Type::Null,
        Value::Bool(_) => Type::Bool,
        Value::Number(_) => Type::Number,
        Value::Str(_) => Type::String,
        Value::Date(_) => Type::Date,
        Value::Regex(_) => Type::Regex,
        Value::List(items) => {
            let mut elem: Option<Type> = None;
            for i in items.iter() {
                let t = literal_type(i);
                elem = match (elem, t) {
                    (None, t) | (Some(Type::Null), t) => Some(t),
                    (Some(p), Type::Null) => Some(p),
                    (Some(p), t) if p == t => Some(p),
                    _ => Some(Type::Any),
                };
            }
            Type::List(Box::new(match elem {
                None | Some(Type::Null) => Type::Any,
                Some(t) => t,
            }))
        }
        Value::Object(o) => Type::Object(o.kind),
    }
}

fn expect_bool(x: &Expr, context: &str) -> Result<(), LangError> {
    if boolish(&x.ty) {
        return Ok(());
    }
    let help = match strip(&x.ty) {
        Type::String | Type::List(_) | Type::Object(_) => {
            Some("判断是否有值请用 has(…)，如 has(task.units)".to_string())
        }
        _ => None,
    };
    Err(err(
        &x.span,
        format!("“{context}”需要条件（真或假），这里是{}", type_name(&x.ty)),
        help,
    ))
}

/// A regex literal with its flags (i, m, s, x), compiled now or, when `defer` (a built-in
/// pack), on first use.
pub(crate) fn compile_regex(
    pattern: &str,
    flags: &str,
    flags_span: &std::ops::Range<usize>,
    span: &std::ops::Range<usize>,
    defer: bool,
) -> Result<RegexLiteral, LangError> {
    let mut f = RegexFlags::default();
    for (i, c) in flags.char_indices() {
        match c {
            'i' => f.case_insensitive = true,
            'm' => f.multi_line = true,
            's' => f.dot_matches_new_line = true,
            'x' => f.ignore_whitespace = true,
            _ => {
                let at = flags_span.start + i;
                return Err(err(
                    &(at..at + c.len_utf8()),
                    format!("未知的正则标志“{c}”"),
                    Some(
                        "可用的标志：i（不区分大小写）、m（多行）、s（. 匹配换行）、x（忽略空白）"
                            .into(),
                    ),
                ));
            }
        };
    }
    let built = if defer {
        Ok(RegexLiteral::deferred(pattern, f))
    } else {
        RegexLiteral::compiled(pattern, f)
    };
    built.map_err(|e| {
        let detail = match &e {
            regex::Error::Syntax(s) => s
                .lines()
                .rev()
                .find_map(|l| l.strip_prefix("error: "))
                .unwrap_or(s)
                .to_string(),
            regex::Error::CompiledTooBig(_) => "编译后过大，请简化".to_string(),
            other => other.to_string(),
        };
        err(
            span,
            format!("正则表达式有误：{detail}"),
            Some("语法见 regex crate 文档；不支持环视（?= ?!）和反向引用".into()),
        )
    })
}

fn binary_types(
    op: BinOp,
    lhs: &Expr,
    rhs: &Expr,
    span: &std::ops::Range<usize>,
) -> Result<(), LangError> {
    let (a, b) = (&lhs.ty, &rhs.ty);
    let (sa, sb) = (strip(a), strip(b));
    match op {
        BinOp::Eq | BinOp::Ne => {
            if comparable(a, b) {
                return Ok(());
            }
            let help = match (sa, sb) {
                (Type::List(_), _) | (_, Type::List(_)) => Some(
                    "判断列表中是否有某值请用 contains 或 in；按元素的字段判断请用 any(列表, it.字段 == …)"
                        .to_string(),
                ),
                (Type::Regex, _) | (_, Type::Regex) => {
                    Some("用正则表达式匹配请用 matches".to_string())
                }
                (Type::Object(_), _) | (_, Type::Object(_)) => {
                    Some("比较对象的某个字段，如 task.deadline.kind".to_string())
                }
                _ => None,
            };
            Err(err(
                span,
                format!("不能比较{}与{}", type_name(a), type_name(b)),
                help,
            ))
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge => {
            let orderable = |t: &Type| matches!(t, Type::Number | Type::Date | Type::String);
            let ok = match (sa, sb) {
                (Type::Null, _) | (_, Type::Null) => false,
                (Type::Any, Type::Any) => true,
                (Type::Any, t) | (t, Type::Any) => orderable(t),
                (x, y) => x == y && orderable(x),
            };
            if ok {
                return Ok(());
            }
            let help = match (sa, sb) {
                (Type::String | Type::List(_), Type::Number) => {
                    Some("比较字数或个数请用 len(…)，如 len(task.title) > 60".to_string())
                }
                (Type::Null, _) | (_, Type::Null) => Some("判断是否为空请用 has(…)".to_string()),
                _ => Some("只有数字、日期、字符串能比较大小，且两边类型须相同".to_string()),
            };
            Err(err(
                span,
                format!(
                    "“{}”不能用于{}与{}",
                    op.as_str(),
                    type_name(a),
                    type_name(b)
                ),
                help,
            ))
        }
        BinOp::Matches => {
            if !textish(a) {
                return Err(err(
                    &lhs.span,
                    format!("“matches”左侧应为字符串，这里是{}", type_name(a)),
                    matches!(sa, Type::List(_))
                        .then(|| "检查列表中的元素请用 any(列表, it matches /…/)".to_string()),
                ));
            }
            if !matches!(sb, Type::Regex | Type::Any) {
                return Err(err(
                    &rhs.span,
                    format!(
                        "“matches”右侧应为正则表达式 /…/，这里是{}",
                        type_name(b)
                    ),
                    Some(match sb {
                        Type::String => {
                            "正则表达式写在两个斜线之间，如 /20[_＿]{2}年/；只判断是否含有某段文字请用 contains"
                                .to_string()
                        }
                        _ => "正则表达式写在两个斜线之间，如 /不断|持续/".to_string(),
                    }),
                ));
            }
            Ok(())
        }
        BinOp::Contains => match sa {
            Type::String | Type::Null => {
                if textish(b) {
                    Ok(())
                } else {
                    Err(err(
                        &rhs.span,
                        format!("字符串只能包含字符串，这里是{}", type_name(b)),
                        matches!(sb, Type::Regex)
                            .then(|| "用正则表达式匹配请用 matches".to_string()),
                    ))
                }
            }
            Type::List(e) => {
                if comparable(e, b) {
                    Ok(())
                } else {
                    Err(err(
                        &rhs.span,
                        format!("{}中不会有{}", type_name(a), type_name(b)),
                        matches!(**e, Type::Object(_))
                            .then(|| "按元素的字段判断请用 any(列表, it.字段 == …)".to_string()),
                    ))
                }
            }
            Type::Any => Ok(()),
            _ => Err(err(
                &lhs.span,
                format!("“contains”左侧应为字符串或列表，这里是{}", type_name(a)),
                None,
            )),
        },
        BinOp::In => match sb {
            Type::List(e) => {
                if comparable(a, e) {
                    Ok(())
                } else {
                    Err(err(
                        &lhs.span,
                        format!("{}中不会有{}", type_name(b), type_name(a)),
                        None,
                    ))
                }
            }
            Type::String => {
                if textish(a) {
                    Ok(())
                } else {
                    Err(err(
                        &lhs.span,
                        format!("字符串中不会有{}", type_name(a)),
                        None,
                    ))
                }
            }
            Type::Any | Type::Null => Ok(()),
            _ => Err(err(
                &rhs.span,
                format!("“in”右侧应为列表，这里是{}", type_name(b)),
                Some("如 task.deadline.kind in [\"vague\", \"ongoing\"]".into()),
            )),
        },
    }
}
