//! The bit reader for the formats that pack values least significant bit first: brotli
//! (RFC 7932 section 2) and deflate (RFC 1951 section 3.1.1).

use crate::compress::Algorithm;
use crate::error::Error;

/// Reads bits from a whole stream held in memory.
///
/// Peeking past the end yields zero bits; consuming past the end fails with
/// [`Error::Truncated`], which is where a streaming decoder would ask for more input.
pub(super) struct Bits<'a> {
    /// The stream.
    data: &'a [u8],
    /// Position of the next unread bit.
    pos: u64,
    /// Whose stream it is, for [`Error::Truncated`].
    algorithm: Algorithm,
}

impl<'a> Bits<'a> {
    /// A reader at the first bit of `data`, a stream of `algorithm`.
    pub(super) fn new(data: &'a [u8], algorithm: Algorithm) -> Self {
        Bits {
            data,
            pos: 0,
            algorithm,
        }
    }

    /// At least 56 upcoming bits, low bit first, zeros past the end.
    #[inline(always)]
    pub(super) fn peek(&self) -> u64 {
        let at = (self.pos >> 3) as usize;
        let word = match self.data.get(at..at + 8) {
            Some(&[a, b, c, d, e, f, g, h]) => u64::from_le_bytes([a, b, c, d, e, f, g, h]),
            _ => self.peek_tail(at),
        };
        word >> (self.pos & 7)
    }

    /// [`peek`](Self::peek) for the last 7 bytes and beyond.
    #[cold]
    fn peek_tail(&self, at: usize) -> u64 {
        let mut buf = [0u8; 8];
        let tail = self.data.get(at..).unwrap_or(&[]);
        for (d, s) in buf.iter_mut().zip(tail) {
            *d = *s;
        }
        u64::from_le_bytes(buf)
    }

    /// Consumes `n` bits.
    ///
    /// # Errors
    /// [`Error::Truncated`] when fewer than `n` bits are left.
    #[inline(always)]
    pub(super) fn skip(&mut self, n: u32) -> Result<(), Error> {
        self.pos += u64::from(n);
        if self.pos > self.end() {
            return Err(self.truncated());
        }
        Ok(())
    }

    /// Reads an `n`-bit value (`n` ≤ 32).
    ///
    /// # Errors
    /// [`Error::Truncated`] when fewer than `n` bits are left.
    #[inline(always)]
    pub(super) fn read(&mut self, n: u32) -> Result<u32, Error> {
        let v = (self.peek() & ((1u64 << n) - 1)) as u32;
        self.skip(n)?;
        Ok(v)
    }

    /// Skips to the next byte boundary; false if a skipped bit is set.
    pub(super) fn align(&mut self) -> bool {
        let pad = ((8 - (self.pos & 7)) & 7) as u32;
        let zero = self.peek() & ((1u64 << pad) - 1) == 0;
        self.pos += u64::from(pad);
        zero
    }

    /// The unread bytes after a byte boundary (call [`align`](Self::align) first).
    pub(super) fn rest(&self) -> &'a [u8] {
        self.data.get((self.pos >> 3) as usize..).unwrap_or(&[])
    }

    /// Moves `n` bytes ahead after a byte boundary; false (staying put) if fewer are left.
    pub(super) fn skip_bytes(&mut self, n: usize) -> bool {
        let Some(bits) = (n as u64)
            .checked_mul(8)
            .and_then(|b| b.checked_add(self.pos))
        else {
            return false;
        };
        if bits > self.end() {
            return false;
        }
        self.pos = bits;
        true
    }

    /// Position of the next unread bit (the deflate walk's block boundaries).
    #[cfg(feature = "libdeflate")]
    pub(super) fn bit_pos(&self) -> u64 {
        self.pos
    }

    /// Offset of the first byte not (even partly) read.
    pub(super) fn byte_offset(&self) -> usize {
        self.pos.div_ceil(8) as usize
    }

    /// Number of bits in the stream.
    fn end(&self) -> u64 {
        self.data.len() as u64 * 8
    }

    /// The error for input that ends too early.
    pub(super) fn truncated(&self) -> Error {
        Error::Truncated {
            algorithm: self.algorithm,
            offset: self.data.len(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_low_bits_first_and_stops_at_the_end() {
        let mut b = Bits::new(&[0b1010_0110, 0xff], Algorithm::Brotli);
        assert_eq!(b.read(1).unwrap(), 0);
        assert_eq!(b.read(3).unwrap(), 0b011);
        assert!(!b.align());
        assert_eq!(b.byte_offset(), 1);
        assert_eq!(b.rest(), &[0xff]);
        assert_eq!(b.read(8).unwrap(), 0xff);
        assert!(b.align());
        assert!(matches!(b.read(1), Err(Error::Truncated { .. })));
    }

    #[test]
    fn peeks_zeros_past_the_end() {
        let b = Bits::new(&[1, 2, 3], Algorithm::Brotli);
        assert_eq!(b.peek(), 0x03_02_01);
        let mut b = Bits::new(&[0; 10], Algorithm::Brotli);
        assert!(b.skip_bytes(10));
        assert!(!b.skip_bytes(1));
        assert_eq!(b.peek(), 0);
    }
}
