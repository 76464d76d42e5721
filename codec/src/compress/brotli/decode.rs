//! The decode loop (RFC 7932 sections 9–10): stream header, metablock headers,
//! uncompressed and metadata blocks, and the command loop of compressed metablocks.
//!
//! The whole output stays in one vector, which doubles as the sliding window: back
//! references reach at most `min(window, produced)` bytes back, and nothing is allocated
//! ahead of what the stream produces (so a 16 MiB window costs nothing for a small
//! output). Every write is checked against the output limit first; every loop consumes
//! input or produces output, so decoding is linear in input plus output.

use alloc::vec::Vec;

use super::context::{Blocks, LOOKUP, read_map};
use super::fail;
use super::huffman::Tables;
use super::transform::push_word;
use crate::compress::Algorithm;
use crate::compress::bits::Bits;
use crate::compress::lz77::copy_back;
use crate::error::Error;

/// Insert length codes: (offset, extra bits) (RFC 7932 section 5).
const INSERT: [(u32, u8); 24] = [
    (0, 0),
    (1, 0),
    (2, 0),
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 1),
    (8, 1),
    (10, 2),
    (14, 2),
    (18, 3),
    (26, 3),
    (34, 4),
    (50, 4),
    (66, 5),
    (98, 5),
    (130, 6),
    (194, 7),
    (322, 8),
    (578, 9),
    (1090, 10),
    (2114, 12),
    (6210, 14),
    (22594, 24),
];

/// Copy length codes: (offset, extra bits).
const COPY: [(u32, u8); 24] = [
    (2, 0),
    (3, 0),
    (4, 0),
    (5, 0),
    (6, 0),
    (7, 0),
    (8, 0),
    (9, 0),
    (10, 1),
    (12, 1),
    (14, 2),
    (18, 2),
    (22, 3),
    (30, 3),
    (38, 4),
    (54, 4),
    (70, 5),
    (102, 5),
    (134, 6),
    (198, 7),
    (326, 8),
    (582, 9),
    (1094, 10),
    (2118, 24),
];

/// Largest distance the reference decoder accepts (`BROTLI_MAX_ALLOWED_DISTANCE`).
const MAX_ALLOWED_DISTANCE: u32 = 0x7fff_fffc;

/// Distance that marks an invalid short-code result (fails as `DISTANCE`).
const INVALID_DISTANCE: u32 = 0x7fff_ffff;

/// Decodes one brotli stream spanning all of `data` into at most `max` bytes.
pub(super) fn decode(data: &[u8], max: usize) -> Result<Vec<u8>, Error> {
    let mut d = Decoder {
        br: Bits::new(data, Algorithm::Brotli),
        out: Vec::with_capacity(data.len().saturating_mul(4).max(1024).min(max)),
        max,
        window: 0,
        ring_buffer: 0,
        ring: Ring::default(),
    };
    d.window = (1usize << d.window_bits()?) - 16;
    d.ring_buffer = 0;
    loop {
        let last = d.br.read(1)? == 1;
        if last && d.br.read(1)? == 1 {
            break;
        }
        d.metablock(last)?;
        if last {
            break;
        }
    }
    if !d.br.align() {
        return Err(fail("PADDING_2"));
    }
    let end = d.br.byte_offset();
    if end < data.len() {
        return Err(Error::TrailingData {
            algorithm: Algorithm::Brotli,
            offset: end,
            len: data.len() - end,
        });
    }
    Ok(d.out)
}

/// Decoder state that lives across metablocks.
struct Decoder<'a> {
    /// Input.
    br: Bits<'a>,
    /// Output so far, also the window.
    out: Vec<u8>,
    /// Output limit.
    max: usize,
    /// Largest backward distance: 2^WBITS − 16.
    window: usize,
    /// Size of the reference decoder's ring buffer (0 before the first data metablock):
    /// it decides whether a command that overruns its metablock fails as
    /// `BLOCK_LENGTH_1` (it reached the end of the ring buffer) or `BLOCK_LENGTH_2`.
    ring_buffer: usize,
    /// The last four distances.
    ring: Ring,
}

/// The last four distances (RFC 7932 section 4), kept across metablocks.
#[derive(Clone, Copy)]
struct Ring {
    /// The distances; the last one is at `at − 1` (mod 4).
    d: [u32; 4],
    /// Next slot.
    at: usize,
}

impl Default for Ring {
    fn default() -> Self {
        Ring {
            d: [16, 15, 11, 4],
            at: 0,
        }
    }
}

impl Decoder<'_> {
    /// Reads WBITS (RFC 7932 section 9.1); large windows are rejected like Go does.
    fn window_bits(&mut self) -> Result<u32, Error> {
        if self.br.read(1)? == 0 {
            return Ok(16);
        }
        let n = self.br.read(3)?;
        if n != 0 {
            return Ok(17 + n);
        }
        match self.br.read(3)? {
            0 => Ok(17),
            1 => Err(fail("WINDOW_BITS")),
            n => Ok(8 + n),
        }
    }

    /// Fails unless `n` more bytes fit under the limit.
    fn room(&self, n: usize) -> Result<(), Error> {
        if n > self.max.saturating_sub(self.out.len()) {
            return Err(limit(self.max));
        }
        Ok(())
    }

    /// Decodes the rest of a metablock after ISLAST (and ISLASTEMPTY = 0).
    fn metablock(&mut self, last: bool) -> Result<(), Error> {
        let br = &mut self.br;
        let nibbles = br.read(2)?;
        if nibbles == 3 {
            // Metadata: skipped.
            if br.read(1)? != 0 {
                return Err(fail("RESERVED"));
            }
            let bytes = br.read(2)?;
            let mut len = 0usize;
            for i in 0..bytes {
                let b = br.read(8)?;
                if i + 1 == bytes && bytes > 1 && b == 0 {
                    return Err(fail("EXUBERANT_META_NIBBLE"));
                }
                len |= (b as usize) << (8 * i);
            }
            if bytes > 0 {
                len += 1;
            }
            if !br.align() {
                return Err(fail("PADDING_1"));
            }
            if !br.skip_bytes(len) {
                return Err(br.truncated());
            }
            return Ok(());
        }
        let nibbles = nibbles + 4;
        let mut len = 0usize;
        for i in 0..nibbles {
            let v = br.read(4)?;
            if i + 1 == nibbles && nibbles > 4 && v == 0 {
                return Err(fail("EXUBERANT_NIBBLE"));
            }
            len |= (v as usize) << (4 * i);
        }
        len += 1;
        let uncompressed = !last && br.read(1)? == 1;
        self.grow_ring_buffer(len);
        let br = &mut self.br;
        if uncompressed {
            if !br.align() {
                return Err(fail("PADDING_1"));
            }
            let rest = br.rest();
            let have = rest.get(..len).unwrap_or(rest);
            self.room(have.len())?;
            self.out.extend_from_slice(have);
            if have.len() < len {
                return Err(self.br.truncated());
            }
            self.br.skip_bytes(len);
            return Ok(());
        }
        self.compressed(len)
    }

    /// The ring buffer size the reference decoder picks before a data metablock of `len`
    /// bytes: the smallest power-of-two fraction of the window that holds everything
    /// produced so far plus `len` (at least 1 KiB), never shrinking.
    fn grow_ring_buffer(&mut self, len: usize) {
        let full = self.window + 16;
        if self.ring_buffer == full {
            return;
        }
        let min = if self.ring_buffer == 0 {
            1024
        } else {
            self.ring_buffer
        };
        let min = min.max(self.out.len().saturating_add(len));
        let mut size = full;
        while size / 2 >= min {
            size /= 2;
        }
        self.ring_buffer = size;
    }

    /// The metablock-overrun error for a write that ends `n` bytes past the current
    /// output: `BLOCK_LENGTH_1` if it reaches the end of the ring buffer.
    fn overrun(&self, n: usize) -> Error {
        let rb = self.ring_buffer.max(1);
        if self.out.len() % rb + n >= rb {
            fail("BLOCK_LENGTH_1")
        } else {
            fail("BLOCK_LENGTH_2")
        }
    }

    /// Decodes a compressed metablock of `len` bytes (RFC 7932 sections 9.2–9.3).
    fn compressed(&mut self, len: usize) -> Result<(), Error> {
        let br = &mut self.br;
        let mut tables = Tables::new();
        let mut lit = Blocks::read(br, &mut tables)?;
        let mut cmd = Blocks::read(br, &mut tables)?;
        let mut dist = Blocks::read(br, &mut tables)?;
        let p = br.read(6)?;
        let postfix = p & 3;
        let direct = (p >> 2) << postfix;
        let mut modes = Vec::with_capacity(lit.types as usize);
        for _ in 0..lit.types {
            modes.push(br.read(2)? as usize);
        }
        let (lit_map, lit_trees) = read_map(br, lit.types as usize * 64)?;
        let (dist_map, dist_trees) = read_map(br, dist.types as usize * 4)?;
        let mut codes = |n: u32, alphabet: u32, br: &mut Bits<'_>| -> Result<Vec<u32>, Error> {
            (0..n).map(|_| tables.read(br, alphabet)).collect()
        };
        let lit_codes = codes(lit_trees, 256, br)?;
        let cmd_codes = codes(cmd.types, 704, br)?;
        let dist_codes = codes(dist_trees, 16 + direct + (48 << postfix), br)?;

        let mut remaining = len as i64;
        let mut mode = LOOKUP.first();
        let mut lit_slice = lit_map.get(..64).unwrap_or(&[]);
        if let Some(&m) = modes.first() {
            mode = LOOKUP.get(m);
        }
        let mode_table = |m: Option<&'static [u8; 512]>| m.unwrap_or(&LOOKUP[0]);
        let mut lookup = mode_table(mode);
        // The literal code when every context of the block type maps to the same one.
        let single = |slice: &[u8]| match slice.split_first() {
            Some((first, rest)) if rest.iter().all(|t| t == first) => {
                lit_codes.get(usize::from(*first)).copied()
            }
            _ => None,
        };
        let mut trivial = single(lit_slice);
        loop {
            if cmd.left == 0 {
                cmd.switch(br, &tables)?;
            }
            cmd.left -= 1;
            let code = cmd_codes.get(cmd.current as usize).copied().unwrap_or(0);
            let sym = tables.decode(code, br)?;
            let range = sym >> 6;
            let (ib, cb) = match range {
                0 | 2 => (0, 0),
                1 | 3 => (0, 8),
                4 => (8, 0),
                5 => (8, 8),
                6 => (0, 16),
                7 => (16, 0),
                8 => (8, 16),
                9 => (16, 8),
                _ => (16, 16),
            };
            let (io, ie) = INSERT
                .get((ib + ((sym >> 3) & 7)) as usize)
                .copied()
                .unwrap_or((0, 0));
            let (co, ce) = COPY
                .get((cb + (sym & 7)) as usize)
                .copied()
                .unwrap_or((2, 0));
            let insert = io + br.read(u32::from(ie))?;
            let copy = co + br.read(u32::from(ce))?;

            // Literals.
            remaining -= i64::from(insert);
            if insert > 0 {
                let room = self.max.saturating_sub(self.out.len());
                if insert as usize > room {
                    return Err(limit(self.max));
                }
                self.out.reserve(insert as usize);
                let n = self.out.len();
                let mut p1 = n
                    .checked_sub(1)
                    .and_then(|i| self.out.get(i))
                    .copied()
                    .unwrap_or(0);
                let mut p2 = n
                    .checked_sub(2)
                    .and_then(|i| self.out.get(i))
                    .copied()
                    .unwrap_or(0);
                // A metablock overrun fails when the literals reach the ring buffer's end.
                let rb = self.ring_buffer.max(1);
                let to_end = rb - n % rb;
                let (count, stop) = if remaining < 0 && to_end <= insert as usize {
                    (to_end, true)
                } else {
                    (insert as usize, false)
                };
                for _ in 0..count {
                    if lit.left == 0 {
                        lit.switch(br, &tables)?;
                        let t = lit.current as usize;
                        lookup = mode_table(modes.get(t).and_then(|&m| LOOKUP.get(m)));
                        lit_slice = lit_map.get(t * 64..t * 64 + 64).unwrap_or(&[]);
                        trivial = single(lit_slice);
                    }
                    lit.left -= 1;
                    let code = match trivial {
                        Some(code) => code,
                        None => {
                            let ctx = lookup[usize::from(p1)] | lookup[256 + usize::from(p2)];
                            let tree = lit_slice.get(usize::from(ctx)).copied().unwrap_or(0);
                            lit_codes.get(usize::from(tree)).copied().unwrap_or(0)
                        }
                    };
                    let byte = tables.decode(code, br)? as u8;
                    self.out.push(byte);
                    p2 = p1;
                    p1 = byte;
                }
                if stop {
                    return Err(fail("BLOCK_LENGTH_1"));
                }
            }
            if remaining <= 0 {
                break;
            }

            // Distance.
            let (distance, reuse) = if range < 2 {
                (self.ring.last(0), true)
            } else {
                if dist.left == 0 {
                    dist.switch(br, &tables)?;
                }
                dist.left -= 1;
                let ctx = if copy > 4 { 3 } else { copy as usize - 2 };
                let tree = dist_map
                    .get(dist.current as usize * 4 + ctx)
                    .copied()
                    .unwrap_or(0);
                let code = dist_codes.get(usize::from(tree)).copied().unwrap_or(0);
                let dsym = tables.decode(code, br)?;
                self.ring.distance(br, dsym, postfix, direct)?
            };

            let max_distance = self.out.len().min(self.window);
            if distance as usize > max_distance {
                if distance > MAX_ALLOWED_DISTANCE {
                    return Err(fail("DISTANCE"));
                }
                let id = distance - max_distance as u32 - 1;
                let before = self.out.len();
                let n = push_word(&mut self.out, copy, id).map_err(fail)?;
                if self.out.len() > self.max {
                    return Err(limit(self.max));
                }
                remaining -= n as i64;
                if remaining < 0 {
                    self.out.truncate(before);
                    return Err(self.overrun(n));
                }
            } else {
                if !reuse {
                    self.ring.push(distance);
                }
                remaining -= i64::from(copy);
                if remaining < 0 {
                    return Err(self.overrun(copy as usize));
                }
                if copy as usize > self.max.saturating_sub(self.out.len()) {
                    return Err(limit(self.max));
                }
                copy_back(&mut self.out, distance as usize, copy as usize);
            }
            if remaining <= 0 {
                break;
            }
        }
        if remaining < 0 {
            return Err(fail("BLOCK_LENGTH_2"));
        }
        Ok(())
    }
}

impl Ring {
    /// Makes `distance` the last distance.
    fn push(&mut self, distance: u32) {
        if let Some(slot) = self.d.get_mut(self.at & 3) {
            *slot = distance;
        }
        self.at = self.at.wrapping_add(1);
    }

    /// The distance `back` places before the last one in the ring (0 = the last).
    fn last(&self, back: usize) -> u32 {
        let at = self.at.wrapping_sub(1 + back) & 3;
        self.d.get(at).copied().unwrap_or(0)
    }

    /// The distance of distance symbol `dsym`, and whether it repeats the last distance
    /// (symbol 0, which leaves the ring of last distances as it is).
    fn distance(
        &self,
        br: &mut Bits<'_>,
        dsym: u32,
        postfix: u32,
        direct: u32,
    ) -> Result<(u32, bool), Error> {
        if dsym < 16 {
            if dsym == 0 {
                return Ok((self.last(0), true));
            }
            // Codes 1–3: earlier distances; 4–9: last ± 1..3; 10–15: second last ± 1..3.
            if dsym < 4 {
                return Ok((self.last(dsym as usize), false));
            }
            let base = if dsym < 10 {
                self.last(0)
            } else {
                self.last(1)
            };
            let delta = (dsym - 4) % 6 / 2 + 1;
            let d = if dsym.is_multiple_of(2) {
                base.checked_sub(delta).filter(|&d| d > 0)
            } else {
                base.checked_add(delta)
            };
            return Ok((d.unwrap_or(INVALID_DISTANCE), false));
        }
        if dsym < 16 + direct {
            return Ok((dsym - 15, false));
        }
        let v = dsym - 16 - direct;
        let hcode = v >> postfix;
        let low = v & ((1 << postfix) - 1);
        let nbits = (hcode >> 1) + 1;
        let offset = ((2 + u64::from(hcode & 1)) << nbits) - 4;
        let extra = u64::from(br.read(nbits)?);
        let d = ((offset + extra) << postfix) + u64::from(low) + u64::from(direct) + 1;
        Ok((u32::try_from(d).unwrap_or(INVALID_DISTANCE), false))
    }
}

/// The output-limit error.
fn limit(max: usize) -> Error {
    Error::LimitExceeded {
        algorithm: Algorithm::Brotli,
        limit: max,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_distance_codes() {
        let d = Ring::default();
        let mut br = Bits::new(&[], Algorithm::Brotli);
        let got: Vec<u32> = (0..16)
            .map(|s| d.distance(&mut br, s, 0, 0).unwrap().0)
            .collect();
        assert_eq!(got, [4, 11, 15, 16, 3, 5, 2, 6, 1, 7, 10, 12, 9, 13, 8, 14]);
        let d = Ring { d: [1; 4], at: 0 };
        assert_eq!(d.distance(&mut br, 4, 0, 0).unwrap().0, INVALID_DISTANCE);
    }

    #[test]
    fn long_distance_codes() {
        let d = Ring::default();
        // NPOSTFIX 0, NDIRECT 0: symbol 16 is distance 1 + one extra bit.
        assert_eq!(
            d.distance(&mut Bits::new(&[1], Algorithm::Brotli), 16, 0, 0)
                .unwrap()
                .0,
            2
        );
        assert_eq!(
            d.distance(&mut Bits::new(&[0], Algorithm::Brotli), 16, 0, 0)
                .unwrap()
                .0,
            1
        );
        // Direct codes.
        assert_eq!(
            d.distance(&mut Bits::new(&[], Algorithm::Brotli), 20, 0, 8)
                .unwrap()
                .0,
            5
        );
    }
}
