//! The values the stores read and write.

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::Value;

use super::selector::Requirement;
use crate::error::{Error, Result};

/// Label Argo sets on archived copies (`workflows.argoproj.io/workflow-archiving-status`).
pub const ARCHIVING_STATUS_LABEL: &str = "workflows.argoproj.io/workflow-archiving-status";
/// Value of [`ARCHIVING_STATUS_LABEL`] on the stored copy.
pub const PERSISTED: &str = "Persisted";
/// Argo's Postgres stand-in for the six bytes `\u0000` (spec §4.2, §8.14).
pub const POSTGRES_NULL_REPLACEMENT: &str = "ARGO_POSTGRES_NULL_REPLACEMENT";

/// One row of the offload table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffloadRecord {
    /// `clustername`.
    pub cluster_name: String,
    /// Workflow uid.
    pub uid: String,
    /// `fnv:<n>`.
    pub version: String,
    /// Workflow namespace.
    pub namespace: String,
    /// The nodes JSON as stored (byte-exact on Postgres/SQLite, normalised by MySQL).
    pub nodes: String,
    /// `updatedat` (UTC wall clock).
    pub updated_at: NaiveDateTime,
}

/// An offload `(uid, version)` pair, as `ListOldOffloads` returns.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UidVersion {
    /// Workflow uid.
    pub uid: String,
    /// Offload version.
    pub version: String,
}

/// A workflow to archive: the hydrated JSON plus the columns Argo derives from it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchiveInput {
    /// `metadata.uid`.
    pub uid: String,
    /// `metadata.name`.
    pub name: String,
    /// `metadata.namespace`.
    pub namespace: String,
    /// `status.phase`.
    pub phase: String,
    /// `status.startedAt` (Go zero time when absent, as Argo writes it).
    pub started_at: NaiveDateTime,
    /// `status.finishedAt`.
    pub finished_at: NaiveDateTime,
    /// `metadata.creationTimestamp` (`None` → column default, Argo's `omitempty`).
    pub creation_timestamp: Option<NaiveDateTime>,
    /// Labels, with `workflow-archiving-status: Persisted` set.
    pub labels: BTreeMap<String, String>,
    /// The JSON to store (labels updated).
    pub json: String,
}

fn go_zero_time() -> NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(1, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

/// Parses a Kubernetes RFC 3339 timestamp into a UTC wall clock (seconds precision).
pub fn parse_time(s: &str) -> Result<NaiveDateTime> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| truncate_seconds(t.with_timezone(&Utc).naive_utc()))
        .map_err(|e| Error::InvalidWorkflow {
            message: format!("timestamp {s:?} is not RFC 3339: {e}"),
        })
}

/// Drops sub-second precision (Kubernetes timestamps have none; keyset cursors rely on it).
pub fn truncate_seconds(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond_zero()
}

trait NanoZero {
    fn with_nanosecond_zero(self) -> Self;
}
impl NanoZero for NaiveDateTime {
    fn with_nanosecond_zero(self) -> Self {
        use chrono::Timelike;
        self.with_nanosecond(0).unwrap_or(self)
    }
}

impl ArchiveInput {
    /// Derives the row from a hydrated workflow JSON document, as `ArchiveWorkflow` does:
    /// sets the label `workflow-archiving-status: Persisted` first, then marshals.
    ///
    /// Rejects workflows that are not hydrated (`status.compressedNodes` or
    /// `status.offloadNodeStatusVersion` set): Argo archives only hydrated workflows.
    pub fn from_workflow_json(json: &[u8]) -> Result<ArchiveInput> {
        let mut wf: Value = serde_json::from_slice(json).map_err(|e| Error::InvalidWorkflow {
            message: format!("not JSON: {e}"),
        })?;
        let obj = wf.as_object_mut().ok_or_else(|| Error::InvalidWorkflow {
            message: "not a JSON object".into(),
        })?;
        let str_at = |v: &Value, path: &[&str]| -> Option<String> {
            let mut cur = v;
            for p in path {
                cur = cur.get(*p)?;
            }
            cur.as_str().map(str::to_owned)
        };
        let whole = Value::Object(obj.clone());
        if str_at(&whole, &["status", "compressedNodes"]).is_some_and(|s| !s.is_empty())
            || str_at(&whole, &["status", "offloadNodeStatusVersion"])
                .is_some_and(|s| !s.is_empty())
        {
            return Err(Error::InvalidWorkflow {
                message: "the workflow is not hydrated (status.compressedNodes or status.offloadNodeStatusVersion is set); hydrate it before archiving, as Argo does".into(),
            });
        }
        let uid = str_at(&whole, &["metadata", "uid"]).unwrap_or_default();
        if uid.is_empty() {
            return Err(Error::InvalidWorkflow {
                message: "metadata.uid is missing".into(),
            });
        }
        let name = str_at(&whole, &["metadata", "name"]).unwrap_or_default();
        let namespace = str_at(&whole, &["metadata", "namespace"]).unwrap_or_default();
        let phase = str_at(&whole, &["status", "phase"]).unwrap_or_default();
        let time = |path: &[&str]| -> Result<Option<NaiveDateTime>> {
            match str_at(&whole, path) {
                Some(s) if !s.is_empty() => parse_time(&s).map(Some),
                _ => Ok(None),
            }
        };
        let started_at = time(&["status", "startedAt"])?.unwrap_or_else(go_zero_time);
        let finished_at = time(&["status", "finishedAt"])?.unwrap_or_else(go_zero_time);
        let creation_timestamp = time(&["metadata", "creationTimestamp"])?;
        let metadata = obj
            .entry("metadata")
            .or_insert_with(|| Value::Object(Default::default()));
        let metadata = metadata
            .as_object_mut()
            .ok_or_else(|| Error::InvalidWorkflow {
                message: "metadata is not an object".into(),
            })?;
        let labels_v = metadata
            .entry("labels")
            .or_insert_with(|| Value::Object(Default::default()));
        let labels_obj = labels_v
            .as_object_mut()
            .ok_or_else(|| Error::InvalidWorkflow {
                message: "metadata.labels is not an object".into(),
            })?;
        labels_obj.insert(
            ARCHIVING_STATUS_LABEL.into(),
            Value::String(PERSISTED.into()),
        );
        let mut labels = BTreeMap::new();
        for (k, v) in labels_obj.iter() {
            let v = v.as_str().ok_or_else(|| Error::InvalidWorkflow {
                message: format!("label {k:?} is not a string"),
            })?;
            labels.insert(k.clone(), v.to_owned());
        }
        let json = serde_json::to_string(&wf).map_err(|e| Error::InvalidWorkflow {
            message: e.to_string(),
        })?;
        Ok(ArchiveInput {
            uid,
            name,
            namespace,
            phase,
            started_at,
            finished_at,
            creation_timestamp,
            labels,
            json,
        })
    }
}

/// An archived workflow read back.
#[derive(Debug, Clone, PartialEq)]
pub struct ArchivedWorkflow {
    /// Summary columns.
    pub summary: ArchiveSummary,
    /// The stored workflow JSON (NUL replacement undone on Postgres; label forced to
    /// `Persisted` as Argo does on every read).
    pub json: String,
}

/// The columns of one archived workflow, without the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArchiveSummary {
    /// `uid`.
    pub uid: String,
    /// `name`.
    pub name: String,
    /// `namespace`.
    pub namespace: String,
    /// `phase`.
    pub phase: String,
    /// `startedat`.
    pub started_at: NaiveDateTime,
    /// `finishedat`.
    pub finished_at: NaiveDateTime,
    /// `creationtimestamp` (absent in schemas before step 63, nullable on Postgres).
    pub creation_timestamp: Option<NaiveDateTime>,
}

/// How to filter by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameFilter {
    /// `name = x`.
    Exact(String),
    /// `name <> x`.
    NotEquals(String),
    /// Name starts with `x` (matched literally: `%`, `_` and `\` are escaped).
    Prefix(String),
    /// Name contains `x` (matched literally).
    Contains(String),
}

/// Keyset position: list rows strictly after this one in `startedat DESC, uid DESC` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    /// `startedat` of the last row of the previous page.
    pub started_at: NaiveDateTime,
    /// `uid` of that row.
    pub uid: String,
}

impl Cursor {
    /// An opaque `continue` token: `<unix seconds>:<uid>`.
    pub fn to_token(&self) -> String {
        format!("{}:{}", self.started_at.and_utc().timestamp(), self.uid)
    }

    /// Parses [`Cursor::to_token`]'s output.
    pub fn from_token(token: &str) -> Result<Cursor> {
        let bad = || Error::InvalidArgument {
            what: "continue token",
            message: format!("{token:?} is not a token returned by a previous list call"),
        };
        let (secs, uid) = token.split_once(':').ok_or_else(bad)?;
        let secs: i64 = secs.parse().map_err(|_| bad())?;
        let started_at = DateTime::<Utc>::from_timestamp(secs, 0)
            .ok_or_else(bad)?
            .naive_utc();
        Ok(Cursor {
            started_at,
            uid: uid.to_owned(),
        })
    }
}

/// Archive list/count filters. Every value is bound as a parameter.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ListQuery {
    /// `namespace = ?`.
    pub namespace: Option<String>,
    /// `namespace <> ?`.
    pub namespace_not: Option<String>,
    /// Name filter.
    pub name: Option<NameFilter>,
    /// `phase IN (...)` (empty = any).
    pub phases: Vec<String>,
    /// `startedat >= ?`.
    pub started_after: Option<NaiveDateTime>,
    /// `startedat <= ?`.
    pub started_before: Option<NaiveDateTime>,
    /// `creationtimestamp >= ?`.
    pub created_after: Option<NaiveDateTime>,
    /// `finishedat <= ?`.
    pub finished_before: Option<NaiveDateTime>,
    /// Label requirements (ANDed).
    pub labels: Vec<Requirement>,
    /// Page size (0 = no limit).
    pub limit: u32,
    /// Keyset position.
    pub after: Option<Cursor>,
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// Rows, `startedat DESC, uid DESC`.
    pub items: Vec<ArchiveSummary>,
    /// Where the next page starts (`None` on the last page).
    pub next: Option<Cursor>,
}

/// What an archive GC run did or would do.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GcReport {
    /// Workflows deleted (or that would be).
    pub deleted: u64,
    /// Bytes of workflow JSON freed (or that would be).
    pub bytes: u64,
    /// Up to `sample` of the affected workflows (`namespace/name uid`), oldest first.
    pub sample: Vec<ArchiveSummary>,
    /// Batches executed.
    pub batches: u64,
}
