//! What the benches measure on: the repository's own plan texts.

/// The plan texts of examples/ and tests/fixtures/ (`.txt`, `.md`), sorted by path, without
/// BOM and with LF line ends.
pub fn fixture_texts() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        for e in std::fs::read_dir(root.join(dir)).expect("fixture folder") {
            let p = e.expect("entry").path();
            if matches!(p.extension().and_then(|x| x.to_str()), Some("txt" | "md")) {
                paths.push(p);
            }
        }
    }
    paths.sort();
    paths
        .iter()
        .map(|p| {
            let text = std::fs::read_to_string(p).expect("UTF-8 fixture");
            text.trim_start_matches('\u{feff}').replace("\r\n", "\n")
        })
        .collect()
}
