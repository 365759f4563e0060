//! A matching view of the text: what the extractors read instead of the original.
//!
//! Drafts arrive with ASCII punctuation from mirror sites, in Traditional characters, with
//! pinyin inserted after characters (`區(qū)`), and with stray spaces. The view folds all of
//! that into one canonical form so that every pattern is written once, for Simplified text with
//! full-width Chinese punctuation and ASCII digits. Each position of the view maps back to the
//! original bytes; the original text is never changed and is what every report quotes.
//!
//! What the view does, in order of application:
//! - drops pinyin annotations after a Han character (`區(qū)政府` → `区政府`);
//! - converts Traditional to Simplified with OpenCC `t2s`, one char for one char;
//! - folds full-width letters and digits to ASCII and ASCII Chinese-context punctuation to
//!   full width (`(`→`（`, `,`→`，` except in `1,000`, `:`→`：` except in `10:30`);
//! - removes whitespace next to CJK text, collapses other whitespace runs to one space, and
//!   drops `\r` (a lone `\r` is a line break and becomes `\n`).

mod scan;
mod t2s;
mod t2s_table;
#[cfg(test)]
mod tests;

use std::sync::Arc;

use crate::source::Span;
use scan::{Unchanged, unchanged_prefix};
use t2s::{CONVERTER, NEEDS_PHRASES, char_table};

/// The view text of a standalone string, e.g. to look up a lexicon entry written in any form.
pub fn fold(text: &str) -> String {
    let mut out = String::new();
    fold_into(text, &mut out);
    out
}

/// [`fold`] into `out`, replacing what it held and reusing its room: for callers that fold
/// many strings and keep few of them.
pub fn fold_into(text: &str, out: &mut String) {
    out.clear();
    let mut b = MatchViewBuilder {
        view: ViewParts {
            text: std::mem::take(out),
            ..ViewParts::default()
        },
        ..MatchViewBuilder::default()
    };
    b.push(text, 0);
    *out = b.view.text;
}

/// How a stretch of the view maps to the original.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// View byte offset where the segment starts.
    view: usize,
    /// Absolute original byte offset of the segment's first char.
    orig: usize,
    /// [`Segment::block_end`], with [`BYTE_FOR_BYTE`] for `None`: a view holds a segment for
    /// every few chars of its text, and an `Option<usize>` would make each a third larger.
    end: usize,
}

/// Most blocks' views need a single segment, where a first push would make room for four;
/// every block's view lives as long as its document.
fn push_segment(segments: &mut Vec<Segment>, seg: Segment) {
    if segments.capacity() == 0 {
        segments.reserve_exact(1);
    }
    segments.push(seg);
}

/// `Segment::end` of a segment without a block end.
const BYTE_FOR_BYTE: usize = usize::MAX;

impl Segment {
    fn new(view: usize, orig: usize, block_end: Option<usize>) -> Self {
        debug_assert_ne!(block_end, Some(BYTE_FOR_BYTE));
        Segment {
            view,
            orig,
            end: block_end.unwrap_or(BYTE_FOR_BYTE),
        }
    }

    /// `None`: view and original advance byte for byte (copied text, or a replacement of the
    /// same UTF-8 length), so any char boundary maps by offset. `Some(end)`: the segment is
    /// one view char standing for the whole original `orig..end`.
    fn block_end(&self) -> Option<usize> {
        (self.end != BYTE_FOR_BYTE).then_some(self.end)
    }
}

/// Normalised text with a map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct MatchView {
    text: ViewText,
    /// Sorted by `view`; a new segment starts only where the byte-for-byte correspondence
    /// breaks, so Simplified text costs a few segments per sentence instead of a map entry per
    /// byte. Empty for a view that is its original ([`ViewText::Original`]).
    segments: Vec<Segment>,
    /// The original offset that the end of the view maps to (end of the last char, or where an
    /// empty view was taken).
    tail: usize,
}

/// A view's text: its own, or the original text itself where folding changed nothing — most
/// blocks of a Simplified plan, whose views would otherwise copy the whole text once more
/// while the document is read.
#[derive(Debug, Clone)]
enum ViewText {
    Own(String),
    /// `text[start..end]`, which the view maps to byte for byte.
    Original {
        text: Arc<str>,
        start: usize,
        end: usize,
    },
}

impl Default for ViewText {
    fn default() -> Self {
        ViewText::Own(String::new())
    }
}

/// A view being built: its text is always its own until [`MatchViewBuilder::finish`].
#[derive(Debug, Default)]
struct ViewParts {
    text: String,
    segments: Vec<Segment>,
    tail: usize,
}

impl MatchView {
    /// The view of one piece of original text that starts at absolute offset `base`.
    pub fn new(original: &str, base: usize) -> Self {
        let mut b = MatchViewBuilder::default();
        b.push(original, base);
        b.finish()
    }

    pub fn text(&self) -> &str {
        match &self.text {
            ViewText::Own(text) => text,
            ViewText::Original { text, start, end } => &text[*start..*end],
        }
    }

    /// This view, sharing `source` instead of its own text when it reads exactly as
    /// `source[base..]` and maps to it byte for byte: what it answers is the same.
    pub fn sharing(self, source: &Arc<str>, base: usize) -> MatchView {
        let ViewText::Own(own) = &self.text else {
            return self;
        };
        let end = base + own.len();
        match source.get(base..end) {
            Some(original) if self.reads_as(original, base) => {
                MatchView::of_original(source, base..end)
            }
            _ => self,
        }
    }

    /// Whether this view, with its own text, is `original` taken at `base` itself, byte for
    /// byte: what [`Self::sharing`] shares.
    pub fn reads_as(&self, original: &str, base: usize) -> bool {
        let ViewText::Own(own) = &self.text else {
            return false;
        };
        !own.is_empty()
            && self.tail == base + own.len()
            && matches!(self.segments[..], [seg] if seg.view == 0 && seg.orig == base && seg.block_end().is_none())
            && own == original
    }

    /// The view of `source[range]` that is that text itself (see [`Self::reads_as`]).
    pub fn of_original(source: &Arc<str>, range: std::ops::Range<usize>) -> MatchView {
        MatchView {
            text: ViewText::Original {
                text: Arc::clone(source),
                start: range.start,
                end: range.end,
            },
            segments: Vec::new(),
            tail: range.end,
        }
    }

    /// The view from byte `from` on, when this view is the original itself and more than
    /// nothing follows `from`: the same stretch of the source, shorter, without copying it.
    /// What appending this view from `from` to an empty [`MatchViewBuilder`] reads as.
    pub fn original_from(&self, from: usize) -> Option<MatchView> {
        let ViewText::Original { text, start, end } = &self.text else {
            return None;
        };
        let view = &text[*start..*end];
        let mut from = from.min(view.len());
        while !view.is_char_boundary(from) {
            from -= 1;
        }
        (from < view.len()).then(|| MatchView::of_original(text, start + from..*end))
    }

    /// Where the view starts in the original, when it is the original itself.
    fn original_start(&self) -> Option<usize> {
        match self.text {
            ViewText::Own(_) => None,
            ViewText::Original { start, .. } => Some(start),
        }
    }

    /// This view, made of text that started at offset 0, for the same text starting at `base`:
    /// what [`MatchView::new`] gives for it there (a test holds the two equal), without
    /// folding the text again.
    pub fn rebased(&self, base: usize) -> MatchView {
        let moved =
            |s: &Segment| Segment::new(s.view, s.orig + base, s.block_end().map(|e| e + base));
        let segments = match self.original_start() {
            Some(start) => vec![moved(&Segment::new(0, start, None))],
            None => self.segments.iter().map(moved).collect(),
        };
        MatchView {
            text: ViewText::Own(self.text().to_string()),
            segments,
            tail: self.tail + base,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.text().is_empty()
    }

    /// Maps a byte range of the view (char boundaries) to the absolute original span it covers.
    ///
    /// Offsets past the end are clamped and offsets inside a char widen to the whole char, so
    /// that a caller's off-by-one can never panic.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let text = self.text();
        let n = text.len();
        let mut s = start.min(n);
        while !text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = end.min(n);
        while !text.is_char_boundary(e) {
            e += 1;
        }
        if s >= e {
            let at = self.start_of(s);
            return Span::new(at, at);
        }
        let (a, b) = (self.start_of(s), self.end_of(e));
        Span::new(a.min(b), a.max(b))
    }

    fn segment_at(&self, v: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.view <= v);
        i.checked_sub(1).map(|i| &self.segments[i])
    }

    /// Original start of the view char at byte `v`.
    fn start_of(&self, v: usize) -> usize {
        if v >= self.text().len() {
            return self.tail;
        }
        if let Some(start) = self.original_start() {
            return start + v;
        }
        match self.segment_at(v) {
            Some(seg) if seg.block_end().is_none() => seg.orig + (v - seg.view),
            Some(seg) => seg.orig,
            None => self.tail,
        }
    }

    /// Original end of the view char that ends at byte `v > 0`.
    fn end_of(&self, v: usize) -> usize {
        if let Some(start) = self.original_start() {
            return start + v;
        }
        match self.segment_at(v - 1) {
            Some(seg) => seg.block_end().unwrap_or(seg.orig + (v - seg.view)),
            None => self.tail,
        }
    }
}

/// Builds one view over several original pieces (e.g. the paragraphs of one task), joined by
/// separators that exist only in the view.
#[derive(Debug, Default)]
pub struct MatchViewBuilder {
    view: ViewParts,
    /// View offset where the current Han run starts. Han chars are emitted at once with their
    /// single-char conversion; a run that meets a phrase-sensitive char is redone as a whole
    /// when it ends, because a phrase may decide how an earlier char converts (不瞭解 → 不了解).
    /// A run continues across a dropped annotation or removed space (`發(fā)展`, `發 展`).
    run_start: Option<usize>,
    run_needs_phrases: bool,
    /// Last char of the view; decides whether whitespace after it goes.
    last: Option<char>,
}

impl MatchViewBuilder {
    /// Appends the normalised form of `original`, which starts at absolute offset `base`.
    pub fn push(&mut self, original: &str, base: usize) {
        if self.view.text.is_empty() && self.view.segments.is_empty() {
            self.view.tail = base;
        }
        self.view.text.reserve(original.len());
        let table = char_table();
        let mut i = 0;
        // The original char before `i` in this piece, for the digit checks of `,` and `:`.
        let mut prev: Option<char> = None;
        while i < original.len() {
            let kept = unchanged_prefix(&original[i..]);
            if kept.len > 0 {
                let stretch = &original[i..i + kept.len];
                self.copy_unchanged(stretch, kept, base + i, original, base);
                prev = stretch.chars().next_back();
                i += kept.len;
                continue;
            }
            let Some(c) = original[i..].chars().next() else {
                break;
            };
            let len = c.len_utf8();
            let at = base + i;
            if is_han(c) {
                let cp = c as usize;
                let simple = table.get(cp).copied().unwrap_or(NEEDS_PHRASES);
                self.run_needs_phrases |= simple == NEEDS_PHRASES;
                if self.run_start.is_none() {
                    self.run_start = Some(self.view.text.len());
                }
                // A phrase-sensitive char stands in for itself until the run is redone.
                self.emit(char::from_u32(simple).unwrap_or(c), at, at + len);
                i += len;
                i += pinyin_annotation_len(&original[i..]);
                prev = Some(c);
                continue;
            }
            if is_space(c) {
                let mut j = i + len;
                let mut visible = !is_zero_width(c);
                while let Some(d) = original[j..].chars().next() {
                    if !is_space(d) {
                        break;
                    }
                    visible |= !is_zero_width(d);
                    j += d.len_utf8();
                }
                let before_cjk = self.last.is_some_and(is_cjk);
                let after_cjk = next_after_space(&original[j..]).is_some_and(is_cjk);
                // A run of zero-width chars only was never visible as a gap, so it never
                // becomes a space.
                if visible && !before_cjk && !after_cjk {
                    self.end_run(original, base);
                    self.emit(' ', at, base + j);
                }
                prev = original[..j].chars().next_back();
                i = j;
                continue;
            }
            self.end_run(original, base);
            let rest = &original[i + len..];
            match c {
                '\r' => {
                    // A lone CR is an old Mac line break; dropping it would join two lines.
                    if !rest.starts_with('\n') {
                        self.emit('\n', at, at + len);
                    }
                }
                ',' | ':' => {
                    let between_digits =
                        prev.is_some_and(is_digit) && rest.chars().next().is_some_and(is_digit);
                    let url = c == ':' && rest.starts_with("//");
                    let folded = match c {
                        _ if between_digits || url => c,
                        ',' => '，',
                        _ => '：',
                    };
                    self.emit(folded, at, at + len);
                }
                _ => self.emit(fold_char(c), at, at + len),
            }
            prev = Some(c);
            i += len;
        }
        self.end_run(original, base);
    }

    /// Appends an already normalised view from its byte offset `from` on, keeping its map: a
    /// task's view is made of its paragraphs' views without normalising them again.
    pub fn append(&mut self, view: &MatchView, from: usize) {
        let text = view.text();
        let mut from = from.min(text.len());
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        if self.view.text.is_empty() && self.view.segments.is_empty() {
            self.view.tail = view.start_of(from);
        }
        if from == text.len() {
            return;
        }
        let identity;
        let segments = match view.original_start() {
            Some(start) => {
                identity = [Segment::new(0, start, None)];
                &identity[..]
            }
            None => &view.segments[..],
        };
        let base = self.view.text.len();
        let next = segments.partition_point(|s| s.view <= from);
        if let Some(seg) = next.checked_sub(1).map(|k| segments[k]) {
            // The segment holding `from` starts there in the new view.
            let orig = match seg.block_end() {
                None => seg.orig + (from - seg.view),
                Some(_) => seg.orig,
            };
            self.view.segments.push(Segment {
                view: base,
                orig,
                end: seg.end,
            });
        }
        for seg in &segments[next..] {
            self.view.segments.push(Segment {
                view: base + (seg.view - from),
                ..*seg
            });
        }
        self.view.text.push_str(&text[from..]);
        self.view.tail = view.tail;
        self.last = text.chars().next_back().or(self.last);
    }

    /// Appends a character that has no original text of its own (a paragraph break between two
    /// blocks); it maps to the empty span at `at`.
    pub fn push_separator(&mut self, c: char, at: usize) {
        self.emit(c, at, at);
    }

    pub fn finish(self) -> MatchView {
        let ViewParts {
            text,
            segments,
            tail,
        } = self.view;
        MatchView {
            text: ViewText::Own(text),
            segments,
            tail,
        }
    }

    /// Closes the Han run; if it holds a phrase-sensitive char, converts it again through
    /// OpenCC as a whole. `original` and `base` are the piece the run lies in.
    fn end_run(&mut self, original: &str, base: usize) {
        let Some(run_start) = self.run_start.take() else {
            return;
        };
        if !std::mem::take(&mut self.run_needs_phrases) {
            return;
        }
        let Some(conv) = CONVERTER.as_ref() else {
            return;
        };
        // Every char of the run was emitted for exactly one original Han char, so the map
        // gives the original chars back.
        let mut run: Vec<(char, usize, usize)> = Vec::new();
        let mut src = String::new();
        let segments = &self.view.segments;
        // Walk the segments alongside the chars instead of searching for each char.
        let mut k = segments
            .partition_point(|s| s.view <= run_start)
            .saturating_sub(1);
        let mut v = run_start;
        for c in self.view.text[run_start..].chars() {
            let next = v + c.len_utf8();
            while segments.get(k + 1).is_some_and(|s| s.view <= v) {
                k += 1;
            }
            let Some(seg) = segments.get(k) else {
                return;
            };
            let (start, end) = match seg.block_end() {
                None => (seg.orig + (v - seg.view), seg.orig + (next - seg.view)),
                Some(end) => (seg.orig, end),
            };
            let orig = start
                .checked_sub(base)
                .and_then(|s| original.get(s..end.saturating_sub(base)))
                .and_then(|t| t.chars().next())
                .unwrap_or(c);
            run.push((orig, start, end));
            src.push(orig);
            v = next;
        }
        self.view.text.truncate(run_start);
        let kept = self.view.segments.partition_point(|s| s.view < run_start);
        self.view.segments.truncate(kept);
        let out = conv.convert(&src);
        if out.chars().count() == run.len() {
            for (&(_, start, end), o) in run.iter().zip(out.chars()) {
                self.emit(o, start, end);
            }
        } else {
            // A phrase changed the length, so positions inside it cannot be paired; converting
            // each char alone keeps every view char on its own original char.
            let mut buf = [0u8; 4];
            for &(orig, start, end) in &run {
                for o in conv.convert(orig.encode_utf8(&mut buf)).chars() {
                    self.emit(o, start, end);
                }
            }
        }
    }

    /// Copies a stretch that [`unchanged_prefix`] found the view keeps as it is, at original
    /// offset `at`, with the Han-run bookkeeping that emitting it char by char would do: its
    /// leading Han chars continue the open run, its first other char ends that run, and its
    /// trailing Han chars open the next one.
    fn copy_unchanged(
        &mut self,
        stretch: &str,
        parts: Unchanged,
        at: usize,
        original: &str,
        base: usize,
    ) {
        let Unchanged {
            han_head, han_tail, ..
        } = parts;
        if han_head > 0 && self.run_start.is_none() {
            self.run_start = Some(self.view.text.len());
        }
        if han_head == stretch.len() {
            self.emit_str(stretch, at);
            return;
        }
        self.emit_str(&stretch[..han_head], at);
        self.end_run(original, base);
        self.emit_str(&stretch[han_head..han_tail], at + han_head);
        if han_tail < stretch.len() {
            self.run_start = Some(self.view.text.len());
        }
        self.emit_str(&stretch[han_tail..], at + han_tail);
    }

    /// Appends original text at `orig_start` that the view keeps byte for byte.
    fn emit_str(&mut self, s: &str, orig_start: usize) {
        let Some(last) = s.chars().next_back() else {
            return;
        };
        let v = &mut self.view;
        let at = v.text.len();
        let extends = v
            .segments
            .last()
            .is_some_and(|s| s.block_end().is_none() && s.orig + (at - s.view) == orig_start);
        if !extends {
            push_segment(&mut v.segments, Segment::new(at, orig_start, None));
        }
        v.text.push_str(s);
        v.tail = orig_start + s.len();
        self.last = Some(last);
    }

    fn emit(&mut self, c: char, orig_start: usize, orig_end: usize) {
        let v = &mut self.view;
        let at = v.text.len();
        let same_len = orig_end.checked_sub(orig_start) == Some(c.len_utf8());
        let extends = same_len
            && v.segments
                .last()
                .is_some_and(|s| s.block_end().is_none() && s.orig + (at - s.view) == orig_start);
        if !extends {
            push_segment(
                &mut v.segments,
                Segment::new(at, orig_start, (!same_len).then_some(orig_end)),
            );
        }
        v.text.push(c);
        v.tail = orig_end;
        self.last = Some(c);
    }
}

fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x2_0000..=0x3_23AF)
}

/// Han, CJK and full-width punctuation: the neighbours next to which whitespace is noise.
fn is_cjk(c: char) -> bool {
    is_han(c)
        || matches!(c as u32,
            0x2E80..=0x2FDF | 0x3000..=0x30FF | 0x3100..=0x312F | 0x31A0..=0x33FF
            | 0xFE10..=0xFE1F | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF)
        // GB/T 15834 writes these as Chinese punctuation although Unicode files them elsewhere.
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

fn is_space(c: char) -> bool {
    matches!(
        c as u32,
        0x09 | 0x0B | 0x0C | 0x20 | 0xA0 | 0x1680 | 0x2000
            ..=0x200B | 0x202F | 0x205F | 0x2060 | 0x3000 | 0xFEFF
    )
}

fn is_zero_width(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The view char that will follow a whitespace run, as far as CJK-ness goes.
fn next_after_space(rest: &str) -> Option<char> {
    let mut chars = rest.chars();
    let c = match chars.next()? {
        '\r' => chars.next()?,
        c => c,
    };
    // After a space `,` and `:` cannot sit between digits, so they fold.
    Some(match c {
        ',' => '，',
        ':' => '：',
        c => fold_char(c),
    })
}

/// Folding that needs no context (`,` and `:` are handled by the caller).
fn fold_char(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        '．' => '.',
        '％' => '%',
        '｡' => '。',
        '､' => '、',
        '(' => '（',
        ')' => '）',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        c => c,
    }
}

/// Byte length of a pinyin annotation such as `(qū)` or `（xiàng）` at the start of `s`, or 0.
fn pinyin_annotation_len(s: &str) -> usize {
    let inner = match s.strip_prefix('(').or_else(|| s.strip_prefix('（')) {
        Some(inner) => inner,
        None => return 0,
    };
    let open = s.len() - inner.len();
    let mut letters = 0;
    let mut toned = false;
    for (k, c) in inner.char_indices() {
        match c {
            ')' | '）' => {
                return if toned { open + k + c.len_utf8() } else { 0 };
            }
            // Decomposed tone marks (q + U+0304) from some converters.
            '\u{300}' | '\u{301}' | '\u{304}' | '\u{30C}' if letters > 0 => toned = true,
            '\u{308}' | '\u{302}' if letters > 0 => {}
            'a'..='z' | 'A'..='Z' | 'ü' | 'Ü' | 'ê' | 'Ê' => letters += 1,
            _ if is_toned_letter(c) => {
                letters += 1;
                toned = true;
            }
            _ => return 0,
        }
        // The longest syllable (zhuāng) has six letters; a few marks at most ride on them.
        if letters > 6 || k > 24 {
            return 0;
        }
    }
    0
}

fn is_toned_letter(c: char) -> bool {
    matches!(
        c,
        'ā' | 'á'
            | 'ǎ'
            | 'à'
            | 'ē'
            | 'é'
            | 'ě'
            | 'è'
            | 'ī'
            | 'í'
            | 'ǐ'
            | 'ì'
            | 'ō'
            | 'ó'
            | 'ǒ'
            | 'ò'
            | 'ū'
            | 'ú'
            | 'ǔ'
            | 'ù'
            | 'ǖ'
            | 'ǘ'
            | 'ǚ'
            | 'ǜ'
            | 'ń'
            | 'ň'
            | 'ǹ'
            | 'ḿ'
            | 'ế'
            | 'ề'
            | 'Ā'
            | 'Á'
            | 'Ǎ'
            | 'À'
            | 'Ē'
            | 'É'
            | 'Ě'
            | 'È'
            | 'Ī'
            | 'Í'
            | 'Ǐ'
            | 'Ì'
            | 'Ō'
            | 'Ó'
            | 'Ǒ'
            | 'Ò'
            | 'Ū'
            | 'Ú'
            | 'Ǔ'
            | 'Ù'
            | 'Ǖ'
            | 'Ǘ'
            | 'Ǚ'
            | 'Ǜ'
    )
}

/// Builds the patterns of this module and those below it now instead of at their first use:
/// see [`crate::engine::warm_up_reading`].
pub(crate) fn warm_up() {
    t2s::warm_up();
    scan::warm_up();
}
