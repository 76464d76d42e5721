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

use brotli::{Allocator, BrotliResult, BrotliState, SliceWrapper, SliceWrapperMut};
use libfuzzer_sys::fuzz_target;
use wfpack_codec::Error;
use wfpack_codec::compress::{self, Algorithm, Limits};

/// A heap block for brotli-decompressor's allocator interface.
#[derive(Default)]
struct Block<T>(Box<[T]>);

impl<T> SliceWrapper<T> for Block<T> {
    fn slice(&self) -> &[T] {
        &self.0
    }
}

impl<T> SliceWrapperMut<T> for Block<T> {
    fn slice_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

/// Zeroed blocks from the global allocator.
#[derive(Default, Clone, Copy)]
struct Heap;

impl<T: Clone + Default> Allocator<T> for Heap {
    type AllocatedMemory = Block<T>;
    fn alloc_cell(&mut self, len: usize) -> Block<T> {
        Block(vec![T::default(); len].into_boxed_slice())
    }
    fn free_cell(&mut self, _data: Block<T>) {}
}

/// Names of brotli-decompressor's error codes −1 to −17.
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

/// brotli-decompressor's outcome: output, or error class and name.
fn reference(data: &[u8], max: usize) -> Result<Vec<u8>, String> {
    let mut state = BrotliState::new_strict(Heap, Heap, Heap);
    let room = max + 1;
    let mut out = vec![0u8; 1024];
    let (mut filled, mut in_avail, mut in_off, mut total) = (0, data.len(), 0, 0);
    loop {
        let mut out_avail = out.len() - filled;
        let r = brotli::BrotliDecompressStream(
            &mut in_avail,
            &mut in_off,
            data,
            &mut out_avail,
            &mut filled,
            &mut out,
            &mut total,
            &mut state,
        );
        match r {
            BrotliResult::ResultSuccess if in_avail > 0 => return Err("trailing".into()),
            BrotliResult::ResultSuccess if filled > max => return Err("limit".into()),
            BrotliResult::ResultSuccess => {
                out.truncate(filled);
                return Ok(out);
            }
            BrotliResult::NeedsMoreOutput if out.len() >= room => return Err("limit".into()),
            BrotliResult::NeedsMoreOutput => {
                let n = (out.len() * 2).min(room);
                out.resize(n, 0);
            }
            BrotliResult::NeedsMoreInput => return Err("truncated".into()),
            BrotliResult::ResultFailure => {
                let i = (-(state.error_code as i32) - 1) as usize;
                return Err(NAMES.get(i).copied().unwrap_or("other").into());
            }
        }
    }
}

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
    let theirs = reference(data, common::LIMIT);
    let limit = |r: &Result<Vec<u8>, String>| matches!(r, Err(e) if e == "limit");
    let overrun =
        |r: &Result<Vec<u8>, String>| matches!(r, Err(e) if e.starts_with("BLOCK_LENGTH"));
    if overrun(&ours) || overrun(&theirs) {
        assert!(ours.is_err() && theirs.is_err(), "{ours:?} {theirs:?}");
    } else if !limit(&ours) && !limit(&theirs) {
        assert_eq!(ours, theirs);
    }
});
