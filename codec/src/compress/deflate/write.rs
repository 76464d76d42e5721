//! Writing deflate bits: a bit writer that can also copy a run of bits out of another
//! stream, and a block writer that sends a list of tokens as one dynamic Huffman block
//! (or as stored blocks when those are smaller).

use alloc::vec::Vec;

use super::huffman::{self, MAX_BITS};
use super::walk::{DIST_BASE, DIST_EXTRA, LEN_BASE, LEN_EXTRA, PRECODE_ORDER, Token};

/// LSB-first bit writer.
pub(super) struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// An empty writer with room for `cap` bytes.
    pub(super) fn with_capacity(cap: usize) -> Self {
        Self {
            out: Vec::with_capacity(cap),
            acc: 0,
            n: 0,
        }
    }

    /// Writes the `n` ≤ 32 bits of `v` (whose higher bits must be zero).
    #[inline]
    pub(super) fn put(&mut self, v: u32, n: u32) {
        self.acc |= u64::from(v) << self.n;
        self.n += n;
        if self.n >= 32 {
            self.out.extend_from_slice(&(self.acc as u32).to_le_bytes());
            self.acc >>= 32;
            self.n -= 32;
        }
    }

    /// Bits written so far.
    pub(super) fn bit_len(&self) -> usize {
        self.out.len() * 8 + self.n as usize
    }

    /// Pads with zero bits to a byte boundary.
    fn align(&mut self) {
        let pad = (8 - self.n % 8) % 8;
        self.put(0, pad);
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// Copies bits `from..to` of `src` (LSB first).
    pub(super) fn copy(&mut self, src: &[u8], from: usize, to: usize) {
        let mut p = from;
        if self.n as usize % 8 == p % 8 && to - p >= 8 {
            // Same offset within a byte: the bits up to the source's next byte boundary,
            // then whole bytes.
            let head = (8 - p % 8) % 8;
            if head > 0 {
                let v = (u32::from(src[p / 8]) >> (p % 8)) & ((1 << head) - 1);
                self.put(v, head as u32);
                p += head;
            }
            self.align();
            let whole = (to - p) / 8;
            self.out.extend_from_slice(&src[p / 8..p / 8 + whole]);
            p += whole * 8;
        }
        // 56 bits at a time while a whole 8-byte word can be read, then the rest.
        while p + 64 <= to && p / 8 + 8 <= src.len() {
            let at = p / 8;
            let mut word = [0u8; 8];
            word.copy_from_slice(&src[at..at + 8]);
            let v = (u64::from_le_bytes(word) >> (p % 8)) & ((1u64 << 56) - 1);
            self.put(v as u32 & 0x0fff_ffff, 28);
            self.put((v >> 28) as u32, 28);
            p += 56;
        }
        while p < to {
            let n = (to - p).min(32) as u32;
            let mut word = [0u8; 8];
            let at = p / 8;
            let avail = src.len().saturating_sub(at).min(8);
            word[..avail].copy_from_slice(&src[at..at + avail]);
            let v = (u64::from_le_bytes(word) >> (p % 8)) & ((1u64 << n) - 1);
            self.put(v as u32, n);
            p += n as usize;
        }
    }

    /// Ends on a byte boundary with an empty stored block (zlib's sync flush), after which
    /// another stream's blocks can follow byte for byte.
    pub(super) fn sync_flush(&mut self) {
        self.put(0, 3);
        self.align();
        self.out.extend_from_slice(&[0x00, 0x00, 0xff, 0xff]);
    }

    /// The bytes written, the last one padded with zero bits.
    pub(super) fn finish(mut self) -> Vec<u8> {
        self.align();
        self.out
    }
}

/// The length symbol (257–285) of a match length 3–258.
fn len_symbol(len: u16) -> usize {
    let x = u32::from(len) - 3;
    if x < 8 {
        257 + x as usize
    } else if x == 255 {
        285
    } else {
        let l = 31 - x.leading_zeros();
        (257 + 4 * (l - 1) + ((x >> (l - 2)) & 3)) as usize
    }
}

/// The distance symbol (0–29) of a distance 1–32,768.
fn dist_symbol(dist: u16) -> usize {
    let x = u32::from(dist) - 1;
    if x < 4 {
        x as usize
    } else {
        let l = 31 - x.leading_zeros();
        (2 * l + ((x >> (l - 1)) & 1)) as usize
    }
}

/// Writes `tokens` (whose output is `raw`) as one dynamic Huffman block, or as stored
/// blocks when those would be smaller; `last` sets BFINAL on the (last) block written.
pub(super) fn block(w: &mut BitWriter, tokens: &[Token], raw: &[u8], last: bool) {
    block_ending_at(w, tokens, raw, last, None);
}

/// An empty fixed-Huffman block: 10 bits (header and end-of-block code), never final.
fn empty_fixed(w: &mut BitWriter) {
    w.put(1 << 1, 3);
    w.put(0, 7);
}

/// Adds empty blocks so that the bits written end at `to` (0-7) within a byte; `false`,
/// writing nothing, when they cannot (empty fixed blocks take 10 bits: only an even
/// distance can be made up).
pub(super) fn pad_to(w: &mut BitWriter, to: u32) -> bool {
    let gap = (to + 8 - (w.bit_len() % 8) as u32) % 8;
    if gap % 2 == 1 {
        return false;
    }
    for _ in 0..gap / 2 {
        empty_fixed(w);
    }
    true
}

/// [`block`] (never final) followed by empty blocks, so that the bits written end at `to`
/// (0-7) within a byte: a stream copied from a bit at that offset then continues byte for
/// byte. A dynamic block may send one more code-length code (3 bits) to make an odd
/// distance even. `false`, writing nothing, when that cannot be done.
pub(super) fn block_ending_at_bit(
    w: &mut BitWriter,
    tokens: &[Token],
    raw: &[u8],
    to: u32,
) -> bool {
    block_ending_at(w, tokens, raw, false, Some(to))
}

fn block_ending_at(
    w: &mut BitWriter,
    tokens: &[Token],
    raw: &[u8],
    last: bool,
    to: Option<u32>,
) -> bool {
    let mut lit_freq = [0u32; 286];
    let mut dist_freq = [0u32; 30];
    let mut extra_bits = 0u64;
    for t in tokens {
        if t.dist == 0 {
            lit_freq[usize::from(t.len)] += 1;
        } else {
            let l = len_symbol(t.len);
            let d = dist_symbol(t.dist);
            lit_freq[l] += 1;
            dist_freq[d] += 1;
            extra_bits += u64::from(LEN_EXTRA[l - 257]) + u64::from(DIST_EXTRA[d]);
        }
    }
    lit_freq[256] = 1;
    let lit_lens = huffman::lengths(&lit_freq, MAX_BITS);
    let dist_lens = huffman::lengths(&dist_freq, MAX_BITS);
    let hlit = lit_lens
        .iter()
        .rposition(|&l| l > 0)
        .map_or(0, |k| k + 1)
        .max(257);
    let hdist = dist_lens
        .iter()
        .rposition(|&l| l > 0)
        .map_or(0, |k| k + 1)
        .max(1);
    let mut all = Vec::with_capacity(hlit + hdist);
    all.extend_from_slice(&lit_lens[..hlit]);
    all.extend_from_slice(&dist_lens[..hdist]);
    let runs = run_lengths(&all);
    let mut pre_freq = [0u32; 19];
    for &(sym, _) in &runs {
        pre_freq[usize::from(sym)] += 1;
    }
    let pre_lens = huffman::lengths(&pre_freq, 7);
    let hclen = PRECODE_ORDER
        .iter()
        .rposition(|&k| pre_lens[k] > 0)
        .map_or(0, |k| k + 1)
        .max(4);
    let cost = |freqs: &[u32], lens: &[u8]| -> u64 {
        freqs
            .iter()
            .zip(lens)
            .map(|(&f, &l)| u64::from(f) * u64::from(l))
            .sum()
    };
    let header_bits = 3
        + 14
        + 3 * hclen as u64
        + runs
            .iter()
            .map(|&(sym, _)| {
                u64::from(pre_lens[usize::from(sym)])
                    + [2, 3, 7]
                        .get(usize::from(sym).wrapping_sub(16))
                        .copied()
                        .unwrap_or(0)
            })
            .sum::<u64>();
    let dynamic =
        header_bits + cost(&lit_freq, &lit_lens) + cost(&dist_freq, &dist_lens) + extra_bits;
    let stored = raw.len().div_ceil(0xffff).max(1) as u64 * 48 + raw.len() as u64 * 8;
    if stored < dynamic {
        // Stored blocks end on a byte boundary: only even offsets can follow.
        if to.is_some_and(|t| t % 2 == 1) {
            return false;
        }
        write_stored(w, raw, last);
        return to.is_none_or(|t| pad_to(w, t));
    }
    // The distance from the block's end to `to`, made even by sending one more
    // code-length code (its length 0: the codes after `hclen` in that order are unused).
    let mut hclen = hclen;
    if let Some(t) = to {
        let end = (w.bit_len() as u64 + dynamic) % 8;
        if (u64::from(t) + 8 - end) % 2 == 1 {
            if hclen == PRECODE_ORDER.len() {
                return false;
            }
            hclen += 1;
        }
    }
    let lit_codes = huffman::codes(&lit_lens);
    let dist_codes = huffman::codes(&dist_lens);
    let pre_codes = huffman::codes(&pre_lens);
    w.put(u32::from(last) | (2 << 1), 3);
    w.put((hlit - 257) as u32, 5);
    w.put((hdist - 1) as u32, 5);
    w.put((hclen - 4) as u32, 4);
    for &k in &PRECODE_ORDER[..hclen] {
        w.put(u32::from(pre_lens[k]), 3);
    }
    for &(sym, extra) in &runs {
        let s = usize::from(sym);
        w.put(u32::from(pre_codes[s]), u32::from(pre_lens[s]));
        match sym {
            16 => w.put(u32::from(extra), 2),
            17 => w.put(u32::from(extra), 3),
            18 => w.put(u32::from(extra), 7),
            _ => {}
        }
    }
    for t in tokens {
        if t.dist == 0 {
            let s = usize::from(t.len);
            w.put(u32::from(lit_codes[s]), u32::from(lit_lens[s]));
        } else {
            let l = len_symbol(t.len);
            w.put(u32::from(lit_codes[l]), u32::from(lit_lens[l]));
            w.put(
                u32::from(t.len - LEN_BASE[l - 257]),
                u32::from(LEN_EXTRA[l - 257]),
            );
            let d = dist_symbol(t.dist);
            w.put(u32::from(dist_codes[d]), u32::from(dist_lens[d]));
            w.put(u32::from(t.dist - DIST_BASE[d]), u32::from(DIST_EXTRA[d]));
        }
    }
    w.put(u32::from(lit_codes[256]), u32::from(lit_lens[256]));
    to.is_none_or(|t| pad_to(w, t))
}

/// `raw` as stored blocks of at most 65,535 bytes.
fn write_stored(w: &mut BitWriter, raw: &[u8], last: bool) {
    let mut chunks = raw.chunks(0xffff).peekable();
    if raw.is_empty() {
        w.put(u32::from(last), 3);
        w.align();
        w.out.extend_from_slice(&[0, 0, 0xff, 0xff]);
        return;
    }
    while let Some(chunk) = chunks.next() {
        let fin = last && chunks.peek().is_none();
        w.put(u32::from(fin), 3);
        w.align();
        let len = chunk.len() as u16;
        w.out.extend_from_slice(&len.to_le_bytes());
        w.out.extend_from_slice(&(!len).to_le_bytes());
        w.out.extend_from_slice(chunk);
    }
}

/// Code lengths as code-length symbols: (symbol 0–18, its extra-bits value), with runs
/// of zeros as 17/18 and repeats of the previous length as 16.
fn run_lengths(lens: &[u8]) -> Vec<(u8, u8)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lens.len() {
        let v = lens[i];
        let mut run = lens[i..].iter().take_while(|&&l| l == v).count();
        i += run;
        if v == 0 {
            while run >= 11 {
                let r = run.min(138);
                runs.push((18, (r - 11) as u8));
                run -= r;
            }
            if run >= 3 {
                runs.push((17, (run - 3) as u8));
                run = 0;
            }
        } else {
            runs.push((v, 0));
            run -= 1;
            while run >= 3 {
                let r = run.min(6);
                runs.push((16, (r - 3) as u8));
                run -= r;
            }
        }
        runs.extend(core::iter::repeat_n((v, 0), run));
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::super::walk::tests::{inflate, libdeflate, replay, sample};
    use super::super::walk::walk;
    use super::*;
    use alloc::vec;

    #[test]
    fn symbols_match_the_tables() {
        for len in 3u16..=258 {
            let s = len_symbol(len) - 257;
            assert!(
                LEN_BASE[s] <= len && len - LEN_BASE[s] < 1 << LEN_EXTRA[s],
                "{len}"
            );
            assert!(s == 28 || len < LEN_BASE[s + 1] || len == 258);
        }
        for dist in 1u16..=32768 {
            let s = dist_symbol(dist);
            assert!(DIST_BASE[s] <= dist && u32::from(dist - DIST_BASE[s]) < 1 << DIST_EXTRA[s]);
        }
    }

    #[test]
    fn run_lengths_expand_back() {
        let lens: Vec<u8> = [0u8; 150]
            .iter()
            .chain(&[5; 9])
            .chain(&[0, 0, 7, 7, 7, 0, 0, 0, 0, 8])
            .chain(&[3; 4])
            .copied()
            .collect();
        let mut back: Vec<u8> = vec![];
        for (sym, extra) in run_lengths(&lens) {
            match sym {
                16 => {
                    let v = *back.last().unwrap();
                    back.extend(core::iter::repeat_n(v, 3 + usize::from(extra)));
                }
                17 => back.extend(core::iter::repeat_n(0, 3 + usize::from(extra))),
                18 => back.extend(core::iter::repeat_n(0, 11 + usize::from(extra))),
                v => back.push(v),
            }
        }
        assert_eq!(back, lens);
    }

    #[test]
    fn blocks_end_at_any_bit_offset_asked_for() {
        let data = sample(60_000, 9);
        let z = libdeflate(&data, 7);
        let cut = 7_777;
        let walked = walk(&z, &data, cut).unwrap();
        let b = *walked
            .blocks
            .iter()
            .find(|b| b.out_start < cut && cut < b.out_end)
            .unwrap();
        let literals = |raw: &[u8]| -> Vec<Token> {
            raw.iter()
                .map(|&c| Token {
                    len: u16::from(c),
                    dist: 0,
                })
                .collect()
        };
        // The data before the cut (a stored block, then a literal block of varying length
        // so the re-sent block starts at every bit offset), the re-sent block aligned, a
        // final empty stored block.
        let noise = sample(4_000, 3);
        let mut starts = [false; 8];
        for j in 0..120 {
            for to in 0..8u32 {
                for (tokens, raw) in [
                    (walked.tokens.clone(), &data[cut..b.out_end]),
                    (literals(&noise[..]), &noise[..]),
                ] {
                    let mut w = BitWriter::with_capacity(b.out_end + 8_000);
                    write_stored(&mut w, &data[..cut - j], false);
                    block(
                        &mut w,
                        &literals(&data[cut - j..cut]),
                        &data[cut - j..cut],
                        false,
                    );
                    starts[w.bit_len() % 8] = true;
                    let stored = raw.len() == noise.len();
                    if !block_ending_at_bit(&mut w, &tokens, raw, to) {
                        // Stored blocks end on a byte boundary; empty fixed blocks are 10 bits.
                        assert!(stored && to % 2 == 1, "{j} {to}");
                        continue;
                    }
                    assert_eq!(w.bit_len() % 8, to as usize);
                    write_stored(&mut w, &[], true);
                    let out = inflate(&w.finish());
                    assert_eq!(&out[..cut], &data[..cut]);
                    assert_eq!(&out[cut..], raw, "{j} {to} {stored}");
                }
            }
        }
        assert!(starts.iter().all(|&s| s), "{starts:?}");
    }

    #[test]
    fn token_blocks_inflate_to_their_output() {
        let cases: Vec<(Vec<Token>, Vec<u8>)> = vec![
            // One literal; literals only (no distance codes); one distance.
            (vec![Token { len: 65, dist: 0 }], b"A".to_vec()),
            (
                (0..=255).map(|b| Token { len: b, dist: 0 }).collect(),
                (0..=255).collect(),
            ),
            (
                vec![Token { len: 120, dist: 0 }, Token { len: 258, dist: 1 }],
                vec![b'x'; 259],
            ),
        ];
        for (tokens, raw) in cases {
            for last in [true, false] {
                let mut w = BitWriter::with_capacity(64);
                block(&mut w, &tokens, &raw, last);
                if !last {
                    block(&mut w, &[], &[], true);
                }
                assert_eq!(inflate(&w.finish()), raw);
            }
        }
        // Tokens libdeflate chose, re-sent from an arbitrary cut.
        let data = sample(120_000, 5);
        let z = libdeflate(&data, 7);
        let cut = 33_333;
        let walked = walk(&z, &data, cut).unwrap();
        let b = walked
            .blocks
            .iter()
            .find(|b| b.out_start < cut && cut < b.out_end)
            .unwrap();
        assert_eq!(replay(&data[..cut], &walked.tokens), &data[cut..b.out_end]);
        // A stream whose first block is the prefix, stored, then the re-sent tokens.
        let mut w = BitWriter::with_capacity(z.len());
        write_stored(&mut w, &data[..cut], false);
        block(&mut w, &walked.tokens, &data[cut..b.out_end], true);
        assert_eq!(inflate(&w.finish()), &data[..b.out_end]);
    }

    #[test]
    fn incompressible_tokens_are_stored() {
        let raw: Vec<u8> = sample(5000, 9); // the random part
        let tokens: Vec<Token> = raw
            .iter()
            .map(|&b| Token {
                len: u16::from(b),
                dist: 0,
            })
            .collect();
        let mut w = BitWriter::with_capacity(6000);
        block(&mut w, &tokens, &raw, true);
        let z = w.finish();
        assert!(z.len() <= raw.len() + 5, "{}", z.len());
        assert_eq!(inflate(&z), raw);
    }

    #[test]
    fn copies_bit_runs_at_any_alignment() {
        let src: Vec<u8> = (0..200u32).map(|i| (i * 37 + 11) as u8).collect();
        for shift in 0..8u32 {
            for (from, to) in [(0, 1600), (3, 1597), (8, 9), (13, 13), (700, 1311)] {
                let mut w = BitWriter::with_capacity(256);
                w.put(0b101_0110 & ((1 << shift) - 1), shift);
                w.copy(&src, from, to);
                assert_eq!(w.bit_len(), shift as usize + to - from);
                let out = w.finish();
                for k in 0..to - from {
                    let bit = |b: &[u8], p: usize| (b[p / 8] >> (p % 8)) & 1;
                    assert_eq!(bit(&out, shift as usize + k), bit(&src, from + k));
                }
            }
        }
    }
}
