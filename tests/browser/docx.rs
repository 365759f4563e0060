//! A small .docx built in the test, as Word saves one: a zip with word/document.xml.

#![allow(dead_code)]

use std::io::Write;

fn paragraph(text: &str) -> String {
    let escaped = text
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{escaped}</w:t></w:r></w:p>")
}

/// A .docx whose paragraphs are the lines of `text`.
pub fn docx_of(text: &str) -> Vec<u8> {
    let body: String = text.lines().map(paragraph).collect();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in [
        ("[Content_Types].xml", &b"<Types/>"[..]),
        ("word/document.xml", document.as_bytes()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The plan the browser test uploads: one task with its unit and deadline, one without either.
pub const DOCX_PLAN: &str = "\
江川市2025年河湖清四乱专项行动方案
一、工作目标
到2025年底，全市河湖“四乱”问题清零率达到100%。
二、重点任务
1.开展河湖“四乱”排查。2025年5月底前完成全市河湖岸线排查。（市水利局牵头，市自然资源局配合）
2.整治违法侵占河道行为。对排查发现的问题逐一建立台账。
三、保障措施
对工作不力的，予以通报批评；情节严重的，依规依纪问责。
";
