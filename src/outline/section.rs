//! What a section is for, read from its heading.

use std::sync::LazyLock;

use regex::Regex;

use crate::unfiltered::{Unfiltered, unfiltered};

/// The part of a plan a section is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionKind {
    /// 工作目标, 主要目标, 目标任务 (numbers to reach).
    Targets,
    /// 主要任务, 重点任务, 工作措施 and thematic sections made of measures.
    Tasks,
    /// 保障措施, 组织领导, 督促检查, 工作要求.
    Safeguards,
    /// 实施步骤, 时间安排, 进度安排.
    Steps,
    /// 总体要求, 指导思想, 基本原则 and everything else.
    Other,
}

impl SectionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SectionKind::Targets => "targets",
            SectionKind::Tasks => "tasks",
            SectionKind::Safeguards => "safeguards",
            SectionKind::Steps => "steps",
            SectionKind::Other => "other",
        }
    }
}

// Run on headings only, and long alternations of words: cheaper without a prefilter.
const OTHER_PATTERN: &str = r"总体要求|指导思想|原则$|总体思路|工作思路|适用范围|实施范围|整治范围|编制依据|工作依据|背景|现状|形势|重要意义|总则|附则|其他事项|名词解释|组织机构|机构设置|领导机构|工作机构|职责分工$";
static OTHER: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(OTHER_PATTERN));
const STEPS_PATTERN: &str = r"实施步骤|工作步骤|方法步骤|步骤安排|时间安排|进度安排|阶段安排|实施阶段|时间节点|时间进度|工作进度|推进步骤";
static STEPS: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(STEPS_PATTERN));
const SAFEGUARDS_PATTERN: &str = r"保障(?:措施|机制|体系|工作)?$|保障措施|组织保障|组织领导|组织实施|工作要求|有关要求|相关要求|督促检查|督查|督导|考核|监督|问责|追究|宣传引导|舆论引导|工作纪律|信息报送|工作机制|长效机制|要求$";
static SAFEGUARDS: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(SAFEGUARDS_PATTERN));
// Three words: `regex` searches for them alone, with no automaton to build.
static TARGETS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"目标|指标|预期成效").unwrap());
const TASKS_PATTERN: &str = r"任务|措施|重点工作|工作内容|主要内容|工作重点|重点内容|攻坚|行动|整治|整改|治理|建设|推进|提升|重点领域|工作安排|具体工作|清单";
static TASKS: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(TASKS_PATTERN));

/// The kind a heading names, or `None` when it names none (a thematic heading such as
/// 危险化学品和非煤矿山专项整治 is a measure section only by its content).
pub fn classify(heading: &str) -> Option<SectionKind> {
    let h = heading;
    if STEPS.is_match(h) {
        return Some(SectionKind::Steps);
    }
    if h.ends_with("目标要求") {
        return Some(SectionKind::Targets);
    }
    if h.contains("任务") && !h.ends_with("目标任务") && !h.contains("保障") {
        return Some(SectionKind::Tasks);
    }
    if OTHER.is_match(h) {
        return Some(SectionKind::Other);
    }
    if SAFEGUARDS.is_match(h) {
        return Some(SectionKind::Safeguards);
    }
    if TARGETS.is_match(h) {
        return Some(SectionKind::Targets);
    }
    if TASKS.is_match(h) {
        return Some(SectionKind::Tasks);
    }
    None
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&OTHER);
    LazyLock::force(&STEPS);
    LazyLock::force(&SAFEGUARDS);
    LazyLock::force(&TARGETS);
    LazyLock::force(&TASKS);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unfiltered_patterns_match_as_regex_did() {
        for (pattern, re) in [
            (OTHER_PATTERN, &*OTHER),
            (STEPS_PATTERN, &*STEPS),
            (SAFEGUARDS_PATTERN, &*SAFEGUARDS),
            (TASKS_PATTERN, &*TASKS),
        ] {
            crate::unfiltered::assert_same_as_regex(pattern, re);
        }
    }

    #[test]
    fn headings_name_their_kind() {
        use SectionKind::*;
        for (h, k) in [
            ("总体要求", Some(Other)),
            ("指导思想", Some(Other)),
            ("工作目标", Some(Targets)),
            ("主要目标", Some(Targets)),
            ("目标任务", Some(Targets)),
            ("重点任务", Some(Tasks)),
            ("主要任务和分工", Some(Tasks)),
            ("工作措施", Some(Tasks)),
            ("保障措施", Some(Safeguards)),
            ("加强组织领导", Some(Safeguards)),
            ("严格督查考核", Some(Safeguards)),
            ("实施步骤", Some(Steps)),
            ("进度安排", Some(Steps)),
            ("危险化学品和非煤矿山专项整治", Some(Tasks)),
            ("深化产业结构调整，推动产业绿色低碳发展", None),
            ("整改原则", Some(Other)),
            ("整改要求", Some(Safeguards)),
            ("目标要求", Some(Targets)),
            ("强化要素保障", Some(Safeguards)),
            ("健全保障机制", Some(Safeguards)),
            ("着力保障和改善民生", None),
        ] {
            assert_eq!(classify(h), k, "{h}");
        }
    }
}
