//! The JSON endpoints. The request body is the document itself (pasted text as UTF-8, or a
//! file's bytes), read exactly as `planlint check` reads a file of the `name` given in the
//! query string, so an upload gets the CLI's decoding and the CLI's errors, and the JSON is
//! the CLI's own bytes.

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};

use super::{Reply, export, query};
use crate::engine::{self, Settings};
use crate::input::{self, Format, InputError};
use crate::lang::Date;
use crate::report::check::FileFindings;
use crate::report::ledger::LedgerFile;
use crate::rules::RuleSet;
use crate::source::Source;
use crate::{extract, outline, rules};

/// The name a document is known by when the request gives none.
const DEFAULT_NAME: &str = "方案.txt";

/// The same as `planlint check` runs at most, so a fix that uncovers another converges.
const FIX_ROUNDS: usize = 10;

const ENDPOINTS: [&str; 6] = [
    "/api/check",
    "/api/extract",
    "/api/review",
    "/api/fix",
    "/api/ledger.csv",
    "/api/ledger.xlsx",
];

pub(super) fn is_endpoint(path: &str) -> bool {
    ENDPOINTS.contains(&path)
}

/// Rule sets by the built-in packs they hold, each compiled once per server: compiling costs
/// more than checking a plan.
#[derive(Default)]
pub struct RuleCache {
    sets: Mutex<HashMap<Vec<&'static str>, Arc<RuleSet>>>,
}

impl RuleCache {
    fn get(&self, packs: &[&'static str]) -> Result<Arc<RuleSet>, String> {
        if packs.len() == rules::load::builtin_names().len() {
            return Ok(crate::builtin_rules());
        }
        let mut sets = self.sets.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(set) = sets.get(packs) {
            return Ok(Arc::clone(set));
        }
        let mut loader = rules::load::Loader::new();
        for p in packs {
            loader.builtin(p);
        }
        let set = Arc::new(loader.finish().map_err(|es| {
            let first = es.first().map_or(String::new(), ToString::to_string);
            format!("规则包无法加载：{first}")
        })?);
        sets.insert(packs.to_vec(), Arc::clone(&set));
        Ok(set)
    }
}

/// What a request asks for besides the document: its query string, checked.
struct Request<'a> {
    name: String,
    today: Date,
    packs: Vec<&'static str>,
    select: Vec<String>,
    ignore: Vec<String>,
    body: &'a [u8],
}

impl<'a> Request<'a> {
    fn parse(query: &str, body: &'a [u8]) -> Result<Request<'a>, Reply> {
        let bad = |m: String| Reply::error(400, &m);
        let name = query::get(query, "name")
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| DEFAULT_NAME.to_string());
        let today = match query::get(query, "today").filter(|t| !t.is_empty()) {
            None => crate::cli::system_today(),
            Some(t) => Date::parse(&t).ok_or_else(|| {
                bad(format!(
                    "today 参数“{t}”不是 YYYY-MM-DD 格式的日期，如 2025-06-01"
                ))
            })?,
        };
        let known = rules::load::builtin_names();
        let asked = query::list(query, "packs");
        if let Some(unknown) = asked.iter().find(|p| !known.contains(&p.as_str())) {
            return Err(bad(format!(
                "没有名为“{unknown}”的内置规则包；内置规则包有：{}",
                known.join("、")
            )));
        }
        let packs = if asked.is_empty() {
            known
        } else {
            known
                .into_iter()
                .filter(|k| asked.iter().any(|a| a == k))
                .collect()
        };
        Ok(Request {
            name,
            today,
            packs,
            select: query::list(query, "select"),
            ignore: query::list(query, "ignore"),
            body,
        })
    }

    fn format(&self) -> Format {
        Format::from_path(Path::new(&self.name)).unwrap_or(Format::Text)
    }

    /// The document, decoded as `planlint check` decodes a file of this name.
    fn read(&self) -> Result<input::Input, Reply> {
        let ext = Path::new(&self.name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .unwrap_or_default();
        let refused = match ext.as_str() {
            "doc" | "wps" => Some(InputError::LegacyWord { extension: ext }),
            "pdf" | "xls" | "xlsx" | "ofd" => Some(InputError::Unsupported { extension: ext }),
            _ => None,
        };
        let read = match refused {
            Some(e) => Err(e),
            None => input::read_bytes(&self.name, self.body, self.format()),
        };
        read.map_err(|e| unreadable(&self.name, &e))
    }

    fn settings(&self) -> Settings {
        Settings {
            today: self.today,
            select: self.select.clone(),
            ignore: self.ignore.clone(),
            ..Settings::default()
        }
    }
}

/// The CLI's message for a file it cannot read, with the file's name beside it.
fn unreadable(name: &str, e: &InputError) -> Reply {
    let body = serde_json::json!({ "error": e.to_string(), "path": name }).to_string();
    Reply {
        status: 422,
        ..Reply::json(body)
    }
}

/// A document read once: its findings and its ledger come from the same outline and facts.
struct Reviewed {
    findings: FileFindings,
    ledger: LedgerFile,
}

fn review(req: &Request, rules: &RuleCache) -> Result<Reviewed, Reply> {
    let rule_set = rules.get(&req.packs).map_err(|m| Reply::error(500, &m))?;
    let doc = outline::build(req.read()?);
    let facts = extract::extract(&doc);
    let diagnostics = engine::lint(&doc, &facts, &rule_set, &req.settings());
    let ledger = LedgerFile::new(&doc, &facts);
    Ok(Reviewed {
        findings: FileFindings {
            source: Arc::new(doc.source),
            diagnostics,
            fixed: 0,
        },
        ledger,
    })
}

/// `GET /api/packs`: the built-in packs the page offers as options.
pub(super) fn packs() -> Reply {
    Reply::json(serde_json::json!({ "packs": rules::load::builtin_names() }).to_string())
}

/// Answers `POST path?query` with `body` as the document.
pub(super) fn handle(path: &str, query: &str, body: &[u8], rules: &RuleCache) -> Reply {
    if !ENDPOINTS.contains(&path) {
        return Reply::error(404, &format!("没有这个接口：{path}"));
    }
    let req = match Request::parse(query, body) {
        Ok(r) => r,
        Err(reply) => return reply,
    };
    let answer = match path {
        "/api/fix" => fix(&req, rules),
        _ => review(&req, rules).map(|r| reply_for(path, &req, r)),
    };
    answer.unwrap_or_else(|reply| reply)
}

fn reply_for(path: &str, req: &Request, r: Reviewed) -> Reply {
    let ledger = std::slice::from_ref(&r.ledger);
    match path {
        "/api/check" => Reply::json(crate::report::check::json(&[r.findings])),
        "/api/extract" => Reply::json(crate::report::ledger::json(ledger)),
        "/api/ledger.csv" => Reply::download(
            "text/csv; charset=utf-8",
            export::csv(ledger),
            export::file_name(&req.name, "csv"),
        ),
        "/api/ledger.xlsx" => match export::xlsx(ledger) {
            Ok(bytes) => Reply::download(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                bytes,
                export::file_name(&req.name, "xlsx"),
            ),
            Err(e) => Reply::error(500, &format!("无法生成 .xlsx 文件：{e}；请改为下载 CSV")),
        },
        // The page's one request per edit: the text it marks up, and both reports of it.
        _ => Reply::json(format!(
            "{{\"text\":{},\"check\":{},\"extract\":{}}}",
            serde_json::to_string(&*r.findings.source.text).expect("a string serialises"),
            crate::report::check::json(std::slice::from_ref(&r.findings)).trim_end(),
            crate::report::ledger::json(ledger).trim_end()
        )),
    }
}

/// `POST /api/fix`: the text with every safe fix applied, round after round as `check --fix`
/// does, and how many were applied. The text is returned, never written anywhere.
fn fix(req: &Request, rules: &RuleCache) -> Result<Reply, Reply> {
    let rule_set = rules.get(&req.packs).map_err(|m| Reply::error(500, &m))?;
    let settings = req.settings();
    let lint = |input: input::Input| engine::lint_input(input, &rule_set, &settings);
    let (mut source, mut diagnostics): (Source, _) = lint(req.read()?);
    let mut fixed = 0;
    for _ in 0..FIX_ROUNDS {
        let (text, n) = engine::fix::apply(&source.text, &diagnostics, false);
        if n == 0 {
            break;
        }
        fixed += n;
        (source, diagnostics) = lint(input::read_str(&source.path, &text, req.format()));
    }
    let body = serde_json::json!({ "text": &*source.text, "fixed": fixed }).to_string();
    Ok(Reply::json(body))
}
