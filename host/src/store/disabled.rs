//! The disabled store: Argo's "explosive" offload repository and the null archive.

use std::collections::BTreeMap;
use std::time::Duration;

use super::{
    ArchiveInput, ArchivedWorkflow, GcReport, ListQuery, OffloadRecord, OffloadRepo, Page,
    UidVersion, WorkflowArchive,
};
use crate::error::{Error, Result};

/// Every offload call fails with `offload node status is not supported` (Argo's explosive
/// repository); every archive call fails with [`Error::ArchiveDisabled`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DisabledStore;

impl OffloadRepo for DisabledStore {
    async fn save_nodes(&self, _: &str, _: &str, _: &str) -> Result<String> {
        Err(Error::OffloadDisabled)
    }
    async fn get_nodes(&self, _: &str, _: &str) -> Result<String> {
        Err(Error::OffloadDisabled)
    }
    async fn list_nodes(&self, _: Option<&str>) -> Result<Vec<OffloadRecord>> {
        Err(Error::OffloadDisabled)
    }
    async fn list_old_offloads(&self, _: Duration) -> Result<Vec<UidVersion>> {
        Err(Error::OffloadDisabled)
    }
    async fn delete_nodes(&self, _: &str, _: &str) -> Result<u64> {
        Err(Error::OffloadDisabled)
    }
    async fn gc_offloads(&self, _: Duration, _: &BTreeMap<String, String>) -> Result<u64> {
        Err(Error::OffloadDisabled)
    }
}

impl WorkflowArchive for DisabledStore {
    async fn archive_workflow(&self, _: &[u8]) -> Result<()> {
        Err(Error::ArchiveDisabled)
    }
    async fn archive_input(&self, _: &ArchiveInput) -> Result<()> {
        Err(Error::ArchiveDisabled)
    }
    async fn get_archived(&self, _: &str) -> Result<Option<ArchivedWorkflow>> {
        Err(Error::ArchiveDisabled)
    }
    async fn get_archived_by_name(&self, _: &str, _: &str) -> Result<Option<ArchivedWorkflow>> {
        Err(Error::ArchiveDisabled)
    }
    async fn list_archived(&self, _: &ListQuery) -> Result<Page> {
        Err(Error::ArchiveDisabled)
    }
    async fn count_archived(&self, _: &ListQuery) -> Result<u64> {
        Err(Error::ArchiveDisabled)
    }
    async fn label_keys(&self) -> Result<Vec<String>> {
        Err(Error::ArchiveDisabled)
    }
    async fn label_values(&self, _: &str) -> Result<Vec<String>> {
        Err(Error::ArchiveDisabled)
    }
    async fn delete_archived(&self, _: &str) -> Result<bool> {
        Err(Error::ArchiveDisabled)
    }
    async fn gc_archive(&self, _: i64, _: u32, _: bool, _: usize) -> Result<GcReport> {
        Err(Error::ArchiveDisabled)
    }
}
