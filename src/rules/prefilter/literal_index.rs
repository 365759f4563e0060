//! The literal search of the prefilter: which of a set of literals occur in a text, with their
//! positions of no interest.
//!
//! An overlapping Aho-Corasick search answered this with a state transition per byte (≈45
//! instructions per byte of a plan). Nearly every character of a plan starts no literal, so
//! here a character costs one bit test on a hash of its bytes, and only the characters whose
//! bit is set are compared with the literals that start with them. A literal of valid UTF-8
//! can only start where a character does, so looking at character starts finds every
//! occurrence the automaton found.

/// The literals, looked up by their first character.
#[derive(Debug)]
pub(super) struct LiteralIndex {
    /// The non-empty literals, grouped by the bit of their first character: those of bit `b`
    /// are `entries[starts[b]..starts[b + 1]]`.
    entries: Vec<Entry>,
    starts: Vec<u32>,
    /// One bit per [`bit_of`] of the first characters: the test made at every character.
    bits: Box<[u64; WORDS]>,
    /// Empty literals occur in every text.
    empty: Vec<usize>,
}

/// A literal as it is compared where its first character's bit is set: the first eight bytes
/// in one comparison, the rest (rarely any) byte by byte.
#[derive(Debug)]
struct Entry {
    first: u32,
    head: u64,
    head_mask: u64,
    rest: Box<[u8]>,
    len: usize,
    literal: usize,
}

/// log2 of the bits in [`LiteralIndex::bits`]: 2 KB, under one per cent of false positives
/// for the few hundred first characters of the built-in packs' literals.
const BITS_LOG: u32 = 14;
const WORDS: usize = (1 << BITS_LOG) / 64;

fn bit_of(key: u32) -> usize {
    (key.wrapping_mul(0x9E37_79B1) >> (32 - BITS_LOG)) as usize
}

impl LiteralIndex {
    pub(super) fn new(literals: &[String]) -> Self {
        let mut entries = Vec::with_capacity(literals.len());
        let mut bits = Box::new([0u64; WORDS]);
        let mut empty = Vec::new();
        for (i, lit) in literals.iter().enumerate() {
            let bytes = lit.as_bytes();
            let Some(first) = first_char_key(bytes) else {
                empty.push(i);
                continue;
            };
            let bit = bit_of(first);
            bits[bit / 64] |= 1 << (bit % 64);
            let n = bytes.len().min(8);
            entries.push(Entry {
                first,
                head: word_at(bytes, 0) & mask_of(n),
                head_mask: mask_of(n),
                rest: bytes[n..].into(),
                len: bytes.len(),
                literal: i,
            });
        }
        entries.sort_by_key(|e| (bit_of(e.first), e.literal));
        let mut starts = vec![0u32; (1 << BITS_LOG) + 1];
        for e in &entries {
            starts[bit_of(e.first) + 1] += 1;
        }
        for b in 0..1 << BITS_LOG {
            starts[b + 1] += starts[b];
        }
        LiteralIndex {
            entries,
            starts,
            bits,
            empty,
        }
    }

    /// Calls `each` once or more with every literal that occurs in `text`.
    pub(super) fn each_present(&self, text: &str, mut each: impl FnMut(usize)) {
        self.empty.iter().for_each(|&i| each(i));
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            let len = crate::rules::near_miss::utf8_len(lead);
            let key = char_key(bytes, i, len);
            let bit = bit_of(key);
            if self.bits[bit / 64] & (1 << (bit % 64)) != 0 {
                self.starting_at(bytes, i, key, bit, &mut each);
            }
            i += len;
        }
    }

    #[inline(never)]
    fn starting_at(
        &self,
        bytes: &[u8],
        at: usize,
        key: u32,
        bit: usize,
        each: &mut impl FnMut(usize),
    ) {
        let entries = &self.entries[self.starts[bit] as usize..self.starts[bit + 1] as usize];
        let word = word_at(bytes, at);
        for e in entries {
            if e.first == key
                && word & e.head_mask == e.head
                && bytes.len() - at >= e.len
                && (e.rest.is_empty() || bytes[at + 8..].starts_with(&e.rest))
            {
                each(e.literal);
            }
        }
    }
}

/// The eight bytes at `at`, zero-padded where the text ends sooner.
#[inline(always)]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => {
            let mut eight = [0u8; 8];
            let tail = &bytes[at..];
            eight[..tail.len()].copy_from_slice(tail);
            u64::from_le_bytes(eight)
        }
    }
}

fn mask_of(len: usize) -> u64 {
    if len >= 8 {
        u64::MAX
    } else {
        (1u64 << (8 * len)) - 1
    }
}

/// The bytes of the character at `at`, `len` bytes long, as a number (zero-padded where the
/// text ends inside it).
#[inline(always)]
fn char_key(bytes: &[u8], at: usize, len: usize) -> u32 {
    let word = match bytes.get(at..at + 4) {
        Some(four) => u32::from_le_bytes([four[0], four[1], four[2], four[3]]),
        None => {
            let mut four = [0u8; 4];
            let tail = &bytes[at..];
            four[..tail.len()].copy_from_slice(tail);
            u32::from_le_bytes(four)
        }
    };
    word & (u32::MAX >> (32 - 8 * len.min(4) as u32))
}

fn first_char_key(bytes: &[u8]) -> Option<u32> {
    let &lead = bytes.first()?;
    Some(char_key(bytes, 0, crate::rules::near_miss::utf8_len(lead)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn present(literals: &[&str], text: &str) -> Vec<usize> {
        let literals: Vec<String> = literals.iter().map(|s| s.to_string()).collect();
        let index = LiteralIndex::new(&literals);
        let mut found = Vec::new();
        index.each_present(text, |i| found.push(i));
        found.sort_unstable();
        found.dedup();
        found
    }

    #[test]
    fn finds_literals_of_every_width_and_overlapping_ones() {
        let lits = [",", "锟斤拷", "不断", "断加强", "𠀀", "é", "不断加强", "\0"];
        assert_eq!(present(&lits, "要不断加强,"), [0, 2, 3, 6]);
        assert_eq!(present(&lits, "乱码锟斤拷𠀀café"), [1, 4, 5]);
        assert_eq!(present(&lits, "全面加强组织领导"), Vec::<usize>::new());
        // A literal cut short by the end of the text is not there.
        assert_eq!(present(&lits, "锟斤"), Vec::<usize>::new());
        assert_eq!(present(&lits, "\0"), [7]);
        // Past the text's end the compared bytes are zeros, which must not match a literal's.
        assert_eq!(present(&["a\0"], "a"), Vec::<usize>::new());
        assert_eq!(present(&["", "x"], "无"), [0]);
    }

    /// The index finds what an overlapping Aho-Corasick search finds, on generated texts.
    #[test]
    fn agrees_with_an_overlapping_automaton() {
        let alphabet: Vec<char> = "不断加强,，。断锟斤拷烫a b\n𠀀éX全面xX".chars().collect();
        let literals: Vec<String> = [
            ",",
            "不断",
            "断加",
            "加强",
            "锟斤拷",
            "烫烫烫",
            "𠀀",
            "é",
            "Xx",
            "面",
            "。。",
            "a b",
            "不断加强组织领导",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let ac = aho_corasick::AhoCorasick::new(&literals).unwrap();
        let index = LiteralIndex::new(&literals);
        let mut seed = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move |below: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % below as u64) as usize
        };
        for _ in 0..3000 {
            let len = next(24);
            // Characters, and now and then a whole literal, to reach the long ones.
            let text: String = (0..len)
                .map(|_| match next(6) {
                    0 => literals[next(literals.len())].clone(),
                    _ => alphabet[next(alphabet.len())].to_string(),
                })
                .collect();
            let mut expected: Vec<usize> = ac
                .find_overlapping_iter(&text)
                .map(|m| m.pattern().as_usize())
                .collect();
            expected.sort_unstable();
            expected.dedup();
            let mut found = Vec::new();
            index.each_present(&text, |i| found.push(i));
            found.sort_unstable();
            found.dedup();
            assert_eq!(found, expected, "{text:?}");
        }
    }
}
