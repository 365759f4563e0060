//! The altered-set-phrase rule (PL505) measured: recall on a labelled set of altered phrases in
//! sentence context (tests/fixtures/altered/labelled.txt), and no false alarm on the clean
//! plans (the fixture plans and the sample plan).

use std::path::Path;

fn pl505(text: &str) -> Vec<(String, String)> {
    let options = planlint::Options {
        select: vec!["PL505".into()],
        ..Default::default()
    };
    let linted = planlint::lint_with("方案.txt", text, &options);
    linted
        .diagnostics
        .iter()
        .filter(|d| d.code == "PL505")
        .map(|d| {
            let fix = d
                .fix
                .as_ref()
                .and_then(|f| f.edits.first())
                .map(|e| e.replacement.to_string())
                .unwrap_or_default();
            (linted.text(d).to_string(), fix)
        })
        .collect()
}

fn fixtures() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures"))
}

/// (standard, altered, sentence) rows of a labelled set.
fn rows(name: &str) -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(fixtures().join("altered").join(name)).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{l}");
            assert!(
                f[2].contains(f[1]),
                "the sentence holds the altered form: {l}"
            );
            (f[0].to_string(), f[1].to_string(), f[2].to_string())
        })
        .collect()
}

/// Recall measured on the labelled set when the rule was written: 91 of 130 (70%). The floor
/// leaves room for a table entry removed for precision, not for a broken detector.
const MIN_RECALL: f64 = 0.68;
/// Held-out recall when measured: see the README.
const MIN_HELD_OUT_RECALL: f64 = 0.5;

fn labelled() -> Vec<(String, String, String)> {
    let mut all = rows("labelled.txt");
    all.extend(rows("heldout.txt"));
    all
}

#[test]
fn recall_on_the_labelled_altered_phrases() {
    let labelled = rows("labelled.txt");
    assert!(labelled.len() >= 100, "{} rows", labelled.len());
    check_recall("labelled.txt", &labelled, MIN_RECALL);
}

#[test]
fn recall_on_the_held_out_altered_phrases() {
    check_recall("heldout.txt", &rows("heldout.txt"), MIN_HELD_OUT_RECALL);
}

fn check_recall(name: &str, rows: &[(String, String, String)], floor: f64) {
    let mut found = 0;
    let mut missed = Vec::new();
    for (standard, altered, sentence) in rows {
        let hits = pl505(sentence);
        let clean = sentence.replacen(altered.as_str(), standard, 1);
        let at = sentence.find(altered.as_str()).unwrap();
        let slip = at..at + altered.len();
        // A hit counts when its fix gives the standard sentence back (a longer or shorter set
        // phrase around the same slip is as right: 强化催促检查 → 强化督促检查).
        let right = hits.iter().any(|(text, fix)| {
            sentence.match_indices(text.as_str()).any(|(i, _)| {
                i < slip.end
                    && i + text.len() > slip.start
                    && format!("{}{fix}{}", &sentence[..i], &sentence[i + text.len()..]) == clean
            })
        });
        if right {
            found += 1;
        } else {
            missed.push(format!("{altered}（{standard}）: {hits:?}"));
        }
        // Whatever it reports in a labelled sentence must be on the labelled slip.
        for (text, _) in &hits {
            let on_slip = sentence
                .match_indices(text.as_str())
                .any(|(i, _)| i < slip.end && i + text.len() > slip.start);
            assert!(
                on_slip,
                "{sentence}: reported “{text}”, labelled “{altered}”"
            );
        }
    }
    let recall = found as f64 / rows.len() as f64;
    eprintln!(
        "PL505 recall on {name}: {found}/{} = {:.1}%; missed:\n  {}",
        rows.len(),
        recall * 100.0,
        missed.join("\n  ")
    );
    assert!(recall >= floor, "{name}: recall {recall:.3} below {floor}");
}

#[test]
fn the_standard_phrases_of_the_labelled_set_are_silent() {
    for (standard, altered, sentence) in labelled() {
        let clean = sentence.replacen(&altered, &standard, 1);
        assert_eq!(pl505(&clean), [], "{clean}");
    }
}

#[test]
fn no_false_alarm_on_the_clean_plans() {
    let mut texts = vec![fixtures().join("../../examples/sample-plan.txt")];
    for e in std::fs::read_dir(fixtures()).unwrap() {
        let p = e.unwrap().path();
        if p.is_file() && matches!(p.extension().and_then(|x| x.to_str()), Some("txt" | "md")) {
            texts.push(p);
        }
    }
    assert!(texts.len() >= 10);
    for p in texts {
        let text = std::fs::read_to_string(&p).unwrap();
        let text = text.trim_start_matches('\u{feff}');
        assert_eq!(pl505(text), [], "{}", p.display());
    }
}

#[test]
fn a_document_site_copy_gets_its_spun_phrases_reported() {
    // Sentences in the style of a spun speech from a document-sharing site (the altered words
    // are the spinner's, the rest is invented).
    let text = "\
认真贯彻“五个到位”要求，即任务分解、工作落实、责任履行、催促检查、考核问责五个到位。
要实在做到思想更加重视、行动更加自觉。环境保护和党风廉政建立一样，底线不能碰。
重点行业排污答应证发放情况；错峰消费落实情况。对交办问题整改情况进展核查。
前段时间工作做的比拟扎实，部门一把手要实在履行好牵头职责。
";
    let got: Vec<(String, String)> = pl505(text);
    let want = [
        ("催促检查", "督促检查"),
        ("实在做到", "切实做到"),
        ("党风廉政建立", "党风廉政建设"),
        ("排污答应证", "排污许可证"),
        ("错峰消费", "错峰生产"),
        ("进展核查", "进行核查"),
        ("比拟扎实", "比较扎实"),
        ("实在履行", "切实履行"),
    ];
    let want: Vec<(String, String)> = want
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn quoted_titles_and_traditional_text_are_silent() {
    assert_eq!(pl505("转发《关于加强催逼检查工作的通知》。"), []);
    assert_eq!(pl505("加強催逼檢查，落實安全制造責任。"), []);
}
