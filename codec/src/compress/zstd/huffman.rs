//! Huffman-coded literals (RFC 8878 §4.2): the tree description, the decoding table and
//! the one- and four-stream decoders.

use alloc::vec::Vec;

use super::bits::Backward;
use super::fse::{State, Table as FseTable};
use super::{Fail, corrupt, seen};

/// The longest Huffman code zstd allows.
const MAX_BITS: u32 = 11;

/// A Huffman decoding table: indexed by the next `bits` bits of a stream, each entry
/// holds a symbol and its code length.
#[derive(Clone)]
pub(super) struct Table {
    /// Bits looked up at once (the longest code).
    bits: u32,
    /// `(symbol, code length)` per index (the first `1 << bits` are used).
    entries: [(u8, u8); 1 << MAX_BITS],
}

impl Table {
    /// Reads a tree description at the start of `src`; returns the table and the bytes
    /// used.
    pub(super) fn read(src: &[u8]) -> Result<(Self, usize), Fail> {
        let header = usize::from(*src.first().ok_or(corrupt("literals section too short"))?);
        let mut weights = Vec::with_capacity(256);
        seen(if header < 128 { 8 } else { 9 });
        let used = if header < 128 {
            // FSE-compressed weights: a table description then a two-state bitstream.
            let body = src
                .get(1..1 + header)
                .ok_or(corrupt("Huffman tree description overruns its section"))?;
            let (table, n) = FseTable::read(body, 255, 6)?;
            let mut bits = Backward::new(body.get(n..).unwrap_or(&[]))?;
            // Two interleaved states (one loop over both: half the code in wasm); when a
            // state update overruns the stream, the other state's symbol is the last.
            let first = State::new(&table, &mut bits)?;
            let mut states = [first, State::new(&table, &mut bits)?];
            for turn in 0usize.. {
                if weights.len() > 255 {
                    return Err(corrupt("Huffman tree has too many weights"));
                }
                let now = turn & 1;
                weights.push(states[now].symbol());
                states[now].update(&mut bits)?;
                if bits.overflowed() {
                    weights.push(states[now ^ 1].symbol());
                    break;
                }
            }
            1 + header
        } else {
            // Direct weights, 4 bits each, high nibble first.
            let count = header - 127;
            let body = src
                .get(1..1 + count.div_ceil(2))
                .ok_or(corrupt("Huffman tree description overruns its section"))?;
            for &b in body {
                weights.push(b >> 4);
                weights.push(b & 15);
            }
            weights.truncate(count);
            1 + count.div_ceil(2)
        };
        Ok((Self::build(&mut weights)?, used))
    }

    /// Builds the table from the weights of all symbols but the last, which is implied.
    fn build(weights: &mut Vec<u8>) -> Result<Self, Fail> {
        if weights.len() > 255 {
            return Err(corrupt("Huffman tree has too many weights"));
        }
        let mut sum = 0u32;
        for &w in weights.iter() {
            if u32::from(w) > MAX_BITS {
                return Err(corrupt("Huffman weight too large"));
            }
            if w > 0 {
                sum += 1 << (w - 1);
            }
        }
        if sum == 0 {
            return Err(corrupt("Huffman tree has no weights"));
        }
        let bits = 32 - sum.leading_zeros();
        let left = (1u32 << bits) - sum;
        if bits > MAX_BITS || !left.is_power_of_two() {
            return Err(corrupt("Huffman weights do not form a tree"));
        }
        weights.push((left.trailing_zeros() + 1) as u8);
        // Symbols take 2^(w-1) consecutive entries, by weight then by symbol.
        let mut start = [0usize; 13];
        for &w in weights.iter() {
            if w > 0 {
                start[usize::from(w) + 1] += 1 << (w - 1);
            }
        }
        for w in 1..13 {
            start[w] += start[w - 1];
        }
        let mut entries = [(0u8, 0u8); 1 << MAX_BITS];
        for (symbol, &w) in weights.iter().enumerate() {
            if w == 0 {
                continue;
            }
            let at = start[usize::from(w)];
            let n = 1usize << (w - 1);
            start[usize::from(w)] += n;
            let len = (bits + 1 - u32::from(w)) as u8;
            for e in entries.get_mut(at..at + n).unwrap_or(&mut []) {
                *e = (symbol as u8, len);
            }
        }
        Ok(Table { bits, entries })
    }

    /// Decodes one stream `src` into `out`, which it fills exactly.
    fn stream(&self, src: &[u8], out: &mut [u8]) -> Result<(), Fail> {
        let mut r = Backward::new(src)?;
        let mask = (1 << MAX_BITS) - 1;
        for o in out {
            // A no-op but every fifth symbol or so (56 bits hold five 11-bit codes).
            r.refill();
            let (s, n) = self.entries[r.peek(self.bits) as usize & mask];
            *o = s;
            r.consume(u32::from(n));
        }
        if !r.finished() {
            return Err(corrupt("Huffman stream size mismatch"));
        }
        Ok(())
    }

    /// Decodes `src`, one stream or four behind a jump table, into `out` (already sized
    /// to the regenerated size).
    pub(super) fn decode(&self, src: &[u8], four: bool, out: &mut [u8]) -> Result<(), Fail> {
        if !four {
            return self.stream(src, out);
        }
        let jump = |i| super::bits::le(src, i, 2).map(|v| v as usize);
        let (s1, s2, s3) = match (jump(0), jump(2), jump(4)) {
            (Some(a), Some(b), Some(c)) => (a, b, c),
            _ => return Err(corrupt("literals jump table too short")),
        };
        let seg = out.len().div_ceil(4);
        let (mut from, mut at) = (6usize, 0usize);
        for (i, size) in [s1, s2, s3, usize::MAX].into_iter().enumerate() {
            let end = if i == 3 { src.len() } else { from + size };
            let n = if i == 3 {
                out.len().saturating_sub(at)
            } else {
                seg
            };
            let (Some(stream), Some(dst)) = (src.get(from..end), out.get_mut(at..at + n)) else {
                return Err(corrupt("literals stream sizes are invalid"));
            };
            self.stream(stream, dst)?;
            from = end;
            at += n;
        }
        if at != out.len() {
            return Err(corrupt("literals stream sizes are invalid"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direct_weights_build_a_table() {
        // Header 129: two 4-bit weights. Weights 1, 1 for symbols 0, 1 → sum 2, bits 2, left 2 → symbol 2 weight 2.
        // Codes: sym0 "00", sym1 "01", sym2 "1".
        let (t, used) = Table::read(&[128 + 1, 0x11]).unwrap();
        assert_eq!(used, 2);
        assert_eq!(t.bits, 2);
        assert_eq!(t.entries[..4], [(0, 2), (1, 2), (2, 1), (2, 1)]);
        // Stream "1", "01", "00" (MSB first from the end), then the marker.
        // Bits read: 1 | 01 | 00 → padding marker byte 0b0000_1000 | 0b100 ... build it:
        // value bits in order 1,0,1,0,0 → byte = marker(1) then 10100 → 0b0011_0100.
        let mut out = [0u8; 3];
        t.decode(&[0b0011_0100], false, &mut out).unwrap();
        assert_eq!(out, [2, 1, 0]);
        assert!(t.decode(&[0b0111_0100], false, &mut out).is_err());
    }

    #[test]
    fn bad_trees_are_rejected() {
        assert!(Table::read(&[128 + 1, 0x00]).is_err()); // no weights
        assert!(Table::read(&[128 + 1, 0xcc]).is_err()); // weight 12
        assert!(Table::read(&[128 + 1, 0x13]).is_err()); // sum 5: not a tree
        assert!(Table::read(&[5, 0]).is_err()); // truncated FSE description
    }
}
