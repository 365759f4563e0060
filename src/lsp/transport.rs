//! The JSON-RPC framing over stdin/stdout, written here because lsp-server's stdio reader
//! ends its thread at the first malformed message (invalid JSON, a bad header) and the server
//! with it. This reader reports what was wrong and goes on with the next message it can find.

use std::io::{self, BufWriter, Read, Write};
use std::sync::Arc;
use std::thread;

use crossbeam_channel::{Receiver, Sender, unbounded};
use lsp_server::Message;
use serde_json::Value;

/// Bodies larger than this are skipped unread: no editor sends a 64 MiB message, and
/// buffering one would be the client's way to make the server run out of memory.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024 * 1024;

/// A header block longer than this has no terminator worth waiting for.
const MAX_HEADER_BYTES: usize = 8 * 1024;

/// What the reader hands the server.
#[derive(Debug)]
pub enum Incoming {
    Message(Message),
    /// A frame that is not a JSON-RPC message. `id` is the request's id when it could still be
    /// read, so that the error response goes to the right request.
    Malformed {
        code: i32,
        problem: String,
        id: Option<Value>,
    },
}

/// JSON-RPC's code for a body that is not JSON.
pub const PARSE_ERROR: i32 = -32700;
/// JSON-RPC's code for JSON that is not a request, response or notification.
pub const INVALID_REQUEST: i32 = -32600;

/// A message body, serialised: the writer only frames it.
pub enum Body {
    Whole(String),
    /// A body written around a text shared with whoever keeps it: a document's diagnostics,
    /// kept for the next re-check, are the largest thing the server sends, and are not copied
    /// to be sent.
    Around {
        head: String,
        middle: Arc<String>,
        tail: String,
    },
}

impl From<String> for Body {
    fn from(body: String) -> Self {
        Body::Whole(body)
    }
}

impl Body {
    /// The body as one string, as the client reads it.
    #[cfg(test)]
    pub fn joined(&self) -> String {
        match self {
            Body::Whole(body) => body.clone(),
            Body::Around { head, middle, tail } => format!("{head}{middle}{tail}"),
        }
    }

    fn len(&self) -> usize {
        match self {
            Body::Whole(body) => body.len(),
            Body::Around { head, middle, tail } => head.len() + middle.len() + tail.len(),
        }
    }
}

/// The server's side of a stdio connection.
pub struct Connection {
    pub sender: Sender<Body>,
    pub receiver: Receiver<Incoming>,
}

/// Threads to wait for so that the last messages reach the client before the process ends.
pub struct Writer(thread::JoinHandle<()>);

impl Writer {
    pub fn join(self) {
        let _ = self.0.join();
    }
}

/// Standard output for frames, without std's line buffering: it looks for a line break in
/// every byte written, and a re-check of a large plan writes a megabyte of diagnostics that
/// hold none. Frames are buffered and flushed whole by the writer. (Elsewhere than on Unix,
/// or should the descriptor not be duplicated, std's standard output is used as it is.)
fn stdout_without_line_buffer() -> Box<dyn Write + Send> {
    #[cfg(unix)]
    if let Ok(fd) = std::os::fd::AsFd::as_fd(&io::stdout()).try_clone_to_owned() {
        return Box::new(std::fs::File::from(fd));
    }
    Box::new(io::stdout())
}

/// Starts the reader and writer threads on stdin and stdout.
pub fn stdio() -> (Connection, Writer) {
    let (in_tx, in_rx) = unbounded();
    let (out_tx, out_rx) = unbounded::<Body>();
    thread::Builder::new()
        .name("planlint-lsp-reader".into())
        .spawn(move || {
            let mut frames = Frames::new(io::stdin().lock());
            while let Some(incoming) = frames.next_incoming() {
                if in_tx.send(incoming).is_err() {
                    break;
                }
            }
        })
        .expect("spawning a thread");
    let writer = thread::Builder::new()
        .name("planlint-lsp-writer".into())
        .spawn(move || {
            let mut out = BufWriter::new(stdout_without_line_buffer());
            for body in out_rx {
                if write_frame(&mut out, &body).is_err() {
                    break;
                }
            }
        })
        .expect("spawning a thread");
    let conn = Connection {
        sender: out_tx,
        receiver: in_rx,
    };
    (conn, Writer(writer))
}

fn write_frame(out: &mut impl Write, body: &Body) -> io::Result<()> {
    write!(out, "Content-Length: {}\r\n\r\n", body.len())?;
    match body {
        Body::Whole(body) => out.write_all(body.as_bytes())?,
        Body::Around { head, middle, tail } => {
            out.write_all(head.as_bytes())?;
            out.write_all(middle.as_bytes())?;
            out.write_all(tail.as_bytes())?;
        }
    }
    out.flush()
}

/// A message as it goes on the wire, with the `jsonrpc` member lsp-server adds on writing.
pub fn encode(msg: &Message) -> String {
    #[derive(serde::Serialize)]
    struct JsonRpc<'a> {
        jsonrpc: &'static str,
        #[serde(flatten)]
        msg: &'a Message,
    }
    serde_json::to_string(&JsonRpc {
        jsonrpc: "2.0",
        msg,
    })
    .unwrap_or_default()
}

/// A notification serialised straight from its parameters: a publishDiagnostics with
/// thousands of findings is the largest thing the server writes, and going through a
/// `serde_json::Value` first costs as much again as writing it.
pub fn encode_notification(method: &str, params: &impl serde::Serialize) -> String {
    #[derive(serde::Serialize)]
    struct JsonRpc<'a, P> {
        jsonrpc: &'static str,
        method: &'a str,
        params: &'a P,
    }
    serde_json::to_string(&JsonRpc {
        jsonrpc: "2.0",
        method,
        params,
    })
    .unwrap_or_default()
}

/// An error response to a frame that had no readable id (JSON-RPC says: id null).
pub fn error_response(id: Option<Value>, code: i32, message: &str) -> String {
    serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": {"code": code, "message": message},
    })
    .to_string()
}

/// Frames read from a byte stream. Bytes are kept in `pending` so that a frame whose
/// Content-Length overstated its body can give back the next frame it swallowed.
pub struct Frames<R> {
    input: R,
    pending: Vec<u8>,
    eof: bool,
}

impl<R: Read> Frames<R> {
    pub fn new(input: R) -> Self {
        Frames {
            input,
            pending: Vec::new(),
            eof: false,
        }
    }

    /// The next message or malformed frame; `None` at the end of the stream.
    pub fn next_incoming(&mut self) -> Option<Incoming> {
        loop {
            match self.next_frame()? {
                Frame::Body(body) => return Some(self.parse(body)),
                Frame::Bad(problem) => {
                    return Some(Incoming::Malformed {
                        code: PARSE_ERROR,
                        problem,
                        id: None,
                    });
                }
                Frame::Empty => continue,
            }
        }
    }

    fn parse(&mut self, body: Vec<u8>) -> Incoming {
        match serde_json::from_slice::<Value>(&body) {
            Ok(value) => {
                let id = value
                    .get("id")
                    .filter(|id| id.is_number() || id.is_string())
                    .cloned();
                let parsed = match shape_problem(&value) {
                    Some(problem) => Err(problem),
                    None => serde_json::from_value::<Message>(value).map_err(|e| e.to_string()),
                };
                match parsed {
                    Ok(msg) => Incoming::Message(msg),
                    Err(e) => Incoming::Malformed {
                        code: INVALID_REQUEST,
                        problem: format!("消息不是有效的 JSON-RPC 请求、通知或响应：{e}"),
                        id,
                    },
                }
            }
            Err(e) => {
                // A Content-Length that counted too far swallows the start of the next frame:
                // give that back so only the broken message is lost.
                if let Some(at) = swallowed_header(&body) {
                    self.pending.splice(0..0, body[at..].iter().copied());
                }
                Incoming::Malformed {
                    code: PARSE_ERROR,
                    problem: format!("消息不是有效的 JSON（{e}），可能被截断"),
                    id: None,
                }
            }
        }
    }

    fn next_frame(&mut self) -> Option<Frame> {
        let (header_len, sep_len) = loop {
            if let Some(found) = header_end(&self.pending) {
                break found;
            }
            if self.pending.len() > MAX_HEADER_BYTES {
                self.skip_to_next_header();
                return Some(Frame::Bad(format!(
                    "消息头超过 {MAX_HEADER_BYTES} 字节仍未结束，已丢弃"
                )));
            }
            if !self.fill() {
                return self.leftover();
            }
        };
        let header = String::from_utf8_lossy(&self.pending[..header_len]).into_owned();
        self.pending.drain(..header_len + sep_len);
        let Some(length) = content_length(&header) else {
            if header.trim().is_empty() {
                return Some(Frame::Empty);
            }
            return Some(Frame::Bad(format!(
                "消息头缺少有效的 Content-Length：{}",
                clip(&header)
            )));
        };
        if length > MAX_MESSAGE_BYTES {
            return Some(self.skip_body(length));
        }
        while self.pending.len() < length {
            if !self.fill() {
                let got = self.pending.len();
                self.pending.clear();
                return Some(Frame::Bad(format!(
                    "消息在 {got} 字节处中断（Content-Length 为 {length}）"
                )));
            }
        }
        let body: Vec<u8> = self.pending.drain(..length).collect();
        Some(Frame::Body(body))
    }

    /// Reads the stream past a body too large to keep.
    fn skip_body(&mut self, length: usize) -> Frame {
        let mut left = length;
        let buffered = left.min(self.pending.len());
        self.pending.drain(..buffered);
        left -= buffered;
        let mut chunk = vec![0; 64 * 1024];
        while left > 0 {
            let want = left.min(chunk.len());
            match self.input.read(&mut chunk[..want]) {
                Ok(0) | Err(_) => {
                    self.eof = true;
                    break;
                }
                Ok(n) => left -= n,
            }
        }
        Frame::Bad(format!(
            "消息长 {length} 字节，超过上限 {MAX_MESSAGE_BYTES} 字节，已跳过"
        ))
    }

    /// Drops the bytes before the next `Content-Length` past the start, or all of them.
    fn skip_to_next_header(&mut self) {
        let from = 1.min(self.pending.len());
        match find(&self.pending[from..], b"Content-Length:") {
            Some(at) => {
                self.pending.drain(..at + 1);
            }
            None => self.pending.clear(),
        }
    }

    /// What is left when the stream ends inside a header: a broken frame, or nothing.
    fn leftover(&mut self) -> Option<Frame> {
        let rest = std::mem::take(&mut self.pending);
        if rest.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(Frame::Bad(format!(
            "输入在消息头中结束：{}",
            clip(&String::from_utf8_lossy(&rest))
        )))
    }

    /// Reads more input into `pending`; false at the end of the stream.
    fn fill(&mut self) -> bool {
        if self.eof {
            return false;
        }
        let mut chunk = [0u8; 64 * 1024];
        loop {
            match self.input.read(&mut chunk) {
                Ok(0) => {
                    self.eof = true;
                    return false;
                }
                Ok(n) => {
                    self.pending.extend_from_slice(&chunk[..n]);
                    return true;
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(_) => {
                    self.eof = true;
                    return false;
                }
            }
        }
    }
}

enum Frame {
    Body(Vec<u8>),
    Bad(String),
    /// Blank lines between frames.
    Empty,
}

/// What keeps a JSON value from being a message, where lsp-server's untagged reading would
/// take it for an empty response: a `method` that is no string, or neither `method` nor a
/// `result` or `error`.
fn shape_problem(value: &Value) -> Option<String> {
    let Some(map) = value.as_object() else {
        return Some("消息应为 JSON 对象".into());
    };
    match map.get("method") {
        Some(Value::String(_)) => None,
        Some(_) => Some("method 应为字符串".into()),
        None if map.contains_key("id")
            && (map.contains_key("result") || map.contains_key("error")) =>
        {
            None
        }
        None => Some("缺少 method（请求或通知）或 result/error（响应）".into()),
    }
}

/// Where in a body that is not JSON the next frame's header starts, when its Content-Length
/// counted into it: a full `Content-Length:`, or the start of one cut off by the body's end.
fn swallowed_header(body: &[u8]) -> Option<usize> {
    const HEADER: &[u8] = b"Content-Length:";
    (1..body.len()).find(|&i| {
        let rest = &body[i..];
        rest.starts_with(HEADER) || HEADER.starts_with(rest)
    })
}

/// Where the header block ends and how long its terminator is: `\r\n\r\n`, or `\n\n` from a
/// client that writes bare line feeds.
fn header_end(buf: &[u8]) -> Option<(usize, usize)> {
    let crlf = find(buf, b"\r\n\r\n").map(|i| (i, 4));
    let lf = find(buf, b"\n\n").map(|i| (i, 2));
    match (crlf, lf) {
        (Some(a), Some(b)) => Some(if a.0 <= b.0 { a } else { b }),
        (a, b) => a.or(b),
    }
}

/// The Content-Length of a header block; garbage before it on the line (the tail of a body
/// that was shorter than its own Content-Length said) is ignored.
fn content_length(header: &str) -> Option<usize> {
    let lower = header.to_ascii_lowercase();
    let at = lower.rfind("content-length:")?;
    let value = header[at + "content-length:".len()..].lines().next()?;
    value.trim().parse().ok()
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn clip(s: &str) -> String {
    let s = s.trim();
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    fn read_all(bytes: &[u8]) -> Vec<Incoming> {
        let mut frames = Frames::new(bytes);
        std::iter::from_fn(|| frames.next_incoming()).collect()
    }

    fn methods(got: &[Incoming]) -> Vec<String> {
        got.iter()
            .map(|i| match i {
                Incoming::Message(Message::Notification(n)) => n.method.clone(),
                Incoming::Message(Message::Request(r)) => r.method.clone(),
                Incoming::Message(Message::Response(_)) => "response".into(),
                Incoming::Malformed { code, .. } => format!("malformed {code}"),
            })
            .collect()
    }

    const PING: &str = r#"{"jsonrpc":"2.0","method":"$/ping","params":{}}"#;

    /// A body written around a shared text is one frame, its length counted over all three
    /// parts, the shared text's characters multi-byte.
    #[test]
    fn a_body_around_a_shared_text_is_one_frame() {
        let body = Body::Around {
            head: r#"{"jsonrpc":"2.0","method":"$/ping","params":{"d":"#.to_string(),
            middle: Arc::new(r#"["问责"]"#.to_string()),
            tail: "}}".to_string(),
        };
        let mut out = Vec::new();
        write_frame(&mut out, &body).unwrap();
        out.extend_from_slice(frame(PING).as_bytes());
        assert_eq!(methods(&read_all(&out)), ["$/ping", "$/ping"]);
        assert!(out.starts_with(format!("Content-Length: {}\r\n", body.joined().len()).as_bytes()));
    }

    #[test]
    fn invalid_json_is_one_parse_error_and_reading_goes_on() {
        let input = frame("{not json") + &frame(PING);
        assert_eq!(
            methods(&read_all(input.as_bytes())),
            ["malformed -32700", "$/ping"]
        );
    }

    #[test]
    fn json_that_is_no_message_keeps_its_id() {
        let got = read_all(frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#).as_bytes());
        match &got[..] {
            [Incoming::Malformed { code, id, .. }] => {
                assert_eq!(*code, INVALID_REQUEST);
                assert_eq!(id.as_ref(), Some(&Value::from(7)));
            }
            other => panic!("{other:?}"),
        }
        let no_method = read_all(frame(r#"{"jsonrpc":"2.0","id":8}"#).as_bytes());
        assert_eq!(methods(&no_method), ["malformed -32600"]);
        let answer = read_all(frame(r#"{"jsonrpc":"2.0","id":8,"result":null}"#).as_bytes());
        assert_eq!(methods(&answer), ["response"]);
    }

    #[test]
    fn an_overstated_length_loses_only_its_own_message() {
        let cut = &PING[..20];
        let input = format!("Content-Length: 30\r\n\r\n{cut}") + &frame(PING);
        assert_eq!(
            methods(&read_all(input.as_bytes())),
            ["malformed -32700", "$/ping"]
        );
    }

    #[test]
    fn an_understated_length_leaves_garbage_that_is_skipped() {
        let input = format!("Content-Length: 10\r\n\r\n{PING}") + &frame(PING);
        let got = methods(&read_all(input.as_bytes()));
        assert_eq!(got, ["malformed -32700", "$/ping"]);
    }

    #[test]
    fn headers_without_length_and_bare_line_feeds() {
        let input = format!(
            "Content-Type: x\r\n\r\nContent-Length: {}\n\n{PING}",
            PING.len()
        );
        assert_eq!(
            methods(&read_all(input.as_bytes())),
            ["malformed -32700", "$/ping"]
        );
    }

    #[test]
    fn a_stream_cut_inside_a_body_ends_with_one_error() {
        let input = format!("Content-Length: 500\r\n\r\n{PING}");
        assert_eq!(methods(&read_all(input.as_bytes())), ["malformed -32700"]);
        assert!(read_all(b"").is_empty());
        assert!(read_all(b"\r\n").is_empty());
    }

    /// Hands out its bytes a few at a time, as a pipe does.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            let n = buf.len().min(self.0.len()).min(1000);
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn a_header_that_never_ends_is_dropped_and_the_next_frame_read() {
        let mut input = vec![b'x'; 10_000];
        input.extend_from_slice(frame(PING).as_bytes());
        let mut frames = Frames::new(Trickle(&input));
        let got: Vec<Incoming> = std::iter::from_fn(|| frames.next_incoming()).collect();
        assert_eq!(methods(&got), ["malformed -32700", "$/ping"]);
        // A stream that ends inside a header reports it once.
        let cut = frame(PING) + "Content-Len";
        assert_eq!(
            methods(&read_all(cut.as_bytes())),
            ["$/ping", "malformed -32700"]
        );
    }

    #[test]
    fn an_oversized_body_is_skipped_without_being_kept() {
        let huge = MAX_MESSAGE_BYTES + 10;
        let mut input = format!("Content-Length: {huge}\r\n\r\n").into_bytes();
        input.resize(input.len() + huge, b'x');
        input.extend_from_slice(frame(PING).as_bytes());
        assert_eq!(methods(&read_all(&input)), ["malformed -32700", "$/ping"]);
    }
}
