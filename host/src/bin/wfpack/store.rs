//! The binary's handle on the offload table and the workflow archive (`wfpack_host::store`).
//!
//! Which database: `--db URL` (`sqlite:PATH`, `postgres://...`, `mysql://...`) wins; else the
//! configmap's `postgresql`/`mysql` section (secrets from `--secrets-dir` or
//! `WFPACK_SECRET_<NAME>_<KEY>` variables); else the embedded SQLite file
//! `.wfpack/wfpack.sqlite`. Table and cluster names come from the configmap.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use wfpack_host::config::SecretSource;
use wfpack_host::store::{
    GcReport, ListQuery, OffloadRecord, OffloadRepo, Page, SqlOptions, SqlStore, Store,
    WorkflowArchive,
};

use crate::controller::Controller;
use crate::failure::{Failure, Result};
use crate::input::Workflow;
use crate::settings::ControllerArgs;

/// The default embedded database, relative to the working directory.
pub const DEFAULT_SQLITE: &str = ".wfpack/wfpack.sqlite";

/// Open stores for one command.
pub struct Stores {
    rt: tokio::runtime::Runtime,
    store: Store,
    target: String,
    table: String,
}

fn store_failure(e: wfpack_host::Error) -> Failure {
    Failure::operation("", e)
}

impl Stores {
    /// Opens the configured database; with `migrate` brings its schema forward as Argo does
    /// (commands that only read or delete pass `false` and leave an existing schema alone).
    pub fn open(ctl: &Controller, args: &ControllerArgs, migrate: bool) -> Result<Stores> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| Failure::failed(format!("cannot start the async runtime: {e}"), ""))?;
        let mut o = match &ctl.persistence {
            Some(p) => SqlOptions::from_persistence(&p.config),
            None => SqlOptions::default(),
        };
        if let Some(ns) = &args.managed_namespace {
            o.namespace = Some(ns.clone());
        }
        o.instance_id = args.instance_id.clone().unwrap_or_default();
        if !migrate {
            o.skip_migration = true;
        }
        let secrets = SecretSource {
            dir: args.secrets_dir.clone(),
            env: true,
        };
        let store = rt.block_on(async {
            if let Some(url) = &args.db {
                return open_url(url, &o).await;
            }
            if let Some(p) = &ctl.persistence {
                let mut config = p.config.clone();
                config.skip_migration |= !migrate;
                if let Some(s) = SqlStore::open_persistence(&config, &secrets, &o.instance_id)
                    .await
                    .map_err(store_failure)?
                {
                    return Ok(s);
                }
            }
            open_sqlite(Path::new(DEFAULT_SQLITE), &o).await
        })?;
        let target = store.target().to_string();
        let table = store.table_name().to_string();
        Ok(Stores {
            rt,
            store: Store::Sql(store),
            target,
            table,
        })
    }

    /// Where the data lives (no credentials).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The offload table's name.
    pub fn table(&self) -> &str {
        &self.table
    }

    /// The underlying SQL store (for doctor's preflight).
    pub fn sql(&self) -> Option<&SqlStore> {
        match &self.store {
            Store::Sql(s) => Some(s),
            _ => None,
        }
    }

    /// Runs a future on this command's runtime.
    pub fn block_on<F: std::future::Future>(&self, f: F) -> F::Output {
        self.rt.block_on(f)
    }

    /// Saves offloaded nodes and returns the version; the error is the database's text (Argo
    /// puts it in the workflow's message).
    pub fn save_offload(
        &self,
        wf: &Workflow,
        nodes_json: &[u8],
    ) -> std::result::Result<String, String> {
        let text = std::str::from_utf8(nodes_json).map_err(|e| e.to_string())?;
        self.rt
            .block_on(self.store.save_nodes(wf.uid(), wf.namespace(), text))
            .map_err(|e| e.to_string())
    }

    /// The offloaded nodes JSON of (uid, version).
    pub fn get_offload(&self, uid: &str, version: &str) -> Result<Vec<u8>> {
        self.rt
            .block_on(self.store.get_nodes(uid, version))
            .map(String::into_bytes)
            .map_err(store_failure)
    }

    /// Every offload record (optionally of one namespace).
    pub fn list_offloads(&self, namespace: Option<&str>) -> Result<Vec<OffloadRecord>> {
        self.rt
            .block_on(self.store.list_nodes(namespace))
            .map_err(store_failure)
    }

    /// Archives a hydrated workflow (Argo's JSON).
    pub fn archive(&self, json: &[u8]) -> std::result::Result<(), String> {
        self.rt
            .block_on(self.store.archive_workflow(json))
            .map_err(|e| e.to_string())
    }

    /// One page of archived workflows.
    pub fn list_archived(&self, q: &ListQuery) -> Result<Page> {
        self.rt
            .block_on(self.store.list_archived(q))
            .map_err(store_failure)
    }

    /// One archived workflow by uid or namespace/name.
    pub fn get_archived(&self, id: &str) -> Result<Option<wfpack_host::store::ArchivedWorkflow>> {
        let fut = async {
            match id.split_once('/') {
                Some((ns, name)) => self.store.get_archived_by_name(ns, name).await,
                None => self.store.get_archived(id).await,
            }
        };
        self.rt.block_on(fut).map_err(store_failure)
    }

    /// Archive GC by TTL (seconds after finishedAt).
    pub fn gc_archive_report(
        &self,
        ttl_seconds: i64,
        dry_run: bool,
        sample: usize,
    ) -> Result<GcReport> {
        self.rt
            .block_on(self.store.gc_archive(ttl_seconds, 1000, dry_run, sample))
            .map_err(store_failure)
    }

    /// Archive GC: (deleted, bytes).
    pub fn gc_archive(&self, ttl_seconds: i64, dry_run: bool) -> Result<(u64, u64)> {
        self.gc_archive_report(ttl_seconds, dry_run, 0)
            .map(|r| (r.deleted, r.bytes))
    }

    /// Offload versions older than the TTL.
    pub fn old_offloads(&self, ttl_seconds: i64) -> Result<Vec<wfpack_host::store::UidVersion>> {
        self.rt
            .block_on(
                self.store
                    .list_old_offloads(Duration::from_secs(ttl_seconds.max(0) as u64)),
            )
            .map_err(store_failure)
    }

    /// Offload GC; returns the number of versions deleted.
    pub fn gc_offload(&self, ttl_seconds: i64, live: &BTreeMap<String, String>) -> Result<u64> {
        self.rt
            .block_on(
                self.store
                    .gc_offloads(Duration::from_secs(ttl_seconds.max(0) as u64), live),
            )
            .map_err(store_failure)
    }
}

async fn open_sqlite(path: &Path, o: &SqlOptions) -> Result<SqlStore> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::failed(
                format!("cannot create {}: {e}", dir.display()),
                "check the path and permissions",
            )
        })?;
    }
    SqlStore::open_sqlite(path, o).await.map_err(store_failure)
}

async fn open_url(url: &str, o: &SqlOptions) -> Result<SqlStore> {
    let bad = |e: &dyn std::fmt::Display| {
        Failure::usage(
            format!("--db: cannot parse the database URL: {e}"),
            "use sqlite:PATH, postgres://USER[:PASSWORD]@HOST:PORT/DB or mysql://USER[:PASSWORD]@HOST:PORT/DB",
        )
    };
    if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        if path.is_empty() {
            return Err(bad(&"no file name"));
        }
        return open_sqlite(&PathBuf::from(path), o).await;
    }
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        let opts = sqlx::postgres::PgConnectOptions::from_str(url).map_err(|e| bad(&e))?;
        return SqlStore::open_postgres(opts, o)
            .await
            .map_err(store_failure);
    }
    if url.starts_with("mysql://") || url.starts_with("mariadb://") {
        let url = url.replacen("mariadb://", "mysql://", 1);
        let opts = sqlx::mysql::MySqlConnectOptions::from_str(&url).map_err(|e| bad(&e))?;
        return SqlStore::open_mysql(opts, o).await.map_err(store_failure);
    }
    Err(bad(&format!(
        "{:?} names no known database",
        url.split(':').next().unwrap_or("")
    )))
}
