//! # wfpack-web
//!
//! wasm-bindgen bindings over [`wfpack_codec`], published as the npm package `wfpack`.
//! Each export is a few lines over the codec.
