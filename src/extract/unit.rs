//! Responsible units (牵头单位 / 配合单位 / 责任单位): who must carry out a task.
//!
//! Input is always the normalised view text; offsets are byte offsets into that text.

use serde::Serialize;

/// The part a unit plays in a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// 牵头, 牵头负责, 总牵头, 牵头督导, 牵头单位：
    Lead,
    /// 配合, 参与, 协助, 配合单位：, the Y of “X会同Y”
    Support,
    /// 负责, 负责落实, 按职责分工负责, 责任单位：, a subject that 要/应/负责…
    Responsible,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Lead => "lead",
            Role::Support => "support",
            Role::Responsible => "responsible",
        }
    }
}

/// One named unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitHit {
    pub start: usize,
    pub end: usize,
    pub role: Role,
    pub generic: bool,
}

/// How a task names its units.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum UnitForm {
    /// （市生态环境局牵头，…配合）, 〔…〕, (由团市委负责)
    Parenthetical,
    /// 责任单位：…, 牵头单位：…；配合单位：… (inline or on a line of its own)
    Label,
    /// 市住建局负责…, 由县农业局具体负责, 县教育局会同县消防救援大队…, 各乡镇要…
    Subject,
}

/// A statement that hands units on to the tasks after it:
/// 以下各项工作均需各县区人民政府落实，不再列出 / …下同.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blanket {
    /// The whole statement (what the ledger quotes as the inherited unit text).
    pub start: usize,
    pub end: usize,
    pub units: Vec<UnitHit>,
}

/// What one text says about units.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct UnitScan {
    /// The units this text names for itself: the first unit group (parenthetical or labels),
    /// else the subject of a sentence. Empty when it names none.
    pub own: Vec<UnitHit>,
    pub form: Option<UnitForm>,
    /// A blanket statement for the tasks that follow (not counted in `own`).
    pub blanket: Option<Blanket>,
    /// 列第一位者为牵头单位 / 列第一位的责任单位为牵头单位（下同）: from here on, the first
    /// unit of a role-less list is the lead.
    pub legend_first_is_lead: bool,
}

/// Scans a task's text (or a heading's, or a cover notice paragraph's).
/// `first_listed_leads` is true once a legend has been seen earlier in the document.
pub fn scan(_text: &str, _first_listed_leads: bool) -> UnitScan {
    UnitScan::default()
}

/// Units of a task-table cell that holds only names (“市生态环境局、市发展改革委”), each given
/// `role` unless the cell itself says otherwise (“市住建局牵头，市财政局配合”).
pub fn parse_cell(_text: &str, _role: Role) -> Vec<UnitHit> {
    Vec::new()
}

/// Is this a non-specific party (各有关部门, 有关部门, 各相关单位, 各级政府, 各县区, 施工单位…)?
pub fn is_generic(_name: &str) -> bool {
    false
}
