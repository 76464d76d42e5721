//! Bit readers: the forward reader of FSE table descriptions and the backward reader of
//! FSE, Huffman and sequence bitstreams (RFC 8878 §4.1, §4.2).

use super::{Fail, corrupt};

/// Reads a little-endian integer of up to 8 bytes at `at`, or `None` past the end.
pub(super) fn le(src: &[u8], at: usize, len: usize) -> Option<u64> {
    let bytes = src.get(at..at.checked_add(len)?)?;
    Some(bytes.iter().rev().fold(0, |v, &b| (v << 8) | u64::from(b)))
}

/// Reads bits least significant first from the start of a slice (FSE table descriptions).
pub(super) struct Forward<'a> {
    /// The bytes being read.
    src: &'a [u8],
    /// Bits consumed so far.
    pos: usize,
}

impl<'a> Forward<'a> {
    /// A reader at the first bit of `src`.
    pub(super) fn new(src: &'a [u8]) -> Self {
        Forward { src, pos: 0 }
    }

    /// The next `n` (≤ 24) bits without consuming them; bits past the end read as zero.
    pub(super) fn peek(&self, n: u32) -> u32 {
        let byte = self.pos / 8;
        let mut v = 0u32;
        for i in 0..4 {
            let b = self.src.get(byte + i).copied().unwrap_or(0);
            v |= u32::from(b) << (8 * i);
        }
        (v >> (self.pos % 8)) & ((1u32 << n) - 1)
    }

    /// Consumes `n` bits; fails when that goes past the end of the slice.
    pub(super) fn skip(&mut self, n: u32) -> Result<(), Fail> {
        self.pos += n as usize;
        if self.pos > self.src.len() * 8 {
            return Err(corrupt("table description overruns its section"));
        }
        Ok(())
    }

    /// Bytes used so far, the last one counted whole.
    pub(super) fn bytes_used(&self) -> usize {
        self.pos.div_ceil(8)
    }
}

/// Reads bits most significant first from the end of a slice, after the final byte's
/// padding (a `1` bit above zero bits): the zstd backward bitstream.
pub(super) struct Backward<'a> {
    /// The bytes being read.
    src: &'a [u8],
    /// `src[..pos]` is not loaded yet.
    pos: usize,
    /// Loaded bits; the low `n` (≤ 63) are unread, the next one to read is bit `n - 1`.
    acc: u64,
    /// Number of unread bits in `acc`.
    n: u32,
    /// More bits were consumed than the stream holds.
    over: bool,
}

impl<'a> Backward<'a> {
    /// Starts reading `src`; its last byte must hold the end-of-padding marker.
    pub(super) fn new(src: &'a [u8]) -> Result<Self, Fail> {
        let last = match src.last() {
            Some(&b) if b != 0 => b,
            _ => return Err(corrupt("bitstream lacks its end marker")),
        };
        let mut r = Backward {
            src,
            pos: src.len() - 1,
            acc: u64::from(last),
            n: 8 - (last.leading_zeros() + 1),
            over: false,
        };
        r.refill();
        Ok(r)
    }

    /// Loads bytes until at least 56 bits are unread or the stream start is reached.
    #[inline]
    pub(super) fn refill(&mut self) {
        if self.n >= 56 {
            return;
        }
        if self.pos >= 8 {
            let k = (63 - self.n) / 8;
            let mut w = [0u8; 8];
            if let Some(s) = self.src.get(self.pos - 8..self.pos) {
                w.copy_from_slice(s);
            }
            let w = u64::from_le_bytes(w);
            self.acc = (self.acc << (8 * k)) | (w >> (64 - 8 * k));
            self.n += 8 * k;
            self.pos -= k as usize;
        } else {
            while self.n < 56 && self.pos > 0 {
                self.pos -= 1;
                let b = self.src.get(self.pos).copied().unwrap_or(0);
                self.acc = (self.acc << 8) | u64::from(b);
                self.n += 8;
            }
        }
    }

    /// The next `k` (≤ 56) bits without consuming them; zeros past the stream start.
    #[inline(always)]
    pub(super) fn peek(&self, k: u32) -> u64 {
        let v = if self.n >= k {
            self.acc >> (self.n - k)
        } else {
            self.acc << (k - self.n)
        };
        v & ((1u64 << k) - 1)
    }

    /// Consumes `k` bits, noting when that goes past the stream start.
    #[inline(always)]
    pub(super) fn consume(&mut self, k: u32) {
        if k > self.n {
            self.over = true;
            self.n = 0;
        } else {
            self.n -= k;
        }
    }

    /// Reads `k` (≤ 56) bits.
    #[inline]
    pub(super) fn read(&mut self, k: u32) -> u64 {
        self.refill();
        self.take(k)
    }

    /// Reads `k` bits without refilling first: the caller has refilled since reading at
    /// most 56 − `k` bits.
    #[inline(always)]
    pub(super) fn take(&mut self, k: u32) -> u64 {
        let v = self.peek(k);
        self.consume(k);
        v
    }

    /// More bits were consumed than the stream holds.
    pub(super) fn overflowed(&self) -> bool {
        self.over
    }

    /// Every bit was consumed, and no more.
    pub(super) fn finished(&self) -> bool {
        self.pos == 0 && self.n == 0 && !self.over
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backward_reads_from_the_end() {
        // 0b0000_0101: marker at bit 2, then bits "01"; then byte 0xa5 read MSB first.
        let mut r = Backward::new(&[0xa5, 0b0000_0101]).unwrap();
        assert_eq!(r.read(2), 0b01);
        assert_eq!(r.read(4), 0xa);
        assert!(!r.finished());
        assert_eq!(r.read(4), 0x5);
        assert!(r.finished());
        r.read(1);
        assert!(r.overflowed() && !r.finished());
        assert!(Backward::new(&[1, 0]).is_err());
        assert!(Backward::new(&[]).is_err());
    }

    #[test]
    fn backward_refills_across_words() {
        let mut data: alloc::vec::Vec<u8> = (1..=20).collect();
        data.push(1); // marker only
        let mut r = Backward::new(&data).unwrap();
        for b in (1..=20u8).rev() {
            assert_eq!(r.read(8), u64::from(b));
        }
        assert!(r.finished());
    }

    #[test]
    fn forward_reads_lsb_first() {
        let mut f = Forward::new(&[0b1010_0011, 0xff]);
        assert_eq!(f.peek(2), 0b11);
        f.skip(2).unwrap();
        assert_eq!(f.peek(6), 0b101000);
        f.skip(10).unwrap();
        assert_eq!(f.bytes_used(), 2);
        assert!(f.skip(5).is_err());
        assert_eq!(le(&[1, 2, 3], 1, 2), Some(0x0302));
        assert_eq!(le(&[1, 2, 3], 2, 2), None);
    }
}
