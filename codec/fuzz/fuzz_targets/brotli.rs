//! brotli reader: any bytes without a zstd or gzip magic (Argo's brotli fallback) never
//! panic, hang or exceed the limit, and the codec's own decoder agrees with
//! brotli-decompressor (the decoder it replaced): same output on success, same error
//! class and name on failure. Two known differences are allowed: outcomes that involve
//! the output limit (the codec stops as soon as a write would pass it), and a command
//! that overruns its metablock, which Go and the C decoder report as `BLOCK_LENGTH_1`
//! when it reaches the end of their ring buffer, else `BLOCK_LENGTH_2`: the codec sizes
//! that ring buffer as they do (at least 1 KiB), brotli-decompressor starts smaller for
//! a last metablock, so it can name the other one or fail before input runs out.
#![no_main]

#[path = "common.rs"]
mod common;

extern crate alloc;

/// brotli-decompressor's outcome, shared with the codec's differential tests.
#[path = "../../src/compress/brotli/reference.rs"]
mod reference;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::Error;
use wfpack_codec::compress::{self, Algorithm, Limits};

fuzz_target!(|data: &[u8]| {
    if compress::detect(data) != Algorithm::Brotli {
        return;
    }
    common::check(data, Algorithm::Brotli);
    let ours = compress::decompress(data, &Limits::fixed(common::LIMIT))
        .map(|(out, _)| out)
        .map_err(|e| match e {
            Error::TrailingData { .. } => "trailing".to_string(),
            Error::LimitExceeded { .. } => "limit".to_string(),
            Error::Truncated { .. } => "truncated".to_string(),
            Error::Brotli { code } => code.to_string(),
            other => format!("{other:?}"),
        });
    let theirs = reference::reference(data, common::LIMIT);
    let limit = |r: &Result<Vec<u8>, String>| matches!(r, Err(e) if e == "limit");
    let overrun =
        |r: &Result<Vec<u8>, String>| matches!(r, Err(e) if e.starts_with("BLOCK_LENGTH"));
    if overrun(&ours) || overrun(&theirs) {
        assert!(ours.is_err() && theirs.is_err(), "{ours:?} {theirs:?}");
    } else if !limit(&ours) && !limit(&theirs) {
        assert_eq!(ours, theirs);
    }
});
