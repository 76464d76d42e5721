//! [`NodesView`]: decoded nodes kept in wasm memory behind the codec's lazy index, so JS
//! only receives the ids and nodes it asks for.

use wasm_bindgen::prelude::*;
use wfpack_codec::compress::Algorithm;
use wfpack_codec::go_json::{self, Escapes};
use wfpack_codec::nodes::NodesView as Index;

use crate::error::to_js;
use crate::{JsResult, limits, reserve_heap};

/// Heap reserved per byte of `compressedNodes` text before decoding it into a view.
const HEAP_PER_INPUT_BYTE: usize = 12;

self_cell::self_cell!(
    /// The decoded JSON and the codec's index borrowing from it.
    struct Indexed {
        owner: Vec<u8>,
        #[covariant]
        dependent: Index,
    }
);

/// A lazily indexed nodes document (decoded `compressedNodes` or inline `status.nodes`).
#[wasm_bindgen]
pub struct NodesView {
    indexed: Indexed,
    algorithm: Option<Algorithm>,
}

impl NodesView {
    fn index(json: Vec<u8>, algorithm: Option<Algorithm>) -> JsResult<NodesView> {
        let indexed = Indexed::try_new(json, |j| Index::new(j)).map_err(to_js)?;
        Ok(NodesView { indexed, algorithm })
    }

    fn view(&self) -> &Index<'_> {
        self.indexed.borrow_dependent()
    }
}

fn ids<'a>(it: impl Iterator<Item = &'a str>) -> Vec<String> {
    it.map(String::from).collect()
}

#[wasm_bindgen]
impl NodesView {
    /// Decodes a `compressedNodes` value and indexes the nodes.
    #[wasm_bindgen(js_name = fromCompressed)]
    pub fn from_compressed(
        compressed_nodes: &[u8],
        max_output_bytes: Option<f64>,
    ) -> JsResult<NodesView> {
        // Decoded JSON plus its index: ~12x the base64 text for gzip'd node status.
        reserve_heap(compressed_nodes.len().saturating_mul(HEAP_PER_INPUT_BYTE));
        let d = crate::decode_compressed(compressed_nodes, &limits(max_output_bytes))?;
        NodesView::index(d.json, Some(d.algorithm))
    }

    /// Indexes a nodes JSON document (an object of node id to node, or `null`).
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(json: Vec<u8>) -> JsResult<NodesView> {
        NodesView::index(json, None)
    }

    /// `"gzip"`, `"zstd"`, `"brotli"`, or `undefined` for plain JSON.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> Option<String> {
        self.algorithm.map(|a| a.name().into())
    }

    /// Number of nodes.
    pub fn count(&self) -> u32 {
        self.view().count() as u32
    }

    /// Length of the nodes JSON in bytes.
    #[wasm_bindgen(js_name = byteLength)]
    pub fn byte_length(&self) -> f64 {
        self.indexed.borrow_owner().len() as f64
    }

    /// Every node id, sorted.
    pub fn ids(&self) -> Vec<String> {
        ids(self.view().ids())
    }

    /// Whether a node with this id exists.
    pub fn has(&self, id: &str) -> bool {
        self.view().get(id).is_some()
    }

    /// The node's JSON as it appears in the document.
    pub fn get(&self, id: &str) -> Option<String> {
        let node = self.view().get(id)?;
        Some(String::from_utf8_lossy(node.raw()).into_owned())
    }

    /// The node's `children` ids in order, or `undefined` if there is no such node.
    pub fn children(&self, id: &str) -> Option<Vec<String>> {
        Some(ids(self.view().get(id)?.child_ids()))
    }

    /// Ids of the nodes no other node lists as a child.
    pub fn roots(&self) -> Vec<String> {
        self.view()
            .roots()
            .iter()
            .map(|n| String::from(n.id()))
            .collect()
    }

    /// Ids of the nodes whose phase and type are among the given ones (when given) and
    /// whose name or displayName contains `name` (when given).
    pub fn filter(
        &self,
        phases: Option<Vec<String>>,
        types: Option<Vec<String>>,
        name: Option<String>,
    ) -> Vec<String> {
        let one_of = |set: &Option<Vec<String>>, v: &str| {
            set.as_ref().is_none_or(|s| s.iter().any(|x| x == v))
        };
        self.view()
            .iter()
            .filter(|n| one_of(&phases, n.phase()) && one_of(&types, n.node_type()))
            .filter(|n| {
                name.as_deref()
                    .is_none_or(|s| n.name().contains(s) || n.display_name().contains(s))
            })
            .map(|n| String::from(n.id()))
            .collect()
    }

    /// Node count per phase as a JSON object (`""` for nodes without a phase).
    #[wasm_bindgen(js_name = phaseCounts)]
    pub fn phase_counts(&self) -> String {
        let mut out = Vec::from(*b"{");
        for (i, (phase, n)) in self.view().phase_counts().into_iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            go_json::write_string(&mut out, phase.as_bytes(), Escapes::Go122);
            out.extend_from_slice(format!(":{n}").as_bytes());
        }
        out.push(b'}');
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The whole nodes document.
    pub fn json(&self) -> String {
        String::from_utf8_lossy(self.indexed.borrow_owner()).into_owned()
    }
}
