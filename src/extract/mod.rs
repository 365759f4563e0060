//! Facts with spans: who is responsible for each task and by when, the accountability clauses
//! and the quantified targets of a plan.
//!
//! Each task is read once through one matching view of its text; inheritance (an ancestor's
//! parenthetical, a blanket statement, fields stated for an enclosing item, a legend saying the
//! first listed unit leads) is resolved in the same single pass over the document.

pub mod accountability;
pub mod deadline;
pub mod target;
pub mod unit;

// Keyed by block and item indexes: the multiplicative hash, not SipHash, which cost ≈1.5 M
// instructions of a 1 MB plan's extraction in the per-block lookups.
use crate::wordhash::{HashMap, HashSet};

pub use deadline::DeadlineKind;
pub use unit::Role;

use crate::memo::TextMemo;
use crate::normalize::{MatchView, MatchViewBuilder};
use crate::outline::{Document, SectionKind, Task, is_label_line};
use crate::source::Span;

/// Whether a fact is stated in the task's own text or carried over from elsewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FactSource {
    Own,
    Inherited,
}

impl FactSource {
    pub fn as_str(self) -> &'static str {
        match self {
            FactSource::Own => "own",
            FactSource::Inherited => "inherited",
        }
    }
}

/// A unit named for a task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// The name as written.
    pub name: Span,
    pub role: Role,
    pub source: FactSource,
    pub generic: bool,
    /// For an inherited unit: the statement or heading it was carried over from.
    pub from: Option<Span>,
}

/// A task's deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deadline {
    pub span: Span,
    pub kind: DeadlineKind,
    /// ISO date where the text fixes one (the plan's year fills a missing year).
    pub date: Option<String>,
    pub source: FactSource,
    /// For an inherited deadline: the field line it was carried over from.
    pub from: Option<Span>,
}

/// The facts of one task (parallel to `Document::tasks`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskFacts {
    pub units: Vec<UnitRef>,
    pub deadline: Option<Deadline>,
}

/// Everything extracted from a document.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub tasks: Vec<TaskFacts>,
    /// Sentences stating consequences for failure.
    pub accountability: Vec<Span>,
    /// Clauses with quantified targets (in target sections).
    pub targets: Vec<Span>,
}

/// Units handed on by a blanket statement, with the section it covers (`None`: the document).
struct ActiveBlanket {
    scope: Option<usize>,
    units: Vec<UnitRef>,
}

/// Units and a deadline stated for an enclosing item, inherited by the tasks under it.
#[derive(Default, Clone)]
struct ItemFields {
    units: Vec<UnitRef>,
    deadline: Option<Deadline>,
}

/// Reads all facts of a document in one pass.
pub fn extract(doc: &Document) -> Facts {
    extract_with(doc, &mut Memo::default())
}

/// What extraction keeps between versions of an open document: the unit and deadline scans
/// of each task text (see [`crate::memo`]).
#[derive(Debug, Default)]
pub struct Memo {
    /// By whether a legend (列第一位者为牵头单位) is in force before the text.
    scans: [TextMemo<unit::UnitScan>; 2],
    deadlines: TextMemo<Option<deadline::DeadlineHit>>,
}

impl Memo {
    /// A memo that keeps its scans between runs.
    pub fn on() -> Self {
        Memo {
            scans: [TextMemo::on(), TextMemo::on()],
            deadlines: TextMemo::on(),
        }
    }

    /// Ends a run: forgets the scans of texts the document no longer has.
    pub fn sweep(&mut self) {
        self.scans.iter_mut().for_each(TextMemo::sweep);
        self.deadlines.sweep();
    }
}

/// [`extract`], reusing and keeping the scans in `memo`.
pub fn extract_with(doc: &Document, memo: &mut Memo) -> Facts {
    let mut x = Extractor::new(doc, memo);
    x.run();
    Facts {
        tasks: x.task_facts,
        accountability: x.accountability,
        targets: x.targets,
    }
}

struct Extractor<'d, 'm> {
    doc: &'d Document,
    memo: &'m mut Memo,
    plan_year: Option<i32>,
    legend: bool,
    blankets: Vec<ActiveBlanket>,
    fields: HashMap<usize, ItemFields>,
    /// Field lines that state an enclosing item's units and deadline though they follow its
    /// last numbered sub-measure.
    moved: HashSet<usize>,
    task_facts: Vec<TaskFacts>,
    accountability: Vec<Span>,
    targets: Vec<Span>,
}

impl<'d, 'm> Extractor<'d, 'm> {
    fn new(doc: &'d Document, memo: &'m mut Memo) -> Self {
        Extractor {
            doc,
            memo,
            plan_year: doc.plan_year(),
            legend: false,
            blankets: Vec::new(),
            fields: HashMap::default(),
            moved: enclosing_field_lines(doc),
            task_facts: vec![TaskFacts::default(); doc.tasks.len()],
            accountability: Vec::new(),
            targets: Vec::new(),
        }
    }

    fn run(&mut self) {
        let doc = self.doc;
        // Four bytes a block: the table lives through the whole extraction, at the peak of a
        // large file's reading.
        let mut first_block_of: Vec<Option<u32>> = vec![None; doc.blocks.len()];
        let mut in_task = vec![false; doc.blocks.len()];
        for (t, task) in doc.tasks.iter().enumerate() {
            first_block_of[task.parts[0].0] = u32::try_from(t).ok();
            for p in &task.parts {
                in_task[p.0] = true;
            }
        }
        let target_blocks = target_blocks(doc);
        for b in 0..doc.blocks.len() {
            let view = &doc.views[b];
            for (s, e) in accountability::clauses(view.text()) {
                self.accountability.push(view.to_original(s, e));
            }
            if target_blocks.contains(&b) {
                for (s, e) in target::clauses(view.text()) {
                    self.targets.push(view.to_original(s, e));
                }
            }
            if let Some(t) = first_block_of[b] {
                self.task(t as usize);
            } else if !in_task[b] {
                self.context_block(b);
            } else if self.moved.contains(&b) {
                // An enclosing item's field line is read with the item, not with the task it
                // follows; a legend on it (列第一位者为牵头单位，下同) still holds from here on.
                self.legend_from(b);
            }
        }
    }

    /// What `text` says about units, with the legend now in force.
    fn scan(&mut self, text: &str) -> unit::UnitScan {
        self.read_scan(text, unit::UnitScan::clone)
    }

    /// [`Self::scan`], read where it is kept rather than copied out.
    fn read_scan<R>(&mut self, text: &str, read: impl FnOnce(&unit::UnitScan) -> R) -> R {
        let legend = self.legend;
        self.memo.scans[usize::from(legend)].with(text, || unit::scan(text, legend), read)
    }

    fn find_deadline(&mut self, text: &str) -> Option<deadline::DeadlineHit> {
        self.memo.deadlines.get(text, || deadline::find(text))
    }

    /// A block that is no task's text: it may still set a legend or hand units on.
    fn context_block(&mut self, b: usize) {
        let view = &self.doc.views[b];
        if !unit::may_hand_on(view.text()) {
            return;
        }
        let (legend_first_is_lead, blanket) = self.read_scan(view.text(), |scan| {
            (scan.legend_first_is_lead, scan.blanket.clone())
        });
        self.legend |= legend_first_is_lead;
        if let Some(blanket) = &blanket {
            let scope = self.doc.block_section[b];
            self.push_blanket(view, blanket, scope);
        }
    }

    /// Notes a legend in block `b` without reading its units.
    fn legend_from(&mut self, b: usize) {
        let view = &self.doc.views[b];
        if unit::may_hand_on(view.text()) {
            self.legend |= self.read_scan(view.text(), |scan| scan.legend_first_is_lead);
        }
    }

    fn push_blanket(&mut self, view: &MatchView, blanket: &unit::Blanket, scope: Option<usize>) {
        let statement = view.to_original(blanket.start, blanket.end);
        let units = blanket
            .units
            .iter()
            .map(|u| UnitRef {
                from: Some(statement),
                ..unit_ref(view, u, FactSource::Inherited)
            })
            .collect();
        self.blankets.push(ActiveBlanket { scope, units });
    }

    fn task(&mut self, t: usize) {
        let doc = self.doc;
        let task = &doc.tasks[t];
        let facts = if let Some(row) = &task.row {
            self.row_facts(task, row)
        } else {
            let view = self.task_view(task);
            let (mut units, legend_first_is_lead, blanket) = self.read_scan(view.text(), |scan| {
                let own: Vec<UnitRef> = scan
                    .own
                    .iter()
                    .map(|u| unit_ref(&view, u, FactSource::Own))
                    .collect();
                (own, scan.legend_first_is_lead, scan.blanket.clone())
            });
            let mut deadline = self
                .find_deadline(view.text())
                .map(|d| self.deadline(&view, &d, FactSource::Own));
            if units.is_empty() || deadline.is_none() {
                let inherited = self.inherited(task);
                if units.is_empty() {
                    units = inherited.units;
                }
                if deadline.is_none() {
                    deadline = inherited.deadline;
                }
            }
            self.legend |= legend_first_is_lead;
            if let Some(blanket) = &blanket {
                self.push_blanket(&view, blanket, task.section);
            }
            TaskFacts { units, deadline }
        };
        self.task_facts[t] = facts;
    }

    /// One view over the task's text, its paragraphs joined by line breaks; field lines that
    /// belong to an enclosing item are left out.
    fn task_view(&self, task: &Task) -> MatchView {
        let doc = self.doc;
        if let [(block, from)] = task.parts[..]
            && !self.moved.contains(&block)
            && let Some(view) = doc.views[block].original_from(from)
        {
            return view;
        }
        let mut b = MatchViewBuilder::default();
        let mut first = true;
        for &(block, from) in &task.parts {
            if self.moved.contains(&block) {
                continue;
            }
            if !first {
                b.push_separator('\n', doc.blocks[block].span.start);
            }
            first = false;
            b.append(&doc.views[block], from);
        }
        b.finish()
    }

    fn deadline(
        &self,
        view: &MatchView,
        d: &deadline::DeadlineHit,
        source: FactSource,
    ) -> Deadline {
        Deadline {
            span: view.to_original(d.start, d.end),
            kind: d.kind,
            date: d.date.and_then(|p| p.iso(self.plan_year)),
            source,
            from: None,
        }
    }

    /// What a task without its own units or deadline takes over: fields of its nearest
    /// enclosing item that states them, then a blanket statement in scope.
    fn inherited(&mut self, task: &Task) -> ItemFields {
        let mut out = ItemFields::default();
        let doc = self.doc;
        for a in doc.ancestors(task.enclosing) {
            let f = self.item_fields(a);
            if out.units.is_empty() && !f.units.is_empty() {
                out.units = f.units.clone();
            }
            if out.deadline.is_none() && f.deadline.is_some() {
                out.deadline = f.deadline.clone();
            }
        }
        if out.units.is_empty()
            && let Some(b) = self
                .blankets
                .iter()
                .rev()
                .find(|b| b.scope.is_none() || b.scope == task.section)
        {
            out.units = b.units.clone();
        }
        out
    }

    /// Units of an item's own parenthetical or field lines, and the deadline of its field
    /// lines: what the items beneath it inherit.
    fn item_fields(&mut self, i: usize) -> ItemFields {
        if let Some(f) = self.fields.get(&i) {
            return f.clone();
        }
        let doc = self.doc;
        let item = &doc.items[i];
        let mut b = MatchViewBuilder::default();
        b.append(&doc.views[item.block], item.text_start);
        let mut field_lines = MatchViewBuilder::default();
        let mut any_field = false;
        let own_fields = item
            .body
            .iter()
            .copied()
            .filter(|&bl| is_item_line(doc.views[bl].text()));
        let moved = self.moved_for(i);
        for bl in own_fields.chain(moved) {
            let start = doc.blocks[bl].span.start;
            b.push_separator('\n', start);
            b.append(&doc.views[bl], 0);
            if any_field {
                field_lines.push_separator('\n', start);
            }
            field_lines.append(&doc.views[bl], 0);
            any_field = true;
        }
        let view = b.finish();
        let scan = self.scan(view.text());
        let mut f = ItemFields::default();
        if matches!(
            scan.form,
            Some(unit::UnitForm::Parenthetical | unit::UnitForm::Label)
        ) {
            f.units = self.inherited_units(&view, &scan.own);
        }
        if any_field {
            let fv = field_lines.finish();
            if f.units.is_empty() {
                // A heading's prose subject is no field, but a requirement line's is
                // (整改要求：由联系单位县农业农村局负责督促…).
                let lines = self.scan(fv.text());
                f.units = self.inherited_units(&fv, &lines.own);
            }
            f.deadline = self.find_deadline(fv.text()).map(|d| {
                let mut dl = self.deadline(&fv, &d, FactSource::Inherited);
                dl.from = Some(self.source_line(dl.span));
                dl
            });
        }
        self.fields.insert(i, f.clone());
        f
    }

    fn inherited_units(&self, view: &MatchView, hits: &[unit::UnitHit]) -> Vec<UnitRef> {
        hits.iter()
            .map(|u| {
                let mut r = unit_ref(view, u, FactSource::Inherited);
                r.from = Some(self.source_line(r.name));
                r
            })
            .collect()
    }

    /// The whole block an inherited fact stands in (a heading or a field line).
    fn source_line(&self, span: Span) -> Span {
        let doc = self.doc;
        let at = doc.blocks.partition_point(|b| b.span.end < span.start);
        doc.blocks.get(at).map_or(span, |b| b.span.cover(span))
    }

    /// The moved field lines that belong to item `i` (they follow its last child).
    fn moved_for(&self, i: usize) -> Vec<usize> {
        let doc = self.doc;
        let Some(&last) = doc.items[i].children.last() else {
            return Vec::new();
        };
        doc.items[last]
            .body
            .iter()
            .copied()
            .filter(|b| self.moved.contains(b))
            .collect()
    }

    fn row_facts(&mut self, task: &Task, row: &crate::outline::RowCells) -> TaskFacts {
        let doc = self.doc;
        let cell_view = |s: Span| MatchView::new(doc.source.slice(s), s.start);
        let mut units = Vec::new();
        let mut add = |span: Option<Span>, role: Role| {
            if let Some(s) = span {
                let v = cell_view(s);
                for u in unit::parse_cell(v.text(), role) {
                    units.push(unit_ref(&v, &u, FactSource::Own));
                }
            }
        };
        add(row.lead, Role::Lead);
        add(row.responsible, Role::Responsible);
        add(row.support, Role::Support);
        if row.lead.is_none()
            && self.legend
            && let Some(first) = units.first_mut()
        {
            first.role = Role::Lead;
        }
        let deadline = row.deadline.and_then(|s| {
            let v = cell_view(s);
            deadline::classify(v.text()).map(|d| self.deadline(&v, &d, FactSource::Own))
        });
        if units.is_empty() {
            // No unit columns filled: the task cell itself may name them.
            let v = self.task_view(task);
            units = self.read_scan(v.text(), |scan| {
                scan.own
                    .iter()
                    .map(|u| unit_ref(&v, u, FactSource::Own))
                    .collect()
            });
        }
        TaskFacts { units, deadline }
    }
}

/// The index of capture group `name` of `re`, for `Captures::get`: `Captures::name` hashes the
/// name (SipHash) on every call, and the date and label readers ask for several names a match.
pub(crate) fn group_index(re: &regex::Regex, name: &str) -> usize {
    re.capture_names()
        .position(|n| n == Some(name))
        .expect("a group of the pattern")
}

/// Unit `u` found in `view`, as a fact of the original text.
fn unit_ref(view: &MatchView, u: &unit::UnitHit, source: FactSource) -> UnitRef {
    UnitRef {
        name: view.to_original(u.start, u.end),
        role: u.role,
        source,
        generic: u.generic,
        from: None,
    }
}

/// Field lines (责任单位：… 完成时限：…) after the last numbered sub-measure of an item, when
/// none of its other sub-measures has field lines: they state the enclosing item's fields.
/// Only items below a section qualify, and only when all their children are plain
/// sub-measures: under a section, the last task's field lines are its own.
fn enclosing_field_lines(doc: &Document) -> HashSet<usize> {
    let mut out = HashSet::default();
    for item in doc.items.iter().filter(|i| i.parent.is_some()) {
        let [rest @ .., last] = item.children.as_slice() else {
            continue;
        };
        if rest.is_empty()
            || item
                .children
                .iter()
                .any(|&c| !doc.items[c].children.is_empty())
        {
            continue;
        }
        let has_fields = |i: usize| {
            doc.items[i]
                .body
                .iter()
                .any(|&b| is_field_line(doc.views[b].text()))
        };
        if rest.iter().any(|&c| has_fields(c)) || !doc.items[*last].children.is_empty() {
            continue;
        }
        let body = &doc.items[*last].body;
        let trailing: Vec<usize> = body
            .iter()
            .rev()
            .take_while(|&&b| is_item_line(doc.views[b].text()))
            .copied()
            .collect();
        // A requirement line alone may be the last sub-measure's own text; beside field lines
        // it is one of the item's fields.
        if trailing.iter().any(|&b| is_field_line(doc.views[b].text())) {
            out.extend(trailing);
        }
    }
    out
}

/// A field line as the outline knows it, or one of the wider forms extract reads (牵头责任单位：,
/// 协同配合单位：, 牵头负责领导：…).
fn is_field_line(view: &str) -> bool {
    is_label_line(view) || unit::is_field_line(view)
}

/// A line that states something of its item: a field line or a labelled requirement
/// (整改要求：…, 整改措施：…).
fn is_item_line(view: &str) -> bool {
    is_field_line(view) || unit::is_requirement_line(view)
}

/// Blocks of target sections (工作目标, 主要目标…): headings and their text.
fn target_blocks(doc: &Document) -> HashSet<usize> {
    let mut out = HashSet::default();
    for it in doc
        .items
        .iter()
        .filter(|i| i.kind == Some(SectionKind::Targets) && i.in_plan)
    {
        out.insert(it.block);
        out.extend(it.body.iter().copied());
    }
    out
}

/// Builds the patterns of this module and those below it now instead of at their first use:
/// see [`crate::engine::warm_up_reading`].
pub(crate) fn warm_up() {
    target::warm_up();
    accountability::warm_up();
    deadline::warm_up();
    unit::warm_up();
}
