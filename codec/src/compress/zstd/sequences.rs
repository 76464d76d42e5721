//! The sequences section (RFC 8878 §3.1.1.3.2, §3.1.1.4, §3.1.1.5): table modes, the
//! interleaved FSE bitstream, repeat offsets and sequence execution into the output.

use alloc::vec::Vec;

use super::bits::Backward;
use super::fse::{State, Table};
use super::{Fail, MAX_BLOCK, corrupt, seen};
use crate::compress::lz77::copy_back;

/// Predefined literal-length distribution (accuracy log 6).
pub(super) const LL_DEFAULT: [i16; 36] = [
    4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1,
    -1, -1, -1, -1,
];
/// Predefined match-length distribution (accuracy log 6).
const ML_DEFAULT: [i16; 53] = [
    1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
];
/// Predefined offset distribution (accuracy log 5).
const OF_DEFAULT: [i16; 29] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
];

/// Literal-length codes 16–35: `(baseline, extra bits)`.
const LL_CODES: [(u32, u8); 20] = [
    (16, 1),
    (18, 1),
    (20, 1),
    (22, 1),
    (24, 2),
    (28, 2),
    (32, 3),
    (40, 3),
    (48, 4),
    (64, 6),
    (128, 7),
    (256, 8),
    (512, 9),
    (1024, 10),
    (2048, 11),
    (4096, 12),
    (8192, 13),
    (16384, 14),
    (32768, 15),
    (65536, 16),
];
/// Match-length codes 32–52: `(baseline, extra bits)`.
const ML_CODES: [(u32, u8); 21] = [
    (35, 1),
    (37, 1),
    (39, 1),
    (41, 1),
    (43, 2),
    (47, 2),
    (51, 3),
    (59, 3),
    (67, 4),
    (83, 4),
    (99, 5),
    (131, 7),
    (259, 8),
    (515, 9),
    (1027, 10),
    (2051, 11),
    (4099, 12),
    (8195, 13),
    (16387, 14),
    (32771, 15),
    (65539, 16),
];

/// The sequence tables and repeat offsets a frame carries from block to block.
pub(super) struct Tables {
    /// Literal-length table of the last block with sequences.
    ll: Option<Table>,
    /// Offset table.
    of: Option<Table>,
    /// Match-length table.
    ml: Option<Table>,
    /// Repeat offsets, most recent first.
    reps: [usize; 3],
}

impl Tables {
    /// The state at the start of a frame.
    pub(super) fn new() -> Self {
        Tables {
            ll: None,
            of: None,
            ml: None,
            reps: [1, 4, 8],
        }
    }
}

/// Sets `slot` from a table mode (0 predefined, 1 RLE, 2 FSE, 3 repeat) whose data starts
/// at `src[*pos]`.
fn table(
    slot: &mut Option<Table>,
    mode: u8,
    src: &[u8],
    pos: &mut usize,
    (default, log, max_log): (&[i16], u32, u32),
) -> Result<(), Fail> {
    let max_symbol = default.len() - 1;
    seen(10 + u32::from(mode));
    match mode {
        0 => *slot = Some(Table::build(default, log)?),
        1 => {
            let s = *src
                .get(*pos)
                .ok_or(corrupt("sequences section too short"))?;
            if usize::from(s) > max_symbol {
                return Err(corrupt("RLE sequence code out of range"));
            }
            *slot = Some(Table::rle(s));
            *pos += 1;
        }
        2 => {
            let (t, n) = Table::read(src.get(*pos..).unwrap_or(&[]), max_symbol, max_log)?;
            *slot = Some(t);
            *pos += n;
        }
        _ if slot.is_none() => return Err(corrupt("repeat mode without a previous table")),
        _ => {}
    }
    Ok(())
}

/// Decodes the sequences section `src` and executes it: literals from `lits`, matches
/// from the frame's output (which starts at `out[frame_start]`). The output may not pass
/// `limit` bytes, nor the block grow past [`MAX_BLOCK`].
pub(super) fn execute(
    src: &[u8],
    t: &mut Tables,
    lits: &[u8],
    out: &mut Vec<u8>,
    frame_start: usize,
    limit: usize,
) -> Result<(), Fail> {
    let short = || corrupt("sequences section too short");
    let b0 = usize::from(*src.first().ok_or_else(short)?);
    let byte = |i: usize| src.get(i).map(|&b| usize::from(b)).ok_or_else(short);
    let (count, mut pos) = match b0 {
        0 => {
            if src.len() != 1 {
                return Err(corrupt("bytes after an empty sequences section"));
            }
            return copy_literals(lits, out, limit);
        }
        1..=127 => (b0, 1),
        128..=254 => (((b0 - 128) << 8) + byte(1)?, 2),
        _ => (byte(1)? + (byte(2)? << 8) + 0x7f00, 3),
    };
    let modes = byte(pos)? as u8;
    pos += 1;
    if modes & 3 != 0 {
        return Err(corrupt("reserved bits set in sequence modes"));
    }
    table(&mut t.ll, modes >> 6, src, &mut pos, (&LL_DEFAULT, 6, 9))?;
    table(
        &mut t.of,
        (modes >> 4) & 3,
        src,
        &mut pos,
        (&OF_DEFAULT, 5, 8),
    )?;
    table(
        &mut t.ml,
        (modes >> 2) & 3,
        src,
        &mut pos,
        (&ML_DEFAULT, 6, 9),
    )?;
    let (Some(llt), Some(oft), Some(mlt)) = (&t.ll, &t.of, &t.ml) else {
        return Err(short());
    };
    let mut bits = Backward::new(src.get(pos..).unwrap_or(&[]))?;
    let mut ll = State::new(llt, &mut bits)?;
    let mut of = State::new(oft, &mut bits)?;
    let mut ml = State::new(mlt, &mut bits)?;
    let block_end = out.len().saturating_add(MAX_BLOCK);
    let mut lit = 0usize;
    let reps = &mut t.reps;
    for i in 0..count {
        let of_code = u32::from(of.symbol());
        if of_code > 31 {
            return Err(corrupt("offset code out of range"));
        }
        // Extra bits: offset (≤ 31), then match and literal lengths (≤ 16 each).
        let offset_value = (1usize << of_code) + bits.read(of_code) as usize;
        bits.refill();
        let ml_code = usize::from(ml.symbol());
        let match_len = if ml_code < 32 {
            ml_code + 3
        } else {
            let &(base, n) = ML_CODES
                .get(ml_code - 32)
                .ok_or(corrupt("bad match code"))?;
            base as usize + bits.take(u32::from(n)) as usize
        };
        let ll_code = usize::from(ll.symbol());
        let lit_len = if ll_code < 16 {
            ll_code
        } else {
            let &(base, n) = LL_CODES
                .get(ll_code - 16)
                .ok_or(corrupt("bad literal code"))?;
            base as usize + bits.take(u32::from(n)) as usize
        };
        let offset = if offset_value > 3 {
            let o = offset_value - 3;
            *reps = [o, reps[0], reps[1]];
            o
        } else {
            seen(14);
            match offset_value + usize::from(lit_len == 0) {
                1 => reps[0],
                2 => {
                    *reps = [reps[1], reps[0], reps[2]];
                    reps[0]
                }
                3 => {
                    *reps = [reps[2], reps[0], reps[1]];
                    reps[0]
                }
                _ => {
                    let o = reps[0].wrapping_sub(1);
                    *reps = [o, reps[0], reps[1]];
                    o
                }
            }
        };
        if i + 1 < count {
            // Three states, at most 9 bits each.
            bits.refill();
            ll.step(&mut bits)?;
            ml.step(&mut bits)?;
            of.step(&mut bits)?;
        }
        // Execute: literals, then the match.
        let end = out.len() + lit_len + match_len;
        if end > limit {
            return Err(Fail::Limit);
        }
        if end > block_end {
            return Err(corrupt("block decodes to more than 128 KiB"));
        }
        let l = lits
            .get(lit..lit + lit_len)
            .ok_or(corrupt("sequence uses more literals than decoded"))?;
        out.extend_from_slice(l);
        lit += lit_len;
        let produced = out.len() - frame_start;
        if offset == 0 || offset > produced {
            return Err(corrupt("match offset before the start of the frame"));
        }
        copy_back(out, offset, match_len);
    }
    if !bits.finished() {
        return Err(corrupt("sequence bitstream size mismatch"));
    }
    copy_literals(lits.get(lit..).unwrap_or(&[]), out, limit)
}

/// Appends the literals left after the last sequence.
fn copy_literals(lits: &[u8], out: &mut Vec<u8>, limit: usize) -> Result<(), Fail> {
    if out.len() + lits.len() > limit {
        return Err(Fail::Limit);
    }
    out.extend_from_slice(lits);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    #[test]
    fn predefined_tables_sum_to_their_size() {
        for (t, log) in [
            (&LL_DEFAULT[..], 6),
            (&ML_DEFAULT[..], 6),
            (&OF_DEFAULT[..], 5),
        ] {
            assert_eq!(t.iter().map(|&c| i32::from(c).abs()).sum::<i32>(), 1 << log);
            assert!(Table::build(t, log).is_ok());
        }
    }

    #[test]
    fn empty_and_bad_sections() {
        let mut t = Tables::new();
        let mut out = vec![];
        execute(&[0], &mut t, b"lit", &mut out, 0, 100).unwrap();
        assert_eq!(out, b"lit");
        assert!(execute(&[0], &mut t, b"lit", &mut out, 0, 4).is_err());
        assert!(execute(&[0, 1], &mut t, b"", &mut out, 0, 100).is_err());
        // One sequence, repeat modes without previous tables.
        assert!(execute(&[1, 0xfc, 0x80], &mut t, b"", &mut out, 0, 100).is_err());
        // Reserved mode bits.
        assert!(execute(&[1, 0x01, 0x80], &mut t, b"", &mut out, 0, 100).is_err());
    }
}
