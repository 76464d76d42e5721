//! Argo-compatible stores: the offload repository and the workflow archive.
//!
//! Backends:
//! - [`SqlStore`] on SQLite (embedded default, one file, wfpack's final schema), PostgreSQL
//!   and MySQL/MariaDB (Argo's tables and migration sequence, spec §3–§5);
//! - [`MemoryStore`] (tests, dry runs);
//! - [`DisabledStore`] (Argo's "explosive" repository: `offload node status is not supported`).
//!
//! [`Store`] picks one at run time. Every call is async (tokio); see `docs/stores.md`.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! use wfpack_host::store::{OffloadRepo, Store, WorkflowArchive, ListQuery};
//! let store = Store::memory("default", "");
//! let v = store.save_nodes("uid-1", "argo", r#"{"n1":{"id":"n1"}}"#).await.unwrap();
//! assert!(v.starts_with("fnv:"));
//! assert_eq!(store.get_nodes("uid-1", &v).await.unwrap(), r#"{"n1":{"id":"n1"}}"#);
//! store.archive_workflow(br#"{"metadata":{"uid":"u","name":"w","namespace":"argo"},"status":{"phase":"Succeeded"}}"#).await.unwrap();
//! assert_eq!(store.count_archived(&ListQuery::default()).await.unwrap(), 1);
//! # });
//! ```

mod disabled;
mod memory;
pub mod model;
pub mod retry;
pub mod selector;
pub mod sql;

use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;

pub use disabled::DisabledStore;
pub use memory::MemoryStore;
pub use model::{
    ArchiveInput, ArchiveSummary, ArchivedWorkflow, Cursor, GcReport, ListQuery, NameFilter,
    OffloadRecord, Page, UidVersion,
};
pub use selector::{LabelSelector, Operator, Requirement};
pub use sql::schema::Preflight;
pub use sql::{Dialect, SqlOptions, SqlStore};

use crate::error::Result;

pub use wfpack_codec::version::offload_version;

/// Forces `workflows.argoproj.io/workflow-archiving-status: Persisted` in a stored workflow's
/// labels, as every Argo read from the archive does (re-serialises only when it changes).
pub(crate) fn force_persisted(json: String) -> String {
    let Ok(mut v) = serde_json::from_str::<serde_json::Value>(&json) else {
        return json;
    };
    let Some(meta) = v.get_mut("metadata").and_then(|m| m.as_object_mut()) else {
        return json;
    };
    let labels = meta
        .entry("labels")
        .or_insert_with(|| serde_json::Value::Object(Default::default()));
    let Some(labels) = labels.as_object_mut() else {
        return json;
    };
    if labels
        .get(model::ARCHIVING_STATUS_LABEL)
        .and_then(|x| x.as_str())
        == Some(model::PERSISTED)
    {
        return json;
    }
    labels.insert(
        model::ARCHIVING_STATUS_LABEL.into(),
        serde_json::Value::String(model::PERSISTED.into()),
    );
    serde_json::to_string(&v).unwrap_or(json)
}

/// The offload repository (`OffloadNodeStatusRepo`).
pub trait OffloadRepo {
    /// Stores a nodes JSON document and returns its version (`fnv:<n>`). Idempotent on
    /// (clustername, uid, version). Returns only once the row is committed, so a caller may
    /// point `status.offloadNodeStatusVersion` at it.
    fn save_nodes(
        &self,
        uid: &str,
        namespace: &str,
        nodes_json: &str,
    ) -> impl Future<Output = Result<String>> + Send;
    /// The nodes JSON of (uid, version); [`crate::Error::OffloadNotFound`] when absent.
    fn get_nodes(&self, uid: &str, version: &str) -> impl Future<Output = Result<String>> + Send;
    /// Every record of the cluster (optionally of one namespace).
    fn list_nodes(
        &self,
        namespace: Option<&str>,
    ) -> impl Future<Output = Result<Vec<OffloadRecord>>> + Send;
    /// `(uid, version)` of records older than `ttl` (Argo's `ListOldOffloads`).
    fn list_old_offloads(
        &self,
        ttl: Duration,
    ) -> impl Future<Output = Result<Vec<UidVersion>>> + Send;
    /// Deletes one record; returns the number of rows removed.
    fn delete_nodes(&self, uid: &str, version: &str) -> impl Future<Output = Result<u64>> + Send;
    /// Deletes records older than `ttl` except the version a live workflow points at.
    ///
    /// `live` maps the uid of every live workflow to its current offload version (the
    /// version it would have if it was hydrated). A uid absent from `live` loses all its old
    /// records, as in Argo.
    fn gc_offloads(
        &self,
        ttl: Duration,
        live: &BTreeMap<String, String>,
    ) -> impl Future<Output = Result<u64>> + Send;
}

/// The workflow archive (`WorkflowArchive`).
pub trait WorkflowArchive {
    /// Archives a hydrated workflow JSON (delete + insert by uid, labels rows, one transaction).
    fn archive_workflow(&self, workflow_json: &[u8]) -> impl Future<Output = Result<()>> + Send;
    /// Archives a prepared row ([`ArchiveInput::from_workflow_json`]).
    fn archive_input(&self, input: &ArchiveInput) -> impl Future<Output = Result<()>> + Send;
    /// The archived workflow with this uid.
    fn get_archived(
        &self,
        uid: &str,
    ) -> impl Future<Output = Result<Option<ArchivedWorkflow>>> + Send;
    /// The latest (by `startedat`) archived workflow with this namespace and name.
    fn get_archived_by_name(
        &self,
        namespace: &str,
        name: &str,
    ) -> impl Future<Output = Result<Option<ArchivedWorkflow>>> + Send;
    /// One page, `startedat DESC, uid DESC`, keyset-paginated.
    fn list_archived(&self, q: &ListQuery) -> impl Future<Output = Result<Page>> + Send;
    /// Exact count of rows matching the filters (limit and cursor ignored).
    fn count_archived(&self, q: &ListQuery) -> impl Future<Output = Result<u64>> + Send;
    /// Distinct label keys of the cluster's archived workflows.
    fn label_keys(&self) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Distinct values of one label key.
    fn label_values(&self, key: &str) -> impl Future<Output = Result<Vec<String>>> + Send;
    /// Deletes one archived workflow (labels go by cascade); `false` when absent.
    fn delete_archived(&self, uid: &str) -> impl Future<Output = Result<bool>> + Send;
    /// Deletes workflows whose `finishedat` is older than `ttl_seconds`, `batch` rows per
    /// transaction; with `dry_run` only reports what would go and how many bytes it frees.
    /// `sample` is how many of the affected workflows to list (oldest first).
    fn gc_archive(
        &self,
        ttl_seconds: i64,
        batch: u32,
        dry_run: bool,
        sample: usize,
    ) -> impl Future<Output = Result<GcReport>> + Send;
}

/// A store chosen at run time.
#[derive(Debug, Clone)]
pub enum Store {
    /// SQL (SQLite, PostgreSQL, MySQL/MariaDB).
    Sql(SqlStore),
    /// In memory.
    Memory(MemoryStore),
    /// Disabled (Argo's explosive repository).
    Disabled(DisabledStore),
}

impl Store {
    /// An in-memory store.
    pub fn memory(cluster_name: &str, instance_id: &str) -> Store {
        Store::Memory(MemoryStore::new(cluster_name, instance_id))
    }
}

macro_rules! delegate {
    ($self:expr, $s:ident => $e:expr) => {
        match $self {
            Store::Sql($s) => $e,
            Store::Memory($s) => $e,
            Store::Disabled($s) => $e,
        }
    };
}

impl OffloadRepo for Store {
    async fn save_nodes(&self, uid: &str, namespace: &str, nodes_json: &str) -> Result<String> {
        delegate!(self, s => s.save_nodes(uid, namespace, nodes_json).await)
    }
    async fn get_nodes(&self, uid: &str, version: &str) -> Result<String> {
        delegate!(self, s => s.get_nodes(uid, version).await)
    }
    async fn list_nodes(&self, namespace: Option<&str>) -> Result<Vec<OffloadRecord>> {
        delegate!(self, s => s.list_nodes(namespace).await)
    }
    async fn list_old_offloads(&self, ttl: Duration) -> Result<Vec<UidVersion>> {
        delegate!(self, s => s.list_old_offloads(ttl).await)
    }
    async fn delete_nodes(&self, uid: &str, version: &str) -> Result<u64> {
        delegate!(self, s => s.delete_nodes(uid, version).await)
    }
    async fn gc_offloads(&self, ttl: Duration, live: &BTreeMap<String, String>) -> Result<u64> {
        delegate!(self, s => s.gc_offloads(ttl, live).await)
    }
}

impl WorkflowArchive for Store {
    async fn archive_workflow(&self, workflow_json: &[u8]) -> Result<()> {
        delegate!(self, s => s.archive_workflow(workflow_json).await)
    }
    async fn archive_input(&self, input: &ArchiveInput) -> Result<()> {
        delegate!(self, s => s.archive_input(input).await)
    }
    async fn get_archived(&self, uid: &str) -> Result<Option<ArchivedWorkflow>> {
        delegate!(self, s => s.get_archived(uid).await)
    }
    async fn get_archived_by_name(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<Option<ArchivedWorkflow>> {
        delegate!(self, s => s.get_archived_by_name(namespace, name).await)
    }
    async fn list_archived(&self, q: &ListQuery) -> Result<Page> {
        delegate!(self, s => s.list_archived(q).await)
    }
    async fn count_archived(&self, q: &ListQuery) -> Result<u64> {
        delegate!(self, s => s.count_archived(q).await)
    }
    async fn label_keys(&self) -> Result<Vec<String>> {
        delegate!(self, s => s.label_keys().await)
    }
    async fn label_values(&self, key: &str) -> Result<Vec<String>> {
        delegate!(self, s => s.label_values(key).await)
    }
    async fn delete_archived(&self, uid: &str) -> Result<bool> {
        delegate!(self, s => s.delete_archived(uid).await)
    }
    async fn gc_archive(
        &self,
        ttl_seconds: i64,
        batch: u32,
        dry_run: bool,
        sample: usize,
    ) -> Result<GcReport> {
        delegate!(self, s => s.gc_archive(ttl_seconds, batch, dry_run, sample).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fnv1_not_fnv1a() {
        // FNV-1 of "a" is 0x050c5d7e; FNV-1a would be 0xe40c292c.
        assert_eq!(offload_version(b"a"), format!("fnv:{}", 0x050c_5d7e_u32));
        assert_eq!(offload_version(b""), "fnv:2166136261");
    }
}
