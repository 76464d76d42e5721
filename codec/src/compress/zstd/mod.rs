//! Zstandard frames: all concatenated frames are decoded (klauspost `DecodeAll`), with an
//! output limit and a window limit.
//!
//! Decoding is this module's own compact RFC 8878 decoder, the same natively and in wasm:
//! [`frame`] (frame header, blocks, checksum with [`xxh64`]), [`block`] (literals
//! section), [`huffman`] (literals), [`sequences`], [`fse`] tables and the [`bits`]
//! readers. Skippable frames are skipped; frames that need a dictionary are refused.
//!
//! The portable encoder is ruzstd's, which implements one strategy (≈ zstd level 1) for
//! every level: Argo's levels 1–4 are accepted and validated, and all produce standard
//! frames any zstd reader (Argo's included) decodes.

use alloc::format;
use alloc::vec::Vec;

use ruzstd::encoding::{CompressionLevel, compress_to_vec};

use crate::compress::Algorithm;
use crate::error::{Error, Result};

mod bits;
mod block;
mod frame;
mod fse;
mod huffman;
mod sequences;
#[cfg(test)]
mod tests;
mod xxh64;

/// klauspost/compress's default maximum window (Argo's reader).
const ARGO_MAX_WINDOW: u64 = 512 << 20;
/// Windows up to this size are always accepted.
const MIN_WINDOW: u64 = 8 << 20;
/// The largest block, compressed or decompressed (RFC 8878 `Block_Maximum_Size`).
const MAX_BLOCK: usize = 128 << 10;

/// Why the decoder stopped; mapped to an [`Error`] with the frame index by [`decompress`].
#[derive(Debug, Clone, Copy)]
enum Fail {
    /// The input ends inside a frame.
    Truncated,
    /// The frame is invalid: what is wrong.
    Corrupt(&'static str),
    /// The frame's window (first) is over the allowed maximum (second).
    Window(u64, u64),
    /// The frame needs this dictionary.
    Dictionary(u32),
    /// The content checksum does not match.
    Checksum,
    /// The output would pass the limit.
    Limit,
}

#[cfg(test)]
extern crate std;

#[cfg(test)]
std::thread_local! {
    /// Decoder features this thread used, one bit each (see [`seen`]): the fixture test
    /// checks that its fixtures exercise them all.
    static SEEN: core::cell::Cell<u32> = const { core::cell::Cell::new(0) };
}

/// Notes that a decoder feature (a bit number of `SEEN`) was used; nothing outside tests.
#[inline(always)]
fn seen(_feature: u32) {
    #[cfg(test)]
    SEEN.with(|s| s.set(s.get() | 1 << _feature));
}

/// A [`Fail::Corrupt`] (short to write at every check).
fn corrupt(what: &'static str) -> Fail {
    Fail::Corrupt(what)
}

/// Compresses `data` into one zstd frame. `_level` (1–4, already validated) cannot change
/// ruzstd's single strategy.
pub(super) fn compress(data: &[u8], _level: u8) -> Vec<u8> {
    compress_to_vec(data, CompressionLevel::Fastest)
}

/// Decodes every frame in `data` (which starts with the zstd magic), producing at most
/// `max_len` bytes.
///
/// The decoder is this module's own (RFC 8878): frames decode straight onto the output,
/// so memory follows the output, not the window. The window is still bounded as Argo's
/// reader bounds it (512 MiB) and by the output limit (but never below 8 MiB, the window
/// of zstd -19), so frames that need more memory than the caller allows are refused
/// before decoding.
pub(super) fn decompress(data: &[u8], max_len: usize) -> Result<Vec<u8>> {
    let max_window = ARGO_MAX_WINDOW.min((max_len as u64).max(MIN_WINDOW));
    let mut out = Vec::new();
    let mut input = data;
    let mut frame = 0;
    while !input.is_empty() {
        let offset = data.len() - input.len();
        let truncated = Error::Truncated {
            algorithm: Algorithm::Zstd,
            offset: data.len(),
        };
        if is_skippable(input) {
            let len = bits::le(input, 4, 4).ok_or(truncated)? as usize;
            input = input.get(len.saturating_add(8)..).ok_or(Error::Truncated {
                algorithm: Algorithm::Zstd,
                offset: data.len(),
            })?;
            continue;
        }
        if frame > 0 && !input.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            return Err(Error::TrailingData {
                algorithm: Algorithm::Zstd,
                offset,
                len: input.len(),
            });
        }
        let used = frame::decode(input, &mut out, max_len, max_window).map_err(|e| match e {
            Fail::Truncated => truncated,
            Fail::Corrupt(what) => Error::Zstd {
                frame,
                detail: what.into(),
            },
            Fail::Window(window, max) => Error::ZstdWindow { window, max },
            Fail::Dictionary(id) => Error::Zstd {
                frame,
                detail: format!("needs dictionary {id}; dictionaries are not supported"),
            },
            Fail::Checksum => Error::ZstdChecksum { frame },
            Fail::Limit => Error::LimitExceeded {
                algorithm: Algorithm::Zstd,
                limit: max_len,
            },
        })?;
        input = input.get(used..).unwrap_or(&[]);
        frame += 1;
    }
    Ok(out)
}

/// `b` starts with a skippable frame's magic (`5X 2a 4d 18`).
fn is_skippable(b: &[u8]) -> bool {
    b.len() >= 4 && b[0] & 0xf0 == 0x50 && b[1..4] == [0x2a, 0x4d, 0x18]
}
