//! The query string of an API request (`?name=方案.docx&today=2025-06-01&packs=plan,format`)
//! and the percent-encoding of download names.

/// The value of `key`, percent-decoded; the last one wins when a key is repeated.
pub fn get(query: &str, key: &str) -> Option<String> {
    query
        .split('&')
        .filter_map(|pair| pair.split_once('=').or(Some((pair, ""))))
        .filter(|(k, _)| percent_decode(k) == key)
        .map(|(_, v)| percent_decode(v))
        .next_back()
}

/// A comma-separated list (`packs=plan,format`), without empty items.
pub fn list(query: &str, key: &str) -> Vec<String> {
    get(query, key)
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default()
}

/// `%E6%96%B9` → 方 and `+` → space, as forms and `URLSearchParams` encode; a malformed
/// escape is kept as written.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && hex_pair(bytes[i + 1], bytes[i + 2]).is_some() => {
                out.extend(hex_pair(bytes[i + 1], bytes[i + 2]));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex_pair(hi: u8, lo: u8) -> Option<u8> {
    let digit = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    Some(digit(hi)? << 4 | digit(lo)?)
}

/// RFC 3986 percent-encoding of everything but unreserved characters (for `filename*`).
pub fn percent_encode(s: &str) -> String {
    crate::report::percent_encode(s, b"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_the_query_string() {
        let name = "青川县 2025年方案（征求意见稿）.docx";
        let query = format!("today=2025-06-01&name={}", percent_encode(name));
        assert_eq!(get(&query, "name").as_deref(), Some(name));
        assert_eq!(get(&query, "today").as_deref(), Some("2025-06-01"));
        assert_eq!(get(&query, "packs"), None);
    }

    #[test]
    fn lists_and_malformed_escapes() {
        assert_eq!(list("packs=plan,%20format,,", "packs"), ["plan", "format"]);
        assert_eq!(percent_decode("100%25+%zz%4"), "100% %zz%4");
        assert_eq!(get("flag", "flag").as_deref(), Some(""));
    }
}
