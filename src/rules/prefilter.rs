//! One literal pass per paragraph for all `match:` rules: which rules can match where.
//!
//! Every match of a regex rule contains at least one of a small set of literals (`,` for
//! `[\p{Han}）》][ \t]*,`, `锟斤拷` or `烫烫烫` for the mojibake alternatives), and every
//! match of a term list contains one of its terms. All rules' literals go into one
//! Aho-Corasick automaton per rule set; a paragraph is searched once with it, and a rule's own
//! regex or automaton runs only on the paragraphs where one of its literals occurs. Most
//! paragraphs of a plan contain no ASCII comma, no `锟斤拷` and no misused term, so most
//! rules never look at most paragraphs. A rule whose matches need no literal (`\p{Han}{4,}`)
//! runs everywhere, as before: the filter only ever skips paragraphs where the rule cannot
//! match, so findings are the same with and without it.

use std::cmp::Reverse;
use std::sync::{Arc, OnceLock};

use regex_syntax::hir::{Class, Hir, HirKind};

use super::{Matcher, Rule};

mod builtin_literals;
mod literal_index;

use literal_index::LiteralIndex;

/// A class of at most this many characters counts as that many literals; a larger one (a
/// whole script, `[^\n]`) requires nothing. Large enough for the Latin-1 range of the mojibake
/// rule (95 characters) and the pinyin tone vowels (24), which a plan's paragraphs rarely hold:
/// at 16 those rules ran on every paragraph.
const MAX_CLASS_CHARS: usize = 128;

/// A rule needing more literals than this is not worth filtering: its paragraphs would
/// nearly all pass.
const MAX_LITERALS: usize = 256;

/// Characters found in nearly every paragraph of a plan: a literal set without them lets
/// fewer paragraphs through. ASCII digits are among them: years, dates and quantities put
/// one in most paragraphs, and a 发文字号 rule filtered on them rather than on 号 ran its
/// regex on most of a plan.
const COMMON: &str = "，。、；：！？“”（）《》年月日号等的一二三四五六七八九十0123456789";

/// One of [`COMMON`], or one or two ASCII digits (`20` starts every year of the plan).
fn is_common(literal: &[u8]) -> bool {
    let digits = literal.len() <= 2 && literal.iter().all(u8::is_ascii_digit);
    digits
        || std::str::from_utf8(literal)
            .ok()
            .is_some_and(|s| s.chars().count() == 1 && COMMON.contains(s))
}

/// The literals one of which every match of `rule` contains, or `None` when its matches need
/// none (or its matcher is not a regex or a term list).
pub fn required_literals(rule: &Rule) -> Option<Vec<String>> {
    match rule.matcher.as_ref()? {
        Matcher::Regex(re) => {
            let flags = regex_flags(rule.source.matcher.as_deref()?)?;
            regex_literals(re.as_str(), flags)
        }
        Matcher::Terms { terms, .. } => {
            (terms.iter().all(|t| !t.is_empty())).then(|| terms.as_ref().clone())
        }
        Matcher::NearMiss(_) => None,
    }
}

/// The flags of a `match: /pattern/flags` as written, when that is how it was written.
fn regex_flags(written: &str) -> Option<&str> {
    let body = written.strip_prefix('/')?;
    let (_, flags) = body.rsplit_once('/')?;
    flags.chars().all(|c| "imsx".contains(c)).then_some(flags)
}

/// The literals one of which every match of `pattern` (compiled with `flags`, as the rule's
/// regex was) contains: from the table generated for the built-in packs' regexes when it has
/// them (parsing those cost every process ≈9 M instructions), else from the pattern.
fn regex_literals(pattern: &str, flags: &str) -> Option<Vec<String>> {
    match builtin_literals::LITERALS
        .iter()
        .find(|(f, p, _)| *p == pattern && *f == flags)
    {
        Some((_, _, literals)) => literals.map(|l| l.iter().map(|s| s.to_string()).collect()),
        None => parsed_literals(pattern, flags),
    }
}

/// [`regex_literals`] worked out from the pattern's syntax tree.
fn parsed_literals(pattern: &str, flags: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::ParserBuilder::new()
        .case_insensitive(flags.contains('i'))
        .multi_line(flags.contains('m'))
        .dot_matches_new_line(flags.contains('s'))
        .ignore_whitespace(flags.contains('x'))
        .build()
        .parse(pattern)
        .ok()?;
    let set = required(&hir)?;
    let mut out: Vec<String> = set
        .into_iter()
        .map(|b| String::from_utf8(b).ok())
        .collect::<Option<_>>()?;
    out.sort();
    out.dedup();
    (!out.is_empty() && out.iter().all(|l| !l.is_empty())).then_some(out)
}

/// A set of byte strings one of which every match of `h` contains.
fn required(h: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = match h.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(class) => class_literals(class),
        HirKind::Capture(c) => required(&c.sub),
        HirKind::Repetition(r) if r.min == 0 => None,
        HirKind::Repetition(r) => match r.sub.kind() {
            // `，{2,}` needs `，，`, which is much rarer than `，`.
            HirKind::Literal(lit) => Some(vec![lit.0.repeat(r.min.min(4) as usize)]),
            _ => required(&r.sub),
        },
        HirKind::Concat(parts) => parts
            .iter()
            .filter_map(required)
            .max_by_key(|set| selectivity(set)),
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for b in branches {
                all.extend(required(b)?);
            }
            Some(all)
        }
    }?;
    (set.len() <= MAX_LITERALS).then_some(set)
}

/// How few paragraphs a set is likely to let through: fewer common characters first (a
/// space is much rarer in Chinese text than any of `，。、`), then a longer shortest literal,
/// then fewer literals.
fn selectivity(set: &[Vec<u8>]) -> (Reverse<usize>, usize, Reverse<usize>) {
    let common = set.iter().filter(|l| is_common(l)).count();
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (Reverse(common), shortest, Reverse(set.len()))
}

fn class_literals(class: &Class) -> Option<Vec<Vec<u8>>> {
    match class {
        Class::Unicode(c) => {
            let count: usize = c
                .ranges()
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            if count == 0 || count > MAX_CLASS_CHARS {
                return None;
            }
            let chars = c.ranges().iter().flat_map(|r| r.start()..=r.end());
            Some(chars.map(|ch| ch.to_string().into_bytes()).collect())
        }
        Class::Bytes(c) => {
            let count: usize = c
                .ranges()
                .iter()
                .map(|r| usize::from(r.end()) - usize::from(r.start()) + 1)
                .sum();
            if count == 0 || count > MAX_CLASS_CHARS {
                return None;
            }
            let bytes = c.ranges().iter().flat_map(|r| r.start()..=r.end());
            Some(bytes.map(|b| vec![b]).collect())
        }
    }
}

/// The rule set's literal filter, built on first use and shared by every document and
/// thread. Like [`super::LexiconValues`] it remembers which matchers it was built for, so a
/// rule set whose rules change afterwards gets a fresh filter rather than a stale one.
#[derive(Debug, Clone, Default)]
pub struct SharedPrefilter(Arc<OnceLock<Arc<Prefilter>>>);

impl SharedPrefilter {
    /// The filter for `rules`.
    pub fn get(&self, rules: &[Rule]) -> Arc<Prefilter> {
        let built = self.0.get_or_init(|| Arc::new(Prefilter::new(rules)));
        if built.is_for(rules) {
            Arc::clone(built)
        } else {
            Arc::new(Prefilter::new(rules))
        }
    }
}

/// One index over the literals of all filtered rules, and for each literal the rules (by
/// their slot among the filtered ones) that need it.
#[derive(Debug)]
pub struct Prefilter {
    /// Per rule of the set, its slot, or `None` when it is not filtered (runs everywhere).
    slot_of_rule: Vec<Option<usize>>,
    /// Per rule, the address of its matcher, to tell whether the set changed.
    matchers: Vec<usize>,
    literals: LiteralIndex,
    /// Per literal of the index, the slots of the rules that need it.
    slots_of_literal: Vec<Vec<usize>>,
    slots: usize,
}

fn matcher_address(rule: &Rule) -> usize {
    match &rule.matcher {
        Some(Matcher::Regex(re)) => Arc::as_ptr(re) as usize,
        Some(Matcher::Terms { automaton, .. }) => Arc::as_ptr(automaton) as usize,
        Some(Matcher::NearMiss(n)) => Arc::as_ptr(n) as usize,
        None => 0,
    }
}

impl Prefilter {
    pub fn new(rules: &[Rule]) -> Self {
        let mut literals: Vec<String> = Vec::new();
        let mut index: std::collections::HashMap<String, usize> = Default::default();
        let mut slots_of_literal: Vec<Vec<usize>> = Vec::new();
        let mut slot_of_rule = Vec::with_capacity(rules.len());
        let mut slots = 0;
        for rule in rules {
            let Some(needed) = required_literals(rule) else {
                slot_of_rule.push(None);
                continue;
            };
            let slot = slots;
            slots += 1;
            slot_of_rule.push(Some(slot));
            for lit in needed {
                let id = *index.entry(lit.clone()).or_insert_with(|| {
                    literals.push(lit);
                    slots_of_literal.push(Vec::new());
                    literals.len() - 1
                });
                slots_of_literal[id].push(slot);
            }
        }
        Prefilter {
            slot_of_rule,
            matchers: rules.iter().map(matcher_address).collect(),
            literals: LiteralIndex::new(&literals),
            slots_of_literal,
            slots,
        }
    }

    fn is_for(&self, rules: &[Rule]) -> bool {
        self.matchers.len() == rules.len()
            && rules
                .iter()
                .zip(&self.matchers)
                .all(|(r, &m)| matcher_address(r) == m)
    }

    /// Which filtered rules' literals occur in each of `texts`.
    pub fn scan<'t>(&self, texts: impl Iterator<Item = &'t str>) -> Candidates {
        let words = self.slots.div_ceil(64);
        let mut bits = Vec::new();
        let mut count = 0;
        for text in texts {
            let at = bits.len();
            bits.resize(at + words, 0u64);
            count += 1;
            let row = &mut bits[at..];
            self.literals.each_present(text, |lit| {
                for &slot in &self.slots_of_literal[lit] {
                    row[slot / 64] |= 1 << (slot % 64);
                }
            });
        }
        Candidates {
            words,
            bits,
            texts: count,
        }
    }

    /// Rule `rule`'s slot, when it is filtered.
    pub fn slot(&self, rule: usize) -> Option<usize> {
        self.slot_of_rule.get(rule).copied().flatten()
    }
}

/// Per text, the filtered rules whose literals it contains.
#[derive(Debug)]
pub struct Candidates {
    words: usize,
    bits: Vec<u64>,
    texts: usize,
}

impl Candidates {
    /// May the rule in `slot` match in text `text`?
    pub fn may_match(&self, text: usize, slot: usize) -> bool {
        if text >= self.texts {
            return true;
        }
        self.bits[text * self.words + slot / 64] & (1 << (slot % 64)) != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(pattern: &str) -> Option<Vec<String>> {
        regex_literals(pattern, "")
    }

    #[test]
    fn a_literal_next_to_a_large_class_is_required() {
        assert_eq!(lits(r"[\p{Han}）》”’】〕%％][ \t]*,[ \t]*").unwrap(), [","]);
        assert_eq!(
            lits(r"(?:\p{Han}{4,} \p{Han}+)"),
            Some(vec![" ".to_string()])
        );
    }

    #[test]
    fn every_branch_of_an_alternation_contributes() {
        let l = lits(r"\x{FFFD}+|锟斤拷|烫烫烫|[銆鈥][^\n]?").unwrap();
        assert_eq!(l, ["烫烫烫", "鈥", "銆", "锟斤拷", "\u{FFFD}"]);
        // One branch that needs nothing makes the whole pattern unfiltered.
        assert_eq!(lits(r"锟斤拷|\p{Han}{3}"), None);
    }

    #[test]
    fn repeated_literals_and_optional_parts() {
        assert_eq!(lits("，{2,}|、{2,}").unwrap(), ["、、", "，，"]);
        assert_eq!(lits("(?:第)?号"), Some(vec!["号".to_string()]));
        assert_eq!(lits("^$"), None);
    }

    #[test]
    fn flags_change_the_literals() {
        let plain = regex_literals("todo", "").unwrap();
        let folded = regex_literals("todo", "i").unwrap();
        assert_eq!(plain, ["todo"]);
        assert!(folded.len() > 1 || folded[0] != "todo", "{folded:?}");
        assert_eq!(regex_flags("/a b/x"), Some("x"));
        assert_eq!(regex_flags("lexicon(\"x\")"), None);
    }

    #[test]
    fn built_in_match_rules_look_only_where_their_literals_are() {
        let rules = crate::rules::load::builtin().expect("built-in packs");
        let filter = Prefilter::new(&rules.rules);
        let slot = |id: &str| filter.slot(rules.rules.iter().position(|r| r.id == id).unwrap());
        let comma = slot("ascii-comma-in-chinese").expect("filtered on ,");
        let misused = slot("misused-term").expect("filtered on its terms");
        assert_eq!(slot("near-miss-standard-term"), None, "needs no literal");
        let paragraphs = [
            "（一）加强组织领导,落实工作责任。",
            "（二）全面布署秸秆禁烧工作。",
            "（三）加强组织领导，落实工作责任。",
        ];
        let found = filter.scan(paragraphs.into_iter());
        assert!(found.may_match(0, comma));
        assert!(!found.may_match(1, comma));
        assert!(!found.may_match(2, comma));
        assert!(found.may_match(1, misused));
        assert!(!found.may_match(0, misused));
    }

    /// The generated table, rendered from the built-in packs' `match:` regexes now.
    fn builtin_literals_table() -> String {
        let rules = crate::rules::load::builtin().expect("built-in packs");
        let mut keys: Vec<(String, String)> = rules
            .rules
            .iter()
            .filter_map(|r| match &r.matcher {
                Some(Matcher::Regex(re)) => {
                    let flags = regex_flags(r.source.matcher.as_deref()?)?;
                    Some((flags.to_string(), re.as_str().to_string()))
                }
                _ => None,
            })
            .collect();
        keys.sort();
        keys.dedup();
        let mut out = String::from(
            "//! Generated from the built-in packs' `match:` regexes; do not edit. Regenerate with\n\
             //! `PLANLINT_WRITE_PREFILTER_TABLE=1 cargo test --lib rules::prefilter`, which the\n\
             //! test that compares this table with the packs also runs.\n\n\
             /// (flags, pattern, the literals one of which every match contains).\n\
             #[rustfmt::skip]\n\
             pub(super) const LITERALS: &[(&str, &str, Option<&[&str]>)] = &[\n",
        );
        for (flags, pattern) in &keys {
            let literals = match parsed_literals(pattern, flags) {
                Some(l) => format!("Some(&{l:?})"),
                None => "None".to_string(),
            };
            out.push_str(&format!("    ({flags:?}, {pattern:?}, {literals}),\n"));
        }
        out.push_str("];\n");
        out
    }

    #[test]
    fn generated_literals_are_those_of_the_built_in_packs() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/src/rules/prefilter/builtin_literals.rs"
        );
        let expected = builtin_literals_table();
        if std::env::var_os("PLANLINT_WRITE_PREFILTER_TABLE").is_some() {
            std::fs::write(path, &expected).unwrap();
        }
        let written = std::fs::read_to_string(path).unwrap();
        assert!(
            written == expected,
            "builtin_literals.rs is stale; regenerate it with \
             PLANLINT_WRITE_PREFILTER_TABLE=1 cargo test --lib rules::prefilter"
        );
        assert!(builtin_literals::LITERALS.len() > 20);
    }

    #[test]
    fn every_match_contains_a_required_literal() {
        let patterns = [
            r"[\p{Han}）》”’】〕%％][ \t]*;[ \t]*|[^A-Za-z0-9;][ \t]*;[\p{Han}（《“‘【〔]",
            r"(?-u:\b)[0-9]{2}年(?:[0-9]{1,2}月|底)|(?:19|20)[0-9]{2}[—至到][0-9]{2}年",
            r"[…⋯]+等(?:[^待候]|$)",
            r"。{6}|。{3}|[\p{Han}，、；：”’）][ \t]*(?:\.{6}|\.{3})",
        ];
        let texts = [
            "加强领导; 落实责任；",
            "24年6月底前完成，2024至25年",
            "……等工作，⋯等",
            "完成。。。下一步...。",
        ];
        for p in patterns {
            let re = regex::Regex::new(p).unwrap();
            let needed = lits(p).unwrap();
            for t in texts {
                for m in re.find_iter(t) {
                    assert!(
                        needed.iter().any(|l| m.as_str().contains(l.as_str())),
                        "{p}: {:?} contains none of {needed:?}",
                        m.as_str()
                    );
                }
            }
        }
    }
}
