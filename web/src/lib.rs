//! # wfpack-web
//!
//! wasm-bindgen bindings over [`wfpack_codec`], published as the npm package `wfpack`
//! (the JS API, its types and docs are in `web/js/` and `docs/npm.md`). Each export is a
//! few lines over the codec: the browser decodes, measures and decides exactly as the
//! controller-side tools do. Big results cross into JS as one JSON string (`JSON.parse`
//! is faster than building objects from wasm) or stay in wasm behind [`NodesView`].
#![forbid(unsafe_code)]

mod error;
#[cfg(feature = "tools")]
mod tools;
mod view;

use wasm_bindgen::prelude::*;
use wfpack_codec::compress::{self, Algorithm, Limits};

pub use error::Code;
use error::to_js;
#[cfg(feature = "tools")]
pub use tools::*;
pub use view::NodesView;

type JsResult<T> = Result<T, JsValue>;

/// Decode limits: the codec's defaults, or a fixed maximum output in bytes.
fn limits(max_output_bytes: Option<f64>) -> Limits {
    match max_output_bytes {
        Some(max) => Limits::fixed(max as usize),
        None => Limits::default(),
    }
}

/// The algorithm Argo's reader picks for a `compressedNodes` value: `"zstd"`, `"gzip"`
/// or `"brotli"` (the fallback for anything else).
#[wasm_bindgen(js_name = detectAlgorithm)]
pub fn detect_algorithm(compressed_nodes: &[u8]) -> JsResult<String> {
    let raw = wfpack_codec::base64::decode(compressed_nodes).map_err(to_js)?;
    Ok(compress::detect(&raw).name().into())
}

/// A decoded `compressedNodes`: the nodes JSON and the algorithm found.
#[wasm_bindgen]
pub struct DecodedNodes {
    json: Vec<u8>,
    algorithm: Algorithm,
}

#[wasm_bindgen]
impl DecodedNodes {
    /// The decoded bytes (normally the nodes JSON), handed over once. JS turns them into
    /// text with one `TextDecoder` pass (which also checks UTF-8).
    #[wasm_bindgen(getter)]
    pub fn bytes(&mut self) -> Vec<u8> {
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
pub fn decode_nodes(
    compressed_nodes: &[u8],
    max_output_bytes: Option<f64>,
) -> JsResult<DecodedNodes> {
    let d = compress::decode_nodes(compressed_nodes, &limits(max_output_bytes)).map_err(to_js)?;
    Ok(DecodedNodes {
        json: d.json,
        algorithm: d.algorithm,
    })
}
