//! `planlint lsp` as an editor drives it: a scripted JSON-RPC client over the binary's stdio.
//! Every wait is bounded, so a broken server fails a test instead of hanging it.

#[path = "common/lsp_frames.rs"]
mod lsp_frames;
#[path = "common/rng.rs"]
mod rng;
use lsp_frames::read_frame;
use rng::Rng;
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

/// A plan with a task lacking a deadline (line 5) and a half-width comma (line 7), each on a
/// line with a character outside the BMP before the finding's end.
const PLAN: &str = "\
青川县2025年城乡环境整治工作方案
一、工作目标
到2025年底，农村生活垃圾收运处置体系覆盖率达到95%以上。
二、重点任务
（一）完善垃圾收运体系。2025年6月底前完成12个乡镇转运站提标改造。（县住房和城乡建设局牵头，各乡镇人民政府负责落实）
（二）开展𠀀村非正规垃圾堆放点排查整治。（县城管局牵头）
三、保障措施
（一）加强组织领导。𠀀村各单位要加强领导,压实责任。
（二）严格督查问责。对工作推进不力的，由县政府约谈其主要负责人。
";

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Messages read while waiting for another one.
    backlog: Vec<Value>,
    /// When each publishDiagnostics had arrived, by document and version: taken as its last
    /// byte was read, before this client parsed it.
    published_at: Arc<Mutex<Vec<(String, i64, Instant)>>>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        // PLANLINT_LSP_BIN runs another build, to time it beside this one (see the latency
        // measurement below).
        let bin = std::env::var_os("PLANLINT_LSP_BIN")
            .unwrap_or_else(|| env!("CARGO_BIN_EXE_planlint").into());
        let mut child = Command::new(bin)
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("planlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        let published_at = Arc::new(Mutex::new(Vec::new()));
        let arrivals = Arc::clone(&published_at);
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(frame) = read_frame(&mut reader) {
                let at = Instant::now();
                let Ok(msg) = serde_json::from_slice::<Value>(&frame) else {
                    break;
                };
                if msg["method"] == "textDocument/publishDiagnostics" {
                    let p = &msg["params"];
                    let uri = p["uri"].as_str().unwrap_or_default().to_string();
                    let version = p["version"].as_i64().unwrap_or(-1);
                    arrivals.lock().unwrap().push((uri, version, at));
                }
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Client {
            child,
            stdin,
            incoming,
            backlog: Vec::new(),
            published_at,
            next_id: 1,
        }
    }

    fn initialize(options: Value) -> Client {
        let mut c = Client::start();
        let result = c.request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {},
                   "initializationOptions": options}),
        );
        assert_eq!(
            result["capabilities"]["textDocumentSync"]["change"], 2,
            "incremental sync: {result}"
        );
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        let resp = self.wait_for(&format!("the response to {method}"), |m| {
            m["id"] == id && m.get("method").is_none()
        });
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// The first message (already read or still to come) that `pred` accepts.
    fn wait_for(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.backlog.iter().position(&pred) {
            return self.backlog.remove(i);
        }
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.incoming.recv_timeout(left) {
                Ok(m) if pred(&m) => return m,
                Ok(m) => self.backlog.push(m),
                Err(RecvTimeoutError::Timeout) => panic!("no {what} within {WAIT:?}"),
                Err(RecvTimeoutError::Disconnected) => panic!("server closed before {what}"),
            }
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let msg = self.wait_for(&format!("diagnostics for {uri} v{version:?}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == v)
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// When the diagnostics of `uri` at `version` had arrived (call after receiving them).
    fn arrival(&self, uri: &str, version: i64) -> Instant {
        let arrivals = self.published_at.lock().unwrap();
        let found = arrivals.iter().find(|(u, v, _)| u == uri && *v == version);
        found.expect("diagnostics received").2
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    /// `shutdown`, `exit`, and the process's exit status.
    fn shutdown(mut self) -> i32 {
        let result = self.request("shutdown", Value::Null);
        assert!(result.is_null());
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("planlint lsp did not exit after exit");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        // A failed test must not leave a server behind.
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn with_code<'a>(diags: &'a [Value], code: &str) -> Vec<&'a Value> {
    diags.iter().filter(|d| d["code"] == code).collect()
}

/// The LSP position (line, UTF-16 column) of a byte offset in `text`.
fn lsp_position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": before[line_start..].encode_utf16().count()})
}

fn file_uri(path: &Path) -> String {
    let mut out = String::from("file://");
    for b in path.to_str().unwrap().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[test]
fn an_editor_session_from_open_to_exit() {
    let mut c = Client::initialize(json!({"debounceMs": 50, "today": "2025-03-01"}));
    let uri = "untitled:Untitled-1";
    c.open(uri, PLAN);

    // PL102 covers the task's title line, which has 𠀀 (two UTF-16 units) in it.
    let diags = c.diagnostics(uri, Some(1));
    let missing = with_code(&diags, "PL102");
    assert_eq!(missing.len(), 1, "{diags:?}");
    let d = missing[0];
    let start = PLAN.find("（二）开展").unwrap();
    let end = PLAN.find("。（县城管局牵头）").unwrap();
    assert_eq!(d["range"]["start"], lsp_position(PLAN, start));
    assert_eq!(d["range"]["end"], lsp_position(PLAN, end));
    assert_eq!(
        d["range"]["end"]["character"], 20,
        "19 characters, 20 units"
    );
    assert_eq!(d["severity"], 1);
    assert_eq!(d["source"], "planlint");
    let message = d["message"].as_str().unwrap();
    assert!(message.starts_with("任务“开展𠀀村非正规垃圾堆放点排查整治”未明确完成时限"));
    assert!(
        message.contains("\n建议："),
        "help follows the message: {message}"
    );

    // The half-width comma comes after 𠀀 on its line.
    let comma = with_code(&diags, "PL301");
    assert_eq!(comma.len(), 1, "{diags:?}");
    let comma_at = PLAN.find(',').unwrap();
    let range = comma[0]["range"].clone();
    let comma_pos = lsp_position(PLAN, comma_at);
    assert!(range["start"]["character"].as_u64() <= comma_pos["character"].as_u64());
    assert!(range["end"]["character"].as_u64() > comma_pos["character"].as_u64());
    assert_eq!(range["start"]["line"], 7);
    assert_eq!(comma[0]["severity"], 2, "a warning");

    // Typing a deadline: the finding goes once the pause is over.
    let fixed = PLAN.replace(
        "排查整治。（县城管局牵头）",
        "排查整治，2025年9月底前完成。（县城管局牵头）",
    );
    c.change(uri, 2, &fixed);
    let diags = c.diagnostics(uri, Some(2));
    assert!(with_code(&diags, "PL102").is_empty(), "{diags:?}");
    assert_eq!(with_code(&diags, "PL301").len(), 1);

    // The quick fix for the comma: a safe edit at the comma.
    let comma_at = fixed.find(',').unwrap();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": lsp_position(&fixed, comma_at),
               "end": lsp_position(&fixed, comma_at)},
               "context": {"diagnostics": []}}),
    );
    let actions = actions.as_array().unwrap();
    let quick = actions
        .iter()
        .find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().starts_with("PL301"))
        .unwrap_or_else(|| panic!("a PL301 quick fix in {actions:?}"));
    assert_eq!(quick["isPreferred"], true, "{quick}");
    let edits = quick["edit"]["changes"][uri].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let new_text = edits[0]["newText"].as_str().unwrap();
    assert!(
        new_text.contains('，') && !new_text.contains(','),
        "{new_text}"
    );
    assert_eq!(edits[0]["range"]["start"]["line"], 7);
    let all = actions
        .iter()
        .find(|a| a["kind"] == "source.fixAll")
        .expect("fix all safe");
    assert!(all["title"].as_str().unwrap().contains("修复全部"));

    // Hover on a rule code in a suppression comment.
    let with_comment = format!("planlint-disable-next-line PL101\n{fixed}");
    c.change(uri, 3, &with_comment);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 29}}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.starts_with("**PL101** `task-missing-unit`"),
        "{value}"
    );
    assert!(value.contains("建议："), "{value}");
    assert_eq!(hover["range"]["start"]["character"], 27);
    c.diagnostics(uri, Some(3));

    // Hover inside a finding explains its rule.
    let at = with_comment.find("加强领导,").unwrap() + "加强领导".len();
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": lsp_position(&with_comment, at)}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("PL301")
    );

    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": uri}}),
    );
    assert!(c.diagnostics(uri, None).is_empty(), "cleared on close");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn typing_is_linted_once_the_pause_is_over() {
    let mut c = Client::initialize(json!({"debounceMs": 1000}));
    let uri = "untitled:Untitled-2";
    c.open(uri, PLAN);
    c.diagnostics(uri, Some(1));
    for v in 2..=6 {
        c.change(
            uri,
            v,
            &PLAN.replace("加强领导", &"加强领导".repeat(v as usize)),
        );
    }
    c.diagnostics(uri, Some(6));
    let early = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .count();
    assert_eq!(
        early, 0,
        "keystrokes were linted one by one: {:?}",
        c.backlog
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn bad_input_gets_answers_not_a_crash() {
    let mut c = Client::initialize(json!({"debounceMs": 10}));
    // An invalid URI, a document never opened, positions far outside the text.
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "not a uri", "languageId": "plaintext", "version": 1, "text": "x"}}),
    );
    let uri = "file:///nonexistent/%E6%96%B9%E6%A1%88.txt";
    c.open(uri, "");
    assert!(c.diagnostics(uri, Some(1)).is_empty());
    c.change(uri, 2, "𠀀,\n\n");
    c.diagnostics(uri, Some(2));
    let far = json!({"line": 999_999, "character": 4_000_000_000u64});
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": {"start": far, "end": {"line": 0, "character": 1}},
               "context": {"diagnostics": []}}),
    );
    assert!(actions.is_array());
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": "file:///never/opened.txt"}, "position": far}),
    );
    assert!(hover.is_null());
    let id = c.next_id;
    c.next_id += 1;
    c.send(
        json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/hover", "params": {"bogus": 1}}),
    );
    let resp = c.wait_for("an error for bad params", |m| m["id"] == id);
    assert!(resp["error"]["message"].is_string(), "{resp}");
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn the_nearest_config_applies_and_reloads_when_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("planlint.yaml");
    std::fs::write(&config, "rules:\n  PL102: off\n").unwrap();
    let plan = dir.path().join("子目录").join("方案.txt");
    std::fs::create_dir_all(plan.parent().unwrap()).unwrap();
    std::fs::write(&plan, PLAN).unwrap();
    let uri = file_uri(&plan);

    let mut c = Client::initialize(json!({"debounceMs": 10, "today": "2025-03-01"}));
    c.open(&uri, PLAN);
    let diags = c.diagnostics(&uri, Some(1));
    assert!(
        with_code(&diags, "PL102").is_empty(),
        "turned off: {diags:?}"
    );
    assert!(!with_code(&diags, "PL301").is_empty());

    // A broken config: a message, a diagnostic in the config file, built-in rules meanwhile.
    std::fs::write(&config, "rules:\n  PL102: loud\n").unwrap();
    let config_uri = file_uri(&config);
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": config_uri, "type": 2}]}),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert_eq!(with_code(&diags, "PL102").len(), 1, "{diags:?}");
    let shown = c.wait_for("a message about the config", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("配置")
    );
    let config_diags = c.diagnostics(&config_uri, None);
    assert_eq!(config_diags.len(), 1, "{config_diags:?}");
    assert_eq!(config_diags[0]["range"]["start"]["line"], 1);

    // Fixed and saved in the editor: the config applies again and its error is cleared.
    std::fs::write(&config, "rules:\n  PL102: off\n  PL301: off\n").unwrap();
    c.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": config_uri, "languageId": "yaml", "version": 1,
               "text": "rules:\n  PL102: off\n  PL301: off\n"}}),
    );
    c.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": config_uri}}),
    );
    let diags = c.diagnostics(&uri, Some(1));
    assert!(with_code(&diags, "PL102").is_empty(), "{diags:?}");
    assert!(with_code(&diags, "PL301").is_empty(), "{diags:?}");
    assert!(c.diagnostics(&config_uri, None).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn exit_without_shutdown_is_exit_code_1() {
    let mut c = Client::initialize(json!({}));
    c.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(s) = c.child.try_wait().unwrap() {
            break s;
        }
        assert!(Instant::now() < deadline, "did not exit");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(1));
}

/// A plan of about `bytes` bytes: the sample's task section repeated under numbered headings.
fn big_plan(bytes: usize) -> String {
    let mut out = String::from(
        "青川县2025年城乡环境整治工作方案\n一、工作目标\n到2025年底，农村生活垃圾收运处置体系覆盖率达到95%以上。\n",
    );
    let numerals = ["二", "三", "四", "五", "六", "七", "八", "九"];
    let mut n = 0;
    while out.len() < bytes {
        let heading = numerals[n % numerals.len()];
        out.push_str(&format!("{heading}、重点任务（第{}部分）\n", n + 1));
        for i in 1..=9 {
            out.push_str(&format!(
                "{i}. 完善第{n}片区垃圾收运体系。2025年6月底前完成12个乡镇转运站提标改造,建立长效管护机制。（县住房和城乡建设局牵头，各乡镇人民政府负责落实）\n"
            ));
            out.push_str(&format!(
                "{i}0. 开展第{n}片区非正规垃圾堆放点排查整治。（县城管局牵头）\n"
            ));
        }
        n += 1;
    }
    out.push_str(
        "十、保障措施\n（一）严格督查问责。对工作推进不力的，由县政府约谈其主要负责人。\n",
    );
    out
}

/// How long from a one-character `didChange` (a ranged edit in the body text of a task in the
/// middle of the plan, typed and then deleted again) to the arrival of its diagnostics on a
/// 200 KB plan, debounce off: `cargo test --release --test lsp -- --ignored --nocapture
/// latency`. `PLANLINT_LSP_BIN=OTHER_BINARY` times another build the same way.
#[test]
#[ignore = "a measurement, not a test"]
fn latency_of_a_recheck_on_a_200_kb_plan() {
    let plan = big_plan(200_000);
    let mut c = Client::initialize(json!({"debounceMs": 0, "today": "2025-03-01"}));
    let uri = "file:///tmp/planlint-latency/方案.txt".replace("方案", "%E6%96%B9%E6%A1%88");
    c.open(&uri, &plan);
    let first = c.diagnostics(&uri, Some(1));
    // Just before the half-width comma of a task line, so that its finding moves each time.
    let middle = plan.len() / 2;
    let at = middle + plan[middle..].find("改造,").unwrap() + "改造".len();
    let start = lsp_position(&plan, at);
    let after =
        json!({"line": start["line"], "character": start["character"].as_u64().unwrap() + 1});
    let mut times = Vec::new();
    for v in 2..=41 {
        let (range, text) = if v % 2 == 0 {
            (json!({"start": start, "end": start}), "的")
        } else {
            (json!({"start": start, "end": after}), "")
        };
        let sent = Instant::now();
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
        c.diagnostics(&uri, Some(v));
        times.push(c.arrival(&uri, v) - sent);
    }
    times.sort();
    println!(
        "{} KB, {} findings: one-character didChange → publishDiagnostics median {:?}, min {:?}, max {:?}",
        plan.len() / 1000,
        first.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    assert_eq!(c.shutdown(), 0);
}

/// What a drafter types, pastes and deletes: single characters, punctuation of both widths,
/// numbering markers, unit names, deadlines, accountability wording, suppression comments,
/// characters outside the BMP and line breaks.
const PASTES: &[&str] = &[
    "的",
    "加",
    "局",
    ",",
    "，",
    "。",
    "、",
    "（",
    "）",
    "“",
    "\n",
    "𠀀",
    "XX",
    " ",
    "（三）",
    "三、",
    "1.",
    "一是",
    "2025年6月底前完成",
    "尽快",
    "长期坚持",
    "（县财政局牵头，各乡镇人民政府配合）",
    "县环保局",
    "约谈",
    "问责",
    "\n（四）加强宣传,营造氛围。",
    "\nplanlint-disable-next-line PL301\n",
    "完成时限：",
    "责任单位：县城管局",
    "二、保障措施\n",
    // Counted over the whole document by PL604, PL608 and PL609: Traditional paragraphs and a
    // web page's dated link list.
    "\n推進全區揚塵治理工作。\n",
    "發展",
    "\n- 关于做好秸秆禁烧工作的通知 2024-05-01\n",
];

/// A random edit of `text`: (byte range replaced, new text), on character boundaries.
fn random_edit(rng: &mut Rng, text: &str) -> (usize, usize, String) {
    let boundaries: Vec<usize> = text
        .char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .collect();
    let a = boundaries[rng.below(boundaries.len())];
    let at = boundaries.iter().position(|&b| b == a).unwrap();
    let (end, insert) = match rng.below(4) {
        // Delete one to four characters (line breaks included).
        0 => (
            boundaries[(at + 1 + rng.below(4)).min(boundaries.len() - 1)],
            String::new(),
        ),
        // Replace a character with another.
        1 => (
            boundaries[(at + 1).min(boundaries.len() - 1)],
            rng.pick(PASTES).to_string(),
        ),
        // Type or paste at a point.
        _ => (a, rng.pick(PASTES).to_string()),
    };
    (a, end, insert)
}

fn ranged_change(
    uri: &str,
    version: i64,
    text: &str,
    (a, b, insert): &(usize, usize, String),
) -> Value {
    json!({"textDocument": {"uri": uri, "version": version},
           "contentChanges": [{"range": {"start": lsp_position(text, *a), "end": lsp_position(text, *b)},
                               "text": insert}]})
}

/// After every one of many random ranged edits, the document's diagnostics are those of a
/// full lint of the text the edits produce (the same text opened fresh), byte for byte.
#[test]
fn diagnostics_after_random_edits_equal_a_full_relint() {
    let mut c = Client::initialize(json!({"debounceMs": 0, "today": "2025-03-01"}));
    let plans = [PLAN.to_string(), big_plan(6_000)];
    let mut published_sets = 0;
    let mut unchanged = 0;
    for (p, plan) in plans.iter().enumerate() {
        let uri = format!("file:///tmp/planlint-edits/plan-{p}.txt");
        let mut text = plan.clone();
        c.open(&uri, &text);
        let mut shown = c.diagnostics(&uri, Some(1));
        let mut rng = Rng(0x9e37_79b9_7f4a_7c15 ^ p as u64);
        for v in 2..=120 {
            let edit = random_edit(&mut rng, &text);
            c.notify(
                "textDocument/didChange",
                ranged_change(&uri, v, &text, &edit),
            );
            text.replace_range(edit.0..edit.1, &edit.2);
            // A request makes a pending lint run now; its diagnostics, if they changed, come
            // before its answer.
            c.request(
                "textDocument/codeAction",
                json!({"textDocument": {"uri": uri}, "range": {"start": {"line": 0, "character": 0},
                       "end": {"line": 0, "character": 0}}, "context": {"diagnostics": []}}),
            );
            let fresh: Vec<usize> = c
                .backlog
                .iter()
                .enumerate()
                .filter(|(_, m)| {
                    m["method"] == "textDocument/publishDiagnostics"
                        && m["params"]["uri"] == uri.as_str()
                })
                .map(|(i, _)| i)
                .collect();
            match fresh[..] {
                [] => unchanged += 1,
                [i] => {
                    let m = c.backlog.remove(i);
                    assert_eq!(m["params"]["version"], v, "{m}");
                    shown = m["params"]["diagnostics"].as_array().unwrap().clone();
                    published_sets += 1;
                }
                _ => panic!("one edit, one publish at most: {fresh:?}"),
            }
            let full_uri = format!("untitled:full-{p}-{v}");
            c.open(&full_uri, &text);
            let full = c.diagnostics(&full_uri, Some(1));
            assert_eq!(
                serde_json::to_string(&shown).unwrap(),
                serde_json::to_string(&full).unwrap(),
                "plan {p}, edit {v} {edit:?}, text now:\n{text}"
            );
            c.notify(
                "textDocument/didClose",
                json!({"textDocument": {"uri": full_uri}}),
            );
            c.diagnostics(&full_uri, None);
        }
    }
    println!("{published_sets} edits changed the diagnostics, {unchanged} did not");
    assert!(
        published_sets > 100 && unchanged > 0,
        "{published_sets} / {unchanged}"
    );
    assert_eq!(c.shutdown(), 0);
}

/// An edit that changes no finding sends no publishDiagnostics: LSP publishes whole sets, and
/// the client already shows this one.
#[test]
fn an_unchanged_set_of_diagnostics_is_not_sent_again() {
    let mut c = Client::initialize(json!({"debounceMs": 0, "today": "2025-03-01"}));
    let uri = "untitled:unchanged";
    c.open(uri, PLAN);
    let before = c.diagnostics(uri, Some(1));
    // 推进 → 落实 in a line without findings, typed as three changes.
    let at = PLAN.find("推进不力").unwrap();
    let mut text = PLAN.to_string();
    let edits = [
        (at, at + "推进".len(), ""),
        (at, at, "落"),
        (at + "落".len(), at + "落".len(), "实"),
    ];
    for (i, (a, b, insert)) in edits.into_iter().enumerate() {
        let edit = (a, b, insert.to_string());
        c.notify(
            "textDocument/didChange",
            ranged_change(uri, i as i64 + 2, &text, &edit),
        );
        text.replace_range(a..b, insert);
    }
    assert!(text.contains("对工作落实不力的"), "{text}");
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(hover.is_null());
    // Then one that adds a finding: published, with its version.
    let comma = text.find("落实不力的").unwrap() + "落实不力".len();
    let edit = (comma, comma, ",".to_string());
    c.notify(
        "textDocument/didChange",
        ranged_change(uri, 5, &text, &edit),
    );
    let after = c.diagnostics(uri, Some(5));
    assert_eq!(after.len(), before.len() + 1, "{after:?}");
    let sent: Vec<&Value> = c
        .backlog
        .iter()
        .filter(|m| m["method"] == "textDocument/publishDiagnostics")
        .collect();
    assert!(sent.is_empty(), "versions 2–4 changed no finding: {sent:?}");
    assert_eq!(c.shutdown(), 0);
}
