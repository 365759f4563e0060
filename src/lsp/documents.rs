//! The documents the client has open, and applying its changes to their text.

use std::path::PathBuf;

use lsp_types::{TextDocumentContentChangeEvent, Uri};

use super::convert;
use super::lint::{Kept, Linted};
use crate::config::FILE_NAME as CONFIG_NAME;
use crate::input::Format;

/// One document the client has open.
pub struct OpenDoc {
    pub uri: Uri,
    pub version: i32,
    pub text: String,
    pub language: String,
    pub path: Option<PathBuf>,
    /// The last lint, of `version` or of an earlier one while a lint is pending.
    pub linted: Option<Linted>,
    /// What the next lint can reuse from the last one.
    pub kept: Kept,
}

impl OpenDoc {
    pub fn is_config(&self) -> bool {
        self.path
            .as_ref()
            .is_some_and(|p| p.file_name().is_some_and(|n| n == CONFIG_NAME))
    }

    pub fn is_markdown(&self) -> bool {
        self.language == "markdown"
            || self.path.as_ref().and_then(|p| Format::from_path(p)) == Some(Format::Markdown)
    }
}

/// Applies one change: the whole text, or a range of it when a client sends increments
/// although the server asked for full text.
pub fn apply_change(text: &mut String, change: TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let a = convert::offset_in(text, range.start);
            let b = convert::offset_in(text, range.end);
            text.replace_range(a.min(b)..a.max(b), &change.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use lsp_types::{Position, Range};

    #[test]
    fn ranged_changes_apply_in_utf16_units() {
        let mut text = "加强𠀀领导,压实责任".to_string();
        let comma = Range::new(Position::new(0, 6), Position::new(0, 7));
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(comma),
                range_length: None,
                text: "，".into(),
            },
        );
        assert_eq!(text, "加强𠀀领导，压实责任");
        // A reversed or out-of-range range is clamped, not a panic.
        let wild = Range::new(Position::new(3, 0), Position::new(0, 1));
        apply_change(
            &mut text,
            TextDocumentContentChangeEvent {
                range: Some(wild),
                range_length: None,
                text: String::new(),
            },
        );
        assert_eq!(text, "加");
    }
}
