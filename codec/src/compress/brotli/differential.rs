//! Property and differential tests of the decoder: round trips through the `brotli`
//! crate's encoder at every quality and window, and agreement with brotli-decompressor
//! (the decoder this module replaced) on mutated and truncated streams.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use brotli::{BrotliResult, BrotliState};
use proptest::prelude::*;

use super::{Heap, compress_window, decompress};
use crate::error::Error;

/// brotli-decompressor's result for `data`, as the old `decompress` reported it:
/// output, or the error's class and name.
fn reference(data: &[u8], max_len: usize) -> core::result::Result<Vec<u8>, String> {
    let mut state = BrotliState::new_strict(Heap, Heap, Heap);
    let room = max_len.saturating_add(1);
    let mut out = vec![0u8; data.len().saturating_mul(4).max(1024).min(room)];
    let (mut filled, mut in_avail, mut in_off, mut total) = (0, data.len(), 0, 0);
    loop {
        let mut out_avail = out.len() - filled;
        let result = brotli::BrotliDecompressStream(
            &mut in_avail,
            &mut in_off,
            data,
            &mut out_avail,
            &mut filled,
            &mut out,
            &mut total,
            &mut state,
        );
        match result {
            BrotliResult::ResultSuccess if in_avail > 0 => return Err("trailing".into()),
            BrotliResult::ResultSuccess if filled > max_len => return Err("limit".into()),
            BrotliResult::ResultSuccess => {
                out.truncate(filled);
                return Ok(out);
            }
            BrotliResult::NeedsMoreOutput if out.len() >= room => return Err("limit".into()),
            BrotliResult::NeedsMoreOutput => {
                let grown = out.len().saturating_mul(2).min(room);
                out.resize(grown, 0);
            }
            BrotliResult::NeedsMoreInput => return Err("truncated".into()),
            BrotliResult::ResultFailure => {
                return Err(alloc::format!("brotli {}", state.error_code as i32));
            }
        }
    }
}

/// The reference decoder's numeric code for one of our names.
fn code_number(name: &str) -> i32 {
    const NAMES: [&str; 17] = [
        "EXUBERANT_NIBBLE",
        "RESERVED",
        "EXUBERANT_META_NIBBLE",
        "SIMPLE_HUFFMAN_ALPHABET",
        "SIMPLE_HUFFMAN_SAME",
        "CL_SPACE",
        "HUFFMAN_SPACE",
        "CONTEXT_MAP_REPEAT",
        "BLOCK_LENGTH_1",
        "BLOCK_LENGTH_2",
        "TRANSFORM",
        "DICTIONARY",
        "WINDOW_BITS",
        "PADDING_1",
        "PADDING_2",
        "DISTANCE",
        "BLOCK_SWITCH",
    ];
    NAMES
        .iter()
        .position(|&n| n == name)
        .map_or(0, |i| -(i as i32) - 1)
}

/// Our result in the same form as [`reference`].
fn ours(data: &[u8], max_len: usize) -> core::result::Result<Vec<u8>, String> {
    decompress(data, max_len).map_err(|e| match e {
        Error::TrailingData { .. } => "trailing".into(),
        Error::LimitExceeded { .. } => "limit".into(),
        Error::Truncated { .. } => "truncated".into(),
        Error::Brotli { code } => alloc::format!("brotli {}", code_number(code)),
        other => alloc::format!("{other:?}"),
    })
}

/// JSON-like text: workflow node fields with varying values.
fn json_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec((0u32..5000, "[a-z-]{1,12}", 0u8..4), 1..120).prop_map(|items| {
        let mut s = String::from("{");
        for (i, (n, name, phase)) in items.iter().enumerate() {
            let phase = ["Succeeded", "Failed", "Running", "Pending"][usize::from(*phase)];
            s.push_str(&alloc::format!(
                "{}\"{name}-{n}\":{{\"id\":\"{name}-{n}\",\"phase\":\"{phase}\",\"startedAt\":\"2024-01-0{}T00:00:00Z\"}}",
                if i == 0 { "" } else { "," },
                n % 9 + 1
            ));
        }
        s.push('}');
        s.into_bytes()
    })
}

/// Any bytes, or JSON-like text.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![proptest::collection::vec(any::<u8>(), 0..3000), json_like(),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn round_trips(data in input(), quality in 0u8..=11, lgwin in 10u32..=24) {
        let z = compress_window(&data, quality, lgwin).unwrap();
        prop_assert_eq!(decompress(&z, data.len()).unwrap(), data);
    }

    #[test]
    fn agrees_with_brotli_decompressor(
        data in input(),
        quality in 0u8..=11,
        lgwin in 10u32..=24,
        flips in proptest::collection::vec((any::<usize>(), 0u8..8), 0..4),
        cut in any::<Option<usize>>(),
        tail in proptest::collection::vec(any::<u8>(), 0..3),
    ) {
        let mut z = compress_window(&data, quality, lgwin).unwrap();
        for (at, bit) in flips {
            let len = z.len();
            if let Some(b) = z.get_mut(at % len) {
                *b ^= 1 << bit;
            }
        }
        if let Some(c) = cut {
            z.truncate(c % (z.len() + 1));
        }
        z.extend(tail);
        let max = data.len().max(64) * 4;
        prop_assert_eq!(ours(&z, max), reference(&z, max));
    }

    #[test]
    fn agrees_on_random_bytes(z in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(ours(&z, 1 << 16), reference(&z, 1 << 16));
    }
}
