//! Raw deflate (RFC 1951) streams: inflate with an output limit, and deflate.
//!
//! The portable backend is `miniz_oxide` (pure Rust, builds for wasm).

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
pub(super) fn deflate(data: &[u8], level: u8, out: &mut Vec<u8>) {
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
