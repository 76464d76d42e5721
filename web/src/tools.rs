//! The toolkit exports (feature `tools`, the package's second wasm module): encoding,
//! Go-exact sizes, Argo's offload ladder, label selectors. Kept apart from the decoding
//! core so a dashboard that only reads workflows loads a small module.

use serde_json::json;
use wasm_bindgen::prelude::*;
use wfpack_codec::compress::{self, Algorithm, Level};
use wfpack_codec::nodes::Nodes;
use wfpack_codec::pack::{self, PackDecision, SkipReason};
use wfpack_codec::policy::selector::LabelSelector;
use wfpack_codec::version;

use crate::JsResult;
use crate::error::{Code, new_error, to_js};

fn algorithm(name: &str) -> JsResult<Algorithm> {
    name.parse::<Algorithm>().map_err(to_js)
}

fn level(level: Option<i32>) -> Level {
    level.map_or(Level::DEFAULT, Level::new)
}

/// Compresses nodes JSON the way Argo writes `status.compressedNodes`.
#[wasm_bindgen(js_name = encodeNodes)]
pub fn encode_nodes(
    nodes_json: &[u8],
    algorithm_name: &str,
    level_value: Option<i32>,
) -> JsResult<String> {
    let alg = algorithm(algorithm_name)?;
    let go = go_nodes_json(nodes_json)?;
    compress::encode_nodes(&go, alg, level(level_value)).map_err(to_js)
}

/// Whether `labels_json` (a JSON object of strings) matches a label selector, given in
/// the string syntax (`is_string`) or as a `metav1.LabelSelector` JSON object.
#[wasm_bindgen(js_name = matchesSelector)]
pub fn matches_selector(selector: &str, is_string: bool, labels_json: &str) -> JsResult<bool> {
    let sel = if is_string {
        LabelSelector::parse(selector)
    } else {
        LabelSelector::from_meta_json(selector.as_bytes())
    }
    .map_err(to_js)?;
    let labels: serde_json::Map<String, serde_json::Value> = serde_json::from_str(labels_json)
        .map_err(|e| {
            new_error(
                Code::InvalidArgument,
                &format!("labels must be a JSON object of strings: {e}"),
            )
        })?;
    Ok(sel.matches(&labels))
}

/// Nodes JSON (any member order) re-encoded as Go's `json.Marshal(nodes)`: the bytes
/// Argo compresses and hashes.
fn go_nodes_json(nodes_json: &[u8]) -> JsResult<Vec<u8>> {
    Ok(Nodes::from_json(nodes_json).map_err(to_js)?.to_go_json())
}

/// The offload version Argo records for these nodes: `fnv:` + FNV-1 32 of Go's JSON.
#[wasm_bindgen(js_name = offloadVersion)]
pub fn offload_version(nodes_json: &[u8]) -> JsResult<String> {
    Ok(version::offload_version(&go_nodes_json(nodes_json)?))
}

/// MAX_WORKFLOW_SIZE as Argo parses it (`strconv.Atoi`; empty, junk or 0 → 1048576).
#[wasm_bindgen(js_name = maxWorkflowSize)]
pub fn max_workflow_size(env: Option<String>) -> f64 {
    pack::max_workflow_size(env.as_deref()) as f64
}

/// How many of the largest nodes `measureWorkflow` lists.
const LARGEST_NODES: usize = 20;

/// The Argo-measured size of a Workflow with its breakdown, as a JSON object:
/// `{size, nodesJson, nodeCount, breakdown: [{path, bytes}], largestNodes, nodeFields}`.
/// `breakdown` adds up to `size`: top-level members, `status` members, and the JSON
/// punctuation between them.
#[wasm_bindgen(js_name = measureWorkflow)]
pub fn measure_workflow(workflow_json: &[u8]) -> JsResult<String> {
    let b = pack::breakdown(workflow_json, LARGEST_NODES).map_err(to_js)?;
    let part = |path: String, bytes: usize| json!({ "path": path, "bytes": bytes });
    let mut parts = Vec::new();
    for s in &b.sections {
        if s.name == "status" && !b.status.is_empty() {
            parts.extend(
                b.status
                    .iter()
                    .map(|m| part(format!("status.{}", m.name), m.bytes)),
            );
        } else {
            parts.push(part(s.name.clone(), s.bytes));
        }
    }
    let counted: usize = parts
        .iter()
        .filter_map(|p| p["bytes"].as_u64())
        .sum::<u64>() as usize;
    parts.push(part(
        "(JSON punctuation)".into(),
        b.total.saturating_sub(counted),
    ));
    Ok(json!({
        "size": b.total,
        "nodesJson": b.nodes_json,
        "nodeCount": b.node_count,
        "breakdown": parts,
        "sections": b.sections.iter().map(|s| part(s.name.clone(), s.bytes)).collect::<Vec<_>>(),
        "largestNodes": b.largest_nodes.iter().map(|n| json!({ "id": n.id, "name": n.name, "bytes": n.bytes })).collect::<Vec<_>>(),
        "nodeFields": b.node_fields.iter().map(|f| json!({ "field": f.field, "bytes": f.bytes, "nodes": f.nodes })).collect::<Vec<_>>(),
    })
    .to_string())
}

/// What Argo's controller does when it persists this Workflow with `max` as
/// MAX_WORKFLOW_SIZE, as a JSON object (`outcome`: keep, compress, too_large or skip).
#[wasm_bindgen(js_name = decideOffload)]
pub fn decide_offload(
    workflow_json: &[u8],
    max: f64,
    algorithm_name: &str,
    level_value: Option<i32>,
) -> JsResult<String> {
    let max = max as i64;
    let (alg, lvl) = (algorithm(algorithm_name)?, level(level_value));
    lvl.resolve(alg).map_err(to_js)?;
    let d = pack::decide(workflow_json, max, alg, lvl).map_err(to_js)?;
    let mut out =
        json!({ "outcome": d.outcome(), "maxWorkflowSize": max, "algorithm": algorithm_name });
    match d {
        PackDecision::Skip {
            reason,
            workflow_size,
        } => {
            out["workflowSize"] = workflow_size.into();
            out["skipReason"] = match reason {
                SkipReason::AlreadyCompressed => "already_compressed",
                SkipReason::AlreadyOffloaded => "already_offloaded",
                _ => "other",
            }
            .into();
        }
        PackDecision::Keep { workflow_size } => out["workflowSize"] = workflow_size.into(),
        PackDecision::Compress {
            workflow_size,
            compressed_workflow_size,
            compressed_nodes,
            nodes_json_len,
        } => {
            out["workflowSize"] = workflow_size.into();
            out["compressedWorkflowSize"] = compressed_workflow_size.into();
            out["compressedNodesLength"] = compressed_nodes.len().into();
            out["nodesJsonLength"] = nodes_json_len.into();
        }
        PackDecision::TooLarge {
            workflow_size,
            compressed_workflow_size,
            message,
            status_message_offload_disabled,
            offload_version,
            nodes_json_len,
        } => {
            out["workflowSize"] = workflow_size.into();
            out["compressedWorkflowSize"] = compressed_workflow_size.into();
            out["message"] = message.into();
            out["statusMessageOffloadDisabled"] = status_message_offload_disabled.into();
            out["offloadVersion"] = offload_version.into();
            out["nodesJsonLength"] = nodes_json_len.into();
        }
        _ => {}
    }
    Ok(out.to_string())
}
