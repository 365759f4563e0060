//! The YAML shape of a pack (placeholder until the loader lands).
