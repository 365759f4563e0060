//! Content-keyed caches that let the language server re-read only what an edit touched.
//!
//! Most of the work of reading and linting a plan is a pure function of one piece of text: the
//! matching view of a paragraph, the units and deadline a task's text names, the places a
//! rule's pattern matches in a paragraph. Between two versions of an open document nearly every
//! piece is unchanged, so the server keeps those results keyed by the text itself and recomputes
//! only the pieces it has not seen. Keying by content rather than by position is what makes
//! the result exact: an entry is reused only for the very text it was computed from, so the
//! findings are those of a full lint whatever the edit (a test compares the two after random
//! edits). `check` runs with the caches off: a file is read once, and a cache would only cost.

use crate::wordhash::HashMap;

/// What `compute` returned for each piece of text seen in this run or the last one.
#[derive(Debug)]
pub struct TextMemo<V> {
    /// `None` when caching is off.
    entries: Option<HashMap<Box<str>, Entry<V>>>,
    /// The current run; entries not used in it are dropped by [`TextMemo::sweep`].
    run: u32,
}

#[derive(Debug)]
struct Entry<V> {
    value: V,
    used: u32,
}

impl<V> Default for TextMemo<V> {
    fn default() -> Self {
        TextMemo::off()
    }
}

impl<V> TextMemo<V> {
    /// A memo that keeps nothing: every call computes.
    pub fn off() -> Self {
        TextMemo {
            entries: None,
            run: 0,
        }
    }

    /// A memo that keeps what it computes until a run no longer uses it.
    pub fn on() -> Self {
        TextMemo {
            entries: Some(HashMap::default()),
            run: 0,
        }
    }

    pub fn is_on(&self) -> bool {
        self.entries.is_some()
    }

    /// Reads the value for `key` with `read`, computing it with `compute` the first time.
    pub fn with<R>(
        &mut self,
        key: &str,
        compute: impl FnOnce() -> V,
        read: impl FnOnce(&V) -> R,
    ) -> R {
        let run = self.run;
        let Some(entries) = &mut self.entries else {
            return read(&compute());
        };
        if let Some(entry) = entries.get_mut(key) {
            entry.used = run;
            return read(&entry.value);
        }
        let entry = entries.entry(key.into()).or_insert(Entry {
            value: compute(),
            used: run,
        });
        read(&entry.value)
    }

    /// Ends a run: forgets the pieces of text it did not use, so that the memory held follows
    /// the document as it is now and not every version it has been.
    /// The value kept for `key`, if any, which this run then uses.
    pub fn lookup(&mut self, key: &str) -> Option<&mut V> {
        let run = self.run;
        let entry = self.entries.as_mut()?.get_mut(key)?;
        entry.used = run;
        Some(&mut entry.value)
    }

    /// Keeps `value` for `key`, in place of any kept before; nothing when off.
    pub fn put(&mut self, key: &str, value: V) {
        let run = self.run;
        if let Some(entries) = &mut self.entries {
            entries.insert(key.into(), Entry { value, used: run });
        }
    }

    pub fn sweep(&mut self) {
        let run = self.run;
        if let Some(entries) = &mut self.entries {
            entries.retain(|_, e| e.used == run);
        }
        self.run = run.wrapping_add(1);
    }

    /// How many pieces of text are kept.
    pub fn len(&self) -> usize {
        self.entries.as_ref().map_or(0, HashMap::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<V: Clone> TextMemo<V> {
    /// The value for `key`, computed with `compute` the first time.
    pub fn get(&mut self, key: &str, compute: impl FnOnce() -> V) -> V {
        if !self.is_on() {
            // Not a clone of what nobody keeps.
            return compute();
        }
        self.with(key, compute, V::clone)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_value_is_computed_once_and_forgotten_when_unused() {
        let mut memo = TextMemo::on();
        let mut calls = 0;
        let mut len = |m: &mut TextMemo<usize>, s: &str| {
            m.get(s, || {
                calls += 1;
                s.chars().count()
            })
        };
        assert_eq!(len(&mut memo, "加强组织领导"), 6);
        assert_eq!(len(&mut memo, "加强组织领导"), 6);
        assert_eq!(len(&mut memo, "压实责任"), 4);
        memo.sweep();
        // The next run uses only one of the two texts; the other goes at its end.
        assert_eq!(len(&mut memo, "压实责任"), 4);
        memo.sweep();
        assert_eq!(memo.len(), 1);
        assert_eq!(len(&mut memo, "加强组织领导"), 6);
        assert_eq!(calls, 3);
    }

    #[test]
    fn an_off_memo_computes_every_time_and_keeps_nothing() {
        let mut memo = TextMemo::off();
        let mut calls = 0;
        for _ in 0..3 {
            memo.get("约谈", || {
                calls += 1;
            });
        }
        assert_eq!(calls, 3);
        assert!(memo.is_empty());
    }
}
