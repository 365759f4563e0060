//! Every built-in rule's own examples: `invalid` ones must fire, `valid` ones must stay
//! silent. This is `planlint rules test` run by `cargo test`, one failure line per example.

use planlint::engine::run_examples;
use planlint::lang::Date;
use planlint::rules::load;

#[test]
fn every_builtin_rule_passes_its_examples() {
    let set = load::builtin().unwrap_or_else(|e| panic!("built-in packs do not load: {e:?}"));
    assert!(!set.rules.is_empty());
    let today = Date {
        year: 2026,
        month: 11,
        day: 23,
    };
    let mut failures = Vec::new();
    for rule in &set.rules {
        assert!(
            !rule.examples.invalid.is_empty(),
            "{} has no example it fires on",
            rule.code
        );
        for f in run_examples(rule, &set, today) {
            failures.push(format!(
                "{} {}: {} example {} {}",
                rule.code,
                rule.id,
                if f.expected_to_fire {
                    "invalid"
                } else {
                    "valid"
                },
                f.index + 1,
                if f.expected_to_fire {
                    "did not fire".to_string()
                } else {
                    format!("fired {} times", f.found)
                }
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn builtin_codes_and_ids_are_unique_and_well_formed() {
    let set = load::builtin().unwrap();
    let mut codes: Vec<&str> = set.rules.iter().map(|r| r.code.as_str()).collect();
    codes.sort_unstable();
    let before = codes.len();
    codes.dedup();
    assert_eq!(before, codes.len());
    for r in &set.rules {
        assert!(
            r.code.starts_with("PL") && r.code[2..].chars().all(|c| c.is_ascii_digit()),
            "{}",
            r.code
        );
        assert!(
            r.id.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.id
        );
        assert!(r.description.is_some(), "{} has no description", r.id);
        assert!(r.help.is_some(), "{} has no help", r.id);
    }
}
