//! The binary's handle on the offload table and the workflow archive (`wfpack_host::store`).
//!
//! `--db URL` wins over the configmap's database; with neither, the embedded SQLite file
//! `.wfpack/wfpack.sqlite` is used.

use std::collections::BTreeMap;

use crate::controller::Controller;
use crate::failure::{Failure, Result};
use crate::input::Workflow;
use crate::settings::ControllerArgs;

/// The default embedded database, relative to the working directory.
pub const DEFAULT_SQLITE: &str = ".wfpack/wfpack.sqlite";

/// Open stores for one command.
pub struct Stores {
    target: String,
}

impl Stores {
    /// Opens (and migrates) the configured database.
    pub fn open(_ctl: &Controller, _args: &ControllerArgs) -> Result<Stores> {
        let _ = Stores {
            target: DEFAULT_SQLITE.into(),
        };
        Err(Failure::unavailable(
            "the offload table and the archive",
            "the stores (issue 4)",
        ))
    }

    /// Where the data lives (no credentials).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// Saves offloaded nodes and returns the version; the error is the database's text (Argo
    /// puts it in the workflow's message).
    pub fn save_offload(
        &self,
        _wf: &Workflow,
        _nodes_json: &[u8],
    ) -> std::result::Result<String, String> {
        Err("the stores are not available in this build".into())
    }

    /// Archives a hydrated workflow (Argo's JSON).
    pub fn archive(&self, _json: &[u8]) -> std::result::Result<(), String> {
        Err("the stores are not available in this build".into())
    }

    /// Archive GC: (deleted, bytes).
    pub fn gc_archive(&self, _ttl_seconds: i64, _dry_run: bool) -> Result<(u64, u64)> {
        Err(Failure::unavailable("archive GC", "the stores (issue 4)"))
    }

    /// Offload GC; returns the number of versions deleted.
    pub fn gc_offload(&self, _ttl_seconds: i64, _live: &BTreeMap<String, String>) -> Result<u64> {
        Err(Failure::unavailable("offload GC", "the stores (issue 4)"))
    }
}
