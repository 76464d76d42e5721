//! The wasmtime engine every policy runs in, and its epoch ticker.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread::JoinHandle;
use std::time::Duration;

use wasmtime::{Config, Engine, InstanceAllocationStrategy, PoolingAllocationConfig};

use super::limits::Limits;
use crate::error::{Error, Result};

/// Epoch tick: deadlines are counted in these.
pub const TICK: Duration = Duration::from_millis(1);

/// Builds the engine: pooling allocator with copy-on-write memory, epoch interruption,
/// explicit stack cap, no threads/shared memory/memory64/multi-memory/relaxed SIMD/GC, NaN
/// canonicalisation (the same decision on every machine).
pub fn build_engine(limits: &Limits) -> Result<Engine> {
    let mut c = Config::new();
    // Threads and shared memory are compiled out (wasmtime's `threads` feature is off).
    c.epoch_interruption(true)
        .max_wasm_stack(limits.max_wasm_stack)
        .memory_init_cow(true)
        .wasm_memory64(false)
        .wasm_multi_memory(false)
        .wasm_relaxed_simd(false)
        .wasm_gc(false)
        .wasm_stack_switching(false)
        .cranelift_nan_canonicalization(true);
    let slots = limits.pool_slots();
    let mut p = PoolingAllocationConfig::new();
    p.total_core_instances(slots)
        .total_memories(slots)
        .total_tables(slots)
        .max_memories_per_module(1)
        .max_tables_per_module(1)
        .max_memory_size(limits.memory_bytes)
        .table_elements(limits.table_elements)
        .max_unused_warm_slots(4)
        .linear_memory_keep_resident(1 << 20);
    c.allocation_strategy(InstanceAllocationStrategy::Pooling(p));
    Engine::new(&c)
        .map_err(|e| Error::PolicyHostSetup(format!("wasmtime engine configuration: {e}")))
}

/// A thread that increments the engine's epoch every [`TICK`] until dropped.
#[derive(Debug)]
pub struct EpochTicker {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl EpochTicker {
    /// Starts ticking `engine`.
    pub fn start(engine: &Engine) -> Result<EpochTicker> {
        let stop = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stop);
        let weak = engine.weak();
        let thread = std::thread::Builder::new()
            .name(String::from("wfpack-policy-epoch"))
            .spawn(move || {
                while !flag.load(Ordering::Relaxed) {
                    std::thread::sleep(TICK);
                    match weak.upgrade() {
                        Some(engine) => engine.increment_epoch(),
                        None => return,
                    }
                }
            })
            .map_err(|e| {
                Error::PolicyHostSetup(format!("cannot start the epoch ticker thread: {e}"))
            })?;
        Ok(EpochTicker {
            stop,
            thread: Some(thread),
        })
    }
}

impl Drop for EpochTicker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Epoch ticks for a `timeout`: `ceil(timeout / TICK) + 1`.
pub fn deadline_ticks(timeout: Duration) -> u64 {
    let tick = TICK.as_nanos();
    let n = timeout.as_nanos().div_ceil(tick);
    u64::try_from(n).unwrap_or(u64::MAX - 1).saturating_add(1)
}
