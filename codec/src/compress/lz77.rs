//! The LZ77 back-reference copy shared by the zstd and brotli decoders.

use alloc::vec::Vec;

/// Appends `len` bytes copied from `distance` bytes back in `out`; an overlapping copy
/// repeats the pattern, doubling the chunk each round. Callers check that
/// 1 ≤ `distance` ≤ `out.len()`; anything else appends nothing (never panics or spins).
#[inline]
pub(crate) fn copy_back(out: &mut Vec<u8>, distance: usize, len: usize) {
    let Some(start) = out.len().checked_sub(distance) else {
        return;
    };
    let mut left = len;
    while left > 0 {
        let n = left.min(out.len() - start);
        if n == 0 {
            return;
        }
        out.extend_from_within(start..start + n);
        left -= n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlapping_copies_repeat_the_pattern() {
        let mut v = b"ab".to_vec();
        copy_back(&mut v, 2, 5);
        assert_eq!(v, b"abababa");
        copy_back(&mut v, 1, 3);
        assert_eq!(v, b"abababaaaa");
        copy_back(&mut v, 11, 3);
        assert_eq!(v, b"abababaaaa");
        let mut out = b"xab".to_vec();
        copy_back(&mut out, 2, 7);
        assert_eq!(out, b"xababababa");
        copy_back(&mut out, 9, 3);
        assert_eq!(out, b"xababababaaba");
        copy_back(&mut out, 0, 3);
        assert_eq!(out, b"xababababaaba");
    }
}
