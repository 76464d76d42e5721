//! # wfpack-host
//!
//! The controller-side half of wfpack, thin over [`wfpack_codec`]:
//! - `policy` / `host`: a wasmtime host that evaluates offload and archive policies
//!   (Argo's behaviour as the built-in policy; user policies as sandboxed wasm modules);
//! - `store`: SQL stores table-compatible with Argo's (SQLite embedded default,
//!   PostgreSQL, MySQL/MariaDB);
//! - `config`: Argo's `workflow-controller-configmap`;
//! - the `wfpack` binary (`src/bin/wfpack`).
// `unsafe` is allowed in exactly one module, `policy::cache`, for wasmtime's
// `Module::deserialize_file` of artifacts this host wrote itself (see its SAFETY notes).
#![deny(unsafe_code)]

pub mod config;
mod error;
pub mod policy;
pub mod store;

pub use error::{Error, PolicyErrorClass, Result};
