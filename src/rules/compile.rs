//! Pack → rules (placeholder until the loader lands).
