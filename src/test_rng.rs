//! A small deterministic generator (splitmix64) for the unit tests that compare a matcher or
//! reader with its reference on generated texts: the texts are the same on every run.

pub(crate) struct Rng(pub u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A text of `counts.start` to `counts.end - 1` pieces picked from `pieces`.
    pub(crate) fn join(&mut self, pieces: &[&str], counts: std::ops::Range<usize>) -> String {
        let n = counts.start + self.below(counts.end - counts.start);
        (0..n).map(|_| *self.pick(pieces)).collect()
    }
}
