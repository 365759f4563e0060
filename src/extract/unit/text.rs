//! Small helpers on byte offsets into the view text: characters around a position, brackets
//! and stops, trimming, merged ranges.

pub(super) fn char_at(t: &str, i: usize) -> Option<char> {
    t.get(i..)?.chars().next()
}

pub(super) fn prev_char(t: &str, i: usize) -> Option<char> {
    t.get(..i)?.chars().next_back()
}

pub(super) fn is_open(c: char) -> bool {
    matches!(c, '（' | '(' | '〔' | '【')
}

pub(super) fn is_close(c: char) -> bool {
    matches!(c, '）' | ')' | '〕' | '】')
}

pub(super) fn is_sentence_break(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '\n' | '！' | '？')
}

/// Characters that end a subject being read.
pub(super) fn is_stop(c: char) -> bool {
    matches!(
        c,
        '，' | ','
            | '。'
            | '；'
            | ';'
            | '：'
            | ':'
            | '！'
            | '？'
            | '\n'
            | '“'
            | '”'
            | '"'
            | '《'
            | '》'
            | '…'
            | '—'
            | '/'
            | '／'
    ) || c.is_ascii_digit()
        || is_close(c)
}

pub(super) fn skip_ws(t: &str, mut i: usize) -> usize {
    // A Han character (lead byte E4–E9) is never whitespace: the usual case needs no decoding.
    if t.as_bytes()
        .get(i)
        .is_some_and(|b| (0xE4..=0xE9).contains(b))
    {
        return i;
    }
    while let Some(c) = char_at(t, i) {
        if !c.is_whitespace() || c == '\n' {
            break;
        }
        i += c.len_utf8();
    }
    i
}

/// `(s, e)` without surrounding whitespace.
pub(super) fn trim(t: &str, s: usize, e: usize) -> (usize, usize) {
    let Some(sub) = t.get(s..e) else {
        return (s, s);
    };
    let lead = sub.len() - sub.trim_start().len();
    let trail = sub.len() - sub.trim_end().len();
    if lead == sub.len() {
        (s, s)
    } else {
        (s + lead, e - trail)
    }
}

pub(super) fn floor_boundary(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i -= 1;
    }
    i
}

pub(super) fn ceil_boundary(t: &str, mut i: usize) -> usize {
    i = i.min(t.len());
    while !t.is_char_boundary(i) {
        i += 1;
    }
    i
}

pub(super) fn sort_merge(v: &mut Vec<(usize, usize)>) {
    v.sort_unstable();
    let mut out: Vec<(usize, usize)> = Vec::with_capacity(v.len());
    for &(s, e) in v.iter() {
        match out.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    *v = out;
}

/// Does `(s, e)` overlap one of the sorted, merged `ranges`?
pub(super) fn overlaps(ranges: &[(usize, usize)], s: usize, e: usize) -> bool {
    let k = ranges.partition_point(|r| r.1 <= s);
    ranges.get(k).is_some_and(|r| r.0 < e)
}

/// `s` without one trailing parenthesised part: 各县区人民政府（管委会） → 各县区人民政府.
pub(super) fn strip_trailing_paren(s: &str) -> &str {
    if !s.chars().next_back().is_some_and(is_close) {
        return s;
    }
    let mut depth = 0usize;
    for (i, c) in s.char_indices().rev() {
        if is_close(c) {
            depth += 1;
        } else if is_open(c) {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return s[..i].trim_end();
            }
        }
    }
    s
}

/// The last `k` characters of `s`.
pub(super) fn tail(s: &str, k: usize) -> Option<&str> {
    if k == 0 {
        return Some("");
    }
    s.char_indices().rev().nth(k - 1).map(|(i, _)| &s[i..])
}
