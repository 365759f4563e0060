//! The page of `planlint serve` in headless Chromium, driven over WebDriver: paste a plan,
//! see the marks and the ledger, click a finding, apply the safe fixes, upload a .docx,
//! download the ledger, drop a GB18030 file.
//!
//! Needs Debian's `chromium` and `chromium-driver`. Without them the test is skipped with a
//! message, unless PLANLINT_REQUIRE_BROWSER=1 (as `.ci/run` sets), when it fails.
//! PLANLINT_SCREENSHOT=docs/serve.png also saves a screenshot of the page on the sample plan.

#[path = "browser/docx.rs"]
mod docx;
#[path = "browser/http.rs"]
mod http;
#[path = "browser/webdriver.rs"]
mod webdriver;

use serde_json::{Value, json};

use http::Served;
use webdriver::Browser;

const SAMPLE: &str = include_str!("../examples/sample-plan.txt");

/// A plan with a character outside the BMP (𠮷, four bytes in UTF-8, two UTF-16 units) before
/// a half-width comma, and markup that must stay text.
const ASTRAL_PLAN: &str = "\
𠮷安县2025年河道保洁工作方案
一、工作目标
到2025年底，全县河道保洁覆盖率达到100%。
二、重点任务
（一）开展𠮷水河沿岸清理,清除<script>window.pwned=1</script>垃圾。2025年6月底前完成。（县水利局牵头）
（二）建立河道保洁长效机制。
三、保障措施
对工作不力的，予以通报批评。
";

fn browser() -> Option<Browser> {
    match webdriver::find_browser() {
        Some((chromium, driver)) => Some(Browser::start(&chromium, &driver)),
        None if std::env::var_os("PLANLINT_REQUIRE_BROWSER").is_some_and(|v| v == "1") => {
            panic!("PLANLINT_REQUIRE_BROWSER=1 but chromium or chromedriver is missing")
        }
        None => {
            eprintln!(
                "\n*** SKIPPED: the browser test needs chromium and chromedriver \
                 (apt-get install chromium chromium-driver) ***\n"
            );
            None
        }
    }
}

/// Puts text into the text area as a paste does: the value changes and `input` fires.
fn paste(b: &Browser, text: &str) {
    b.run(
        "const t = document.querySelector('#plan');
         t.focus(); t.value = arguments[0];
         t.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'}));",
        json!([text]),
    );
}

fn wait_for_review(b: &Browser, text_contains: &str) {
    b.wait_for(
        "the marked-up text",
        &format!(
            "return document.querySelector('#status').classList.contains('done')
                && document.querySelector('#text').textContent.includes({})",
            json!(text_contains)
        ),
    );
}

/// The ledger table as the drafter reads it: per row its classes and cell texts.
fn ledger_rows(b: &Browser) -> Vec<(String, Vec<String>)> {
    let v = b.run(
        "return [...document.querySelectorAll('#ledger tbody tr')].map(tr =>
            [tr.className, [...tr.cells].map(td => td.textContent)]);",
        json!([]),
    );
    v.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let cells = r[1].as_array().unwrap();
            (
                r[0].as_str().unwrap().to_string(),
                cells
                    .iter()
                    .map(|c| c.as_str().unwrap().to_string())
                    .collect(),
            )
        })
        .collect()
}

/// The texts of the marks of one rule, in order.
fn marked(b: &Browser, code: &str) -> Vec<String> {
    let v = b.run(
        "return [...document.querySelectorAll('#text mark')]
            .filter(m => m.dataset.codes.split(' ').includes(arguments[0]))
            .map(m => m.textContent);",
        json!([code]),
    );
    serde_json::from_value(v).unwrap()
}

fn text_of(b: &Browser, css: &str) -> String {
    let v = b.run(
        "return document.querySelector(arguments[0]).textContent;",
        json!([css]),
    );
    v.as_str().unwrap().to_string()
}

#[test]
fn a_drafter_pastes_a_plan_fixes_it_uploads_files_and_downloads_the_ledger() {
    let Some(b) = browser() else { return };
    let server = Served::start();
    b.goto(&server.url("/"));
    b.wait_for(
        "the pack options",
        "return document.querySelectorAll('#packs input').length > 0",
    );
    // A date input's typed form follows the locale; the value is what the page reads.
    b.run(
        "const d = document.querySelector('#today'); d.value = '2025-04-01';",
        json!([]),
    );

    // The sample plan: task 3 has no deadline, and is marked in the ledger and in the text.
    paste(&b, SAMPLE);
    wait_for_review(&b, "青川县2025年城乡环境综合整治工作方案");
    let rows = ledger_rows(&b);
    assert_eq!(rows.len(), 9);
    let (class, cells) = &rows[2];
    assert!(class.contains("no-deadline"), "{class}");
    assert_eq!(
        cells,
        &[
            "3",
            "3.开展非正规垃圾堆放点排查整治",
            "—",
            "各乡镇人民政府（承前）",
            "未明确",
            "未明确"
        ]
    );
    assert_eq!(rows[0].1[2], "县住房和城乡建设局");
    assert_eq!(rows[0].1[4], "2025年6月底前");
    assert!(rows[8].0.contains("vague"), "尽快: {:?}", rows[8]);
    assert_eq!(text_of(&b, "#count-tasks .value"), "9");
    assert_eq!(text_of(&b, "#count-no-deadline .value"), "1");
    assert_eq!(text_of(&b, "#count-vague .value"), "2");
    assert!(text_of(&b, "#count-accountability").contains("有"));
    let pl102 = marked(&b, "PL102");
    assert!(
        pl102.concat().contains("开展非正规垃圾堆放点排查整治"),
        "{pl102:?}"
    );

    // Clicking the mark shows the message and the fix; the jump list leads to the same mark.
    b.click("#text mark[data-codes~='PL102']");
    let detail = text_of(&b, "#finding");
    assert!(
        detail.contains("PL102")
            && detail.contains("未明确完成时限")
            && detail.contains("第 17 行"),
        "{detail}"
    );
    b.click("#rules-list details[data-code='PL103'] .jump");
    let selected = b.run(
        "return [...document.querySelectorAll('#text mark.selected')].map(m => m.textContent).join('');",
        json!([]),
    );
    assert!(
        selected.as_str().unwrap().contains("整治背街小巷环境"),
        "{selected}"
    );
    // A click on a ledger row brings its line into view, flashing.
    b.click("#ledger tbody tr:nth-child(3)");
    b.wait_for(
        "the task's line to flash",
        "return document.querySelector('#text .line[data-line=\"17\"]').classList.contains('flash')",
    );
    if let Some(path) = std::env::var_os("PLANLINT_SCREENSHOT") {
        b.click("#text mark[data-codes~='PL102']");
        b.run("window.scrollTo(0, 0);", json!([]));
        std::fs::write(&path, b.screenshot()).expect("the screenshot is written");
    }

    // Offsets past a character outside the BMP, and markup shown as text.
    paste(&b, ASTRAL_PLAN);
    wait_for_review(&b, "𠮷安县");
    // PL301 marks the comma with the character before it; two 𠮷 earlier in the text would
    // shift a mark that counted them as one unit, or as four bytes, off this pair.
    assert_eq!(marked(&b, "PL301"), ["理,"]);
    let pwned = b.run("return window.pwned === undefined;", json!([]));
    assert_eq!(pwned, Value::Bool(true), "a <script> in the plan ran");
    assert!(text_of(&b, "#text").contains("清除<script>window.pwned=1</script>垃圾"));
    let scripts = b.run(
        "return document.querySelectorAll('#text script').length;",
        json!([]),
    );
    assert_eq!(scripts, json!(0));
    let rows = ledger_rows(&b);
    assert!(rows[1].0.contains("no-unit") && rows[1].0.contains("no-deadline"));
    assert_eq!(rows[1].1[2], "未明确");

    // One click applies the safe fixes; the text area holds the fixed text to download.
    b.click("#apply-fixes");
    b.wait_for(
        "the fixes",
        "return document.querySelector('#status').textContent.includes('已应用')",
    );
    let fixed = b.run("return document.querySelector('#plan').value;", json!([]));
    assert!(
        fixed.as_str().unwrap().contains("沿岸清理，清除"),
        "{fixed}"
    );
    assert!(marked(&b, "PL301").is_empty());

    // A .docx through the file picker: its text replaces the pasted one, its ledger is read.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("江川方案.docx");
    std::fs::write(&path, docx::docx_of(docx::DOCX_PLAN)).unwrap();
    b.send_keys("#file", path.to_str().unwrap());
    wait_for_review(&b, "江川市2025年河湖清四乱专项行动方案");
    assert_eq!(text_of(&b, "#doc-name"), "江川方案.docx");
    let rows = ledger_rows(&b);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].1[2], "市水利局");
    assert!(rows[1].0.contains("no-unit") && rows[1].0.contains("no-deadline"));
    let area = b.run("return document.querySelector('#plan').value;", json!([]));
    assert!(area.as_str().unwrap().contains("整治违法侵占河道行为"));

    // The ledger button's download, caught where the page hands it to the browser.
    b.run(
        "window.saved = []; window.blobs = [];
         const objectUrl = URL.createObjectURL;
         URL.createObjectURL = (blob) => { window.blobs.push(blob); return objectUrl(blob); };
         HTMLAnchorElement.prototype.click = function () { window.saved.push(this.download); };",
        json!([]),
    );
    b.click("#download-csv");
    let name = b.wait_for(
        "the CSV download",
        "return window.saved.length > 0 && window.saved[0]",
    );
    assert_eq!(name, "江川方案-任务清单.csv");
    let bytes = b.run(
        "return window.blobs[0].arrayBuffer().then(a => [...new Uint8Array(a)]);",
        json!([]),
    );
    let bytes: Vec<u8> = serde_json::from_value(bytes).unwrap();
    assert_eq!(&bytes[..3], b"\xEF\xBB\xBF");
    let csv = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(csv.starts_with("文件,序号,任务,牵头单位,配合/责任单位,完成时限,时限类型,行号\n"));
    assert!(
        csv.contains("江川方案.docx,1,1.开展河湖“四乱”排查,市水利局,市自然资源局,2025年5月底前")
    );

    // A GB18030 text file dropped on the page.
    let gbk_plan = docx::DOCX_PLAN.replace("江川市", "宁川市");
    let (gbk, _, _) = encoding_rs::GB18030.encode(&gbk_plan);
    b.run(
        "const file = new File([new Uint8Array(arguments[0])], '宁川方案.txt');
         const dt = new DataTransfer(); dt.items.add(file);
         document.querySelector('#drop').dispatchEvent(
           new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        json!([gbk.to_vec()]),
    );
    wait_for_review(&b, "宁川市2025年河湖清四乱专项行动方案");
    assert_eq!(text_of(&b, "#doc-name"), "宁川方案.txt");
    assert_eq!(ledger_rows(&b).len(), 2);

    // A damaged .docx gets the CLI's Chinese message.
    let broken = dir.path().join("损坏.docx");
    std::fs::write(&broken, b"PK\x03\x04 truncated").unwrap();
    b.send_keys("#file", broken.to_str().unwrap());
    let status = b.wait_for(
        "the error",
        "const s = document.querySelector('#status');
         return s.classList.contains('error') && s.textContent;",
    );
    assert!(
        status
            .as_str()
            .unwrap()
            .starts_with("损坏.docx：无法打开 .docx 文件"),
        "{status}"
    );
}
