//! The resource limits every policy evaluation runs under.

use std::time::Duration;

/// Limits for policy evaluation (one set per [`crate::policy::PolicyHost`]).
///
/// Defaults follow `spec/policy-host.md` §3.2: offload 250 ms, archive 50 ms, 64 MiB of
/// linear memory, 10,000 table elements, 512 KiB of wasm stack, 10 MB of module bytes,
/// 16 MiB of output (and at most twice the input plus 1 MiB).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Deadline of one offload evaluation (instantiation included).
    pub offload_timeout: Duration,
    /// Deadline of one archive evaluation (instantiation included).
    pub archive_timeout: Duration,
    /// Linear memory cap per instance, bytes.
    pub memory_bytes: usize,
    /// Table elements cap per instance.
    pub table_elements: usize,
    /// Wasm stack cap, bytes.
    pub max_wasm_stack: usize,
    /// Largest response, bytes (also capped at `2 * input + 1 MiB`).
    pub max_output_bytes: usize,
    /// Largest policy module accepted, bytes.
    pub max_module_bytes: usize,
    /// Longest compilation of a policy module (compiled off the evaluation path).
    pub compile_timeout: Duration,
    /// Threads expected to evaluate concurrently (sizes the instance pool:
    /// `2 * workers + 2` slots).
    pub workers: u32,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            offload_timeout: Duration::from_millis(250),
            archive_timeout: Duration::from_millis(50),
            memory_bytes: 64 << 20,
            table_elements: 10_000,
            max_wasm_stack: 512 << 10,
            max_output_bytes: 16 << 20,
            max_module_bytes: 10 << 20,
            compile_timeout: Duration::from_secs(30),
            workers: 2,
        }
    }
}

impl Limits {
    /// The output cap for an input of `input_len` bytes.
    pub fn output_cap(&self, input_len: usize) -> usize {
        self.max_output_bytes
            .min(input_len.saturating_mul(2).saturating_add(1 << 20))
    }

    /// Instance slots in the pool.
    pub fn pool_slots(&self) -> u32 {
        self.workers.saturating_mul(2).saturating_add(2)
    }
}
