//! The bodies of string and regex literals (`dq_chars`, `sq_chars`, `regex_chars`) against
//! the rule they were first written as, `("\\" ~ ANY | !(end | "\\") ~ ANY)*`: the grammar
//! now spells them as runs that pest searches in one step, and must still take exactly the
//! same characters.

use pest::Parser as _;

use super::{Rule, RuleParser};

/// How many bytes `("\\" ~ ANY | !(end | "\\") ~ ANY)*` takes from the start of `text`.
fn body_as_first_written(text: &str, end: char) -> usize {
    let mut chars = text.char_indices().peekable();
    let mut taken = 0;
    while let Some((_, c)) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some((i, escaped)) => taken = i + escaped.len_utf8(),
                None => break,
            }
        } else if c == end {
            break;
        } else {
            taken += c.len_utf8();
        }
    }
    taken
}

/// Every text of up to `len` characters from `alphabet`.
fn all_texts(alphabet: &[char], len: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut last = vec![String::new()];
    for _ in 0..len {
        last = last
            .iter()
            .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
            .collect();
        out.extend(last.iter().cloned());
    }
    out
}

#[test]
fn literal_bodies_take_what_the_first_grammar_took() {
    let alphabet = ['a', '字', '"', '\'', '/', '\\'];
    let texts = all_texts(&alphabet, 5);
    for (rule, end) in [
        (Rule::dq_chars, '"'),
        (Rule::sq_chars, '\''),
        (Rule::regex_chars, '/'),
    ] {
        for text in &texts {
            let taken = RuleParser::parse(rule, text)
                .map(|mut pairs| pairs.next().map_or(0, |p| p.as_str().len()))
                .unwrap_or(0);
            assert_eq!(
                taken,
                body_as_first_written(text, end),
                "{rule:?} on {text:?}"
            );
        }
    }
}
