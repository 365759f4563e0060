//! JSON in serde_json's pretty layout, written by hand: the reports' shapes are fixed, and
//! serde's generic serialiser cost more than a tenth of a whole run on a large file. The
//! bytes are those `serde_json::to_writer_pretty` writes (the tests of each report hold the
//! two side by side).

use std::io::{self, Write};

/// How much JSON is gathered before it goes to the writer: one call per many findings or
/// tasks instead of one per token, and still a bounded amount in memory.
pub(crate) const FLUSH_AT: usize = 64 * 1024;

/// serde_json's `PrettyFormatter` layout: two-space indent, `": "` after a key, an empty
/// array or object as `[]` or `{}`. The text goes to `out` at [`PrettyJson::flush_if_full`],
/// which a report calls between the items of its long arrays.
pub(crate) struct PrettyJson<W: Write> {
    out: W,
    buf: Vec<u8>,
    depth: usize,
    /// Whether the array or object being written has a member yet (it decides the `,` and
    /// whether the closing bracket goes on a line of its own).
    has_value: bool,
}

/// What `write` writes, as a string: for callers that want the whole report in memory.
pub(crate) fn to_string(write: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
    let mut out = Vec::new();
    write(&mut out).expect("writing into memory does not fail");
    String::from_utf8(out).expect("the JSON writer writes UTF-8")
}

impl<W: Write> PrettyJson<W> {
    pub(crate) fn new(out: W) -> Self {
        PrettyJson {
            out,
            buf: Vec::with_capacity(FLUSH_AT + FLUSH_AT / 4),
            depth: 0,
            has_value: false,
        }
    }

    /// A writer for JSON that goes `depth` levels deep into a document written elsewhere:
    /// its line breaks are indented as they would be there.
    pub(crate) fn nested(out: W, depth: usize) -> Self {
        PrettyJson {
            depth,
            ..PrettyJson::new(out)
        }
    }

    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Appends JSON that a [`PrettyJson::nested`] writer produced for this place.
    pub(crate) fn raw(&mut self, json: &[u8]) {
        self.buf.extend_from_slice(json);
        self.has_value = true;
    }

    /// The opening every report shares: `{"version": 1, "files": [`, the files to follow.
    pub(crate) fn begin_files(&mut self) {
        self.begin(b'{');
        self.key("version");
        self.number(1);
        self.key("files");
        self.begin(b'[');
    }

    #[inline]
    pub(crate) fn begin(&mut self, open: u8) {
        self.buf.push(open);
        self.depth += 1;
        self.has_value = false;
    }

    #[inline]
    pub(crate) fn end(&mut self, close: u8) {
        self.depth -= 1;
        if self.has_value {
            self.newline();
        }
        self.buf.push(close);
        // The array or object just closed is a member of the one around it.
        self.has_value = true;
    }

    /// A line break and the indent, as one copy for any depth the reports reach.
    #[inline]
    fn newline(&mut self) {
        const INDENTED: &[u8; 33] = b"\n                                ";
        match INDENTED.get(..1 + 2 * self.depth) {
            Some(line) => self.buf.extend_from_slice(line),
            None => {
                self.buf.push(b'\n');
                self.buf.resize(self.buf.len() + 2 * self.depth, b' ');
            }
        }
    }

    /// Starts the next member of an array (or, through `key`, of an object).
    #[inline]
    pub(crate) fn element(&mut self) {
        if self.has_value {
            self.buf.push(b',');
        }
        self.newline();
        self.has_value = true;
    }

    /// Keys are the reports' own member names, which need no escaping.
    #[inline]
    pub(crate) fn key(&mut self, name: &str) {
        debug_assert!(!name.bytes().any(needs_escape), "key {name:?}");
        self.element();
        self.buf.push(b'"');
        self.buf.extend_from_slice(name.as_bytes());
        self.buf.extend_from_slice(b"\": ");
    }

    #[inline]
    pub(crate) fn null(&mut self) {
        self.buf.extend_from_slice(b"null");
    }

    #[inline]
    pub(crate) fn boolean(&mut self, b: bool) {
        self.buf
            .extend_from_slice(if b { b"true" } else { b"false" });
    }

    #[inline]
    pub(crate) fn number(&mut self, n: usize) {
        push_number(&mut self.buf, n);
    }

    #[inline]
    pub(crate) fn string(&mut self, s: &str) {
        push_string(&mut self.buf, s);
    }

    pub(crate) fn string_or_null(&mut self, s: Option<&str>) {
        match s {
            Some(s) => self.string(s),
            None => self.null(),
        }
    }

    pub(crate) fn flush_if_full(&mut self) -> io::Result<()> {
        if self.buf.len() >= FLUSH_AT {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(())
    }

    /// What was written, for a writer into memory.
    pub(crate) fn into_bytes(self) -> Vec<u8>
    where
        W: Into<Vec<u8>>,
    {
        let mut out: Vec<u8> = self.out.into();
        out.extend_from_slice(&self.buf);
        out
    }

    /// Writes what is left, with the line break every report ends with.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        self.buf.push(b'\n');
        self.out.write_all(&self.buf)
    }
}

fn push_number(buf: &mut Vec<u8>, n: usize) {
    let (digits, from) = number_digits(n);
    buf.extend_from_slice(&digits[from..]);
}

/// A number as serde_json prints it, appended to a `String`.
pub(crate) fn push_number_str(out: &mut String, n: usize) {
    let (digits, from) = number_digits(n);
    digits[from..].iter().for_each(|&d| out.push(char::from(d)));
}

/// The decimal digits of `n`, right-aligned, and where they start.
fn number_digits(mut n: usize) -> ([u8; 20], usize) {
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    (digits, i)
}

fn needs_escape(b: u8) -> bool {
    b < 0x20 || b == b'"' || b == b'\\'
}

/// A JSON string escaped as serde_json escapes it: the two-character forms where JSON has
/// one, `\u00XX` in lowercase hex for the other control characters, all else as it is.
fn push_string(buf: &mut Vec<u8>, s: &str) {
    buf.push(b'"');
    push_escaped(buf, s);
    buf.push(b'"');
}

fn push_escaped(buf: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut run = 0;
    while let Some(i) = next_escape(bytes, run) {
        buf.extend_from_slice(&bytes[run..i]);
        push_escape(buf, bytes[i]);
        run = i + 1;
    }
    buf.extend_from_slice(&bytes[run..]);
}

/// The inside of a JSON string, escaped as [`push_string`] escapes it, appended to a `String`:
/// for JSON written in pieces, such as the language server's diagnostics.
pub(crate) fn push_escaped_str(out: &mut String, s: &str) {
    let mut run = 0;
    while let Some(i) = next_escape(s.as_bytes(), run) {
        out.push_str(&s[run..i]);
        let (escape, len) = escape_of(s.as_bytes()[i]);
        // An escape is ASCII.
        escape[..len].iter().for_each(|&b| out.push(char::from(b)));
        run = i + 1;
    }
    out.push_str(&s[run..]);
}

/// The first byte at or after `from` that JSON escapes. All of them are ASCII, which no
/// byte of a multi-byte UTF-8 char is, so the bytes are tested a word at a time: messages
/// and replacements are most of a report's bytes, and almost none need escaping.
fn next_escape(bytes: &[u8], from: usize) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Non-zero exactly when some byte of `w` is below `n` (for `n` up to 0x80).
    let any_below = |w: u64, n: u8| w.wrapping_sub(ONES * u64::from(n)) & !w & HIGHS;
    let any_equal = |w: u64, b: u8| any_below(w ^ (ONES * u64::from(b)), 1);
    let mut i = from;
    while let Some(word) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(word.try_into().ok()?);
        if any_below(w, 0x20) | any_equal(w, b'"') | any_equal(w, b'\\') != 0 {
            break;
        }
        i += 8;
    }
    let rest = bytes.get(i..)?;
    rest.iter().position(|&b| needs_escape(b)).map(|k| i + k)
}

fn push_escape(buf: &mut Vec<u8>, b: u8) {
    let (escape, len) = escape_of(b);
    buf.extend_from_slice(&escape[..len]);
}

/// The escape serde_json writes for byte `b`, and its length: the two-character form where
/// JSON has one, else `\u00XX` in lowercase hex.
fn escape_of(b: u8) -> ([u8; 6], usize) {
    let short = match b {
        b'"' => b'"',
        b'\\' => b'\\',
        0x08 => b'b',
        b'\t' => b't',
        b'\n' => b'n',
        0x0c => b'f',
        b'\r' => b'r',
        _ => {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            let hex = |n: u8| HEX[usize::from(n)];
            return ([b'\\', b'u', b'0', b'0', hex(b >> 4), hex(b & 0xf)], 6);
        }
    };
    ([b'\\', short, 0, 0, 0, 0], 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time scan must find an escaped byte wherever it falls in a word.
    #[test]
    fn escapes_are_found_at_every_offset() {
        for at in 0..20 {
            for b in (0u8..0x20).chain([b'"', b'\\']) {
                let mut s = "标".repeat(at % 3) + &"a".repeat(at);
                s.push(char::from(b));
                s.push_str("尾巴tail");
                let mut ours = Vec::new();
                push_string(&mut ours, &s);
                assert_eq!(
                    String::from_utf8(ours).unwrap(),
                    serde_json::to_string(&s).unwrap()
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn strings_are_escaped_as_serde_escapes_them(s in r#"(\PC|[\x00-\x1f"\\\x7f])*"#) {
            let mut ours = Vec::new();
            push_string(&mut ours, &s);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), serde_json::to_string(&s).unwrap());
        }

        #[test]
        fn numbers_are_printed_as_serde_prints_them(n in proptest::num::usize::ANY) {
            let mut ours = Vec::new();
            push_number(&mut ours, n);
            proptest::prop_assert_eq!(String::from_utf8(ours).unwrap(), n.to_string());
        }
    }
}
