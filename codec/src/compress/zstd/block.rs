//! Compressed blocks (RFC 8878 §3.1.1.3): the literals section, then the sequences.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::bits::le;
use super::huffman::Table as Huffman;
use super::sequences::{self, Tables};
use super::{Fail, MAX_BLOCK, corrupt, seen};

/// The state a frame carries from one compressed block to the next.
pub(super) struct Decoder {
    /// The Huffman table of the last compressed literals (for treeless literals).
    huffman: Option<Box<Huffman>>,
    /// Sequence tables and repeat offsets.
    tables: Tables,
    /// The current block's literals.
    lits: Vec<u8>,
}

impl Decoder {
    /// The state at the start of a frame.
    pub(super) fn new() -> Self {
        Decoder {
            huffman: None,
            tables: Tables::new(),
            lits: Vec::new(),
        }
    }

    /// Decodes compressed block `src` onto `out` (see [`sequences::execute`]).
    pub(super) fn block(
        &mut self,
        src: &[u8],
        out: &mut Vec<u8>,
        frame_start: usize,
        limit: usize,
    ) -> Result<(), Fail> {
        let n = self.literals(src)?;
        let rest = src.get(n..).unwrap_or(&[]);
        sequences::execute(rest, &mut self.tables, &self.lits, out, frame_start, limit)
    }

    /// Decodes the literals section at the start of `src` into `self.lits`; returns its
    /// size in bytes.
    fn literals(&mut self, src: &[u8]) -> Result<usize, Fail> {
        let short = corrupt("literals section too short");
        let b0 = *src.first().ok_or(short)?;
        let size_format = (b0 >> 2) & 3;
        self.lits.clear();
        if b0 & 2 == 0 {
            // Raw (0) or RLE (1) literals.
            seen(3 + u32::from(b0 & 1));
            let (header, size) = match size_format {
                0 | 2 => (1, usize::from(b0 >> 3)),
                1 => (2, le(src, 0, 2).ok_or(short)? as usize >> 4),
                _ => (3, le(src, 0, 3).ok_or(short)? as usize >> 4),
            };
            if b0 & 1 == 0 {
                let raw = src.get(header..header + size).ok_or(short)?;
                self.lits.extend_from_slice(raw);
                return Ok(header + size);
            }
            if size > MAX_BLOCK {
                return Err(corrupt("literals larger than 128 KiB"));
            }
            let byte = *src.get(header).ok_or(short)?;
            self.lits.resize(size, byte);
            return Ok(header + 1);
        }
        // Huffman-compressed (2) or treeless (3) literals.
        let (header, bits) = match size_format {
            0 | 1 => (3, 10),
            2 => (4, 14),
            _ => (5, 18),
        };
        // Up to 40 bits: split as u64 (usize may be 32 bits, as in wasm).
        let h = le(src, 0, header).ok_or(short)?;
        let mask = (1u64 << bits) - 1;
        let regenerated = ((h >> 4) & mask) as usize;
        let compressed = ((h >> (4 + bits)) & mask) as usize;
        if regenerated > MAX_BLOCK {
            return Err(corrupt("literals larger than 128 KiB"));
        }
        let body = src.get(header..header + compressed).ok_or(short)?;
        let mut at = 0;
        seen(if b0 & 1 != 0 {
            7
        } else {
            5 + u32::from(size_format != 0)
        });
        if b0 & 1 == 0 {
            let (table, n) = Huffman::read(body)?;
            self.huffman = Some(Box::new(table));
            at = n;
        }
        let table = self.huffman.as_deref().ok_or(corrupt(
            "treeless literals without a previous Huffman table",
        ))?;
        self.lits.resize(regenerated, 0);
        table.decode(
            body.get(at..).unwrap_or(&[]),
            size_format != 0,
            &mut self.lits,
        )?;
        Ok(header + compressed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn raw_and_rle_literals_without_sequences() {
        let mut d = Decoder::new();
        let mut out = vec![];
        // Raw, 5-bit size 3, "abc", then no sequences.
        d.block(&[3 << 3, b'a', b'b', b'c', 0], &mut out, 0, 100)
            .unwrap();
        // RLE, 12-bit size 4 + (2 << 4) = 36 of 'z'.
        d.block(&[0x45, 2, b'z', 0], &mut out, 0, 100).unwrap();
        assert_eq!(out, [&b"abc"[..], &[b'z'; 36]].concat());
        // Treeless literals before any Huffman table.
        assert!(d.block(&[3, 0, 0, 0], &mut out, 0, 100).is_err());
        assert!(d.block(&[], &mut out, 0, 100).is_err());
    }

    #[test]
    fn treeless_literals_reuse_the_last_table() {
        let mut d = Decoder::new();
        let mut out = vec![];
        // Compressed literals, 1 stream, 3 bytes from 3: tree 129 0x11 (see the Huffman
        // tests), stream 0x34 → [2, 1, 0]; no sequences.
        d.block(&[0x32, 0xc0, 0x00, 129, 0x11, 0x34, 0], &mut out, 0, 100)
            .unwrap();
        // Treeless, 3 bytes from 1: the same stream with the same table.
        d.block(&[0x33, 0x40, 0x00, 0x34, 0], &mut out, 0, 100)
            .unwrap();
        assert_eq!(out, [2, 1, 0, 2, 1, 0]);
    }
}
