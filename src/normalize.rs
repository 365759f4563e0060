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

use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use crate::source::Span;

/// `t2s` rather than the regional configs: `tw2sp` rewrites vocabulary (網際網路→互联网), which
/// breaks the one-char-for-one-char map, and `tw2s`, although it would turn the mirror sites'
/// 著力 into 着力, also rewrites correct Simplified text (什么→什幺, 卓著→卓着). Mirror sites
/// convert mainland text with a plain s2t, so the Taiwan and Hong Kong tables have little to undo.
static CONVERTER: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Characters whose Simplified form depends on the phrase around them in OpenCC's `TSPhrases`
/// (瞭解→了解 but 瞭 alone stays, 乾淨→干净 but 乾隆 stays, 傢俱→家具, 么麼→幺麽). Derived from the
/// ferrous-opencc 0.4 dictionaries: every char of a phrase key whose phrase output differs from
/// its single-char output. A run containing none of them converts char by char with the same
/// result as OpenCC, without OpenCC's per-position dictionary search.
const PHRASE_SENSITIVE: &str = "么乾俱吒噁彷徵於昇沈濛牴畫瞭薹藉衹覆鉅鍊鍾麼麽";

/// Marks a char whose run must go through OpenCC as a whole.
const NEEDS_PHRASES: u32 = u32::MAX;

/// The BMP Han blocks the per-char table covers; astral Han always goes through OpenCC.
const BMP_HAN: [std::ops::RangeInclusive<u32>; 3] =
    [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];

/// Single-char Traditional→Simplified table over the BMP, indexed by code point. Built once
/// from the converter itself so that it can never disagree with OpenCC's char dictionary.
static CHAR_TABLE: LazyLock<Box<[u32]>> = LazyLock::new(build_char_table);

fn build_char_table() -> Box<[u32]> {
    let mut table: Vec<u32> = (0..0x1_0000).collect();
    let Some(conv) = CONVERTER.as_ref() else {
        return table.into_boxed_slice();
    };
    let chars: Vec<char> = BMP_HAN
        .iter()
        .flat_map(|r| r.clone())
        .filter_map(char::from_u32)
        .collect();
    // One call with a line per char: no dictionary key contains '\n', so no phrase can join
    // two probes, and one call costs milliseconds where 28k calls would cost far more.
    let mut probe = String::with_capacity(chars.len() * 4);
    for &c in &chars {
        probe.push(c);
        probe.push('\n');
    }
    let converted = conv.convert(&probe);
    let lines: Vec<&str> = converted.split('\n').collect();
    if lines.len() == chars.len() + 1 {
        for (&c, line) in chars.iter().zip(&lines) {
            let mut out = line.chars();
            table[c as usize] = match (out.next(), out.next()) {
                (Some(o), None) => o as u32,
                _ => NEEDS_PHRASES,
            };
        }
    } else {
        // Unreachable with the shipped dictionaries; stay correct by always asking OpenCC.
        for &c in &chars {
            table[c as usize] = NEEDS_PHRASES;
        }
    }
    for c in PHRASE_SENSITIVE.chars() {
        if let Some(slot) = table.get_mut(c as usize) {
            *slot = NEEDS_PHRASES;
        }
    }
    table.into_boxed_slice()
}

/// The view text of a standalone string, e.g. to look up a lexicon entry written in any form.
pub fn fold(text: &str) -> String {
    MatchView::new(text, 0).text
}

/// How a stretch of the view maps to the original.
#[derive(Debug, Clone, Copy)]
struct Segment {
    /// View byte offset where the segment starts.
    view: usize,
    /// Absolute original byte offset of the segment's first char.
    orig: usize,
    /// `None`: view and original advance byte for byte (copied text, or a replacement of the
    /// same UTF-8 length), so any char boundary maps by offset. `Some(end)`: the segment is
    /// one view char standing for the whole original `orig..end`.
    block_end: Option<usize>,
}

/// Normalised text with a map back to original byte offsets.
#[derive(Debug, Clone, Default)]
pub struct MatchView {
    text: String,
    /// Sorted by `view`; a new segment starts only where the byte-for-byte correspondence
    /// breaks, so Simplified text costs a few segments per sentence instead of a map entry per
    /// byte.
    segments: Vec<Segment>,
    /// The original offset that the end of the view maps to (end of the last char, or where an
    /// empty view was taken).
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
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// Maps a byte range of the view (char boundaries) to the absolute original span it covers.
    ///
    /// Offsets past the end are clamped and offsets inside a char widen to the whole char, so
    /// that a caller's off-by-one can never panic.
    pub fn to_original(&self, start: usize, end: usize) -> Span {
        let n = self.text.len();
        let mut s = start.min(n);
        while !self.text.is_char_boundary(s) {
            s -= 1;
        }
        let mut e = end.min(n);
        while !self.text.is_char_boundary(e) {
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
        if v >= self.text.len() {
            return self.tail;
        }
        match self.segment_at(v) {
            Some(seg) if seg.block_end.is_none() => seg.orig + (v - seg.view),
            Some(seg) => seg.orig,
            None => self.tail,
        }
    }

    /// Original end of the view char that ends at byte `v > 0`.
    fn end_of(&self, v: usize) -> usize {
        match self.segment_at(v - 1) {
            Some(seg) => seg.block_end.unwrap_or(seg.orig + (v - seg.view)),
            None => self.tail,
        }
    }
}

/// Builds one view over several original pieces (e.g. the paragraphs of one task), joined by
/// separators that exist only in the view.
#[derive(Debug, Default)]
pub struct MatchViewBuilder {
    view: MatchView,
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
        let table: &[u32] = &CHAR_TABLE;
        let mut i = 0;
        // The original char before `i` in this piece, for the digit checks of `,` and `:`.
        let mut prev: Option<char> = None;
        while let Some(c) = original[i..].chars().next() {
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
        let mut from = from.min(view.text.len());
        while !view.text.is_char_boundary(from) {
            from -= 1;
        }
        if self.view.text.is_empty() && self.view.segments.is_empty() {
            self.view.tail = view.start_of(from);
        }
        if from == view.text.len() {
            return;
        }
        let base = self.view.text.len();
        let next = view.segments.partition_point(|s| s.view <= from);
        if let Some(seg) = next.checked_sub(1).map(|k| view.segments[k]) {
            // The segment holding `from` starts there in the new view.
            let orig = match seg.block_end {
                None => seg.orig + (from - seg.view),
                Some(_) => seg.orig,
            };
            self.view.segments.push(Segment {
                view: base,
                orig,
                block_end: seg.block_end,
            });
        }
        for seg in &view.segments[next..] {
            self.view.segments.push(Segment {
                view: base + (seg.view - from),
                ..*seg
            });
        }
        self.view.text.push_str(&view.text[from..]);
        self.view.tail = view.tail;
        self.last = view.text.chars().next_back().or(self.last);
    }

    /// Appends a character that has no original text of its own (a paragraph break between two
    /// blocks); it maps to the empty span at `at`.
    pub fn push_separator(&mut self, c: char, at: usize) {
        self.emit(c, at, at);
    }

    pub fn finish(self) -> MatchView {
        self.view
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
            let (start, end) = match seg.block_end {
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

    fn emit(&mut self, c: char, orig_start: usize, orig_end: usize) {
        let v = &mut self.view;
        let at = v.text.len();
        let same_len = orig_end.checked_sub(orig_start) == Some(c.len_utf8());
        let extends = same_len
            && v.segments
                .last()
                .is_some_and(|s| s.block_end.is_none() && s.orig + (at - s.view) == orig_start);
        if !extends {
            v.segments.push(Segment {
                view: at,
                orig: orig_start,
                block_end: if same_len { None } else { Some(orig_end) },
            });
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

#[cfg(test)]
mod tests {
    #[test]
    fn appended_views_keep_their_map() {
        let first = "1.推進區(qū)域聯防聯控,(市環保局牽頭)";
        let second = "責任單位:縣應急管理局";
        let base2 = first.len() + 1;
        let original = format!("{first}\n{second}");
        let v1 = MatchView::new(first, 0);
        let v2 = MatchView::new(second, base2);
        let from = v1.text().find("推进").unwrap();
        let mut b = MatchViewBuilder::default();
        b.append(&v1, from);
        b.push_separator('\n', base2);
        b.append(&v2, 0);
        let joined = b.finish();
        assert_eq!(
            joined.text(),
            "推进区域联防联控，（市环保局牵头）\n责任单位：县应急管理局"
        );
        let at = |needle: &str| {
            let s = joined.text().find(needle).unwrap();
            let span = joined.to_original(s, s + needle.len());
            original[span.start..span.end].to_string()
        };
        assert_eq!(at("区域"), "區(qū)域");
        assert_eq!(at("市环保局"), "市環保局");
        assert_eq!(at("县应急管理局"), "縣應急管理局");
        assert_eq!(
            at("推进区域联防联控，（市环保局牵头）\n责任单位"),
            &original[2..original.find(":").unwrap()]
        );
    }

    use super::*;

    /// Builds the view of `original` at `base` and checks its text.
    fn view(original: &str, base: usize, expected: &str) -> MatchView {
        let v = MatchView::new(original, base);
        assert_eq!(v.text(), expected, "view of {original:?}");
        v
    }

    /// The original text behind the first occurrence of `needle` in the view.
    fn behind<'a>(original: &'a str, base: usize, v: &MatchView, needle: &str) -> &'a str {
        let at = v
            .text()
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} not in {:?}", v.text()));
        let span = v.to_original(at, at + needle.len());
        &original[span.start - base..span.end - base]
    }

    fn case(original: &str, expected_view: &str, needle: &str, expected_original: &str) {
        for base in [0, 1234] {
            let v = view(original, base, expected_view);
            assert_eq!(behind(original, base, &v, needle), expected_original);
        }
    }

    #[test]
    fn pinyin_after_traditional_is_dropped() {
        case("區(qū)政府", "区政府", "区政府", "區(qū)政府");
        case("區(qū)政府", "区政府", "区", "區");
        case("區(qū)政府", "区政府", "政府", "政府");
    }

    #[test]
    fn pinyin_run_of_a_mirror_site_sentence() {
        let original = "推進(jìn)社會獨(dú)立型洗選企業(yè)產(chǎn)業(yè)升級";
        let v = view(original, 0, "推进社会独立型洗选企业产业升级");
        assert_eq!(behind(original, 0, &v, "企业"), "企業");
        assert_eq!(behind(original, 0, &v, "业产"), "業(yè)產");
        assert_eq!(behind(original, 0, &v, "升级"), "升級");
    }

    #[test]
    fn pinyin_in_full_width_and_mixed_brackets() {
        case("專項（xiàng）整治", "专项整治", "专项", "專項");
        case("開發(fā)區(qū)管委會", "开发区管委会", "管委会", "管委會");
        case("管轄(xiá）範圍", "管辖范围", "管辖范围", "管轄(xiá）範圍");
        case("環(huán)境質(zhì)量", "环境质量", "环境", "環(huán)境");
        case("環(huán)境質(zhì)量", "环境质量", "境质量", "境質(zhì)量");
    }

    #[test]
    fn pinyin_with_decomposed_tone_mark() {
        case("區(qu\u{304})政府", "区政府", "区政", "區(qu\u{304})政");
    }

    #[test]
    fn brackets_that_are_not_pinyin_stay() {
        case(
            "细颗粒物(PM2.5)浓度",
            "细颗粒物（PM2.5）浓度",
            "（PM2.5）",
            "(PM2.5)",
        );
        case(
            "挥发性有机物(VOCs)治理",
            "挥发性有机物（VOCs）治理",
            "VOCs",
            "VOCs",
        );
        case(
            "实施(I/M制度)",
            "实施（I/M制度）",
            "（I/M制度）",
            "(I/M制度)",
        );
        case(
            "开发区(管委会)负责",
            "开发区（管委会）负责",
            "（管委会）",
            "(管委会)",
        );
        case(
            "三年行动(2024—2026年)",
            "三年行动（2024—2026年）",
            "2024—2026",
            "2024—2026",
        );
        case("區(qu)政府", "区（qu）政府", "（qu）", "(qu)");
        case("市场(market)", "市场（market）", "market", "market");
        case("PM(ā)", "PM（ā）", "（ā）", "(ā)");
    }

    #[test]
    fn annotation_only_right_after_the_han_char() {
        // The second bracket follows `)`, not a Han char, so it is ordinary text.
        case(
            "鄉鎮(zhèn)(街道)負(fù)責(zé)人",
            "乡镇（街道）负责人",
            "（街道）",
            "(街道)",
        );
        case("區 (qū)", "区（qū）", "（qū）", "(qū)");
    }

    #[test]
    fn unfinished_annotations_at_the_end() {
        view("區(qū)", 0, "区");
        view("區(", 0, "区（");
        view("區(qū", 0, "区（qū");
        view("區（", 0, "区（");
        view("(", 0, "（");
        view("區(qū)(", 0, "区（");
        view("區(zhuāngzhuāng)", 0, "区（zhuāngzhuāng）");
    }

    #[test]
    fn traditional_converts_char_for_char() {
        case(
            "市環保局牽頭，市經信委配合",
            "市环保局牵头，市经信委配合",
            "经信委",
            "經信委",
        );
        case(
            "確保年度環境空氣質量達標",
            "确保年度环境空气质量达标",
            "达标",
            "達標",
        );
        case(
            "各鄉鎮（街道）負責人",
            "各乡镇（街道）负责人",
            "负责人",
            "負責人",
        );
    }

    #[test]
    fn phrases_decide_ambiguous_chars() {
        case("據瞭解，當前", "据了解，当前", "了解", "瞭解");
        case("保持路面乾淨", "保持路面干净", "干净", "乾淨");
        case("乾隆年間", "乾隆年间", "乾隆", "乾隆");
        case("不瞭(liǎo)解情況", "不了解情况", "了解", "瞭(liǎo)解");
        case("函覆市政府", "函复市政府", "函复", "函覆");
        case("計畫於年底完成", "计划于年底完成", "计划于", "計畫於");
    }

    /// The per-char table and the phrase redo must give exactly what OpenCC gives for the
    /// whole run.
    #[test]
    fn fast_path_agrees_with_opencc() {
        let original = "為貫徹落實黨中央、國務院關於深入打好污染防治攻堅戰的決策部署，\
            據瞭解各鄉鎮覆蓋率仍然偏低，計畫於年底前完成乾淨整潔的目標，\
            嚴格執行環境影響評價製度，鍾樓區藉助數據平台彷彿一目瞭然，\
            沈陽市與鄰近縣區聯繫緊密，發揮畫龍點睛作用";
        let conv = CONVERTER.as_ref().expect("t2s loads");
        assert_eq!(fold(original), conv.convert(original));
        let v = MatchView::new(original, 0);
        assert_eq!(
            v.to_original(0, v.text().len()),
            Span::new(0, original.len())
        );
    }

    #[test]
    fn plan_sentences_end_to_end() {
        let original = "(三)嚴格揚(yáng)塵管控.市住建局牽頭,各縣(市、區(qū))人民政府負(fù)責(zé)落實(shí),２０２５年１０月底前完成.";
        let v = view(
            original,
            0,
            "（三）严格扬尘管控.市住建局牵头，各县（市、区）人民政府负责落实，2025年10月底前完成.",
        );
        assert_eq!(behind(original, 0, &v, "（三）"), "(三)");
        assert_eq!(behind(original, 0, &v, "扬尘管控"), "揚(yáng)塵管控");
        assert_eq!(
            behind(original, 0, &v, "各县（市、区）人民政府"),
            "各縣(市、區(qū))人民政府"
        );
        assert_eq!(behind(original, 0, &v, "负责落实"), "負(fù)責(zé)落實");
        assert_eq!(
            behind(original, 0, &v, "2025年10月底前"),
            "２０２５年１０月底前"
        );

        case(
            "责任单位: 市发展改革委、市工业和信息化局 (按职责分工负责)",
            "责任单位：市发展改革委、市工业和信息化局（按职责分工负责）",
            "（按职责分工负责）",
            "(按职责分工负责)",
        );
        case(
            "完成时限: 2024年12月31日前; 长期坚持.",
            "完成时限：2024年12月31日前；长期坚持.",
            "2024年12月31日前；",
            "2024年12月31日前;",
        );
        case(
            "對工作不力、進展緩慢的,嚴肅追究相關責任人責任.",
            "对工作不力、进展缓慢的，严肃追究相关责任人责任.",
            "严肃追究",
            "嚴肅追究",
        );
    }

    #[test]
    fn simplified_text_is_left_alone() {
        let original = "怎么做、做什么，要显著提升卓著成效，干部于年底前完成";
        view(original, 0, original);
    }

    #[test]
    fn han_run_continues_across_removed_space() {
        case("發 展和改革委員會", "发展和改革委员会", "发展", "發 展");
    }

    #[test]
    fn ascii_punctuation_becomes_full_width() {
        case(
            "(市环保局牵头,市经信委配合)",
            "（市环保局牵头，市经信委配合）",
            "，",
            ",",
        );
        case(
            "(市环保局牵头,市经信委配合)",
            "（市环保局牵头，市经信委配合）",
            "（市环保局",
            "(市环保局",
        );
        case(
            "责任单位:市住建局;配合单位:各区",
            "责任单位：市住建局；配合单位：各区",
            "：市住建局；",
            ":市住建局;",
        );
        case("是否达标?必须达标!", "是否达标？必须达标！", "？", "?");
    }

    #[test]
    fn digit_separators_stay_ascii() {
        case("投资1,000万元", "投资1,000万元", "1,000", "1,000");
        case("上午10:30召开", "上午10:30召开", "10:30", "10:30");
        case("2024年,2025年", "2024年，2025年", "，", ",");
        case("完成1, 2项", "完成1，2项", "1，2", "1, 2");
        case("时间:2025年", "时间：2025年", "：2", ":2");
        case("１,０００吨", "1,000吨", "1,000", "１,０００");
    }

    #[test]
    fn urls_keep_their_colon() {
        view("详见http://www.mee.gov.cn", 0, "详见http://www.mee.gov.cn");
    }

    #[test]
    fn full_width_letters_and_digits_fold() {
        case("２０２５年６月底前", "2025年6月底前", "2025", "２０２５");
        case("２０２５年６月底前", "2025年6月底前", "6月底前", "６月底前");
        case(
            "ＰＭ２．５浓度下降１０％",
            "PM2.5浓度下降10%",
            "PM2.5",
            "ＰＭ２．５",
        );
        case(
            "ＰＭ２．５浓度下降１０％",
            "PM2.5浓度下降10%",
            "10%",
            "１０％",
        );
        case("完成整改｡", "完成整改。", "。", "｡");
    }

    #[test]
    fn other_punctuation_stays() {
        let original = "按照〔2024〕3号、[2023]5号和【重要】“三线一单”要求——";
        view(original, 0, original);
        view("1.加强领导", 0, "1.加强领导");
        view("提高1.5倍", 0, "提高1.5倍");
    }

    #[test]
    fn spaces_next_to_cjk_are_removed() {
        case(
            "交通运输、 公安交警、 应急管理部门要",
            "交通运输、公安交警、应急管理部门要",
            "、公安",
            "、 公安",
        );
        case("市 生态环境局", "市生态环境局", "市生态", "市 生态");
        case("PM2.5 浓度", "PM2.5浓度", "5浓", "5 浓");
        case("细颗粒物 (PM2.5)", "细颗粒物（PM2.5）", "物（", "物 (");
        case("要求 \t\u{3000}落实", "要求落实", "求落", "求 \t\u{3000}落");
    }

    #[test]
    fn spaces_between_latin_collapse() {
        case("VOCs  and\tNOx", "VOCs and NOx", "s a", "s  a");
        case("ISO\u{A0}14001认证", "ISO 14001认证", " ", "\u{A0}");
        view("   ", 0, " ");
        view("\u{200B}", 0, "");
    }

    #[test]
    fn indentation_and_zero_width_chars() {
        case(
            "\u{3000}\u{3000}一、总体要求",
            "一、总体要求",
            "一、",
            "一、",
        );
        case(
            "\u{FEFF}关于印发方案的通知",
            "关于印发方案的通知",
            "关于",
            "关于",
        );
        case("生态\u{200B}环境", "生态环境", "态环", "态\u{200B}环");
        case("abc\u{200B}def", "abcdef", "cd", "c\u{200B}d");
    }

    #[test]
    fn line_breaks() {
        case(
            "一、总体要求\r\n二、重点任务",
            "一、总体要求\n二、重点任务",
            "求\n二",
            "求\r\n二",
        );
        view("第一行\r第二行", 0, "第一行\n第二行");
        view("落实到位。  \n  （一）", 0, "落实到位。\n（一）");
        view("a \r\n b", 0, "a \n b");
    }

    #[test]
    fn emoji_combining_marks_and_astral_han() {
        view("达标👍 ", 0, "达标👍 ");
        view("e\u{301} 環", 0, "e\u{301}环");
        case("𠀀區域", "𠀀区域", "𠀀区", "𠀀區");
        view("👨\u{200D}👩", 0, "👨\u{200D}👩");
    }

    #[test]
    fn empty_input() {
        let v = view("", 5, "");
        assert!(v.is_empty());
        assert_eq!(v.to_original(0, 0), Span::new(5, 5));
        assert_eq!(v.to_original(3, 9), Span::new(5, 5));
        let b = MatchViewBuilder::default();
        assert!(b.finish().is_empty());
        assert_eq!(fold(""), "");
    }

    #[test]
    fn out_of_range_and_inner_offsets_do_not_panic() {
        let original = "區(qū)政府";
        let v = view(original, 0, "区政府");
        let all = Span::new(0, original.len());
        assert_eq!(v.to_original(0, 100), all);
        assert_eq!(v.to_original(1, 8), all);
        assert_eq!(v.to_original(100, 200), Span::new(all.end, all.end));
        // An empty or reversed range is the empty span where its start char begins.
        assert_eq!(v.to_original(6, 3), Span::new(11, 11));
        assert_eq!(v.to_original(3, 3), Span::new(8, 8));
    }

    #[test]
    fn separators_join_pieces() {
        let doc = "（一）淘汰落後產能。\n市工信局牽頭";
        let second = doc.find('市').unwrap();
        let mut b = MatchViewBuilder::default();
        b.push(&doc[..second - 1], 0);
        b.push_separator('\n', second - 1);
        b.push(&doc[second..], second);
        let v = b.finish();
        assert_eq!(v.text(), "（一）淘汰落后产能。\n市工信局牵头");
        let nl = v.text().find('\n').unwrap();
        assert_eq!(v.to_original(nl, nl + 1), Span::new(second - 1, second - 1));
        let at = v.text().find("产能。\n市工信").unwrap();
        let span = v.to_original(at, at + "产能。\n市工信".len());
        assert_eq!(&doc[span.start..span.end], "產能。\n市工信");
        let at = v.text().find("牵头").unwrap();
        let span = v.to_original(at, at + "牵头".len());
        assert_eq!(&doc[span.start..span.end], "牽頭");
    }

    #[test]
    fn separator_decides_following_space() {
        let mut b = MatchViewBuilder::default();
        b.push("完成", 0);
        b.push_separator('\n', 6);
        b.push("  1. 目标", 7);
        assert_eq!(b.finish().text(), "完成\n 1.目标");
    }

    #[test]
    fn fold_standalone_strings() {
        assert_eq!(fold("市環境保護局"), "市环境保护局");
        assert_eq!(fold("區(qū)縣(市)"), "区县（市）");
        assert_eq!(fold("Ｉ／Ｍ制度"), "I／M制度");
        assert_eq!(fold(" 应急管理局 "), "应急管理局");
    }

    /// Deterministic pseudo-random plans built from awkward pieces: every view range must map
    /// to a well-formed original span, and start offsets must never go backwards.
    #[test]
    fn random_inputs_map_to_valid_spans() {
        const PIECES: &[&str] = &[
            "區", "(", "qū", ")", "（", "）", " ", "\u{3000}", "\u{200B}", "\r", "\n", ",", ":",
            "1", "a", "瞭", "解", "乾", "淨", "é", "\u{301}", "👍", "２", "政府", "、", "𠀀",
            "xiàng", "\u{A0}", "\t", "。", "//",
        ];
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = move |n: usize| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) as usize % n
        };
        for _ in 0..400 {
            let len = next(14);
            let original: String = (0..len).map(|_| PIECES[next(PIECES.len())]).collect();
            let base = next(50);
            let v = MatchView::new(&original, base);
            let bounds: Vec<usize> = (0..=v.text().len())
                .filter(|&i| v.text().is_char_boundary(i))
                .collect();
            let mut last_start = base;
            for &s in &bounds {
                for &e in &bounds {
                    let span = v.to_original(s, e);
                    assert!(span.start <= span.end, "{original:?} {s}..{e}");
                    assert!(span.start >= base && span.end <= base + original.len());
                    assert!(original.is_char_boundary(span.start - base));
                    assert!(original.is_char_boundary(span.end - base));
                }
                let start = v.to_original(s, s).start;
                assert!(start >= last_start, "{original:?} at {s}");
                last_start = start;
            }
        }
    }
}
