//! The whole read path: arbitrary compressedNodes text through base64 and auto-detection,
//! and arbitrary bytes through detection; plus compress → decompress round trips at every
//! algorithm and level chosen by the first byte.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

fuzz_target!(|data: &[u8]| {
    let _ = compress::decode_nodes(data, &Limits::fixed(common::LIMIT));
    common::check(data, compress::detect(data));
    if let Some((&first, rest)) = data.split_first() {
        let algorithm = Algorithm::ALL[usize::from(first) % 3];
        let (lo, hi) = algorithm.level_range();
        let level = lo + i32::from(first / 3) % (hi - lo + 1);
        let b64 = compress::encode_nodes(rest, algorithm, Level::new(level)).expect("valid level");
        let back = compress::decode_nodes(b64.as_bytes(), &Limits::default()).expect("round trip");
        assert_eq!(back.algorithm, algorithm);
        assert_eq!(back.json, rest);
    }
});
