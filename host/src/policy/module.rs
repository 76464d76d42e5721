//! A loaded policy module: checked against ABI v1, compiled (or loaded from the cache),
//! pre-instantiated once, shared by every evaluating thread.

use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use serde::Deserialize;
use wasmtime::{Engine, ExternType, FuncType, InstancePre, Linker, Module, ValType};

use super::cache::{LoadFailure, ModuleCache, sha256_hex};
use super::call::{Exports, Session, StoreState};
use super::limits::Limits;
use crate::error::{Error, Result};

/// The ABI major version this host speaks.
pub const ABI_MAJOR: i32 = 1;
/// Name of the metadata custom section.
pub const METADATA_SECTION: &str = "io.argoproj.policy.metadata";

/// The `io.argoproj.policy.metadata` custom section (all fields optional).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Metadata {
    /// `"1.0"`.
    #[serde(default)]
    pub abi: Option<String>,
    /// `offload`, `archive`.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// The policy's own name.
    #[serde(default)]
    pub name: Option<String>,
    /// The policy's own version.
    #[serde(default)]
    pub version: Option<String>,
    /// Oldest wfpack-host version it needs.
    #[serde(default)]
    pub min_host_version: Option<String>,
}

/// A policy ready to evaluate.
pub struct PolicyModule {
    pub(crate) name: String,
    pub(crate) sha256: String,
    pub(crate) metadata: Option<Metadata>,
    pub(crate) pre: InstancePre<StoreState>,
    pub(crate) exports: Exports,
    pub(crate) from_cache: bool,
}

impl std::fmt::Debug for PolicyModule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PolicyModule")
            .field("name", &self.name)
            .field("sha256", &self.sha256)
            .field("metadata", &self.metadata)
            .field("from_cache", &self.from_cache)
            .finish_non_exhaustive()
    }
}

impl PolicyModule {
    /// The name the host knows it by.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// sha256 of the module's binary (the digest to pin).
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// The module's metadata section, if it has one.
    pub fn metadata(&self) -> Option<&Metadata> {
        self.metadata.as_ref()
    }

    /// True when the compiled code came from the precompiled-module cache.
    pub fn from_cache(&self) -> bool {
        self.from_cache
    }

    /// True if the module says it handles `kind` (`offload`/`archive`); modules without
    /// metadata are assumed to handle both.
    pub fn handles(&self, kind: &str) -> bool {
        self.metadata
            .as_ref()
            .is_none_or(|m| m.kinds.is_empty() || m.kinds.iter().any(|k| k == kind))
    }

    /// Reads a `.wasm` or `.wat` file and loads it.
    pub fn load_file(
        engine: &Engine,
        path: &Path,
        limits: &Limits,
        cache: Option<&ModuleCache>,
    ) -> Result<PolicyModule> {
        let name = path.file_stem().map_or_else(
            || path.display().to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        let load_err = |reason: String| Error::PolicyLoad {
            policy: name.clone(),
            reason,
        };
        let meta = std::fs::metadata(path)
            .map_err(|e| load_err(format!("cannot read {}: {e}", path.display())))?;
        if meta.len() > limits.max_module_bytes as u64 {
            return Err(load_err(format!(
                "{} is {} bytes, over the {}-byte module cap",
                path.display(),
                meta.len(),
                limits.max_module_bytes
            )));
        }
        let bytes = std::fs::read(path)
            .map_err(|e| load_err(format!("cannot read {}: {e}", path.display())))?;
        PolicyModule::load(engine, &name, &bytes, limits, cache)
    }

    /// Loads a module from its bytes (binary or text format).
    pub fn load(
        engine: &Engine,
        name: &str,
        bytes: &[u8],
        limits: &Limits,
        cache: Option<&ModuleCache>,
    ) -> Result<PolicyModule> {
        let load_err = |reason: String| Error::PolicyLoad {
            policy: name.to_string(),
            reason,
        };
        let abi_err = |reason: String| Error::PolicyAbi {
            policy: name.to_string(),
            reason,
        };
        if bytes.len() > limits.max_module_bytes {
            return Err(load_err(format!(
                "{} bytes, over the {}-byte module cap",
                bytes.len(),
                limits.max_module_bytes
            )));
        }
        let binary: std::borrow::Cow<'_, [u8]> = if bytes.starts_with(b"\0asm") {
            std::borrow::Cow::Borrowed(bytes)
        } else {
            std::borrow::Cow::Owned(
                wat::parse_bytes(bytes)
                    .map_err(|e| load_err(format!("invalid WebAssembly text: {e}")))?
                    .into_owned(),
            )
        };
        if binary.len() > limits.max_module_bytes {
            return Err(load_err(format!(
                "{} bytes, over the {}-byte module cap",
                binary.len(),
                limits.max_module_bytes
            )));
        }
        if wasmparser::Parser::is_component(&binary) {
            return Err(load_err(String::from(
                "a component; ABI v1 takes core modules only",
            )));
        }
        let metadata = scan(&binary, limits).map_err(load_err)?;
        if let Some(m) = &metadata
            && let Some(abi) = &m.abi
            && !abi.starts_with("1.")
        {
            return Err(abi_err(format!(
                "metadata declares abi {abi:?}; this host speaks 1.x"
            )));
        }
        let sha256 = sha256_hex(&binary);
        let (module, from_cache) = compile(engine, name, &binary, &sha256, limits, cache)?;

        if let Some(import) = module.imports().next() {
            let what = match import.ty() {
                ExternType::Memory(_) => "an imported memory (v1 modules export their own memory)",
                ExternType::Func(_) => "an imported function",
                ExternType::Table(_) => "an imported table",
                ExternType::Global(_) => "an imported global",
                _ => "an import",
            };
            return Err(load_err(format!(
                "{what} {}::{}: ABI v1 modules have no imports, the host provides none",
                import.module(),
                import.name()
            )));
        }
        let memory = module.get_export("memory");
        match memory {
            Some(ExternType::Memory(mt)) => {
                if mt.is_shared() || mt.is_64() {
                    return Err(load_err(String::from(
                        "shared or 64-bit memory is not supported",
                    )));
                }
                let min = mt.minimum().saturating_mul(mt.page_size());
                if min > limits.memory_bytes as u64 {
                    return Err(load_err(format!(
                        "memory has a minimum byte size of {min} which exceeds the limit of {} bytes",
                        limits.memory_bytes
                    )));
                }
            }
            _ => return Err(abi_err(String::from("no exported memory named `memory`"))),
        }
        check_func(&module, "argo_policy_abi_v1", &[], &[]).map_err(abi_err)?;
        check_func(&module, "abi_version", &[], &[ValType::I32]).map_err(abi_err)?;
        check_func(&module, "alloc", &[ValType::I32], &[ValType::I32]).map_err(abi_err)?;
        check_func(&module, "dealloc", &[ValType::I32, ValType::I32], &[]).map_err(abi_err)?;
        check_func(
            &module,
            "evaluate",
            &[ValType::I32, ValType::I32],
            &[ValType::I64],
        )
        .map_err(abi_err)?;
        let export = |n: &str| {
            module
                .get_export_index(n)
                .ok_or_else(|| abi_err(format!("export {n} is missing")))
        };
        let exports = Exports {
            memory: export("memory")?,
            abi_version: export("abi_version")?,
            alloc: export("alloc")?,
            evaluate: export("evaluate")?,
        };
        let linker: Linker<StoreState> = Linker::new(engine);
        let pre = linker
            .instantiate_pre(&module)
            .map_err(|e| load_err(format!("{e:#}")))?;
        let policy = PolicyModule {
            name: name.to_string(),
            sha256,
            metadata,
            pre,
            exports,
            from_cache,
        };

        // ABI version, in a fresh instance under the archive (shorter) deadline; this also
        // runs the start function once under a deadline.
        let timeout = limits
            .offload_timeout
            .min(limits.archive_timeout)
            .max(Duration::from_millis(10));
        let mut session = Session::start(&policy.pre, &policy.exports, name, limits, timeout)?;
        let v = session.abi_version()?;
        if v >> 16 != ABI_MAJOR {
            return Err(abi_err(format!(
                "abi_version() = {v:#010x} (major {}); this host speaks major {ABI_MAJOR}",
                v >> 16
            )));
        }
        Ok(policy)
    }
}

fn check_func(
    module: &Module,
    name: &str,
    params: &[ValType],
    results: &[ValType],
) -> std::result::Result<(), String> {
    let same = |a: &mut dyn Iterator<Item = ValType>, b: &[ValType]| {
        let a: Vec<ValType> = a.collect();
        a.len() == b.len() && a.iter().zip(b).all(|(x, y)| ValType::eq(x, y))
    };
    match module.get_export(name) {
        Some(ExternType::Func(ft)) => {
            if same(&mut ft.params(), params) && same(&mut ft.results(), results) {
                Ok(())
            } else {
                Err(format!(
                    "export {name} has type {}, expected {}",
                    show(&ft),
                    show_sig(params, results)
                ))
            }
        }
        Some(_) => Err(format!("export {name} is not a function")),
        None => Err(format!("export {name} is missing")),
    }
}

fn show(ft: &FuncType) -> String {
    let p: Vec<ValType> = ft.params().collect();
    let r: Vec<ValType> = ft.results().collect();
    show_sig(&p, &r)
}

fn show_sig(params: &[ValType], results: &[ValType]) -> String {
    let list = |v: &[ValType]| {
        v.iter()
            .map(|t| t.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    format!("func({}) -> ({})", list(params), list(results))
}

/// One pass over the module's sections before compiling: the metadata section, and
/// declared memories over the cap (refused before any compilation or reservation).
fn scan(binary: &[u8], limits: &Limits) -> std::result::Result<Option<Metadata>, String> {
    let mut metadata = None;
    for payload in wasmparser::Parser::new(0).parse_all(binary) {
        match payload.map_err(|e| format!("invalid wasm: {e}"))? {
            wasmparser::Payload::CustomSection(c) if c.name() == METADATA_SECTION => {
                let m: Metadata = serde_json::from_slice(c.data()).map_err(|e| {
                    format!("custom section {METADATA_SECTION} is not valid JSON metadata: {e}")
                })?;
                metadata = Some(m);
            }
            wasmparser::Payload::MemorySection(reader) => {
                for mem in reader {
                    let mem = mem.map_err(|e| format!("invalid wasm: {e}"))?;
                    let page = mem.page_size_log2.map_or(65536u64, |l| 1u64 << l);
                    let min = mem.initial.saturating_mul(page);
                    if min > limits.memory_bytes as u64 {
                        return Err(format!(
                            "memory has a minimum byte size of {min} which exceeds the limit of {} bytes",
                            limits.memory_bytes
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    Ok(metadata)
}

enum Compiled {
    Artifact(Vec<u8>),
    Module(Module),
}

/// Compiles in a background thread under `limits.compile_timeout` (the thread finishes on
/// its own if abandoned), through the cache when there is one.
fn compile(
    engine: &Engine,
    name: &str,
    binary: &[u8],
    sha256: &str,
    limits: &Limits,
    cache: Option<&ModuleCache>,
) -> Result<(Module, bool)> {
    let load_err = |reason: String| Error::PolicyLoad {
        policy: name.to_string(),
        reason,
    };
    if let Some(cache) = cache
        && let Some(m) = cache.load(engine, sha256)
    {
        return Ok((m, true));
    }
    let (tx, rx) = mpsc::channel();
    let engine2 = engine.clone();
    let bytes = binary.to_vec();
    let want_artifact = cache.is_some();
    std::thread::Builder::new()
        .name(String::from("wfpack-policy-compile"))
        .spawn(move || {
            let out = if want_artifact {
                engine2.precompile_module(&bytes).map(Compiled::Artifact)
            } else {
                Module::new(&engine2, &bytes).map(Compiled::Module)
            };
            let _ = tx.send(out.map_err(|e| format!("{e:#}")));
        })
        .map_err(|e| load_err(format!("cannot start a compile thread: {e}")))?;
    let compiled = match rx.recv_timeout(limits.compile_timeout) {
        Ok(Ok(c)) => c,
        Ok(Err(e)) => return Err(load_err(e)),
        Err(_) => {
            return Err(load_err(format!(
                "compilation took longer than its {:?} budget",
                limits.compile_timeout
            )));
        }
    };
    match (compiled, cache) {
        (Compiled::Module(m), _) => Ok((m, false)),
        (Compiled::Artifact(a), Some(cache)) => {
            match cache.load_or_compile(engine, sha256, || Ok(a)) {
                Ok(x) => Ok(x),
                Err(LoadFailure::Host(e)) => Err(e),
                Err(LoadFailure::Module(reason)) => Err(load_err(reason)),
            }
        }
        (Compiled::Artifact(a), None) => {
            drop(a);
            Module::new(engine, binary)
        }
        .map(|m| (m, false))
        .map_err(|e| load_err(format!("{e:#}"))),
    }
}
