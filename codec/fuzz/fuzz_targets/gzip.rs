//! gzip reader: any bytes after the gzip magic never panic, hang or exceed the limit.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::Algorithm;

fuzz_target!(|data: &[u8]| {
    let mut input = vec![0x1f, 0x8b, 0x08];
    input.extend_from_slice(data);
    common::check(&input, Algorithm::Gzip);
});
