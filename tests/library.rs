//! The library API as a document system embeds it: files in, findings and ledgers out, errors
//! it can show a drafter.

use std::sync::Arc;

const PLAN: &str = "\
青川县2025年农村人居环境整治工作方案
一、重点任务
（一）完善垃圾收运体系。2025年6月底前完成XX个乡镇转运站提标改造。（县住房和城乡建设局牵头）
（二）整治背街小巷环境。完成路面修复和立面整治,完善照明设施。（县城市管理局牵头）
";

#[test]
fn files_are_checked_and_extracted_like_the_command_line_does() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("方案.txt");
    std::fs::write(&path, PLAN).unwrap();
    let options = planlint::Options {
        today: planlint::Date::parse("2025-01-01"),
        ..Default::default()
    };
    let linted = planlint::lint_file_with(&path, &options).unwrap();
    let codes: Vec<&str> = linted.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in ["PL102", "PL301", "PL601"] {
        assert!(codes.contains(&code), "{code} in {codes:?}");
    }
    assert!(
        !codes.contains(&"PL112"),
        "2025-06-30 is not past on 2025-01-01"
    );
    let ledger = planlint::extract_file(&path).unwrap().ledger();
    assert_eq!(ledger.tasks.len(), 2);
    assert!(ledger.tasks[1].deadline.is_none());
}

/// A large file has hundreds of thousands of findings: a rule's id, code and fixed help must be
/// one allocation shared by all of them, and a help with placeholders still rendered for each.
#[test]
fn findings_of_a_rule_share_its_fixed_strings() {
    use planlint::diagnostic::SharedStr;
    let plan = "\
青川县2025年农村人居环境整治工作方案
一、重点任务
（一）完善垃圾收运体系。完成乡镇转运站提标改造。（县住房和城乡建设局牵头）
（二）整治背街小巷环境。完成路面修复和立面整治。（县城市管理局牵头）
（四）加强组织领导。各乡镇要落实属地责任。（县农业农村局牵头）
";
    let linted = planlint::lint("方案.txt", plan);
    let of = |code: &str| -> Vec<_> {
        linted
            .diagnostics
            .iter()
            .filter(|d| d.code == code)
            .collect()
    };
    let deadline = of("PL102");
    let [a, b, ..] = deadline.as_slice() else {
        panic!("two PL102 findings: {:#?}", linted.diagnostics);
    };
    assert_ne!(a.message, b.message, "the message names each task");
    assert!(SharedStr::ptr_eq(&a.code, &b.code));
    assert!(SharedStr::ptr_eq(&a.rule, &b.rule));
    let (ha, hb) = (a.help.as_ref().unwrap(), b.help.as_ref().unwrap());
    assert!(SharedStr::ptr_eq(ha, hb));
    assert_eq!(a.rule, "task-missing-deadline");
    let numbering = of("PL201");
    let [n] = numbering.as_slice() else {
        panic!("one numbering finding: {:#?}", linted.diagnostics);
    };
    assert!(
        n.help.as_deref().unwrap().contains("（三）"),
        "{:?}",
        n.help
    );
}

#[test]
fn a_rule_set_of_ones_own_replaces_the_built_in_one() {
    let dir = tempfile::TempDir::new().unwrap();
    let pack = dir.path().join("pack.yaml");
    std::fs::write(
        &pack,
        "pack: 本单位\nrules:\n  - id: no-xx\n    code: XS1\n    severity: error\n    scope: match\n    match: /XX/\n    message: 有占位符\n",
    )
    .unwrap();
    let rules = planlint::rules_with_packs(&[pack.as_path()]).unwrap();
    let options = planlint::Options {
        rules: Some(Arc::new(rules)),
        select: vec!["XS".into()],
        ..Default::default()
    };
    let linted = planlint::lint_with("方案.txt", PLAN, &options);
    assert_eq!(linted.diagnostics.len(), 1);
    assert_eq!(linted.text(&linted.diagnostics[0]), "XX");
}

#[test]
fn errors_are_std_errors_with_chinese_messages() {
    let err = planlint::lint_file(std::path::Path::new("旧稿.doc")).unwrap_err();
    let as_std: &dyn std::error::Error = &err;
    assert!(as_std.to_string().contains("另存为"), "{err}");
    assert!(as_std.source().is_some());

    let dir = tempfile::TempDir::new().unwrap();
    let pack = dir.path().join("bad.yaml");
    std::fs::write(&pack, "pack: 坏\nrules:\n  - id: x\n    code: XS1\n    severity: error\n    scope: task\n    when: task.nosuchfield ==\n    message: 坏\n").unwrap();
    let err = planlint::rules_with_packs(&[pack.as_path()]).unwrap_err();
    assert!(matches!(err, planlint::Error::Rules(ref es) if !es.is_empty()));
    assert!(err.to_string().starts_with("规则包有"), "{err}");
}
