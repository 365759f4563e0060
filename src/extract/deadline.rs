//! Deadlines (完成时限): where a task says by when it must be done.
//!
//! Input is always the normalised view text (Simplified, full-width Chinese punctuation, ASCII
//! digits, no spaces inside Chinese text); offsets are byte offsets into that text.

use serde::Serialize;

/// How a deadline binds the task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DeadlineKind {
    /// A point in time: 2019年9月底前, 年底前, 6月30日前, 到2025年, 立即, 立行立改.
    Date,
    /// A cycle: 每月, 每季度, 每年, 每月25日前.
    Recurring,
    /// No end: 长期坚持, 持续推进, 常态化.
    Ongoing,
    /// No checkable time: 尽快, 适时, 逐步, 及时.
    Vague,
}

impl DeadlineKind {
    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Date => "date",
            DeadlineKind::Recurring => "recurring",
            DeadlineKind::Ongoing => "ongoing",
            DeadlineKind::Vague => "vague",
        }
    }
}

/// A calendar point as far as the text fixes it; `year` is absent for 6月30日前 or 年底前.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PartialDate {
    pub year: Option<i32>,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

/// One time expression found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeadlineHit {
    /// Byte range in the scanned text.
    pub start: usize,
    pub end: usize,
    pub kind: DeadlineKind,
    /// The date it fixes (kind `Date` only); `None` for 立即 and the like.
    pub date: Option<PartialDate>,
}

impl PartialDate {
    /// ISO date (`YYYY-MM-DD`) of the last day the text allows: 9月底 → the 30th, 上旬 → the
    /// 10th, 年底 → 12-31; a missing year is taken from `plan_year`.
    pub fn iso(&self, _plan_year: Option<i32>) -> Option<String> {
        None
    }
}

/// Every deadline-like expression in `text`, in text order.
pub fn scan(_text: &str) -> Vec<DeadlineHit> {
    Vec::new()
}

/// The deadline of a task whose text is `text`: a 完成时限：/整改时限： label first, else the
/// expression that fixes completion of the main action. `None` when the task has none.
pub fn find(_text: &str) -> Option<DeadlineHit> {
    None
}

/// A table cell or label value that is itself a time limit (“2018年8月底前”, “立行立改，长期坚持”,
/// “每季度”). The hit covers the part of the value that is the deadline.
pub fn classify(_value: &str) -> Option<DeadlineHit> {
    None
}
