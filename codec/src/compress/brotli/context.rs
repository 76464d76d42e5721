//! Context modeling (RFC 7932 sections 6 and 7): block types and counts, literal context
//! ids, and context maps with run-length codes and the inverse move-to-front transform.

use alloc::vec;
use alloc::vec::Vec;

use super::fail;
use super::huffman::Tables;
use crate::compress::bits::Bits;
use crate::error::Error;

/// Block count codes: (offset, extra bits) for the 26 symbols (RFC 7932 section 6).
const BLOCK_COUNT: [(u16, u8); 26] = [
    (1, 2),
    (5, 2),
    (9, 2),
    (13, 2),
    (17, 3),
    (25, 3),
    (33, 3),
    (41, 3),
    (49, 4),
    (65, 4),
    (81, 4),
    (97, 4),
    (113, 5),
    (145, 5),
    (177, 5),
    (209, 5),
    (241, 6),
    (305, 6),
    (369, 7),
    (497, 8),
    (753, 9),
    (1265, 10),
    (2289, 11),
    (4337, 12),
    (8433, 13),
    (16625, 24),
];

/// Reads a value 0–255 in the variable-length form of RFC 7932 section 9.2.
pub(super) fn read_var_u8(br: &mut Bits<'_>) -> Result<u32, Error> {
    if br.read(1)? == 0 {
        return Ok(0);
    }
    let n = br.read(3)?;
    if n == 0 {
        return Ok(1);
    }
    Ok((1 << n) + br.read(n)?)
}

/// Block types and counts of one category (literals, commands or distances).
pub(super) struct Blocks {
    /// Number of block types (1–256).
    pub(super) types: u32,
    /// Current block type.
    pub(super) current: u32,
    /// Symbols left in the current block.
    pub(super) left: u32,
    /// The previous and current block type, for the "same as before" codes.
    ring: [u32; 2],
    /// Block type code.
    type_code: u32,
    /// Block count code.
    count_code: u32,
}

impl Blocks {
    /// Reads the category's number of block types and, if more than one, its codes and
    /// first block count (RFC 7932 section 9.2).
    pub(super) fn read(br: &mut Bits<'_>, tables: &mut Tables) -> Result<Self, Error> {
        let types = read_var_u8(br)? + 1;
        let mut b = Blocks {
            types,
            current: 0,
            left: 1 << 24,
            ring: [1, 0],
            type_code: 0,
            count_code: 0,
        };
        if types >= 2 {
            b.type_code = tables.read(br, types + 2)?;
            b.count_code = tables.read(br, 26)?;
            b.left = b.read_count(br, tables)?;
        }
        Ok(b)
    }

    /// Reads a block count.
    fn read_count(&self, br: &mut Bits<'_>, tables: &Tables) -> Result<u32, Error> {
        let sym = tables.decode(self.count_code, br)?;
        let (offset, bits) = BLOCK_COUNT.get(sym as usize).copied().unwrap_or((1, 0));
        Ok(u32::from(offset) + br.read(u32::from(bits))?)
    }

    /// Switches to the next block: reads its type and count.
    ///
    /// # Errors
    /// `BLOCK_SWITCH` when the category has a single block type (its one block ran out).
    pub(super) fn switch(&mut self, br: &mut Bits<'_>, tables: &Tables) -> Result<(), Error> {
        if self.types < 2 {
            return Err(fail("BLOCK_SWITCH"));
        }
        let sym = tables.decode(self.type_code, br)?;
        self.left = self.read_count(br, tables)?;
        let mut t = match sym {
            0 => self.ring[0],
            1 => self.ring[1] + 1,
            s => s - 2,
        };
        if t >= self.types {
            t -= self.types;
        }
        self.ring = [self.ring[1], t];
        self.current = t;
        Ok(())
    }
}

/// Context id lookup for the UTF8 mode: 256 entries for the last byte, then 256 for the
/// one before, or-ed together.
const UTF8: [u8; 512] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    8, 12, 16, 12, 12, 20, 12, 16, 24, 28, 12, 12, 32, 12, 36, 12, 44, 44, 44, 44, 44, 44, 44, 44,
    44, 44, 32, 32, 24, 40, 28, 12, 12, 48, 52, 52, 52, 48, 52, 52, 52, 48, 52, 52, 52, 52, 52, 48,
    52, 52, 52, 52, 52, 48, 52, 52, 52, 52, 52, 24, 12, 28, 12, 12, 12, 56, 60, 60, 60, 56, 60, 60,
    60, 56, 60, 60, 60, 60, 60, 56, 60, 60, 60, 60, 60, 56, 60, 60, 60, 60, 60, 24, 12, 28, 12, 0,
    0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
    0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1,
    2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3,
    2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3, 2, 3,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1,
    1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1,
    1, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
];

/// Context id tables of the four context modes (LSB6, MSB6, UTF8, signed), each indexed
/// by the last byte and by 256 + the byte before it; the id is the two entries or-ed.
pub(super) static LOOKUP: [[u8; 512]; 4] = {
    let mut t = [[0u8; 512]; 4];
    let mut p = 0;
    while p < 256 {
        t[0][p] = (p & 63) as u8;
        t[1][p] = (p >> 2) as u8;
        let signed: u8 = match p {
            0 => 0,
            1..=15 => 1,
            16..=63 => 2,
            64..=127 => 3,
            128..=191 => 4,
            192..=239 => 5,
            240..=254 => 6,
            _ => 7,
        };
        t[3][p] = signed << 3;
        t[3][256 + p] = signed;
        p += 1;
    }
    t[2] = UTF8;
    t
};

/// Reads a context map of `size` entries and returns it with the number of prefix codes
/// it refers to (RFC 7932 section 7.3).
///
/// # Errors
/// `CONTEXT_MAP_REPEAT` when a run passes the end of the map; prefix code errors.
pub(super) fn read_map(br: &mut Bits<'_>, size: usize) -> Result<(Vec<u8>, u32), Error> {
    let trees = read_var_u8(br)? + 1;
    let mut map = vec![0u8; size];
    if trees < 2 {
        return Ok((map, trees));
    }
    let peek = (br.peek() & 31) as u32;
    let rle_max = if peek & 1 != 0 {
        br.skip(5)?;
        (peek >> 1) + 1
    } else {
        br.skip(1)?;
        0
    };
    let mut tables = Tables::new();
    let code = tables.read(br, trees + rle_max)?;
    let mut i = 0;
    while i < size {
        let sym = tables.decode(code, br)?;
        if sym == 0 || sym > rle_max {
            if let Some(slot) = map.get_mut(i) {
                *slot = sym.saturating_sub(rle_max) as u8;
            }
            i += 1;
            continue;
        }
        let run = (1usize << sym) + br.read(sym)? as usize;
        if i + run > size {
            return Err(fail("CONTEXT_MAP_REPEAT"));
        }
        // The map is zero already.
        i += run;
    }
    if br.read(1)? == 1 {
        inverse_mtf(&mut map);
    }
    Ok((map, trees))
}

/// Undoes the move-to-front transform in place.
fn inverse_mtf(map: &mut [u8]) {
    let mut mtf: [u8; 256] = core::array::from_fn(|i| i as u8);
    for v in map.iter_mut() {
        let index = usize::from(*v);
        let value = mtf.get(index).copied().unwrap_or(0);
        *v = value;
        if let Some(front) = mtf.get_mut(..=index) {
            front.rotate_right(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compress::Algorithm;

    #[test]
    fn var_u8() {
        assert_eq!(
            read_var_u8(&mut Bits::new(&[0], Algorithm::Brotli)).unwrap(),
            0
        );
        assert_eq!(
            read_var_u8(&mut Bits::new(&[1], Algorithm::Brotli)).unwrap(),
            1
        );
        // 1, n=7 (111), then seven ones: 128 + 127.
        assert_eq!(
            read_var_u8(&mut Bits::new(&[0xff, 0x07], Algorithm::Brotli)).unwrap(),
            255
        );
    }

    #[test]
    fn mtf_and_lookup() {
        let mut m = [0, 1, 1, 0, 2];
        inverse_mtf(&mut m);
        assert_eq!(m, [0, 1, 0, 0, 2]);
        assert_eq!(LOOKUP[0][0xff], 63);
        assert_eq!(LOOKUP[1][0xff], 63);
        assert_eq!(LOOKUP[3][255] | LOOKUP[3][256], 56);
        // UTF8: a letter after a space.
        assert!(LOOKUP[2][usize::from(b'a')] | LOOKUP[2][256 + usize::from(b' ')] < 64);
    }

    #[test]
    fn single_tree_map_is_zero() {
        let (map, trees) = read_map(&mut Bits::new(&[0], Algorithm::Brotli), 64).unwrap();
        assert_eq!((map, trees), (vec![0u8; 64], 1));
    }
}
