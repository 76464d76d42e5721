//! Shared helpers for wfpack's cross-crate tests: where the shared reference data lives.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

pub mod db;

/// `../shared` as seen from the project root (the reference data: spec, vectors, corpus).
///
/// `WFPACK_SHARED` overrides it.
pub fn shared_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("WFPACK_SHARED") {
        return PathBuf::from(dir);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared")
}

/// `../shared/vectors`.
pub fn vectors_dir() -> PathBuf {
    shared_dir().join("vectors")
}

/// `../shared/corpus`.
pub fn corpus_dir() -> PathBuf {
    shared_dir().join("corpus")
}

/// The parsed `../shared/vectors/index.json`.
pub fn vector_index() -> serde_json::Value {
    let path = vectors_dir().join("index.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    serde_json::from_str(&text).expect("index.json is valid JSON")
}
