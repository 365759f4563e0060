//! Bytes → `Source` + blocks.
