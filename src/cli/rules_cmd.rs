//! `planlint rules list | explain ID | test [PACK…]`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;

use super::check::{render_load_error, system_today};
use super::packs;
use crate::engine;
use crate::rules::{Rule, RuleSet};

#[derive(Debug, Subcommand)]
pub enum RulesAction {
    /// 列出规则：代码、id、级别、范围、所属规则包
    List {
        /// 另外加载的规则包文件
        #[arg(long = "pack")]
        packs: Vec<PathBuf>,
    },
    /// 说明一条规则：用途、示例、修复方式
    Explain {
        /// 规则 id 或代码
        rule: String,
        #[arg(long = "pack")]
        packs: Vec<PathBuf>,
    },
    /// 运行规则自带的示例：invalid 必须触发，valid 必须不触发
    Test {
        /// 要测试的规则包文件；省略时测试全部内置规则
        packs: Vec<PathBuf>,
    },
}

pub fn run(action: RulesAction) -> ExitCode {
    match action {
        RulesAction::List { packs } => with_rules(None, &packs, |set| {
            print!("{}", list(set));
            ExitCode::SUCCESS
        }),
        RulesAction::Explain { rule, packs } => with_rules(None, &packs, |set| {
            match set.rules.iter().find(|r| r.id == rule || r.code == rule) {
                Some(r) => {
                    print!("{}", explain(r));
                    ExitCode::SUCCESS
                }
                None => {
                    eprintln!(
                        "planlint: 没有 id 或代码为“{rule}”的规则；运行 planlint rules list 查看全部规则"
                    );
                    ExitCode::from(2)
                }
            }
        }),
        RulesAction::Test { packs } => {
            let only_user = !packs.is_empty();
            with_rules(Some(only_user), &packs, |set| {
                let (report, failed) = test(set);
                print!("{report}");
                if failed {
                    ExitCode::from(1)
                } else {
                    ExitCode::SUCCESS
                }
            })
        }
    }
}

/// Loads the built-in packs (unless `only_user`) and the given pack files, then runs `f`.
fn with_rules(
    only_user: Option<bool>,
    files: &[PathBuf],
    f: impl FnOnce(&RuleSet) -> ExitCode,
) -> ExitCode {
    match packs::builtin_and(files, only_user != Some(true)) {
        Ok(set) => f(&set),
        Err(errors) => {
            for e in &errors {
                eprint!("{}", render_load_error(e));
            }
            ExitCode::from(2)
        }
    }
}

pub fn list(set: &RuleSet) -> String {
    let mut out = format!(
        "{:<8}{:<34}{:<9}{:<10}{}\n",
        "代码", "id", "级别", "范围", "规则包"
    );
    let mut rules: Vec<&Rule> = set.rules.iter().collect();
    rules.sort_by(|a, b| a.code.cmp(&b.code));
    for r in rules {
        out.push_str(&format!(
            "{:<10}{:<36}{:<11}{:<12}{}\n",
            r.code,
            r.id,
            r.severity.as_str(),
            r.scope.as_str(),
            r.pack
        ));
    }
    out
}

pub fn explain(r: &Rule) -> String {
    let mut out = format!(
        "{} {}（{}，{}，规则包 {}）\n\n",
        r.code,
        r.id,
        r.severity.as_str(),
        r.scope.as_str(),
        r.pack
    );
    if let Some(d) = &r.description {
        out.push_str(d.trim_end());
        out.push_str("\n\n");
    }
    let s = &r.source;
    if let Some(w) = &s.when {
        out.push_str(&format!("条件：{w}\n"));
    }
    if let Some(m) = &s.matcher {
        out.push_str(&format!("匹配：{m}\n"));
    }
    out.push_str(&format!("提示：{}\n", s.message));
    if let Some(h) = &s.help {
        out.push_str(&format!("建议：{h}\n"));
    }
    if let Some(f) = &s.fix {
        let how = match r.applicability {
            crate::rules::Applicability::Safe => "安全修复，--fix 自动应用",
            crate::rules::Applicability::Unsafe => "需人工确认，--unsafe-fixes 时应用",
        };
        out.push_str(&format!("修复：替换为“{f}”（{how}）\n"));
    }
    for (title, list) in [
        ("会触发的示例", &r.examples.invalid),
        ("不会触发的示例", &r.examples.valid),
    ] {
        for (i, ex) in list.iter().enumerate() {
            out.push_str(&format!("\n{title} {}：\n", i + 1));
            for line in ex.lines() {
                out.push_str(&format!("    {line}\n"));
            }
        }
    }
    out
}

/// Runs every rule's examples; the report and whether any failed.
pub fn test(set: &RuleSet) -> (String, bool) {
    let today = system_today();
    let mut out = String::new();
    let (mut passed, mut failed) = (0, 0);
    for r in &set.rules {
        let failures = engine::run_examples(r, set, today);
        let total = r.examples.invalid.len() + r.examples.valid.len();
        if failures.is_empty() {
            passed += total;
            continue;
        }
        failed += failures.len();
        passed += total - failures.len();
        for f in failures {
            let what = if f.expected_to_fire {
                format!("会触发的示例 {} 没有触发", f.index + 1)
            } else {
                format!("不会触发的示例 {} 触发了 {} 次", f.index + 1, f.found)
            };
            out.push_str(&format!("失败 {} {}：{what}\n", r.code, r.id));
        }
    }
    out.push_str(&format!("{passed} passed, {failed} failed\n"));
    (out, failed > 0)
}
