//! The scan for what the view keeps as written: the stretches of a Simplified plan that
//! [`super::MatchViewBuilder::push`] copies whole, and the Han chars at their two ends that its
//! run bookkeeping needs.
//!
//! Most of a plan is such stretches, so this loop reads most of every document: it decodes
//! UTF-8 from the bytes itself, asks an 8 KB bitset per char instead of the 256 KB conversion
//! table or the folding rules, and looks for a pinyin bracket only where a Han run ends. The
//! char-by-char scan it replaces stays in the tests as the reference it must equal.

use std::sync::LazyLock;

use super::t2s::char_table;
use super::{fold_char, is_han, is_space};

/// A stretch at the start of a piece that the view keeps exactly as written: no char of it
/// folds, converts or goes, and none starts a pinyin annotation's context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Unchanged {
    /// Byte length of the stretch.
    pub(super) len: usize,
    /// Byte length of its leading Han chars: the stretch's part of the open Han run.
    pub(super) han_head: usize,
    /// Start of its trailing Han chars, which open the next run: the end of its last char
    /// that is not Han, or 0 when it has none.
    pub(super) han_tail: usize,
}

/// ASCII chars the view changes or drops, or that decide how their neighbours fold.
const ASCII_FOLDS: [bool; 128] = {
    let mut folds = [false; 128];
    let mut k = 0;
    let chars = b"\t\x0B\x0C\r ,:();?!";
    while k < chars.len() {
        folds[chars[k] as usize] = true;
        k += 1;
    }
    folds
};

/// One bit per BMP code point.
struct BmpSet([u64; 0x1_0000 / 64]);

impl BmpSet {
    fn contains(&self, cp: u32) -> bool {
        let word = self.0.get((cp / 64) as usize).copied().unwrap_or(0);
        word >> (cp % 64) & 1 != 0
    }

    fn set(&mut self, cp: u32, on: bool) {
        let bit = cp % 64;
        if let Some(word) = self.0.get_mut((cp / 64) as usize) {
            *word = *word & !(1 << bit) | u64::from(on) << bit;
        }
    }
}

/// The BMP chars for which [`keeps_alone`] holds, split by whether they are Han, because
/// only a Han char makes a bracket after it an annotation.
struct KeptAlone {
    han: BmpSet,
    other: BmpSet,
}

/// Built on the first scan, from the same table and rules that the builder's slow path
/// follows; a test holds it equal to [`keeps_alone`] on every BMP char.
static KEPT_ALONE: LazyLock<Box<KeptAlone>> = LazyLock::new(|| {
    let table = char_table();
    let mut kept = Box::new(KeptAlone {
        han: BmpSet([0; 0x1_0000 / 64]),
        other: BmpSet([u64::MAX; 0x1_0000 / 64]),
    });
    for range in BMP_HAN {
        let words = *range.start() as usize / 64..=*range.end() as usize / 64;
        for w in words {
            kept.han.0[w] = han_kept_word(table, w);
            kept.other.0[w] = 0;
        }
    }
    // Asking `keeps_alone` about all 65,536 chars would cost every process millions of
    // instructions; outside Han, only these can be other than kept.
    for c in MAY_FOLD_OR_SPACE.iter().flat_map(|r| r.clone()) {
        kept.other.set(c as u32, keeps_alone(c, table));
    }
    kept
});

/// The BMP Han blocks, which convert through the table; [`is_han`] on the BMP.
const BMP_HAN: [std::ops::RangeInclusive<u32>; 3] =
    [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];

// The sets are built a word at a time over the Han blocks, which start and end on word edges.
const _: () = {
    let mut k = 0;
    while k < BMP_HAN.len() {
        assert!(
            BMP_HAN[k].start().is_multiple_of(64) && (*BMP_HAN[k].end() + 1).is_multiple_of(64)
        );
        k += 1;
    }
};

/// Bits of the 64 Han chars of word `w` that convert to themselves: [`keeps_alone`] on Han,
/// a word at a time, because a bit at a time cost every process most of a million
/// instructions.
fn han_kept_word(table: &[u32], w: usize) -> u64 {
    let base = w * 64;
    let Some(chunk) = table.get(base..base + 64) else {
        return 0;
    };
    chunk
        .iter()
        .zip(base as u32..)
        .enumerate()
        .fold(0, |word, (k, (&to, cp))| word | u64::from(to == cp) << k)
}

/// Every other BMP char that [`is_space`], [`fold_char`] or [`ASCII_FOLDS`] may change.
const MAY_FOLD_OR_SPACE: [std::ops::RangeInclusive<char>; 8] = [
    '\0'..='\u{7F}',
    '\u{A0}'..='\u{A0}',
    '\u{1680}'..='\u{1680}',
    '\u{2000}'..='\u{200B}',
    '\u{202F}'..='\u{202F}',
    '\u{205F}'..='\u{2060}',
    '\u{3000}'..='\u{3000}',
    '\u{FEFF}'..='\u{FFEF}',
];

/// Whether the view keeps the BMP char `c` as written, leaving aside what follows it (a
/// bracket after a Han char may be a pinyin annotation).
fn keeps_alone(c: char, table: &[u32]) -> bool {
    if c.is_ascii() {
        !ASCII_FOLDS[c as usize]
    } else if is_han(c) {
        table.get(c as usize) == Some(&(c as u32))
    } else {
        !is_space(c) && fold_char(c) == c
    }
}

/// UTF-8 length of every BMP Han char.
const HAN_LEN: usize = 3;

/// Whether `rest` starts with `(` or `（` (EF BC 88): after a Han char, a possible annotation.
fn starts_with_bracket(rest: &[u8]) -> bool {
    matches!(rest, [b'(', ..] | [0xEF, 0xBC, 0x88, ..])
}

/// The code point of a three-byte char.
fn decode3(lead: u8, b1: u8, b2: u8) -> u32 {
    u32::from(lead & 0x0F) << 12 | u32::from(b1 & 0x3F) << 6 | u32::from(b2 & 0x3F)
}

/// The stretch at the start of `s` that the view keeps as written.
pub(super) fn unchanged_prefix(s: &str) -> Unchanged {
    let kept = &**KEPT_ALONE;
    let bytes = s.as_bytes();
    let mut i = 0;
    // Start of the first char that is not Han, and end of the last one.
    let mut han_head = None;
    let mut han_tail = 0;
    loop {
        let han_end = kept_han_end(bytes, i, &kept.han);
        let after_han = han_end > i;
        i = han_end;
        // Checked once a Han run ends rather than after every Han char: the run's last char
        // is the only one a bracket can follow, and it is given back.
        if after_han && starts_with_bracket(&bytes[i..]) {
            i -= HAN_LEN;
            break;
        }
        let Some(len) = kept_other_len(s, i, &kept.other) else {
            break;
        };
        han_head.get_or_insert(i);
        i += len;
        han_tail = i;
    }
    Unchanged {
        len: i,
        han_head: han_head.unwrap_or(i),
        han_tail,
    }
}

/// Where the run of kept Han chars from byte `i` ends: the loop most of a Chinese text goes
/// through.
fn kept_han_end(bytes: &[u8], mut i: usize, han: &BmpSet) -> usize {
    while let [lead @ 0xE0..=0xEF, b1, b2, ..] = bytes[i..] {
        if !han.contains(decode3(lead, b1, b2)) {
            break;
        }
        i += HAN_LEN;
    }
    i
}

/// Byte length of the char at byte `i` of `s` when it is not Han and the view keeps it as
/// written.
fn kept_other_len(s: &str, i: usize, other: &BmpSet) -> Option<usize> {
    match s.as_bytes()[i..] {
        [] => None,
        [b @ 0x00..=0x7F, ..] => (!ASCII_FOLDS[usize::from(b)]).then_some(1),
        [lead @ 0xE0..=0xEF, b1, b2, ..] => other.contains(decode3(lead, b1, b2)).then_some(3),
        _ => {
            let c = s[i..].chars().next()?;
            // The conversion table stops at the BMP: astral Han always converts through
            // OpenCC, and no other astral char folds.
            let kept = match c.len_utf8() {
                4 => !is_han(c),
                _ => other.contains(c as u32),
            };
            kept.then_some(c.len_utf8())
        }
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&KEPT_ALONE);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_rng::Rng;

    /// The scan as it was written first, char by char through `str`: the reference the fast
    /// scan must equal.
    fn reference_prefix(s: &str) -> Unchanged {
        let table = char_table();
        let bytes = s.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            if b < 0x80 {
                if ASCII_FOLDS[usize::from(b)] {
                    break;
                }
                i += 1;
                continue;
            }
            let Some(c) = s[i..].chars().next() else {
                break;
            };
            let len = c.len_utf8();
            let kept = if is_han(c) {
                table.get(c as usize) == Some(&(c as u32)) && !s[i + len..].starts_with(['(', '（'])
            } else {
                !is_space(c) && fold_char(c) == c
            };
            if !kept {
                break;
            }
            i += len;
        }
        let stretch = &s[..i];
        Unchanged {
            len: i,
            han_head: i - stretch.trim_start_matches(is_han).len(),
            han_tail: stretch.trim_end_matches(is_han).len(),
        }
    }

    /// Pieces of the texts drafts bring, weighted towards what ends or splits a stretch.
    const PIECES: &[&str] = &[
        "推进",
        "区域",
        "联防联控",
        "政府",
        "。",
        "，",
        "、",
        "；",
        "：",
        "“",
        "”",
        "《",
        "》",
        "區",
        "發",
        "展",
        "國",
        "瞭解",
        "乾淨",
        "么",
        "麼",
        "(qū)",
        "（xiàng）",
        "(",
        "（",
        ")",
        "）",
        "(fā)",
        "（注）",
        "１２",
        "Ａｂ",
        "．",
        "％",
        "｡",
        "､",
        "abc",
        "2024",
        "1,000",
        "10:30",
        "http://x",
        ",",
        ":",
        ";",
        "?",
        "!",
        " ",
        "  ",
        "\t",
        "\u{3000}",
        "\u{A0}",
        "\u{200B}",
        "\u{2060}",
        "\u{FEFF}",
        "\u{2003}",
        "\r\n",
        "\n",
        "\r",
        "𠀀",
        "𪚥",
        "😀",
        "é",
        "·",
        "—",
        "…",
        "①",
        "\u{F900}",
        "\u{FA0E}",
        "\u{4DB5}",
        "\u{3400}",
        "ǚ",
        "\u{304}",
    ];

    fn generated_text(rng: &mut Rng) -> String {
        rng.join(PIECES, 0..24)
    }

    #[test]
    fn fast_scan_equals_the_char_by_char_reference() {
        let mut rng = Rng(11);
        let mut checked = 0;
        for _ in 0..4000 {
            let text = generated_text(&mut rng);
            for (at, _) in text.char_indices() {
                let rest = &text[at..];
                assert_eq!(
                    unchanged_prefix(rest),
                    reference_prefix(rest),
                    "scan of {rest:?}"
                );
                checked += 1;
            }
        }
        assert!(checked > 20_000, "only {checked} starts checked");
    }

    #[test]
    fn the_bitsets_are_keeps_alone() {
        let table = char_table();
        let differ: Vec<char> = (0..0x1_0000)
            .filter_map(char::from_u32)
            .filter(|&c| {
                let kept = keeps_alone(c, table);
                KEPT_ALONE.han.contains(c as u32) != (kept && is_han(c))
                    || KEPT_ALONE.other.contains(c as u32) != (kept && !is_han(c))
            })
            .collect();
        assert!(differ.is_empty(), "bitset wrong on {differ:?}");
    }

    #[test]
    fn every_bmp_char_alone_and_before_a_bracket() {
        for c in (0..0x1_0000).filter_map(char::from_u32) {
            for after in ["", "(", "（", "x", "区"] {
                let text = format!("{c}{after}");
                assert_eq!(
                    unchanged_prefix(&text),
                    reference_prefix(&text),
                    "scan of {text:?}"
                );
            }
        }
    }
}
