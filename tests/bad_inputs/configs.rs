//! Packs and configs: the bad file is the folder's planlint.yaml or a pack it names, so it
//! governs only the plan next to it.

use crate::harness::{Config, Run, good_plan, matrix, write};

/// A folder `bad/` with a plan and `planlint.yaml` (and `pack.yaml` when given).
fn with_config(config: &str, pack: Option<&str>) -> Run {
    matrix(Config::Discovered, &[], |d| {
        write(d, "bad/planlint.yaml", config);
        if let Some(pack) = pack {
            write(d, "bad/pack.yaml", pack);
        }
        write(d, "bad/plan.txt", good_plan())
    })
}

fn with_pack(pack: &str) -> Run {
    with_config("packs: [plan, ./pack.yaml]\n", Some(pack))
}

/// A pack of one rule whose `key: value` lines are given.
fn one_rule(lines: &str) -> String {
    format!("pack: 本单位\nrules:\n  - id: local-rule\n    code: XS101\n{lines}")
}

/// The bad file is named with its line; the plan it governs is not checked.
fn assert_config_refused(run: &Run, file: &str, line: usize, says: &[&str]) {
    run.assert_refused(&format!("{file}:{line}:"), says);
}

#[test]
fn an_alias_bomb_is_refused_in_a_pack_and_in_a_config() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 9].join(",");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let run = with_pack(&format!("pack: 炸弹\n{bomb}"));
    run.assert_refused("pack.yaml:", &["别名"]);
    let mut config = String::from(
        "overrides:\n  - files: &a [\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\",\"a\"]\n",
    );
    for (prev, name) in "abcdefgh".chars().zip("bcdefghi".chars()) {
        let refs = vec![format!("*{prev}"); 8].join(",");
        config.push_str(&format!("  - files: &{name} [{refs}]\n"));
    }
    let run = with_config(&config, None);
    run.assert_refused("planlint.yaml:", &["配置无效"]);
}

#[test]
fn ten_megabyte_yaml_files_are_refused_unread() {
    let terms: String = (0..1_000_000).map(|i| format!("词{i},")).collect();
    let run = with_pack(&one_rule(&format!(
        "    severity: warning\n    scope: match\n    match: [{terms}]\n    message: 发现\n"
    )));
    run.assert_refused("pack.yaml", &["规则文件大小", "超过上限 4 MB"]);
    let run = with_config(&format!("lexicons:\n  units: [{terms}]\n"), None);
    run.assert_refused("planlint.yaml", &["无法读取配置文件", "超过上限 4 MB"]);
}

#[test]
fn a_ten_thousand_deep_expression_is_a_located_error() {
    let deep = format!("{}true{}", "(".repeat(10_000), ")".repeat(10_000));
    let run = with_pack(&one_rule(&format!(
        "    severity: warning\n    scope: document\n    when: '{deep}'\n    message: 深\n"
    )));
    assert_config_refused(&run, "pack.yaml", 7, &["嵌套过深"]);
}

#[test]
fn invalid_and_catastrophic_regexes() {
    let run = with_pack(&one_rule(
        "    severity: warning\n    scope: match\n    match: /(市|县)(局/\n    message: 发现\n",
    ));
    assert_config_refused(&run, "pack.yaml", 7, &["正则表达式有误"]);
    // (a+)+$ backtracks exponentially in engines that backtrack; the regex crate's automata
    // run in linear time, so 200,000 characters end well inside the bound.
    let run = matrix(Config::Discovered, &[], |d| {
        write(d, "bad/planlint.yaml", "packs: [plan, ./pack.yaml]\n");
        write(
            d,
            "bad/pack.yaml",
            one_rule(
                "    severity: error\n    scope: match\n    match: '/(a+)+$/'\n    message: 发现连续的 a\n",
            ),
        );
        write(
            d,
            "bad/plan.txt",
            format!(
                "{}{}!\n{}\n",
                good_plan(),
                "a".repeat(200_000),
                "a".repeat(200_000)
            ),
        )
    });
    run.assert_good_files_reported();
    assert_eq!(run.code, Some(1));
    let found = run.findings("bad/plan.txt");
    assert_eq!(
        found
            .iter()
            .filter(|(c, _)| c == "XS101")
            .collect::<Vec<_>>(),
        [&("XS101".to_string(), 10)],
        "only the line that ends in a run of a matches"
    );
}

#[test]
fn unknown_fields_in_a_pack_and_a_config() {
    let run = with_pack(&one_rule(
        "    severity: warning\n    scope: match\n    match: [布署]\n    mesage: 发现\n",
    ));
    assert_config_refused(&run, "pack.yaml", 8, &["mesage"]);
    let run = with_config("rules:\n  PL101: off\nexlcude: [\"草稿/**\"]\n", None);
    assert_config_refused(&run, "planlint.yaml", 3, &["未知的键“exlcude”"]);
}

#[test]
fn duplicate_rule_ids_and_codes() {
    let rule = "    severity: warning\n    scope: match\n    match: [布署]\n    message: 发现\n";
    let pack = format!(
        "{}  - id: local-rule\n    code: XS102\n{rule}",
        one_rule(rule)
    );
    assert_config_refused(&with_pack(&pack), "pack.yaml", 9, &["重复"]);
    let pack = format!(
        "{}  - id: other-rule\n    code: PL101\n{rule}",
        one_rule(rule)
    );
    assert_config_refused(&with_pack(&pack), "pack.yaml", 10, &["重复"]);
}

#[test]
fn wrong_types_in_a_pack_and_a_config() {
    let run = with_pack(&one_rule(
        "    severity: 3\n    scope: match\n    match: [布署]\n    message: 发现\n",
    ));
    assert_config_refused(&run, "pack.yaml", 5, &["severity"]);
    let run = with_config("rules: [PL101, PL102]\n", None);
    assert_config_refused(&run, "planlint.yaml", 1, &["映射"]);
    let run = with_config("limits:\n  max_file_size: 很大\n", None);
    assert_config_refused(&run, "planlint.yaml", 2, &["不是有效的大小"]);
}

#[test]
fn tabs_in_a_pack_and_a_config() {
    let run = with_pack("pack: 本单位\nrules:\n\t- id: local-rule\n");
    assert_config_refused(&run, "pack.yaml", 3, &["YAML"]);
    let run = with_config("rules:\n\tPL101: off\n", None);
    assert_config_refused(&run, "planlint.yaml", 2, &["Tab"]);
}

#[test]
fn a_missing_lexicon_in_a_pack_and_a_config() {
    let run = with_pack(&one_rule(
        "    severity: warning\n    scope: match\n    match: lexicon(\"本市单位\")\n    message: 发现\n",
    ));
    assert_config_refused(&run, "pack.yaml", 7, &["未定义的词表“本市单位”"]);
    let run = with_config("lexicons:\n  local-units: 词表/本市单位.txt\n", None);
    run.assert_refused(
        "planlint.yaml",
        &["无法读取词表", "本市单位.txt", "文件不存在"],
    );
}

#[test]
fn a_bad_glob_in_a_config() {
    let run = with_config("exclude: [\"草稿/[**\"]\n", None);
    assert_config_refused(&run, "planlint.yaml", 1, &["无效的路径通配符"]);
}
