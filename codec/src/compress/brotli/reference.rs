//! brotli-decompressor (the decoder the codec's own replaced) as the reference outcome
//! for the differential tests (`differential.rs`) and the `brotli` fuzz target, which
//! includes this file by path. Needs the `brotli` crate's `std` feature (a dev-dependency
//! of the codec, a dependency of the fuzz crate) for its standard allocator.

use alloc::string::{String, ToString};
use alloc::vec;
use alloc::vec::Vec;

use brotli::enc::StandardAlloc;
use brotli::{BrotliResult, BrotliState};

/// Go's names of brotli-decompressor's error codes −1 to −17.
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

/// brotli-decompressor's outcome for one stream spanning `data` with at most `max_len`
/// bytes of output: the output, or `"trailing"`, `"limit"`, `"truncated"` or the Go name
/// of the format error (`"code N"` for a code without one).
pub fn reference(data: &[u8], max_len: usize) -> Result<Vec<u8>, String> {
    let alloc = StandardAlloc::default;
    let mut state = BrotliState::new_strict(alloc(), alloc(), alloc());
    // One byte of room past the limit tells "exactly the limit" from "more than it".
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
                let code = state.error_code as i32;
                let name = usize::try_from(-code - 1).ok().and_then(|i| NAMES.get(i));
                return Err(name.map_or_else(|| alloc::format!("code {code}"), |n| n.to_string()));
            }
        }
    }
}
