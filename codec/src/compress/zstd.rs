//! Zstandard frames: all concatenated frames are decoded (klauspost `DecodeAll`), with an
//! output limit and a window limit.
//!
//! The portable encoder is ruzstd's, which implements one strategy (≈ zstd level 1) for
//! every level: Argo's levels 1–4 are accepted and validated, and all produce standard
//! frames any zstd reader (Argo's included) decodes.

use alloc::format;
use alloc::vec::Vec;

use ruzstd::decoding::errors::{FrameDecoderError, ReadFrameHeaderError};
use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use ruzstd::encoding::{CompressionLevel, compress_to_vec};

use crate::compress::Algorithm;
use crate::error::{Error, Result};

/// klauspost/compress's default maximum window (Argo's reader).
const ARGO_MAX_WINDOW: u64 = 512 << 20;
/// Windows up to this size are always accepted.
const MIN_WINDOW: u64 = 8 << 20;
/// Output produced between limit checks.
const STEP: usize = 1 << 20;

/// Compresses `data` into one zstd frame. `_level` (1–4, already validated) cannot change
/// ruzstd's single strategy.
pub(super) fn compress(data: &[u8], _level: u8) -> Vec<u8> {
    compress_to_vec(data, CompressionLevel::Fastest)
}

/// Decodes every frame in `data` (which starts with the zstd magic), producing at most
/// `max_len` bytes.
pub(super) fn decompress(data: &[u8], max_len: usize) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut dec = FrameDecoder::new();
    // ruzstd reserves the whole window when a frame starts, so the window is bounded by
    // the output limit too (but never below 8 MiB, the window of zstd -19).
    let max_window = ARGO_MAX_WINDOW.min((max_len as u64).max(MIN_WINDOW));
    dec.set_max_window_size(max_window);
    let mut input = data;
    let mut frame = 0;
    while !input.is_empty() {
        let offset = data.len() - input.len();
        if frame > 0 && !input.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) && !is_skippable(input) {
            return Err(Error::TrailingData {
                algorithm: Algorithm::Zstd,
                offset,
                len: input.len(),
            });
        }
        match dec.reset(&mut input) {
            Ok(()) => {}
            Err(FrameDecoderError::ReadFrameHeaderError(ReadFrameHeaderError::SkipFrame {
                length,
                ..
            })) => {
                input = input.get(length as usize..).ok_or(Error::Truncated {
                    algorithm: Algorithm::Zstd,
                    offset: data.len(),
                })?;
                continue;
            }
            Err(FrameDecoderError::WindowSizeTooBig { requested, max }) => {
                return Err(Error::ZstdWindow {
                    window: requested,
                    max,
                });
            }
            Err(e) => return Err(classify(&e, frame, input.is_empty(), data.len())),
        }
        loop {
            dec.decode_blocks(&mut input, BlockDecodingStrategy::UptoBytes(STEP))
                .map_err(|e| classify(&e, frame, input.is_empty(), data.len()))?;
            if out.len().saturating_add(dec.can_collect()) > max_len {
                return Err(Error::LimitExceeded {
                    algorithm: Algorithm::Zstd,
                    limit: max_len,
                });
            }
            dec.collect_to_writer(&mut out).map_err(|e| Error::Zstd {
                frame,
                detail: format!("{e:?}"),
            })?;
            if dec.is_finished() {
                break;
            }
        }
        let stored = dec.get_checksum_from_data();
        if stored.is_some() && stored != dec.get_calculated_checksum() {
            return Err(Error::ZstdChecksum { frame });
        }
        frame += 1;
    }
    Ok(out)
}

fn is_skippable(b: &[u8]) -> bool {
    b.len() >= 4 && b[0] & 0xf0 == 0x50 && b[1..4] == [0x2a, 0x4d, 0x18]
}

/// Maps a ruzstd error: running out of input is truncation, anything else corruption.
fn classify(e: &FrameDecoderError, frame: usize, input_exhausted: bool, len: usize) -> Error {
    let detail = format!("{e}");
    let debug = format!("{e:?}");
    if input_exhausted || debug.contains("UnexpectedEof") {
        Error::Truncated {
            algorithm: Algorithm::Zstd,
            offset: len,
        }
    } else {
        Error::Zstd { frame, detail }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_concatenation() {
        let a = compress(b"first half, ", 2);
        let b = compress(b"second half", 2);
        let mut both = a.clone();
        both.extend(&b);
        assert_eq!(decompress(&both, 1000).unwrap(), b"first half, second half");
        let mut junk = a.clone();
        junk.extend(b"garbage!");
        let e = decompress(&junk, 1000).unwrap_err();
        assert!(matches!(e, Error::TrailingData { len: 8, .. }), "{e:?}");
    }

    #[test]
    fn truncation_and_limit() {
        let z = compress(&[7u8; 300_000], 1);
        assert!(decompress(&z[..z.len() / 2], 1 << 20).is_err());
        assert!(matches!(
            decompress(&z, 299_999),
            Err(Error::LimitExceeded { .. })
        ));
        assert_eq!(decompress(&z, 300_000).unwrap().len(), 300_000);
    }
}
