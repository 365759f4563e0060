//! `planlint serve` over plain HTTP: the API's JSON is the CLI's, uploads decode and fail as
//! the CLI's files do, the limits hold, and the downloads open in Excel.

#[path = "browser/docx.rs"]
mod docx;
#[path = "browser/http.rs"]
mod http;

use std::io::{Read, Write};
use std::process::{Command, Output, Stdio};

use docx::{DOCX_PLAN, docx_of};
use http::{Served, query_name};

const SAMPLE: &str = include_str!("../examples/sample-plan.txt");

/// A plan with one complete task, one without unit or deadline, and one with a vague deadline.
const PLAN: &str = "\
宁川市2025年扬尘污染防治工作方案
一、工作目标
到2025年底，全市PM10平均浓度下降5%。
二、重点任务
（一）严格施工扬尘管控。2025年6月底前完成全部在建工地视频监控安装。（市住建局牵头，市城管局配合）
（二）加强道路扬尘治理。推行机械化清扫，提高道路保洁水平。
（三）整治裸露土地。尽快完成城区裸土覆盖。（市自然资源局负责）
三、保障措施
对工作推进不力的，予以通报批评。
";

fn planlint() -> Command {
    Command::new(env!("CARGO_BIN_EXE_planlint"))
}

/// The CLI reading `bytes` from standard input under `name`.
fn cli(args: &[&str], name: &str, bytes: &[u8]) -> Output {
    let mut child = planlint()
        .args(args)
        .args(["--stdin-filename", name, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn check_api_prints_the_cli_json_for_the_same_text() {
    let server = Served::start();
    for (name, text) in [("示例方案.txt", SAMPLE), ("扬尘方案.md", PLAN)] {
        let api = server.post(
            &format!("/api/check?{}&today=2025-07-01", query_name(name)),
            text.as_bytes(),
        );
        assert_eq!(api.status, 200);
        assert_eq!(
            api.header("Content-Type"),
            Some("application/json; charset=utf-8")
        );
        let cli = cli(
            &[
                "check",
                "--no-config",
                "--format",
                "json",
                "--today",
                "2025-07-01",
            ],
            name,
            text.as_bytes(),
        );
        assert_eq!(api.text(), String::from_utf8(cli.stdout).unwrap());
    }
}

#[test]
fn extract_api_prints_the_cli_ledger_for_text_and_docx() {
    let server = Served::start();
    let api = server.post(
        &format!("/api/extract?{}", query_name("扬尘方案.txt")),
        PLAN.as_bytes(),
    );
    let cli_out = cli(
        &["extract", "--format", "json"],
        "扬尘方案.txt",
        PLAN.as_bytes(),
    );
    assert_eq!(api.text(), String::from_utf8(cli_out.stdout).unwrap());
    let ledger = api.json();
    let tasks = &ledger["files"][0]["tasks"];
    assert_eq!(tasks.as_array().unwrap().len(), 3);
    assert_eq!(tasks[1]["units"].as_array().unwrap().len(), 0);
    assert!(tasks[1]["deadline"].is_null());

    let bytes = docx_of(DOCX_PLAN);
    let api = server.post(
        &format!("/api/extract?{}", query_name("江川方案.docx")),
        &bytes,
    );
    let cli_out = cli(&["extract", "--format", "json"], "江川方案.docx", &bytes);
    assert_eq!(api.text(), String::from_utf8(cli_out.stdout).unwrap());
    assert_eq!(
        api.json()["files"][0]["title"],
        "江川市2025年河湖清四乱专项行动方案"
    );
}

#[test]
fn gb18030_and_utf16_uploads_are_decoded_like_files() {
    let server = Served::start();
    let (gbk, _, _) = encoding_rs::GB18030.encode(PLAN);
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(PLAN.encode_utf16().flat_map(u16::to_le_bytes));
    for bytes in [gbk.to_vec(), utf16] {
        let reply = server.post("/api/extract?name=plan.txt", &bytes);
        assert_eq!(reply.status, 200, "{}", reply.text());
        let f = &reply.json()["files"][0];
        assert_eq!(f["title"], "宁川市2025年扬尘污染防治工作方案");
        assert_eq!(f["tasks"][0]["units"][0]["name"], "市住建局");
    }
}

#[test]
fn review_gives_the_page_the_text_and_both_reports() {
    let server = Served::start();
    let reply = server.post("/api/review?today=2025-07-01", PLAN.as_bytes());
    let v = reply.json();
    assert_eq!(v["text"], PLAN);
    let codes: Vec<&str> = v["check"]["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"PL101") && codes.contains(&"PL102") && codes.contains(&"PL103"));
    assert_eq!(
        v["extract"]["files"][0]["tasks"][2]["deadline"]["kind"],
        "vague"
    );
    assert_eq!(v["check"]["files"][0]["path"], "方案.txt");
}

#[test]
fn packs_and_selections_choose_the_rules() {
    let server = Served::start();
    let text = PLAN.replace("提高道路保洁水平", "提高道路保洁水平,减少扬尘");
    let codes = |query: &str| -> Vec<String> {
        let v = server
            .post(&format!("/api/check?{query}"), text.as_bytes())
            .json();
        v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let all = codes("");
    assert!(all.iter().any(|c| c.starts_with("PL1")), "{all:?}");
    assert!(all.iter().any(|c| c == "PL301"), "{all:?}");
    let punctuation = codes("packs=punctuation");
    assert!(!punctuation.is_empty());
    assert!(
        punctuation.iter().all(|c| c.starts_with("PL3")),
        "{punctuation:?}"
    );
    assert_eq!(codes("select=PL301"), ["PL301"]);
    assert!(!codes("ignore=PL301").contains(&"PL301".to_string()));
}

#[test]
fn fix_applies_safe_fixes_only_and_writes_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let server = Served::start_in(dir.path());
    let text = "一、工作任务\n（一）开展巡查,认真布署整改工作。\n";
    let v = server.post("/api/fix", text.as_bytes()).json();
    // The comma is a safe fix; 布署 → 部署 is a misused term's fix, which a person confirms.
    assert_eq!(
        v["text"],
        "一、工作任务\n（一）开展巡查，认真布署整改工作。\n"
    );
    assert_eq!(v["fixed"], 1);
    let cli_fixed = cli(
        &["check", "--no-config", "--fix"],
        "方案.txt",
        text.as_bytes(),
    );
    assert_eq!(v["text"], String::from_utf8(cli_fixed.stdout).unwrap());
    for path in ["/api/ledger.csv", "/api/ledger.xlsx", "/api/review"] {
        assert_eq!(server.post(path, text.as_bytes()).status, 200);
    }
    let written: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(written.is_empty(), "the server wrote {written:?}");
}

#[test]
fn bad_options_and_routes_are_explained_in_chinese() {
    let server = Served::start();
    let r = server.post("/api/check?today=2025-13-01", PLAN.as_bytes());
    assert_eq!(r.status, 400);
    assert!(
        r.json()["error"]
            .as_str()
            .unwrap()
            .contains("不是 YYYY-MM-DD 格式的日期")
    );
    let r = server.post("/api/check?packs=plan,style", PLAN.as_bytes());
    assert_eq!(r.status, 400);
    let message = r.json()["error"].as_str().unwrap().to_string();
    assert!(message.contains("没有名为“style”的内置规则包") && message.contains("punctuation"));
    let r = server.get("/api/check");
    assert_eq!(r.status, 405);
    assert!(r.json()["error"].as_str().unwrap().contains("只接受 POST"));
    assert_eq!(server.post("/api/packs", b"").status, 405);
    assert_eq!(server.post("/api/lint", PLAN.as_bytes()).status, 404);
    assert_eq!(server.get("/etc/passwd").status, 404);
}

#[test]
fn a_body_over_20_mb_is_refused_with_413_and_the_server_goes_on() {
    let server = Served::start();
    let body = vec![b'a'; 20 * 1024 * 1024 + 1];
    let r = server.post("/api/check", &body);
    assert_eq!(r.status, 413);
    assert_eq!(
        r.json()["error"],
        "上传内容超过 20 MB 上限，未检查；请只上传方案正文（图片较多的 .docx 可另存为 .txt 后再上传）"
    );
    // Exactly at the limit is read: these NUL bytes get as far as decoding, which refuses them.
    let at_limit = vec![0u8; 20 * 1024 * 1024];
    let r = server.post("/api/extract", &at_limit);
    assert_eq!(r.status, 422);
    assert_eq!(r.json()["error"], cli_error("zeros.txt", &at_limit));
    assert_eq!(server.post("/api/extract", PLAN.as_bytes()).status, 200);
}

/// The CLI's complaint about a file, without its `planlint: NAME: ` prefix.
fn cli_error(name: &str, bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), bytes).unwrap();
    let out = planlint()
        .current_dir(dir.path())
        .args(["check", "--no-config", name])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    stderr
        .trim_end()
        .strip_prefix(&format!("planlint: {name}: "))
        .unwrap_or_else(|| panic!("unexpected stderr: {stderr}"))
        .to_string()
}

#[test]
fn unreadable_uploads_get_the_cli_errors() {
    let server = Served::start();
    let mut binary = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    binary.extend([0u8; 64]);
    let broken_docx = b"PK\x03\x04 this is not the rest of a zip".to_vec();
    let cases: [(&str, &[u8]); 3] = [
        ("方案.txt", &binary),
        ("方案.docx", &broken_docx),
        ("方案.doc", b"\xd0\xcf\x11\xe0 old Word"),
    ];
    for (name, bytes) in cases {
        let r = server.post(&format!("/api/check?{}", query_name(name)), bytes);
        assert_eq!(r.status, 422, "{name}");
        let v = r.json();
        assert_eq!(v["path"], name);
        assert_eq!(v["error"], cli_error(name, bytes), "{name}");
    }
    // The same server still checks the next document.
    assert_eq!(server.post("/api/check", PLAN.as_bytes()).status, 200);
}

#[test]
fn script_in_a_plan_comes_back_as_data_never_as_markup() {
    let server = Served::start();
    let text = "一、重点任务\n（一）开展<script>alert(1)</script>排查。\n";
    let r = server.post("/api/review", text.as_bytes());
    assert_eq!(
        r.header("Content-Type"),
        Some("application/json; charset=utf-8")
    );
    assert_eq!(r.header("X-Content-Type-Options"), Some("nosniff"));
    assert_eq!(r.json()["text"], text);
    let page = server.get("/");
    let csp = page.header("Content-Security-Policy").unwrap();
    assert!(csp.contains("default-src 'self'"), "{csp}");
    assert!(!csp.contains("unsafe-inline"));
    let js = server.get("/app.js").text();
    assert!(
        !js.contains(".innerHTML"),
        "the page builds its text with DOM APIs"
    );
}

#[test]
fn the_page_and_its_assets_are_served_from_the_binary() {
    let server = Served::start();
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("工作方案检查与任务清单"));
    for (path, kind) in [("/app.js", "text/javascript"), ("/style.css", "text/css")] {
        let r = server.get(path);
        assert_eq!(r.status, 200);
        assert!(r.header("Content-Type").unwrap().starts_with(kind));
    }
    assert!(!page.text().contains("http://") && !page.text().contains("https://"));
    assert_eq!(server.get("/sample.txt").text(), SAMPLE);
    let packs = server.get("/api/packs").json();
    assert_eq!(
        packs["packs"],
        serde_json::json!([
            "plan",
            "format",
            "punctuation",
            "numbers",
            "wording",
            "hygiene"
        ])
    );
}

#[test]
fn concurrent_requests_are_served_while_a_slow_upload_waits() {
    let server = Served::start();
    // A client that sends half its body and stalls holds one worker, not the server.
    let mut slow = std::net::TcpStream::connect(&server.addr).unwrap();
    write!(
        slow,
        "POST /api/extract HTTP/1.0\r\nContent-Length: {}\r\n\r\n",
        PLAN.len()
    )
    .unwrap();
    slow.write_all(&PLAN.as_bytes()[..PLAN.len() / 2]).unwrap();
    let answers: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let server = &server;
                s.spawn(move || {
                    let text = PLAN.replace("宁川市", &format!("第{i}市"));
                    let v = server.post("/api/extract", text.as_bytes()).json();
                    v["files"][0]["title"].as_str().unwrap().to_string()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (i, title) in answers.iter().enumerate() {
        assert_eq!(title, &format!("第{i}市2025年扬尘污染防治工作方案"));
    }
    slow.write_all(&PLAN.as_bytes()[PLAN.len() / 2..]).unwrap();
    let mut raw = Vec::new();
    slow.read_to_end(&mut raw).unwrap();
    assert!(String::from_utf8_lossy(&raw).contains("宁川市2025年扬尘污染防治工作方案"));
}

#[test]
fn csv_download_has_a_bom_the_header_row_and_the_cli_rows() {
    let server = Served::start();
    let r = server.post(
        &format!("/api/ledger.csv?{}", query_name("扬尘方案.txt")),
        PLAN.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.header("Content-Type"), Some("text/csv; charset=utf-8"));
    let disposition = r.header("Content-Disposition").unwrap();
    // 扬尘方案-任务清单.csv, percent-encoded for the header.
    assert!(
        disposition.ends_with(
            "filename*=UTF-8''%E6%89%AC%E5%B0%98%E6%96%B9%E6%A1%88-%E4%BB%BB%E5%8A%A1%E6%B8%85%E5%8D%95.csv"
        ),
        "{disposition}"
    );
    assert_eq!(&r.body[..3], b"\xEF\xBB\xBF");
    let text = String::from_utf8(r.body[3..].to_vec()).unwrap();
    assert!(text.starts_with("文件,序号,任务,牵头单位,配合/责任单位,完成时限,时限类型,行号\n"));
    assert!(
        text.contains("扬尘方案.txt,2,（二）加强道路扬尘治理,,,,未明确,6\n"),
        "{text}"
    );
    let cli_out = cli(
        &["extract", "--format", "csv"],
        "扬尘方案.txt",
        PLAN.as_bytes(),
    );
    assert_eq!(text, String::from_utf8(cli_out.stdout).unwrap());
}

#[test]
fn xlsx_download_is_a_workbook_with_the_ledger_sheet() {
    let server = Served::start();
    let r = server.post(
        &format!("/api/ledger.xlsx?{}", query_name("扬尘方案.txt")),
        PLAN.as_bytes(),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("Content-Type"),
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    );
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(r.body)).expect("a zip archive");
    let mut part = |name: &str| {
        let mut s = String::new();
        zip.by_name(name)
            .unwrap_or_else(|_| panic!("no {name}"))
            .read_to_string(&mut s)
            .unwrap();
        s
    };
    assert!(part("xl/workbook.xml").contains("name=\"任务清单\""));
    let strings = part("xl/sharedStrings.xml");
    for cell in [
        "牵头单位",
        "配合/责任单位",
        "（一）严格施工扬尘管控",
        "市住建局",
        "未明确",
        "尽快",
    ] {
        assert!(strings.contains(cell), "no {cell} in {strings}");
    }
    let sheet = part("xl/worksheets/sheet1.xml");
    // Header and three tasks; the ledger can be filtered.
    assert!(sheet.contains("<row r=\"4\"") && !sheet.contains("<row r=\"5\""));
    assert!(sheet.contains("<autoFilter ref=\"A1:H4\""), "{sheet}");
}
