//! Offload and archive rules as pure functions: Kubernetes label selectors, `archiveTTL`,
//! the decision types of the policy ABI v1 and the built-in policies.
//!
//! - [`selector`]: `archiveLabelSelector` and the string selector syntax, as Kubernetes
//!   parses, validates and matches them.
//! - [`ttl`]: `archiveTTL` exactly as Argo's `config.TTL` parses it, and Go's
//!   `time.ParseDuration`.
//! - [`decision`]: facts in, decisions out (serde; the JSON of ABI v1).
//! - [`builtin`]: the `argo` policy (Argo v4.1.2's behaviour) and `adaptive`.
//! - [`evaluate`]: one ABI v1 request (JSON) in, one response (JSON) out; what the wasm
//!   policy module runs.

pub mod builtin;
pub mod decision;
pub mod evaluate;
mod quote;
pub mod selector;
pub mod ttl;
