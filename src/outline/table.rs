//! Task tables (重点任务分解表, 任务清单, 责任分工表): which column holds what.

/// What a column of a task table holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Number,
    Task,
    Measures,
    Lead,
    Support,
    Responsible,
    Deadline,
    Other,
}

/// Column roles of a header row, or `None` when the row does not head a task table: it needs a
/// task (or measures) column and a unit or deadline column.
pub fn header(cells: &[&str]) -> Option<Vec<Column>> {
    let cols: Vec<Column> = cells.iter().map(|c| column(c)).collect();
    let has_task = cols
        .iter()
        .any(|c| matches!(c, Column::Task | Column::Measures));
    let has_fact = cols.iter().any(|c| {
        matches!(
            c,
            Column::Lead | Column::Support | Column::Responsible | Column::Deadline
        )
    });
    (has_task && has_fact).then_some(cols)
}

fn column(cell: &str) -> Column {
    let c: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*')
        .collect();
    let is = |names: &[&str]| names.iter().any(|n| c == *n);
    let has = |names: &[&str]| names.iter().any(|n| c.contains(n));
    if is(&["序号", "编号", "序", "No.", "NO."]) {
        Column::Number
    } else if has(&["牵头单位", "牵头部门", "主责单位", "牵头责任单位"]) {
        Column::Lead
    } else if has(&[
        "配合单位",
        "配合部门",
        "协办单位",
        "参与单位",
        "协同单位",
        "协助单位",
    ]) {
        Column::Support
    } else if has(&["责任单位", "责任部门", "责任主体", "承办单位", "实施单位"])
    {
        Column::Responsible
    } else if has(&[
        "完成时限",
        "完成时间",
        "时间节点",
        "计划节点",
        "整改时限",
        "进度安排",
        "完成期限",
        "时限",
        "时间安排",
        "截止时间",
    ]) {
        Column::Deadline
    } else if has(&["措施", "主要内容", "具体内容", "工作举措", "工作要求"]) {
        Column::Measures
    } else if has(&[
        "任务",
        "事项",
        "重点工作",
        "工作内容",
        "项目名称",
        "存在问题",
        "问题",
    ]) {
        Column::Task
    } else {
        Column::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_table_headers_are_recognised_with_synonyms() {
        use Column::*;
        assert_eq!(
            header(&[
                "序号",
                "重点任务",
                "具体措施",
                "牵头单位",
                "配合单位",
                "完成时限"
            ]),
            Some(vec![Number, Task, Measures, Lead, Support, Deadline])
        );
        assert_eq!(
            header(&["编号", "存在问题", "整改措施", "责任部门", "整改时限"]),
            Some(vec![Number, Task, Measures, Responsible, Deadline])
        );
        assert_eq!(header(&["序号", "县区", "PM2.5浓度目标"]), None);
    }
}
