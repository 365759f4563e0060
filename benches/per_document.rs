//! The fixed costs of `check`: building the rule set once per process, and checking one
//! 16 KB plan with a rule set built beforehand (what every further file of a run costs).
//! Run with `cargo bench --bench per_document`.
//!
//! The plan is the repository's own plan texts (examples/, tests/fixtures/) concatenated up
//! to 16 KB, the size of the files `bench/corpus.sh` writes.

use std::sync::LazyLock;

mod common;

fn main() {
    divan::main();
}

/// About 16 KB of plan text, cut at a line end.
static PLAN: LazyLock<String> = LazyLock::new(|| {
    let texts = common::fixture_texts();
    let mut s = String::new();
    for text in texts.iter().cycle() {
        for line in text.lines() {
            s.push_str(line);
            s.push('\n');
            if s.len() >= 16_000 {
                return s;
            }
        }
        s.push('\n');
    }
    unreachable!("the cycle ends at 16 KB")
});

/// Parsing and compiling the six built-in packs (expressions, regexes, automata).
#[divan::bench(sample_count = 10)]
fn build_rules() -> planlint::rules::RuleSet {
    planlint::rules::load::builtin().expect("built-in packs load")
}

/// PL505's tables: every altered form of the set phrases, spelled out and indexed. Built on
/// the first text it checks, so a run whose selection leaves PL505 out never pays for it.
#[divan::bench(sample_count = 10)]
fn build_altered_phrases() -> usize {
    let rules = planlint::builtin_rules();
    let entries = rules.lexicons["set-phrases"].as_ref().clone();
    let m = planlint::rules::near_miss::NearMiss::altered(&entries).expect("compiles");
    m.find_all("").len()
}

/// Reading (outline, facts) and linting one 16 KB plan with all six packs, rules built once.
#[divan::bench(sample_count = 30)]
fn check_16kb_plan(bencher: divan::Bencher) {
    let rules = planlint::builtin_rules();
    let settings = planlint::engine::Settings::default();
    // Warm the rule set's lazily built parts, as the first file of a run does.
    let (doc, facts) = planlint::read_str("plan.txt", &PLAN);
    planlint::engine::lint(&doc, &facts, &rules, &settings);
    bencher.bench(|| {
        let (doc, facts) = planlint::read_str("plan.txt", divan::black_box(&PLAN));
        planlint::engine::lint(&doc, &facts, &rules, &settings).len()
    });
}

/// Only the linting of [`check_16kb_plan`]: the document is read beforehand.
#[divan::bench(sample_count = 30)]
fn lint_16kb_plan(bencher: divan::Bencher) {
    let rules = planlint::builtin_rules();
    let settings = planlint::engine::Settings::default();
    let (doc, facts) = planlint::read_str("plan.txt", &PLAN);
    planlint::engine::lint(&doc, &facts, &rules, &settings);
    bencher.bench(|| planlint::engine::lint(&doc, &facts, &rules, &settings).len());
}
