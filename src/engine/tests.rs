//! The engine on rules built in code: scopes, suppression, the findings cap, rule examples.

use std::sync::Arc;

use super::*;
use crate::lang::ast::{ExprKind, Hoist};
use crate::rules::{Applicability, Examples, Matcher, Origin, RuleSource, Template, TemplatePart};

fn text(s: &str) -> Template {
    Template {
        parts: vec![TemplatePart::Text(s.to_string())],
    }
}

/// A rule built directly, without the pack loader: `when` is left out so it always fires.
fn rule(id: &str, code: &str, scope: Scope, matcher: Option<&str>) -> Rule {
    Rule {
        id: id.into(),
        code: code.into(),
        pack: "test".into(),
        severity: Severity::Warning,
        scope,
        when: None,
        matcher: matcher.map(|m| {
            Matcher::Regex(Arc::new(
                lang::RegexLiteral::compiled(m, lang::RegexFlags::default()).unwrap(),
            ))
        }),
        message: text("发现问题"),
        help: None,
        description: None,
        fix: matcher.map(|_| text("，")),
        applicability: Applicability::Safe,
        examples: Examples::default(),
        origin: Origin {
            file: Arc::from("test.yaml"),
            span: 0..0,
        },
        source: RuleSource::default(),
    }
}

fn set(rules: Vec<Rule>) -> RuleSet {
    RuleSet {
        rules,
        ..RuleSet::default()
    }
}

const PLAN: &str = "青川县秸秆禁烧工作方案\n一、重点任务\n（一）开展巡查,2025年10月底前完成。（县农业农村局牵头）\n（二）加强宣传,营造氛围。\n二、保障措施\n（一）严格问责。对工作不力的乡镇，由县政府约谈其主要负责人。\n";

fn lint_text(text: &str, rules: &RuleSet, settings: &Settings) -> Vec<Diagnostic> {
    let (doc, facts) = crate::read_str("a.txt", text);
    lint(&doc, &facts, rules, settings)
}

#[test]
fn each_scope_is_walked_once_per_object() {
    let rules = set(vec![
        rule("doc-rule", "T1", Scope::Document, None),
        rule("section-rule", "T2", Scope::Section, None),
        rule("task-rule", "T3", Scope::Task, None),
    ]);
    let found = lint_text(PLAN, &rules, &Settings::default());
    let count = |code: &str| found.iter().filter(|d| d.code == code).count();
    assert_eq!(count("T1"), 1);
    assert_eq!(count("T2"), 2, "two sections");
    assert_eq!(count("T3"), 2, "two tasks");
}

#[test]
fn match_rules_point_at_the_original_text_and_carry_their_fix() {
    let rules = set(vec![rule(
        "ascii-comma",
        "T9",
        Scope::Match,
        Some(r"(\p{Han}),"),
    )]);
    let (doc, facts) = crate::read_str("a.txt", PLAN);
    let found = lint(&doc, &facts, &rules, &Settings::default());
    assert_eq!(found.len(), 2);
    assert_eq!(doc.text(found[0].span), "查,");
    assert_eq!(doc.line(found[0].span.start), 3);
    let fix = found[0].fix.as_ref().unwrap();
    assert_eq!(fix.edits[0].replacement, "，");
    assert!(found.windows(2).all(|w| w[0].span.start <= w[1].span.start));
}

#[test]
fn severities_select_and_ignore() {
    let rules = set(vec![
        rule("task-rule", "PL101", Scope::Task, None),
        rule("doc-rule", "PL201", Scope::Document, None),
    ]);
    let mut s = Settings {
        severities: vec![("PL1".into(), Severity::Error)],
        ..Settings::default()
    };
    let found = lint_text(PLAN, &rules, &s);
    assert!(
        found
            .iter()
            .filter(|d| d.code == "PL101")
            .all(|d| d.severity == Severity::Error)
    );
    // Something is found, and all of it by the one rule left in force.
    let only = |s: &Settings, code: &str| {
        let found = lint_text(PLAN, &rules, s);
        !found.is_empty() && found.iter().all(|d| d.code == code)
    };
    s.select = vec!["PL2".into()];
    assert!(only(&s, "PL201"));
    s.select.clear();
    s.ignore = vec!["doc-rule".into()];
    assert!(only(&s, "PL101"));
    s.ignore.clear();
    s.severities.push(("task-rule".into(), Severity::Off));
    assert!(only(&s, "PL201"));
}

/// Sentences are only built when a rule asks for them; a rule that does, by its scope or
/// in a message, still sees every one.
#[test]
fn sentences_are_there_for_the_rules_that_look_at_them() {
    let yaml = r#"
pack: 句子
rules:
  - id: long-sentence
    code: XS901
    severity: info
    scope: sentence
    when: len(sentence.text) > 21
    message: 句子过长
  - id: sentence-count
    code: XS902
    severity: info
    scope: document
    when: count(sentence, sentence.text contains "巡查") > 0
    message: 共{count(sentence, sentence.text contains "巡查")}句提到巡查
"#;
    let rules = crate::rules::load::pack_str("句子.yaml", yaml, None).expect("pack loads");
    assert!(rules.rules.iter().all(|r| r.uses_scope(Scope::Sentence)));
    let found = lint_text(PLAN, &rules, &Settings::default());
    let long: Vec<usize> = {
        let (doc, _) = crate::read_str("a.txt", PLAN);
        found
            .iter()
            .filter(|d| d.code == "XS901")
            .map(|d| doc.line(d.span.start))
            .collect()
    };
    assert_eq!(long, [6], "only the accountability sentence is long");
    let count = found
        .iter()
        .find(|d| d.code == "XS902")
        .expect("document finding");
    assert_eq!(count.message, "共1句提到巡查");
    let no_sentences = set(vec![rule("task-rule", "T3", Scope::Task, None)]);
    assert!(!no_sentences.rules[0].uses_scope(Scope::Sentence));
}

/// Leading conjuncts that depend only on the document are tested once per rule; the
/// rule finds what the reference evaluation finds whether they hold, fail or fail to
/// evaluate.
#[test]
fn document_conjuncts_tested_once_find_what_the_reference_finds() {
    let yaml = r#"
pack: 门
rules:
  - id: gate-holds
    code: XG901
    severity: info
    scope: task
    when: doc.kind == "plan" and has(task.deadline)
    message: 任务“{task.title}”有时限
  - id: gate-fails
    code: XG902
    severity: info
    scope: task
    when: doc.kind == "notice" and has(task.deadline)
    message: 不应出现
  - id: gate-errs
    code: XG903
    severity: info
    scope: task
    when: all([1, "a"], it > 0) and has(task.deadline)
    message: 不应出现
  - id: gate-is-all
    code: XG904
    severity: info
    scope: paragraph
    when: doc.kind == "plan"
    message: 段落
"#;
    let rules = crate::rules::load::pack_str("门.yaml", yaml, None).expect("pack loads");
    for rule in &rules.rules {
        let when = rule.when.as_ref().unwrap();
        let first = match &when.kind {
            ExprKind::And(xs) => &xs[0],
            _ => when,
        };
        assert_eq!(first.hoist, Hoist::Document, "{}", rule.id);
    }
    let (doc, facts) = crate::read_str("a.txt", PLAN);
    let settings = Settings::default();
    let fast = lint_with(&doc, &facts, &rules, &settings, Evaluation::Optimised);
    let plain = lint_with(&doc, &facts, &rules, &settings, Evaluation::Reference);
    let show = |found: &[Diagnostic]| {
        found
            .iter()
            .map(|d| (d.code.clone(), d.span, d.message.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(show(&fast), show(&plain));
    let count = |code: &str| fast.iter().filter(|d| d.code == code).count();
    assert_eq!(count("XG901"), 1, "one task has a deadline");
    assert_eq!((count("XG902"), count("XG903")), (0, 0));
    assert_eq!(count("XG904"), PLAN.lines().count());
}

#[test]
fn findings_past_the_cap_become_one_summary_at_the_cut() {
    let rules = set(vec![rule(
        "ascii-comma",
        "T9",
        Scope::Match,
        Some(r"(\p{Han}),"),
    )]);
    let s = Settings {
        max_findings: 1,
        ..Settings::default()
    };
    let found = lint_text(PLAN, &rules, &s);
    let codes: Vec<&str> = found.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(codes, ["T9", TOO_MANY_FINDINGS.0]);
    let (doc, _) = crate::read_str("a.txt", PLAN);
    assert_eq!(doc.line(found[1].span.start), 4, "the second comma");
}

#[test]
fn a_passed_deadline_stops_before_the_outline() {
    let rules = set(vec![rule("doc-rule", "T1", Scope::Document, None)]);
    let input = || crate::input::read_str("a.txt", PLAN, crate::input::Format::Text);
    let late = Settings {
        deadline: Some(std::time::Instant::now()),
        ..Settings::default()
    };
    let stop = lint_input_within(input(), &rules, &late).unwrap_err();
    assert_eq!((stop.phase.as_str(), stop.rules_done), ("结构分析", 0));
    assert!(lint_input_within(input(), &rules, &Settings::default()).is_ok());
}

#[test]
fn suppression_comments_hide_findings_and_stale_ones_are_reported() {
    let rules = set(vec![rule("task-rule", "PL101", Scope::Task, None)]);
    let text = "青川县秸秆禁烧工作方案\n一、重点任务\nplanlint-disable-next-line PL101\n（一）开展巡查。\n（二）加强宣传。\nplanlint-disable-next-line PL999\n（三）强化执法。\n";
    let found = lint_text(text, &rules, &Settings::default());
    let lines: Vec<(String, usize)> = {
        let (doc, _) = crate::read_str("a.txt", text);
        found
            .iter()
            .map(|d| (d.code.to_string(), doc.line(d.span.start)))
            .collect()
    };
    assert_eq!(
        lines,
        [
            ("PL101".to_string(), 5),
            ("PL001".to_string(), 6),
            ("PL101".to_string(), 7)
        ]
    );
}

/// Plans of the fixtures and examples one after another: a document with every scope, tasks
/// that inherit units, numbering problems and repeated task titles.
fn long_plan() -> String {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = std::fs::read_to_string(dir.join("examples/sample-plan.txt")).unwrap();
    for name in [
        "deadline_kinds.txt",
        "enclosing_fields.txt",
        "traditional_mirror.txt",
    ] {
        text += &std::fs::read_to_string(dir.join("tests/fixtures").join(name)).unwrap();
    }
    text.repeat(2)
}

fn lint_in_windows(
    text: &str,
    rules: &RuleSet,
    settings: &Settings,
    window_bytes: usize,
) -> Vec<Diagnostic> {
    let (doc, facts) = crate::read_str("a.txt", text);
    let windows = DocValues::new(&doc, &facts, None, false).windows(window_bytes);
    assert_eq!(
        windows.len() > 1,
        window_bytes < text.len(),
        "{window_bytes}"
    );
    let how = (Evaluation::Optimised, window_bytes);
    lint_core(&doc, &facts, rules, settings, how, &mut None, None)
}

#[test]
fn windows_cover_every_block_and_task_once_in_order() {
    let text = long_plan();
    let (doc, facts) = crate::read_str("a.txt", &text);
    assert!(doc.tasks.len() > 10);
    for window_bytes in [1, 300, 4096, usize::MAX] {
        let windows = DocValues::new(&doc, &facts, None, false).windows(window_bytes);
        let (mut block, mut task) = (0, 0);
        for w in &windows {
            assert_eq!(
                (w.blocks.start, w.tasks.start),
                (block, task),
                "{window_bytes}"
            );
            (block, task) = (w.blocks.end, w.tasks.end);
        }
        assert_eq!((block, task), (doc.blocks.len(), doc.tasks.len()));
    }
    let empty = crate::read_str("a.txt", "");
    assert_eq!(
        DocValues::new(&empty.0, &empty.1, None, false)
            .windows(1)
            .len(),
        1
    );
}

#[test]
fn the_built_in_rules_find_the_same_in_small_windows_as_in_one() {
    let rules = crate::builtin_rules();
    let text = long_plan();
    let settings = Settings::default();
    let whole = lint_in_windows(&text, &rules, &settings, usize::MAX);
    assert!(whole.len() > 100, "{}", whole.len());
    for window_bytes in [1, 700, 5000] {
        assert_eq!(
            lint_in_windows(&text, &rules, &settings, window_bytes),
            whole
        );
    }
}

#[test]
fn findings_settled_early_leave_the_same_first_ones_and_summary() {
    let rules = crate::builtin_rules();
    let text = format!("<!-- planlint-disable PL3 -->\n{}", long_plan());
    let all = lint_in_windows(&text, &rules, &Settings::default(), usize::MAX);
    // Whole rules are suppressed, so that a rule's first findings are still its first
    // findings shown, as the cap of each rule assumes.
    let unsuppressed = lint_in_windows(&long_plan(), &rules, &Settings::default(), usize::MAX);
    let pl3 = |found: &[Diagnostic]| found.iter().filter(|d| d.code.starts_with("PL3")).count();
    assert_eq!((pl3(&all), pl3(&unsuppressed) > 0), (0, true));
    for max_findings in [0, 1, 7, 40, all.len() - 1] {
        let mut expected = all.clone();
        cap_findings(&mut expected, max_findings);
        let settings = Settings {
            max_findings,
            ..Settings::default()
        };
        for window_bytes in [300, usize::MAX] {
            let found = lint_in_windows(&text, &rules, &settings, window_bytes);
            assert_eq!(found, expected, "{max_findings} {window_bytes}");
        }
    }
}

/// Every pattern or table that outline, extraction and the matching view build on first use
/// (a module-level `LazyLock`) is built by its module's `warm_up`, and every module's
/// `warm_up` is called by its parent's, so [`warm_up_reading`] reaches them all. A static
/// added without its line would be built on the first document's path again, unnoticed.
#[test]
fn warm_up_reading_reaches_every_lazily_built_pattern() {
    // The OpenCC converter serves Traditional text only: building it for every run would cost
    // a process that never meets one.
    const NOT_WARMED: [&str; 1] = ["CONVERTER"];
    let statics =
        regex::Regex::new(r"(?m)^(?:pub(?:\([a-z]+\))? )?static ([A-Z0-9_]+): LazyLock").unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let body_of_warm_up = |text: &str| -> Option<String> {
        let start = text.find("fn warm_up() {\n")?;
        let end = text[start..].find("\n}\n")? + start;
        Some(text[start..end].to_string())
    };
    let mut checked = 0;
    for top in ["outline", "extract", "normalize"] {
        for entry in walkdir::WalkDir::new(src.join(top)) {
            let path = entry.unwrap().into_path();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            let warm_up = body_of_warm_up(&text).unwrap_or_default();
            for name in statics.captures_iter(&text).map(|c| c[1].to_string()) {
                if !NOT_WARMED.contains(&name.as_str()) {
                    checked += 1;
                    assert!(
                        warm_up.contains(&format!("LazyLock::force(&{name});")),
                        "{}: `warm_up` does not build {name}",
                        path.display()
                    );
                }
            }
            // A module with a `warm_up` is warmed by its parent (its folder's mod.rs, or the
            // mod.rs beside it).
            if !warm_up.is_empty() && !path.ends_with(format!("{top}/mod.rs")) {
                let (parent, name) = if path.ends_with("mod.rs") {
                    let dir = path.parent().unwrap();
                    (
                        dir.parent().unwrap().join("mod.rs"),
                        dir.file_name().unwrap(),
                    )
                } else {
                    (
                        path.parent().unwrap().join("mod.rs"),
                        path.file_stem().unwrap(),
                    )
                };
                let parent_text = std::fs::read_to_string(&parent).unwrap();
                let call = format!("{}::warm_up();", name.to_string_lossy());
                assert!(
                    body_of_warm_up(&parent_text).is_some_and(|b| b.contains(&call)),
                    "{} does not call {call}",
                    parent.display()
                );
            }
        }
    }
    assert!(
        checked > 60,
        "only {checked} statics found: has the layout changed?"
    );
}

/// Values unlike `v`: a different scalar, and for a list or object each one with one item or
/// field made unlike its own, or an item fewer.
fn unlike(v: &lang::Value) -> Vec<lang::Value> {
    use crate::lang::{Object, Text, Value};
    match v {
        Value::Null => vec![Value::Str(Text::from("别的"))],
        Value::Bool(b) => vec![Value::Bool(!b)],
        Value::Number(n) => vec![Value::Number(n + 1.0), Value::Null],
        Value::Str(s) => vec![
            Value::Str(Text::from(format!("{}别的", s.as_str()))),
            Value::Null,
        ],
        Value::Date(_) => vec![Value::Null],
        Value::List(items) => {
            let mut out = vec![Value::List(Arc::new(items[1..].to_vec()))];
            if items.is_empty() {
                out = vec![Value::List(Arc::new(vec![Value::Null]))];
            }
            for (i, item) in items.iter().enumerate() {
                for other in unlike(item) {
                    let mut changed = items.to_vec();
                    changed[i] = other;
                    out.push(Value::List(Arc::new(changed)));
                }
            }
            out
        }
        Value::Object(o) => {
            let mut out = vec![Value::Null];
            for (i, field) in o.values.iter().enumerate() {
                for other in unlike(field) {
                    let mut values = o.values.clone();
                    values[i] = other;
                    out.push(Value::Object(Arc::new(Object {
                        kind: o.kind,
                        values,
                    })));
                }
            }
            out
        }
        _ => vec![Value::Null],
    }
}

/// Values laid out as a re-check keeps them.
fn flat(values: &[lang::Value]) -> values::Flat {
    values::Flat::of(values).expect("no regex among the fields")
}

/// A re-check tells a task met before by comparing the fields it kept with what the task is
/// made of, without building its object: every task of a plan with markers, units of each
/// role, deadlines of each kind and repeated titles is its own object, and no object with a
/// field, a unit's or a deadline's field changed is.
#[test]
fn a_task_is_its_object_and_nothing_unlike_it() {
    let text = long_plan();
    let (doc, facts) = crate::read_str("a.txt", &text);
    let values = DocValues::new(&doc, &facts, None, false);
    let bounds = values.windows(usize::MAX);
    let window = values.window(&bounds[0]);
    assert!(facts.tasks.iter().any(|t| t.units.len() > 1));
    assert!(
        facts
            .tasks
            .iter()
            .any(|t| t.deadline.as_ref().is_some_and(|d| d.date.is_some()))
    );
    assert!(
        facts
            .tasks
            .iter()
            .any(|t| t.deadline.as_ref().is_some_and(|d| d.date.is_none()))
    );
    let mut repeats = 0;
    for t in 0..doc.tasks.len() {
        let lang::Value::Object(object) = window.task(&values, t) else {
            panic!("task {t} is an object");
        };
        assert!(values.task_is(t, &flat(&object.values)), "task {t}");
        repeats += usize::from(!matches!(object.values[6], lang::Value::Null));
        for (i, field) in object.values.iter().enumerate() {
            for other in unlike(field) {
                let mut fields = object.values.clone();
                fields[i] = other;
                assert!(
                    !values.task_is(t, &flat(&fields)),
                    "task {t}, field {i}: {:?}",
                    fields[i]
                );
            }
        }
    }
    assert!(repeats > 0, "a repeated title");
}

/// A re-check tells a paragraph met before by comparing the context it kept (marker, heading,
/// numbering problem, expected marker) with what the paragraph is made of: every paragraph of
/// a plan with headings, numbered items, a numbering slip and body text has its own context,
/// and no context with one of those changed is its.
#[test]
fn a_paragraph_has_its_own_context_and_nothing_unlike_it() {
    let text = format!(
        "{}一、重点任务\n（一）开展巡查。\n（三）加强宣传。\n二、保障措施\n严格问责。\n",
        long_plan()
    );
    let (doc, facts) = crate::read_str("a.txt", &text);
    let values = DocValues::new(&doc, &facts, None, false);
    let bounds = values.windows(usize::MAX);
    let window = values.window(&bounds[0]);
    let (mut headings, mut slips) = (0, 0);
    for (p, n) in window.paragraphs.iter().zip(window.blocks.clone()) {
        let lang::Value::Object(object) = window.value(&values, p) else {
            panic!("paragraph {n} is an object");
        };
        let context = &object.values[2..6];
        assert!(
            values.paragraph_context_is(n, &flat(context)),
            "paragraph {n}"
        );
        headings += usize::from(matches!(context[1], lang::Value::Bool(true)));
        slips += usize::from(!matches!(context[2], lang::Value::Null));
        for (i, field) in context.iter().enumerate() {
            for other in unlike(field) {
                let mut changed = context.to_vec();
                changed[i] = other;
                assert!(
                    !values.paragraph_context_is(n, &flat(&changed)),
                    "paragraph {n}, slot {i}"
                );
            }
        }
    }
    assert!(
        headings > 0 && slips > 0,
        "{headings} headings, {slips} numbering slips"
    );
}

/// The language server tidies a memo after sending the diagnostics: until then the memo
/// still holds what the last run did not use, and a run that finds it untidied tidies it
/// first, so that what is kept follows the document and not every version it has been.
#[test]
fn a_memo_forgets_unused_paragraphs_when_tidied_or_at_the_next_run() {
    let rules = crate::rules::load::builtin().expect("built-in packs load");
    let settings = Settings::default();
    let lint = |memo: &mut Memo, text: &str| {
        let input = crate::input::read_str("a.txt", text, crate::input::Format::Text);
        lint_input_with(input, &rules, &settings, memo).expect("no deadline");
    };
    let first =
        "青川县扬尘治理工作方案\n一、重点任务\n1. 强化工地管控。（县住建局牵头，2025年6月底前）\n";
    let second = "青川县秸秆禁烧工作方案\n一、工作措施\n";
    let mut memo = Memo::on();
    lint(&mut memo, first);
    memo.tidy();
    assert_eq!(memo.paragraphs_kept(), 3);
    lint(&mut memo, second);
    assert_eq!(
        memo.paragraphs_kept(),
        5,
        "untidied: both versions' paragraphs"
    );
    memo.tidy();
    assert_eq!(memo.paragraphs_kept(), 2);
    lint(&mut memo, first);
    lint(&mut memo, first);
    assert_eq!(
        memo.paragraphs_kept(),
        3,
        "tidied at the second run's start"
    );
}

/// Findings of a rule that say the same in a row share one string for their message and fix,
/// as they share their rule's code: one allocation for all of them, not one each.
#[test]
fn findings_that_say_the_same_share_their_words() {
    let rules = crate::rules::load::builtin().expect("built-in packs load");
    let text = "青川县扬尘治理工作方案\n一、重点任务\n1. 加强管理,压实责任。强化管理,落实到人。（县住建局牵头，2026年6月底前）\n";
    let input = crate::input::read_str("a.txt", text, crate::input::Format::Text);
    let (_, found) = lint_input_within(input, &rules, &Settings::default()).expect("no deadline");
    let commas: Vec<&Diagnostic> = found.iter().filter(|d| d.code == "PL301").collect();
    let [first, second] = commas[..] else {
        panic!("two half-width commas: {found:?}");
    };
    assert_eq!(first.message, second.message);
    assert!(SharedStr::ptr_eq(&first.message, &second.message));
    let replacement = |d: &Diagnostic| d.fix.as_ref().expect("a fix").edits[0].replacement.clone();
    assert!(SharedStr::ptr_eq(&replacement(first), &replacement(second)));
}

/// Nothing after extraction reads the blocks' views. A check drops them before the rules run;
/// the server leaves them with the rest of the run's reading, to be freed once the
/// diagnostics are sent rather than on the way to them.
#[test]
fn the_server_frees_a_runs_views_when_it_tidies() {
    let rules = crate::rules::load::builtin().expect("built-in packs load");
    let settings = Settings::default();
    let text =
        "青川县扬尘治理工作方案\n一、重点任务\n1. 强化工地管控。（县住建局牵头，2025年6月底前）\n";
    let lint = |memo: &mut Memo| {
        let input = crate::input::read_str("a.txt", text, crate::input::Format::Text);
        lint_input_with(input, &rules, &settings, memo).expect("no deadline");
    };
    let mut server = Memo::on();
    lint(&mut server);
    assert_eq!(
        server.views_left(),
        3,
        "one view a block, kept until tidied"
    );
    server.tidy();
    assert_eq!(server.views_left(), 0);
    let mut check = Memo::default();
    lint(&mut check);
    assert_eq!(check.views_left(), 0);
}
