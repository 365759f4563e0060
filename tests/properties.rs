//! Properties planlint promises for any plan, checked on generated plan-like text: numbered
//! sections and items (一、（一）1.（1）①), task sentences with units in brackets and
//! deadlines, field lines (牵头单位：…), Traditional text with inserted pinyin (區(qū)), ASCII
//! punctuation, characters outside the BMP (𠀀), LF, CRLF and lone CR, a BOM, and files in
//! UTF-8, GB18030 and UTF-16.
//!
//! Library properties run 256 cases each; those that run the binary on a folder of files run
//! 12, since every case starts the binary several times. `PROPTEST_CASES=2000` runs more.

use std::collections::BTreeMap;
use std::path::Path;

use assert_cmd::Command;
use proptest::prelude::*;
use proptest::test_runner::Config;
use serde_json::Value;
use tempfile::TempDir;

// The fuzz targets' invariants (spans, positions, fixes touching only their edits), shared so
// that the properties and the fuzzer hold planlint to the same promises.
#[allow(dead_code)]
#[path = "../fuzz/src/lib.rs"]
mod harness;

const TODAY: &str = "2025-06-01";

// ---------------------------------------------------------------------------------------------
// Plan-like text

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    General,
    Targets,
    Tasks,
    Safeguards,
    Steps,
}

/// Section headings as plans write them, per purpose.
fn heading(p: Purpose) -> &'static [&'static str] {
    match p {
        Purpose::General => &["总体要求", "指导思想", "基本原则"],
        Purpose::Targets => &["工作目标", "主要目标"],
        Purpose::Tasks => &[
            "重点任务",
            "主要任务",
            "工作措施",
            "重点工作任务",
            "主要任务和分工",
        ],
        Purpose::Safeguards => &["保障措施", "组织保障", "工作要求", "督促检查"],
        Purpose::Steps => &["实施步骤", "时间安排"],
    }
}

/// Item headings that belong under a section of each purpose.
fn item_titles(p: Purpose) -> &'static [&'static str] {
    match p {
        Purpose::General => &["指导思想", "基本原则", "适用范围"],
        Purpose::Targets => &[
            "总体目标",
            "具体指标",
            "城市生活垃圾无害化处理率达到100%",
            "空气质量优良天数比率达到90%以上",
        ],
        Purpose::Tasks => &[
            "严格施工扬尘管控",
            "加强道路扬尘治理",
            "推进垃圾分类",
            "完善农村生活垃圾收运体系",
            "整治背街小巷环境",
            "开展燃气安全隐患排查",
            "加強區(qū)域協同治理",
            "完善農(nóng)村生活垃圾收運體系",
            "推進𠀀溪流域綜合整治",
        ],
        Purpose::Safeguards => &[
            "加强组织领导",
            "强化督促检查",
            "严格考核问责",
            "加強宣傳引導",
        ],
        Purpose::Steps => &[
            "动员部署阶段（2025年3月）",
            "集中整治阶段（2025年4月—9月）",
            "总结验收阶段（2025年10月）",
        ],
    }
}

const BODIES: &[&str] = &[
    "全面推行工地视频监控，落实“六个百分之百”要求",
    "提高道路机扫率，全面推行“以克论净”",
    "建立健全长效管理机制",
    "對轄區(qū)內燃氣管道開展全面排查",
    "完成XX个乡镇转运站提标改造",
    "在县城公共机构全面推行垃圾分类",
];

const UNITS: &[&str] = &[
    "市住建局",
    "市生态环境局",
    "县住房和城乡建设局",
    "市城管局",
    "各县区人民政府",
    "𠀀县应急管理局",
    "市發展改革委",
];

const DEADLINES: &[&str] = &[
    "2025年6月底前",
    "年底前",
    "每季度",
    "长期坚持",
    "尽快",
    "2025年12月31日前",
    "立行立改",
    "2025年9月底前",
];

/// How an item names who does it.
#[derive(Debug, Clone)]
enum Units {
    None,
    /// （市住建局牵头，市城管局配合）
    Bracket(usize, Option<usize>),
    /// A line under the item: 牵头单位：市住建局
    Field(usize),
}

#[derive(Debug, Clone)]
struct Item {
    title: usize,
    body: Option<usize>,
    deadline: Option<usize>,
    units: Units,
    /// Half-width punctuation, as text copied from a web page or typed with an English IME.
    ascii: bool,
    children: Vec<Item>,
}

#[derive(Debug, Clone)]
struct Section {
    purpose: Purpose,
    heading: usize,
    items: Vec<Item>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Eol {
    Lf,
    CrLf,
    Cr,
}

impl Eol {
    fn as_str(self) -> &'static str {
        match self {
            Eol::Lf => "\n",
            Eol::CrLf => "\r\n",
            Eol::Cr => "\r",
        }
    }
}

#[derive(Debug, Clone)]
struct Plan {
    bom: bool,
    sections: Vec<Section>,
    /// Line ends, used in turn.
    eols: Vec<Eol>,
    signature: bool,
}

/// A rendered plan and, per line (0-based), the purpose of the section it lies in.
struct Rendered {
    text: String,
    purposes: Vec<Option<Purpose>>,
}

const CHINESE_NUMBERS: &[&str] = &["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
const CIRCLED: &[char] = &['①', '②', '③', '④', '⑤', '⑥'];

fn marker(depth: usize, n: usize) -> String {
    match depth {
        0 => format!("{}、", CHINESE_NUMBERS[n % 10]),
        1 => format!("（{}）", CHINESE_NUMBERS[n % 10]),
        2 => format!("{}.", n + 1),
        3 => format!("（{}）", n + 1),
        _ => CIRCLED[n % CIRCLED.len()].to_string(),
    }
}

impl Plan {
    fn render(&self) -> Rendered {
        let mut lines: Vec<(String, Option<Purpose>)> = vec![
            ("宁川市2025年扬尘污染治理工作方案".into(), None),
            (
                "为持续改善空气质量，结合我市实际，制定本方案。".into(),
                None,
            ),
        ];
        for (n, s) in self.sections.iter().enumerate() {
            let title = heading(s.purpose)[s.heading % heading(s.purpose).len()];
            lines.push((format!("{}{title}", marker(0, n)), Some(s.purpose)));
            for (k, item) in s.items.iter().enumerate() {
                item.render(s.purpose, 1, k, &mut |l| lines.push((l, Some(s.purpose))));
            }
        }
        if self.signature {
            lines.push(("宁川市人民政府办公室".into(), None));
            lines.push(("2025年3月20日".into(), None));
        }
        let mut text = String::from(if self.bom { "\u{feff}" } else { "" });
        let mut purposes = Vec::new();
        for (i, (line, purpose)) in lines.into_iter().enumerate() {
            text.push_str(&line);
            text.push_str(self.eols[i % self.eols.len()].as_str());
            purposes.push(purpose);
        }
        Rendered { text, purposes }
    }
}

impl Item {
    fn render(&self, purpose: Purpose, depth: usize, n: usize, out: &mut dyn FnMut(String)) {
        let titles = item_titles(purpose);
        let mut s = format!("{}。", titles[self.title % titles.len()]);
        if let Some(b) = self.body {
            s.push_str(BODIES[b % BODIES.len()]);
        }
        if let Some(d) = self.deadline {
            s.push_str(&format!("，{}完成", DEADLINES[d % DEADLINES.len()]));
        }
        if self.body.is_some() || self.deadline.is_some() {
            s.push('。');
        }
        if let Units::Bracket(lead, support) = self.units {
            s.push_str(&format!("（{}牵头", UNITS[lead % UNITS.len()]));
            if let Some(sup) = support {
                s.push_str(&format!("，{}配合", UNITS[sup % UNITS.len()]));
            }
            s.push('）');
        }
        if self.ascii {
            s = s
                .replace('，', ",")
                .replace('。', ".")
                .replace('（', "(")
                .replace('）', ")");
        }
        out(format!("{}{s}", marker(depth, n)));
        if let Units::Field(lead) = self.units {
            out(format!("牵头单位：{}", UNITS[lead % UNITS.len()]));
        }
        for (k, c) in self.children.iter().enumerate() {
            c.render(purpose, depth + 1, k, out);
        }
    }
}

fn purpose() -> impl Strategy<Value = Purpose> {
    prop_oneof![
        1 => Just(Purpose::General),
        1 => Just(Purpose::Targets),
        3 => Just(Purpose::Tasks),
        1 => Just(Purpose::Safeguards),
        1 => Just(Purpose::Steps),
    ]
}

fn units() -> impl Strategy<Value = Units> {
    prop_oneof![
        1 => Just(Units::None),
        2 => (any::<usize>(), proptest::option::of(any::<usize>()))
            .prop_map(|(l, s)| Units::Bracket(l, s)),
        1 => any::<usize>().prop_map(Units::Field),
    ]
}

fn leaf() -> impl Strategy<Value = Item> {
    (
        any::<usize>(),
        proptest::option::of(any::<usize>()),
        proptest::option::of(any::<usize>()),
        units(),
        proptest::bool::weighted(0.2),
    )
        .prop_map(|(title, body, deadline, units, ascii)| Item {
            title,
            body,
            deadline,
            units,
            ascii,
            children: Vec::new(),
        })
}

/// Items up to four levels below a section: （一） 1. （1） ①.
fn item() -> impl Strategy<Value = Item> {
    leaf().prop_recursive(3, 12, 3, |inner| {
        (leaf(), proptest::collection::vec(inner, 0..3)).prop_map(|(mut it, children)| {
            it.children = children;
            it
        })
    })
}

fn section() -> impl Strategy<Value = Section> {
    (
        purpose(),
        any::<usize>(),
        proptest::collection::vec(item(), 0..4),
    )
        .prop_map(|(purpose, heading, items)| Section {
            purpose,
            heading,
            items,
        })
}

fn plan_with(eol: impl Strategy<Value = Eol>) -> impl Strategy<Value = Plan> {
    (
        any::<bool>(),
        proptest::collection::vec(section(), 1..5),
        proptest::collection::vec(eol, 1..3),
        any::<bool>(),
    )
        .prop_map(|(bom, sections, eols, signature)| Plan {
            bom,
            sections,
            eols,
            signature,
        })
}

/// Any line ends, lone CR (old Mac files, some web pastes) among them.
fn plan() -> impl Strategy<Value = Plan> {
    plan_with(prop_oneof![
        3 => Just(Eol::Lf),
        2 => Just(Eol::CrLf),
        1 => Just(Eol::Cr)
    ])
}

// ---------------------------------------------------------------------------------------------
// Files in an encoding

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileEncoding {
    Utf8,
    Utf8Bom,
    Gb18030,
    Utf16LeBom,
    Utf16BeBom,
}

fn file_encoding() -> impl Strategy<Value = FileEncoding> {
    prop_oneof![
        Just(FileEncoding::Utf8),
        Just(FileEncoding::Utf8Bom),
        Just(FileEncoding::Gb18030),
        Just(FileEncoding::Utf16LeBom),
        Just(FileEncoding::Utf16BeBom),
    ]
}

impl FileEncoding {
    fn bom(self) -> &'static [u8] {
        match self {
            FileEncoding::Utf8 | FileEncoding::Gb18030 => b"",
            FileEncoding::Utf8Bom => b"\xef\xbb\xbf",
            FileEncoding::Utf16LeBom => b"\xff\xfe",
            FileEncoding::Utf16BeBom => b"\xfe\xff",
        }
    }

    /// `text` (without BOM) as the file's bytes, BOM first.
    fn encode(self, text: &str) -> Vec<u8> {
        let mut out = self.bom().to_vec();
        match self {
            FileEncoding::Utf8 | FileEncoding::Utf8Bom => out.extend_from_slice(text.as_bytes()),
            FileEncoding::Gb18030 => {
                let (bytes, _, unmappable) = encoding_rs::GB18030.encode(text);
                assert!(!unmappable, "GB18030 encodes every character");
                out.extend_from_slice(&bytes);
            }
            FileEncoding::Utf16LeBom => out.extend(text.encode_utf16().flat_map(u16::to_le_bytes)),
            FileEncoding::Utf16BeBom => out.extend(text.encode_utf16().flat_map(u16::to_be_bytes)),
        }
        out
    }

    /// The text of a file's bytes, strictly in this encoding; `None` when it does not start
    /// with this encoding's BOM or does not decode without errors.
    fn decode(self, bytes: &[u8]) -> Option<String> {
        let rest = bytes.strip_prefix(self.bom())?;
        if self == FileEncoding::Utf8 && rest.starts_with(b"\xef\xbb\xbf") {
            return None;
        }
        match self {
            FileEncoding::Utf8 | FileEncoding::Utf8Bom => String::from_utf8(rest.to_vec()).ok(),
            FileEncoding::Gb18030 => encoding_rs::GB18030
                .decode_without_bom_handling_and_without_replacement(rest)
                .map(|c| c.into_owned()),
            FileEncoding::Utf16LeBom | FileEncoding::Utf16BeBom => {
                if rest.len() % 2 != 0 {
                    return None;
                }
                let units: Vec<u16> = rest
                    .chunks(2)
                    .map(|c| match self {
                        FileEncoding::Utf16LeBom => u16::from_le_bytes([c[0], c[1]]),
                        _ => u16::from_be_bytes([c[0], c[1]]),
                    })
                    .collect();
                String::from_utf16(&units).ok()
            }
        }
    }
}

/// The sequence of line ends in a text: what `--fix` must keep.
fn line_ends(text: &str) -> Vec<Eol> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\r' if b.get(i + 1) == Some(&b'\n') => {
                out.push(Eol::CrLf);
                i += 1;
            }
            b'\r' => out.push(Eol::Cr),
            b'\n' => out.push(Eol::Lf),
            _ => {}
        }
        i += 1;
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Running planlint

fn options() -> planlint::Options {
    planlint::Options {
        today: planlint::Date::parse(TODAY),
        ..Default::default()
    }
}

fn planlint() -> Command {
    let mut cmd = Command::cargo_bin("planlint").unwrap();
    cmd.env("NO_COLOR", "1");
    cmd
}

/// `planlint ARGS…` with `threads` worker threads: its stdout, after checking it exited as a
/// check does (0 or 1, never 2).
fn run(args: &[&str], dir: &Path, threads: usize) -> String {
    let out = planlint()
        .args(args)
        .arg(dir)
        .env("RAYON_NUM_THREADS", threads.to_string())
        .output()
        .unwrap();
    let code = out.status.code();
    assert!(
        matches!(code, Some(0 | 1)),
        "planlint {args:?} exited {code:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("stdout is UTF-8")
}

fn write_plans(dir: &Path, plans: &[(Plan, FileEncoding)]) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    for (k, (plan, encoding)) in plans.iter().enumerate() {
        let text = plan.render().text;
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let name = format!("方案{k}.txt");
        let bytes = encoding.encode(text);
        std::fs::write(dir.join(&name), &bytes).unwrap();
        files.insert(name, bytes);
    }
    files
}

/// `cases` cases, or as many as `PROPTEST_CASES` asks for a deeper run; failures are kept as
/// named tests below rather than in a regressions file.
fn config(cases: u32) -> Config {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(cases);
    Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Properties

proptest! {
    #![proptest_config(config(256))]

    /// Every finding and fix edit lies inside the text on character boundaries, and the
    /// line and column reported for it are those of its span.
    #[test]
    fn spans_lie_on_char_boundaries_and_positions_agree(plan in plan()) {
        let text = plan.render().text;
        let linted = planlint::lint_with("方案.txt", &text, &options());
        harness::assert_diagnostics(&linted.source, &linted.diagnostics);
        for d in &linted.diagnostics {
            let at = linted.start(d);
            let end = linted.source.position(d.span.end);
            let t = &linted.source.text;
            prop_assert_eq!((at.line, at.column), harness::line_column(t, d.span.start));
            prop_assert_eq!((end.line, end.column), harness::line_column(t, d.span.end));
            let line_start = linted.source.lines.line_start(at.line);
            prop_assert_eq!(at.utf16_column, t[line_start..d.span.start].encode_utf16().count());
        }
    }

    /// Markdown reads the same way: spans inside the text, on boundaries.
    #[test]
    fn markdown_spans_lie_on_char_boundaries(plan in plan()) {
        let text = plan.render().text;
        let linted = planlint::lint_with("方案.md", &text, &options());
        harness::assert_diagnostics(&linted.source, &linted.diagnostics);
    }

    /// Applying every fix (safe and unsafe), round after round as `check --unsafe-fixes`
    /// does, changes no byte outside the fixed spans, and the fixed text lints again.
    #[test]
    fn fixes_change_only_bytes_inside_their_spans(plan in plan()) {
        let text = plan.render().text;
        harness::lint_rounds(
            "方案.txt",
            &text,
            planlint::input::Format::Text,
            &planlint::builtin_rules(),
        );
    }

    /// A plan reads the same whatever its line ends: the same ledger, and the same findings on
    /// the same lines and columns, with LF, CRLF, lone CR or a mix.
    #[test]
    fn line_ends_do_not_change_what_is_read(plan in plan()) {
        let lf = Plan { eols: vec![Eol::Lf], ..plan.clone() }.render().text;
        let own = plan.render().text;
        let ledger = |t: &str| serde_json::to_value(planlint::extract("方案.txt", t).ledger()).unwrap();
        prop_assert_eq!(ledger(&own), ledger(&lf));
        let findings = |t: &str| {
            let linted = planlint::lint_with("方案.txt", t, &options());
            linted
                .diagnostics
                .iter()
                .map(|d| (d.code.clone(), linted.start(d), d.message.clone()))
                .collect::<Vec<_>>()
        };
        prop_assert_eq!(findings(&own), findings(&lf));
    }

    /// No task is reported on a line outside a task section: not in the head, not under
    /// 总体要求, 工作目标, 保障措施 or 实施步骤, not in the signature.
    #[test]
    fn extract_reports_tasks_only_inside_task_sections(plan in plan()) {
        let rendered = plan.render();
        let ledger = planlint::extract("方案.txt", &rendered.text).ledger();
        for task in &ledger.tasks {
            let purpose = rendered.purposes.get(task.line - 1).copied().flatten();
            prop_assert_eq!(
                purpose,
                Some(Purpose::Tasks),
                "task {:?} on line {} outside a task section:\n{}",
                task.title,
                task.line,
                rendered.text
            );
        }
    }
}

proptest! {
    #![proptest_config(config(12))]

    /// The same folder gives byte-identical output with one thread and with four, and on a
    /// second run; the JSON's line and column agree with its spans.
    #[test]
    fn output_is_identical_across_threads_and_runs(
        plans in proptest::collection::vec((plan(), file_encoding()), 2..6)
    ) {
        let dir = TempDir::new().unwrap();
        let files = write_plans(dir.path(), &plans);
        let check = ["check", "--no-config", "--format", "json", "--today", TODAY];
        let one = run(&check, dir.path(), 1);
        prop_assert_eq!(&one, &run(&check, dir.path(), 4));
        prop_assert_eq!(&one, &run(&check, dir.path(), 4));
        let extract = ["extract", "--format", "json"];
        prop_assert_eq!(run(&extract, dir.path(), 1), run(&extract, dir.path(), 4));

        let json: Value = serde_json::from_str(&one).unwrap();
        let reported = json["files"].as_array().unwrap();
        prop_assert_eq!(reported.len(), files.len());
        for (f, (name, bytes)) in reported.iter().zip(&files) {
            prop_assert!(f["path"].as_str().unwrap().ends_with(name.as_str()));
            let encoding = plans[files.keys().position(|n| n == name).unwrap()].1;
            let text = encoding.decode(bytes).unwrap();
            for d in f["diagnostics"].as_array().unwrap() {
                let span = (&d["span"]["start"], &d["span"]["end"]);
                let (start, end) = (span.0.as_u64().unwrap() as usize, span.1.as_u64().unwrap() as usize);
                prop_assert!(text.is_char_boundary(start) && text.is_char_boundary(end));
                let at = |p: &Value| (p["line"].as_u64().unwrap() as usize, p["column"].as_u64().unwrap() as usize);
                prop_assert_eq!(at(&d["start"]), harness::line_column(&text, start), "{}", d);
                prop_assert_eq!(at(&d["end"]), harness::line_column(&text, end), "{}", d);
            }
        }
    }

    /// `--unsafe-fixes` keeps each file's encoding, its BOM and every line end, and a second
    /// run changes nothing: fixing is idempotent.
    #[test]
    fn fix_is_idempotent_and_keeps_encoding_bom_and_line_ends(
        plans in proptest::collection::vec((plan(), file_encoding()), 1..4)
    ) {
        let dir = TempDir::new().unwrap();
        let files = write_plans(dir.path(), &plans);
        let fix = ["check", "--no-config", "--unsafe-fixes", "--today", TODAY, "--format", "concise"];
        run(&fix, dir.path(), 1);
        let once: Vec<Vec<u8>> = files.keys().map(|n| std::fs::read(dir.path().join(n)).unwrap()).collect();
        for ((name, before), (after, (_, encoding))) in files.iter().zip(once.iter().zip(&plans)) {
            let fixed = encoding.decode(after);
            prop_assert!(fixed.is_some(), "{} is no longer {:?}", name, encoding);
            let original = encoding.decode(before).unwrap();
            prop_assert_eq!(line_ends(&fixed.unwrap()), line_ends(&original), "{}", name);
        }
        run(&fix, dir.path(), 1);
        for (name, after) in files.keys().zip(&once) {
            let twice = std::fs::read(dir.path().join(name)).unwrap();
            prop_assert!(&twice == after, "a second --fix changed {} again", name);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Cases the properties found, kept as plain tests

/// A half-width period ends an item's heading as 。 does: the heading of this target is not
/// the whole line, whose 县住房和城乡建设局 would otherwise make it a measure (建设), and the
/// task in the task section is titled up to its period.
#[test]
fn half_width_period_ends_an_item_heading() {
    let plan = "宁川市2025年扬尘污染治理工作方案\n\
一、工作目标\n\
（一）总体目标。\n\
1.城市生活垃圾无害化处理率达到100%.在县城公共机构全面推行垃圾分类,立行立改完成.(县住房和城乡建设局牵头,市住建局配合)\n\
二、重点任务\n\
（一）推进垃圾分类.在县城公共机构全面推行垃圾分类,2025年6月底前完成.(市城管局牵头)\n";
    let ledger = planlint::extract("方案.txt", plan).ledger();
    let tasks: Vec<(&str, usize)> = ledger
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.line))
        .collect();
    assert_eq!(tasks, [("推进垃圾分类", 6)]);
}

/// A file with old Mac line ends (a lone CR) was one line to planlint — no task, no finding —
/// while editors and LSP clients show it line by line. A lone CR now ends a line as LF does.
#[test]
fn lone_cr_ends_a_line_as_lf_does() {
    let plan = "宁川市扬尘治理工作方案\r一、重点任务\r（一）严格施工扬尘管控。2025年6月底前完成。（市住建局牵头）\r（二）加强道路扬尘治理。\r";
    let ledger = planlint::extract("方案.txt", plan).ledger();
    let tasks: Vec<(&str, usize)> = ledger
        .tasks
        .iter()
        .map(|t| (t.title.as_str(), t.line))
        .collect();
    assert_eq!(tasks, [("严格施工扬尘管控", 3), ("加强道路扬尘治理", 4)]);
    let linted = planlint::lint_with("方案.txt", plan, &options());
    let missing = linted
        .diagnostics
        .iter()
        .find(|d| d.code == "PL102")
        .expect("the second task has no deadline");
    let at = linted.start(missing);
    assert_eq!((at.line, at.column), (4, 1));
    assert_eq!(missing.message, "任务“加强道路扬尘治理”未明确完成时限");

    // A suppression comment counts lines the same way.
    let suppressed = plan.replace(
        "\r（二）",
        "\r<!-- planlint-disable-next-line PL102 -->\r（二）",
    );
    let linted = planlint::lint_with("方案.txt", &suppressed, &options());
    let codes: Vec<&str> = linted.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert!(!codes.contains(&"PL102"), "{codes:?}");
}
