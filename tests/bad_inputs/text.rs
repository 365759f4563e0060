//! Text files: empty and unusual ones are read, binary and damaged ones refused, and the
//! size limit, the time budget and the findings cap.

use std::fs;
use std::io::Write;
use std::path::PathBuf;

use serde_json::Value;

use crate::harness::{Config, fixture, good_plan, matrix, run_bounded, write};

// Empty and unusual text: read

/// An empty plan is no broken input (a placeholder, a template being filled): it is read,
/// has no findings and leaves the exit code alone, and stderr says there was nothing to check.
#[test]
fn empty_whitespace_only_and_bom_only_files_are_read_as_empty() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b"  \n\t\n\xE3\x80\x80\n"),
        ("bom.txt", b"\xEF\xBB\xBF"),
    ] {
        let run = matrix(Config::None, &[], |d| write(d, name, bytes));
        run.assert_read(name);
        assert!(run.findings(name).is_empty(), "{name}");
        assert!(
            run.stderr.contains(&format!("{name}: 文件为空")),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn lone_cr_line_ends_are_lines() {
    let run = matrix(Config::None, &[], |d| {
        write(d, "mac.txt", good_plan().replace('\n', "\r"))
    });
    run.assert_read("mac.txt");
    assert_eq!(run.findings("mac.txt"), run.findings("good.txt"));
}

#[test]
fn fix_keeps_lone_cr_line_ends() {
    let dir = tempfile::TempDir::new().unwrap();
    let plan = "青川县工作方案\r一、重点任务\r（一）开展巡查,完成排查。（县农业农村局牵头）\r";
    fs::write(dir.path().join("mac.txt"), plan).unwrap();
    let args: Vec<std::ffi::OsString> = ["check", "--no-config", "--fix", "mac.txt"]
        .iter()
        .map(Into::into)
        .collect();
    let run = run_bounded(dir.path(), &args, None);
    assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    let fixed = fs::read_to_string(dir.path().join("mac.txt")).unwrap();
    assert_eq!(fixed, plan.replace("巡查,", "巡查，"));
}

#[test]
fn gbk_big5_and_utf16_without_bom_are_read() {
    let plan = good_plan();
    let traditional = fixture("traditional-plan.txt");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("gbk.txt", encoding_rs::GBK.encode(&plan).0.into_owned()),
        (
            "big5.txt",
            encoding_rs::BIG5.encode(&traditional).0.into_owned(),
        ),
        (
            "utf16le.txt",
            plan.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        ),
        (
            "utf16be.txt",
            plan.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        ),
    ];
    for (name, bytes) in cases {
        let run = matrix(Config::None, &[], |d| write(d, name, &bytes));
        run.assert_read(name);
        let codes = run.findings(name);
        assert!(codes.contains(&("PL102".into(), 5)), "{name}: {codes:?}");
        assert!(
            !codes.iter().any(|(c, _)| c == "PL606"),
            "{name} decoded into mojibake: {codes:?}"
        );
    }
}

#[test]
fn names_with_spaces_newlines_and_chinese_are_read() {
    for name in [
        "方案 二稿.txt",
        "方案\n三稿.txt",
        "青川县（征求意见稿）工作方案.txt",
    ] {
        let run = matrix(Config::None, &[], |d| write(d, name, good_plan()));
        run.assert_read(name);
    }
}

#[test]
fn a_hundred_thousand_nested_brackets_are_read_and_reported_unpaired() {
    let run = matrix(Config::None, &[], |d| {
        let text = format!("{}\n（四）{}\n", good_plan(), "（".repeat(100_000));
        write(d, "brackets.txt", text)
    });
    run.assert_read("brackets.txt");
    assert!(
        run.findings("brackets.txt")
            .contains(&("PL309".to_string(), 10)),
        "{:?}",
        run.findings("brackets.txt")
    );
}

// ---------------------------------------------------------------------------------------------
// Not text: refused

#[test]
fn binary_and_an_image_named_txt_are_refused() {
    let run = matrix(Config::None, &[], |d| {
        let noise: Vec<u8> = (0u32..4096).map(|i| (i * 7919 % 251) as u8).collect();
        write(d, "noise.txt", noise)
    });
    run.assert_refused("noise.txt", &["二进制", "不是文本文件"]);
    let run = matrix(Config::None, &[], |d| {
        write(d, "截图.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0")
    });
    run.assert_refused("截图.txt", &["PNG 图片"]);
}

#[test]
fn invalid_utf8_mid_file_names_its_line() {
    let run = matrix(Config::None, &[], |d| {
        let mut bytes = good_plan().into_bytes();
        let third_line = bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| **b == b'\n')
            .nth(1)
            .unwrap()
            .0
            + 1;
        bytes.splice(third_line..third_line, [0xFF, 0xFE, 0x80, 0xC0]);
        write(d, "broken.txt", bytes)
    });
    run.assert_refused("broken.txt", &["第 3 行无法识别文件编码", "另存为 UTF-8"]);
}

#[test]
fn a_nul_byte_names_its_line() {
    let run = matrix(Config::None, &[], |d| {
        write(
            d,
            "nul.txt",
            good_plan().replace("二、重点任务", "二、重点\0任务"),
        )
    });
    run.assert_refused("nul.txt", &["第 4 行含有空字符"]);
}

#[test]
fn legacy_doc_and_wps_files_are_refused_with_advice() {
    for name in ["旧稿.doc", "旧稿.wps"] {
        let run = matrix(Config::None, &[], |d| {
            write(d, name, b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1\0\0\0\0")
        });
        run.assert_refused(name, &["另存为 .docx"]);
    }
}

#[test]
fn a_missing_path_is_named() {
    let run = matrix(Config::None, &[], |_| PathBuf::from("没有这个文件.txt"));
    run.assert_refused("没有这个文件.txt", &["文件不存在"]);
}

// ---------------------------------------------------------------------------------------------
// Size

#[test]
fn a_hundred_megabyte_file_is_refused_before_it_is_read() {
    let run = matrix(Config::None, &[], |d| {
        let mut f = fs::File::create(d.join("huge.txt")).unwrap();
        let block = good_plan().repeat(4096);
        let mut written = 0;
        while written < 100 * 1024 * 1024 {
            f.write_all(block.as_bytes()).unwrap();
            written += block.len();
        }
        PathBuf::from("huge.txt")
    });
    run.assert_refused("huge.txt", &["超过上限 50 MB", "--max-file-size"]);
}

#[test]
fn the_size_limit_is_configurable_by_flag_and_config() {
    let run = matrix(Config::None, &["--max-file-size", "1KB"], |d| {
        write(d, "long.txt", good_plan().repeat(10))
    });
    run.assert_refused("long.txt", &["超过上限 1 KB"]);
    let run = matrix(Config::Discovered, &[], |d| {
        write(d, "dept/planlint.yaml", "limits:\n  max_file_size: 2KB\n");
        write(d, "dept/long.txt", good_plan().repeat(10))
    });
    run.assert_refused("dept/long.txt", &["超过上限 2 KB"]);
}

/// A 20 MB paragraph is no plan; with the time budget its folder's config sets, it becomes
/// a located error as soon as reading it has used the time up.
#[test]
fn a_single_twenty_megabyte_line_runs_out_of_its_time_budget_as_a_located_error() {
    let run = matrix(Config::Discovered, &[], |d| {
        write(d, "dump/planlint.yaml", "limits:\n  time_budget: 1ms\n");
        let line = "全面推进农村人居环境整治，".repeat(20 * 1024 * 1024 / 39 + 1);
        write(d, "dump/line.txt", format!("一、重点任务\n{line}\n"))
    });
    run.assert_refused(
        "dump/line.txt",
        &[
            "检查超过每个文件的时限",
            "最长的是第 2 行（20 MB）",
            "--time-budget",
        ],
    );
}

#[test]
fn findings_past_the_cap_are_summed_up_in_one() {
    let run = matrix(Config::None, &["--max-findings", "40"], |d| {
        let lines = "（三）加强巡查,落实责任,强化督导。\n".repeat(30);
        write(d, "commas.txt", format!("{}{lines}", good_plan()))
    });
    run.assert_good_files_reported();
    let found = run.findings("commas.txt");
    assert_eq!(found.len(), 41, "{found:?}");
    let summaries: Vec<Value> = run.file("commas.txt")["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PL002")
        .cloned()
        .collect();
    assert_eq!(summaries.len(), 1, "{found:?}");
    let message = summaries[0]["message"].as_str().unwrap();
    assert!(message.contains("只列出前 40 条"), "{message}");
    let cut = summaries[0]["start"]["line"].as_u64().unwrap();
    assert!(
        found.iter().all(|(_, line)| *line <= cut),
        "the summary stands where the cut is: {found:?}"
    );
}
