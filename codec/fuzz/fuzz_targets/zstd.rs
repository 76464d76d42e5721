//! zstd reader: any bytes after the zstd magic never panic, hang or exceed the limit; the
//! same bytes after a complete frame header (so the fuzzer reaches the block decoder
//! sooner); and what the encoder writes decodes to the input.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

fuzz_target!(|data: &[u8]| {
    let mut input = vec![0x28, 0xb5, 0x2f, 0xfd];
    input.extend_from_slice(data);
    common::check(&input, Algorithm::Zstd);
    // Frame header: no content size, no checksum, 1 MiB window; then blocks from `data`.
    let mut framed = vec![0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x50];
    framed.extend_from_slice(data);
    common::check(&framed, Algorithm::Zstd);
    let z = compress::compress(Algorithm::Zstd, Level::new(2), data).unwrap();
    let (out, _) = compress::decompress(&z, &Limits::fixed(data.len())).unwrap();
    assert_eq!(out, data);
});
