//! planlint: checks draft Chinese government work plans (工作方案、实施方案、行动计划) and
//! extracts their task ledger (任务清单 / 责任清单 / 时限清单).

pub mod extract;
pub mod input;
pub mod normalize;
pub mod outline;
pub mod source;
