//! # wfpack-web
//!
//! wasm-bindgen bindings over [`wfpack_codec`], published as the npm package `wfpack`
//! (the JS API, its types and docs are in `web/js/` and `docs/npm.md`). Each export is a
//! few lines over the codec: the browser decodes, measures and decides exactly as the
//! controller-side tools do. Big results cross into JS as one JSON string (`JSON.parse`
//! is faster than building objects from wasm) or stay in wasm behind [`NodesView`].
#![forbid(unsafe_code)]

mod error;
mod view;

use wasm_bindgen::prelude::*;
use wfpack_codec::compress::{self, Algorithm, Level, Limits};
use wfpack_codec::policy::selector::LabelSelector;

pub use error::Code;
use error::{new_error, to_js};
pub use view::NodesView;

type JsResult<T> = Result<T, JsValue>;

/// Decode limits: the codec's defaults, or a fixed maximum output in bytes.
fn limits(max_output_bytes: Option<f64>) -> Limits {
    match max_output_bytes {
        Some(max) => Limits::fixed(max as usize),
        None => Limits::default(),
    }
}

fn algorithm(name: &str) -> JsResult<Algorithm> {
    name.parse::<Algorithm>().map_err(to_js)
}

fn level(level: Option<i32>) -> Level {
    level.map_or(Level::DEFAULT, Level::new)
}

/// The algorithm Argo's reader picks for a `compressedNodes` value: `"zstd"`, `"gzip"`
/// or `"brotli"` (the fallback for anything else).
#[wasm_bindgen(js_name = detectAlgorithm)]
pub fn detect_algorithm(compressed_nodes: &[u8]) -> JsResult<String> {
    let raw = wfpack_codec::base64::decode(compressed_nodes).map_err(to_js)?;
    Ok(compress::detect(&raw).name().into())
}

/// A decoded `compressedNodes`: the nodes JSON text and the algorithm found.
#[wasm_bindgen]
pub struct DecodedNodes {
    json: String,
    algorithm: Algorithm,
}

#[wasm_bindgen]
impl DecodedNodes {
    /// The decoded nodes JSON.
    #[wasm_bindgen(getter)]
    pub fn json(&mut self) -> String {
        core::mem::take(&mut self.json)
    }

    /// `"gzip"`, `"zstd"` or `"brotli"`.
    #[wasm_bindgen(getter)]
    pub fn algorithm(&self) -> String {
        self.algorithm.name().into()
    }
}

/// Base64-decodes and decompresses a `compressedNodes` value (any of the three
/// algorithms), refusing output past the decode limit.
#[wasm_bindgen(js_name = decodeNodes)]
pub fn decode_nodes(compressed_nodes: &[u8], max_output_bytes: Option<f64>) -> JsResult<DecodedNodes> {
    let d = compress::decode_nodes(compressed_nodes, &limits(max_output_bytes)).map_err(to_js)?;
    Ok(DecodedNodes {
        json: text(d.json)?,
        algorithm: d.algorithm,
    })
}

/// Decoded bytes as a JS string; the nodes JSON Argo writes is always UTF-8.
fn text(bytes: Vec<u8>) -> JsResult<String> {
    String::from_utf8(bytes).map_err(|e| {
        new_error(
            Code::InvalidJson,
            &format!(
                "the decoded node status is not UTF-8 text (invalid byte at {}): it is not \
                 the JSON Argo compresses; check how the value was produced",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

/// Compresses nodes JSON the way Argo writes `status.compressedNodes`.
#[wasm_bindgen(js_name = encodeNodes)]
pub fn encode_nodes(nodes_json: &[u8], algorithm_name: &str, level_value: Option<i32>) -> JsResult<String> {
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
        .map_err(|e| new_error(Code::InvalidArgument, &format!("labels must be a JSON object of strings: {e}")))?;
    Ok(sel.matches(&labels))
}
