//! Reading pack files, built-in and user (placeholder until the loader lands).
