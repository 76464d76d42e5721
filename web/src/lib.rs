//! # wfpack-web
//!
//! wasm-bindgen bindings over [`wfpack_codec`], published as the npm package `wfpack`
//! (the JS API, its types and docs are in `web/js/` and `docs/npm.md`). Each export is a
//! few lines over the codec: the browser decodes, measures and decides exactly as the
//! controller-side tools do. Big results cross into JS as one buffer of JSON (one
//! `TextDecoder` + `JSON.parse` pass is faster than building objects from wasm) or stay
//! in wasm behind [`NodesView`]. Feature `tools` (default) adds the toolkit exports; the
//! build without it is the package's small decoding core.
#![forbid(unsafe_code)]

mod error;
#[cfg(feature = "tools")]
mod tools;
mod view;

use core::sync::atomic::{AtomicBool, Ordering};
use wasm_bindgen::prelude::*;

use wfpack_codec::compress::{self, Algorithm, Decoded, Limits};

pub use error::Code;
use error::to_js;
#[cfg(feature = "tools")]
pub use tools::*;
pub use view::NodesView;

type JsResult<T> = Result<T, JsValue>;

/// Grows the wasm heap once, up front, to about `bytes`, before work that allocates that
/// much piece by piece. The allocator otherwise grows linear memory in many small steps,
/// and engines that must move the memory on each step turn that quadratic: measuring a
/// 24 MB workflow took 30 s on a fresh module in Node 20 here, 1 s after one big step.
/// The block is freed at once and stays in the allocator for the work that follows; if
/// the memory cannot be had, nothing happens (the work then grows the heap as it goes).
fn reserve_heap(bytes: usize) {
    let mut block = Vec::<u8>::new();
    let _ = block.try_reserve_exact(bytes.min(1 << 30));
}

/// Decode limits: the codec's defaults, or a fixed maximum output in bytes.
fn limits(max_output_bytes: Option<f64>) -> Limits {
    match max_output_bytes {
        Some(max) => Limits::fixed(max as usize),
        None => Limits::default(),
    }
}

/// Whether the brotli static dictionary is known to be in place (set once it is).
static DICTIONARY_IN_PLACE: AtomicBool = AtomicBool::new(false);

/// `compress::decode_nodes`, refusing brotli input while the static dictionary is not in
/// place: a core whose build moved the dictionary out (see [`expand_dictionary`]) and that
/// was loaded without the package's `init()` would otherwise decode streams that use the
/// dictionary into wrong bytes. gzip and zstd never need it.
pub(crate) fn decode_compressed(compressed_nodes: &[u8], limits: &Limits) -> JsResult<Decoded> {
    let raw = wfpack_codec::base64::decode(compressed_nodes).map_err(to_js)?;
    if compress::detect(&raw) == Algorithm::Brotli && !DICTIONARY_IN_PLACE.load(Ordering::Relaxed) {
        if !dictionary_ready() {
            return Err(error::new_error(
                Code::NotInitialized,
                "wfpack: brotli input, but the brotli dictionary has not been restored in this \
                 wasm module; load the decoding core with the package's init()/initSync(), \
                 not the raw wasm-bindgen glue",
            ));
        }
        DICTIONARY_IN_PLACE.store(true, Ordering::Relaxed);
    }
    let (json, algorithm) = compress::decompress(&raw, limits).map_err(to_js)?;
    Ok(Decoded { json, algorithm })
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
    let d = decode_compressed(compressed_nodes, &limits(max_output_bytes))?;
    Ok(DecodedNodes {
        json: d.json,
        algorithm: d.algorithm,
    })
}

/// Expands the brotli static dictionary (RFC 7932, appendix A) that the build moved out of
/// the core's data segment into the custom section `wfpack.brotli-dictionary`, stored as a
/// brotli stream without dictionary references (~51 KB instead of ~58 KB gzipped in the
/// data). `init()` writes the result back where the dictionary lives in linear memory
/// before anything is decoded; see `web/build/build.mjs`.
#[wasm_bindgen(js_name = expandDictionary)]
pub fn expand_dictionary(stored: &[u8], len: usize) -> JsResult<Vec<u8>> {
    let (dict, _) = compress::decompress(stored, &Limits::fixed(len)).map_err(to_js)?;
    Ok(dict)
}

/// Whether brotli streams that use the static dictionary decode correctly (false until
/// `init()` has restored the dictionary in a module whose build moved it out).
#[wasm_bindgen(js_name = dictionaryReady)]
pub fn dictionary_ready() -> bool {
    // "timedownlifeleftback": the dictionary's first five words, as dictionary references.
    const STREAM: [u8; 21] = [
        0x1b, 0x13, 0x00, 0xf8, 0xa5, 0xcb, 0xcc, 0xd8, 0xe8, 0x94, 0x20, 0xa2, 0x34, 0x04, 0x15,
        0x68, 0x40, 0x02, 0x50, 0xc3, 0x07,
    ];
    compress::decompress(&STREAM, &Limits::fixed(64))
        .is_ok_and(|(out, _)| out == b"timedownlifeleftback")
}
