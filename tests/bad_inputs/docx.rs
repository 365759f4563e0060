//! Word documents: truncated, zip bombs, malformed XML, DOCTYPE entities, style cycles.

use std::io::Write;

use crate::harness::{Config, good_plan, matrix, write};

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

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn document_xml(paragraphs: &[&str]) -> String {
    let body: String = paragraphs
        .iter()
        .map(|p| {
            format!("<w:p><w:pPr><w:pStyle w:val=\"A\"/></w:pPr><w:r><w:t>{p}</w:t></w:r></w:p>")
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"{W}\"><w:body>{body}</w:body></w:document>"
    )
}

fn plan_docx() -> Vec<u8> {
    let plan = good_plan();
    let lines: Vec<&str> = plan.lines().collect();
    zip_of(&[("word/document.xml", document_xml(&lines).as_bytes())])
}

#[test]
fn a_truncated_docx_is_refused() {
    let run = matrix(Config::None, &[], |d| {
        let whole = plan_docx();
        write(d, "半截.docx", &whole[..whole.len() / 2])
    });
    run.assert_refused("半截.docx", &["无法打开 .docx 文件"]);
}

#[test]
fn a_docx_zip_bomb_is_refused_by_its_ratio_and_by_the_total_size() {
    let run = matrix(Config::None, &[], |d| {
        let xml = document_xml(&[&"　".repeat(10 * 1024 * 1024)]);
        write(
            d,
            "bomb.docx",
            zip_of(&[("word/document.xml", xml.as_bytes())]),
        )
    });
    run.assert_refused("bomb.docx", &["压缩比超过 200:1"]);
    // Parts that each look harmless but together pass the configured total.
    let run = matrix(Config::Discovered, &[], |d| {
        write(
            d,
            "big/planlint.yaml",
            "limits:\n  max_docx_expansion: 1MB\n",
        );
        let paragraph = "开展火点巡查。".repeat(40);
        let xml = document_xml(&vec![paragraph.as_str(); 3000]);
        write(
            d,
            "big/large.docx",
            zip_of(&[("word/document.xml", xml.as_bytes())]),
        )
    });
    run.assert_refused("big/large.docx", &["合计超过 1 MB"]);
}

#[test]
fn malformed_xml_and_a_doctype_with_entities_are_refused() {
    let run = matrix(Config::None, &[], |d| {
        let xml = format!("<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r></w:p></w:body>");
        write(
            d,
            "坏.docx",
            zip_of(&[("word/document.xml", xml.as_bytes())]),
        )
    });
    run.assert_refused("坏.docx", &["不是有效的 XML"]);
    let run = matrix(Config::None, &[], |d| {
        let xml = format!(
            "<?xml version=\"1.0\"?><!DOCTYPE w [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"
        );
        write(
            d,
            "lol.docx",
            zip_of(&[("word/document.xml", xml.as_bytes())]),
        )
    });
    run.assert_refused("lol.docx", &["DOCTYPE"]);
}

/// Styles based on each other in a circle, and a list pointing at a missing definition:
/// read as far as they make sense, without looping.
#[test]
fn style_and_numbering_cycles_are_read_without_looping() {
    let run = matrix(Config::None, &[], |d| {
        let styles = format!(
            "<w:styles xmlns:w=\"{W}\"><w:style w:styleId=\"A\"><w:basedOn w:val=\"B\"/></w:style><w:style w:styleId=\"B\"><w:basedOn w:val=\"A\"/></w:style></w:styles>"
        );
        let numbering = format!(
            "<w:numbering xmlns:w=\"{W}\"><w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numStyleLink w:val=\"A\"/></w:lvl></w:abstractNum></w:numbering>"
        );
        let plan = good_plan();
        let lines: Vec<&str> = plan.lines().collect();
        write(
            d,
            "cycle.docx",
            zip_of(&[
                ("word/document.xml", document_xml(&lines).as_bytes()),
                ("word/styles.xml", styles.as_bytes()),
                ("word/numbering.xml", numbering.as_bytes()),
            ]),
        )
    });
    run.assert_read("cycle.docx");
    assert!(run.findings("cycle.docx").contains(&("PL102".into(), 5)));
}
