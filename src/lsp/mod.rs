//! `planlint lsp`: a language server over stdio. Open and changed documents are linted (after
//! a short pause in typing), findings become diagnostics, fixes become code actions, and a
//! hover on a rule's code explains the rule.
//!
//! The loop is synchronous (lsp-server, no async runtime): it waits for a message or for the
//! debounce timer of the earliest changed document, whichever comes first.

mod actions;
mod convert;
mod documents;
mod hover;
mod lint;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crossbeam_channel::RecvTimeoutError;
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
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

/// How long typing must pause before a changed document is linted again.
const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(200);

/// Runs the server on stdin/stdout until the client says `exit`. `Err` when the client
/// broke the protocol or left without `shutdown` (exit code 1, as LSP asks).
pub fn run() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    serve(connection)?;
    io_threads.join().map_err(|e| e.to_string())
}

/// Runs the server on a connection (stdio, or `Connection::memory()` in tests).
pub fn serve(connection: Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let result = serde_json::json!({
        "capabilities": capabilities(),
        "serverInfo": {"name": "planlint", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .initialize_finish(id, result)
        .map_err(|e| e.to_string())?;
    Server::new(connection, &params).main_loop()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
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
            let msg = match received {
                Ok(msg) => msg,
                Err(RecvTimeoutError::Timeout) => {
                    self.lint_due();
                    continue;
                }
                Err(RecvTimeoutError::Disconnected) => {
                    return Err("客户端已断开连接".into());
                }
            };
            match msg {
                Message::Request(r) => {
                    if self.conn.handle_shutdown(&r).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    self.on_request(r);
                }
                Message::Notification(n) if n.method == note::Exit::METHOD => {
                    return Err("客户端未先发送 shutdown 就退出".into());
                }
                Message::Notification(n) => self.on_notification(n),
                Message::Response(_) => {}
            }
        }
    }

    fn send(&self, msg: impl Into<Message>) {
        // The writer thread is gone only when the client is; the loop notices that itself.
        let _ = self.conn.sender.send(msg.into());
    }

    fn notify<N: note::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params));
    }

    fn log(&self, typ: MessageType, message: String) {
        self.notify::<note::LogMessage>(lsp_types::LogMessageParams { typ, message });
    }

    fn on_request(&mut self, r: Request) {
        let id = r.id.clone();
        let result = match r.method.as_str() {
            req::CodeActionRequest::METHOD => self.code_action(r),
            req::HoverRequest::METHOD => self.hover(r),
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
        };
        let is_config = doc.is_config();
        self.docs.insert(key.clone(), doc);
        if is_config {
            self.reload();
        } else {
            self.lint_and_publish(&key);
        }
        Ok(())
    }

    fn did_change(&mut self, n: Notification) -> Result<(), String> {
        let p = extract_note::<note::DidChangeTextDocument>(n)?;
        let key = p.text_document.uri.as_str().to_string();
        let Some(doc) = self.docs.get_mut(&key) else {
            return Err(format!("收到未打开文档的修改：{key}"));
        };
        for change in p.content_changes {
            apply_change(&mut doc.text, change);
        }
        doc.version = p.text_document.version;
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
        match lint::lint(&mut self.workspace, &target, today) {
            Ok(linted) => {
                let pos = linted.positions();
                let diagnostics = linted
                    .diagnostics
                    .iter()
                    .map(|d| lint::to_lsp(d, &pos))
                    .collect();
                let (uri, version) = (doc.uri.clone(), doc.version);
                doc.linted = Some(linted);
                self.publish(uri, diagnostics, Some(version));
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
