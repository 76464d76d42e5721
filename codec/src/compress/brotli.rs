//! Brotli streams through the `brotli` crate without its standard library: a small
//! allocator over `alloc`, a limit-checked decode loop, and Go's error names.

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use brotli::enc::encode::{
    BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct,
};
use brotli::{Allocator, BrotliResult, BrotliState, HuffmanCode, SliceWrapper, SliceWrapperMut};

use crate::compress::Algorithm;
use crate::error::{Error, Result};

/// Window of Argo's brotli writer (andybalholm/brotli's default, 22 bits = 4 MiB).
const LGWIN: u32 = 22;

/// A heap block handed out by [`Heap`].
pub(super) struct Block<T>(Box<[T]>);

impl<T> Default for Block<T> {
    fn default() -> Self {
        Block(Box::new([]))
    }
}

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

/// The brotli crate's allocator interface over `alloc` (zeroed blocks, freed on drop).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Heap;

impl<T: Clone + Default> Allocator<T> for Heap {
    type AllocatedMemory = Block<T>;

    fn alloc_cell(&mut self, len: usize) -> Block<T> {
        Block(vec![T::default(); len].into_boxed_slice())
    }

    fn free_cell(&mut self, _data: Block<T>) {}
}

impl brotli::enc::BrotliAlloc for Heap {}

/// Compresses `data` as one brotli stream at `quality` (0–11) with a 22-bit window.
pub(super) fn compress(data: &[u8], quality: u8) -> Result<Vec<u8>> {
    let fail = |detail| Error::Compress {
        algorithm: Algorithm::Brotli,
        detail,
    };
    let mut enc = BrotliEncoderStateStruct::new(Heap);
    let hint = u32::try_from(data.len()).unwrap_or(u32::MAX);
    if !(enc.set_parameter(
        BrotliEncoderParameter::BROTLI_PARAM_QUALITY,
        u32::from(quality),
    ) && enc.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_LGWIN, LGWIN)
        && enc.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_SIZE_HINT, hint))
    {
        return Err(fail("rejected its parameters"));
    }
    let mut out = vec![0u8; data.len() / 4 + 1024];
    let mut filled = 0;
    let mut in_avail = data.len();
    let mut in_off = 0;
    loop {
        let mut out_avail = out.len() - filled;
        let ok = enc.compress_stream(
            BrotliEncoderOperation::BROTLI_OPERATION_FINISH,
            &mut in_avail,
            data,
            &mut in_off,
            &mut out_avail,
            &mut out,
            &mut filled,
            &mut None,
            &mut |_, _, _, _| (),
        );
        if !ok {
            return Err(fail("reported an error"));
        }
        if enc.is_finished() {
            break;
        }
        if out_avail == 0 {
            let grown = out.len() * 2;
            out.resize(grown, 0);
        }
    }
    out.truncate(filled);
    Ok(out)
}

/// Decodes one brotli stream that must span all of `data`, producing at most `max_len` bytes.
pub(super) fn decompress(data: &[u8], max_len: usize) -> Result<Vec<u8>> {
    let mut state = BrotliState::new_strict(Heap, Heap, Heap);
    // One byte of room past the limit tells "exactly the limit" from "more than it".
    let room = max_len.saturating_add(1);
    let mut out = vec![0u8; data.len().saturating_mul(4).max(1024).min(room)];
    let mut filled = 0;
    let mut in_avail = data.len();
    let mut in_off = 0;
    let mut total = 0;
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
            BrotliResult::ResultSuccess => {
                if in_avail > 0 {
                    return Err(Error::TrailingData {
                        algorithm: Algorithm::Brotli,
                        offset: in_off,
                        len: in_avail,
                    });
                }
                if filled > max_len {
                    return Err(Error::LimitExceeded {
                        algorithm: Algorithm::Brotli,
                        limit: max_len,
                    });
                }
                out.truncate(filled);
                return Ok(out);
            }
            BrotliResult::NeedsMoreOutput => {
                if out.len() >= room {
                    return Err(Error::LimitExceeded {
                        algorithm: Algorithm::Brotli,
                        limit: max_len,
                    });
                }
                let grown = out.len().saturating_mul(2).min(room);
                out.resize(grown, 0);
            }
            BrotliResult::NeedsMoreInput => {
                return Err(Error::Truncated {
                    algorithm: Algorithm::Brotli,
                    offset: data.len(),
                });
            }
            BrotliResult::ResultFailure => {
                return Err(Error::Brotli {
                    code: code_name(state.error_code as i32),
                });
            }
        }
    }
}

/// The names andybalholm/brotli prints after `brotli: ` (C `BROTLI_DECODER_ERROR_*`
/// without the `ERROR_FORMAT_`/`ERROR_` prefix).
fn code_name(code: i32) -> &'static str {
    match code {
        -1 => "EXUBERANT_NIBBLE",
        -2 => "RESERVED",
        -3 => "EXUBERANT_META_NIBBLE",
        -4 => "SIMPLE_HUFFMAN_ALPHABET",
        -5 => "SIMPLE_HUFFMAN_SAME",
        -6 => "CL_SPACE",
        -7 => "HUFFMAN_SPACE",
        -8 => "CONTEXT_MAP_REPEAT",
        -9 => "BLOCK_LENGTH_1",
        -10 => "BLOCK_LENGTH_2",
        -11 => "TRANSFORM",
        -12 => "DICTIONARY",
        -13 => "WINDOW_BITS",
        -14 => "PADDING_1",
        -15 => "PADDING_2",
        -16 => "DISTANCE",
        -17 => "BLOCK_SWITCH",
        -18 => "COMPOUND_DICTIONARY",
        -19 => "DICTIONARY_NOT_SET",
        -20 => "INVALID_ARGUMENTS",
        -21 => "ALLOC_CONTEXT_MODES",
        -22 => "ALLOC_TREE_GROUPS",
        -25 => "ALLOC_CONTEXT_MAP",
        -26 => "ALLOC_RING_BUFFER_1",
        -27 => "ALLOC_RING_BUFFER_2",
        -30 => "ALLOC_BLOCK_TYPE_TREES",
        _ => "UNREACHABLE",
    }
}

// Keeps the HuffmanCode allocator requirement visible: BrotliState needs Allocator<HuffmanCode>.
const _: fn() = || {
    fn needs<A: Allocator<HuffmanCode>>() {}
    needs::<Heap>();
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_every_quality() {
        let data =
            b"{\"a\":{\"id\":\"a\",\"phase\":\"Succeeded\"},\"b\":{\"id\":\"b\"}}".repeat(50);
        for q in 0..=11 {
            let z = compress(&data, q).unwrap();
            assert_eq!(decompress(&z, 1 << 20).unwrap(), data, "quality {q}");
        }
    }

    #[test]
    fn errors() {
        let e = decompress(b"", 100).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "failed to decompress: unexpected EOF"
        );
        let mut z = compress(b"hello", 5).unwrap();
        z.extend(b"12345");
        let e = decompress(&z, 100).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "failed to decompress: brotli: excessive input"
        );
        let z = compress(&[b' '; 10_000], 5).unwrap();
        assert!(matches!(
            decompress(&z, 9_999),
            Err(Error::LimitExceeded { .. })
        ));
        assert_eq!(decompress(&z, 10_000).unwrap().len(), 10_000);
        let big = compress(&[b'x'; 3000], 11).unwrap();
        assert_eq!(decompress(&big, 3000).unwrap().len(), 3000);
    }
}
