//! Facts with spans: units, deadlines, accountability clauses, quantified targets.

pub mod deadline;
pub mod unit;
