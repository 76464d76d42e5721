//! brotli reader: any bytes without a zstd or gzip magic (Argo's brotli fallback) never
//! panic, hang or exceed the limit.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::{self, Algorithm};

fuzz_target!(|data: &[u8]| {
    if compress::detect(data) == Algorithm::Brotli {
        common::check(data, Algorithm::Brotli);
    }
});
