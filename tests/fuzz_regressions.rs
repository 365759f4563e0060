//! Inputs the fuzz targets crashed on, replayed through the very code each target runs
//! (`fuzz/src/lib.rs`), together with the repository's own plans, rule packs and configs (the
//! targets' seeds), so that what once panicked stays fixed and the targets' invariants hold on
//! real text in every `cargo test`. A new crash input goes into
//! `tests/fixtures/fuzz/<target>/` under a name that says what it is.

use std::path::{Path, PathBuf};

#[path = "../fuzz/src/lib.rs"]
mod harness;

fn files(dir: impl AsRef<Path>) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .collect();
    out.sort();
    out
}

/// The saved crash inputs of a target.
fn regressions(target: &str) -> Vec<PathBuf> {
    files(Path::new("tests/fixtures/fuzz").join(target))
}

/// The plans of tests/fixtures (not the fuzz inputs) and the bundled sample plan.
fn plans() -> Vec<PathBuf> {
    let mut out = vec![PathBuf::from("examples/sample-plan.txt")];
    let mut dirs = vec![PathBuf::from("tests/fixtures")];
    while let Some(d) = dirs.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                if !p.ends_with("fuzz") {
                    dirs.push(p);
                }
            } else if p.extension().is_some_and(|x| x == "txt" || x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Runs `target` on each input; a panic names the input it came from.
fn replay(target: fn(&[u8]), inputs: impl IntoIterator<Item = (String, Vec<u8>)>) -> usize {
    let mut n = 0;
    for (name, bytes) in inputs {
        if std::panic::catch_unwind(|| target(&bytes)).is_err() {
            panic!("the fuzz target failed on {name} again");
        }
        n += 1;
    }
    n
}

fn read(paths: Vec<PathBuf>) -> impl Iterator<Item = (String, Vec<u8>)> {
    paths
        .into_iter()
        .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
}

#[test]
fn pipeline_inputs_lint_fix_and_relint() {
    let plans = read(plans()).flat_map(|(name, text)| {
        let md = name.ends_with(".md");
        [(name, [&[u8::from(md)][..], &text].concat())]
    });
    let n = replay(
        harness::pipeline,
        plans.chain(read(regressions("pipeline"))),
    );
    assert!(n >= 30, "only {n} pipeline inputs");
}

#[test]
fn text_inputs_read_in_every_encoding() {
    let n = replay(
        harness::text,
        read(plans()).chain(read(regressions("text"))),
    );
    assert!(n >= 30, "only {n} text inputs");
}

#[test]
fn docx_inputs_read_from_their_xml_parts() {
    let seed: Vec<u8> = ["document.xml", "numbering.xml", "styles.xml"]
        .iter()
        .map(|p| std::fs::read(Path::new("fuzz/seeds/docx").join(p)).unwrap())
        .collect::<Vec<_>>()
        .join(&[harness::PART_SEPARATOR][..]);
    let n = replay(
        harness::docx,
        std::iter::once(("fuzz/seeds/docx".to_string(), seed)).chain(read(regressions("docx"))),
    );
    assert!(n >= 1);
}

#[test]
fn pack_inputs_load_or_fail_with_located_errors() {
    let packs = files("rules")
        .into_iter()
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    let n = replay(harness::pack, read(packs).chain(read(regressions("pack"))));
    assert!(n >= 6, "only {n} pack inputs");
}

#[test]
fn config_inputs_load_or_fail_with_located_errors() {
    let template = (
        "config::TEMPLATE".to_string(),
        planlint::config::TEMPLATE.as_bytes().to_vec(),
    );
    let n = replay(
        harness::config,
        std::iter::once(template)
            .chain(read(files("fuzz/seeds/config")))
            .chain(read(regressions("config"))),
    );
    assert!(n >= 4);
}

#[test]
fn expression_inputs_parse_check_and_run() {
    let seeds = [
        "\u{2}not has(task.units)",
        "\u{2}task.deadline.kind == \"vague\" or task.deadline.kind in [\"ongoing\"]",
        "\u{0}doc.kind == \"plan\" and count(task, not has(task.deadline)) > 3",
        "\u{2}any(task.units, it.role == \"lead\" and not it.generic)",
        "\u{5}match.text matches /20[_＿]{1,2}年/i",
    ]
    .map(|s| (s.to_string(), s.as_bytes().to_vec()));
    let n = replay(
        harness::expression,
        seeds.into_iter().chain(read(regressions("expression"))),
    );
    assert!(n >= 5);
}

/// The text target's first find: a UTF-8 file saved with its byte-order mark twice lost the
/// second one when read, so `--fix` wrote the file back one mark short, outside any fix. Both
/// marks now stay, the fix changes its comma only, and the title is read without the mark.
#[test]
fn file_with_two_byte_order_marks_keeps_both_when_fixed() {
    let dir = tempfile::TempDir::new().unwrap();
    let path = dir.path().join("方案.txt");
    let plan = "\u{feff}\u{feff}宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控,2025年6月底前完成。（市住建局牵头）\n";
    std::fs::write(&path, plan).unwrap();
    let out = assert_cmd::Command::cargo_bin("planlint")
        .unwrap()
        .args(["check", "--no-config", "--fix", "--today", "2025-06-01"])
        .arg(&path)
        .output()
        .unwrap();
    assert!(matches!(out.status.code(), Some(0 | 1)), "{out:?}");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        plan.replace("控,", "控，")
    );
    let ledger = planlint::extract_file(&path).unwrap().ledger();
    assert_eq!(ledger.title.as_deref(), Some("宁川市扬尘治理工作方案"));
}

/// The config target's find: a bad glob written over two lines (a YAML scalar reads its line
/// break as a space) was not found in the file, and the error was underlined from the file's
/// first byte to a point inside a character. It now points at the glob's first line.
#[test]
fn bad_glob_over_two_lines_is_located_on_its_first_line() {
    let text =
        "rules:\n  PL101: warning\nexclude:\n  - \"草稿/**\"\n  - \"附件/[z-a\n    ]*.md\"\n";
    let display: std::sync::Arc<str> = std::sync::Arc::from("planlint.yaml");
    let e = planlint::config::Config::parse(&display, text, PathBuf::from("/proj"), None)
        .expect_err("an invalid range in a glob");
    assert_eq!(e.line_column(), (5, 6));
    assert_eq!(&text[e.span.clone()], "附件/[z-a");
    assert!(
        e.message.starts_with("无效的路径通配符“附件/[z-a ]*.md”"),
        "{}",
        e.message
    );
}
