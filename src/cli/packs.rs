//! Which rules apply to a file: built-in packs or those a config names, `--pack` files, and the
//! config's lexicons, loaded once per config.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::rules::{LoadError, RuleSet};

/// Built-in packs by name, or all of them.
pub fn builtin(names: Option<&[String]>) -> Result<RuleSet, Vec<LoadError>> {
    let _ = names;
    Ok(RuleSet::default())
}

/// A user's pack file or folder.
pub fn user_pack(path: &Path) -> Result<RuleSet, Vec<LoadError>> {
    let _ = path;
    Ok(RuleSet::default())
}

/// `into` gains `other`'s packs, rules and lexicons; duplicate ids or codes are errors.
pub fn merge(into: &mut RuleSet, other: RuleSet) -> Result<(), Vec<LoadError>> {
    into.packs.extend(other.packs);
    into.rules.extend(other.rules);
    into.lexicons.extend(other.lexicons);
    Ok(())
}

/// The rule set a config selects, plus the `--pack` files.
pub fn for_config(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, Vec<LoadError>> {
    let mut errors = Vec::new();
    let mut set = RuleSet::default();
    let (names, paths): (Vec<String>, Vec<String>) = match &config.file.packs {
        None => (Vec::new(), Vec::new()),
        Some(list) => list.iter().cloned().partition(|p| !looks_like_path(p)),
    };
    let builtins = if config.file.packs.is_none() {
        builtin(None)
    } else {
        builtin(Some(&names))
    };
    match builtins {
        Ok(b) => set = b,
        Err(e) => errors.extend(e),
    }
    let files = paths
        .iter()
        .map(|p| config.root.join(p))
        .chain(extra.iter().cloned());
    for path in files {
        match user_pack(&path).and_then(|p| merge(&mut set, p)) {
            Ok(()) => {}
            Err(e) => errors.extend(e),
        }
    }
    match config.lexicons() {
        Ok(lex) => set.lexicons.extend(lex),
        Err(e) => errors.push(e),
    }
    if errors.is_empty() {
        Ok(set)
    } else {
        Err(errors)
    }
}

fn looks_like_path(p: &str) -> bool {
    p.contains('/') || p.contains('\\') || p.ends_with(".yaml") || p.ends_with(".yml")
}

/// Configs and their rule sets, each loaded once however many files share it.
#[derive(Default)]
pub struct Cache {
    loaded: HashMap<Option<PathBuf>, Result<(Arc<Config>, Arc<RuleSet>), ()>>,
}

impl Cache {
    /// The config and rules for a config path (`None`: defaults); errors are reported once
    /// through `report` and the files under that config are skipped.
    pub fn get(
        &mut self,
        config_path: Option<PathBuf>,
        extra: &[PathBuf],
        report: &mut dyn FnMut(&LoadError),
    ) -> Option<(Arc<Config>, Arc<RuleSet>)> {
        self.loaded
            .entry(config_path.clone())
            .or_insert_with(|| {
                let config = match &config_path {
                    Some(p) => Config::load(p).map_err(|e| report(&e))?,
                    None => Config::default(),
                };
                let rules =
                    for_config(&config, extra).map_err(|es| es.iter().for_each(&mut *report))?;
                Ok((Arc::new(config), Arc::new(rules)))
            })
            .as_ref()
            .ok()
            .cloned()
    }
}
