//! Which rules apply to a file: built-in packs or those a config names, `--pack` files, and the
//! config's lexicons, loaded once per config.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use crate::config::Config;
use crate::rules::load::{self, Loader};
use crate::rules::{LoadError, RuleSet};

/// The built-in packs and the given pack files.
pub fn builtin_and(files: &[PathBuf], builtins: bool) -> Result<RuleSet, Vec<LoadError>> {
    let mut loader = Loader::new();
    if builtins {
        loader.builtins();
    }
    for f in files {
        loader.path(f);
    }
    loader.finish()
}

/// The rule set a config selects, plus the `--pack` files.
pub fn for_config(config: &Config, extra: &[PathBuf]) -> Result<RuleSet, Vec<LoadError>> {
    let mut errors = Vec::new();
    let mut loader = Loader::new();
    match config.lexicons() {
        Ok(lex) => {
            loader.lexicons(lex);
        }
        Err(e) => errors.push(e),
    }
    match &config.file.packs {
        None => {
            loader.builtins();
        }
        Some(list) => {
            for p in list {
                if looks_like_path(p) {
                    loader.path(&config.root.join(p));
                } else if !loader.builtin(p) {
                    errors.push(unknown_pack(config, p));
                }
            }
        }
    }
    for path in extra {
        loader.path(path);
    }
    match loader.finish() {
        Ok(set) if errors.is_empty() => Ok(set),
        Ok(_) => Err(errors),
        Err(e) => {
            errors.extend(e);
            Err(errors)
        }
    }
}

fn unknown_pack(config: &Config, name: &str) -> LoadError {
    let path = config
        .path
        .as_ref()
        .map_or(String::new(), |p| p.display().to_string());
    let text = config
        .path
        .as_ref()
        .and_then(|p| std::fs::read_to_string(p).ok())
        .unwrap_or_default();
    let at = text.find(name).unwrap_or(0);
    LoadError {
        file: Arc::from(path),
        span: at..(at + name.len()).min(text.len()),
        source_text: Arc::new(text),
        message: format!("没有名为“{name}”的内置规则包"),
        help: Some(format!(
            "内置规则包有：{}；规则文件请写路径，如“./{name}.yaml”",
            load::builtin_names().join("、")
        )),
    }
}

fn looks_like_path(p: &str) -> bool {
    p.contains('/') || p.contains('\\') || p.ends_with(".yaml") || p.ends_with(".yml")
}

/// A config with the rules it selects.
type Loaded = (Arc<Config>, Arc<RuleSet>);

/// Configs and their rule sets, each loaded once however many files share it.
#[derive(Default)]
pub struct Cache {
    loaded: HashMap<Option<PathBuf>, Option<Loaded>>,
}

impl Cache {
    /// The config and rules for a config path (`None`: defaults); errors are reported once
    /// through `report` and the files under that config are skipped.
    pub fn get(
        &mut self,
        config_path: Option<PathBuf>,
        extra: &[PathBuf],
        report: &mut dyn FnMut(&LoadError),
    ) -> Option<Loaded> {
        self.loaded
            .entry(config_path.clone())
            .or_insert_with(|| {
                let config = match &config_path {
                    Some(p) => match Config::load(p) {
                        Ok(c) => c,
                        Err(e) => {
                            report(&e);
                            return None;
                        }
                    },
                    None => Config::default(),
                };
                match for_config(&config, extra) {
                    Ok(rules) => Some((Arc::new(config), Arc::new(rules))),
                    Err(es) => {
                        es.iter().for_each(&mut *report);
                        None
                    }
                }
            })
            .clone()
    }
}
