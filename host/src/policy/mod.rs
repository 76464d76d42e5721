//! The wasmtime policy host: offload and archive policies as sandboxed wasm modules (ABI
//! v1, `docs/policy-abi.md`), Argo's behaviour as the built-in policy.
//!
//! - [`PolicyHost`] / [`PolicyHostBuilder`]: one engine (pooling allocator, copy-on-write
//!   memory, epoch interruption with a 1 ms ticker), a fresh instance per evaluation,
//!   verification of every decision, fallback and circuit breaking.
//! - [`Limits`]: timeouts, memory, table, stack, output and module caps.
//! - [`PolicyModule`]: a loaded, checked, pre-instantiated policy.
//! - [`ModuleCache`]: compiled modules on disk, keyed by content hash and engine.
//! - [`CircuitBreaker`]: stops calling a policy that keeps failing.

mod breaker;
mod cache;
mod call;
mod engine;
mod host;
mod limits;
mod module;

pub use breaker::{BreakerConfig, CircuitBreaker};
pub use cache::{ModuleCache, engine_fingerprint, sha256_hex};
pub use call::StoreState;
pub use engine::{TICK, build_engine, deadline_ticks};
pub use host::{
    ArchiveOutcome, BUILTIN_WASM, BuiltinPolicy, DecisionSource, OffloadOutcome, PolicyHost,
    PolicyHostBuilder, PolicyHostSettings, PolicyKind, PolicySource, archive_request_json,
    offload_request_json, verify_offload,
};
pub use limits::Limits;
pub use module::{ABI_MAJOR, METADATA_SECTION, Metadata, PolicyModule};
