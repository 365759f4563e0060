//! Does `check` stay linear in the size of one file? Concatenates the repository's own plan
//! texts (examples/, tests/fixtures/) into single files of 0.2, 0.8 and 3.2 MB, runs all six
//! built-in packs over each (best of 5, one thread), and prints the time per MB and its ratio
//! to the smallest size. Linear means a ratio near 1; the quadratic count(…) rules made it
//! grow with the size (≈8× at 0.8 MB before they were hoisted).
//! Run with `cargo bench --bench scaling`.

use std::time::{Duration, Instant};

mod common;

fn pool() -> String {
    common::fixture_texts()
        .iter()
        .map(|t| format!("{t}\n"))
        .collect()
}

fn sized(pool: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + pool.len());
    while s.len() < bytes {
        s.push_str(pool);
    }
    s
}

fn best_of(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .expect("at least one run")
}

fn main() {
    // `cargo test --benches` runs bench binaries too; only measure under `cargo bench`.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    let rules = planlint::rules::load::builtin().expect("built-in packs load");
    let settings = planlint::engine::Settings::default();
    let pool = pool();
    let mut first = None;
    println!("size      best of 5   ms per MB   ratio to 0.2 MB");
    for kb in [200, 800, 3200] {
        let text = sized(&pool, kb * 1000);
        let t = best_of(5, || {
            let (doc, facts) = planlint::read_str("bench.txt", std::hint::black_box(&text));
            let found = planlint::engine::lint(&doc, &facts, &rules, &settings);
            std::hint::black_box(found.len());
        });
        let per_mb = t.as_secs_f64() * 1000.0 / (text.len() as f64 / 1e6);
        let base = *first.get_or_insert(per_mb);
        println!(
            "{:>5.1} MB  {:>8.1} ms  {:>9.1}   {:>5.2}",
            text.len() as f64 / 1e6,
            t.as_secs_f64() * 1000.0,
            per_mb,
            per_mb / base
        );
    }
}
