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
use crate::go_json::string::go_str;
use crate::go_json::{Count, Encoder, Escapes, Mode, Sink};

pub use view::{NodeRef, NodesView};

/// Decodes a JSON string the way Go does (escapes, U+FFFD per invalid byte).
pub(crate) fn decode_string(raw: crate::go_json::parse::RawStr<'_>) -> String {
    decode::to_string(raw)
}

/// A JSON sub-document kept as compact Go-encoded text (struct order, values unchanged).
#[derive(Debug, Clone, Default)]
pub struct RawJson {
    text: String,
    /// The Argo type whose Go typed round trip (`Mode::Argo`) writes `text` unchanged,
    /// when that was established as the value was read (the usual case: what Argo wrote).
    /// Writing Go's bytes then copies `text` without looking at it again; without it the
    /// writer checks the text itself. Not part of the value: equality and hashing see
    /// `text` only.
    argo: Option<&'static schema::Ty>,
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Eq for RawJson {}

impl core::hash::Hash for RawJson {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
    }
}

impl RawJson {
    /// Re-encodes `json` compactly the way Go writes the Argo type `ty`.
    pub(crate) fn encode(json: &[u8], ty: Option<&'static schema::Ty>) -> Result<RawJson> {
        // Go's decoder turns each invalid UTF-8 byte into U+FFFD before anything is
        // re-encoded; do the same so the text is what Go would hold.
        let fixed;
        let text = match core::str::from_utf8(json) {
            Ok(text) => text,
            Err(_) => {
                fixed = decode::lossy(json);
                &fixed
            }
        };
        let json = text.as_bytes();
        let text = if canonical::is_canonical(json, ty) {
            String::from(text)
        } else {
            let bytes = decode::encode_typed(json, ty)?;
            // Go-encoded JSON is always UTF-8 (invalid bytes were written as \ufffd).
            String::from_utf8(bytes).unwrap_or_default()
        };
        let argo = ty.filter(|t| canonical::is_argo_canonical(&text, t));
        Ok(RawJson { text, argo })
    }

    /// Text already known to be compact Go-encoded JSON; `argo` as in the field.
    pub(crate) fn checked(text: String, argo: Option<&'static schema::Ty>) -> RawJson {
        RawJson { text, argo }
    }

    /// Parses and re-encodes arbitrary JSON text (generic Go encoding).
    pub fn from_json(json: &[u8]) -> Result<RawJson> {
        RawJson::encode(json, None)
    }

    /// The JSON text.
    pub fn as_str(&self) -> &str {
        &self.text
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
    /// Members this version of Argo does not define, sorted by name (written after the
    /// known members by [`NodeStatus::to_json`]; Go would drop them).
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

/// `,"name":` as one literal (the comma dropped for the first member).
macro_rules! key {
    ($name:literal) => {
        concat!(",\"", $name, "\":")
    };
}

fn put_key<S: Sink>(out: &mut S, first: &mut bool, key: &'static str) {
    let k = key.as_bytes();
    out.put(if *first { &k[1..] } else { k });
    *first = false;
}

fn put_str<S: Sink>(out: &mut S, s: &str) {
    go_str(out, s, Escapes::Go122);
}

fn put_int<S: Sink>(out: &mut S, v: i64) {
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
        out.put1(b'-');
    }
    out.put(&buf[i..]);
}

fn put_strs<S: Sink>(out: &mut S, v: &[String]) {
    out.put1(b'[');
    for (i, s) in v.iter().enumerate() {
        if i > 0 {
            out.put1(b',');
        }
        put_str(out, s);
    }
    out.put1(b']');
}

fn put_time<S: Sink>(out: &mut S, t: &Option<String>, style: Style) {
    match t {
        None => out.put(b"null"),
        // Counting only: the length without parsing the date (see `go_json::utc_seconds_shape`).
        Some(s)
            if S::COUNT_ONLY
                && style == Style::Go
                && crate::go_json::utc_seconds_shape(s.as_bytes()) =>
        {
            out.put(if s == "0001-01-01T00:00:00Z" {
                b"null".as_slice()
            } else {
                b"\"0000-00-00T00:00:00Z\"".as_slice()
            })
        }
        Some(s) if style == Style::Go => match crate::go_json::time_normalise(s.as_bytes()) {
            Some(Some(n)) => {
                out.put1(b'"');
                out.put(&n);
                out.put1(b'"');
            }
            Some(None) => out.put(b"null"),
            None => put_str(out, s),
        },
        Some(s) => put_str(out, s),
    }
}

fn put_raw<S: Sink>(out: &mut S, r: &RawJson, ty: &schema::Ty, style: Style) {
    let json = r.text.as_bytes();
    // Already what Go's typed round trip writes: known from reading it (the usual case),
    // or else checked from the bytes, in one pass without building a tree. Copy it.
    if style == Style::Lossless
        || r.argo.is_some_and(|t| core::ptr::eq(t, ty))
        || canonical::is_argo_canonical(&r.text, ty)
    {
        out.put(json);
        return;
    }
    // Re-encode with Go's typed rules (unknown parameter members dropped, ...).
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
    out.put(ok.as_deref().unwrap_or(json));
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

    /// The length of [`NodeStatus::to_go_json`], computed from the record on every call.
    pub fn go_json_len(&self) -> usize {
        let mut c = Count(0);
        self.write_json(&mut c, Style::Go);
        c.0
    }

    /// This node as JSON in Argo's member order, unknown members kept after the known ones.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(512);
        self.write_json(&mut out, Style::Lossless);
        out
    }

    fn write_json<S: Sink>(&self, out: &mut S, style: Style) {
        let first = &mut true;
        out.put1(b'{');
        put_key(out, first, key!("id"));
        put_str(out, &self.id);
        put_key(out, first, key!("name"));
        put_str(out, &self.name);
        if !self.display_name.is_empty() {
            put_key(out, first, key!("displayName"));
            put_str(out, &self.display_name);
        }
        put_key(out, first, key!("type"));
        put_str(out, &self.node_type);
        if !self.template_name.is_empty() {
            put_key(out, first, key!("templateName"));
            put_str(out, &self.template_name);
        }
        if let Some(t) = &self.template_ref {
            put_key(out, first, key!("templateRef"));
            out.put1(b'{');
            let f = &mut true;
            if !t.name.is_empty() {
                put_key(out, f, key!("name"));
                put_str(out, &t.name);
            }
            if !t.template.is_empty() {
                put_key(out, f, key!("template"));
                put_str(out, &t.template);
            }
            if t.cluster_scope {
                put_key(out, f, key!("clusterScope"));
                out.put(b"true");
            }
            out.put1(b'}');
        }
        for (key, v) in [
            (key!("templateScope"), &self.template_scope),
            (key!("phase"), &self.phase),
            (key!("boundaryID"), &self.boundary_id),
            (key!("message"), &self.message),
        ] {
            if !v.is_empty() {
                put_key(out, first, key);
                put_str(out, v);
            }
        }
        put_key(out, first, key!("startedAt"));
        put_time(out, &self.started_at, style);
        put_key(out, first, key!("finishedAt"));
        put_time(out, &self.finished_at, style);
        if self.estimated_duration != 0 {
            put_key(out, first, key!("estimatedDuration"));
            put_int(out, self.estimated_duration);
        }
        if !self.progress.is_empty() {
            put_key(out, first, key!("progress"));
            put_str(out, &self.progress);
        }
        if !self.resources_duration.is_empty() {
            put_key(out, first, key!("resourcesDuration"));
            out.put1(b'{');
            for (i, (k, v)) in self.resources_duration.iter().enumerate() {
                if i > 0 {
                    out.put1(b',');
                }
                put_str(out, k);
                out.put1(b':');
                put_int(out, *v);
            }
            out.put1(b'}');
        }
        if !self.pod_ip.is_empty() {
            put_key(out, first, key!("podIP"));
            put_str(out, &self.pod_ip);
        }
        if let Some(d) = self.daemoned {
            put_key(out, first, key!("daemoned"));
            out.put(if d { b"true" } else { b"false" });
        }
        if let Some(f) = &self.node_flag {
            put_key(out, first, key!("nodeFlag"));
            out.put1(b'{');
            let ff = &mut true;
            if f.hooked {
                put_key(out, ff, key!("hooked"));
                out.put(b"true");
            }
            if f.retried {
                put_key(out, ff, key!("retried"));
                out.put(b"true");
            }
            out.put1(b'}');
        }
        if let Some(r) = &self.inputs {
            put_key(out, first, key!("inputs"));
            put_raw(out, r, &schema::INPUTS_T, style);
        }
        if let Some(r) = &self.outputs {
            put_key(out, first, key!("outputs"));
            put_raw(out, r, &schema::OUTPUTS_T, style);
        }
        if !self.children.is_empty() {
            put_key(out, first, key!("children"));
            put_strs(out, &self.children);
        }
        if !self.outbound_nodes.is_empty() {
            put_key(out, first, key!("outboundNodes"));
            put_strs(out, &self.outbound_nodes);
        }
        if !self.host_node_name.is_empty() {
            put_key(out, first, key!("hostNodeName"));
            put_str(out, &self.host_node_name);
        }
        if let Some(m) = &self.memoization_status {
            put_key(out, first, key!("memoizationStatus"));
            out.put(if m.hit {
                b"{\"hit\":true,\"key\":"
            } else {
                b"{\"hit\":false,\"key\":"
            });
            put_str(out, &m.key);
            out.put(b",\"cacheName\":");
            put_str(out, &m.cache_name);
            out.put1(b'}');
        }
        if let Some(w) = &self.synchronization_status {
            put_key(out, first, key!("synchronizationStatus"));
            out.put1(b'{');
            if !w.is_empty() {
                out.put(b"\"waiting\":");
                put_str(out, w);
            }
            out.put1(b'}');
        }
        if let Some(t) = self.task_result_synced {
            put_key(out, first, key!("taskResultSynced"));
            out.put(if t { b"true" } else { b"false" });
        }
        if self.failed_pod_restarts != 0 {
            put_key(out, first, key!("failedPodRestarts"));
            put_int(out, self.failed_pod_restarts);
        }
        if !self.restarting_pod_uid.is_empty() {
            put_key(out, first, key!("restartingPodUID"));
            put_str(out, &self.restarting_pod_uid);
        }
        if style == Style::Lossless && !self.unknown.is_empty() {
            let mut unknown: Vec<&(String, RawJson)> = self.unknown.iter().collect();
            // Sorted already when decoded; callers may have pushed more.
            unknown.sort_by(|a, b| a.0.cmp(&b.0));
            unknown.dedup_by(|a, b| a.0 == b.0);
            for (k, v) in unknown {
                if !*first {
                    out.put1(b',');
                }
                *first = false;
                put_str(out, k);
                out.put1(b':');
                out.put(v.text.as_bytes());
            }
        }
        out.put1(b'}');
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

    /// The length of [`Nodes::to_go_json`] (what Go's `json.Marshal(nodes)` writes),
    /// computed from the typed records on every call, like Go measuring the map it holds
    /// in memory: nothing is written and no length is remembered between calls.
    pub fn go_json_len(&self) -> usize {
        let mut c = Count(0);
        self.write_into(&mut c, Style::Go);
        c.0
    }

    fn write(&self, style: Style) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.map.len() * 600 + 2);
        self.write_into(&mut out, style);
        out
    }

    fn write_into<S: Sink>(&self, out: &mut S, style: Style) {
        if self.null {
            out.put(b"null");
            return;
        }
        out.put1(b'{');
        for (i, (id, n)) in self.map.iter().enumerate() {
            if i > 0 {
                out.put1(b',');
            }
            put_str(out, id);
            out.put1(b':');
            n.write_json(out, style);
        }
        out.put1(b'}');
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The counting shortcut for times gives the length of what is written.
    #[test]
    fn time_length_matches_written_time() {
        for &t in crate::go_json::time::SAMPLES {
            let n = NodeStatus {
                started_at: Some(String::from(t)),
                finished_at: Some(String::from(t)),
                ..NodeStatus::default()
            };
            assert_eq!(n.go_json_len(), n.to_go_json().len(), "{t}");
        }
    }

    /// Reading `inputs`/`outputs` records whether Go's typed round trip writes them
    /// unchanged; writing trusts that only for the type it was established for, and
    /// re-encodes otherwise, the same bytes either way.
    #[test]
    fn raw_members_know_their_go_form() {
        let plain = br#"{"id":"a","name":"a","type":"Pod","startedAt":null,"finishedAt":null,"outputs":{"parameters":[{"name":"p","value":"1"}]}}"#;
        let n = NodeStatus::from_json(plain).unwrap();
        let out = n.outputs.as_ref().unwrap();
        assert!(
            out.argo
                .is_some_and(|t| core::ptr::eq(t, &schema::OUTPUTS_T))
        );
        assert_eq!(n.to_go_json(), plain);
        assert_eq!(n.go_json_len(), plain.len());

        // Typed order, but Go drops the empty `globalName` (omitempty) on its round trip.
        let extra = br#"{"id":"a","name":"a","type":"Pod","startedAt":null,"finishedAt":null,"outputs":{"parameters":[{"name":"p","value":"1","globalName":""}]}}"#;
        let n = NodeStatus::from_json(extra).unwrap();
        let out = n.outputs.as_ref().unwrap();
        assert!(out.argo.is_none());
        assert_eq!(
            out.as_str(),
            r#"{"parameters":[{"name":"p","value":"1","globalName":""}]}"#
        );
        assert_eq!(n.to_go_json(), plain);
        assert_eq!(n.go_json_len(), plain.len());
        assert_eq!(n.to_json(), extra);

        // Built by hand (generic JSON): checked when written.
        let n = NodeStatus {
            outputs: Some(
                RawJson::from_json(br#"{"parameters":[{"name":"p","value":"1"}]}"#).unwrap(),
            ),
            ..NodeStatus::default()
        };
        assert!(n.outputs.as_ref().unwrap().argo.is_none());
        assert_eq!(n.go_json_len(), n.to_go_json().len());
        assert!(
            n.to_go_json()
                .ends_with(br#""outputs":{"parameters":[{"name":"p","value":"1"}]}}"#)
        );
    }
}
