//! Brotli: streams are written by the `brotli` crate (without its standard library, over
//! a small allocator on `alloc`) and read by this module's own RFC 7932 decoder, which
//! stops at an output limit and fails with the names Go's andybalholm/brotli prints.
//!
//! Decoder parts: [`bits`] (bit reader), [`huffman`] (prefix codes), [`context`] (block
//! switches, context ids and maps), [`transform`] (static dictionary words), [`decode`]
//! (stream and metablock loop).

mod context;
mod decode;
mod huffman;
mod transform;

use alloc::boxed::Box;
use alloc::vec;
use alloc::vec::Vec;

use brotli::enc::encode::{
    BrotliEncoderOperation, BrotliEncoderParameter, BrotliEncoderStateStruct,
};
use brotli::{Allocator, SliceWrapper, SliceWrapperMut};

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
    compress_window(data, quality, LGWIN)
}

/// Compresses `data` as one brotli stream at `quality` (0–11) with a `lgwin`-bit window
/// (10–24).
fn compress_window(data: &[u8], quality: u8, lgwin: u32) -> Result<Vec<u8>> {
    let fail = |detail| Error::Compress {
        algorithm: Algorithm::Brotli,
        detail,
    };
    let mut enc = BrotliEncoderStateStruct::new(Heap);
    let hint = u32::try_from(data.len()).unwrap_or(u32::MAX);
    if !(enc.set_parameter(
        BrotliEncoderParameter::BROTLI_PARAM_QUALITY,
        u32::from(quality),
    ) && enc.set_parameter(BrotliEncoderParameter::BROTLI_PARAM_LGWIN, lgwin)
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
///
/// # Errors
/// [`Error::Truncated`] when the stream ends early, [`Error::TrailingData`] after its
/// end, [`Error::LimitExceeded`] past `max_len`, otherwise [`Error::Brotli`] with the
/// name Go's andybalholm/brotli prints for the failure.
pub(super) fn decompress(data: &[u8], max_len: usize) -> Result<Vec<u8>> {
    decode::decode(data, max_len)
}

/// A format error with the reference decoder's name (`BROTLI_DECODER_ERROR_FORMAT_*`
/// without the prefix, as Go prints it after `brotli: `).
fn fail(code: &'static str) -> Error {
    Error::Brotli { code }
}

#[cfg(test)]
mod differential;
#[cfg(test)]
mod reference;

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
