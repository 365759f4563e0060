//! What each fuzz target runs, kept apart from libFuzzer so that `tests/fuzz_regressions.rs`
//! (which includes this file) replays saved crash inputs through exactly the same code.
//!
//! Every function takes the fuzzer's bytes, drives one part of planlint's public API with them
//! and panics only when a promise is broken: a span off a character boundary or past the end
//! of its text, a position that disagrees with its span, a fix that touches text outside its
//! edits, a re-lint of fixed text that fails. Errors that planlint reports are fine; they are
//! rendered the way the binary renders them, so that rendering is fuzzed too.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use planlint::config::Config;
use planlint::diagnostic::Diagnostic;
use planlint::engine::{self, Settings};
use planlint::input::{self, Format, Input};
use planlint::lang::{self, CheckContext, Scope};
use planlint::rules::{LoadError, RuleSet};
use planlint::source::Span;
use planlint::{Date, Source};

/// The date every target lints with, so that a crash replays the same way on any day.
pub const TODAY: Date = Date {
    year: 2025,
    month: 6,
    day: 1,
};

/// Separates the XML parts in a docx target's input: no well-formed XML holds a NUL byte.
pub const PART_SEPARATOR: u8 = 0;

/// A small plan that gives a fuzzed rule something of every scope to run on.
pub const PLAN: &str = "宁川市2025年扬尘污染治理工作方案\n\
为持续改善空气质量，制定本方案。\n\
一、工作目标\n\
到2025年底，全市PM2.5平均浓度下降到35微克/立方米以下。\n\
二、重点任务\n\
（一）严格施工扬尘管控。2025年6月底前完成全部工地视频监控安装。（市住建局牵头，市城管局配合）\n\
（二）加强道路扬尘治理。尽快提高道路机扫率,全面推行“以克论净”。\n\
1.推进渣土车密闭运输。牵头单位：市城管局\n\
三、保障措施\n\
对工作推进不力的，依规依纪严肃问责。\n\
宁川市人民政府办公室\n\
2025年3月20日\n";

const SCOPES: [Scope; 6] = [
    Scope::Document,
    Scope::Section,
    Scope::Task,
    Scope::Paragraph,
    Scope::Sentence,
    Scope::Match,
];

/// The rule expression parser and checker: the bytes as a `when:` condition, a `{…}`
/// placeholder and a `match:` pattern in the scope the first byte picks; a condition that
/// compiles is then run as a rule over [`PLAN`].
pub fn expression(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let Ok(src) = std::str::from_utf8(rest) else {
        return;
    };
    let scope = SCOPES[usize::from(pick) % SCOPES.len()];
    let has_lexicon = |name: &str| name == "agency-renames" || name == "misused-terms";
    let cx = CheckContext {
        scope,
        has_lexicon: &has_lexicon,
        // Both ways a regex literal can be compiled: at load, or checked then and compiled
        // on first use (the built-in packs').
        defer_regex: pick >= 128,
    };
    let condition = lang::compile(src, &cx);
    for result in [
        condition.as_ref().map(|_| ()).map_err(Clone::clone),
        lang::compile_placeholder(src, &cx).map(|_| ()),
        lang::compile_pattern(src, &cx).map(|_| ()),
    ] {
        if let Err(e) = result {
            assert_range_in(src, &e.span, "expression error");
            assert!(
                !e.message.is_empty(),
                "an expression error says what is wrong"
            );
        }
    }
    if condition.is_ok() && scope != Scope::Match {
        let yaml = format!(
            "pack: fuzz\nrules:\n  - id: fuzzed-rule\n    code: FZ001\n    severity: warning\n    scope: {}\n    when: {}\n    message: 模糊测试规则\n",
            scope.as_str(),
            serde_json::to_string(src).expect("a string serialises"),
        );
        if let Ok(rules) = planlint::rules::load::pack_str("fuzz.yaml", &yaml, None) {
            lint_rounds("fuzz.txt", PLAN, Format::Text, &rules);
        }
    }
}

/// The YAML pack loader: the bytes as a pack file; a pack that loads is run over [`PLAN`],
/// together with the built-in packs as `check --pack` runs it.
pub fn pack(data: &[u8]) {
    let Ok(yaml) = std::str::from_utf8(data) else {
        return;
    };
    match planlint::rules::load::pack_str("fuzz.yaml", yaml, None) {
        Ok(rules) => {
            lint_rounds("fuzz.txt", PLAN, Format::Text, &rules);
            with_builtins(yaml);
        }
        Err(errors) => load_errors(&errors),
    }
}

fn with_builtins(yaml: &str) {
    let mut loader = planlint::rules::load::Loader::new();
    loader.builtins();
    loader.source("fuzz.yaml", yaml, None);
    match loader.finish() {
        Ok(rules) => lint_rounds("fuzz.txt", PLAN, Format::Text, &rules),
        Err(errors) => load_errors(&errors),
    }
}

/// The config loader: the bytes as `planlint.yaml`, then what a run asks of a config.
pub fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let display: Arc<str> = Arc::from("planlint.yaml");
    // A root that does not exist: lexicon files named by the fuzzer are never read.
    let root = PathBuf::from("/nonexistent/planlint-fuzz");
    match Config::parse(&display, text, root.clone(), None) {
        Ok(config) => {
            for file in ["方案.txt", "docs/草稿/方案.md", "附件/a.docx"] {
                let path = root.join(file);
                let _ = config.excludes(&path);
                let _ = config.for_file(&path);
            }
            if let Err(e) = config.lexicons() {
                load_errors(&[e]);
            }
        }
        Err(e) => load_errors(&[e]),
    }
}

/// The txt and md readers with encoding detection: the bytes as a file of each format; what
/// decodes is outlined and extracted, and text re-encodes as it was read.
pub fn text(data: &[u8]) {
    for (path, format) in [("fuzz.txt", Format::Text), ("fuzz.md", Format::Markdown)] {
        match input::read_bytes(path, data, format) {
            Ok(input) => {
                assert_input(&input);
                assert_reencodes(data, &input.source);
                extract(input);
            }
            Err(e) => assert!(!e.to_string().is_empty(), "a read error says what is wrong"),
        }
    }
}

/// The .docx reader: the bytes split at NUL into document.xml, numbering.xml and styles.xml,
/// packed into a valid zip, read, then linted and fixed like any text.
pub fn docx(data: &[u8]) {
    let package = docx_package(data);
    match input::read_bytes("fuzz.docx", &package, Format::Docx) {
        Ok(input) => {
            assert_input(&input);
            for &(start, _) in &input.source.origin {
                assert!(
                    start <= input.source.text.len(),
                    "origin {start} past the text"
                );
            }
            let text = input.source.text.clone();
            extract(input);
            lint_rounds("fuzz.docx", &text, Format::Docx, &planlint::builtin_rules());
        }
        Err(e) => assert!(!e.to_string().is_empty(), "a read error says what is wrong"),
    }
}

/// A Word package around the XML parts in `data` (see [`docx`]); parts not given are left
/// out, as a minimal document leaves out numbering and styles.
pub fn docx_package(data: &[u8]) -> Vec<u8> {
    let names = ["word/document.xml", "word/numbering.xml", "word/styles.xml"];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options)
        .expect("zip entry");
    zip.write_all(CONTENT_TYPES.as_bytes()).expect("zip write");
    for (name, part) in names
        .iter()
        .zip(data.splitn(names.len(), |&b| b == PART_SEPARATOR))
    {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(part).expect("zip write");
    }
    zip.finish().expect("zip finish").into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

/// The whole pipeline on arbitrary text: outline, extract, every built-in rule, all fixes
/// (safe and unsafe) applied round after round as `check --unsafe-fixes` does, and the fixed
/// text linted again. The first byte's low bit picks Markdown over plain text.
pub fn pipeline(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let (path, format) = if pick & 1 == 1 {
        ("fuzz.md", Format::Markdown)
    } else {
        ("fuzz.txt", Format::Text)
    };
    let Ok(input) = input::read_bytes(path, rest, format) else {
        return;
    };
    assert_input(&input);
    let text = input.source.text.clone();
    lint_rounds(path, &text, format, &planlint::builtin_rules());
}

/// Lints `text`, applies every fix and lints the result, up to the rounds `check --fix`
/// allows; each round's findings and fixes must hold the invariants.
pub fn lint_rounds(path: &str, text: &str, format: Format, rules: &RuleSet) {
    let settings = Settings {
        today: TODAY,
        ..Settings::default()
    };
    // A .docx's decoded text is re-read as text, as `check --diff` does.
    let format = if format == Format::Docx {
        Format::Text
    } else {
        format
    };
    let mut text = text.to_string();
    for _ in 0..10 {
        let (source, diagnostics) =
            engine::lint_input(input::read_decoded(path, &text, format), rules, &settings);
        assert_diagnostics(&source, &diagnostics);
        let (fixed, applied) = engine::fix::apply(&source.text, &diagnostics, true);
        if applied == 0 {
            assert_eq!(fixed, *source.text, "no fix applied, yet the text changed");
            return;
        }
        assert_only_edits_changed(&source.text, &fixed, &diagnostics);
        text = fixed;
    }
}

fn extract(input: Input) {
    let document = planlint::outline::build(input);
    let facts = planlint::extract::extract(&document);
    let text = &document.source.text;
    for task in &document.tasks {
        assert_span_in(text, task.title, "task title");
        if let Some(marker) = task.marker {
            assert_span_in(text, marker, "task marker");
        }
    }
    let ledger = planlint::LedgerFile::new(&document, &facts);
    let lines = document.source.lines.line_count();
    for task in &ledger.tasks {
        assert!(
            (1..=lines).contains(&task.line),
            "task on line {} of {lines}",
            task.line
        );
    }
    serde_json::to_string(&ledger).expect("the ledger serialises");
}

/// Blocks and cells lie in the text, on character boundaries.
pub fn assert_input(input: &Input) {
    let text = &input.source.text;
    for b in &input.blocks {
        assert_span_in(text, b.span, "block");
        for &c in &b.cells {
            assert_span_in(text, c, "cell");
        }
    }
}

/// Text read as UTF-8, or with a BOM, encodes back to text that reads the same (and for UTF-8
/// to the very bytes it was read from, a second BOM included), so that `--fix` writes a file
/// back as it found it.
fn assert_reencodes(data: &[u8], source: &Source) {
    let encoding = source.encoding;
    if encoding.charset != planlint::source::Charset::Utf8 && !encoding.bom {
        return;
    }
    if let Ok(bytes) = encoding.encode(&source.text) {
        // Read back the way a file is read: whether lines end in a lone CR is decided there,
        // not by decoding alone.
        let again =
            input::read_bytes(&source.path, &bytes, Format::Text).expect("re-encoded text reads");
        assert_eq!(
            again.source.encoding, encoding,
            "re-encoded text reads as another encoding"
        );
        assert_eq!(
            again.source.text, source.text,
            "re-encoded text reads differently"
        );
        if encoding.charset == planlint::source::Charset::Utf8 {
            assert_eq!(bytes, data, "UTF-8 text re-encodes to other bytes");
        }
    }
}

/// Every finding and edit lies in the text on character boundaries, its position agrees with
/// its span, and its message is not empty.
pub fn assert_diagnostics(source: &Source, diagnostics: &[Diagnostic]) {
    let text = &source.text;
    for d in diagnostics {
        assert_span_in(text, d.span, &d.code);
        assert!(!d.message.is_empty(), "{} has no message", d.code);
        let at = source.position(d.span.start);
        assert_eq!(
            (at.line, at.column),
            line_column(text, d.span.start),
            "{} position",
            d.code
        );
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert_span_in(text, e.span, &format!("{} fix", d.code));
            }
        }
    }
    let mut sorted = diagnostics.to_vec();
    sorted.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    assert_eq!(sorted, diagnostics, "findings are not in position order");
}

/// The 1-based line and character column of a byte offset, counted apart from planlint's line
/// index: a line ends at LF, CRLF or a lone CR, as in editors and LSP clients.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let (mut line, mut column) = (1, 1);
    for (i, c) in text[..offset].char_indices() {
        if c == '\n' || c == '\r' && !text[i + 1..].starts_with('\n') {
            (line, column) = (line + 1, 1);
        } else {
            column += 1;
        }
    }
    (line, column)
}

/// `fixed` is `text` with only the bytes inside fix edits changed: outside the union of every
/// edit span, the text is the same, in the same order.
pub fn assert_only_edits_changed(text: &str, fixed: &str, diagnostics: &[Diagnostic]) {
    let mut spans: Vec<Span> = diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter().map(|e| e.span))
        .collect();
    spans.sort_by_key(|s| (s.start, s.end));
    let mut regions: Vec<Span> = Vec::new();
    for s in spans {
        match regions.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => regions.push(s),
        }
    }
    let mut gaps = Vec::with_capacity(regions.len() + 1);
    let mut at = 0;
    for r in &regions {
        gaps.push(&text[at..r.start]);
        at = r.end;
    }
    gaps.push(&text[at..]);
    assert!(
        gaps_in_order(fixed, &gaps),
        "a fix changed text outside its edits:\n{text:?}\n→\n{fixed:?}"
    );
}

/// Does `s` read `gaps[0] … gaps[1] … … gaps[n]`, anchored at both ends, with anything in the
/// `…`? Taking each middle gap at its leftmost place is never worse than a later one.
pub fn gaps_in_order(s: &str, gaps: &[&str]) -> bool {
    let (first, rest) = gaps.split_first().expect("at least one gap");
    let Some(mut s) = s.strip_prefix(first) else {
        return false;
    };
    let Some((last, middle)) = rest.split_last() else {
        return s.is_empty();
    };
    for g in middle {
        match s.find(g) {
            Some(i) => s = &s[i + g.len()..],
            None => return false,
        }
    }
    s.ends_with(last)
}

fn load_errors(errors: &[LoadError]) {
    for e in errors {
        assert!(!e.message.is_empty(), "a load error says what is wrong");
        if !e.source_text.is_empty() {
            assert_range_in(&e.source_text, &e.span, "load error");
        }
        let _ = e.line_column();
        let rendered = planlint::cli::render_load_error(e);
        assert!(!rendered.is_empty());
    }
}

pub fn assert_span_in(text: &str, span: Span, what: &str) {
    assert_range_in(text, &(span.start..span.end), what);
}

fn assert_range_in(text: &str, r: &std::ops::Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what} span {r:?} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what} span {r:?} not on character boundaries of {text:?}"
    );
}
