//! Policy inputs (facts and settings) and decisions, shared by the built-in policies, the
//! wasm ABI v1 (`docs/policy-abi.md`) and the host.
//!
//! Everything here is plain serde data with camelCase JSON names. Policies receive facts,
//! not megabytes: the host measures the workflow (Go-exact size) and compresses
//! `status.nodes` natively with each candidate algorithm it was asked to try, then passes
//! the sizes. Unknown JSON fields are ignored on input (minor ABI versions add fields).

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::selector::MetaLabelSelector;

/// The `apiVersion` of every ABI v1 request and response.
pub const API_VERSION: &str = "policy.argoproj.io/v1";

/// A compression algorithm and level, as the host names them (`gzip`, `zstd`, `brotli`;
/// `level: null` = the algorithm's default as Argo resolves it).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Compression {
    /// `gzip`, `zstd` or `brotli`.
    pub algorithm: String,
    /// Level inside Argo's range for the algorithm, or `None` for the default.
    #[serde(default)]
    pub level: Option<i32>,
}

impl Compression {
    /// Argo's default: gzip at the default level.
    pub fn argo_default() -> Compression {
        Compression {
            algorithm: String::from("gzip"),
            level: None,
        }
    }

    /// `algorithm` at `level`.
    pub fn new(algorithm: &str, level: Option<i32>) -> Compression {
        Compression {
            algorithm: String::from(algorithm),
            level,
        }
    }
}

/// One compression the host tried, with the sizes it measured natively.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// What was tried.
    #[serde(flatten)]
    pub compression: Compression,
    /// Length of the base64 `status.compressedNodes` it produced.
    pub compressed_nodes_length: i64,
    /// Go-exact size of the whole workflow with `compressedNodes` instead of `nodes`.
    pub workflow_size: i64,
}

/// Argo's offload settings (controller environment and configmap), resolved by the host.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OffloadSettings {
    /// `MAX_WORKFLOW_SIZE` as Argo resolves it (default 1048576; negative = always large).
    pub max_workflow_size: i64,
    /// `persistence.nodeStatusOffLoad`.
    #[serde(default)]
    pub node_status_offload: bool,
    /// `ALWAYS_OFFLOAD_NODE_STATUS == "true"`.
    #[serde(default)]
    pub always_offload_node_status: bool,
    /// `WORKFLOW_COMPRESSION_ALGORITHM` / `WORKFLOW_COMPRESSION_LEVEL`, resolved.
    #[serde(default = "Compression::argo_default")]
    pub compression: Compression,
    /// Free-form parameters for user policies (ignored by the Argo built-in).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub parameters: serde_json::Value,
}

impl Default for OffloadSettings {
    fn default() -> OffloadSettings {
        OffloadSettings {
            max_workflow_size: 1024 * 1024,
            node_status_offload: false,
            always_offload_node_status: false,
            compression: Compression::argo_default(),
            parameters: serde_json::Value::Null,
        }
    }
}

/// What every policy may know about the workflow (identity, labels, phase, times).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkflowMeta {
    /// `metadata.namespace`.
    #[serde(default)]
    pub namespace: String,
    /// `metadata.name`.
    #[serde(default)]
    pub name: String,
    /// `metadata.uid`.
    #[serde(default)]
    pub uid: String,
    /// `metadata.labels`.
    #[serde(default)]
    pub labels: BTreeMap<String, String>,
    /// `metadata.annotations` (the host may pass none).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub annotations: BTreeMap<String, String>,
    /// `status.phase` (`""`, `Pending`, `Running`, `Succeeded`, `Failed`, `Error`).
    #[serde(default)]
    pub phase: String,
    /// `metadata.creationTimestamp`, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creation_timestamp: Option<String>,
    /// `status.startedAt`, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<String>,
    /// `status.finishedAt`, RFC 3339.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished_at: Option<String>,
}

/// The facts of one offload decision, measured natively by the host.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OffloadFacts {
    /// Identity, labels, phase and times.
    #[serde(flatten)]
    pub meta: WorkflowMeta,
    /// False when `status.compressedNodes` or `status.offloadNodeStatusVersion` is already
    /// set: Argo's `Dehydrate` then does nothing.
    pub hydrated: bool,
    /// Number of entries in `status.nodes`.
    #[serde(default)]
    pub node_count: u64,
    /// Go-exact `len(json.Marshal(workflow))` with nodes inline.
    pub workflow_size: i64,
    /// Length of `json.Marshal(status.nodes)`.
    #[serde(default)]
    pub nodes_size: i64,
    /// The compressions the host tried (in the order it was asked to try them), or empty
    /// when the workflow fits and the policy did not ask for measurements.
    #[serde(default)]
    pub candidates: Vec<Candidate>,
}

impl OffloadFacts {
    /// The measured candidate for `c`, if the host tried it.
    pub fn candidate(&self, c: &Compression) -> Option<&Candidate> {
        self.candidates.iter().find(|x| &x.compression == c)
    }
}

/// An offload request (`kind: OffloadRequest`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OffloadRequest {
    /// Argo's settings.
    pub settings: OffloadSettings,
    /// The facts.
    pub workflow: OffloadFacts,
}

/// What to do with a workflow's node status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum OffloadAction {
    /// Leave `status.nodes` as it is (fits, or already compressed/offloaded).
    Keep,
    /// Write `status.compressedNodes` with the decision's compression.
    Compress,
    /// Write the nodes to the offload table and point `offloadNodeStatusVersion` at them.
    Offload,
    /// Mark the workflow `Error` with the decision's message (Argo with offload disabled).
    Reject,
}

impl OffloadAction {
    /// `keep`, `compress`, `offload`, `reject`.
    pub fn as_str(self) -> &'static str {
        match self {
            OffloadAction::Keep => "keep",
            OffloadAction::Compress => "compress",
            OffloadAction::Offload => "offload",
            OffloadAction::Reject => "reject",
        }
    }
}

/// An offload decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OffloadDecision {
    /// What to do.
    pub action: OffloadAction,
    /// For `compress`: which measured candidate to write.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compression: Option<Compression>,
    /// For `reject`: the exact `status.message`. For `offload`: the packer error that
    /// prefixes a database error if the offload write fails (Argo concatenates them with no
    /// separator before `Tried to offload but encountered error: `).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// A short explanation for people (logs, dry runs).
    #[serde(default)]
    pub reason: String,
}

/// Argo's archive settings (`persistence.archive`, `archiveLabelSelector`, `archiveTTL`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveSettings {
    /// `persistence.archive`.
    #[serde(default)]
    pub archive: bool,
    /// `persistence.archiveLabelSelector` (absent = archive everything).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archive_label_selector: Option<MetaLabelSelector>,
    /// `persistence.archiveTTL` as written (a string; `""` = forever).
    #[serde(default, rename = "archiveTTL")]
    pub archive_ttl: String,
    /// Free-form parameters for user policies (ignored by the Argo built-in).
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub parameters: serde_json::Value,
}

/// An archive request (`kind: ArchiveRequest`): metadata and phase only, never nodes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ArchiveRequest {
    /// Argo's settings.
    pub settings: ArchiveSettings,
    /// The workflow's identity, labels, phase and times.
    pub workflow: WorkflowMeta,
}

/// Archive or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ArchiveAction {
    /// Label `workflow-archiving-status=Pending` and archive.
    Archive,
    /// Do not archive.
    Skip,
}

/// An archive decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ArchiveDecision {
    /// Archive or skip.
    pub action: ArchiveAction,
    /// How long to keep the archived record after `finishedAt`, in seconds; `0` = forever.
    #[serde(default)]
    pub ttl_seconds: i64,
    /// A short explanation for people (logs, dry runs).
    #[serde(default)]
    pub reason: String,
}

/// Every request kind of ABI v1, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind")]
pub enum Request {
    /// `OffloadRequest`.
    OffloadRequest(OffloadRequest),
    /// `ArchiveRequest`.
    ArchiveRequest(ArchiveRequest),
}

/// Every decision kind of ABI v1.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Decision {
    /// For an `OffloadRequest`.
    Offload(OffloadDecision),
    /// For an `ArchiveRequest`.
    Archive(ArchiveDecision),
}

/// A policy's refusal: `{"error":{"code":…,"message":…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyError {
    /// A stable machine-readable code (`invalid_input`, `invalid_settings`,
    /// `missing_measurement`, `unsupported_kind`, …).
    pub code: String,
    /// What was wrong, then what to do.
    pub message: String,
}

impl PolicyError {
    /// A refusal with `code` and `message`.
    pub fn new(code: &str, message: impl Into<String>) -> PolicyError {
        PolicyError {
            code: String::from(code),
            message: message.into(),
        }
    }
}
