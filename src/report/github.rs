//! `planlint check --format github`: GitHub Actions workflow commands, so each finding shows
//! as an annotation on the pull request's diff.

use super::check::FileFindings;
use crate::diagnostic::Diagnostic;
use crate::rules::Severity;
use crate::source::Source;

/// One `::error file=…,line=…::message` line per finding.
pub fn github(files: &[FileFindings]) -> String {
    let mut out = String::new();
    for f in files {
        for d in &f.diagnostics {
            out.push_str(&command(&f.source, d));
            out.push('\n');
        }
    }
    out
}

fn command(source: &Source, d: &Diagnostic) -> String {
    let start = source.position(d.span.start);
    let end = source.position(d.span.end);
    let title = format!("{} {}", d.code, d.rule);
    // The help goes on a second line of the annotation: it says what to write instead.
    let message = match &d.help {
        Some(help) => format!("{}\n{help}", d.message),
        None => d.message.to_string(),
    };
    format!(
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command_name(d.severity),
        escape_property(&source.path.replace('\\', "/")),
        start.line,
        start.column,
        end.line,
        end.column,
        escape_property(&title),
        escape_data(&message),
    )
}

fn command_name(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Off => "notice",
    }
}

/// The escaping GitHub's runner undoes in a command's message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A property value also ends at `,` and its key at `:`, so both are escaped too.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_and_properties_are_escaped() {
        assert_eq!(escape_data("50%\r\n下一行"), "50%25%0D%0A下一行");
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        // Full-width marks are not GitHub's delimiters and stay as they are.
        assert_eq!(escape_property("方案，附件：1"), "方案，附件：1");
    }
}
