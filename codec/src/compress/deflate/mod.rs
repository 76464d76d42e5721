//! Raw deflate (RFC 1951) streams: inflate with an output limit, and deflate.
//!
//! Inflating always uses `miniz_oxide` (pure Rust; as fast as libdeflate here, and it
//! streams, which the output limit needs). Deflating uses `miniz_oxide` too, unless the
//! `libdeflate` feature (native builds) selects libdeflate: about 1.7× faster at level 6
//! and stronger per level on node-status JSON (see [`deflate`]).

use alloc::vec::Vec;

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

#[cfg(feature = "libdeflate")]
mod huffman;
#[cfg(feature = "libdeflate")]
mod parallel;
#[cfg(feature = "libdeflate")]
mod walk;
#[cfg(feature = "libdeflate")]
mod write;

/// Why inflating stopped early.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum InflateError {
    /// The input ended inside the stream; `at` is the input length consumed.
    Truncated { at: usize },
    /// The stream is invalid; `at` is roughly where decoding stopped.
    Corrupt { at: usize },
    /// The output would grow past `max_len`.
    Limit,
}

/// Inflates the raw deflate stream at the start of `input`, appending its output to `out`
/// without letting `out.len()` pass `max_len`. Returns the number of input bytes the
/// stream occupies (whole bytes; the bits after the final block are padding).
///
/// `size_hint` is a guess of the output size (e.g. a gzip ISIZE) used to size the buffer
/// once; it is clamped to `max_len`, so a lying hint costs at most the limit.
pub(super) fn inflate(
    input: &[u8],
    out: &mut Vec<u8>,
    max_len: usize,
    size_hint: usize,
) -> Result<usize, InflateError> {
    let start = out.len();
    let mut filled = start;
    let mut first = start
        .saturating_add(size_hint.max(input.len().saturating_mul(4)).max(1024))
        .min(max_len);
    if first <= filled {
        first = max_len.min(filled.saturating_add(1024));
    }
    out.resize(first.max(filled), 0);
    let mut decomp = DecompressorOxide::new();
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut in_pos = 0;
    let result = loop {
        let (status, used, written) = decompress(
            &mut decomp,
            &input[in_pos..],
            &mut out[start..],
            filled - start,
            flags,
        );
        in_pos += used;
        filled += written;
        match status {
            TINFLStatus::Done => break Ok(in_pos),
            TINFLStatus::HasMoreOutput => {
                if out.len() >= max_len {
                    break Err(InflateError::Limit);
                }
                let grown = out
                    .len()
                    .saturating_mul(2)
                    .max(out.len() + 1024)
                    .min(max_len);
                out.resize(grown, 0);
            }
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                break Err(InflateError::Truncated { at: in_pos });
            }
            _ => {
                break Err(InflateError::Corrupt { at: in_pos });
            }
        }
    };
    out.truncate(filled);
    result
}

/// Appends the raw deflate encoding of `data` at `level` (1–9) to `out`.
///
/// With libdeflate, Argo level `L` maps to libdeflate level `L + 1` for `L` ≤ 8 (9 stays
/// 9): libdeflate's scale is shifted against zlib's and Go's, and measured on the
/// benchmark's node-status JSON its level 6 output is ~0.04% larger than Go's level 6
/// while its level 7 is ~2% smaller, so the shift keeps our output no larger than Go's
/// at the same Argo level (and still faster). Level 6 (`compress/gzip`'s default, the level
/// the codec's speed goal is set at) gets a setting of its own, [`NODE_JSON`].
///
/// Inputs of at least [`parallel::MIN_INPUT`] bytes are compressed in pieces on the
/// cores no other compression in this process is using, and joined into one deflate
/// stream (see [`parallel`]).
#[cfg(feature = "libdeflate")]
pub(super) fn deflate(data: &[u8], level: u8, out: &mut Vec<u8>) {
    let setting = match level {
        6 => NODE_JSON,
        9.. => 9,
        l => l + 1,
    };
    let _busy = parallel::Busy::enter(1);
    if data.len() >= parallel::MIN_INPUT && parallel::deflate(data, setting, out) {
        return;
    }
    if !libdeflate_raw(data, setting, out) {
        deflate_portable(data, level, out);
    }
}

/// The libdeflate setting for Argo level 6 (a value past libdeflate's levels
/// 0–12 in [`libdeflate_raw`]'s `setting`): the lazy parser of levels 5–7 searching 35
/// positions, as level 6 does, but going on until a match of 258 bytes (level 6 stops at
/// 65, level 7 at 130 after up to 100). Node-status JSON repeats long runs, and finding
/// the longest one pays: on the benchmark's 25 KB–27.5 MB it wrote 0.3–4.1% less than
/// Go's level 6 (level 7: 0.7–3.0% less) in about 0.7× level 7's time.
#[cfg(feature = "libdeflate")]
pub(super) const NODE_JSON: u8 = 13;

/// Appends one complete raw deflate stream of `data` from libdeflate at `setting` (a
/// libdeflate level 1–12, or [`NODE_JSON`]) to `out`; `false` (appending nothing) when
/// libdeflate could not.
///
/// libdeflate's compressor allocates its match finder (~0.5 MiB) on creation, and the
/// output buffer it needs is as large as the input: fresh allocations cost zeroing and
/// page faults on every call. Compressors and their buffers (up to [`POOL_BUFFER`]) are
/// kept in a process-wide pool instead, so the threads of [`parallel`] (new on each
/// call) reuse them.
#[cfg(feature = "libdeflate")]
fn libdeflate_raw(data: &[u8], setting: u8, out: &mut Vec<u8>) -> bool {
    use std::sync::Mutex;
    use wfpack_deflate_sys::Compressor;

    /// Idle compressors, their settings and output buffers; at most [`POOL_SIZE`].
    static POOL: Mutex<Vec<(u8, Compressor, Vec<u8>)>> = Mutex::new(Vec::new());
    const POOL_SIZE: usize = 16;

    let taken = POOL.lock().ok().and_then(|mut pool| {
        let k = pool.iter().position(|(l, _, _)| *l == setting)?;
        Some(pool.swap_remove(k))
    });
    let (_, mut c, mut buf) = match taken {
        Some(entry) => entry,
        None => {
            let c = match setting {
                NODE_JSON => Compressor::with_search(7, 35, 258),
                1..=12 => Compressor::new(setting),
                _ => None,
            };
            match c {
                Some(c) => (setting, c, Vec::new()),
                None => return false,
            }
        }
    };
    let bound = c.bound(data.len());
    if buf.len() < bound {
        buf.resize(bound, 0);
    }
    let done = match c.compress(data, &mut buf) {
        Some(n) => {
            out.extend_from_slice(&buf[..n]);
            true
        }
        None => false,
    };
    if buf.len() > POOL_BUFFER {
        buf = Vec::new();
    }
    if let Ok(mut pool) = POOL.lock() {
        if pool.len() >= POOL_SIZE {
            pool.remove(0);
        }
        pool.push((setting, c, buf));
    }
    done
}

/// Output buffers up to this size stay in libdeflate's pool (larger inputs pay for their
/// own buffer rather than keep it allocated).
#[cfg(feature = "libdeflate")]
const POOL_BUFFER: usize = 4 << 20;

/// Appends the raw deflate encoding of `data` at `level` (1–9) to `out`.
#[cfg(not(feature = "libdeflate"))]
pub(super) fn deflate(data: &[u8], level: u8, out: &mut Vec<u8>) {
    deflate_portable(data, level, out);
}

/// `miniz_oxide`'s deflate at `level` (1–9).
pub(super) fn deflate_portable(data: &[u8], level: u8, out: &mut Vec<u8>) {
    use miniz_oxide::deflate::core::{
        CompressorOxide, TDEFLFlush, TDEFLStatus, compress, create_comp_flags_from_zip_params,
    };
    let flags = create_comp_flags_from_zip_params(i32::from(level), -15, 0);
    let mut comp = CompressorOxide::new(flags);
    let mut filled = out.len();
    out.resize(filled + data.len() / 2 + 1024, 0);
    let mut in_pos = 0;
    loop {
        let (status, used, written) = compress(
            &mut comp,
            &data[in_pos..],
            &mut out[filled..],
            TDEFLFlush::Finish,
        );
        in_pos += used;
        filled += written;
        match status {
            TDEFLStatus::Done => break,
            TDEFLStatus::Okay => {
                let grown = out.len() + out.len() / 2 + 1024;
                out.resize(grown, 0);
            }
            // Only returned for invalid parameters, which the flags above never are.
            TDEFLStatus::BadParam | TDEFLStatus::PutBufFailed => break,
        }
    }
    out.truncate(filled);
}
