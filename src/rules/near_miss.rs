//! Near misses of standard terms: a run of text as long as a lexicon term that differs from it
//! in one character (two apart, for terms of eight or more) while the rest agrees, such as
//! 党风廉正建设 for 党风廉政建设.
//!
//! Candidates come from one pass over the text for the terms' pieces: a term split into three
//! pieces keeps at least one piece intact under two substitutions, so every near miss contains
//! a piece at a known offset from its start. Each candidate window is then compared character
//! by character. Work is linear in the text times the (small) number of pieces found.

/// A compiled fuzzy lexicon matcher, as `match:` sees it: the near misses of standard terms
/// (`near_misses(lexicon(…))`), or the altered forms of set phrases
/// (`altered_phrases(lexicon(…))`, see [`super::altered`]). Both give spans and the standard
/// form each one misses.
#[derive(Debug)]
pub struct NearMiss(Kind);

#[derive(Debug)]
enum Kind {
    OneOff(OneOff),
    Altered(super::altered::Altered),
}

impl NearMiss {
    /// Near misses of `terms` (see the module documentation).
    pub fn new(terms: &[String]) -> Result<Self, aho_corasick::BuildError> {
        OneOff::new(terms).map(|o| NearMiss(Kind::OneOff(o)))
    }

    /// Altered forms of the set phrases `entries` (`提法` or `提法 => 同义`).
    pub fn altered(entries: &[String]) -> Result<Self, aho_corasick::BuildError> {
        super::altered::Altered::new(entries).map(|a| NearMiss(Kind::Altered(a)))
    }

    /// The standard form a [`Found::term`] names.
    pub fn term(&self, i: usize) -> String {
        match &self.0 {
            Kind::OneOff(o) => o.term(i),
            Kind::Altered(a) => a.phrase(i),
        }
    }

    /// Builds now the tables a search would build on first use (the altered forms of set
    /// phrases, ≈24 M instructions for the built-in list).
    pub fn warm_up(&self) {
        if let Kind::Altered(a) = &self.0 {
            a.forms();
        }
    }

    /// Whether the tables [`NearMiss::warm_up`] builds are built.
    #[cfg(test)]
    pub(crate) fn is_warm(&self) -> bool {
        match &self.0 {
            Kind::OneOff(_) => true,
            Kind::Altered(a) => a.is_built(),
        }
    }

    /// The matches in `text`, leftmost first, never overlapping.
    pub fn find_all(&self, text: &str) -> Vec<Found> {
        match &self.0 {
            Kind::OneOff(o) => o.find_all(text),
            Kind::Altered(a) => a.find_all(text),
        }
    }
}

/// The compiled lexicon of standard terms.
#[derive(Debug)]
struct OneOff {
    terms: Vec<Vec<char>>,
    /// For each piece pattern: (term index, offset of the piece in the term, in characters).
    pieces: Vec<(usize, usize)>,
    /// The piece patterns, as [`PieceIndex`] numbers them.
    index: PieceIndex,
    /// Every term itself, to skip windows that are another standard term.
    exact: std::collections::HashSet<String>,
}

/// One near miss: byte range in the searched text and the term it misses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub start: usize,
    pub end: usize,
    pub term: usize,
}

/// Terms shorter than this are too likely to differ from real words by one character
/// (高质量发展 / 高质量开展).
const MIN_CHARS: usize = 6;

impl OneOff {
    fn new(terms: &[String]) -> Result<Self, aho_corasick::BuildError> {
        let terms: Vec<Vec<char>> = terms
            .iter()
            .map(|t| t.chars().collect::<Vec<_>>())
            .filter(|t| t.len() >= MIN_CHARS)
            .collect();
        let mut patterns = Vec::new();
        let mut pieces = Vec::new();
        for (ti, t) in terms.iter().enumerate() {
            let n = t.len();
            let cuts = [0, n / 3, 2 * n / 3, n];
            for w in cuts.windows(2) {
                if w[1] > w[0] {
                    patterns.push(t[w[0]..w[1]].iter().collect::<String>());
                    pieces.push((ti, w[0]));
                }
            }
        }
        let index = PieceIndex::new(patterns);
        let exact = terms.iter().map(|t| t.iter().collect()).collect();
        Ok(OneOff {
            terms,
            pieces,
            index,
            exact,
        })
    }

    fn term(&self, i: usize) -> String {
        self.terms[i].iter().collect()
    }

    /// The near misses in `text`, leftmost first, never overlapping.
    fn find_all(&self, text: &str) -> Vec<Found> {
        let mut found: Vec<Found> = Vec::new();
        self.index.for_each_overlapping(text, |at, pattern| {
            let (term, offset) = self.pieces[pattern];
            // A piece starts on a character boundary: its first byte is a lead byte.
            let Some(start) = chars_back(text, at, offset) else {
                return;
            };
            if let Some(end) = self.near_miss_end(text, start, &self.terms[term]) {
                found.push(Found { start, end, term });
            }
        });
        leftmost_longest(found)
    }

    /// The end of the window of `term`'s length at byte `start` when that window is a near
    /// miss of `term`: differs in one character (two for long terms), only in Han characters,
    /// never in the first or last one (a changed ending is usually another word: 责任制 /
    /// 责任书), and is not itself a standard term.
    fn near_miss_end(&self, text: &str, start: usize, term: &[char]) -> Option<usize> {
        let allowed = if term.len() >= 8 { 2 } else { 1 };
        // At most `allowed` (two) differences are kept; one more rejects the window.
        let mut diffs = [0usize; 2];
        let mut n_diffs = 0;
        let mut window = text[start..].char_indices();
        for (i, &b) in term.iter().enumerate() {
            let (_, a) = window.next()?;
            if a == b {
                continue;
            }
            if i == 0 || i + 1 == term.len() || !is_han(a) || n_diffs == allowed {
                return None;
            }
            diffs[n_diffs] = i;
            n_diffs += 1;
        }
        let end = window.next().map_or(text.len(), |(i, _)| start + i);
        // Two neighbouring characters changed are another word (社会主义 → 现代主义), not a slip.
        let adjacent = n_diffs == 2 && diffs[1] == diffs[0] + 1;
        if n_diffs == 0 || adjacent {
            return None;
        }
        // 大氣污染防治 is the term in Traditional characters, not a slip.
        let folded = crate::normalize::fold(&text[start..end]);
        (!self.exact.contains(&folded)).then_some(end)
    }
}

/// The pieces of the terms, looked up by their first bytes at each character of a text: one
/// bit test where no piece starts (nearly everywhere), instead of a DFA step for every byte.
#[derive(Debug)]
struct PieceIndex {
    patterns: Vec<String>,
    /// How many first bytes of a pattern make its key: six (two Han characters) or, for a
    /// shorter pattern, its length.
    key_len: usize,
    /// (key, pattern) for every pattern, sorted: a few hundred, searched only where the bit of
    /// a key is set.
    keys: Vec<(u64, usize)>,
    /// One bit per [`piece_bit`] of the keys.
    bits: Box<[u64; PIECE_WORDS]>,
}

/// log2 of the bits in [`PieceIndex::bits`]: 2 KB, about one per cent of false positives for
/// a few hundred pieces.
const PIECE_BITS_LOG: u32 = 14;
const PIECE_WORDS: usize = (1 << PIECE_BITS_LOG) / 64;

fn piece_bit(key: u64) -> usize {
    (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - PIECE_BITS_LOG)) as usize
}

thread_local! {
    /// The pieces found in a text, kept from text to text: a paragraph's search then allocates
    /// nothing.
    static PIECES: std::cell::RefCell<Vec<(usize, usize)>> = std::cell::RefCell::default();
}

impl PieceIndex {
    fn new(patterns: Vec<String>) -> Self {
        let key_len = patterns
            .iter()
            .map(String::len)
            .min()
            .unwrap_or(1)
            .clamp(1, 6);
        let mut keys: Vec<(u64, usize)> = Vec::with_capacity(patterns.len());
        let mut bits = Box::new([0u64; PIECE_WORDS]);
        for (i, p) in patterns.iter().enumerate() {
            let key = key_of(p.as_bytes(), key_len);
            keys.push((key, i));
            let bit = piece_bit(key);
            bits[bit / 64] |= 1 << (bit % 64);
        }
        keys.sort_unstable();
        PieceIndex {
            patterns,
            key_len,
            keys,
            bits,
        }
    }

    /// Calls `each` with every occurrence of every pattern, overlapping: (byte start,
    /// pattern), in the order an overlapping Aho-Corasick search reports them, which decides
    /// which of two terms missed on one span is kept: by end, then longest first, then by
    /// number.
    fn for_each_overlapping(&self, text: &str, mut each: impl FnMut(usize, usize)) {
        PIECES.with_borrow_mut(|out| {
            out.clear();
            self.collect(text.as_bytes(), out);
            out.sort_unstable_by_key(|&(at, p)| {
                let len = self.patterns[p].len();
                (at + len, std::cmp::Reverse(len), p)
            });
            for &(at, p) in out.iter() {
                each(at, p);
            }
        });
    }

    /// The occurrences of the patterns in `bytes`, unordered.
    fn collect(&self, bytes: &[u8], out: &mut Vec<(usize, usize)>) {
        let mask = u64::MAX >> (64 - 8 * self.key_len);
        let mut i = 0;
        // Eight bytes at a time where the text has them, then the few left one by one. The bit
        // test is all the work at nearly every character: it stays inline, the rest does not.
        while let Some(word) = bytes.get(i..).and_then(|b| b.first_chunk::<8>()) {
            let word = u64::from_le_bytes(*word);
            if self.may_start(word & mask) {
                self.starting_at(bytes, i, word & mask, out);
            }
            i += utf8_len(word as u8);
        }
        while i + self.key_len <= bytes.len() {
            let key = key_of(&bytes[i..], self.key_len);
            if self.may_start(key) {
                self.starting_at(bytes, i, key, out);
            }
            i += utf8_len(bytes[i]);
        }
    }

    /// Whether some pattern may have key `key`.
    #[inline(always)]
    fn may_start(&self, key: u64) -> bool {
        let bit = piece_bit(key);
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }

    /// The patterns of key `key` that stand at byte `at` of `bytes`.
    #[inline(never)]
    fn starting_at(&self, bytes: &[u8], at: usize, key: u64, out: &mut Vec<(usize, usize)>) {
        let from = self.keys.partition_point(|&(k, _)| k < key);
        for &(k, p) in &self.keys[from..] {
            if k != key {
                break;
            }
            if bytes[at..].starts_with(self.patterns[p].as_bytes()) {
                out.push((at, p));
            }
        }
    }
}

/// The first `len` (at most eight) bytes of `bytes` as a number.
fn key_of(bytes: &[u8], len: usize) -> u64 {
    let mut word = [0u8; 8];
    let n = bytes.len().min(8);
    word[..n].copy_from_slice(&bytes[..n]);
    u64::from_le_bytes(word) & (u64::MAX >> (64 - 8 * len))
}

/// The length of the UTF-8 sequence that lead byte `b` starts.
#[inline(always)]
pub(super) fn utf8_len(b: u8) -> usize {
    // The number of leading ones of a lead byte, one for ASCII: a table look-up, where
    // comparing with the bounds of each length took three branches per character.
    const LEN: [u8; 256] = {
        let mut len = [1u8; 256];
        let mut b = 0xC0;
        while b < 256 {
            len[b] = if b < 0xE0 {
                2
            } else if b < 0xF0 {
                3
            } else {
                4
            };
            b += 1;
        }
        len
    };
    LEN[b as usize] as usize
}

/// The byte offset `count` characters before byte `at` (a character boundary) of `text`, or
/// `None` when the text starts sooner.
pub(super) fn chars_back(text: &str, at: usize, count: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = at;
    for _ in 0..count {
        at = at.checked_sub(1)?;
        while bytes[at] & 0xC0 == 0x80 {
            at -= 1;
        }
    }
    Some(at)
}

/// The hits that survive when overlaps are resolved: leftmost first and, at the same start,
/// the longest; a hit overlapping one kept is dropped. The sort is stable, so of two hits on
/// the same span the one found first wins.
pub(super) fn leftmost_longest(mut found: Vec<Found>) -> Vec<Found> {
    found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
    let mut out: Vec<Found> = Vec::new();
    for f in found {
        if out.last().is_none_or(|l| f.start >= l.end) {
            out.push(f);
        }
    }
    out
}

/// A Han character of the unified blocks (with extension A and the astral planes).
pub(super) fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{20000}'..='\u{2FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn near(terms: &[&str], text: &str) -> Vec<(String, String)> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_string()).collect();
        let n = NearMiss::new(&terms).unwrap();
        n.find_all(text)
            .into_iter()
            .map(|f| (text[f.start..f.end].to_string(), n.term(f.term)))
            .collect()
    }

    #[test]
    fn one_character_off_inside_the_term() {
        assert_eq!(
            near(
                &["党风廉政建设"],
                "切实加强党风廉正建设，推进全面从严治党。"
            ),
            [("党风廉正建设".to_string(), "党风廉政建设".to_string())]
        );
        assert_eq!(
            near(
                &["习近平新时代中国特色社会主义思想"],
                "深入学习习近平新时代中国特设社会主意思想。"
            ),
            [(
                "习近平新时代中国特设社会主意思想".to_string(),
                "习近平新时代中国特色社会主义思想".to_string()
            )]
        );
    }

    #[test]
    fn exact_terms_other_words_and_changed_ends_are_silent() {
        let terms = ["党风廉政建设", "安全生产责任制", "安全生产责任书"];
        assert!(near(&terms, "推进党风廉政建设，落实安全生产责任制。").is_empty());
        assert!(
            near(&terms, "签订安全生产责任状。").is_empty(),
            "last character"
        );
        assert!(
            near(&terms, "签订安全生产责任书。").is_empty(),
            "another term"
        );
        assert!(
            near(&["党风廉政建设"], "党风廉政 建设").is_empty(),
            "not Han"
        );
        assert!(near(&["党风廉政建设"], "党风").is_empty(), "short text");
        assert!(
            near(&["大气污染防治"], "打好大氣污染防治攻堅戰").is_empty(),
            "Traditional"
        );
    }

    #[test]
    fn a_window_at_either_end_of_the_text_is_found() {
        assert_eq!(
            near(&["党风廉政建设"], "党风廉正建设"),
            [("党风廉正建设".to_string(), "党风廉政建设".to_string())]
        );
        assert!(near(&["党风廉政建设"], "风廉正建设").is_empty());
        assert_eq!(chars_back("a党风", 4, 1), Some(1));
        assert_eq!(chars_back("a党风", 4, 2), Some(0));
        assert_eq!(chars_back("a党风", 4, 3), None);
    }

    use crate::test_rng::Rng;

    const SUBSTITUTES: &[char] = &['正', '设', '意', '氣', '𠀀', 'A', '，', '壬', '的', '豈'];
    const LOOSE: &[&str] = &[
        "的",
        "，",
        "。",
        " ",
        "\n",
        "abc",
        "2025",
        "（",
        "大氣污染防治",
        "😀",
        "建设",
        "党风",
    ];

    /// Terms with up to three characters changed anywhere (ends, neighbours, non-Han
    /// substitutes), cut terms and loose text, in random order.
    fn generated_text(terms: &[Vec<char>], rng: &mut Rng) -> String {
        let mut text = String::new();
        for _ in 0..rng.below(30) {
            let t = &terms[rng.below(terms.len())];
            match rng.below(4) {
                0 => text.extend(t),
                1 => {
                    let mut t = t.clone();
                    for _ in 0..=rng.below(3) {
                        let at = rng.below(t.len());
                        t[at] = SUBSTITUTES[rng.below(SUBSTITUTES.len())];
                    }
                    text.extend(t);
                }
                2 => text.extend(&t[rng.below(t.len())..]),
                _ => text.push_str(LOOSE[rng.below(LOOSE.len())]),
            }
        }
        text
    }

    /// The automaton that found the pieces before [`PieceIndex`].
    fn automaton(o: &OneOff) -> aho_corasick::AhoCorasick {
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&o.index.patterns)
            .unwrap()
    }

    /// The search as it was: an Aho-Corasick automaton and whole-text vectors of characters
    /// and their offsets.
    fn reference_find_all(
        o: &OneOff,
        automaton: &aho_corasick::AhoCorasick,
        text: &str,
    ) -> Vec<Found> {
        let starts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let chars: Vec<char> = text.chars().collect();
        let char_at = |byte: usize| starts.partition_point(|&s| s < byte);
        let mut found: Vec<Found> = Vec::new();
        for m in automaton.find_overlapping_iter(text) {
            let (term, offset) = o.pieces[m.pattern().as_usize()];
            let t = &o.terms[term];
            let Some(first) = char_at(m.start()).checked_sub(offset) else {
                continue;
            };
            let Some(window) = chars.get(first..first + t.len()) else {
                continue;
            };
            if !reference_is_near_miss(o, window, t) {
                continue;
            }
            let start = starts[first];
            let end = starts.get(first + t.len()).copied().unwrap_or(text.len());
            found.push(Found { start, end, term });
        }
        found.sort_by_key(|f| (f.start, std::cmp::Reverse(f.end)));
        let mut out: Vec<Found> = Vec::new();
        for f in found {
            if out.last().is_none_or(|l| f.start >= l.end) {
                out.push(f);
            }
        }
        out
    }

    fn reference_is_near_miss(o: &OneOff, window: &[char], term: &[char]) -> bool {
        let allowed = if term.len() >= 8 { 2 } else { 1 };
        let mut diffs: Vec<usize> = Vec::new();
        for (i, (a, b)) in window.iter().zip(term).enumerate() {
            if a == b {
                continue;
            }
            if i == 0 || i + 1 == term.len() || !is_han(*a) {
                return false;
            }
            diffs.push(i);
            if diffs.len() > allowed {
                return false;
            }
        }
        let adjacent = diffs.windows(2).any(|w| w[1] == w[0] + 1);
        if diffs.is_empty() || adjacent {
            return false;
        }
        let folded = crate::normalize::fold(&window.iter().collect::<String>());
        !o.exact.contains(&folded)
    }

    /// The built-in lexicon of standard terms, as the pack loads it.
    fn standard_terms() -> Vec<String> {
        crate::rules::load::lexicon_words(include_str!("../../rules/lexicons/standard-terms.txt"))
    }

    #[test]
    fn walking_back_from_a_piece_finds_what_the_whole_text_vectors_found() {
        let terms = standard_terms();
        let o = OneOff::new(&terms).unwrap();
        let automaton = automaton(&o);
        let mut rng = Rng(0x5EED);
        let mut hits = 0;
        for _ in 0..5000 {
            let text = generated_text(&o.terms, &mut rng);
            let found = o.find_all(&text);
            assert_eq!(found, reference_find_all(&o, &automaton, &text), "{text}");
            hits += found.len();
        }
        assert!(hits > 500, "the texts hold near misses: {hits}");
    }

    /// Terms that share pieces, differ in one character or hold one another, and one with
    /// other characters than Han: the order of the pieces found decides which of two terms
    /// missed on one span is kept.
    const TANGLED: &[&str] = &[
        "党风廉政建设",
        "党风勤政建设",
        "党风廉洁建设",
        "廉政建设工作",
        "风廉政建设责任",
        "建设建设建设",
        "5G网络建设",
        "大气污染防治",
        "大气污染防治攻坚战",
        "习近平新时代中国特色社会主义思想",
    ];

    #[test]
    fn the_piece_index_finds_the_pieces_the_automaton_found_in_its_order() {
        let lexicon = standard_terms();
        let tangled: Vec<String> = TANGLED.iter().map(|t| t.to_string()).collect();
        let mut rng = Rng(0xC0FFEE);
        for terms in [lexicon, tangled] {
            let o = OneOff::new(&terms).unwrap();
            let automaton = automaton(&o);
            let mut pieces = 0;
            for _ in 0..3000 {
                let text = generated_text(&o.terms, &mut rng);
                let old: Vec<(usize, usize)> = automaton
                    .find_overlapping_iter(&text)
                    .map(|m| (m.start(), m.pattern().as_usize()))
                    .collect();
                let mut new = Vec::new();
                o.index
                    .for_each_overlapping(&text, |at, p| new.push((at, p)));
                assert_eq!(new, old, "{text}");
                assert_eq!(
                    o.find_all(&text),
                    reference_find_all(&o, &automaton, &text),
                    "{text}"
                );
                pieces += old.len();
            }
            assert!(pieces > 10_000, "the texts hold pieces: {pieces}");
        }
    }
}
