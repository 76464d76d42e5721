//! # wfpack-codec
//!
//! The single source of truth for how Argo Workflows (v4.1.2) measures, compresses,
//! offloads and archives a Workflow's node status. `#![no_std]` + `alloc`, no I/O, no
//! `unsafe`: the same code runs natively in the host and the `wfpack` CLI, inside a
//! wasmtime sandbox as the built-in policy, and in the browser through `wfpack-web`.
//!
//! Modules, one concept each:
//! - [`go_json`]: Go `encoding/json` output rules (`to_vec`, `encoded_len`).
//! - [`base64`]: standard padded base64 exactly as Go's `StdEncoding` reads and writes it.
//! - [`compress`]: gzip, zstd and brotli with Argo's levels, detection order and decode limits.
//! - [`nodes`]: typed `NodeStatus` records that keep unknown fields, and a lazy node view.
//! - [`version`]: the offload version `fnv:` + FNV-1 32.
//! - [`pack`]: Argo's keep / compress / too-large ladder, size breakdown and headroom.
//! - [`policy`]: offload and archive rules: label selectors, `archiveTTL`, decisions.
#![no_std]
#![cfg_attr(not(feature = "policy-abi"), forbid(unsafe_code))]
// The wasm exports need `#[unsafe(no_mangle)]`; `abi` allows only that, no unsafe blocks.
#![cfg_attr(feature = "policy-abi", deny(unsafe_code))]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

pub mod base64;
pub mod compress;
mod error;
pub use error::{Error, Result};

pub mod go_json;
pub mod nodes;
pub mod pack;
pub mod policy;
pub mod version;

#[cfg(feature = "policy-abi")]
pub mod abi;
