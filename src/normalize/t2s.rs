//! Traditional→Simplified one char for one char, as OpenCC `t2s` converts: the per-char table
//! the view reads, and the converter that runs with phrase-sensitive chars go through.
//!
//! The table comes from `t2s_table.rs`, generated ahead of time from OpenCC's own dictionaries
//! (a test proves it still equals what OpenCC gives), because deriving it from the converter
//! at run time cost every process tens of millions of instructions, more than checking a short
//! plan. OpenCC itself is loaded only when a run needs its phrases.

use std::sync::LazyLock;

use ferrous_opencc::OpenCC;
use ferrous_opencc::config::BuiltinConfig;

use super::t2s_table;

/// `t2s` rather than the regional configs: `tw2sp` rewrites vocabulary (網際網路→互联网), which
/// breaks the one-char-for-one-char map, and `tw2s`, although it would turn the mirror sites'
/// 著力 into 着力, also rewrites correct Simplified text (什么→什幺, 卓著→卓着). Mirror sites
/// convert mainland text with a plain s2t, so the Taiwan and Hong Kong tables have little to undo.
pub(super) static CONVERTER: LazyLock<Option<OpenCC>> =
    LazyLock::new(|| OpenCC::from_config(BuiltinConfig::T2s).ok());

/// Characters whose Simplified form depends on the phrase around them in OpenCC's `TSPhrases`
/// (瞭解→了解 but 瞭 alone stays, 乾淨→干净 but 乾隆 stays, 傢俱→家具, 么麼→幺麽). Derived from the
/// ferrous-opencc 0.4 dictionaries: every char of a phrase key whose phrase output differs from
/// its single-char output. A run containing none of them converts char by char with the same
/// result as OpenCC, without OpenCC's per-position dictionary search.
const PHRASE_SENSITIVE: &str = "么乾俱吒噁彷徵於昇沈濛牴畫瞭薹藉衹覆鉅鍊鍾麼麽";

/// Marks a char whose run must go through OpenCC as a whole.
pub(super) const NEEDS_PHRASES: u32 = u32::MAX;

/// Single-char Traditional→Simplified table over the BMP, indexed by code point.
static CHAR_TABLE: LazyLock<Box<[u32]>> = LazyLock::new(table_from_generated);

/// The table: the Simplified code point of each BMP char, or [`NEEDS_PHRASES`]; astral chars
/// are not in it.
pub(super) fn char_table() -> &'static [u32] {
    &CHAR_TABLE
}

fn table_from_generated() -> Box<[u32]> {
    let mut table: Vec<u32> = (0..0x1_0000).collect();
    let mut pairs = t2s_table::ONE_CHAR.chars();
    while let (Some(traditional), Some(simplified)) = (pairs.next(), pairs.next()) {
        table[traditional as usize] = simplified as u32;
    }
    mark_phrase_runs(&mut table, t2s_table::NOT_ONE_CHAR);
    table.into_boxed_slice()
}

fn mark_phrase_runs(table: &mut [u32], chars: &str) {
    for c in chars.chars().chain(PHRASE_SENSITIVE.chars()) {
        if let Some(slot) = table.get_mut(c as usize) {
            *slot = NEEDS_PHRASES;
        }
    }
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&CHAR_TABLE);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The BMP Han blocks the per-char table covers; astral Han always goes through OpenCC.
    const BMP_HAN: [std::ops::RangeInclusive<u32>; 3] =
        [0x3400..=0x4DBF, 0x4E00..=0x9FFF, 0xF900..=0xFAFF];

    /// Each BMP Han char with what OpenCC makes of it alone, when that differs from it.
    fn opencc_singles() -> Vec<(char, String)> {
        let conv = CONVERTER.as_ref().expect("t2s loads");
        let chars: Vec<char> = BMP_HAN
            .iter()
            .flat_map(|r| r.clone())
            .filter_map(char::from_u32)
            .collect();
        // One call with a line per char: no dictionary key contains '\n', so no phrase can
        // join two probes.
        let mut probe = String::with_capacity(chars.len() * 4);
        for &c in &chars {
            probe.push(c);
            probe.push('\n');
        }
        let converted = conv.convert(&probe);
        let lines: Vec<&str> = converted.split('\n').collect();
        assert_eq!(lines.len(), chars.len() + 1, "one line out per char in");
        chars
            .iter()
            .zip(lines)
            .filter(|(c, line)| line.chars().ne(std::iter::once(**c)))
            .map(|(&c, line)| (c, line.to_string()))
            .collect()
    }

    /// The source of `t2s_table.rs` for the given OpenCC results.
    fn render(singles: &[(char, String)]) -> String {
        let mut one = String::new();
        let mut other = String::new();
        for (c, out) in singles {
            let mut chars = out.chars();
            match (chars.next(), chars.next()) {
                (Some(o), None) => {
                    one.push(*c);
                    one.push(o);
                }
                _ => other.push(*c),
            }
        }
        let literal = |s: &str, per_line: usize| {
            let chars: Vec<char> = s.chars().collect();
            let lines: Vec<String> = chars.chunks(per_line).map(|l| l.iter().collect()).collect();
            format!("\"\\\n    {}\"", lines.join("\\\n    "))
        };
        format!(
            "//! Generated from ferrous-opencc's `t2s` char dictionary; do not edit. Regenerate with\n\
             //! `PLANLINT_WRITE_T2S_TABLE=1 cargo test --lib normalize::t2s`, which the test that\n\
             //! compares this table with OpenCC also runs.\n\
             \n\
             /// Pairs of a Traditional char and the one Simplified char OpenCC makes of it alone.\n\
             pub(super) const ONE_CHAR: &str = {};\n\
             \n\
             /// Chars that OpenCC, alone, turns into other than one char.\n\
             pub(super) const NOT_ONE_CHAR: &str = {};\n",
            literal(&one, 64),
            literal(&other, 32),
        )
    }

    /// The table as the converter itself gives it, built the slow way.
    fn table_from_opencc(singles: &[(char, String)]) -> Vec<u32> {
        let mut table: Vec<u32> = (0..0x1_0000).collect();
        let mut other = String::new();
        for (c, out) in singles {
            let mut chars = out.chars();
            match (chars.next(), chars.next()) {
                (Some(o), None) => table[*c as usize] = o as u32,
                _ => other.push(*c),
            }
        }
        mark_phrase_runs(&mut table, &other);
        table
    }

    #[test]
    fn generated_table_is_what_opencc_gives() {
        let singles = opencc_singles();
        if std::env::var_os("PLANLINT_WRITE_T2S_TABLE").is_some() {
            let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/normalize/t2s_table.rs");
            std::fs::write(path, render(&singles)).expect("write t2s_table.rs");
        }
        let expected = table_from_opencc(&singles);
        let generated = table_from_generated();
        let differ: Vec<char> = (0..0x1_0000u32)
            .filter(|&i| expected[i as usize] != generated[i as usize])
            .filter_map(char::from_u32)
            .collect();
        assert!(
            differ.is_empty(),
            "t2s_table.rs disagrees with OpenCC on {} chars (first {:?}); regenerate it with \
             PLANLINT_WRITE_T2S_TABLE=1 cargo test --lib normalize::t2s",
            differ.len(),
            differ.iter().take(10).collect::<String>()
        );
    }
}
