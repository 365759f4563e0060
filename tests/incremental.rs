//! The language server's re-check keeps what it read of each paragraph and task between
//! versions of a document (`engine::Memo`). Whatever a drafter types, pastes or deletes, the
//! findings of a re-check that reuses the memo must be those of a fresh lint of the same text:
//! this drives a memo through long chains of random edits of real plan forms (a cover notice
//! carrying a plan, a Traditional mirror with pinyin, field lines, legends, task tables in
//! Markdown) and compares the two after every edit.

#[path = "common/rng.rs"]
mod rng;
use rng::Rng;

use planlint::Diagnostic;
use planlint::engine::{self, Memo, Settings};
use planlint::input::{self, Format};
use planlint::lang::Date;

const PLANS: &[(&str, &str, Format)] = &[
    (
        "cover_notice_plan.txt",
        include_str!("fixtures/cover_notice_plan.txt"),
        Format::Text,
    ),
    (
        "traditional_mirror.txt",
        include_str!("fixtures/traditional_mirror.txt"),
        Format::Text,
    ),
    (
        "legend_section_lead.txt",
        include_str!("fixtures/legend_section_lead.txt"),
        Format::Text,
    ),
    (
        "enclosing_fields.txt",
        include_str!("fixtures/enclosing_fields.txt"),
        Format::Text,
    ),
    (
        "notice_with_task_table.txt",
        include_str!("fixtures/carried/notice_with_task_table.txt"),
        Format::Text,
    ),
    (
        "markdown_table.md",
        include_str!("fixtures/markdown_table.md"),
        Format::Markdown,
    ),
];

/// What drafters type and paste: characters, both widths of punctuation, numbering markers,
/// unit names and roles, deadlines, legends and blanket statements, Traditional characters
/// with pinyin, table pipes, suppression comments and line breaks.
const PIECES: &[&str] = &[
    "的",
    "局",
    ",",
    "，",
    "。",
    "（",
    "）",
    "\n",
    "\n\n",
    "（三）",
    "二、",
    "1.",
    "一是",
    "2025年6月底前完成",
    "长期坚持",
    "尽快",
    "（县财政局牵头，各乡镇人民政府配合）",
    "责任单位：县城管局",
    "完成时限：2025年12月",
    "列第一位者为牵头单位，下同。",
    "以下各项工作均由各县区人民政府落实，不再列出。",
    "縣環保局",
    "區(qū)政府",
    "约谈",
    "问责",
    "XX",
    "20__年",
    " | ",
    "\nplanlint-disable-next-line PL301\n",
    "保障措施\n",
    "𠀀",
];

/// A random edit on character boundaries: delete up to a few characters or a whole line,
/// replace one, or insert a piece.
fn edit(rng: &mut Rng, text: &mut String) {
    let bounds: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let k = rng.below(bounds.len());
    let at = bounds[k];
    let piece = PIECES[rng.below(PIECES.len())];
    match rng.below(5) {
        0 => {
            let end = bounds[(k + 1 + rng.below(4)).min(bounds.len() - 1)];
            text.replace_range(at..end, "");
        }
        1 => {
            let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
            text.replace_range(at..line_end, "");
        }
        2 => {
            let end = bounds[(k + 1).min(bounds.len() - 1)];
            text.replace_range(at..end, piece);
        }
        _ => text.insert_str(at, piece),
    }
}

fn settings() -> Settings {
    Settings {
        today: Date {
            year: 2025,
            month: 3,
            day: 1,
        },
        ..Settings::default()
    }
}

fn fresh(name: &str, text: &str, format: Format) -> Vec<Diagnostic> {
    let rules = planlint::builtin_rules();
    engine::lint_input(input::read_str(name, text, format), &rules, &settings()).1
}

fn kept(name: &str, text: &str, format: Format, memo: &mut Memo) -> Vec<Diagnostic> {
    let rules = planlint::builtin_rules();
    let input = input::read_str(name, text, format);
    let linted = engine::lint_input_with(input, &rules, &settings(), memo);
    linted.expect("no deadline is set").1
}

#[test]
fn a_recheck_with_the_memo_finds_what_a_fresh_lint_finds_after_every_edit() {
    let mut compared = 0;
    let mut findings = 0;
    for (p, &(name, plan, format)) in PLANS.iter().enumerate() {
        let mut memo = Memo::on();
        let mut text = plan.to_string();
        let mut rng = Rng(0x853c_49e6_748f_ea9b ^ (p as u64 + 1));
        assert_eq!(
            kept(name, &text, format, &mut memo),
            fresh(name, &text, format)
        );
        for step in 0..40 {
            edit(&mut rng, &mut text);
            let (a, b) = (
                kept(name, &text, format, &mut memo),
                fresh(name, &text, format),
            );
            assert!(
                a == b,
                "{name}, edit {step}: the re-check differs on\n{text}"
            );
            compared += 1;
            findings += b.len();
        }
    }
    // The edits must leave plans with findings to compare, not empty texts.
    assert_eq!(compared, 40 * PLANS.len());
    assert!(findings > 1000, "{findings} findings compared");
}

#[test]
fn a_recheck_after_undoing_an_edit_gives_back_the_first_findings() {
    let (name, plan, format) = PLANS[1];
    let mut memo = Memo::on();
    let before = kept(name, plan, format, &mut memo);
    assert!(!before.is_empty());
    // A Traditional paragraph rewritten, then restored: the memo must not keep the edit's
    // findings, nor lose the original's.
    let changed = plan.replacen('。', "，尽快完成。", 1);
    let during = kept(name, &changed, format, &mut memo);
    assert_ne!(during, before);
    assert_eq!(during, fresh(name, &changed, format));
    assert_eq!(kept(name, plan, format, &mut memo), before);
}
