//! Small character helpers on the view text: delimiters, Han and numeral characters, bounded
//! trimming of spaces, word lists at a position.

pub(super) fn is_delim(c: char) -> bool {
    "，。；：！？、（(【[〔〈\n\r）)】]〕〉:;,!?".contains(c)
}

pub(super) fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c) || ('\u{3400}'..='\u{4dbf}').contains(&c)
}

pub(super) fn is_cn_numeral(c: char) -> bool {
    "〇○零一二三四五六七八九十两百千万".contains(c)
}

/// Which characters may stand before a Chinese-numeral month (三月底前): punctuation, the
/// start, or a word that introduces a time (年, 于, 到…). Anything else makes it part of a word.
pub(super) fn cn_month_prev_ok(c: char) -> bool {
    is_delim(c) || "年于在到至及和与或前底".contains(c) || !(is_han(c) || c.is_ascii_digit())
}

pub(super) fn prev_char(text: &str, pos: usize) -> Option<char> {
    text[..pos].chars().next_back()
}

/// The character before `pos`, skipping at most 8 spaces (a longer run counts as a space).
pub(super) fn prev_nonspace(text: &str, pos: usize) -> Option<char> {
    trim_end_bounded(&text[..pos]).chars().next_back()
}

pub(super) fn next_nonspace(s: &str) -> Option<char> {
    trim_start_bounded(s).chars().next()
}

fn is_space(c: char) -> bool {
    c == ' ' || c == '\u{3000}' || c == '\t'
}

/// `s` without up to 8 leading spaces; bounded so that long runs of blanks stay linear.
pub(super) fn trim_start_bounded(s: &str) -> &str {
    let mut at = 0;
    for (i, c) in s.char_indices().take(8) {
        if !is_space(c) {
            return &s[i..];
        }
        at = i + c.len_utf8();
    }
    &s[at..]
}

pub(super) fn trim_end_bounded(s: &str) -> &str {
    let mut at = s.len();
    for (i, c) in s.char_indices().rev().take(8) {
        if !is_space(c) {
            return &s[..at];
        }
        at = i;
    }
    &s[..at]
}

pub(super) fn starts_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.starts_with(w))
}

pub(super) fn ends_with_any(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.ends_with(w))
}
