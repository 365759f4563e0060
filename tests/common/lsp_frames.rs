//! Reading the server's LSP frames in the tests that drive `planlint lsp` over stdio.

use std::io::BufRead;

use serde_json::Value;

/// The next message the server wrote, or `None` at the end of its output or on a broken frame.
#[allow(dead_code)]
pub fn read_message(reader: &mut impl BufRead) -> Option<Value> {
    serde_json::from_slice(&read_frame(reader)?).ok()
}

/// The body of the next frame the server wrote, unparsed: a client's latency ends when the
/// bytes are in, however long the client then takes to parse them.
pub fn read_frame(reader: &mut impl BufRead) -> Option<Vec<u8>> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length: ") {
            length = v.parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    Some(body)
}
