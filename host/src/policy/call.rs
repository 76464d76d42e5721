//! One evaluation in a fresh instance: instantiate, copy the input in, call `evaluate`,
//! validate and copy the output out, drop everything. Every wasmtime failure is mapped to
//! its own error class here.

use std::time::Duration;

use wasmtime::{
    Extern, Instance, InstancePre, Memory, ModuleExport, ResourceLimiter, Store, Trap, TypedFunc,
};

use super::engine::deadline_ticks;
use super::limits::Limits;
use crate::error::Error;

/// Which limit a store hit, recorded by the limiter so traps can be classified.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LimitHit {
    Memory,
    Table,
}

/// Per-store state: the limiter.
#[derive(Debug)]
pub struct StoreState {
    memory_bytes: usize,
    table_elements: usize,
    hit: Option<LimitHit>,
}

impl ResourceLimiter for StoreState {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.memory_bytes {
            self.hit = Some(LimitHit::Memory);
            // An error (rather than `Ok(false)`) traps: `trap_on_grow_failure`.
            return Err(wasmtime::format_err!(
                "policy memory limit: growing to {desired} bytes exceeds the cap of {} bytes",
                self.memory_bytes
            ));
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.table_elements {
            self.hit = Some(LimitHit::Table);
            return Err(wasmtime::format_err!(
                "policy table limit: growing to {desired} elements exceeds the cap of {}",
                self.table_elements
            ));
        }
        Ok(true)
    }

    fn instances(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }

    fn memories(&self) -> usize {
        1
    }
}

/// Export handles resolved once at load.
#[derive(Clone)]
pub(crate) struct Exports {
    pub memory: ModuleExport,
    pub abi_version: ModuleExport,
    pub alloc: ModuleExport,
    pub evaluate: ModuleExport,
}

/// A live instance with its store, for one evaluation.
pub(crate) struct Session<'a> {
    store: Store<StoreState>,
    instance: Instance,
    exports: &'a Exports,
    name: &'a str,
    limits: &'a Limits,
    timeout: Duration,
}

/// Maps a wasmtime error to the policy error classes.
pub(crate) fn classify(
    err: &wasmtime::Error,
    hit: Option<LimitHit>,
    name: &str,
    limits: &Limits,
    timeout: Duration,
) -> Error {
    let policy = name.to_string();
    if err
        .downcast_ref::<wasmtime::PoolConcurrencyLimitError>()
        .is_some()
    {
        return Error::PolicySaturated { policy };
    }
    match hit {
        Some(LimitHit::Memory) => {
            return Error::PolicyOutOfMemory {
                policy,
                limit: limits.memory_bytes,
            };
        }
        Some(LimitHit::Table) => {
            return Error::PolicyTrap {
                policy,
                trap: format!("{err:#}"),
            };
        }
        None => {}
    }
    match err.downcast_ref::<Trap>() {
        Some(Trap::Interrupt) => Error::PolicyTimeout {
            policy,
            budget: timeout,
        },
        Some(trap) => Error::PolicyTrap {
            policy,
            trap: trap.to_string(),
        },
        None => {
            let text = format!("{err:#}");
            // Memory that cannot be reserved at instantiation (pool slot too small).
            if text.contains("minimum byte size") || text.contains("exceeds the limit") {
                Error::PolicyLoad {
                    policy,
                    reason: text,
                }
            } else {
                Error::PolicyTrap { policy, trap: text }
            }
        }
    }
}

impl<'a> Session<'a> {
    /// A fresh store and instance; the deadline is set before instantiation so a start
    /// function cannot run forever.
    pub fn start(
        pre: &InstancePre<StoreState>,
        exports: &'a Exports,
        name: &'a str,
        limits: &'a Limits,
        timeout: Duration,
    ) -> Result<Session<'a>, Error> {
        let state = StoreState {
            memory_bytes: limits.memory_bytes,
            table_elements: limits.table_elements,
            hit: None,
        };
        let mut store = Store::new(pre.module().engine(), state);
        store.limiter(|s| s as &mut dyn ResourceLimiter);
        store.set_epoch_deadline(deadline_ticks(timeout));
        let instance = match pre.instantiate(&mut store) {
            Ok(i) => i,
            Err(e) => return Err(classify(&e, store.data().hit, name, limits, timeout)),
        };
        Ok(Session {
            store,
            instance,
            exports,
            name,
            limits,
            timeout,
        })
    }

    fn fail(&self, e: &wasmtime::Error) -> Error {
        classify(
            e,
            self.store.data().hit,
            self.name,
            self.limits,
            self.timeout,
        )
    }

    fn bad(&self, reason: String) -> Error {
        Error::PolicyBadOutput {
            policy: self.name.to_string(),
            reason,
        }
    }

    fn func<P: wasmtime::WasmParams, R: wasmtime::WasmResults>(
        &mut self,
        e: &ModuleExport,
        what: &str,
    ) -> Result<TypedFunc<P, R>, Error> {
        match self.instance.get_module_export(&mut self.store, e) {
            Some(Extern::Func(f)) => f
                .typed::<P, R>(&self.store)
                .map_err(|err| Error::PolicyAbi {
                    policy: self.name.to_string(),
                    reason: format!("export {what}: {err:#}"),
                }),
            _ => Err(Error::PolicyAbi {
                policy: self.name.to_string(),
                reason: format!("export {what} is missing"),
            }),
        }
    }

    fn memory(&mut self) -> Result<Memory, Error> {
        match self
            .instance
            .get_module_export(&mut self.store, &self.exports.memory)
        {
            Some(Extern::Memory(m)) => Ok(m),
            _ => Err(Error::PolicyAbi {
                policy: self.name.to_string(),
                reason: String::from("export memory is missing"),
            }),
        }
    }

    /// Calls `abi_version`.
    pub fn abi_version(&mut self) -> Result<i32, Error> {
        let f = self.func::<(), i32>(&self.exports.abi_version.clone(), "abi_version")?;
        self.store.set_epoch_deadline(deadline_ticks(self.timeout));
        f.call(&mut self.store, ()).map_err(|e| self.fail(&e))
    }

    /// `alloc` + write + `evaluate` + bounds-checked read of the output.
    pub fn evaluate(&mut self, input: &[u8]) -> Result<Vec<u8>, Error> {
        let alloc = self.func::<i32, i32>(&self.exports.alloc.clone(), "alloc")?;
        let evaluate = self.func::<(i32, i32), i64>(&self.exports.evaluate.clone(), "evaluate")?;
        let memory = self.memory()?;
        let len = i32::try_from(input.len())
            .map_err(|_| self.bad(String::from("input larger than 2 GiB")))?;
        self.store.set_epoch_deadline(deadline_ticks(self.timeout));
        let ptr = alloc
            .call(&mut self.store, len)
            .map_err(|e| self.fail(&e))?;
        if ptr == 0 {
            return Err(self.bad(format!("alloc({len}) returned 0 (allocation failure)")));
        }
        let at = ptr as u32 as usize;
        if memory.write(&mut self.store, at, input).is_err() {
            return Err(self.bad(format!(
                "alloc({len}) returned {at:#x}, but [{at:#x}, {:#x}) is outside the {}-byte memory",
                at + input.len(),
                memory.data_size(&self.store)
            )));
        }
        self.store.set_epoch_deadline(deadline_ticks(self.timeout));
        let packed = evaluate
            .call(&mut self.store, (ptr, len))
            .map_err(|e| self.fail(&e))? as u64;
        let out_ptr = (packed >> 32) as usize;
        let out_len = (packed & 0xffff_ffff) as usize;
        let cap = self.limits.output_cap(input.len());
        if out_len > cap {
            return Err(self.bad(format!(
                "output length {out_len} exceeds the cap of {cap} bytes"
            )));
        }
        let data = memory.data(&self.store);
        match out_ptr
            .checked_add(out_len)
            .and_then(|end| data.get(out_ptr..end))
        {
            Some(bytes) => Ok(bytes.to_vec()),
            None => Err(self.bad(format!(
                "output [{out_ptr:#x}, +{out_len}) is outside the {}-byte memory",
                data.len()
            ))),
        }
    }
}
