//! Reading the block structure of a raw deflate stream without inflating it: where each
//! block starts and ends (in bits of the stream and bytes of its output), and, from one
//! output position on, the literals and matches (tokens) a block is made of.
//!
//! Used on libdeflate's own output to join streams compressed on several threads; any
//! stream that is not valid deflate gives `None`, never a panic.

use alloc::vec::Vec;

use super::huffman::{Decoder, kind, meaning};
use crate::compress::Algorithm;
use crate::compress::bits::Bits;

/// Base lengths of length symbols 257–285.
pub(super) const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
/// Extra bits of length symbols 257–285.
pub(super) const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
/// Base distances of distance symbols 0–29.
pub(super) const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
/// Extra bits of distance symbols 0–29.
pub(super) const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];
/// The order in which a dynamic block sends its code-length code's lengths.
pub(super) const PRECODE_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// One literal (`dist == 0`, `len` is the byte) or match (`len` bytes from `dist` back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Token {
    /// Match length 3–258, or the literal byte.
    pub len: u16,
    /// Match distance 1–32,768, or 0 for a literal.
    pub dist: u16,
}

/// One block of a stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Block {
    /// Bit position of the block header (its BFINAL bit).
    pub header: usize,
    /// Bit position just after the block (after its end-of-block code).
    pub end: usize,
    /// Output range the block produces.
    pub out_start: usize,
    /// End of that range.
    pub out_end: usize,
    /// Whether BFINAL is set.
    pub last: bool,
}

/// The blocks of a stream, and the tokens producing output from `cut` on in the block that
/// starts before `cut` and ends after it (empty when a block starts exactly at `cut`).
pub(super) struct Walk {
    pub blocks: Vec<Block>,
    pub tokens: Vec<Token>,
}

/// Walks the complete raw deflate stream `z`, whose output is `raw`, collecting tokens
/// for output positions `cut..` of the block that contains `cut` (when `cut` is neither 0
/// nor a block boundary). `None` when `z` is not one valid stream with exactly `raw` as its
/// output length (the bytes themselves are not compared).
pub(super) fn walk(z: &[u8], raw: &[u8], cut: usize) -> Option<Walk> {
    walk_blocks(z, raw, cut, false)
}

/// [`walk`] up to `cut` only (`cut` > 0): stops after the block that contains `cut`, or
/// after the block that ends at it, so the last block returned ends where the stream from
/// `cut` on (or after the tokens collected) continues. The blocks after it are not read:
/// `None` only when what was read is not valid. Also stops at the final block.
pub(super) fn walk_to(z: &[u8], raw: &[u8], cut: usize) -> Option<Walk> {
    walk_blocks(z, raw, cut, true)
}

fn walk_blocks(z: &[u8], raw: &[u8], cut: usize, stop_at_cut: bool) -> Option<Walk> {
    let mut bits = Bits::new(z, Algorithm::Gzip);
    let mut blocks = Vec::new();
    let mut tokens = Vec::new();
    let mut out = 0usize;
    // Built on first use: libdeflate rarely writes fixed blocks into long streams.
    let mut fixed_codes = None;
    let mut dynamic;
    loop {
        let header = bits.bit_pos() as usize;
        let last = bits.read(1).ok()? == 1;
        let btype = bits.read(2).ok()?;
        let out_start = out;
        let straddles = |end: usize| out_start < cut && cut < end;
        match btype {
            0 => {
                // Padding bits are ignored, as Go's reader does.
                let _ = bits.align();
                let len = bits.read(16).ok()?;
                let nlen = bits.read(16).ok()?;
                if len != !nlen & 0xffff {
                    return None;
                }
                // The stored bytes are whole bytes from here on.
                let len = len as usize;
                if !bits.skip_bytes(len) {
                    return None;
                }
                out += len;
                if straddles(out) {
                    tokens.extend(raw.get(cut..out)?.iter().map(|&b| Token {
                        len: u16::from(b),
                        dist: 0,
                    }));
                }
            }
            1 | 2 => {
                let (lit, dist) = if btype == 1 {
                    if fixed_codes.is_none() {
                        fixed_codes = Some(fixed()?);
                    }
                    let (lit, dist) = fixed_codes.as_ref()?;
                    (lit, dist)
                } else {
                    dynamic = dynamic_header(&mut bits)?;
                    (&dynamic.0, &dynamic.1)
                };
                out = if out_start < cut {
                    symbols::<true>(&mut bits, lit, dist, out, cut, raw, &mut tokens)?
                } else {
                    symbols::<false>(&mut bits, lit, dist, out, cut, raw, &mut tokens)?
                };
            }
            _ => return None,
        }
        if out > raw.len() {
            return None;
        }
        blocks.push(Block {
            header,
            end: bits.bit_pos() as usize,
            out_start,
            out_end: out,
            last,
        });
        if last {
            break;
        }
        if stop_at_cut && out >= cut {
            return Some(Walk { blocks, tokens });
        }
    }
    (out == raw.len()).then_some(Walk { blocks, tokens })
}

/// The fixed literal/length and distance codes (RFC 1951 §3.2.6).
fn fixed() -> Option<(Decoder, Decoder)> {
    let mut lens = [0u8; 288];
    lens[..144].fill(8);
    lens[144..256].fill(9);
    lens[256..280].fill(7);
    lens[280..].fill(8);
    Some((
        Decoder::new(&lens, lit_meaning)?,
        Decoder::new(&[5u8; 32], dist_meaning)?,
    ))
}

/// What literal/length symbol `s` means.
fn lit_meaning(s: usize) -> u32 {
    match s {
        0..=255 => meaning(kind::LITERAL, s as u16, 0),
        256 => meaning(kind::END, 0, 0),
        257..=285 => meaning(kind::BASE, LEN_BASE[s - 257], LEN_EXTRA[s - 257]),
        _ => meaning(kind::INVALID, 0, 0),
    }
}

/// What distance symbol `s` means.
fn dist_meaning(s: usize) -> u32 {
    match (DIST_BASE.get(s), DIST_EXTRA.get(s)) {
        (Some(&base), Some(&extra)) => meaning(kind::BASE, base, extra),
        _ => meaning(kind::INVALID, 0, 0),
    }
}

/// Reads a dynamic block's code descriptions.
fn dynamic_header(bits: &mut Bits<'_>) -> Option<(Decoder, Decoder)> {
    let hlit = bits.read(5).ok()? as usize + 257;
    let hdist = bits.read(5).ok()? as usize + 1;
    let hclen = bits.read(4).ok()? as usize + 4;
    if hlit > 286 || hdist > 30 {
        return None;
    }
    let mut pre = [0u8; 19];
    for &k in &PRECODE_ORDER[..hclen] {
        pre[k] = bits.read(3).ok()? as u8;
    }
    let pre = Decoder::new(&pre, |s| meaning(kind::LITERAL, s as u16, 0))?;
    let mut lens = [0u8; 286 + 30];
    let mut k = 0;
    while k < hlit + hdist {
        let e = pre.decode(bits.peek())?;
        bits.skip(e & 15).ok()?;
        let sym = e >> 16;
        let (value, repeat) = match sym {
            0..=15 => (sym as u8, 1),
            16 => (
                *lens.get(k.checked_sub(1)?)?,
                3 + bits.read(2).ok()? as usize,
            ),
            17 => (0, 3 + bits.read(3).ok()? as usize),
            _ => (0, 11 + bits.read(7).ok()? as usize),
        };
        lens.get_mut(k..k + repeat)
            .filter(|_| k + repeat <= hlit + hdist)?
            .fill(value);
        k += repeat;
    }
    if lens[256] == 0 {
        return None;
    }
    Some((
        Decoder::new(&lens[..hlit], lit_meaning)?,
        Decoder::new(&lens[hlit..hlit + hdist], dist_meaning)?,
    ))
}

/// Reads one block's symbols up to its end-of-block code; returns the output position
/// after it. With `CUT` (the block starts before `cut`), tokens for output from `cut` on
/// are collected.
fn symbols<const CUT: bool>(
    bits: &mut Bits<'_>,
    lit: &Decoder,
    dist: &Decoder,
    mut out: usize,
    cut: usize,
    raw: &[u8],
    tokens: &mut Vec<Token>,
) -> Option<usize> {
    let limit = raw.len();
    // The next bits in a register, refilled from `bits` (which checks the stream's end)
    // only when fewer than a match's 48 bits remain (length code 15, its extra bits 5,
    // distance code 15, its extra bits 13): each symbol then waits on one table lookup
    // instead of a load at the bit position.
    let mut word = bits.peek();
    let mut have = 64 - (bits.bit_pos() & 7) as u32;
    let mut pending = 0;
    loop {
        if have < 48 {
            bits.skip(pending).ok()?;
            pending = 0;
            word = bits.peek();
            have = 64 - (bits.bit_pos() & 7) as u32;
        }
        let e = lit.decode(word)?;
        let value = (e >> 16) as usize;
        let mut used = e & 15;
        match (e >> 8) & 3 {
            kind::LITERAL => {
                if CUT && out >= cut {
                    tokens.push(Token {
                        len: value as u16,
                        dist: 0,
                    });
                }
                out += 1;
                if out > limit {
                    return None;
                }
            }
            kind::BASE => {
                let extra = (e >> 4) & 15;
                let len = value + ((word >> used) & ((1 << extra) - 1)) as usize;
                used += extra;
                let d = dist.decode(word >> used)?;
                if (d >> 8) & 3 != kind::BASE {
                    return None;
                }
                used += d & 15;
                let extra = (d >> 4) & 15;
                let distance = (d >> 16) as usize + ((word >> used) & ((1 << extra) - 1)) as usize;
                used += extra;
                let end = out + len;
                if distance > out || end > limit {
                    return None;
                }
                if CUT && end > cut {
                    // A match over the cut keeps its tail: as a match while it is long
                    // enough to be one, else as literals.
                    let from = out.max(cut);
                    if end - from >= 3 {
                        tokens.push(Token {
                            len: (end - from) as u16,
                            dist: distance as u16,
                        });
                    } else {
                        tokens.extend(raw[from..end].iter().map(|&b| Token {
                            len: u16::from(b),
                            dist: 0,
                        }));
                    }
                }
                out = end;
            }
            kind::END => {
                bits.skip(pending + used).ok()?;
                return Some(out);
            }
            _ => return None,
        }
        word >>= used;
        have -= used;
        pending += used;
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use alloc::vec;

    /// Pseudo-random bytes (stored blocks) and repetitive text (Huffman blocks).
    pub(in super::super) fn sample(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed | 1;
        (0..n)
            .map(|i| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                if (i / 5000) % 3 == 0 {
                    x as u8
                } else {
                    let text = b"{\"id\":\"node-\",\"phase\":\"Succeeded\"}";
                    text[(i + (x as usize % 3)) % text.len()]
                }
            })
            .collect()
    }

    /// The output of the complete raw deflate stream `z`.
    pub(in super::super) fn inflate(z: &[u8]) -> Vec<u8> {
        miniz_oxide::inflate::decompress_to_vec(z).expect("valid deflate")
    }

    use crate::compress::lz77::copy_back;

    /// Replays `tokens` after `prefix` (the output before them).
    pub(in super::super) fn replay(prefix: &[u8], tokens: &[Token]) -> Vec<u8> {
        let mut out = prefix.to_vec();
        for t in tokens {
            if t.dist == 0 {
                out.push(t.len as u8);
            } else {
                copy_back(&mut out, usize::from(t.dist), usize::from(t.len));
            }
        }
        out.split_off(prefix.len())
    }

    /// libdeflate's stream of `data` at level `lvl` (0-12).
    pub(in super::super) fn libdeflate(data: &[u8], lvl: i32) -> Vec<u8> {
        let mut c = wfpack_deflate_sys::Compressor::new(u8::try_from(lvl).unwrap()).unwrap();
        let mut z = vec![0u8; c.bound(data.len())];
        let n = c.compress(data, &mut z).unwrap();
        z.truncate(n);
        z
    }

    #[test]
    fn blocks_tile_the_stream_and_tokens_rebuild_the_output() {
        for (n, lvl) in [
            (0usize, 6),
            (1, 1),
            (40_000, 0),
            (100_000, 1),
            (150_000, 7),
            (70_000, 12),
        ] {
            let data = sample(n, n as u32);
            let z = libdeflate(&data, lvl);
            for cut in [0, 1, n / 3, n / 2, n.saturating_sub(1)] {
                let w = walk(&z, &data, cut).unwrap();
                assert_eq!(w.blocks[0].header, 0);
                assert_eq!(w.blocks.last().unwrap().out_end, n);
                assert!(w.blocks.last().unwrap().last);
                assert!(w.blocks.last().unwrap().end.div_ceil(8) == z.len());
                for pair in w.blocks.windows(2) {
                    assert_eq!(pair[0].end, pair[1].header);
                    assert_eq!(pair[0].out_end, pair[1].out_start);
                    assert!(!pair[0].last);
                }
                match w
                    .blocks
                    .iter()
                    .find(|b| b.out_start < cut && cut < b.out_end)
                {
                    Some(b) => assert_eq!(replay(&data[..cut], &w.tokens), &data[cut..b.out_end]),
                    None => assert!(w.tokens.is_empty()),
                }
            }
        }
    }

    #[test]
    fn invalid_streams_are_refused() {
        let data = sample(30_000, 3);
        let z = libdeflate(&data, 6);
        assert!(walk(&z, &data[1..], 0).is_none(), "wrong output length");
        assert!(walk(&z[..z.len() - 1], &data, 0).is_none(), "truncated");
        assert!(walk(&[0xff; 64], &data, 0).is_none());
        assert!(walk(&[], &[], 0).is_none());
        for k in 0..z.len().min(300) {
            let mut bad = z.clone();
            bad[k] ^= 0x10;
            let _ = walk(&bad, &data, 100); // no panic
        }
    }
}
