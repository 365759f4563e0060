//! `planlint lsp`: a language server over stdio. Open and changed documents are linted (after
//! a short pause in typing), findings become diagnostics, fixes become code actions, and a
//! hover on a rule's code explains the rule.
//!
//! The loop is synchronous (lsp-server's message types, our own framing, no async runtime): it
//! waits for a message or for the debounce timer of the earliest changed document, whichever
//! comes first. A client that breaks the protocol gets an error answer where JSON-RPC has one
//! and a log message otherwise; the server keeps serving.

mod actions;
mod convert;
mod documents;
mod hover;
mod lint;
mod transport;
mod wire;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, DidChangeWatchedFilesParams,
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern,
    HoverProviderCapability, InitializeParams, MessageType, PositionEncodingKind,
    PublishDiagnosticsParams, Registration, RegistrationParams, SaveOptions, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Uri,
};

use crate::config::FILE_NAME as CONFIG_NAME;
use crate::lang::Date;
use documents::{OpenDoc, apply_change};
use lint::{Linted, Target, Workspace};
use transport::{Connection, Incoming};

/// How long typing must pause before a changed document is linted again.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);

/// Documents larger than this are not checked: linting takes about half a second per MB, and
/// a server busy for seconds on every keystroke is worse than one that says it will not.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// Runs the server on stdin/stdout until the client says `exit`. `Err` when the client
/// left without `shutdown` (exit code 1, as LSP asks).
pub fn run() -> Result<(), String> {
    let (connection, writer) = transport::stdio();
    let result = serve(connection);
    // The server's sender is gone now, so the writer ends once it has sent what is queued.
    writer.join();
    result
}

/// Runs `build` on a thread of its own when the machine has a core to spare for it: typing
/// leaves one idle. Without the thread, everything is still built where it is first used.
fn warm_up_beside(build: impl FnOnce() + Send + 'static) {
    if std::thread::available_parallelism().is_ok_and(|n| n.get() > 1) {
        let _ = std::thread::Builder::new()
            .name("planlint-warm-up".into())
            .spawn(build);
    }
}

/// Runs the server on a connection: the `initialize` handshake, then the main loop.
fn serve(connection: Connection) -> Result<(), String> {
    // What reading a document needs is built while the client starts up, not on the path of
    // the first document opened.
    warm_up_beside(crate::engine::warm_up_reading);
    let Some((id, params)) = wait_for_initialize(&connection)? else {
        return Err("客户端未初始化就退出".into());
    };
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": {"name": "planlint", "version": env!("CARGO_PKG_VERSION")},
    });
    send_on(&connection, Response::new_ok(id, result));
    Server::new(connection, &params).main_loop()
}

/// Waits for `initialize`, answering every other request with ServerNotInitialized as LSP
/// asks. `None` when the client sends `exit` first.
fn wait_for_initialize(conn: &Connection) -> Result<Option<(RequestId, InitializeParams)>, String> {
    loop {
        let incoming = conn
            .receiver
            .recv()
            .map_err(|_| "客户端未初始化就断开了连接".to_string())?;
        match incoming {
            Incoming::Message(Message::Request(r)) if r.method == req::Initialize::METHOD => {
                // Odd capabilities must not keep an editor from starting: take what parses.
                let params = serde_json::from_value(r.params).unwrap_or_default();
                return Ok(Some((r.id, params)));
            }
            Incoming::Message(Message::Request(r)) => {
                let message = format!(
                    "planlint 尚未初始化：请先发送 initialize 请求（收到的是 {}）",
                    r.method
                );
                send_on(
                    conn,
                    Response::new_err(r.id, ErrorCode::ServerNotInitialized as i32, message),
                );
            }
            Incoming::Message(Message::Notification(n)) if n.method == note::Exit::METHOD => {
                return Ok(None);
            }
            Incoming::Message(_) => {}
            Incoming::Malformed { code, problem, id } => {
                let _ = conn
                    .sender
                    .send(transport::error_response(id, code, &problem).into());
            }
        }
    }
}

fn send_on(conn: &Connection, msg: impl Into<Message>) {
    // The writer thread is gone only when the client is; the loop notices that itself.
    let _ = conn.sender.send(transport::encode(&msg.into()).into());
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..Default::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
            ]),
            ..Default::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..Default::default()
    }
}

/// What the client may set in `initializationOptions`.
struct Options {
    debounce: Duration,
    /// The date deadlines are compared with; the system date when unset.
    today: Option<Date>,
}

impl Options {
    fn from_init(params: &InitializeParams) -> Options {
        let opts = params.initialization_options.as_ref();
        let get = |key: &str| opts.and_then(|o| o.get(key));
        Options {
            debounce: get("debounceMs")
                .and_then(serde_json::Value::as_u64)
                .map_or(DEFAULT_DEBOUNCE, |ms| Duration::from_millis(ms.min(10_000))),
            today: get("today")
                .and_then(serde_json::Value::as_str)
                .and_then(Date::parse),
        }
    }
}

struct Server {
    conn: Connection,
    options: Options,
    watch_files: bool,
    docs: HashMap<String, OpenDoc>,
    /// When each changed document is due to be linted.
    due: HashMap<String, Instant>,
    workspace: Workspace,
    /// Files that show config or pack errors, so they can be cleared after a reload.
    config_errors: HashSet<String>,
    /// Open documents too large to check; their changes are ignored until they are closed.
    refused: HashSet<String>,
    /// The diagnostics last sent for each document, as the JSON array sent, so that an
    /// unchanged set is not sent again.
    published: HashMap<String, wire::Written>,
    /// Set by `shutdown`: from then on only `exit` is served.
    shutting_down: bool,
}

impl Server {
    fn new(conn: Connection, params: &InitializeParams) -> Self {
        let watch_files = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files.as_ref())
            .and_then(|d| d.dynamic_registration)
            .unwrap_or(false);
        Server {
            conn,
            options: Options::from_init(params),
            watch_files,
            docs: HashMap::new(),
            due: HashMap::new(),
            workspace: Workspace::default(),
            config_errors: HashSet::new(),
            refused: HashSet::new(),
            published: HashMap::new(),
            shutting_down: false,
        }
    }

    fn main_loop(mut self) -> Result<(), String> {
        loop {
            let received = match self.due.values().min() {
                Some(&at) => self
                    .conn
                    .receiver
                    .recv_timeout(at.saturating_duration_since(Instant::now())),
                None => self
                    .conn
                    .receiver
                    .recv()
                    .map_err(|_| RecvTimeoutError::Disconnected),
            };
            let incoming = match received {
                Ok(incoming) => incoming,
                Err(RecvTimeoutError::Timeout) => {
                    self.lint_due();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("客户端已断开连接".into());
                }
            };
            let msg = match incoming {
                Incoming::Message(msg) => msg,
                Incoming::Malformed { code, problem, id } => {
                    self.log(
                        MessageType::ERROR,
                        format!("planlint 收到无法读取的消息：{problem}"),
                    );
                    let _ = self
                        .conn
                        .sender
                        .send(transport::error_response(id, code, &problem).into());
                    continue;
                }
            };
            match msg {
                Message::Notification(n) if n.method == note::Exit::METHOD => {
                    return if self.shutting_down {
                        Ok(())
                    } else {
                        Err("客户端未先发送 shutdown 就退出".into())
                    };
                }
                Message::Request(r) if self.shutting_down => {
                    let message = format!("planlint 正在关闭，不再处理请求 {}", r.method);
                    self.send(Response::new_err(
                        r.id,
                        ErrorCode::InvalidRequest as i32,
                        message,
                    ));
                }
                Message::Request(r) if r.method == req::Shutdown::METHOD => {
                    self.shutting_down = true;
                    self.send(Response::new_ok(r.id, serde_json::Value::Null));
                }
                Message::Request(r) => self.on_request(r),
                Message::Notification(_) if self.shutting_down => {}
                Message::Notification(n) => self.on_notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        send_on(&self.conn, msg);
    }

    fn notify<N: note::Notification>(&self, params: N::Params) {
        let body = transport::encode_notification(N::METHOD, &params);
        let _ = self.conn.sender.send(body.into());
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<note::LogMessage>(lsp_types::LogMessageParams { typ, message });
    }

    fn on_request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match r.method.as_str() {
            req::CodeActionRequest::METHOD => self.code_action(r),
            req::HoverRequest::METHOD => self.hover(r),
            req::Initialize::METHOD => {
                let message = "planlint 已经初始化，不能再次 initialize".to_string();
                self.send(Response::new_err(
                    id,
                    ErrorCode::InvalidRequest as i32,
                    message,
                ));
                return;
            }
            _ => {
                let message = format!("planlint 不支持请求 {}", r.method);
                self.send(Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    message,
                ));
                return;
            }
        };
        self.send(match result {
            Ok(value) => Response::new_ok(id, value),
            Err(message) => Response::new_err(id, ErrorCode::InvalidParams as i32, message),
        });
    }

    fn code_action(&mut self, r: Request) -> Result<serde_json::Value, String> {
        let params = extract::<req::CodeActionRequest>(r.params)?;
        let key = params.text_document.uri.as_str().to_string();
        let actions = self
            .fresh(&key)
            .map(|l| actions::code_actions(l, &params))
            .unwrap_or_default();
        Ok(serde_json::to_value(actions).unwrap_or_default())
    }

    fn hover(&mut self, r: Request) -> Result<serde_json::Value, String> {
        let params = extract::<req::HoverRequest>(r.params)?;
        let at = params.text_document_position_params;
        let key = at.text_document.uri.as_str().to_string();
        let found = self.fresh(&key).and_then(|l| hover::hover(l, at.position));
        Ok(serde_json::to_value(found).unwrap_or_default())
    }

    /// The document's findings for its current text: a lint still waiting for its timer runs
    /// now, so that ranges in a request and in the answer refer to the same text.
    fn fresh(&mut self, key: &str) -> Option<&Linted> {
        if self.due.remove(key).is_some() {
            self.lint_and_publish(key);
        }
        self.docs.get(key)?.linted.as_ref()
    }

    fn on_notification(&mut self, n: Notification) {
        let outcome = match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => self.did_open(n),
            note::DidChangeTextDocument::METHOD => self.did_change(n),
            note::DidSaveTextDocument::METHOD => self.did_save(n),
            note::DidCloseTextDocument::METHOD => self.did_close(n),
            note::DidChangeWatchedFiles::METHOD => self.did_change_watched(n),
            note::Initialized::METHOD => {
                self.register_watchers();
                Ok(())
            }
            _ => Ok(()),
        };
        if let Err(e) = outcome {
            self.log(MessageType::WARNING, e);
        }
    }

    fn did_open(&mut self, n: Notification) -> Result<(), String> {
        let p = extract_note::<note::DidOpenTextDocument>(n)?.text_document;
        let key = p.uri.as_str().to_string();
        let doc = OpenDoc {
            path: convert::uri_to_path(&p.uri),
            uri: p.uri,
            version: p.version,
            text: p.text,
            language: p.language_id,
            linted: None,
            kept: Default::default(),
        };
        self.due.remove(&key);
        self.published.remove(&key);
        if doc.text.len() > MAX_DOCUMENT_BYTES {
            self.docs.remove(&key);
            self.refuse(key, &doc);
            return Ok(());
        }
        self.refused.remove(&key);
        let is_config = doc.is_config();
        self.docs.insert(key.clone(), doc);
        if is_config {
            self.reload();
        } else {
            self.lint_and_publish(&key);
        }
        Ok(())
    }

    /// Stops checking a document too large to check, says so, and clears what it showed.
    fn refuse(&mut self, key: String, doc: &OpenDoc) {
        let name = doc
            .path
            .as_ref()
            .map_or_else(|| doc.uri.as_str().to_string(), |p| p.display().to_string());
        self.notify::<note::ShowMessage>(lsp_types::ShowMessageParams {
            typ: MessageType::WARNING,
            message: format!(
                "“{name}”有 {:.1} MB，超过语言服务器检查的上限 {} MB，planlint 不检查它；\
                 请在命令行运行 planlint check 检查该文件，或将其拆分后再打开。",
                doc.text.len() as f64 / 1_048_576.0,
                MAX_DOCUMENT_BYTES / 1_048_576
            ),
        });
        self.publish(doc.uri.clone(), Vec::new(), None);
        self.refused.insert(key);
    }

    fn did_change(&mut self, n: Notification) -> Result<(), String> {
        let p = extract_note::<note::DidChangeTextDocument>(n)?;
        let key = p.text_document.uri.as_str().to_string();
        if self.refused.contains(&key) {
            return Ok(());
        }
        let Some(doc) = self.docs.get_mut(&key) else {
            return Err(format!(
                "收到未打开文档的修改，已忽略：{key}（请先发送 textDocument/didOpen）"
            ));
        };
        for change in p.content_changes {
            apply_change(&mut doc.text, change);
        }
        doc.version = p.text_document.version;
        if doc.text.len() > MAX_DOCUMENT_BYTES {
            self.due.remove(&key);
            self.published.remove(&key);
            if let Some(doc) = self.docs.remove(&key) {
                self.refuse(key, &doc);
            }
            return Ok(());
        }
        if !doc.is_config() {
            self.due.insert(key, Instant::now() + self.options.debounce);
        }
        Ok(())
    }

    fn did_save(&mut self, n: Notification) -> Result<(), String> {
        let p = extract_note::<note::DidSaveTextDocument>(n)?;
        let key = p.text_document.uri.as_str().to_string();
        let Some(doc) = self.docs.get_mut(&key) else {
            return Ok(());
        };
        if let Some(text) = p.text {
            doc.text = text;
        }
        if doc.is_config() {
            self.reload();
        } else {
            self.due.remove(&key);
            self.lint_and_publish(&key);
        }
        Ok(())
    }

    fn did_close(&mut self, n: Notification) -> Result<(), String> {
        let p = extract_note::<note::DidCloseTextDocument>(n)?;
        let key = p.text_document.uri.as_str().to_string();
        self.due.remove(&key);
        self.refused.remove(&key);
        self.published.remove(&key);
        if let Some(doc) = self.docs.remove(&key)
            && !self.config_errors.contains(&key)
        {
            self.publish(doc.uri, Vec::new(), None);
        }
        Ok(())
    }

    fn did_change_watched(&mut self, n: Notification) -> Result<(), String> {
        let p: DidChangeWatchedFilesParams = extract_note::<note::DidChangeWatchedFiles>(n)?;
        let relevant = p.changes.iter().any(|c| {
            convert::uri_to_path(&c.uri).is_some_and(|path| {
                path.file_name().is_some_and(|n| n == CONFIG_NAME)
                    || path.extension().is_some_and(|e| e == "yaml" || e == "yml")
            })
        });
        if relevant {
            self.reload();
        }
        Ok(())
    }

    /// Asks the client to tell us when a config or pack file changes on disk.
    fn register_watchers(&self) {
        if !self.watch_files {
            return;
        }
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![FileSystemWatcher {
                glob_pattern: GlobPattern::String("**/*.{yaml,yml}".into()),
                kind: None,
            }],
        };
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "planlint-watch-config".into(),
                method: note::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(options).ok(),
            }],
        };
        self.send(Request::new(
            RequestId::from("planlint/register-watchers".to_string()),
            req::RegisterCapability::METHOD.to_string(),
            params,
        ));
    }

    /// Reads every config again and lints every open document with what it now says; files
    /// whose config errors are gone are cleared.
    fn reload(&mut self) {
        let before = std::mem::take(&mut self.config_errors);
        self.workspace.reload();
        let keys: Vec<String> = self.docs.keys().cloned().collect();
        for key in &keys {
            self.due.remove(key);
            if self.docs[key].is_config() {
                let path = self.docs[key].path.clone();
                self.workspace.rules(path);
            } else {
                self.lint_and_publish(key);
            }
        }
        self.publish_config_errors();
        for key in before {
            if !self.config_errors.contains(&key)
                && let Ok(uri) = key.parse::<Uri>()
            {
                self.publish(uri, Vec::new(), None);
            }
        }
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let ready: Vec<String> = self
            .due
            .iter()
            .filter(|(_, at)| **at <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for key in ready {
            self.due.remove(&key);
            self.lint_and_publish(&key);
        }
    }

    fn lint_and_publish(&mut self, key: &str) {
        let today = self
            .options
            .today
            .unwrap_or_else(crate::cli::check::system_today);
        let Some(doc) = self.docs.get_mut(key) else {
            return;
        };
        if doc.is_config() {
            return;
        }
        let name = doc
            .path
            .as_ref()
            .map_or_else(|| doc.uri.as_str().to_string(), |p| p.display().to_string());
        let target = Target {
            text: &doc.text,
            path: doc.path.as_deref(),
            name: &name,
            markdown: doc.is_markdown(),
        };
        match lint::lint(&mut self.workspace, &target, today, &mut doc.kept) {
            Ok(linted) => {
                // What was last sent was written for the last lint (see `publish_changed`).
                let previous =
                    doc.linted
                        .as_ref()
                        .zip(self.published.get(key))
                        .map(|(last, written)| wire::Previous {
                            diagnostics: &last.diagnostics,
                            positions: last.positions(),
                            written,
                        });
                let diagnostics = wire::write_diagnostics(
                    &linted.diagnostics,
                    &linted.positions(),
                    previous.as_ref(),
                );
                let (uri, version) = (doc.uri.clone(), doc.version);
                let last = doc.linted.replace(linted);
                self.publish_changed(key, uri, diagnostics, version);
                // The last version's findings, this version's outline and what the document
                // no longer holds: freed once the diagnostics are on their way, not before.
                drop(last);
                if let Some(doc) = self.docs.get_mut(key) {
                    doc.kept.tidy();
                }
            }
            Err(e) => {
                doc.linted = None;
                self.log(MessageType::ERROR, e);
            }
        }
        self.publish_config_errors();
    }

    /// Shows config and pack errors found since the last call, in their files and as a
    /// message.
    fn publish_config_errors(&mut self) {
        let mut by_file: HashMap<String, (Uri, Vec<lsp_types::Diagnostic>)> = HashMap::new();
        for e in self.workspace.take_errors() {
            self.notify::<note::ShowMessage>(lsp_types::ShowMessageParams {
                typ: MessageType::ERROR,
                message: format!("planlint 配置有误，已改用内置规则：{e}"),
            });
            if let Some(uri) = convert::path_to_uri(std::path::Path::new(e.file.as_ref())) {
                let entry = by_file
                    .entry(uri.as_str().to_string())
                    .or_insert_with(|| (uri, Vec::new()));
                entry.1.push(lint::load_error_to_lsp(&e));
            }
        }
        for (key, (uri, diagnostics)) in by_file {
            self.config_errors.insert(key);
            self.publish(uri, diagnostics, None);
        }
    }

    /// Publishes a document's diagnostics unless they are the set the client already shows:
    /// LSP publishes whole sets, so an edit that changes no finding sends nothing. Either way
    /// what is kept is the writing of the lint just done, byte for byte, which the next
    /// re-check reuses.
    fn publish_changed(&mut self, key: &str, uri: Uri, diagnostics: wire::Written, version: i32) {
        if diagnostics.repeats(self.published.get(key)) {
            return;
        }
        let _ = self
            .conn
            .sender
            .send(wire::publish(&uri, &diagnostics, version));
        self.published.insert(key.to_string(), diagnostics);
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        });
    }
}

fn extract<R: req::Request>(params: serde_json::Value) -> Result<R::Params, String> {
    serde_json::from_value(params).map_err(|e| format!("{} 的参数无效：{e}", R::METHOD))
}

fn extract_note<N: note::Notification>(n: Notification) -> Result<N::Params, String> {
    serde_json::from_value(n.params).map_err(|e| format!("{} 的参数无效：{e}", N::METHOD))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_come_from_initialization_options() {
        let params = InitializeParams {
            initialization_options: Some(
                serde_json::json!({"debounceMs": 40, "today": "2025-06-30"}),
            ),
            ..Default::default()
        };
        let o = Options::from_init(&params);
        assert_eq!(o.debounce, Duration::from_millis(40));
        assert_eq!(o.today.map(|d| d.month), Some(6));
        assert_eq!(
            Options::from_init(&InitializeParams::default()).debounce,
            DEFAULT_DEBOUNCE
        );
    }
}
