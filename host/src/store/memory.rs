//! An in-memory store with the SQL stores' semantics (tests, dry runs, the contract suite's
//! reference).

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{NaiveDateTime, Utc};

use super::model::{ArchiveInput, truncate_seconds};
use super::{
    ArchiveSummary, ArchivedWorkflow, Cursor, GcReport, ListQuery, NameFilter, OffloadRecord,
    OffloadRepo, Page, UidVersion, WorkflowArchive, force_persisted, offload_version,
};
use crate::error::{Error, Result};

#[derive(Debug, Default)]
struct Inner {
    /// (uid, version) → record.
    offloads: BTreeMap<(String, String), OffloadRecord>,
    /// uid → (row, labels).
    archive: BTreeMap<String, ArchiveInput>,
}

/// An in-memory offload repository and archive for one cluster and instance id.
#[derive(Debug, Clone)]
pub struct MemoryStore {
    cluster: String,
    instance_id: String,
    inner: Arc<Mutex<Inner>>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new(cluster_name: &str, instance_id: &str) -> MemoryStore {
        MemoryStore {
            cluster: cluster_name.to_owned(),
            instance_id: instance_id.to_owned(),
            inner: Arc::default(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock leaves plain data behind; keep serving it.
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Ages every offload record by `by` (tests of the TTL rules).
    pub fn age_offloads(&self, by: Duration) {
        let d = chrono::Duration::from_std(by).unwrap_or(chrono::Duration::zero());
        for r in self.lock().offloads.values_mut() {
            r.updated_at -= d;
        }
    }
}

fn summary(i: &ArchiveInput) -> ArchiveSummary {
    ArchiveSummary {
        uid: i.uid.clone(),
        name: i.name.clone(),
        namespace: i.namespace.clone(),
        phase: i.phase.clone(),
        started_at: i.started_at,
        finished_at: i.finished_at,
        creation_timestamp: Some(i.creation_timestamp.unwrap_or(i.started_at)),
    }
}

fn matches(i: &ArchiveInput, q: &ListQuery) -> bool {
    let ct = i.creation_timestamp.unwrap_or(i.started_at);
    q.namespace.as_ref().is_none_or(|n| &i.namespace == n)
        && q.namespace_not.as_ref().is_none_or(|n| &i.namespace != n)
        && match &q.name {
            None => true,
            Some(NameFilter::Exact(n)) => &i.name == n,
            Some(NameFilter::NotEquals(n)) => &i.name != n,
            Some(NameFilter::Prefix(n)) => i.name.starts_with(n.as_str()),
            Some(NameFilter::Contains(n)) => i.name.contains(n.as_str()),
        }
        && (q.phases.is_empty() || q.phases.contains(&i.phase))
        && q.started_after.is_none_or(|t| i.started_at >= t)
        && q.started_before.is_none_or(|t| i.started_at <= t)
        && q.created_after.is_none_or(|t| ct >= t)
        && q.finished_before.is_none_or(|t| i.finished_at <= t)
        && q.labels.iter().all(|r| r.matches(&i.labels))
}

fn now() -> NaiveDateTime {
    truncate_seconds(Utc::now().naive_utc())
}

impl OffloadRepo for MemoryStore {
    async fn save_nodes(&self, uid: &str, namespace: &str, nodes_json: &str) -> Result<String> {
        if uid.is_empty() {
            return Err(Error::InvalidArgument {
                what: "uid",
                message: "invalid uid".into(),
            });
        }
        let version = offload_version(nodes_json.as_bytes());
        self.lock()
            .offloads
            .entry((uid.to_owned(), version.clone()))
            .or_insert_with(|| OffloadRecord {
                cluster_name: self.cluster.clone(),
                uid: uid.to_owned(),
                version: version.clone(),
                namespace: namespace.to_owned(),
                nodes: nodes_json.to_owned(),
                updated_at: now(),
            });
        Ok(version)
    }

    async fn get_nodes(&self, uid: &str, version: &str) -> Result<String> {
        self.lock()
            .offloads
            .get(&(uid.to_owned(), version.to_owned()))
            .map(|r| r.nodes.clone())
            .ok_or_else(|| Error::OffloadNotFound {
                uid: uid.to_owned(),
                version: version.to_owned(),
            })
    }

    async fn list_nodes(&self, namespace: Option<&str>) -> Result<Vec<OffloadRecord>> {
        Ok(self
            .lock()
            .offloads
            .values()
            .filter(|r| namespace.is_none_or(|n| r.namespace == n))
            .cloned()
            .collect())
    }

    async fn list_old_offloads(&self, ttl: Duration) -> Result<Vec<UidVersion>> {
        let cutoff = now() - chrono::Duration::from_std(ttl).unwrap_or(chrono::Duration::zero());
        Ok(self
            .lock()
            .offloads
            .values()
            .filter(|r| r.updated_at < cutoff)
            .map(|r| UidVersion {
                uid: r.uid.clone(),
                version: r.version.clone(),
            })
            .collect())
    }

    async fn delete_nodes(&self, uid: &str, version: &str) -> Result<u64> {
        Ok(u64::from(
            self.lock()
                .offloads
                .remove(&(uid.to_owned(), version.to_owned()))
                .is_some(),
        ))
    }

    async fn gc_offloads(&self, ttl: Duration, live: &BTreeMap<String, String>) -> Result<u64> {
        let old = self.list_old_offloads(ttl).await?;
        let mut inner = self.lock();
        let mut n = 0;
        for uv in old {
            if live.get(&uv.uid) == Some(&uv.version) {
                continue;
            }
            n += u64::from(inner.offloads.remove(&(uv.uid, uv.version)).is_some());
        }
        Ok(n)
    }
}

impl WorkflowArchive for MemoryStore {
    async fn archive_workflow(&self, workflow_json: &[u8]) -> Result<()> {
        let input = ArchiveInput::from_workflow_json(workflow_json)?;
        self.archive_input(&input).await
    }

    async fn archive_input(&self, input: &ArchiveInput) -> Result<()> {
        self.lock().archive.insert(input.uid.clone(), input.clone());
        Ok(())
    }

    async fn get_archived(&self, uid: &str) -> Result<Option<ArchivedWorkflow>> {
        Ok(self.lock().archive.get(uid).map(|i| ArchivedWorkflow {
            summary: summary(i),
            json: force_persisted(i.json.clone()),
        }))
    }

    async fn get_archived_by_name(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<Option<ArchivedWorkflow>> {
        let inner = self.lock();
        let best = inner
            .archive
            .values()
            .filter(|i| i.namespace == namespace && i.name == name)
            .max_by(|a, b| (a.started_at, &a.uid).cmp(&(b.started_at, &b.uid)));
        Ok(best.map(|i| ArchivedWorkflow {
            summary: summary(i),
            json: force_persisted(i.json.clone()),
        }))
    }

    async fn list_archived(&self, q: &ListQuery) -> Result<Page> {
        let inner = self.lock();
        let mut rows: Vec<&ArchiveInput> = inner
            .archive
            .values()
            .filter(|i| matches(i, q))
            .filter(|i| {
                q.after
                    .as_ref()
                    .is_none_or(|c| (i.started_at, i.uid.as_str()) < (c.started_at, c.uid.as_str()))
            })
            .collect();
        rows.sort_by(|a, b| (b.started_at, &b.uid).cmp(&(a.started_at, &a.uid)));
        let mut items: Vec<ArchiveSummary> = rows.into_iter().map(summary).collect();
        let next = if q.limit > 0 && items.len() > q.limit as usize {
            items.truncate(q.limit as usize);
            items.last().map(|l| Cursor {
                started_at: l.started_at,
                uid: l.uid.clone(),
            })
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn count_archived(&self, q: &ListQuery) -> Result<u64> {
        Ok(self
            .lock()
            .archive
            .values()
            .filter(|i| matches(i, q))
            .count() as u64)
    }

    async fn label_keys(&self) -> Result<Vec<String>> {
        let inner = self.lock();
        let mut keys: Vec<String> = inner
            .archive
            .values()
            .flat_map(|i| i.labels.keys().cloned())
            .collect();
        keys.sort();
        keys.dedup();
        Ok(keys)
    }

    async fn label_values(&self, key: &str) -> Result<Vec<String>> {
        let inner = self.lock();
        let mut v: Vec<String> = inner
            .archive
            .values()
            .filter_map(|i| i.labels.get(key).cloned())
            .collect();
        v.sort();
        v.dedup();
        Ok(v)
    }

    async fn delete_archived(&self, uid: &str) -> Result<bool> {
        Ok(self.lock().archive.remove(uid).is_some())
    }

    async fn gc_archive(
        &self,
        ttl_seconds: i64,
        batch: u32,
        dry_run: bool,
        sample: usize,
    ) -> Result<GcReport> {
        let mut report = GcReport::default();
        if ttl_seconds <= 0 {
            return Ok(report);
        }
        let cutoff = now() - chrono::Duration::seconds(ttl_seconds);
        let mut inner = self.lock();
        let mut doomed: Vec<&ArchiveInput> = inner
            .archive
            .values()
            .filter(|i| i.finished_at < cutoff)
            .collect();
        doomed.sort_by(|a, b| (a.finished_at, &a.uid).cmp(&(b.finished_at, &b.uid)));
        report.sample = doomed.iter().take(sample).map(|i| summary(i)).collect();
        report.deleted = doomed.len() as u64;
        report.bytes = doomed.iter().map(|i| i.json.len() as u64).sum();
        let uids: Vec<String> = doomed.iter().map(|i| i.uid.clone()).collect();
        if !dry_run {
            report.batches = uids.len().div_ceil(batch.max(1) as usize) as u64;
            for u in uids {
                inner.archive.remove(&u);
            }
        }
        let _ = &self.instance_id;
        Ok(report)
    }
}
