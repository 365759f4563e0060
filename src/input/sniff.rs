//! What a binary file named like a text file really is, from its first bytes, so that the
//! message can say "这是 PNG 图片" instead of only "binary".

/// What a binary file is, from its signature: a name and, when there is one, what to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BinaryKind {
    pub name: &'static str,
    pub advice: Option<&'static str>,
}

/// The kind of file its signature shows, in the words a drafter reads.
pub(super) fn binary_kind(bytes: &[u8]) -> Option<BinaryKind> {
    const WORD: &str = "请在 Word 或 WPS 中另存为 .docx 或 .txt 后再检查";
    const SIGNATURES: &[(&[u8], &str, Option<&str>)] = &[
        (b"\x89PNG\r\n\x1a\n", " PNG 图片", None),
        (b"\xFF\xD8\xFF", " JPEG 图片", None),
        (b"GIF8", " GIF 图片", None),
        (
            b"%PDF",
            " PDF 文件",
            Some("请复制其中的文字另存为 .txt，或检查原始的 Word 文档"),
        ),
        (
            b"PK\x03\x04",
            "压缩包",
            Some("它可能是改了扩展名的 .docx：若是 Word 文档，请把扩展名改为 .docx"),
        ),
        (
            b"\xD0\xCF\x11\xE0",
            "旧版 Word/WPS 文档（.doc/.wps）",
            Some(WORD),
        ),
        (b"Rar!", " RAR 压缩包", None),
        (b"7z\xBC\xAF\x27\x1C", " 7z 压缩包", None),
        (b"\x7FELF", "可执行程序", None),
    ];
    SIGNATURES
        .iter()
        .find(|(magic, _, _)| bytes.starts_with(magic))
        .map(|&(_, name, advice)| BinaryKind { name, advice })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_archives_and_old_word_files_are_named() {
        let png = binary_kind(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap();
        assert_eq!(png.name, " PNG 图片");
        let zip = binary_kind(b"PK\x03\x04\x14\0").unwrap();
        assert!(zip.advice.unwrap().contains(".docx"));
        let doc = binary_kind(b"\xD0\xCF\x11\xE0\xA1\xB1").unwrap();
        assert!(doc.name.contains(".doc"));
        assert_eq!(binary_kind(b"\0\x01\x02"), None);
    }
}
