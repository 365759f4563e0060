//! What kind of document the head makes it: a plan (also when a notice or a news item carries
//! one), a notice, an opinion, news of a meeting, a speech.

use std::sync::LazyLock;

use regex::Regex;

use crate::unfiltered::{Unfiltered, unfiltered};

use super::Header;
use super::title::{PLAN_END, title_core};
use crate::normalize::MatchView;
use crate::outline::DocKind;
use crate::outline::section::{self, SectionKind};

static NEWS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"本报讯|记者|会议(召开|指出|强调|要求|认为|听取|传达)|召开.{0,20}会议|会议.{0,30}召开",
    )
    .unwrap()
});
/// A speech's title ends with what it is; a plan that carries out a speech (贯彻落实…重要讲话
/// 精神实施方案) is not one.
// Run on the title only: cheaper without a prefilter (see `crate::unfiltered`).
const SPEECH_TITLE_PATTERN: &str = r"(讲话|致辞|发言)(提纲|要点|稿|材料|全文)?$";
static SPEECH_TITLE: LazyLock<Unfiltered> = LazyLock::new(|| unfiltered(SPEECH_TITLE_PATTERN));
static SPEECH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"讲话|致辞|发言|同志们").unwrap());
/// A line that hands over a text that follows: 内容如下, 全文如下.
static CARRIES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(内容|全文|原文)如下").unwrap());

/// What the head found about a text the document carries.
#[derive(Debug, Clone, Copy)]
pub(super) struct Carried {
    /// The title at the head is a 通知's.
    pub notice: bool,
    /// Numbered items follow the cover's signature and date: a list (民生实事, 任务分解)
    /// handed over without a title of its own.
    pub list_after_signature: bool,
}

/// The kind, from the head already read and the opening lines.
pub(super) fn kind(h: &Header, views: &[MatchView], title: &str, carried: Carried) -> DocKind {
    let title = title_core(title);
    let opening: String = views
        .iter()
        .take(8)
        .map(|v| v.text())
        .collect::<Vec<_>>()
        .join("\n");
    if SPEECH_TITLE.is_match(&title) {
        return DocKind::Speech;
    }
    if h.plan_title_block.is_some() {
        return if title.ends_with("意见") {
            DocKind::Opinion
        } else {
            DocKind::Plan
        };
    }
    if carried.list_after_signature || carries_plan_body(views, 0) {
        return DocKind::Plan;
    }
    if h.has_cover || carried.notice || title.ends_with("通知") {
        return DocKind::Notice;
    }
    if title.ends_with("意见") {
        return DocKind::Opinion;
    }
    if PLAN_END.is_match(&title) {
        return DocKind::Plan;
    }
    if title.ends_with("召开") || title.ends_with("举行") || NEWS.is_match(&opening) {
        return DocKind::Report;
    }
    if SPEECH.is_match(&opening) {
        return DocKind::Speech;
    }
    if title.ends_with("报告") || title.ends_with("纪要") || title.ends_with("通报") {
        return DocKind::Report;
    }
    DocKind::Other
}

/// A text handed over with 内容如下/全文如下 whose first numbered heading is a plan's
/// (总体要求, 工作目标, 重点任务…), with no title of its own.
fn carries_plan_body(views: &[MatchView], from: usize) -> bool {
    let Some(at) = views
        .iter()
        .take(super::HEAD_BLOCKS)
        .skip(from)
        .position(|v| CARRIES.is_match(v.text()))
    else {
        return false;
    };
    let next = views[from + at + 1..]
        .iter()
        .map(|v| v.text())
        .find(|t| !t.trim().is_empty());
    next.and_then(|t| super::super::marker::find(t).map(|m| t[m.end..].to_string()))
        .and_then(|heading| section::classify(&heading))
        .is_some_and(|k| k != SectionKind::Other || heading_opens_plan(views, from + at + 1))
}

/// 总体要求 and 指导思想 classify as "other" but open a plan.
fn heading_opens_plan(views: &[MatchView], from: usize) -> bool {
    views[from..]
        .iter()
        .map(|v| v.text())
        .find(|t| !t.trim().is_empty())
        .is_some_and(|t| t.contains("总体要求") || t.contains("指导思想"))
}

/// Builds this module's patterns now instead of at their first use: see
/// [`crate::engine::warm_up_reading`].
pub(super) fn warm_up() {
    LazyLock::force(&NEWS);
    LazyLock::force(&SPEECH_TITLE);
    LazyLock::force(&SPEECH);
    LazyLock::force(&CARRIES);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_unfiltered_patterns_match_as_regex_did() {
        crate::unfiltered::assert_same_as_regex(SPEECH_TITLE_PATTERN, &SPEECH_TITLE);
    }
}
