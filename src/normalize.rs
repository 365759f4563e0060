//! A matching view of the text: what the extractors read instead of the original.
//!
//! Drafts arrive with ASCII punctuation from mirror sites, in Traditional characters, with
//! pinyin inserted after characters (`區(qū)`), and with stray spaces. The view folds all of
//! that into one canonical form so that every pattern is written once, for Simplified text with
//! full-width Chinese punctuation and ASCII digits. Each position of the view maps back to the
//! original bytes; the original text is never changed and is what every report quotes.

use crate::source::Span;

/// Normalised text with a map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct MatchView {
    text: String,
    /// For each byte offset of `text` that is a char boundary (and for `text.len()`): the
    /// absolute original byte offset where that normalised char starts (or the original end).
    start: Vec<usize>,
    /// For each char boundary offset `i > 0`: the absolute original byte offset where the char
    /// ending at `i` ends.
    end: Vec<usize>,
}

impl MatchView {
    /// The view of one piece of original text that starts at absolute offset `base`.
    pub fn new(original: &str, base: usize) -> Self {
        let mut b = MatchViewBuilder::default();
        b.push(original, base);
        b.finish()
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Maps a byte range of the view (char boundaries) to the absolute original span it covers.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        if start >= end {
            let at = self.start[start.min(self.text.len())];
            return Span::new(at, at);
        }
        Span::new(self.start[start], self.end[end])
    }
}

/// Builds one view over several original pieces (e.g. the paragraphs of one task), joined by
/// separators that exist only in the view.
#[derive(Debug, Default)]
pub struct MatchViewBuilder {
    view: MatchView,
}

impl MatchViewBuilder {
    /// Appends the normalised form of `original`, which starts at absolute offset `base`.
    pub fn push(&mut self, original: &str, base: usize) {
        for (i, c) in original.char_indices() {
            self.emit(c, base + i, base + i + c.len_utf8());
        }
    }

    /// Appends a character that has no original text of its own (a paragraph break between two
    /// blocks); it maps to the empty span at `at`.
    pub fn push_separator(&mut self, c: char, at: usize) {
        self.emit(c, at, at);
    }

    fn emit(&mut self, c: char, orig_start: usize, orig_end: usize) {
        let v = &mut self.view;
        let at = v.text.len();
        v.text.push(c);
        v.start.resize(v.text.len() + 1, usize::MAX);
        v.end.resize(v.text.len() + 1, usize::MAX);
        v.start[at] = orig_start;
        v.end[v.text.len()] = orig_end;
    }

    pub fn finish(mut self) -> MatchView {
        let v = &mut self.view;
        let last = v.end.last().copied().unwrap_or(0);
        if v.start.is_empty() {
            v.start.push(0);
            v.end.push(0);
        }
        let n = v.text.len();
        v.start[n] = if n == 0 { 0 } else { last };
        v.end[0] = v.start[0];
        self.view
    }
}
