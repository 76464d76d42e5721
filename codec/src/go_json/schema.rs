//! Argo v4.1.2's Go types as a compact static table: JSON member names in struct
//! declaration order, with the Go type and the `omitempty` / pointer flags that decide
//! what `json.Marshal` writes.
//!
//! Sources: `pkg/apis/workflow/v1alpha1/workflow_types.go` (Workflow, WorkflowSpec,
//! WorkflowStatus, Template, NodeStatus and friends; NodeStatus and WorkflowStatus as
//! listed in the spec §1.1 for v4.1.2), `k8s.io/apimachinery` `ObjectMeta` (v0.35:
//! `creationTimestamp` is `omitzero`) and `k8s.io/api/core/v1` `Container` and its small
//! members. Embedded (`json:",inline"`) structs are flattened here in place.
//!
//! Types the table does not model (pod-level Kubernetes types such as `Affinity`,
//! `Volume`, `Probe`, `SecurityContext`; the container-set, data, HTTP and
//! synchronization templates; artifact repository configs) are [`Ty::Any`]: their
//! members are written in sorted order and nothing is dropped or added inside them.

/// A Go type as far as JSON encoding cares.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// `string` and string-kinded types (`NodePhase`, `Progress`, ...).
    Str,
    Bool,
    /// Any Go integer type.
    Int,
    /// `metav1.Time`: RFC 3339, UTC, second precision; zero is `null`.
    Time,
    /// Argo `AnyString`: accepts a JSON string, number or bool; always written as a string.
    AnyString,
    /// `intstr.IntOrString`: written as the string or the integer it was read as.
    IntOrString,
    /// `json.RawMessage`-like (`Item`, plugin `Object`, `FieldsV1`): the input's own
    /// bytes, compacted and HTML-escaped, member order kept.
    Raw,
    /// `interface{}` or a type not modelled here: generic encoding, map keys sorted.
    Any,
    Struct(&'static Struct),
    Slice(&'static Ty),
    Map(&'static Ty),
}

/// One struct type.
#[derive(Debug)]
pub(crate) struct Struct {
    pub fields: &'static [Field],
    /// Bit `i` set when field `i` (of the first 64) is written by `json.Marshal` even when
    /// absent (a zero value without `omitempty`, a struct or a time): see [`written_absent`].
    pub written_absent: u64,
}

/// The [`Struct::written_absent`] mask of `fields`, computed at compile time.
pub(crate) const fn written_absent(fields: &[Field]) -> u64 {
    let mut mask = 0u64;
    let mut i = 0;
    while i < fields.len() && i < 64 {
        let f = &fields[i];
        let written = if f.ptr || f.omitzero {
            !f.omitempty && !f.omitzero
        } else {
            matches!(f.ty, Ty::Struct(_) | Ty::Time) || !f.omitempty
        };
        if written {
            mask |= 1 << i;
        }
        i += 1;
    }
    mask
}

/// One JSON member of a struct.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    /// `,omitempty` in the tag.
    pub omitempty: bool,
    /// A Go pointer (`*T`): absent or `null` means nil.
    pub ptr: bool,
    /// `,omitzero` (only `creationTimestamp`).
    pub omitzero: bool,
    /// The first eight bytes of `name"` (the key as JSON text after its opening quote)
    /// as a little-endian word, and the mask of the bytes that belong to it: one
    /// compare tells most keys apart (see [`Struct::key_at`]).
    key: u64,
    key_mask: u64,
}

impl Struct {
    /// The field named exactly `name`, else (like Go's decoder) the first whose name
    /// matches ignoring ASCII case.
    #[inline]
    pub fn field(&self, name: &[u8]) -> Option<usize> {
        if let Some(i) = self.exact(name) {
            return Some(i);
        }
        self.fields
            .iter()
            .position(|f| f.name.as_bytes().eq_ignore_ascii_case(name))
    }

    /// Like [`Struct::field`], trying field `hint` first (members written by Go come in
    /// declaration order, so the next field is usually the one after the last).
    #[inline]
    pub fn field_from(&self, name: &[u8], hint: usize) -> Option<usize> {
        // Go omits empty members, so the field is usually a few after the hint: look
        // there first, then everywhere (which also handles ASCII case folding).
        let after = self.fields.get(hint..).unwrap_or_default();
        match after.iter().position(|f| f.name.as_bytes() == name) {
            Some(i) => Some(hint + i),
            None => self.field(name),
        }
    }

    /// With `b[pos]` a key's opening quote: the field whose name the key is exactly,
    /// compared as raw bytes (field names are plain ASCII that Go never escapes, so the
    /// bytes `"name"` are that key and nothing else is), searching from field `from` on
    /// and then, when `wrap`, the fields before it. Returns the field and the key's
    /// length with its quotes; `None` leaves the key to the general path (escapes,
    /// unknown or case-folded names).
    #[inline]
    pub fn key_at(&self, b: &[u8], pos: usize, from: usize, wrap: bool) -> Option<(usize, usize)> {
        if b.get(pos) != Some(&b'"') {
            return None;
        }
        let rest = b.get(pos + 1..)?;
        // The key's first eight bytes (zero-padded at the end of the input, where no name
        // byte is zero) against each name's, with its closing quote when shorter; names
        // of eight bytes or more also compare the rest.
        let x = match rest.get(..8) {
            Some(chunk) => super::string::word(chunk),
            None => {
                let mut t = [0u8; 8];
                t[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(t)
            }
        };
        let is = |f: &Field| {
            let n = f.name.len();
            x & f.key_mask == f.key
                && (n < 8 || (rest.get(n) == Some(&b'"') && rest[8..n] == f.name.as_bytes()[8..]))
        };
        let from = from.min(self.fields.len());
        let i = match self.fields[from..].iter().position(is) {
            Some(i) => from + i,
            None if wrap => self.fields[..from].iter().position(is)?,
            None => return None,
        };
        Some((i, self.fields[i].name.len() + 2))
    }

    /// The field named exactly `name`.
    #[inline]
    pub fn exact(&self, name: &[u8]) -> Option<usize> {
        let (&first, _) = name.split_first()?;
        self.fields.iter().position(|f| {
            let n = f.name.as_bytes();
            n.len() == name.len() && n[0] == first && n == name
        })
    }
}

const fn field(name: &'static str, ty: Ty, omitempty: bool, ptr: bool, omitzero: bool) -> Field {
    let b = name.as_bytes();
    let mut key = 0u64;
    let mut i = 0;
    while i < 8 && i <= b.len() {
        let c = if i < b.len() { b[i] } else { b'"' };
        key |= (c as u64) << (8 * i);
        i += 1;
    }
    let key_mask = if i == 8 {
        u64::MAX
    } else {
        (1u64 << (8 * i)) - 1
    };
    Field {
        name,
        ty,
        omitempty,
        ptr,
        omitzero,
        key,
        key_mask,
    }
}
/// `omitempty` value field.
const fn o(name: &'static str, ty: Ty) -> Field {
    field(name, ty, true, false, false)
}
/// `omitempty` pointer field.
const fn p(name: &'static str, ty: Ty) -> Field {
    field(name, ty, true, true, false)
}
/// Value field without `omitempty`: always written.
const fn r(name: &'static str, ty: Ty) -> Field {
    field(name, ty, false, false, false)
}
/// Pointer field without `omitempty`: written as `null` when nil.
const fn rp(name: &'static str, ty: Ty) -> Field {
    field(name, ty, false, true, false)
}
/// `omitzero` field (`creationTimestamp`): omitted when it is the zero time.
const fn z(name: &'static str, ty: Ty) -> Field {
    field(name, ty, true, false, true)
}

use Ty::{Any, AnyString, Bool, Int, IntOrString, Raw, Str, Time};

static STRS: Ty = Str;
static STR_SLICE: Ty = Ty::Slice(&STRS);
static STR_MAP: Ty = Ty::Map(&STRS);
static BOOL_MAP: Ty = Ty::Map(&Ty::Bool);
static INT_MAP: Ty = Ty::Map(&Ty::Int);
static ANY_SLICE: Ty = Ty::Slice(&Ty::Any);
static RAW_SLICE: Ty = Ty::Slice(&Ty::Raw);
static ANYSTRING_SLICE: Ty = Ty::Slice(&Ty::AnyString);

macro_rules! st {
    ($name:ident, $ty:ident, [$($f:expr),* $(,)?]) => {
        pub(crate) static $name: Struct = Struct {
            fields: &[$($f),*],
            written_absent: written_absent(&[$($f),*]),
        };
        pub(crate) static $ty: Ty = Ty::Struct(&$name);
    };
}

// --- the Workflow object ---
st!(
    WORKFLOW,
    WORKFLOW_T,
    [
        o("kind", Str),
        o("apiVersion", Str),
        r("metadata", OBJECT_META_T),
        r("spec", WORKFLOW_SPEC_T),
        o("status", WORKFLOW_STATUS_T),
    ]
);

st!(
    OBJECT_META,
    OBJECT_META_T,
    [
        o("name", Str),
        o("generateName", Str),
        o("namespace", Str),
        o("selfLink", Str),
        o("uid", Str),
        o("resourceVersion", Str),
        o("generation", Int),
        z("creationTimestamp", Time),
        p("deletionTimestamp", Time),
        p("deletionGracePeriodSeconds", Int),
        o("labels", STR_MAP),
        o("annotations", STR_MAP),
        o("ownerReferences", Ty::Slice(&OWNER_REFERENCE_T)),
        o("finalizers", STR_SLICE),
        o("managedFields", Ty::Slice(&MANAGED_FIELDS_ENTRY_T)),
    ]
);

st!(
    OWNER_REFERENCE,
    OWNER_REFERENCE_T,
    [
        r("apiVersion", Str),
        r("kind", Str),
        r("name", Str),
        r("uid", Str),
        p("controller", Bool),
        p("blockOwnerDeletion", Bool),
    ]
);

st!(
    MANAGED_FIELDS_ENTRY,
    MANAGED_FIELDS_ENTRY_T,
    [
        o("manager", Str),
        o("operation", Str),
        o("apiVersion", Str),
        p("time", Time),
        o("fieldsType", Str),
        p("fieldsV1", Raw),
        o("subresource", Str),
    ]
);

st!(
    WORKFLOW_SPEC,
    WORKFLOW_SPEC_T,
    [
        o("templates", Ty::Slice(&TEMPLATE_T)),
        o("entrypoint", Str),
        o("arguments", ARGUMENTS_T),
        o("serviceAccountName", Str),
        p("automountServiceAccountToken", Bool),
        p("executor", EXECUTOR_CONFIG_T),
        o("volumes", ANY_SLICE),
        o("volumeClaimTemplates", ANY_SLICE),
        p("parallelism", Int),
        p("artifactRepositoryRef", ARTIFACT_REPOSITORY_REF_T),
        p("suspend", Bool),
        o("nodeSelector", STR_MAP),
        p("affinity", Any),
        o("tolerations", ANY_SLICE),
        o("imagePullSecrets", ANY_SLICE),
        p("hostNetwork", Bool),
        p("dnsPolicy", Str),
        p("dnsConfig", Any),
        o("onExit", Str),
        p("ttlStrategy", TTL_STRATEGY_T),
        p("activeDeadlineSeconds", Int),
        p("priority", Int),
        o("schedulerName", Str),
        p("podGC", POD_GC_T),
        o("podPriorityClassName", Str),
        p("podPriority", Int),
        o("hostAliases", ANY_SLICE),
        p("securityContext", Any),
        o("podSpecPatch", Str),
        p("podDisruptionBudget", Any),
        p("metrics", METRICS_T),
        o("shutdown", Str),
        p("workflowTemplateRef", WORKFLOW_TEMPLATE_REF_T),
        p("synchronization", Any),
        p("volumeClaimGC", VOLUME_CLAIM_GC_T),
        p("retryStrategy", RETRY_STRATEGY_T),
        p("podMetadata", METADATA_T),
        p("templateDefaults", TEMPLATE_T),
        p("archiveLogs", Bool),
        o("hooks", Ty::Map(&LIFECYCLE_HOOK_T)),
        p("workflowMetadata", WORKFLOW_METADATA_T),
        p("artifactGC", WORKFLOW_LEVEL_ARTIFACT_GC_T),
    ]
);

st!(
    WORKFLOW_STATUS,
    WORKFLOW_STATUS_T,
    [
        o("phase", Str),
        o("startedAt", Time),
        o("finishedAt", Time),
        o("estimatedDuration", Int),
        o("progress", Str),
        o("message", Str),
        o("compressedNodes", Str),
        o("nodes", Ty::Map(&NODE_STATUS_T)),
        o("offloadNodeStatusVersion", Str),
        o("storedTemplates", Ty::Map(&TEMPLATE_T)),
        o("persistentVolumeClaims", ANY_SLICE),
        p("outputs", OUTPUTS_T),
        o("conditions", Ty::Slice(&CONDITION_T)),
        o("resourcesDuration", INT_MAP),
        p("storedWorkflowTemplateSpec", WORKFLOW_SPEC_T),
        p("synchronization", Any),
        p("artifactRepositoryRef", ARTIFACT_REPOSITORY_REF_STATUS_T),
        p("artifactGCStatus", ART_GC_STATUS_T),
        o("taskResultsCompletionStatus", BOOL_MAP),
    ]
);

st!(
    NODE_STATUS,
    NODE_STATUS_T,
    [
        r("id", Str),
        r("name", Str),
        o("displayName", Str),
        r("type", Str),
        o("templateName", Str),
        p("templateRef", TEMPLATE_REF_T),
        o("templateScope", Str),
        o("phase", Str),
        o("boundaryID", Str),
        o("message", Str),
        o("startedAt", Time),
        o("finishedAt", Time),
        o("estimatedDuration", Int),
        o("progress", Str),
        o("resourcesDuration", INT_MAP),
        o("podIP", Str),
        p("daemoned", Bool),
        p("nodeFlag", NODE_FLAG_T),
        p("inputs", INPUTS_T),
        p("outputs", OUTPUTS_T),
        o("children", STR_SLICE),
        o("outboundNodes", STR_SLICE),
        o("hostNodeName", Str),
        p("memoizationStatus", MEMOIZATION_STATUS_T),
        p("synchronizationStatus", NODE_SYNCHRONIZATION_STATUS_T),
        p("taskResultSynced", Bool),
        o("failedPodRestarts", Int),
        o("restartingPodUID", Str),
    ]
);

st!(
    NODE_FLAG,
    NODE_FLAG_T,
    [o("hooked", Bool), o("retried", Bool)]
);
st!(
    MEMOIZATION_STATUS,
    MEMOIZATION_STATUS_T,
    [r("hit", Bool), r("key", Str), r("cacheName", Str)]
);
st!(
    NODE_SYNCHRONIZATION_STATUS,
    NODE_SYNCHRONIZATION_STATUS_T,
    [o("waiting", Str)]
);
st!(
    CONDITION,
    CONDITION_T,
    [o("type", Str), o("status", Str), o("message", Str)]
);

// --- templates ---
st!(
    TEMPLATE,
    TEMPLATE_T,
    [
        o("name", Str),
        o("inputs", INPUTS_T),
        o("outputs", OUTPUTS_T),
        o("nodeSelector", STR_MAP),
        p("affinity", Any),
        o("metadata", METADATA_T),
        p("daemon", Bool),
        o("steps", Ty::Slice(&PARALLEL_STEPS)),
        p("container", CONTAINER_T),
        p("containerSet", Any),
        p("script", SCRIPT_TEMPLATE_T),
        p("resource", RESOURCE_TEMPLATE_T),
        p("dag", DAG_TEMPLATE_T),
        p("suspend", SUSPEND_TEMPLATE_T),
        p("data", Any),
        p("http", Any),
        p("plugin", Raw),
        o("volumes", ANY_SLICE),
        o("initContainers", Ty::Slice(&USER_CONTAINER_T)),
        o("sidecars", Ty::Slice(&USER_CONTAINER_T)),
        p("archiveLocation", ARTIFACT_LOCATION_T),
        p("activeDeadlineSeconds", IntOrString),
        p("retryStrategy", RETRY_STRATEGY_T),
        p("parallelism", Int),
        p("failFast", Bool),
        o("tolerations", ANY_SLICE),
        o("schedulerName", Str),
        o("priorityClassName", Str),
        p("priority", Int),
        o("serviceAccountName", Str),
        p("automountServiceAccountToken", Bool),
        p("executor", EXECUTOR_CONFIG_T),
        o("hostAliases", ANY_SLICE),
        p("securityContext", Any),
        o("podSpecPatch", Str),
        p("metrics", METRICS_T),
        p("synchronization", Any),
        p("memoize", MEMOIZE_T),
        o("timeout", Str),
    ]
);

// `ParallelSteps` marshals as the plain array of its steps.
static PARALLEL_STEPS: Ty = Ty::Slice(&WORKFLOW_STEP_T);

st!(
    INPUTS,
    INPUTS_T,
    [
        o("parameters", Ty::Slice(&PARAMETER_T)),
        o("artifacts", Ty::Slice(&ARTIFACT_T)),
    ]
);
st!(
    OUTPUTS,
    OUTPUTS_T,
    [
        o("parameters", Ty::Slice(&PARAMETER_T)),
        o("artifacts", Ty::Slice(&ARTIFACT_T)),
        p("result", Str),
        p("exitCode", Str),
    ]
);
st!(
    ARGUMENTS,
    ARGUMENTS_T,
    [
        o("parameters", Ty::Slice(&PARAMETER_T)),
        o("artifacts", Ty::Slice(&ARTIFACT_T)),
    ]
);
st!(
    METADATA,
    METADATA_T,
    [o("annotations", STR_MAP), o("labels", STR_MAP)]
);

st!(
    PARAMETER,
    PARAMETER_T,
    [
        r("name", Str),
        p("default", AnyString),
        p("value", AnyString),
        p("valueFrom", VALUE_FROM_T),
        o("globalName", Str),
        o("enum", ANYSTRING_SLICE),
        p("description", AnyString),
    ]
);
st!(
    VALUE_FROM,
    VALUE_FROM_T,
    [
        o("path", Str),
        o("jsonPath", Str),
        o("jqFilter", Str),
        o("event", Str),
        o("parameter", Str),
        p("supplied", EMPTY_T),
        p("configMapKeyRef", KEY_SELECTOR_T),
        p("default", AnyString),
        o("expression", Str),
    ]
);
st!(EMPTY, EMPTY_T, []);
// `ConfigMapKeySelector` and `SecretKeySelector` (inline `LocalObjectReference`).
st!(
    KEY_SELECTOR,
    KEY_SELECTOR_T,
    [o("name", Str), r("key", Str), p("optional", Bool)]
);

st!(
    ARTIFACT,
    ARTIFACT_T,
    [
        r("name", Str),
        o("path", Str),
        p("mode", Int),
        o("from", Str),
        // inline ArtifactLocation
        p("archiveLogs", Bool),
        p("s3", S3_ARTIFACT_T),
        p("git", GIT_ARTIFACT_T),
        p("http", HTTP_ARTIFACT_T),
        p("artifactory", ARTIFACTORY_ARTIFACT_T),
        p("hdfs", Any),
        p("raw", RAW_ARTIFACT_T),
        p("oss", Any),
        p("gcs", GCS_ARTIFACT_T),
        p("azure", AZURE_ARTIFACT_T),
        o("globalName", Str),
        p("archive", ARCHIVE_STRATEGY_T),
        o("optional", Bool),
        o("subPath", Str),
        o("recurseMode", Bool),
        o("fromExpression", Str),
        p("artifactGC", ARTIFACT_GC_T),
        o("deleted", Bool),
    ]
);
st!(
    ARTIFACT_LOCATION,
    ARTIFACT_LOCATION_T,
    [
        p("archiveLogs", Bool),
        p("s3", S3_ARTIFACT_T),
        p("git", GIT_ARTIFACT_T),
        p("http", HTTP_ARTIFACT_T),
        p("artifactory", ARTIFACTORY_ARTIFACT_T),
        p("hdfs", Any),
        p("raw", RAW_ARTIFACT_T),
        p("oss", Any),
        p("gcs", GCS_ARTIFACT_T),
        p("azure", AZURE_ARTIFACT_T),
    ]
);
st!(
    S3_ARTIFACT,
    S3_ARTIFACT_T,
    [
        o("endpoint", Str),
        o("bucket", Str),
        o("region", Str),
        p("insecure", Bool),
        p("accessKeySecret", KEY_SELECTOR_T),
        p("secretKeySecret", KEY_SELECTOR_T),
        p("sessionTokenSecret", KEY_SELECTOR_T),
        o("roleARN", Str),
        o("useSDKCreds", Bool),
        p("createBucketIfNotPresent", Any),
        p("encryptionOptions", Any),
        p("caSecret", KEY_SELECTOR_T),
        o("key", Str),
    ]
);
st!(
    GIT_ARTIFACT,
    GIT_ARTIFACT_T,
    [
        r("repo", Str),
        o("revision", Str),
        p("depth", Int),
        o("fetch", STR_SLICE),
        p("usernameSecret", KEY_SELECTOR_T),
        p("passwordSecret", KEY_SELECTOR_T),
        p("sshPrivateKeySecret", KEY_SELECTOR_T),
        o("insecureIgnoreHostKey", Bool),
        o("disableSubmodules", Bool),
        o("singleBranch", Bool),
        o("branch", Str),
    ]
);
st!(
    HTTP_ARTIFACT,
    HTTP_ARTIFACT_T,
    [
        r("url", Str),
        o("headers", Ty::Slice(&HEADER_T)),
        p("auth", Any),
    ]
);
st!(HEADER, HEADER_T, [r("name", Str), r("value", Str)]);
st!(
    ARTIFACTORY_ARTIFACT,
    ARTIFACTORY_ARTIFACT_T,
    [
        r("url", Str),
        p("usernameSecret", KEY_SELECTOR_T),
        p("passwordSecret", KEY_SELECTOR_T),
    ]
);
st!(RAW_ARTIFACT, RAW_ARTIFACT_T, [r("data", Str)]);
st!(
    GCS_ARTIFACT,
    GCS_ARTIFACT_T,
    [
        o("bucket", Str),
        p("serviceAccountKeySecret", KEY_SELECTOR_T),
        r("key", Str),
    ]
);
st!(
    AZURE_ARTIFACT,
    AZURE_ARTIFACT_T,
    [
        r("endpoint", Str),
        r("container", Str),
        p("accountKeySecret", KEY_SELECTOR_T),
        o("useSDKCreds", Bool),
        r("blob", Str),
    ]
);
st!(
    ARCHIVE_STRATEGY,
    ARCHIVE_STRATEGY_T,
    [
        p("tar", TAR_STRATEGY_T),
        p("none", EMPTY_T),
        p("zip", EMPTY_T),
    ]
);
st!(TAR_STRATEGY, TAR_STRATEGY_T, [p("compressionLevel", Int)]);
st!(
    ARTIFACT_GC,
    ARTIFACT_GC_T,
    [
        o("strategy", Str),
        p("podMetadata", METADATA_T),
        o("serviceAccountName", Str),
        o("env", Ty::Slice(&ENV_VAR_T)),
        o("volumes", ANY_SLICE),
        o("volumeMounts", Ty::Slice(&VOLUME_MOUNT_T)),
    ]
);
st!(
    WORKFLOW_LEVEL_ARTIFACT_GC,
    WORKFLOW_LEVEL_ARTIFACT_GC_T,
    [
        o("strategy", Str),
        p("podMetadata", METADATA_T),
        o("serviceAccountName", Str),
        o("env", Ty::Slice(&ENV_VAR_T)),
        o("volumes", ANY_SLICE),
        o("volumeMounts", Ty::Slice(&VOLUME_MOUNT_T)),
        o("forceFinalizerRemoval", Bool),
        o("podSpecPatch", Str),
    ]
);

st!(
    WORKFLOW_STEP,
    WORKFLOW_STEP_T,
    [
        o("name", Str),
        o("template", Str),
        p("inline", TEMPLATE_T),
        o("arguments", ARGUMENTS_T),
        p("templateRef", TEMPLATE_REF_T),
        o("withItems", RAW_SLICE),
        o("withParam", Str),
        p("withSequence", SEQUENCE_T),
        o("when", Str),
        p("continueOn", CONTINUE_ON_T),
        o("onExit", Str),
        o("hooks", Ty::Map(&LIFECYCLE_HOOK_T)),
    ]
);
st!(
    DAG_TEMPLATE,
    DAG_TEMPLATE_T,
    [
        o("target", Str),
        r("tasks", Ty::Slice(&DAG_TASK_T)),
        p("failFast", Bool),
    ]
);
st!(
    DAG_TASK,
    DAG_TASK_T,
    [
        r("name", Str),
        o("template", Str),
        p("inline", TEMPLATE_T),
        o("arguments", ARGUMENTS_T),
        p("templateRef", TEMPLATE_REF_T),
        o("dependencies", STR_SLICE),
        o("withItems", RAW_SLICE),
        o("withParam", Str),
        p("withSequence", SEQUENCE_T),
        o("when", Str),
        p("continueOn", CONTINUE_ON_T),
        o("onExit", Str),
        o("depends", Str),
        o("hooks", Ty::Map(&LIFECYCLE_HOOK_T)),
    ]
);
st!(
    LIFECYCLE_HOOK,
    LIFECYCLE_HOOK_T,
    [
        o("template", Str),
        o("arguments", ARGUMENTS_T),
        p("templateRef", TEMPLATE_REF_T),
        o("expression", Str),
    ]
);
st!(
    SEQUENCE,
    SEQUENCE_T,
    [
        p("count", IntOrString),
        p("start", IntOrString),
        p("end", IntOrString),
        o("format", Str),
    ]
);
st!(
    TEMPLATE_REF,
    TEMPLATE_REF_T,
    [o("name", Str), o("template", Str), o("clusterScope", Bool)]
);
st!(
    CONTINUE_ON,
    CONTINUE_ON_T,
    [o("error", Bool), o("failed", Bool)]
);
st!(SUSPEND_TEMPLATE, SUSPEND_TEMPLATE_T, [o("duration", Str)]);
st!(
    RESOURCE_TEMPLATE,
    RESOURCE_TEMPLATE_T,
    [
        r("action", Str),
        o("mergeStrategy", Str),
        o("manifest", Str),
        p("manifestFrom", MANIFEST_FROM_T),
        o("setOwnerReference", Bool),
        o("successCondition", Str),
        o("failureCondition", Str),
        o("flags", STR_SLICE),
    ]
);
st!(MANIFEST_FROM, MANIFEST_FROM_T, [rp("artifact", ARTIFACT_T)]);
st!(
    RETRY_STRATEGY,
    RETRY_STRATEGY_T,
    [
        p("limit", IntOrString),
        o("retryPolicy", Str),
        p("backoff", BACKOFF_T),
        p("affinity", RETRY_AFFINITY_T),
        o("expression", Str),
    ]
);
st!(
    BACKOFF,
    BACKOFF_T,
    [
        o("duration", Str),
        p("factor", IntOrString),
        o("maxDuration", Str)
    ]
);
st!(
    RETRY_AFFINITY,
    RETRY_AFFINITY_T,
    [p("nodeAntiAffinity", EMPTY_T)]
);
st!(
    METRICS,
    METRICS_T,
    [r("prometheus", Ty::Slice(&PROMETHEUS_T))]
);
st!(
    PROMETHEUS,
    PROMETHEUS_T,
    [
        r("name", Str),
        o("labels", Ty::Slice(&METRIC_LABEL_T)),
        r("help", Str),
        o("when", Str),
        p("gauge", GAUGE_T),
        p("histogram", HISTOGRAM_T),
        p("counter", COUNTER_T),
    ]
);
st!(
    METRIC_LABEL,
    METRIC_LABEL_T,
    [r("key", Str), r("value", Str)]
);
st!(
    GAUGE,
    GAUGE_T,
    [r("value", Str), rp("realtime", Bool), o("operation", Str)]
);
st!(
    HISTOGRAM,
    HISTOGRAM_T,
    [r("value", Str), r("buckets", ANY_SLICE)]
);
st!(COUNTER, COUNTER_T, [r("value", Str)]);
st!(
    MEMOIZE,
    MEMOIZE_T,
    [r("key", Str), rp("cache", CACHE_T), r("maxAge", Str)]
);
st!(CACHE, CACHE_T, [rp("configMap", KEY_SELECTOR_T)]);
st!(
    EXECUTOR_CONFIG,
    EXECUTOR_CONFIG_T,
    [o("serviceAccountName", Str)]
);
st!(
    TTL_STRATEGY,
    TTL_STRATEGY_T,
    [
        p("secondsAfterCompletion", Int),
        p("secondsAfterSuccess", Int),
        p("secondsAfterFailure", Int),
    ]
);
st!(
    POD_GC,
    POD_GC_T,
    [
        o("strategy", Str),
        p("labelSelector", Any),
        o("deleteDelayDuration", Str)
    ]
);
st!(VOLUME_CLAIM_GC, VOLUME_CLAIM_GC_T, [o("strategy", Str)]);
st!(
    WORKFLOW_TEMPLATE_REF,
    WORKFLOW_TEMPLATE_REF_T,
    [o("name", Str), o("clusterScope", Bool)]
);
st!(
    WORKFLOW_METADATA,
    WORKFLOW_METADATA_T,
    [
        o("labels", STR_MAP),
        o("annotations", STR_MAP),
        o("labelsFrom", Ty::Map(&LABEL_VALUE_FROM_T)),
    ]
);
st!(LABEL_VALUE_FROM, LABEL_VALUE_FROM_T, [r("expression", Str)]);
st!(
    ARTIFACT_REPOSITORY_REF,
    ARTIFACT_REPOSITORY_REF_T,
    [o("configMap", Str), o("key", Str)]
);
st!(
    ARTIFACT_REPOSITORY_REF_STATUS,
    ARTIFACT_REPOSITORY_REF_STATUS_T,
    [
        o("configMap", Str),
        o("key", Str),
        o("namespace", Str),
        o("default", Bool),
        p("artifactRepository", Any),
    ]
);
st!(
    ART_GC_STATUS,
    ART_GC_STATUS_T,
    [
        o("strategiesProcessed", BOOL_MAP),
        o("podsRecouped", BOOL_MAP),
        o("notSpecified", Bool),
    ]
);

// --- Kubernetes core/v1 container ---
macro_rules! container_fields {
    ($($extra:expr),* $(,)?) => {
        [
            r("name", Str),
            o("image", Str),
            o("command", STR_SLICE),
            o("args", STR_SLICE),
            o("workingDir", Str),
            o("ports", Ty::Slice(&CONTAINER_PORT_T)),
            o("envFrom", ANY_SLICE),
            o("env", Ty::Slice(&ENV_VAR_T)),
            o("resources", RESOURCE_REQUIREMENTS_T),
            o("resizePolicy", ANY_SLICE),
            p("restartPolicy", Str),
            o("restartPolicyRules", ANY_SLICE),
            o("volumeMounts", Ty::Slice(&VOLUME_MOUNT_T)),
            o("volumeDevices", ANY_SLICE),
            p("livenessProbe", Any),
            p("readinessProbe", Any),
            p("startupProbe", Any),
            p("lifecycle", Any),
            o("terminationMessagePath", Str),
            o("terminationMessagePolicy", Str),
            o("imagePullPolicy", Str),
            p("securityContext", Any),
            o("stdin", Bool),
            o("stdinOnce", Bool),
            o("tty", Bool),
            $($extra),*
        ]
    };
}
pub(crate) static CONTAINER: Struct = Struct {
    fields: &container_fields!(),
    written_absent: written_absent(&container_fields!()),
};
pub(crate) static CONTAINER_T: Ty = Ty::Struct(&CONTAINER);
pub(crate) static USER_CONTAINER: Struct = Struct {
    fields: &container_fields!(p("mirrorVolumeMounts", Bool)),
    written_absent: written_absent(&container_fields!(p("mirrorVolumeMounts", Bool))),
};
pub(crate) static USER_CONTAINER_T: Ty = Ty::Struct(&USER_CONTAINER);
pub(crate) static SCRIPT_TEMPLATE: Struct = Struct {
    fields: &container_fields!(r("source", Str)),
    written_absent: written_absent(&container_fields!(r("source", Str))),
};
pub(crate) static SCRIPT_TEMPLATE_T: Ty = Ty::Struct(&SCRIPT_TEMPLATE);

st!(
    RESOURCE_REQUIREMENTS,
    RESOURCE_REQUIREMENTS_T,
    [
        // resource.Quantity values are written as given (Go would canonicalise them).
        o("limits", Ty::Map(&Ty::Any)),
        o("requests", Ty::Map(&Ty::Any)),
        o("claims", ANY_SLICE),
    ]
);
st!(
    CONTAINER_PORT,
    CONTAINER_PORT_T,
    [
        o("name", Str),
        o("hostPort", Int),
        r("containerPort", Int),
        o("protocol", Str),
        o("hostIP", Str),
    ]
);
st!(
    ENV_VAR,
    ENV_VAR_T,
    [r("name", Str), o("value", Str), p("valueFrom", Any)]
);
st!(
    VOLUME_MOUNT,
    VOLUME_MOUNT_T,
    [
        r("name", Str),
        o("readOnly", Bool),
        p("recursiveReadOnly", Str),
        r("mountPath", Str),
        o("subPath", Str),
        p("mountPropagation", Str),
        o("subPathExpr", Str),
    ]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_status_order_matches_the_spec() {
        let names: alloc::vec::Vec<&str> = NODE_STATUS.fields.iter().map(|f| f.name).collect();
        assert_eq!(
            names.join(","),
            "id,name,displayName,type,templateName,templateRef,templateScope,phase,boundaryID,\
             message,startedAt,finishedAt,estimatedDuration,progress,resourcesDuration,podIP,\
             daemoned,nodeFlag,inputs,outputs,children,outboundNodes,hostNodeName,\
             memoizationStatus,synchronizationStatus,taskResultSynced,failedPodRestarts,\
             restartingPodUID"
        );
        assert_eq!(NODE_STATUS.field(b"ID"), Some(0));
        assert_eq!(NODE_STATUS.exact(b"ID"), None);
    }
}
