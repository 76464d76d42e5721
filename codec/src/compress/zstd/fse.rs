//! Finite State Entropy tables (RFC 8878 §4.1): reading a table description, building the
//! decoding table and stepping a decoder state.

use alloc::vec;
use alloc::vec::Vec;

use super::bits::{Backward, Forward};
use super::{Fail, corrupt};

/// One decoding table cell: the symbol of the state and how to reach the next state.
#[derive(Clone, Copy, Default)]
pub(super) struct Cell {
    /// The decoded symbol.
    pub(super) symbol: u8,
    /// Bits to read for the next state.
    pub(super) bits: u8,
    /// Added to those bits to give the next state.
    pub(super) base: u16,
}

/// An FSE decoding table of `1 << log` cells.
#[derive(Clone)]
pub(super) struct Table {
    /// Accuracy log: the bits of an initial state.
    pub(super) log: u32,
    /// The cells, indexed by state.
    pub(super) cells: Vec<Cell>,
}

impl Table {
    /// A table that always yields `symbol` and reads no bits (RLE mode).
    pub(super) fn rle(symbol: u8) -> Self {
        Table {
            log: 0,
            cells: vec![Cell {
                symbol,
                bits: 0,
                base: 0,
            }],
        }
    }

    /// Reads a table description (normalized counts) from the start of `src`, allowing
    /// symbols up to `max_symbol` and accuracy logs up to `max_log`; returns the table
    /// and the bytes the description used.
    pub(super) fn read(src: &[u8], max_symbol: usize, max_log: u32) -> Result<(Self, usize), Fail> {
        let mut r = Forward::new(src);
        let log = r.peek(4) + 5;
        r.skip(4)?;
        if log > max_log {
            return Err(corrupt("FSE accuracy log too large"));
        }
        let mut counts: Vec<i16> = Vec::with_capacity(max_symbol + 1);
        let mut remaining = (1i32 << log) + 1;
        let mut threshold = 1i32 << log;
        let mut bits = log + 1;
        while remaining > 1 {
            if counts.len() > max_symbol {
                return Err(corrupt("FSE table has too many symbols"));
            }
            let max = (2 * threshold - 1) - remaining;
            let low = r.peek(bits - 1) as i32;
            let mut count = if low < max {
                r.skip(bits - 1)?;
                low
            } else {
                let v = r.peek(bits) as i32;
                r.skip(bits)?;
                if v >= threshold { v - max } else { v }
            };
            count -= 1;
            remaining -= count.abs();
            counts.push(count as i16);
            if count == 0 {
                // Zero counts are followed by 2-bit repeat flags (3: repeat again).
                loop {
                    let repeat = r.peek(2);
                    r.skip(2)?;
                    counts.extend(core::iter::repeat_n(0, repeat as usize));
                    if repeat != 3 {
                        break;
                    }
                }
            }
            while remaining < threshold && threshold > 1 {
                bits -= 1;
                threshold >>= 1;
            }
        }
        if remaining != 1 || counts.len() > max_symbol + 1 {
            return Err(corrupt("FSE table description is invalid"));
        }
        Ok((Self::build(&counts, log)?, r.bytes_used()))
    }

    /// Builds the decoding table of normalized `counts` (−1: "less than one") summing to
    /// `1 << log`.
    pub(super) fn build(counts: &[i16], log: u32) -> Result<Self, Fail> {
        let size = 1usize << log;
        let mut cells = vec![Cell::default(); size];
        let mut next = [0u16; 256];
        let total: i32 = counts.iter().map(|&c| i32::from(c).abs()).sum();
        if total != size as i32 || counts.len() > 256 {
            return Err(corrupt("FSE table description is invalid"));
        }
        let mut high = size;
        for (s, &c) in counts.iter().enumerate() {
            if c == -1 {
                high = high.checked_sub(1).ok_or(corrupt("FSE table overfull"))?;
                if let Some(cell) = cells.get_mut(high) {
                    cell.symbol = s as u8;
                }
                next[s & 255] = 1;
            } else if c > 0 {
                next[s & 255] = c as u16;
            }
        }
        let step = (size >> 1) + (size >> 3) + 3;
        let mask = size - 1;
        let mut pos = 0usize;
        for (s, &c) in counts.iter().enumerate() {
            for _ in 0..c.max(0) {
                if let Some(cell) = cells.get_mut(pos) {
                    cell.symbol = s as u8;
                }
                pos = (pos + step) & mask;
                while pos >= high {
                    pos = (pos + step) & mask;
                }
            }
        }
        if pos != 0 {
            return Err(corrupt("FSE table description is invalid"));
        }
        for cell in &mut cells {
            let n = &mut next[usize::from(cell.symbol)];
            let state = u32::from(*n);
            *n = n.wrapping_add(1);
            if state == 0 {
                return Err(corrupt("FSE table description is invalid"));
            }
            let bits = log - (31 - state.leading_zeros());
            cell.bits = bits as u8;
            cell.base = ((state << bits) as usize).wrapping_sub(size) as u16;
        }
        Ok(Table { log, cells })
    }
}

/// A decoder state walking a [`Table`].
pub(super) struct State<'t> {
    /// The table walked.
    table: &'t [Cell],
    /// The current cell.
    cell: Cell,
}

impl<'t> State<'t> {
    /// Reads the initial state of `table` from `bits`.
    pub(super) fn new(table: &'t Table, bits: &mut Backward<'_>) -> Result<Self, Fail> {
        let mut s = State {
            table: &table.cells,
            cell: Cell::default(),
        };
        s.go(bits.read(table.log) as usize)?;
        Ok(s)
    }

    /// Moves to state `i`.
    #[inline(always)]
    fn go(&mut self, i: usize) -> Result<(), Fail> {
        self.cell = *self.table.get(i).ok_or(corrupt("FSE state out of range"))?;
        Ok(())
    }

    /// The symbol of the current state.
    #[inline]
    pub(super) fn symbol(&self) -> u8 {
        self.cell.symbol
    }

    /// Reads the bits of the next state and moves there.
    #[inline]
    pub(super) fn update(&mut self, bits: &mut Backward<'_>) -> Result<(), Fail> {
        bits.refill();
        self.step(bits)
    }

    /// [`State::update`] without refilling `bits` (see [`Backward::take`]; a state reads
    /// at most 9 bits).
    #[inline(always)]
    pub(super) fn step(&mut self, bits: &mut Backward<'_>) -> Result<(), Fail> {
        let v = bits.take(u32::from(self.cell.bits)) as usize;
        self.go(usize::from(self.cell.base) + v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn predefined_literal_lengths_build() {
        // RFC 8878 §3.1.1.3.2.2.1: 64 cells, every state's next states in range.
        let t = Table::build(&super::super::sequences::LL_DEFAULT, 6).unwrap();
        assert_eq!(t.cells.len(), 64);
        for c in &t.cells {
            assert!(usize::from(c.base) + (1 << c.bits) <= 64);
        }
        // The "less than one" symbols sit at the end of the table.
        assert_eq!((t.cells[63].symbol, t.cells[60].symbol), (32, 35));
        assert_eq!(t.cells[0].symbol, 0);
    }

    #[test]
    fn description_round_trip() {
        // log 5 (4 bits: 0), counts 16 and 16 → encoded values 17 and 17 (count + 1).
        // With remaining 33 and threshold 32, bits = 6: max = 63 - 33 = 30, 17 < 30 so 5 bits.
        let mut bits: u64 = 0;
        let mut n = 0;
        let mut put = |v: u64, k: u32| {
            bits |= v << n;
            n += k;
        };
        put(0, 4);
        put(17, 5);
        // remaining 17, threshold 16, bits 5: max = 31 - 17 = 14; 17 ≥ 14 → 5 bits, v ≥ 16 → v - 14
        put(17 + 14, 5);
        let bytes = bits.to_le_bytes();
        let (t, used) = Table::read(&bytes, 255, 6).unwrap();
        assert_eq!(used, 2);
        assert_eq!(t.cells.iter().filter(|c| c.symbol == 1).count(), 16);
        assert!(Table::read(&[0x0f], 255, 6).is_err());
    }
}
