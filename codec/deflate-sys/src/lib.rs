//! libdeflate's deflate compressor, vendored (v1.26, MIT; `libdeflate/COPYING`) and built
//! by `build.rs`, with one thing its API lacks: the match finder's search depth and nice
//! match length can be chosen, not only one of the levels 0-12 (`shim.c`).
//!
//! wfpack-codec uses it for its native gzip writer. On node-status JSON, libdeflate's lazy
//! parser with a shallower search than level 7 but a nice length of 258 (keep looking until
//! a match of the longest possible length) writes less than level 7 in less time, which no
//! level offers. Only compression is built; the codec inflates with `miniz_oxide`.
//!
//! ```
//! use wfpack_deflate_sys::Compressor;
//!
//! let data = b"{\"phase\":\"Succeeded\"},".repeat(1000);
//! let mut c = Compressor::with_search(7, 35, 258).expect("valid settings");
//! let mut out = vec![0; c.bound(data.len())];
//! let n = c.compress(&data, &mut out).expect("room for the bound");
//! assert!(n < data.len() / 20);
//! ```

use core::ffi::{c_int, c_uint, c_void};
use core::ptr::NonNull;

unsafe extern "C" {
    fn libdeflate_alloc_compressor(compression_level: c_int) -> *mut c_void;
    fn libdeflate_deflate_compress(
        compressor: *mut c_void,
        input: *const c_void,
        in_nbytes: usize,
        output: *mut c_void,
        out_nbytes_avail: usize,
    ) -> usize;
    fn libdeflate_deflate_compress_bound(compressor: *mut c_void, in_nbytes: usize) -> usize;
    fn libdeflate_free_compressor(compressor: *mut c_void);
    fn wfpack_deflate_set_search(compressor: *mut c_void, depth: c_uint, nice: c_uint);
}

/// A libdeflate compressor: raw deflate streams at one setting, reusable across calls.
#[derive(Debug)]
pub struct Compressor {
    ptr: NonNull<c_void>,
}

// SAFETY: a libdeflate compressor is plain memory with no thread affinity; every use goes
// through `&mut self` (or `&self` for the bound, which only reads the level's settings).
unsafe impl Send for Compressor {}

impl Compressor {
    /// A compressor at libdeflate level `level` (0-12); `None` for another level or when
    /// libdeflate cannot allocate one (~0.5 MiB of match finder).
    pub fn new(level: u8) -> Option<Self> {
        if level > 12 {
            return None;
        }
        // SAFETY: any level 0-12 is valid; a null result (no memory) becomes `None`.
        let ptr = unsafe { libdeflate_alloc_compressor(c_int::from(level)) };
        NonNull::new(ptr).map(|ptr| Self { ptr })
    }

    /// A compressor with the parser of libdeflate level `level` (2-9: greedy 2-4, lazy
    /// 5-7, lazy2 8-9) searching up to `depth` (1-4096) earlier positions per match and
    /// stopping at a match of `nice` (3-258) bytes. `None` outside those ranges.
    pub fn with_search(level: u8, depth: u32, nice: u32) -> Option<Self> {
        if !(2..=9).contains(&level) || !(1..=4096).contains(&depth) || !(3..=258).contains(&nice) {
            return None;
        }
        let c = Self::new(level)?;
        // SAFETY: `c.ptr` is a live compressor of a greedy/lazy level, whose search reads
        // these two fields on every call; the values are in the ranges libdeflate's own
        // levels use.
        unsafe { wfpack_deflate_set_search(c.ptr.as_ptr(), depth, nice) };
        Some(c)
    }

    /// The most bytes [`Compressor::compress`] can write for `len` input bytes.
    pub fn bound(&self, len: usize) -> usize {
        // SAFETY: `self.ptr` is a live compressor; the call only reads it.
        unsafe { libdeflate_deflate_compress_bound(self.ptr.as_ptr(), len) }
    }

    /// Compresses `input` into one complete raw deflate stream at the start of `out`,
    /// returning its length, or `None` when `out` is too small (a buffer of
    /// [`Compressor::bound`] bytes never is).
    pub fn compress(&mut self, input: &[u8], out: &mut [u8]) -> Option<usize> {
        // SAFETY: `self.ptr` is a live compressor used by this call alone (`&mut self`);
        // libdeflate reads `input.len()` bytes of `input` and writes at most `out.len()`
        // bytes of `out`.
        let n = unsafe {
            libdeflate_deflate_compress(
                self.ptr.as_ptr(),
                input.as_ptr().cast(),
                input.len(),
                out.as_mut_ptr().cast(),
                out.len(),
            )
        };
        (n > 0).then_some(n)
    }
}

impl Drop for Compressor {
    fn drop(&mut self) {
        // SAFETY: `self.ptr` came from `libdeflate_alloc_compressor` and is freed once.
        unsafe { libdeflate_free_compressor(self.ptr.as_ptr()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_out_of_range_are_refused() {
        assert!(Compressor::new(13).is_none());
        assert!(Compressor::with_search(1, 10, 10).is_none());
        assert!(Compressor::with_search(10, 10, 10).is_none());
        assert!(Compressor::with_search(7, 0, 10).is_none());
        assert!(Compressor::with_search(7, 10, 2).is_none());
        assert!(Compressor::with_search(7, 10, 259).is_none());
        assert!(Compressor::with_search(7, 35, 258).is_some());
    }

    #[test]
    fn compresses_and_reports_a_small_buffer() {
        let data: Vec<u8> = (0..100_000u32)
            .map(|i| (i % 251) as u8 ^ (i / 7) as u8)
            .collect();
        for c in [Compressor::new(7), Compressor::with_search(7, 35, 258)] {
            let mut c = c.unwrap();
            let mut out = vec![0; c.bound(data.len())];
            let n = c.compress(&data, &mut out).unwrap();
            assert!(n > 0 && n <= out.len());
            assert_eq!(c.compress(&data, &mut out[..n / 2]), None);
        }
        // Empty input: a stream of one empty final block.
        let mut c = Compressor::new(6).unwrap();
        let mut out = vec![0; c.bound(0)];
        assert!(c.compress(&[], &mut out).is_some());
    }
}
