//! How planlint reads what drafters actually hand in: Word documents whose numbering comes
//! from Word's lists, text saved as GBK or UTF-16 by old editors, and text piped in by an
//! editor or a document system.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn planlint(dir: &Path) -> Command {
    let mut cmd = assert_cmd::cargo::cargo_bin_cmd!("planlint");
    cmd.current_dir(dir);
    cmd
}

fn json_of(out: &std::process::Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}):\n{}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

fn stderr_of(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

// ---------------------------------------------------------------------------------------------
// A .docx built as Word writes one

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:multiLevelType w:val="multilevel"/>
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="PlanHeading1"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="nothing"/></w:lvl>
  </w:abstractNum>
  <w:abstractNum w:abstractNumId="1">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
  <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
</w:numbering>"#;

/// PlanHeading1 numbers its paragraphs through the list, as a 一级标题 style does.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:style w:type="paragraph" w:styleId="PlanHeading1"><w:name w:val="方案一级标题"/>
    <w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
  <w:style w:type="paragraph" w:styleId="PlanHeading2"><w:name w:val="方案二级标题"/><w:basedOn w:val="PlanHeading1"/>
    <w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
</w:styles>"#;

fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>")
}

fn para(text: &str) -> String {
    format!("<w:p>{}</w:p>", run(text))
}

fn styled(style: &str, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>{}</w:p>",
        run(text)
    )
}

fn numbered(ilvl: u8, text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"{ilvl}\"/><w:numId w:val=\"1\"/></w:numPr></w:pPr>{}</w:p>",
        run(text)
    )
}

fn cell(inner: &str) -> String {
    format!("<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/></w:tcPr>{inner}</w:tc>")
}

fn merged_cell(how: &str, inner: &str) -> String {
    format!("<w:tc><w:tcPr><w:vMerge{how}/></w:tcPr>{inner}</w:tc>")
}

fn row_number() -> String {
    "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"2\"/></w:numPr></w:pPr></w:p>"
        .to_string()
}

/// Body paragraphs in order (line numbers in the comments; the soft break in the preamble
/// makes line and paragraph differ by one from paragraph 3 on).
fn plan_body() -> String {
    let mut b = String::new();
    b += &para("宁川市2026年城区扬尘污染专项整治工作方案"); // ¶1, line 1
    // ¶2, lines 2–3: inside a content control, with a soft line break.
    b += "<w:sdt><w:sdtPr><w:alias w:val=\"导语\"/><w:placeholder><w:docPart w:val=\"x\"/></w:placeholder></w:sdtPr><w:sdtContent>";
    b += "<w:p><w:r><w:t>为深入打好蓝天保卫战，切实改善城区环境空气质量，</w:t><w:br/><w:t>结合我市实际，制定本方案。</w:t></w:r></w:p>";
    b += "</w:sdtContent></w:sdt>";
    b += &styled("PlanHeading1", "工作目标"); // ¶3, line 4: 一、
    b += &para("到2026年底，城区月均降尘量控制在每平方公里5吨以下。"); // ¶4, line 5
    b += &styled("PlanHeading1", "重点任务"); // ¶5, line 6: 二、
    // ¶6, line 7: （一） with a tracked change replacing the year.
    b += &format!(
        "<w:p><w:pPr><w:pStyle w:val=\"PlanHeading2\"/></w:pPr>{}<w:del w:id=\"1\" w:author=\"审核\"><w:r><w:delText>2025年</w:delText></w:r></w:del><w:ins w:id=\"2\" w:author=\"审核\"><w:r><w:t>2026年</w:t></w:r></w:ins>{}</w:p>",
        run("严格施工工地扬尘管控。")
            + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注：此条待定）</w:t></w:r>",
        run(
            "6月底前，全市建筑工地全部安装视频监控和扬尘在线监测设备。（市住房和城乡建设局牵头，市城市管理局配合）"
        )
    );
    b += &numbered(1, "加强道路扬尘治理"); // ¶7, line 8: （二）
    b += &numbered(
        2,
        "提高城区主次干道机械化清扫率，2026年9月底前达到90%以上。（市城市管理局负责）",
    ); // ¶8, line 9: 1.
    b += &numbered(
        2,
        "开展渣土运输车辆专项整治，严查车辆抛洒滴漏。（市公安局牵头）",
    ); // ¶9, line 10: 2.
    b += &styled("PlanHeading1", "保障措施"); // ¶10, line 11: 三、
    b += &para(
        "各责任单位要严格落实工作责任。对工作推进不力的，由市政府约谈其主要负责人，依规依纪严肃问责。",
    ); // ¶11, line 12
    b += &para("重点任务分解表"); // ¶12, line 13
    b += "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr>";
    b += "<w:tr>";
    for h in ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"] {
        b += &cell(&para(h));
    }
    b += "</w:tr><w:tr>";
    b += &cell(&row_number());
    b += &cell(&para("完成城区裸露土地排查建档"));
    b += &cell(&para("市自然资源和规划局"));
    b += &cell(&para("各区人民政府"));
    b += &cell(&para("2026年4月底前"));
    b += "</w:tr><w:tr>";
    b += &cell(&row_number());
    b += &cell(&para("建成扬尘污染防治监管平台"));
    b += &merged_cell(" w:val=\"restart\"", &para("市生态环境局"));
    b += &cell(&(para("市住房和城乡建设局") + &para("市城市管理局")));
    b += &cell(&para("2026年10月底前"));
    b += "</w:tr><w:tr>";
    b += &cell(&row_number());
    b += &cell(&para("开展扬尘治理专项督查"));
    b += &merged_cell("", "<w:p/>");
    b += &cell(&para("市政府督查室"));
    b += &cell(&para("2026年12月底前"));
    b += "</w:tr></w:tbl>";
    b
}

fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn plan_docx() -> Vec<u8> {
    let document = document_xml(&plan_body());
    zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("word/document.xml", document.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
    ])
}

#[test]
fn docx_numbering_and_task_table_become_the_ledger() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("方案.docx"), plan_docx()).unwrap();
    let out = planlint(dir.path())
        .args(["extract", "--format", "json", "方案.docx"])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    let f = &v["files"][0];
    assert_eq!(f["path"], "方案.docx");
    assert_eq!(f["title"], "宁川市2026年城区扬尘污染专项整治工作方案");
    let tasks = f["tasks"].as_array().unwrap();
    let summary: Vec<(String, String, u64)> = tasks
        .iter()
        .map(|t| {
            (
                t["marker"].as_str().unwrap_or("").to_string(),
                t["title"].as_str().unwrap().to_string(),
                t["line"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        ("（一）", "严格施工工地扬尘管控", 7),
        (
            "1.",
            "提高城区主次干道机械化清扫率，2026年9月底前达到90%以上",
            9,
        ),
        ("2.", "开展渣土运输车辆专项整治，严查车辆抛洒滴漏", 10),
        ("1", "完成城区裸露土地排查建档", 15),
        ("2", "建成扬尘污染防治监管平台", 16),
        ("3", "开展扬尘治理专项督查", 17),
    ];
    let expected: Vec<_> = expected
        .iter()
        .map(|(m, t, l)| (m.to_string(), t.to_string(), *l))
        .collect();
    assert_eq!(summary, expected, "{v:#}");

    let units = |t: &Value| -> Vec<(String, String)> {
        t["units"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| {
                (
                    u["name"].as_str().unwrap().to_string(),
                    u["role"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let pair = |n: &str, r: &str| (n.to_string(), r.to_string());
    // The tracked insertion is read, the deletion is not.
    assert_eq!(tasks[0]["deadline"]["date"], "2026-06-30");
    assert_eq!(
        units(&tasks[0]),
        [
            pair("市住房和城乡建设局", "lead"),
            pair("市城市管理局", "support")
        ]
    );
    assert_eq!(tasks[2]["deadline"], Value::Null);
    assert_eq!(units(&tasks[3])[0], pair("市自然资源和规划局", "lead"));
    assert_eq!(tasks[3]["deadline"]["date"], "2026-04-30");
    // Two paragraphs in one cell are two units.
    let support: Vec<_> = units(&tasks[4])
        .into_iter()
        .filter(|(_, r)| r == "support")
        .map(|(n, _)| n)
        .collect();
    assert_eq!(support, ["市住房和城乡建设局", "市城市管理局"]);
    // The vertically merged 牵头单位 applies to the row below too.
    assert_eq!(units(&tasks[5])[0], pair("市生态环境局", "lead"));
    assert_eq!(tasks[5]["deadline"]["date"], "2026-12-31");
}

#[test]
fn docx_findings_point_at_the_line_and_name_the_paragraph() {
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("方案.docx"), plan_docx()).unwrap();
    let out = planlint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "PL101,PL102",
            "--format",
            "json",
        ])
        .arg("方案.docx")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    let found: Vec<(String, u64)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("PL102".to_string(), 10)], "{v:#}");

    let out = planlint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "PL102",
            "--format",
            "concise",
        ])
        .arg("方案.docx")
        .output()
        .unwrap();
    let concise = String::from_utf8(out.stdout).unwrap();
    assert!(
        concise.starts_with("方案.docx:10:1: 错误[PL102]") && concise.contains("（第9段）"),
        "{concise}"
    );
}

#[test]
fn folders_are_walked_for_docx_and_fix_leaves_a_docx_alone() {
    let dir = TempDir::new().unwrap();
    let body = para("宁川市城区绿化提升工作方案")
        + &styled("PlanHeading1", "重点任务")
        + &numbered(
            1,
            "完成道路绿化补植,2026年5月底前完成。（市城市管理局负责）",
        );
    let bytes = zip_of(&[
        ("word/document.xml", document_xml(&body).as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/styles.xml", STYLES.as_bytes()),
    ]);
    fs::create_dir(dir.path().join("草稿")).unwrap();
    let path = dir.path().join("草稿/绿化.docx");
    fs::write(&path, &bytes).unwrap();
    // The lock file Word leaves while the document is open is no plan.
    fs::write(dir.path().join("草稿/~$绿化.docx"), b"\x0cadmin").unwrap();
    let out = planlint(dir.path())
        .args(["check", "--no-config", "--select", "PL301", "--fix", "."])
        .output()
        .unwrap();
    let err = stderr_of(&out);
    // PL301 is a warning, and an unwritten fix is no error.
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(!err.contains("~$"), "{err}");
    assert!(
        err.contains("绿化.docx") && err.contains("无法写入 .docx"),
        "{err}"
    );
    assert_eq!(fs::read(&path).unwrap(), bytes, "the .docx is unchanged");
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        report.contains("PL301") && report.contains("第3段"),
        "{report}"
    );

    let out = planlint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "PL301",
            "--diff",
            "草稿/绿化.docx",
        ])
        .output()
        .unwrap();
    let preview = String::from_utf8_lossy(&out.stdout);
    assert!(
        preview.contains("+（一）完成道路绿化补植，2026年"),
        "{preview}"
    );
}

#[test]
fn a_broken_docx_or_a_zip_bomb_is_exit_2_and_other_files_are_still_read() {
    let dir = TempDir::new().unwrap();
    fs::copy(
        fixtures().join("cover_notice_plan.txt"),
        dir.path().join("good.txt"),
    )
    .unwrap();
    fs::write(
        dir.path().join("broken.docx"),
        b"PK\x03\x04 not really a zip",
    )
    .unwrap();
    let huge = vec![b' '; 65 * 1024 * 1024];
    fs::write(
        dir.path().join("bomb.docx"),
        zip_of(&[("word/document.xml", &huge)]),
    )
    .unwrap();
    fs::write(
        dir.path().join("badxml.docx"),
        zip_of(&[("word/document.xml", b"<w:document><w:body><w:p></w:body>")]),
    )
    .unwrap();
    let out = planlint(dir.path())
        .args(["extract", "--format", "json", "."])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr_of(&out);
    assert!(
        err.contains("broken.docx") && err.contains("无法打开"),
        "{err}"
    );
    assert!(err.contains("bomb.docx") && err.contains("压缩比"), "{err}");
    assert!(err.contains("badxml.docx") && err.contains("XML"), "{err}");
    let v = json_of(&out);
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    assert_eq!(v["files"][0]["path"], "./good.txt");
}

// ---------------------------------------------------------------------------------------------
// Encodings

fn gb18030(text: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(text).0.into_owned()
}

fn check_json(dir: &Path, name: &str) -> Value {
    let out = planlint(dir)
        .args([
            "check",
            "--no-config",
            "--today",
            "2025-03-20",
            "--format",
            "json",
            name,
        ])
        .output()
        .unwrap();
    assert!(out.status.code() != Some(2), "stderr: {}", stderr_of(&out));
    json_of(&out)
}

#[test]
fn a_gb18030_copy_gives_the_same_findings_as_the_utf8_plan() {
    let plan = fs::read_to_string(fixtures().join("cover_notice_plan.txt")).unwrap();
    let (utf8, gbk) = (TempDir::new().unwrap(), TempDir::new().unwrap());
    fs::write(utf8.path().join("方案.txt"), &plan).unwrap();
    fs::write(gbk.path().join("方案.txt"), gb18030(&plan)).unwrap();
    let a = check_json(utf8.path(), "方案.txt");
    let b = check_json(gbk.path(), "方案.txt");
    assert!(!a["files"][0]["diagnostics"].as_array().unwrap().is_empty());
    assert_eq!(a, b);

    let out = planlint(gbk.path())
        .args(["outline", "--format", "json", "方案.txt"])
        .output()
        .unwrap();
    assert_eq!(json_of(&out)["files"][0]["encoding"], "gb18030");
}

#[test]
fn a_utf16le_file_with_bom_reads() {
    let plan = fs::read_to_string(fixtures().join("cover_notice_plan.txt")).unwrap();
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(plan.encode_utf16().flat_map(u16::to_le_bytes));
    let dir = TempDir::new().unwrap();
    fs::write(dir.path().join("方案.txt"), bytes).unwrap();
    let out = planlint(dir.path())
        .args(["extract", "--format", "json", "方案.txt"])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    assert_eq!(v["files"][0]["tasks"].as_array().unwrap().len(), 7);
    let out = planlint(dir.path())
        .args(["outline", "方案.txt"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("编码：utf-16le（带 BOM）"), "{text}");
}

const COMMA_PLAN: &str = "\
宁川县2026年农村人居环境整治工作方案
一、重点任务
（一）推进厕所革命。2026年6月底前完成改厕1200户,建立管护台账。（县农业农村局牵头）
二、保障措施
对工作推进不力的，依规依纪严肃问责。
";

#[test]
fn fix_writes_a_gb18030_file_back_in_gb18030() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("方案.txt");
    fs::write(&path, gb18030(COMMA_PLAN)).unwrap();
    let out = planlint(dir.path())
        .args([
            "check",
            "--no-config",
            "--select",
            "PL301",
            "--fix",
            "方案.txt",
        ])
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let bytes = fs::read(&path).unwrap();
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "still GB18030, not UTF-8"
    );
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert_eq!(text, COMMA_PLAN.replace("1200户,", "1200户，"));
}

// ---------------------------------------------------------------------------------------------
// Standard input

#[test]
fn stdin_is_read_under_its_stdin_filename() {
    let dir = TempDir::new().unwrap();
    let out = planlint(dir.path())
        .args([
            "extract",
            "--format",
            "json",
            "--stdin-filename",
            "来稿.txt",
            "-",
        ])
        .write_stdin(COMMA_PLAN)
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    let v = json_of(&out);
    assert_eq!(v["files"][0]["path"], "来稿.txt");
    assert_eq!(v["files"][0]["tasks"][0]["marker"], "（一）");

    // A .docx name makes the bytes on stdin a Word document.
    let out = planlint(dir.path())
        .args([
            "outline",
            "--format",
            "json",
            "--stdin-filename",
            "方案.docx",
            "-",
        ])
        .write_stdin(plan_docx())
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    assert_eq!(
        json_of(&out)["files"][0]["tasks"].as_array().unwrap().len(),
        6
    );
}

#[test]
fn fix_on_stdin_prints_the_fixed_text() {
    let dir = TempDir::new().unwrap();
    let out = planlint(dir.path())
        .args(["check", "--no-config", "--select", "PL301", "--fix", "-"])
        .write_stdin(gb18030(COMMA_PLAN))
        .output()
        .unwrap();
    assert!(out.status.success(), "stderr: {}", stderr_of(&out));
    assert_eq!(
        out.stdout,
        gb18030(&COMMA_PLAN.replace("1200户,", "1200户，")),
        "the fixed text, in the encoding it came in"
    );
    assert!(
        stderr_of(&out).contains("修复了 1 个问题"),
        "{}",
        stderr_of(&out)
    );
}

#[test]
fn stdin_findings_and_config_use_the_stdin_filename() {
    let dir = TempDir::new().unwrap();
    fs::create_dir(dir.path().join("县里")).unwrap();
    fs::write(
        dir.path().join("县里/planlint.yaml"),
        "rules: {PL301: off}\n",
    )
    .unwrap();
    let out = planlint(dir.path())
        .args(["check", "--format", "concise", "--select", "PL301,PL102"])
        .args(["--stdin-filename", "县里/方案.txt", "-"])
        .write_stdin(COMMA_PLAN)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        !text.contains("PL301"),
        "the config next to the name applies: {text}"
    );
    assert!(text.contains("检查了 1 个文件"), "{text}");
}

#[test]
fn hidden_text_and_tracked_deletions_are_not_read() {
    let input =
        planlint::input::read_bytes("方案.docx", &plan_docx(), planlint::input::Format::Docx)
            .unwrap();
    let text = &input.source.text;
    assert!(
        text.contains("（一）严格施工工地扬尘管控。2026年6月底前"),
        "{text}"
    );
    assert!(
        !text.contains("内部备注") && !text.contains("2025年"),
        "{text}"
    );
    assert_eq!(input.source.encoding.name(), "utf-8");
}

#[test]
fn a_truncated_or_corrupted_docx_never_panics() {
    let whole = plan_docx();
    let step = (whole.len() / 60).max(1);
    for cut in (0..whole.len()).step_by(step) {
        let _ =
            planlint::input::read_bytes("方案.docx", &whole[..cut], planlint::input::Format::Docx);
        let mut flipped = whole.clone();
        flipped[cut] ^= 0x5A;
        let _ = planlint::input::read_bytes("方案.docx", &flipped, planlint::input::Format::Docx);
    }
    let styles_cycle = r#"<w:styles xmlns:w="x"><w:style w:styleId="A"><w:basedOn w:val="B"/></w:style><w:style w:styleId="B"><w:basedOn w:val="A"/></w:style></w:styles>"#;
    let body = styled("A", "一段文字")
        + "<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>";
    let bytes = zip_of(&[
        ("word/document.xml", document_xml(&body).as_bytes()),
        ("word/styles.xml", styles_cycle.as_bytes()),
    ]);
    let input = planlint::input::read_bytes("方案.docx", &bytes, planlint::input::Format::Docx)
        .expect("a style cycle and a nested table still read");
    assert!(input.source.text.starts_with("一段文字\n"));
}
