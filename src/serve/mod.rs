//! `planlint serve`: a local web page that does what `check` and `extract` do, for drafters
//! who never open a shell. Routing, request limits and responses live here; the JSON
//! endpoints in `api`, the ledger downloads in `export`, the page itself under `page/`.
//!
//! The server is synchronous (tiny_http) like the rest of planlint: a handful of worker
//! threads share one listener, and each request is read, checked and answered on its thread.
//! Nothing is written to disk and nothing is fetched from elsewhere.

mod api;
mod export;
mod query;

use std::io::Read;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response};

pub use api::RuleCache;

/// The largest request body accepted: far above any real plan (a 200-page .docx is a few
/// MB), low enough that a stray upload of a video cannot exhaust memory.
pub const MAX_BODY: usize = 20 * 1024 * 1024;

/// How many requests are served at once: more than the cores, since a request mostly waits
/// on its client while it uploads.
const WORKERS: usize = 4;

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// 端口（0 表示任选一个空闲端口）
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// 监听地址；默认只允许本机访问。改为 0.0.0.0 等地址时，同一网络中的其他电脑也能访问
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub host: IpAddr,
    /// 启动后在默认浏览器中打开页面
    #[arg(long)]
    pub open: bool,
}

/// A bound server, ready to [`run`](Server::run).
pub struct Server {
    http: Arc<tiny_http::Server>,
    addr: SocketAddr,
    rules: Arc<RuleCache>,
}

impl Server {
    /// Binds the listener; the port may be 0 for any free one ([`Server::url`] tells which).
    pub fn bind(host: IpAddr, port: u16) -> Result<Server, String> {
        let http = tiny_http::Server::http(SocketAddr::new(host, port)).map_err(|e| {
            format!(
                "无法在 {host}:{port} 上启动服务：{e}；端口可能已被占用，请用 --port 换一个端口"
            )
        })?;
        let addr = http.server_addr().to_ip().ok_or("服务没有绑定到网络地址")?;
        Ok(Server {
            http: Arc::new(http),
            addr,
            rules: Arc::new(RuleCache::default()),
        })
    }

    /// The page's address, as a drafter types it into a browser on this computer: a server
    /// listening on every address (0.0.0.0) is reached here through loopback, since no
    /// browser on Windows opens http://0.0.0.0/.
    pub fn url(&self) -> String {
        let ip = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
            IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
            ip => ip,
        };
        format!("http://{}/", SocketAddr::new(ip, self.addr.port()))
    }

    /// Serves requests until the process ends.
    pub fn run(self) {
        // The built-in rules take longer to compile than a plan takes to check: compile them
        // while the drafter is still pasting, not on the first request.
        std::thread::spawn(crate::builtin_rules);
        let workers: Vec<_> = (0..WORKERS)
            .map(|_| {
                let http = Arc::clone(&self.http);
                let rules = Arc::clone(&self.rules);
                std::thread::spawn(move || {
                    while let Ok(request) = http.recv() {
                        serve_one(request, &rules);
                    }
                })
            })
            .collect();
        for w in workers {
            let _ = w.join();
        }
    }
}

/// Whether an address lets other machines reach the page (so the drafter is warned).
pub fn is_exposed(host: IpAddr) -> bool {
    !host.is_loopback()
}

/// Opens the page in the desktop's default browser.
pub fn open_in_browser(url: &str) -> std::io::Result<()> {
    let mut command = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", "", url]);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = std::process::Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = std::process::Command::new("xdg-open");
        c.arg(url);
        c
    };
    command.spawn().map(|_| ())
}

/// What a handler answers: status, content type, body, and a download name when the body is
/// a file to save.
pub(crate) struct Reply {
    status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    download: Option<String>,
}

impl Reply {
    fn new(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            body: body.into(),
            download: None,
        }
    }

    pub(crate) fn json(body: String) -> Reply {
        Reply::new(200, "application/json; charset=utf-8", body)
    }

    /// An error as `{"error": "…"}`, the message in Chinese for the drafter.
    pub(crate) fn error(status: u16, message: &str) -> Reply {
        let body = serde_json::json!({ "error": message }).to_string();
        Reply::new(status, "application/json; charset=utf-8", body)
    }

    pub(crate) fn download(content_type: &'static str, body: Vec<u8>, name: String) -> Reply {
        Reply {
            download: Some(name),
            ..Reply::new(200, content_type, body)
        }
    }

    fn into_response(self) -> Response<std::io::Cursor<Vec<u8>>> {
        let mut response = Response::from_data(self.body)
            .with_status_code(self.status)
            .with_header(header("Content-Type", self.content_type))
            .with_header(header("X-Content-Type-Options", "nosniff"))
            .with_header(header("Cache-Control", "no-store"))
            // Everything the page needs is served from here; nothing may load from elsewhere,
            // and inline script is never run, whatever a document contains.
            .with_header(header(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data: blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
            ));
        if let Some(name) = self.download {
            let value = format!(
                "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                ascii_fallback(&name),
                query::percent_encode(&name)
            );
            response = response.with_header(header("Content-Disposition", &value));
        }
        response
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).expect("ASCII header")
}

/// The download name for browsers that ignore `filename*`: its ASCII letters and digits.
fn ascii_fallback(name: &str) -> String {
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let kept: String = stem
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
        .collect();
    let stem = if kept.chars().any(|c| c.is_ascii_alphanumeric()) {
        kept
    } else {
        "planlint".to_string()
    };
    let ext: String = ext.chars().filter(char::is_ascii_alphanumeric).collect();
    if ext.is_empty() {
        stem
    } else {
        format!("{stem}.{ext}")
    }
}

/// The page and its assets, embedded so the binary needs nothing beside it.
const INDEX_HTML: &str = include_str!("page/index.html");
const APP_JS: &str = include_str!("page/app.js");
const STYLE_CSS: &str = include_str!("page/style.css");
/// The bundled sample plan, behind the page's 载入示例 button.
const SAMPLE_PLAN: &str = include_str!("../../examples/sample-plan.txt");

fn serve_one(mut request: Request, rules: &RuleCache) {
    // A panic inside planlint costs the drafter this one answer, never a worker thread: with
    // every worker gone the page would hang without a word.
    let reply =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| route(&mut request, rules)))
            .unwrap_or_else(|_| {
                Reply::error(
                    500,
                    "planlint 处理这份文件时内部出错；请把文件发给维护者，其他文件仍可检查",
                )
            });
    // A client that went away is no error of ours.
    let _ = request.respond(reply.into_response());
}

fn route(request: &mut Request, rules: &RuleCache) -> Reply {
    let (path, query) = match request.url().split_once('?') {
        Some((p, q)) => (p.to_string(), q.to_string()),
        None => (request.url().to_string(), String::new()),
    };
    let method = request.method().clone();
    match (&method, path.as_str()) {
        (Method::Get | Method::Head, "/" | "/index.html") => {
            Reply::new(200, "text/html; charset=utf-8", INDEX_HTML)
        }
        (Method::Get | Method::Head, "/app.js") => {
            Reply::new(200, "text/javascript; charset=utf-8", APP_JS)
        }
        (Method::Get | Method::Head, "/style.css") => {
            Reply::new(200, "text/css; charset=utf-8", STYLE_CSS)
        }
        (Method::Get | Method::Head, "/sample.txt") => {
            Reply::new(200, "text/plain; charset=utf-8", SAMPLE_PLAN)
        }
        (Method::Get, "/api/packs") => api::packs(),
        (_, "/api/packs") => Reply::error(405, "/api/packs 只接受 GET 请求"),
        (Method::Post, p) if p.starts_with("/api/") => match read_body(request) {
            Ok(body) => api::handle(p, &query, &body, rules),
            Err(reply) => reply,
        },
        (_, p) if p.starts_with("/api/") && api::is_endpoint(p) => Reply::error(
            405,
            &format!("{p} 只接受 POST 请求：请求体是方案的文本或文件内容"),
        ),
        _ => Reply::error(404, &format!("没有这个页面：{path}；请打开首页 /")),
    }
}

/// The request body, or the 413 reply when it is over [`MAX_BODY`]. A declared length is
/// refused before anything is read; a chunked body is cut off one byte past the limit.
fn read_body(request: &mut Request) -> Result<Vec<u8>, Reply> {
    if request.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    request
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|e| Reply::error(400, &format!("读取上传内容时出错：{e}；请重新上传")))?;
    if body.len() > MAX_BODY {
        return Err(too_large());
    }
    Ok(body)
}

fn too_large() -> Reply {
    Reply::error(
        413,
        &format!(
            "上传内容超过 {} MB 上限，未检查；请只上传方案正文（图片较多的 .docx 可另存为 .txt 后再上传）",
            MAX_BODY / (1024 * 1024)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn download_names_keep_an_ascii_fallback() {
        assert_eq!(ascii_fallback("方案-任务清单.csv"), "planlint.csv");
        assert_eq!(ascii_fallback("2025方案.docx"), "2025.docx");
        assert_eq!(ascii_fallback("任务清单.xlsx"), "planlint.xlsx");
        assert_eq!(ascii_fallback("plan2025.txt"), "plan2025.txt");
    }

    #[test]
    fn a_server_on_every_address_is_opened_through_loopback() {
        let server = Server::bind(IpAddr::V4(Ipv4Addr::UNSPECIFIED), 0).unwrap();
        let port = server.addr.port();
        assert_eq!(server.url(), format!("http://127.0.0.1:{port}/"));
    }

    #[test]
    fn only_loopback_is_private() {
        assert!(!is_exposed(IpAddr::V4(Ipv4Addr::LOCALHOST)));
        assert!(!is_exposed("::1".parse().unwrap()));
        assert!(is_exposed(IpAddr::V4(Ipv4Addr::UNSPECIFIED)));
        assert!(is_exposed("192.168.1.20".parse().unwrap()));
    }
}
