//! Argo's node status: typed [`NodeStatus`] records, the [`Nodes`] map, and a lazy
//! [`NodesView`] over nodes JSON.
//!
//! Decoding reads straight from the bytes (no intermediate tree), accepts every member
//! Argo has written over the years, keeps members it does not know (so a
//! decode → encode round trip loses nothing) and reports malformed input with its byte
//! offset instead of panicking. [`Nodes::to_go_json`] writes exactly what Go's
//! `json.Marshal(wf.Status.Nodes)` writes: the bytes Argo compresses and hashes.
//!
//! ```
//! use wfpack_codec::nodes::Nodes;
//!
//! let json = br#"{"b":{"id":"b","name":"wf[0]","type":"Pod","phase":"Failed","startedAt":"2026-08-01T10:00:00Z"},
//!                 "a":{"id":"a","name":"wf","type":"Steps","children":["b"],"startedAt":null}}"#;
//! let nodes = Nodes::from_json(json)?;
//! assert_eq!(nodes.len(), 2);
//! assert_eq!(nodes.children("a").next().unwrap().phase, "Failed");
//! assert_eq!(
//!     nodes.to_go_json(),
//!     br#"{"a":{"id":"a","name":"wf","type":"Steps","startedAt":null,"finishedAt":null,"children":["b"]},"b":{"id":"b","name":"wf[0]","type":"Pod","phase":"Failed","startedAt":"2026-08-01T10:00:00Z","finishedAt":null}}"#
//! );
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

mod canonical;
mod decode;
mod view;

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::Result;
use crate::go_json::schema;
use crate::go_json::string::go_string;
use crate::go_json::{Encoder, Escapes, Mode};

pub use view::{NodeRef, NodesView};

/// Decodes a JSON string the way Go does (escapes, U+FFFD per invalid byte).
pub(crate) fn decode_string(raw: crate::go_json::parse::RawStr<'_>) -> String {
    decode::to_string(raw)
}

/// A JSON sub-document kept as compact Go-encoded text (struct order, values unchanged).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct RawJson(String);

impl RawJson {
    /// Re-encodes `json` compactly the way Go writes the Argo type `ty`.
    pub(crate) fn encode(json: &[u8], ty: Option<&schema::Ty>) -> Result<RawJson> {
        if canonical::is_canonical(json, ty)
            && let Ok(s) = core::str::from_utf8(json)
        {
            return Ok(RawJson(String::from(s)));
        }
        let bytes = decode::encode_typed(json, ty)?;
        // Go-encoded JSON is always UTF-8 (invalid bytes were written as \ufffd).
        Ok(RawJson(String::from_utf8(bytes).unwrap_or_default()))
    }

    /// Parses and re-encodes arbitrary JSON text (generic Go encoding).
    pub fn from_json(json: &[u8]) -> Result<RawJson> {
        RawJson::encode(json, None)
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// `TemplateRef`: the template resource a node was created from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct TemplateRef {
    /// `name`: the WorkflowTemplate's name.
    pub name: String,
    /// `template`: the template inside it.
    pub template: String,
    /// `clusterScope`: a ClusterWorkflowTemplate.
    pub cluster_scope: bool,
}

/// `NodeFlag`: history of a node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct NodeFlag {
    /// `hooked`: triggered by a hook or onExit.
    pub hooked: bool,
    /// `retried`: retried by a retryStrategy.
    pub retried: bool,
}

/// `MemoizationStatus`: cache use of a memoized node.
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct MemoizationStatus {
    /// `hit`: the node came from the cache.
    pub hit: bool,
    /// `key`: the cache key.
    pub key: String,
    /// `cacheName`: the cache used.
    pub cache_name: String,
}

/// One node of `status.nodes`, every member of Argo v4.1.2's `NodeStatus` in declaration
/// order. Times are kept as the RFC 3339 text Argo wrote (`None` = `null`/zero).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct NodeStatus {
    /// `id`.
    pub id: String,
    /// `name`: unique name in the node tree.
    pub name: String,
    /// `displayName`.
    pub display_name: String,
    /// `type`: `Pod`, `Steps`, `StepGroup`, `DAG`, `TaskGroup`, `Retry`, `Skipped`,
    /// `Suspend`, `HTTP`, `Plugin`, `Container`.
    pub node_type: String,
    /// `templateName`.
    pub template_name: String,
    /// `templateRef`.
    pub template_ref: Option<TemplateRef>,
    /// `templateScope`.
    pub template_scope: String,
    /// `phase`: `Pending`, `Running`, `Succeeded`, `Skipped`, `Failed`, `Error`, `Omitted`.
    pub phase: String,
    /// `boundaryID`.
    pub boundary_id: String,
    /// `message`.
    pub message: String,
    /// `startedAt`.
    pub started_at: Option<String>,
    /// `finishedAt`.
    pub finished_at: Option<String>,
    /// `estimatedDuration` in seconds.
    pub estimated_duration: i64,
    /// `progress`, e.g. `1/3`.
    pub progress: String,
    /// `resourcesDuration`: resource name → seconds, sorted by name.
    pub resources_duration: Vec<(String, i64)>,
    /// `podIP`.
    pub pod_ip: String,
    /// `daemoned`.
    pub daemoned: Option<bool>,
    /// `nodeFlag`.
    pub node_flag: Option<NodeFlag>,
    /// `inputs` (Argo `Inputs`: parameters, artifacts).
    pub inputs: Option<RawJson>,
    /// `outputs` (Argo `Outputs`: parameters, artifacts, result, exitCode).
    pub outputs: Option<RawJson>,
    /// `children`: child node ids.
    pub children: Vec<String>,
    /// `outboundNodes`.
    pub outbound_nodes: Vec<String>,
    /// `hostNodeName`.
    pub host_node_name: String,
    /// `memoizationStatus`.
    pub memoization_status: Option<MemoizationStatus>,
    /// `synchronizationStatus.waiting` (the lock the node waits for).
    pub synchronization_status: Option<String>,
    /// `taskResultSynced`.
    pub task_result_synced: Option<bool>,
    /// `failedPodRestarts`.
    pub failed_pod_restarts: i64,
    /// `restartingPodUID`.
    pub restarting_pod_uid: String,
    /// Members this version of Argo does not define, kept in input order.
    pub unknown: Vec<(String, RawJson)>,
}

/// How [`NodeStatus::write_json`] writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// Everything kept: unknown members, times as given.
    Lossless,
    /// Go's `json.Marshal`: unknown members dropped, times normalised.
    Go,
}

fn put_key(out: &mut Vec<u8>, first: &mut bool, key: &str) {
    if !*first {
        out.push(b',');
    }
    *first = false;
    out.push(b'"');
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    go_string(out, s.as_bytes(), Escapes::Go122);
}

fn put_int(out: &mut Vec<u8>, v: i64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let neg = v < 0;
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if neg {
        out.push(b'-');
    }
    out.extend_from_slice(&buf[i..]);
}

fn put_strs(out: &mut Vec<u8>, v: &[String]) {
    out.push(b'[');
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        put_str(out, s);
    }
    out.push(b']');
}

fn put_time(out: &mut Vec<u8>, t: &Option<String>, style: Style) {
    match t {
        None => out.extend_from_slice(b"null"),
        Some(s) if style == Style::Go => match crate::go_json::time_normalise(s.as_bytes()) {
            Some(Some(n)) => {
                out.push(b'"');
                out.extend_from_slice(&n);
                out.push(b'"');
            }
            Some(None) => out.extend_from_slice(b"null"),
            None => put_str(out, s),
        },
        Some(s) => put_str(out, s),
    }
}

fn put_raw(out: &mut Vec<u8>, r: &RawJson, ty: &schema::Ty, style: Style) {
    if style == Style::Lossless {
        out.extend_from_slice(r.0.as_bytes());
        return;
    }
    // Re-encode with Go's typed rules (unknown parameter members dropped, ...).
    let json = r.0.as_bytes();
    let ok = crate::go_json::parse::parse(json).ok().and_then(|v| {
        let mut tmp = Vec::with_capacity(json.len());
        Encoder {
            s: &mut tmp,
            esc: Escapes::Go122,
            base: json.as_ptr() as usize,
        }
        .value(&v, Some(ty), Mode::Argo)
        .ok()
        .map(|()| tmp)
    });
    out.extend_from_slice(ok.as_deref().unwrap_or(json));
}

impl NodeStatus {
    /// Decodes one node object.
    pub fn from_json(json: &[u8]) -> Result<NodeStatus> {
        decode::node(json)
    }

    /// Go's `json.Marshal` of this node (unknown members dropped, times normalised).
    pub fn to_go_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        self.write_json(&mut out, Style::Go);
        out
    }

    /// This node as JSON in Argo's member order, unknown members kept after the known ones.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        self.write_json(&mut out, Style::Lossless);
        out
    }

    fn write_json(&self, out: &mut Vec<u8>, style: Style) {
        let first = &mut true;
        out.push(b'{');
        put_key(out, first, "id");
        put_str(out, &self.id);
        put_key(out, first, "name");
        put_str(out, &self.name);
        if !self.display_name.is_empty() {
            put_key(out, first, "displayName");
            put_str(out, &self.display_name);
        }
        put_key(out, first, "type");
        put_str(out, &self.node_type);
        if !self.template_name.is_empty() {
            put_key(out, first, "templateName");
            put_str(out, &self.template_name);
        }
        if let Some(t) = &self.template_ref {
            put_key(out, first, "templateRef");
            out.push(b'{');
            let f = &mut true;
            if !t.name.is_empty() {
                put_key(out, f, "name");
                put_str(out, &t.name);
            }
            if !t.template.is_empty() {
                put_key(out, f, "template");
                put_str(out, &t.template);
            }
            if t.cluster_scope {
                put_key(out, f, "clusterScope");
                out.extend_from_slice(b"true");
            }
            out.push(b'}');
        }
        for (key, v) in [
            ("templateScope", &self.template_scope),
            ("phase", &self.phase),
            ("boundaryID", &self.boundary_id),
            ("message", &self.message),
        ] {
            if !v.is_empty() {
                put_key(out, first, key);
                put_str(out, v);
            }
        }
        put_key(out, first, "startedAt");
        put_time(out, &self.started_at, style);
        put_key(out, first, "finishedAt");
        put_time(out, &self.finished_at, style);
        if self.estimated_duration != 0 {
            put_key(out, first, "estimatedDuration");
            put_int(out, self.estimated_duration);
        }
        if !self.progress.is_empty() {
            put_key(out, first, "progress");
            put_str(out, &self.progress);
        }
        if !self.resources_duration.is_empty() {
            put_key(out, first, "resourcesDuration");
            out.push(b'{');
            for (i, (k, v)) in self.resources_duration.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                put_str(out, k);
                out.push(b':');
                put_int(out, *v);
            }
            out.push(b'}');
        }
        if !self.pod_ip.is_empty() {
            put_key(out, first, "podIP");
            put_str(out, &self.pod_ip);
        }
        if let Some(d) = self.daemoned {
            put_key(out, first, "daemoned");
            out.extend_from_slice(if d { b"true" } else { b"false" });
        }
        if let Some(f) = &self.node_flag {
            put_key(out, first, "nodeFlag");
            out.push(b'{');
            let ff = &mut true;
            if f.hooked {
                put_key(out, ff, "hooked");
                out.extend_from_slice(b"true");
            }
            if f.retried {
                put_key(out, ff, "retried");
                out.extend_from_slice(b"true");
            }
            out.push(b'}');
        }
        if let Some(r) = &self.inputs {
            put_key(out, first, "inputs");
            put_raw(out, r, &schema::INPUTS_T, style);
        }
        if let Some(r) = &self.outputs {
            put_key(out, first, "outputs");
            put_raw(out, r, &schema::OUTPUTS_T, style);
        }
        if !self.children.is_empty() {
            put_key(out, first, "children");
            put_strs(out, &self.children);
        }
        if !self.outbound_nodes.is_empty() {
            put_key(out, first, "outboundNodes");
            put_strs(out, &self.outbound_nodes);
        }
        if !self.host_node_name.is_empty() {
            put_key(out, first, "hostNodeName");
            put_str(out, &self.host_node_name);
        }
        if let Some(m) = &self.memoization_status {
            put_key(out, first, "memoizationStatus");
            out.extend_from_slice(if m.hit {
                b"{\"hit\":true,\"key\":"
            } else {
                b"{\"hit\":false,\"key\":"
            });
            put_str(out, &m.key);
            out.extend_from_slice(b",\"cacheName\":");
            put_str(out, &m.cache_name);
            out.push(b'}');
        }
        if let Some(w) = &self.synchronization_status {
            put_key(out, first, "synchronizationStatus");
            out.push(b'{');
            if !w.is_empty() {
                out.extend_from_slice(b"\"waiting\":");
                put_str(out, w);
            }
            out.push(b'}');
        }
        if let Some(t) = self.task_result_synced {
            put_key(out, first, "taskResultSynced");
            out.extend_from_slice(if t { b"true" } else { b"false" });
        }
        if self.failed_pod_restarts != 0 {
            put_key(out, first, "failedPodRestarts");
            put_int(out, self.failed_pod_restarts);
        }
        if !self.restarting_pod_uid.is_empty() {
            put_key(out, first, "restartingPodUID");
            put_str(out, &self.restarting_pod_uid);
        }
        if style == Style::Lossless && !self.unknown.is_empty() {
            let mut unknown: Vec<&(String, RawJson)> = self.unknown.iter().collect();
            unknown.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, v) in unknown {
                if !*first {
                    out.push(b',');
                }
                *first = false;
                put_str(out, k);
                out.push(b':');
                out.extend_from_slice(v.0.as_bytes());
            }
        }
        out.push(b'}');
    }
}

/// `status.nodes`: node id → node, sorted by id (a Go map marshals sorted).
#[derive(Debug, Clone, PartialEq, Eq, Default, Hash)]
pub struct Nodes {
    map: Vec<(String, NodeStatus)>,
    /// The document was `null` (a nil map), which Go writes back as `null`.
    null: bool,
}

impl Nodes {
    /// Decodes a nodes document: an object of node id → node, or `null`.
    ///
    /// A repeated id keeps its last node (Go map semantics). Errors carry the byte offset:
    /// [`Error::Json`](crate::Error::Json), [`Error::JsonTooDeep`](crate::Error::JsonTooDeep),
    /// [`Error::NodesNotObject`](crate::Error::NodesNotObject),
    /// [`Error::NodeField`](crate::Error::NodeField).
    pub fn from_json(json: &[u8]) -> Result<Nodes> {
        decode::nodes(json)
    }

    /// Go's `json.Marshal(nodes)`: the exact bytes Argo compresses and hashes
    /// (unknown members dropped, times normalised; `null` for a nil map).
    pub fn to_go_json(&self) -> Vec<u8> {
        self.write(Style::Go)
    }

    /// The nodes as JSON in Argo's order with nothing lost (unknown members kept).
    /// Equal to [`Nodes::to_go_json`] for anything Argo wrote.
    pub fn to_json(&self) -> Vec<u8> {
        self.write(Style::Lossless)
    }

    fn write(&self, style: Style) -> Vec<u8> {
        if self.null {
            return b"null".to_vec();
        }
        let mut out = Vec::with_capacity(self.map.len() * 600 + 2);
        out.push(b'{');
        for (i, (id, n)) in self.map.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            put_str(&mut out, id);
            out.push(b':');
            n.write_json(&mut out, style);
        }
        out.push(b'}');
        out
    }

    /// Number of nodes.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when there are no nodes.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// True when the document was `null` (Argo's nil map).
    pub fn is_null(&self) -> bool {
        self.null
    }

    /// The node with this id.
    pub fn get(&self, id: &str) -> Option<&NodeStatus> {
        self.map
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()
            .map(|i| &self.map[i].1)
    }

    /// Inserts or replaces a node; returns the previous one.
    pub fn insert(&mut self, id: String, node: NodeStatus) -> Option<NodeStatus> {
        self.null = false;
        match self.map.binary_search_by(|(k, _)| k.as_str().cmp(&id)) {
            Ok(i) => Some(core::mem::replace(&mut self.map[i].1, node)),
            Err(i) => {
                self.map.insert(i, (id, node));
                None
            }
        }
    }

    /// Removes a node.
    pub fn remove(&mut self, id: &str) -> Option<NodeStatus> {
        let i = self
            .map
            .binary_search_by(|(k, _)| k.as_str().cmp(id))
            .ok()?;
        Some(self.map.remove(i).1)
    }

    /// Nodes in id order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &NodeStatus)> {
        self.map.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// The existing children of node `id`, in its `children` order.
    pub fn children<'s>(&'s self, id: &str) -> impl Iterator<Item = &'s NodeStatus> + 's {
        let ids: &'s [String] = self.get(id).map(|n| n.children.as_slice()).unwrap_or(&[]);
        ids.iter().filter_map(move |c| self.get(c))
    }
}
