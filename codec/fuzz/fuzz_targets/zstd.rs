//! zstd reader: any bytes after the zstd magic never panic, hang or exceed the limit.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::Algorithm;

fuzz_target!(|data: &[u8]| {
    let mut input = vec![0x28, 0xb5, 0x2f, 0xfd];
    input.extend_from_slice(data);
    common::check(&input, Algorithm::Zstd);
});
