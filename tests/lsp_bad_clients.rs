//! `planlint lsp` against clients that break the protocol: raw bytes on the binary's stdin,
//! every answer read from its stdout. Each test ends by checking the server still serves.

#[path = "common/lsp_frames.rs"]
mod lsp_frames;
use lsp_frames::read_message;
use std::io::{BufReader, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(20);

/// A small plan with one half-width comma (PL301) on line 3.
const PLAN: &str = "\
青川县2025年秸秆禁烧工作方案
一、重点任务
（一）开展巡查,2025年10月底前完成。（县农业农村局牵头）
二、保障措施
（一）严格问责。对工作不力的乡镇，由县政府约谈其主要负责人。
";

struct Raw {
    child: Child,
    stdin: Option<ChildStdin>,
    incoming: Receiver<Value>,
    backlog: Vec<Value>,
}

impl Raw {
    fn start() -> Raw {
        let mut child = Command::new(env!("CARGO_BIN_EXE_planlint"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("planlint lsp starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(msg) = read_message(&mut reader) {
                if tx.send(msg).is_err() {
                    break;
                }
            }
        });
        Raw {
            child,
            stdin: Some(stdin),
            incoming,
            backlog: Vec::new(),
        }
    }

    fn initialized(options: Value) -> Raw {
        let mut c = Raw::start();
        c.send(&json!({"jsonrpc": "2.0", "id": 0, "method": "initialize",
                       "params": {"capabilities": {}, "initializationOptions": options}}));
        c.response(0);
        c.notify("initialized", json!({}));
        c
    }

    fn bytes(&mut self, bytes: &[u8]) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        stdin.write_all(bytes).unwrap();
        stdin.flush().unwrap();
    }

    fn send(&mut self, msg: &Value) {
        let body = msg.to_string();
        self.bytes(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, id: i64, method: &str, params: Value) -> Value {
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.response(id)
    }

    fn response(&mut self, id: i64) -> Value {
        self.wait_for(&format!("the response to request {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

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

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "plaintext", "version": 1, "text": text}}),
        );
    }

    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let msg = self.wait_for(&format!("diagnostics for {uri} v{version}"), |m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == version
        });
        msg["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// Proves the server still answers: a hover on an open document.
    fn still_serves(&mut self, id: i64) {
        let uri = format!("untitled:probe-{id}");
        self.open(&uri, PLAN);
        let diags = self.diagnostics(&uri, 1);
        assert!(diags.iter().any(|d| d["code"] == "PL301"), "{diags:?}");
        let hover = self.request(
            id,
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": diags[0]["range"]["start"]}),
        );
        assert!(hover["result"].is_object(), "{hover}");
    }

    fn shutdown(mut self) -> i32 {
        let resp = self.request(9_999, "shutdown", Value::Null);
        assert!(resp.get("error").is_none(), "{resp}");
        self.notify("exit", Value::Null);
        self.exit_code()
    }

    fn exit_code(&mut self) -> i32 {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "planlint lsp did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn published_versions(&self, uri: &str) -> Vec<i64> {
        self.backlog
            .iter()
            .filter(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            })
            .filter_map(|m| m["params"]["version"].as_i64())
            .collect()
    }
}

impl Drop for Raw {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

fn error_code(resp: &Value) -> i64 {
    resp["error"]["code"]
        .as_i64()
        .unwrap_or_else(|| panic!("an error: {resp}"))
}

fn has_han(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

#[test]
fn invalid_json_gets_a_parse_error_and_the_server_keeps_serving() {
    let mut c = Raw::initialized(json!({"debounceMs": 0}));
    let body = br#"{"jsonrpc":"2.0","id":5,"method":"textDocument/hover","params":{"#;
    c.bytes(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
    c.bytes(body);
    let err = c.wait_for("a parse error", |m| m.get("error").is_some());
    assert_eq!(error_code(&err), -32700);
    assert!(
        err["id"].is_null(),
        "no id can be read from broken JSON: {err}"
    );
    assert!(has_han(err["error"]["message"].as_str().unwrap()));
    let log = c.wait_for("a log message", |m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("无法读取")
    );
    // JSON that is no message: the error goes to its id.
    c.send(&json!({"jsonrpc": "2.0", "id": 6, "method": 42}));
    assert_eq!(error_code(&c.response(6)), -32600);
    c.still_serves(7);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_truncated_message_loses_only_itself() {
    let mut c = Raw::initialized(json!({"debounceMs": 0}));
    // Content-Length counts past the body into the next message's header…
    let cut = br#"{"jsonrpc":"2.0","method":"textDocument/didOp"#;
    c.bytes(format!("Content-Length: {}\r\n\r\n", cut.len() + 12).as_bytes());
    c.bytes(cut);
    c.open("untitled:after-an-overstated-length", PLAN);
    assert!(
        !c.diagnostics("untitled:after-an-overstated-length", 1)
            .is_empty()
    );
    // …or stops short of it, leaving the rest of the body before the next header.
    let whole = json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}).to_string();
    c.bytes(format!("Content-Length: 12\r\n\r\n{whole}").as_bytes());
    c.open("untitled:after-an-understated-length", PLAN);
    assert!(
        !c.diagnostics("untitled:after-an-understated-length", 1)
            .is_empty()
    );
    // A header with no Content-Length, and one written with bare line feeds.
    c.bytes(b"Content-Type: application/vscode-jsonrpc\r\n\r\n");
    let hover = json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/hover",
                       "params": {"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}})
    .to_string();
    c.bytes(format!("Content-Length: {}\n\n{hover}", hover.len()).as_bytes());
    assert!(c.response(3)["result"].is_null());
    let errors = c
        .backlog
        .iter()
        .filter(|m| m["error"]["code"] == -32700)
        .count();
    assert_eq!(
        errors, 3,
        "one parse error per broken frame: {:?}",
        c.backlog
    );
    c.still_serves(8);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_stream_that_ends_inside_a_message_is_a_disconnect() {
    let mut c = Raw::initialized(json!({}));
    c.bytes(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":");
    // The client goes away.
    c.stdin = None;
    assert_eq!(c.exit_code(), 1, "gone without shutdown");
}

#[test]
fn requests_before_initialize_get_server_not_initialized() {
    let mut c = Raw::start();
    let early = c.request(
        1,
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&early), -32002);
    assert!(
        has_han(early["error"]["message"].as_str().unwrap()),
        "{early}"
    );
    // Notifications before initialize are dropped, not answered.
    c.open("untitled:too-early", PLAN);
    let init = c.request(2, "initialize", json!({"capabilities": {}}));
    assert_eq!(
        init["result"]["capabilities"]["textDocumentSync"]["change"],
        2
    );
    let again = c.request(3, "initialize", json!({"capabilities": {}}));
    assert_eq!(error_code(&again), -32600);
    assert!(
        c.published_versions("untitled:too-early").is_empty(),
        "a didOpen before initialize must not be linted"
    );
    c.still_serves(4);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn unknown_methods_and_bad_params_get_their_error_codes() {
    let mut c = Raw::initialized(json!({}));
    let unknown = c.request(1, "textDocument/completion", json!({}));
    assert_eq!(error_code(&unknown), -32601);
    let bad = c.request(2, "textDocument/hover", json!({"position": "top"}));
    assert_eq!(error_code(&bad), -32602);
    assert!(has_han(bad["error"]["message"].as_str().unwrap()));
    // A notification with bad params has no answer: a log message says what was wrong.
    c.notify("textDocument/didOpen", json!({"textDocument": 3}));
    let log = c.wait_for("a log message", |m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("参数无效")
    );
    c.notify("$/setTrace", json!({"value": "off"}));
    c.notify("custom/unknownNotification", json!(null));
    c.still_serves(3);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn changes_to_a_document_never_opened_are_ignored_with_a_log_message() {
    let mut c = Raw::initialized(json!({"debounceMs": 0}));
    let uri = "file:///tmp/never-opened.txt";
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "甲,"}]}),
    );
    let log = c.wait_for("a log message", |m| m["method"] == "window/logMessage");
    let message = log["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("未打开") && message.contains(uri),
        "{message}"
    );
    c.still_serves(1);
    assert!(c.published_versions(uri).is_empty());
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn out_of_range_edits_are_clamped_to_the_text() {
    let mut c = Raw::initialized(json!({"debounceMs": 0, "today": "2025-03-01"}));
    let uri = "untitled:clamped";
    c.open(uri, PLAN);
    c.diagnostics(uri, 1);
    let lines = PLAN.lines().count() as u64;
    // Past the last line: an insertion at the end. A reversed range: the text between.
    let edits = [
        (
            json!({"start": {"line": 900, "character": 5}, "end": {"line": 901, "character": 0}}),
            "（二）加强宣传,营造氛围。\n",
        ),
        (
            json!({"start": {"line": 2, "character": 4_000_000_000u64}, "end": {"line": 2, "character": 3}}),
            "",
        ),
    ];
    for (v, (range, text)) in edits.iter().enumerate() {
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": v + 2},
                   "contentChanges": [{"range": range, "text": text}]}),
        );
    }
    let got = c.diagnostics(uri, 3);
    // What the text must now be: the appended line, and line 3 cut after its marker.
    let line3 = PLAN.lines().nth(2).unwrap();
    let expected = PLAN.replace(line3, "（一）") + "（二）加强宣传,营造氛围。\n";
    c.open("untitled:expected", &expected);
    let want = c.diagnostics("untitled:expected", 1);
    assert_eq!(got, want);
    assert!(
        got.iter()
            .any(|d| d["code"] == "PL301" && d["range"]["start"]["line"] == lines),
        "the appended comma: {got:?}"
    );
    c.still_serves(1);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn a_50_mb_did_open_is_refused_with_a_message_and_serving_goes_on() {
    let mut c = Raw::initialized(json!({"debounceMs": 0}));
    let uri = "file:///tmp/%E5%B7%A8%E5%A4%A7.txt";
    let huge = PLAN.repeat(50 * 1024 * 1024 / PLAN.len() + 1);
    c.open(uri, &huge);
    drop(huge);
    let shown = c.wait_for("a message about the size", |m| {
        m["method"] == "window/showMessage"
    });
    let message = shown["params"]["message"].as_str().unwrap();
    assert!(
        message.contains("巨大.txt") && message.contains("上限"),
        "{message}"
    );
    assert!(
        c.wait_for("cleared diagnostics", |m| m["method"]
            == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == uri)["params"]["diagnostics"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    // Its changes are ignored quietly until it is closed.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": PLAN}]}),
    );
    c.still_serves(1);
    assert!(c.published_versions(uri).is_empty());

    // A document that grows past the limit while open is dropped the same way.
    let growing = "untitled:growing";
    c.open(growing, PLAN);
    assert!(!c.diagnostics(growing, 1).is_empty());
    let pasted = PLAN.repeat(9 * 1024 * 1024 / PLAN.len() + 1);
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": growing, "version": 2}, "contentChanges": [{"text": pasted}]}),
    );
    let shown = c.wait_for("a second message about the size", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .unwrap()
            .contains("growing")
    );
    let cleared = c.wait_for("cleared diagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == growing
    });
    assert_eq!(cleared["params"]["diagnostics"], json!([]));
    c.still_serves(2);
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn hundreds_of_rapid_changes_are_linted_once() {
    let mut c = Raw::initialized(json!({"debounceMs": 400, "today": "2025-03-01"}));
    let uri = "untitled:typing";
    c.open(uri, PLAN);
    c.diagnostics(uri, 1);
    // Typing 300 characters at the end of line 3, one change each.
    let line3 = PLAN.lines().nth(2).unwrap();
    let mut column = line3.encode_utf16().count();
    let typed = "加强宣传,".repeat(60);
    for (i, ch) in typed.chars().enumerate() {
        let at = json!({"line": 2, "character": column});
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": i + 2},
                   "contentChanges": [{"range": {"start": at, "end": at}, "text": ch.to_string()}]}),
        );
        column += ch.len_utf16();
    }
    let last = typed.chars().count() as i64 + 1;
    let got = c.diagnostics(uri, last);
    assert!(
        c.published_versions(uri).is_empty(),
        "only the last version is linted: {:?}",
        c.published_versions(uri)
    );
    c.open(
        "untitled:typed-at-once",
        &PLAN.replace(line3, &format!("{line3}{typed}")),
    );
    assert_eq!(got, c.diagnostics("untitled:typed-at-once", 1));
    assert_eq!(
        got.iter().filter(|d| d["code"] == "PL301").count(),
        61,
        "the first comma and the 60 typed"
    );
    assert_eq!(c.shutdown(), 0);
}

#[test]
fn after_shutdown_requests_are_refused_and_exit_is_clean() {
    let mut c = Raw::initialized(json!({}));
    let resp = c.request(1, "shutdown", Value::Null);
    assert!(
        resp["result"].is_null() && resp.get("error").is_none(),
        "{resp}"
    );
    let late = c.request(
        2,
        "textDocument/hover",
        json!({"textDocument": {"uri": "untitled:x"}, "position": {"line": 0, "character": 0}}),
    );
    assert_eq!(error_code(&late), -32600);
    c.notify("exit", Value::Null);
    assert_eq!(c.exit_code(), 0);
}
