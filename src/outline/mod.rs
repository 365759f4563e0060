//! Numbering, sections, tasks, title and kind of a document.
