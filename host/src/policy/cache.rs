//! The precompiled-module cache: compiled policies on disk, keyed by content and engine.
//!
//! Key = sha256(module bytes) + sha256(`Engine::precompile_compatibility_hash`, which covers
//! the wasmtime version, the engine configuration and the CPU features). Values are
//! `Engine::precompile_module` output, written atomically (temp file + rename, never
//! overwritten in place) into a directory private to this process's user (`0700`, refused
//! if group- or world-accessible). Loading maps the file (`Module::deserialize_file`); a
//! file that fails to load is treated as a miss and recompiled.
#![allow(unsafe_code)]

use std::fs;
use std::hash::{Hash, Hasher};
use std::io::Write;
#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

use crate::error::{Error, Result};

/// `sha256` as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// A `Hasher` over sha256, so the engine's compatibility hash is stable across runs.
struct ShaHasher(Sha256);

impl Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }
    fn finish(&self) -> u64 {
        let d = self.0.clone().finalize();
        u64::from_le_bytes([d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]])
    }
}

/// The engine's compatibility fingerprint (hex).
pub fn engine_fingerprint(engine: &Engine) -> String {
    let mut h = ShaHasher(Sha256::new());
    engine.precompile_compatibility_hash().hash(&mut h);
    hex(&h.0.finalize()[..16])
}

/// Why a cached load failed: the host (I/O) or the module (does not fit the engine).
#[derive(Debug)]
pub enum LoadFailure {
    /// A host problem (cache directory I/O).
    Host(Error),
    /// The module cannot be used with this engine.
    Module(String),
}

/// A directory of precompiled modules.
#[derive(Debug, Clone)]
pub struct ModuleCache {
    dir: PathBuf,
    engine_key: String,
}

impl ModuleCache {
    /// Opens (creating with mode `0700`) `dir` for `engine`. Refuses a directory that group
    /// or others can access: only bytes this process wrote may ever be deserialised.
    pub fn open(dir: &Path, engine: &Engine) -> Result<ModuleCache> {
        let setup = |what: &str, e: &dyn std::fmt::Display| {
            Error::PolicyHostSetup(format!(
                "policy cache directory {}: {what}: {e}",
                dir.display()
            ))
        };
        #[cfg(unix)]
        {
            fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(dir)
                .map_err(|e| setup("cannot create it", &e))?;
            let meta = fs::metadata(dir).map_err(|e| setup("cannot read it", &e))?;
            if meta.permissions().mode() & 0o077 != 0 {
                return Err(setup(
                    "refused",
                    &"it is accessible to group or others; use a private directory (mode 0700)",
                ));
            }
            // Unique per call: hosts built concurrently (threads, processes) share the dir.
            static PROBES: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
            let n = PROBES.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let probe = dir.join(format!(".owner-probe-{}-{n}", std::process::id()));
            fs::write(&probe, b"").map_err(|e| setup("not writable", &e))?;
            let probe_uid = fs::metadata(&probe).map(|m| m.uid()).ok();
            let _ = fs::remove_file(&probe);
            if probe_uid != Some(meta.uid()) {
                return Err(setup(
                    "refused",
                    &"it belongs to another user; use a private directory",
                ));
            }
        }
        #[cfg(not(unix))]
        fs::create_dir_all(dir).map_err(|e| setup("cannot create it", &e))?;
        Ok(ModuleCache {
            dir: dir.to_path_buf(),
            engine_key: engine_fingerprint(engine),
        })
    }

    /// The file for module bytes with digest `sha256`.
    pub fn path_for(&self, sha256: &str) -> PathBuf {
        self.dir.join(format!("{sha256}-{}.cwasm", self.engine_key))
    }

    /// The compiled module for `bytes` (digest `sha256`): from the cache when present and
    /// loadable, else compiled with `compile` and stored. Returns whether it was a hit.
    pub fn load_or_compile(
        &self,
        engine: &Engine,
        sha256: &str,
        compile: impl FnOnce() -> std::result::Result<Vec<u8>, Error>,
    ) -> Result<(Module, bool), LoadFailure> {
        let path = self.path_for(sha256);
        if path.exists() {
            // SAFETY: the file lives in a private directory (checked in `open`) and was
            // written by this host with `Engine::precompile_module` for an engine with the
            // same compatibility hash (part of the name); it is never modified in place
            // (new files are renamed over, which keeps existing mappings intact).
            if let Ok(m) = unsafe { Module::deserialize_file(engine, &path) } {
                return Ok((m, true));
            }
        }
        let artifact = compile().map_err(LoadFailure::Host)?;
        let module = if self.store(&path, &artifact).is_ok() {
            // SAFETY: as above; we just wrote this file from `precompile_module` output.
            unsafe { Module::deserialize_file(engine, &path) }.inspect_err(|_| {
                // The module itself does not fit this engine (e.g. its memory is over the
                // pool's limit): drop the artifact.
                let _ = fs::remove_file(&path);
            })
        } else {
            // The cache is only a speed-up: when it cannot be written any more (directory
            // removed since `open`, disk full), use the artifact from memory.
            // SAFETY: `artifact` is `precompile_module` output for this very engine.
            unsafe { Module::deserialize(engine, &artifact) }
        };
        // A module that does not load is the policy's problem, not the host's.
        let module = module.map_err(|e| LoadFailure::Module(format!("{e:#}")))?;
        Ok((module, false))
    }

    /// Loads a cached artifact without compiling (for benchmarks and diagnostics).
    pub fn load(&self, engine: &Engine, sha256: &str) -> Option<Module> {
        let path = self.path_for(sha256);
        // SAFETY: see `load_or_compile`.
        unsafe { Module::deserialize_file(engine, &path) }.ok()
    }

    fn store(&self, path: &Path, artifact: &[u8]) -> Result<()> {
        let tmp = self.dir.join(format!(
            ".tmp-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos())
        ));
        let err = |e: std::io::Error| {
            Error::PolicyHostSetup(format!("cannot write {}: {e}", tmp.display()))
        };
        let mut opts = fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        opts.mode(0o600);
        let mut f = opts.open(&tmp).map_err(err)?;
        f.write_all(artifact).map_err(err)?;
        f.sync_all().map_err(err)?;
        drop(f);
        fs::rename(&tmp, path).map_err(|e| {
            let _ = fs::remove_file(&tmp);
            Error::PolicyHostSetup(format!("cannot rename into {}: {e}", path.display()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const WAT: &str = r#"(module (func (export "f") (result i32) i32.const 7))"#;

    fn compile(engine: &Engine) -> std::result::Result<Vec<u8>, Error> {
        engine
            .precompile_module(WAT.as_bytes())
            .map_err(|e| Error::PolicyHostSetup(format!("{e:#}")))
    }

    #[test]
    fn second_load_is_a_hit() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::default();
        let cache = ModuleCache::open(&dir.path().join("c"), &engine).unwrap();
        let (_, hit) = cache
            .load_or_compile(&engine, "ab", || compile(&engine))
            .ok()
            .unwrap();
        assert!(!hit);
        let (_, hit) = cache
            .load_or_compile(&engine, "ab", || compile(&engine))
            .ok()
            .unwrap();
        assert!(hit);
    }

    #[test]
    fn directory_removed_after_open_still_loads_from_memory() {
        let dir = tempfile::tempdir().unwrap();
        let engine = Engine::default();
        let cache = ModuleCache::open(&dir.path().join("c"), &engine).unwrap();
        fs::remove_dir_all(dir.path().join("c")).unwrap();
        let (module, hit) = cache
            .load_or_compile(&engine, "ab", || compile(&engine))
            .expect("the artifact in memory is used");
        assert!(!hit);
        assert!(module.get_export("f").is_some());
        assert!(!cache.path_for("ab").exists());
    }
}
