//! Acting like the workflow controller on one Workflow: measure it (Go-exact, natively),
//! ask the policy what to do (Argo's built-in by default), and apply the answer to the
//! object. Shared by `decide`, `pack`, `hydrate` and `run`.
//!
//! The measuring is the codec's (`go_json` in `Order::Argo`, `compress::encode_nodes`,
//! `version::offload_version`); the decision is the policy's (`policy::builtin`); this
//! module only wires them together and edits the JSON object.

use serde_json::{Map, Value};
use wfpack_codec::compress::{self, Algorithm, Level, Limits};
use wfpack_codec::go_json::{self, Options};
use wfpack_codec::pack;
use wfpack_codec::policy::builtin;
use wfpack_codec::policy::decision::{
    ArchiveDecision, ArchiveSettings, Candidate, Compression, OffloadAction, OffloadDecision,
    OffloadFacts, OffloadSettings, WorkflowMeta,
};

use crate::failure::{Failure, Result};
use crate::input::Workflow;
use crate::settings::{ControllerArgs, ControllerEnv, Persistence};

/// Label Argo sets on a workflow queued for / done with archiving.
pub const ARCHIVING_STATUS: &str = "workflows.argoproj.io/workflow-archiving-status";

/// Which policy decides.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyChoice {
    /// A built-in policy by name (`argo`, `adaptive`).
    Builtin(String),
}

impl PolicyChoice {
    fn name(&self) -> &str {
        match self {
            PolicyChoice::Builtin(n) => n,
        }
    }
}

/// The controller's configuration, resolved from flags, environment and configmap.
#[derive(Debug, Clone)]
pub struct Controller {
    /// The controller environment (MAX_WORKFLOW_SIZE, ...).
    pub env: ControllerEnv,
    /// The `persistence` block, when a configmap was given.
    pub persistence: Option<Persistence>,
    /// Offload settings as the policy sees them.
    pub offload: OffloadSettings,
    /// Archive settings as the policy sees them.
    pub archive: ArchiveSettings,
    /// The policy.
    pub policy: PolicyChoice,
}

/// What the controller measured about one workflow.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The facts a policy receives.
    pub facts: OffloadFacts,
    /// `json.Marshal(status.nodes)`: the bytes Argo compresses, hashes and offloads.
    pub nodes_json: Vec<u8>,
    /// `compressedNodes` per measured candidate.
    pub encoded: Vec<(Compression, String)>,
}

impl Measured {
    /// The offload version of the nodes (`fnv:` + FNV-1 32).
    pub fn version(&self) -> String {
        wfpack_codec::version::offload_version(&self.nodes_json)
    }
}

/// Parses an algorithm name the user typed (`--algorithm`), strictly.
pub fn parse_algorithm(s: &str) -> Result<Algorithm> {
    s.parse::<Algorithm>().map_err(|e| {
        Failure::usage(
            format!("unknown compression algorithm {s:?}: {e}"),
            "use gzip, zstd or brotli",
        )
    })
}

impl Controller {
    /// Resolves the configuration: `--config`, environment, `--env-file`, flags.
    pub fn load(
        args: &ControllerArgs,
        no_offload: bool,
        policy: Option<&str>,
    ) -> Result<Controller> {
        let env = ControllerEnv::load(args)?;
        let persistence = match &args.config {
            Some(path) => Some(Persistence::load(path)?),
            None => None,
        };
        let algorithm = Algorithm::from_argo_env(env.get("WORKFLOW_COMPRESSION_ALGORITHM"));
        let level = Level::from_argo_env(algorithm, env.get("WORKFLOW_COMPRESSION_LEVEL"));
        let offload = OffloadSettings {
            max_workflow_size: env.max_workflow_size(),
            node_status_offload: !no_offload
                && persistence.as_ref().is_some_and(|p| p.node_status_offload),
            always_offload_node_status: env.always_offload(),
            compression: Compression::new(algorithm.name(), level.get()),
            parameters: Value::Null,
        };
        let archive = match &persistence {
            Some(p) => ArchiveSettings {
                archive: p.archive,
                archive_label_selector: p.archive_label_selector.clone(),
                archive_ttl: p.archive_ttl.clone(),
                parameters: Value::Null,
            },
            None => ArchiveSettings::default(),
        };
        let policy = match policy {
            None => PolicyChoice::Builtin("argo".into()),
            Some(name) if builtin::NAMES.contains(&name) => PolicyChoice::Builtin(name.into()),
            Some(other) => {
                return Err(Failure::unavailable(
                    &format!("the policy {other:?} (a wasm policy module)"),
                    "the policy host (issue 3)",
                ));
            }
        };
        Ok(Controller {
            env,
            persistence,
            offload,
            archive,
            policy,
        })
    }

    /// Measures a workflow: its Go-exact size and, when it is over the limit (or the policy
    /// always offloads), the compressed candidates the policy asks for.
    ///
    /// `wf.value` is left as it was (the nodes are moved out and back, never copied).
    pub fn measure(&self, wf: &mut Workflow) -> Result<Measured> {
        let ctx = wf.source.to_string();
        let owned;
        let json: &[u8] = match &wf.raw {
            Some(raw) => raw,
            None => {
                owned = to_json(&wf.value)?;
                &owned
            }
        };
        let workflow_size = pack::workflow_size(json).map_err(|e| Failure::bad_input(&ctx, e))?;
        let hydrated = wf.compressed_nodes().is_empty() && wf.offload_version().is_empty();
        let node_count = wf.nodes().map_or(0, |m| m.len() as u64);
        let nodes_json = pack::nodes_json(json).map_err(|e| Failure::bad_input(&ctx, e))?;
        let mut facts = OffloadFacts {
            meta: meta(wf),
            hydrated,
            node_count,
            workflow_size: workflow_size as i64,
            nodes_size: nodes_json.len() as i64,
            candidates: Vec::new(),
        };
        let mut encoded = Vec::new();
        let large = facts.workflow_size > self.offload.max_workflow_size;
        if hydrated && large {
            let base =
                dehydrated_base_size(&mut wf.value).map_err(|e| Failure::bad_input(&ctx, e))?;
            for c in builtin::candidates_to_measure(self.policy.name(), &self.offload) {
                let alg = parse_algorithm(&c.algorithm)?;
                let level = c.level.map_or(Level::DEFAULT, Level::new);
                let b64 = compress::encode_nodes(&nodes_json, alg, level)
                    .map_err(|e| Failure::usage(e.to_string(), ""))?;
                facts.candidates.push(Candidate {
                    compression: c.clone(),
                    compressed_nodes_length: b64.len() as i64,
                    workflow_size: (base + b64.len()) as i64,
                });
                encoded.push((c, b64));
            }
        }
        Ok(Measured {
            facts,
            nodes_json,
            encoded,
        })
    }

    /// The offload decision for measured facts.
    pub fn decide(&self, m: &Measured) -> Result<OffloadDecision> {
        let d = match self.policy.name() {
            "adaptive" => builtin::adaptive_offload(&self.offload, &m.facts),
            _ => builtin::argo_offload(&self.offload, &m.facts),
        };
        d.map_err(|e| {
            Failure::failed(
                format!("the policy refused ({}): {}", e.code, e.message),
                "",
            )
        })
    }

    /// The archive decision for a workflow in its current phase and labels.
    pub fn decide_archive(&self, wf: &Workflow) -> Result<ArchiveDecision> {
        builtin::argo_archive(&self.archive, &meta(wf)).map_err(|e| {
            Failure::usage(
                format!(
                    "the archive settings are invalid ({}): {}",
                    e.code, e.message
                ),
                "fix persistence.archiveLabelSelector / archiveTTL in the configmap",
            )
        })
    }

    /// The policy's name, for output.
    pub fn policy_name(&self) -> &str {
        self.policy.name()
    }
}

/// The policy's view of a workflow's identity.
pub fn meta(wf: &Workflow) -> WorkflowMeta {
    let s = |p: &str| {
        wf.value
            .pointer(p)
            .and_then(Value::as_str)
            .map(str::to_string)
    };
    WorkflowMeta {
        namespace: wf.namespace().to_string(),
        name: wf.name(),
        uid: wf.uid().to_string(),
        labels: wf.labels().into_iter().collect(),
        annotations: Default::default(),
        phase: wf.phase().to_string(),
        creation_timestamp: s("/metadata/creationTimestamp"),
        started_at: s("/status/startedAt"),
        finished_at: s("/status/finishedAt"),
    }
}

fn to_json(v: &Value) -> Result<Vec<u8>> {
    serde_json::to_vec(v).map_err(|e| Failure::failed(e.to_string(), ""))
}

/// The Argo size of the workflow with `status.nodes` replaced by an empty-string-length
/// `compressedNodes`: add the base64 length to get the compressed workflow's size (base64
/// needs no JSON escaping). The value is restored before returning.
pub fn dehydrated_base_size(v: &mut Value) -> wfpack_codec::Result<usize> {
    let Some(obj) = v.as_object_mut() else {
        return Err(wfpack_codec::Error::WorkflowNotObject);
    };
    let created = !obj.get("status").is_some_and(Value::is_object);
    let previous = if created {
        obj.insert("status".into(), Value::Object(Map::new()))
    } else {
        None
    };
    let Some(status) = obj.get_mut("status").and_then(Value::as_object_mut) else {
        return Err(wfpack_codec::Error::WorkflowNotObject);
    };
    let nodes = status.remove("nodes");
    let old = status.insert("compressedNodes".into(), Value::from("A"));
    let bytes = serde_json::to_vec(&*v).map_err(|_| wfpack_codec::Error::WorkflowNotObject);
    let size = bytes.and_then(|b| go_json::encoded_len(&b, &Options::ARGO));
    if let Some(status) = v.get_mut("status").and_then(Value::as_object_mut) {
        match old {
            Some(o) => status.insert("compressedNodes".into(), o),
            None => status.remove("compressedNodes"),
        };
        if let Some(n) = nodes {
            status.insert("nodes".into(), n);
        }
    }
    if created && let Some(obj) = v.as_object_mut() {
        match previous {
            Some(p) => obj.insert("status".into(), p),
            None => obj.remove("status"),
        };
    }
    Ok(size? - 1)
}

fn status_mut(v: &mut Value) -> Option<&mut Map<String, Value>> {
    let obj = v.as_object_mut()?;
    let status = obj
        .entry("status")
        .or_insert_with(|| Value::Object(Map::new()));
    if !status.is_object() {
        *status = Value::Object(Map::new());
    }
    status.as_object_mut()
}

fn labels_mut(v: &mut Value) -> Option<&mut Map<String, Value>> {
    let meta = v
        .as_object_mut()?
        .entry("metadata")
        .or_insert_with(|| Value::Object(Map::new()));
    let labels = meta
        .as_object_mut()?
        .entry("labels")
        .or_insert_with(|| Value::Object(Map::new()));
    labels.as_object_mut()
}

/// Moves `status.nodes` out of the object.
pub fn take_nodes(v: &mut Value) -> Option<Value> {
    status_mut(v).and_then(|s| s.remove("nodes"))
}

/// `status.nodes` -> `status.compressedNodes`.
pub fn set_compressed(v: &mut Value, b64: &str) {
    if let Some(s) = status_mut(v) {
        s.remove("nodes");
        s.remove("offloadNodeStatusVersion");
        s.insert("compressedNodes".into(), Value::from(b64));
    }
}

/// `status.nodes` -> the offload table, pointed at by `offloadNodeStatusVersion`.
pub fn set_offloaded(v: &mut Value, version: &str) {
    if let Some(s) = status_mut(v) {
        s.remove("nodes");
        s.remove("compressedNodes");
        s.insert("offloadNodeStatusVersion".into(), Value::from(version));
    }
}

/// Puts nodes back inline (`hydrate`).
pub fn set_nodes(v: &mut Value, nodes: Map<String, Value>) {
    if let Some(s) = status_mut(v) {
        s.remove("compressedNodes");
        s.remove("offloadNodeStatusVersion");
        s.insert("nodes".into(), Value::Object(nodes));
    }
}

/// Marks the workflow `Error` with `message`, as `markWorkflowError` does.
pub fn set_error(v: &mut Value, message: &str) {
    if let Some(s) = status_mut(v) {
        s.insert("phase".into(), Value::from("Error"));
        s.insert("message".into(), Value::from(message));
    }
    if let Some(l) = labels_mut(v) {
        l.insert("workflows.argoproj.io/phase".into(), Value::from("Error"));
        l.insert(
            "workflows.argoproj.io/completed".into(),
            Value::from("true"),
        );
    }
}

/// Sets a label.
pub fn set_label(v: &mut Value, key: &str, value: &str) {
    if let Some(l) = labels_mut(v) {
        l.insert(key.into(), Value::from(value));
    }
}

/// Decodes `status.compressedNodes` with the codec's limits.
pub fn decode_compressed(wf: &Workflow, limits: &Limits) -> Result<(Vec<u8>, String)> {
    let decoded = compress::decode_nodes(wf.compressed_nodes().as_bytes(), limits)
        .map_err(|e| Failure::bad_input(&format!("{}: status.compressedNodes", wf.source), e))?;
    Ok((decoded.json, decoded.algorithm.name().to_string()))
}

/// Short name of an action for tables.
pub fn action_word(a: OffloadAction) -> &'static str {
    match a {
        OffloadAction::Keep => "kept",
        OffloadAction::Compress => "compressed",
        OffloadAction::Offload => "offloaded",
        OffloadAction::Reject => "failed",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::ControllerArgs;

    #[test]
    fn nodes_json_matches_the_vectors() {
        let dir = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("../../shared/vectors/steps-plugin-50");
        let wf =
            std::fs::read(dir.join("workflow.json")).expect("../shared/vectors beside the project");
        let want = std::fs::read(dir.join("nodes.json")).unwrap();
        let v: Value = serde_json::from_slice(&wf).unwrap();
        let mut w = Workflow {
            source: crate::input::Source {
                path: None,
                doc: 0,
                docs: 1,
                item: None,
            },
            value: v,
            raw: None,
        };
        let ctl = Controller::load(&ControllerArgs::default(), false, None).unwrap();
        let m = ctl.measure(&mut w).unwrap();
        assert_eq!(m.nodes_json, want);
        assert_eq!(m.version(), "fnv:1595816886");
    }
}
