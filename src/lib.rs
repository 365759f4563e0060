//! planlint: checks draft Chinese government work plans (工作方案、实施方案、行动计划) and
//! extracts their task ledger (任务清单 / 责任清单 / 时限清单).
//!
//! ```
//! let plan = "宁川市扬尘治理工作方案\n一、重点任务\n（一）严格施工扬尘管控。2025年6月底前完成全部工地视频监控安装。（市住建局牵头，市城管局配合）\n";
//! let (doc, facts) = planlint::read_str("方案.txt", plan);
//! assert_eq!(doc.tasks.len(), 1);
//! assert!(facts.tasks[0].deadline.is_some());
//! ```

pub mod cli;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod extract;
pub mod input;
pub mod lang;
pub mod lsp;
pub mod normalize;
pub mod outline;
pub mod report;
pub mod rules;
pub mod source;

/// Reads a plan given as text (`.md` paths are read as Markdown) and extracts its facts.
pub fn read_str(path: &str, text: &str) -> (outline::Document, extract::Facts) {
    let format =
        input::Format::from_path(std::path::Path::new(path)).unwrap_or(input::Format::Text);
    let doc = outline::build(input::read_str(path, text, format));
    let facts = extract::extract(&doc);
    (doc, facts)
}
