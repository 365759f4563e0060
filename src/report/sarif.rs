//! `planlint check --format sarif`: SARIF 2.1.0 for code-scanning dashboards.
//!
//! Columns are Unicode code points (`columnKind: unicodeCodePoints`), the same 1-based
//! character columns every other planlint output shows; SARIF's default would be UTF-16 units,
//! which differ from characters only outside the BMP but must then be declared.

use std::collections::HashMap;

use serde::Serialize;

use super::check::FileFindings;
use super::percent_encode;
use crate::diagnostic::{Diagnostic, Fix};
use crate::engine::UNUSED_SUPPRESSION;
use crate::rules::{Rule, Severity};
use crate::source::{Source, Span};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    /// The crate's `repository`, when Cargo.toml names one.
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: String,
    name: String,
    short_description: Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<Text>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: String,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize, Clone)]
struct ArtifactLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: usize,
    start_column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    snippet: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Text,
    artifact_changes: Vec<ArtifactChange>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    inserted_content: Text,
}

/// The SARIF log of one check run. `rules` are the rules in force (from every rule set the
/// run used); a finding whose code is not among them (the engine's own PL001) gets an entry.
pub fn sarif(files: &[FileFindings], rules: &[&Rule]) -> String {
    let mut table = RuleTable::new(rules);
    let results = files
        .iter()
        .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
        .map(|(f, d)| result(&mut table, &f.source, d))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "planlint",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: option_env!("CARGO_PKG_REPOSITORY").filter(|r| !r.is_empty()),
                    rules: table.descriptors,
                },
            },
            column_kind: "unicodeCodePoints",
            results,
        }],
    };
    let mut s = serde_json::to_string_pretty(&log).expect("SARIF serialises");
    s.push('\n');
    s
}

/// `reportingDescriptor`s in a fixed order, indexed by code so `ruleIndex` always matches.
struct RuleTable {
    descriptors: Vec<RuleDescriptor>,
    index: HashMap<String, usize>,
}

impl RuleTable {
    fn new(rules: &[&Rule]) -> Self {
        let mut table = RuleTable {
            descriptors: Vec::new(),
            index: HashMap::new(),
        };
        for r in rules {
            table.add(&r.code, || descriptor(r));
        }
        let (code, id) = UNUSED_SUPPRESSION;
        table.add(code, || bare_descriptor(code, id, Severity::Warning));
        table
    }

    fn add(&mut self, code: &str, make: impl FnOnce() -> RuleDescriptor) -> usize {
        if let Some(&i) = self.index.get(code) {
            return i;
        }
        self.descriptors.push(make());
        self.index
            .insert(code.to_string(), self.descriptors.len() - 1);
        self.descriptors.len() - 1
    }
}

fn descriptor(r: &Rule) -> RuleDescriptor {
    let mut d = bare_descriptor(&r.code, &r.id, r.severity);
    if let Some(desc) = r
        .description
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        d.short_description = Text {
            text: short_description(desc, &r.id),
        };
        d.full_description = Some(Text {
            text: desc.to_string(),
        });
    }
    // The help template verbatim: placeholders read fine as a general instruction.
    d.help = r.source.help.as_ref().map(|h| Text { text: h.clone() });
    d
}

fn bare_descriptor(code: &str, id: &str, severity: Severity) -> RuleDescriptor {
    RuleDescriptor {
        id: code.to_string(),
        name: id.to_string(),
        short_description: Text {
            text: id.to_string(),
        },
        full_description: None,
        help: None,
        default_configuration: Configuration {
            level: level(severity),
        },
    }
}

/// The first line of a rule's description, without its `说明：` label.
fn short_description(desc: &str, id: &str) -> String {
    let first = desc.lines().next().unwrap_or_default().trim();
    let first = first
        .strip_prefix("说明：")
        .or_else(|| first.strip_prefix("说明:"))
        .unwrap_or(first)
        .trim();
    if first.is_empty() {
        id.to_string()
    } else {
        first.to_string()
    }
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        // `off` never reaches a report; `none` keeps the value valid if it ever did.
        Severity::Info => "note",
        Severity::Off => "none",
    }
}

fn result(table: &mut RuleTable, source: &Source, d: &Diagnostic) -> SarifResult {
    let rule_index = table.add(&d.code, || bare_descriptor(&d.code, &d.rule, d.severity));
    let artifact = ArtifactLocation {
        uri: uri_reference(&source.path),
    };
    let mut region = region(source, d.span);
    region.snippet = Some(Text {
        text: source.slice(d.span).to_string(),
    });
    let fixes = d
        .fix
        .as_ref()
        .map(|fix| vec![sarif_fix(source, &artifact, fix)])
        .unwrap_or_default();
    SarifResult {
        rule_id: d.code.to_string(),
        rule_index,
        level: level(d.severity),
        message: Text {
            text: d.message.to_string(),
        },
        locations: vec![Location {
            physical_location: PhysicalLocation {
                artifact_location: artifact,
                region,
            },
        }],
        fixes,
    }
}

fn region(source: &Source, span: Span) -> Region {
    let start = source.position(span.start);
    let end = source.position(span.end);
    Region {
        start_line: start.line,
        start_column: start.column,
        end_line: end.line,
        end_column: end.column,
        snippet: None,
    }
}

fn sarif_fix(source: &Source, artifact: &ArtifactLocation, fix: &Fix) -> SarifFix {
    let description = match fix.applicability {
        crate::rules::Applicability::Safe => "自动修复",
        crate::rules::Applicability::Unsafe => "修复（需人工确认）",
    };
    SarifFix {
        description: Text {
            text: description.to_string(),
        },
        artifact_changes: vec![ArtifactChange {
            artifact_location: artifact.clone(),
            replacements: fix
                .edits
                .iter()
                .map(|e| Replacement {
                    deleted_region: region(source, e.span),
                    inserted_content: Text {
                        text: e.replacement.to_string(),
                    },
                })
                .collect(),
        }],
    }
}

/// A display path as a SARIF `uri`, which must be a URI reference (RFC 3986): forward slashes,
/// every byte outside the unreserved set and `/` percent-encoded (so 方案.txt becomes
/// `%E6%96%B9%E6%A1%88.txt`). An absolute path becomes a `file://` URI.
pub fn uri_reference(path: &str) -> String {
    let path = path.replace('\\', "/");
    let path = path.strip_prefix("./").unwrap_or(&path);
    let bytes = path.as_bytes();
    if bytes.first() == Some(&b'/') {
        return format!("file://{}", percent_encode(path, b"/"));
    }
    if bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic() {
        // `C:/…`: a Windows drive; its colon stays a colon in a file URI.
        let (drive, rest) = path.split_at(2);
        return format!("file:///{drive}{}", percent_encode(rest, b"/"));
    }
    percent_encode(path, b"/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_percent_encoded_references() {
        assert_eq!(
            uri_reference("docs/方案.txt"),
            "docs/%E6%96%B9%E6%A1%88.txt"
        );
        assert_eq!(uri_reference("./a b.md"), "a%20b.md");
        assert_eq!(uri_reference("docs\\x#1.txt"), "docs/x%231.txt");
        assert_eq!(uri_reference("/tmp/方.txt"), "file:///tmp/%E6%96%B9.txt");
        assert_eq!(
            uri_reference("C:\\计划.txt"),
            "file:///C:/%E8%AE%A1%E5%88%92.txt"
        );
    }

    #[test]
    fn short_description_drops_the_label() {
        assert_eq!(
            short_description("说明：每项任务都应写明责任单位。\n为什么：……", "x"),
            "每项任务都应写明责任单位。"
        );
        assert_eq!(
            short_description("", "task-missing-unit"),
            "task-missing-unit"
        );
    }
}
