//! Raw deflate (RFC 1951) streams: inflate with an output limit, and deflate.
//!
//! Inflating always uses `miniz_oxide` (pure Rust; as fast as libdeflate here, and it
//! streams, which the output limit needs). Deflating uses `miniz_oxide` too, unless the
//! `libdeflate` feature (native builds) selects libdeflate: about 1.7× faster at level 6
//! and stronger per level on node-status JSON (see [`deflate`]).

use alloc::vec::Vec;

use miniz_oxide::inflate::TINFLStatus;
use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

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
/// at the same Argo level (and still faster).
///
/// Inputs of at least [`parallel::MIN_INPUT`] bytes are compressed in pieces on all
/// cores and joined into one deflate stream (see [`parallel`]).
#[cfg(feature = "libdeflate")]
pub(super) fn deflate(data: &[u8], level: u8, out: &mut Vec<u8>) {
    let lvl = if level >= 9 { 9 } else { level + 1 };
    if data.len() >= parallel::MIN_INPUT && parallel::deflate(data, lvl, out) {
        return;
    }
    match libdeflate_raw(data, lvl) {
        Some(z) => out.extend_from_slice(&z),
        None => deflate_portable(data, level, out),
    }
}

/// One complete raw deflate stream from libdeflate at libdeflate level `lvl` (1–12).
#[cfg(feature = "libdeflate")]
fn libdeflate_raw(data: &[u8], lvl: u8) -> Option<Vec<u8>> {
    use core::cell::RefCell;
    use libdeflater::{CompressionLvl, Compressor};

    std::thread_local! {
        /// libdeflate's compressor allocates its match finder on creation; reuse it.
        static COMPRESSOR: RefCell<Option<(u8, Compressor)>> = const { RefCell::new(None) };
    }
    COMPRESSOR.with(|cell| {
        let mut cell = cell.borrow_mut();
        if !matches!(&*cell, Some((l, _)) if *l == lvl) {
            *cell = Some((
                lvl,
                Compressor::new(CompressionLvl::new(i32::from(lvl)).ok()?),
            ));
        }
        let (_, c) = cell.as_mut()?;
        let mut z = alloc::vec![0u8; c.deflate_compress_bound(data.len())];
        let n = c.deflate_compress(data, &mut z).ok()?;
        z.truncate(n);
        Some(z)
    })
}

/// pgzip-style parallel deflate over libdeflate.
///
/// The input is cut into one piece per core; each piece is compressed independently
/// (no shared dictionary: the pieces are megabytes, so only their first 32 KiB compress
/// slightly worse). libdeflate always ends a stream with a final block, so every piece but
/// the last is turned into a non-final, byte-aligned run of blocks: decoding it with
/// `miniz_oxide` stopping at block boundaries finds the final block's header (its BFINAL
/// bit is cleared) and its exact end bit, after which an empty stored block
/// (`000` + padding + `00 00 ff ff`, a sync flush) aligns it to a byte. The pieces then
/// concatenate into one valid deflate stream and one gzip member, exactly as pgzip's
/// blocks do. The decode pass doubles as a check; on any surprise the caller falls back
/// to one thread.
#[cfg(feature = "libdeflate")]
pub(super) mod parallel {
    use alloc::vec::Vec;

    use miniz_oxide::inflate::TINFLStatus;
    use miniz_oxide::inflate::core::{DecompressorOxide, decompress, inflate_flags};

    /// Inputs below this size are compressed on one thread.
    pub(crate) const MIN_INPUT: usize = 1 << 20;

    /// Compresses `data` in pieces on all cores, appending one raw deflate stream to
    /// `out`. Returns `false` (appending nothing) when it could not.
    pub(crate) fn deflate(data: &[u8], lvl: u8, out: &mut Vec<u8>) -> bool {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pieces = cores.min(data.len() / (MIN_INPUT / 2)).min(16);
        if pieces < 2 {
            return false;
        }
        let size = data.len().div_ceil(pieces);
        let chunks: Vec<&[u8]> = data.chunks(size).collect();
        let last = chunks.len() - 1;
        let work = |k: usize, piece: &[u8]| {
            let z = super::libdeflate_raw(piece, lvl)?;
            if k == last {
                Some(z)
            } else {
                non_final(&z, piece.len())
            }
        };
        let parts: Vec<Option<Vec<u8>>> = std::thread::scope(|s| {
            let handles: Vec<_> = chunks[1..]
                .iter()
                .enumerate()
                .map(|(k, piece)| s.spawn(move || work(k + 1, piece)))
                .collect();
            let mut parts = Vec::with_capacity(chunks.len());
            parts.push(work(0, chunks[0]));
            parts.extend(handles.into_iter().map(|h| h.join().ok().flatten()));
            parts
        });
        if parts.iter().any(Option::is_none) {
            return false;
        }
        for part in parts.into_iter().flatten() {
            out.extend_from_slice(&part);
        }
        true
    }

    fn bit(z: &[u8], pos: usize) -> u8 {
        z.get(pos / 8).map_or(0, |b| (b >> (pos % 8)) & 1)
    }

    /// Rewrites the complete deflate stream `z` (decoding to `raw_len` bytes) so that it
    /// does not end the stream and ends on a byte boundary after a sync flush.
    pub(crate) fn non_final(z: &[u8], raw_len: usize) -> Option<Vec<u8>> {
        let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF
            | inflate_flags::TINFL_FLAG_STOP_ON_BLOCK_BOUNDARY;
        let mut out = alloc::vec![0u8; raw_len];
        let mut d = DecompressorOxide::new();
        // `input` is `z` with the final block's BFINAL cleared and some zero bytes after
        // it, so the decoder stops at the boundary after that block instead of finishing.
        let mut input = Vec::with_capacity(z.len() + 8);
        input.extend_from_slice(z);
        input.extend_from_slice(&[0; 8]);
        let (mut in_pos, mut out_pos) = (0usize, 0usize);
        let mut header = 0usize; // bit position of the current block's header
        let mut final_start = None;
        loop {
            if final_start.is_none() && bit(z, header) == 1 {
                final_start = Some(header);
                input[header / 8] &= !(1 << (header % 8));
                // The decoder may already hold that bit in its bit buffer.
                if let Some(mut st) = d.block_boundary_state() {
                    if st.num_bits > 0 {
                        st.bit_buf &= !1;
                        d = DecompressorOxide::from_block_boundary_state(&st);
                    }
                }
            }
            let (status, used, written) =
                decompress(&mut d, &input[in_pos..], &mut out, out_pos, flags);
            in_pos += used;
            out_pos += written;
            if status != TINFLStatus::BlockBoundary {
                return None;
            }
            let st = d.block_boundary_state()?;
            header = (in_pos * 8).checked_sub(usize::from(st.num_bits))?;
            if final_start.is_some() {
                break;
            }
        }
        let start = final_start?;
        if out_pos != raw_len || header > z.len() * 8 {
            return None;
        }
        // Bits [0, header) of `z` with BFINAL cleared, then an empty stored block.
        let end = header;
        let mut res = Vec::with_capacity(end / 8 + 6);
        res.extend_from_slice(&z[..end.div_ceil(8)]);
        res[start / 8] &= !(1 << (start % 8));
        let used_bits = end % 8;
        if used_bits != 0 {
            let last = res.len() - 1;
            res[last] &= (1u8 << used_bits) - 1;
        }
        // The stored block header is 3 zero bits; when they do not fit in the free bits
        // of the last byte (or there is no partial byte), they take a new zero byte.
        if used_bits == 0 || used_bits > 5 {
            res.push(0);
        }
        res.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
        Some(res)
    }
}

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

#[cfg(all(test, feature = "libdeflate"))]
mod tests {
    use super::*;
    use alloc::vec;

    /// Pseudo-random bytes (stored blocks) and repetitive text (Huffman blocks).
    fn sample(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if (i / 5000) % 3 == 0 {
                    x as u8
                } else {
                    let text = b"{\"id\":\"node-\",\"phase\":\"Succeeded\"}";
                    text[i % text.len()]
                }
            })
            .collect()
    }

    #[test]
    fn pieces_join_into_one_stream() {
        for (sizes, lvl) in [
            (vec![1usize, 2, 3], 1u8),
            (vec![70_000, 5, 200_000, 1000], 7),
            (vec![300_000, 300_000, 333_333], 9),
            (vec![0, 40_000], 6),
        ] {
            let mut joined = Vec::new();
            let mut raw = Vec::new();
            for (k, &n) in sizes.iter().enumerate() {
                let piece = sample(n, k as u32 + 7);
                let z = libdeflate_raw(&piece, lvl).unwrap();
                let part = if k + 1 == sizes.len() {
                    z
                } else {
                    parallel::non_final(&z, n).unwrap()
                };
                joined.extend_from_slice(&part);
                raw.extend_from_slice(&piece);
            }
            let mut out = Vec::new();
            let used = inflate(&joined, &mut out, usize::MAX, 0).unwrap();
            assert_eq!(used, joined.len());
            assert_eq!(out, raw);
        }
    }

    #[test]
    fn parallel_output_inflates_to_the_input() {
        let data = sample(3 << 20, 99);
        let mut z = Vec::new();
        deflate(&data, 6, &mut z);
        let mut out = vec![];
        inflate(&z, &mut out, usize::MAX, 0).unwrap();
        assert!(out == data);
        let mut direct = Vec::new();
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        assert_eq!(parallel::deflate(&data, 7, &mut direct), cores >= 2);
        if cores >= 2 {
            let mut out = vec![];
            inflate(&direct, &mut out, usize::MAX, 0).unwrap();
            assert!(out == data);
        }
    }
}
