//! Prefix codes (RFC 7932 section 3): reading simple and complex code descriptions and
//! decoding symbols through two-level lookup tables.

use alloc::vec;
use alloc::vec::Vec;

use super::fail;
use crate::compress::bits::Bits;
use crate::error::Error;

/// Bits looked up at once by the root table.
const ROOT: u32 = 8;

/// Longest code length.
const MAX_LEN: usize = 15;

/// One lookup-table slot: a symbol and its code length, or, in the root table for codes
/// longer than [`ROOT`] bits, the second-level table's size (`bits` − 8 bits) and
/// offset from the table's start (`value`).
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(super) struct Entry {
    /// Code length (second level: length past the root bits), or 8 + table bits.
    bits: u8,
    /// Symbol, or second-level offset.
    value: u16,
}

/// Order in which code-length code lengths are stored.
const CL_ORDER: [u8; 18] = [1, 2, 3, 4, 0, 5, 17, 6, 16, 7, 8, 9, 10, 11, 12, 13, 14, 15];

/// Code-length code lengths' own fixed code, by the next 4 bits: (length, value).
const CL_CODE: [(u8, u8); 16] = [
    (2, 0),
    (2, 4),
    (2, 3),
    (3, 2),
    (2, 0),
    (2, 4),
    (2, 3),
    (4, 1),
    (2, 0),
    (2, 4),
    (2, 3),
    (3, 2),
    (2, 0),
    (2, 4),
    (2, 3),
    (4, 5),
];

/// Many prefix codes in one vector; a code is identified by where its root table starts.
#[derive(Default)]
pub(super) struct Tables {
    /// All tables, root tables followed by their second-level tables.
    entries: Vec<Entry>,
}

impl Tables {
    /// Empty storage.
    pub(super) fn new() -> Self {
        Tables::default()
    }

    /// Reads one prefix code over `alphabet` symbols and returns its handle.
    ///
    /// # Errors
    /// `SIMPLE_HUFFMAN_ALPHABET`, `SIMPLE_HUFFMAN_SAME`, `CL_SPACE`, `HUFFMAN_SPACE` or
    /// truncation, in the reference decoder's order.
    pub(super) fn read(&mut self, br: &mut Bits<'_>, alphabet: u32) -> Result<u32, Error> {
        let mut lengths = vec![0u8; alphabet as usize];
        let hskip = br.read(2)?;
        if hskip == 1 {
            if let Some(symbol) = read_simple(br, alphabet, &mut lengths)? {
                return self.single(symbol);
            }
        } else {
            read_complex(br, hskip, &mut lengths)?;
        }
        self.build(&lengths)
    }

    /// A table that decodes `symbol` from zero bits; returns its handle.
    fn single(&mut self, symbol: u16) -> Result<u32, Error> {
        let start = self.start()?;
        self.entries.extend(core::iter::repeat_n(
            Entry {
                bits: 0,
                value: symbol,
            },
            1 << ROOT,
        ));
        Ok(start)
    }

    /// Where the next table starts.
    fn start(&self) -> Result<u32, Error> {
        u32::try_from(self.entries.len()).map_err(|_| fail("UNREACHABLE"))
    }

    /// Builds the lookup table of a complete prefix code given its code lengths; returns
    /// the handle. A code with exactly one nonzero length is a zero-bit code.
    fn build(&mut self, lengths: &[u8]) -> Result<u32, Error> {
        let mut count = [0u16; MAX_LEN + 1];
        for &l in lengths {
            if let Some(c) = count.get_mut(usize::from(l)) {
                *c += 1;
            }
        }
        let used: usize = count.iter().skip(1).map(|&c| usize::from(c)).sum();
        if used == 0 {
            return Err(fail("HUFFMAN_SPACE"));
        }
        // Symbols sorted by (length, symbol).
        let mut next = [0usize; MAX_LEN + 2];
        for l in 1..=MAX_LEN {
            next[l + 1] = next[l] + usize::from(count[l]);
        }
        let mut sorted = vec![0u16; used];
        for (s, &l) in lengths.iter().enumerate() {
            if l > 0 {
                let at = &mut next[usize::from(l)];
                if let Some(slot) = sorted.get_mut(*at) {
                    *slot = s as u16;
                }
                *at += 1;
            }
        }
        if used == 1 {
            return self.single(sorted[0]);
        }
        let start = self.start()?;
        let base = self.entries.len();
        self.entries.resize(base + (1 << ROOT), Entry::default());
        let mut code: u32 = 0;
        let mut i = 0;
        let mut sub_key = u32::MAX;
        let mut sub_base = 0;
        let mut sub_size = 0;
        for len in 1..=MAX_LEN as u32 {
            for _ in 0..count[len as usize] {
                let symbol = sorted.get(i).copied().unwrap_or(0);
                i += 1;
                let rev = (code as u16).reverse_bits() as u32 >> (16 - len);
                if len <= ROOT {
                    fill(
                        &mut self.entries,
                        base,
                        rev,
                        len,
                        1 << ROOT,
                        len as u8,
                        symbol,
                    );
                } else {
                    let key = rev & ((1 << ROOT) - 1);
                    if key != sub_key {
                        let bits = sub_bits(&count, len as usize);
                        sub_key = key;
                        sub_size = 1u32 << bits;
                        sub_base = self.entries.len();
                        let offset =
                            u16::try_from(sub_base - base).map_err(|_| fail("UNREACHABLE"))?;
                        if let Some(e) = self.entries.get_mut(base + key as usize) {
                            *e = Entry {
                                bits: (ROOT + bits) as u8,
                                value: offset,
                            };
                        }
                        self.entries
                            .resize(sub_base + sub_size as usize, Entry::default());
                    }
                    let l = len - ROOT;
                    fill(
                        &mut self.entries,
                        sub_base,
                        rev >> ROOT,
                        l,
                        sub_size,
                        l as u8,
                        symbol,
                    );
                }
                if let Some(c) = count.get_mut(len as usize) {
                    *c -= 1;
                }
                code += 1;
            }
            code <<= 1;
        }
        Ok(start)
    }

    /// Decodes one symbol with the code at `handle`.
    ///
    /// # Errors
    /// Truncation when the symbol's code runs past the end of the input.
    #[inline(always)]
    pub(super) fn decode(&self, handle: u32, br: &mut Bits<'_>) -> Result<u32, Error> {
        let bits = br.peek();
        let root = &self.entries;
        let base = handle as usize;
        let mut e = root
            .get(base + (bits as usize & 0xff))
            .copied()
            .unwrap_or_default();
        if u32::from(e.bits) > ROOT {
            let mask = (1usize << (u32::from(e.bits) - ROOT)) - 1;
            let at = base + usize::from(e.value) + ((bits >> ROOT) as usize & mask);
            e = root.get(at).copied().unwrap_or_default();
            br.skip(ROOT)?;
        }
        br.skip(u32::from(e.bits))?;
        Ok(u32::from(e.value))
    }
}

/// Sets every slot of the `size`-slot table at `base` whose low `len` bits are `rev`.
fn fill(entries: &mut [Entry], base: usize, rev: u32, len: u32, size: u32, bits: u8, value: u16) {
    let mut at = rev;
    while at < size {
        if let Some(e) = entries.get_mut(base + at as usize) {
            *e = Entry { bits, value };
        }
        at += 1 << len;
    }
}

/// Index bits of the second-level table that starts with a code of length `len`, given
/// the counts of codes not yet placed (the reference decoder's `NextTableBitSize`).
fn sub_bits(count: &[u16; MAX_LEN + 1], mut len: usize) -> u32 {
    let mut left: i32 = 1 << (len - ROOT as usize);
    while len < MAX_LEN {
        left -= i32::from(count.get(len).copied().unwrap_or(0));
        if left <= 0 {
            break;
        }
        len += 1;
        left <<= 1;
    }
    (len - ROOT as usize) as u32
}

/// Reads a simple prefix code (1–4 listed symbols with fixed lengths) into `lengths`;
/// returns the symbol when there is only one (a zero-bit code).
fn read_simple(br: &mut Bits<'_>, alphabet: u32, lengths: &mut [u8]) -> Result<Option<u16>, Error> {
    let count = br.read(2)? as usize + 1;
    let width = 32 - alphabet.saturating_sub(1).leading_zeros();
    let mut symbols = [0usize; 4];
    for s in symbols.iter_mut().take(count) {
        let v = br.read(width)?;
        if v >= alphabet {
            return Err(fail("SIMPLE_HUFFMAN_ALPHABET"));
        }
        *s = v as usize;
    }
    for i in 0..count {
        if symbols
            .get(i + 1..count)
            .unwrap_or(&[])
            .contains(&symbols[i])
        {
            return Err(fail("SIMPLE_HUFFMAN_SAME"));
        }
    }
    let lens: &[u8] = match count {
        1 => &[0],
        2 => &[1, 1],
        3 => &[1, 2, 2],
        _ if br.read(1)? == 0 => &[2, 2, 2, 2],
        _ => &[1, 2, 3, 3],
    };
    for (&s, &l) in symbols.iter().zip(lens) {
        if let Some(slot) = lengths.get_mut(s) {
            *slot = l;
        }
    }
    Ok((count == 1).then_some(symbols[0] as u16))
}

/// Reads a complex prefix code's lengths into `lengths` (RFC 7932 section 3.5).
fn read_complex(br: &mut Bits<'_>, hskip: u32, lengths: &mut [u8]) -> Result<(), Error> {
    // Code lengths of the code-length code.
    let mut cl = [0u8; 18];
    let mut space: i32 = 32;
    let mut codes = 0;
    for &i in CL_ORDER.iter().skip(hskip as usize) {
        let (n, v) = CL_CODE
            .get((br.peek() & 15) as usize)
            .copied()
            .unwrap_or((2, 0));
        br.skip(u32::from(n))?;
        if let Some(slot) = cl.get_mut(usize::from(i)) {
            *slot = v;
        }
        if v != 0 {
            space -= 32 >> v;
            codes += 1;
            if space <= 0 {
                break;
            }
        }
    }
    if !(codes == 1 || space == 0) {
        return Err(fail("CL_SPACE"));
    }
    let mut cl_tables = Tables::new();
    let cl_code = cl_tables.build(&cl)?;
    // Symbol code lengths, with repeat codes 16 (previous nonzero) and 17 (zeros).
    let alphabet = lengths.len();
    let mut symbol = 0usize;
    let mut prev = 8u8;
    let mut repeat: u32 = 0;
    let mut repeat_len = 0u8;
    // Wraps like the reference's unsigned counter, so an overfull code reads on.
    let mut space: u32 = 32768;
    while symbol < alphabet && space > 0 {
        let p = cl_tables.decode(cl_code, br)?;
        if p < 16 {
            repeat = 0;
            if let Some(slot) = lengths.get_mut(symbol) {
                *slot = p as u8;
            }
            if p != 0 {
                prev = p as u8;
                space = space.wrapping_sub(32768 >> p);
            }
            symbol += 1;
            continue;
        }
        let (extra, new_len) = if p == 16 { (2, prev) } else { (3, 0) };
        if repeat_len != new_len {
            repeat = 0;
            repeat_len = new_len;
        }
        let old = repeat;
        if repeat > 0 {
            repeat = (repeat - 2) << extra;
        }
        repeat += br.read(extra)? + 3;
        let delta = (repeat - old) as usize;
        if symbol + delta > alphabet {
            return Err(fail("HUFFMAN_SPACE"));
        }
        if repeat_len != 0 {
            for slot in lengths.iter_mut().skip(symbol).take(delta) {
                *slot = repeat_len;
            }
            space = space.wrapping_sub((delta as u32).wrapping_mul(32768 >> repeat_len));
        }
        symbol += delta;
    }
    if space != 0 {
        return Err(fail("HUFFMAN_SPACE"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compress::Algorithm;

    fn decode_all(tables: &Tables, h: u32, data: &[u8], n: usize) -> Vec<u32> {
        let mut br = Bits::new(data, Algorithm::Brotli);
        (0..n).map(|_| tables.decode(h, &mut br).unwrap()).collect()
    }

    #[test]
    fn canonical_codes_short_and_long() {
        // Lengths 1, 2, 3, ..., 14, 15, 15: complete, with codes past the root bits.
        let mut lengths: Vec<u8> = (1..=15).collect();
        lengths.push(15);
        let mut t = Tables::new();
        let h = t.build(&lengths).unwrap();
        // Symbol 0 is code "0", symbol 1 is "10" (stream order: 1 then 0), ...
        assert_eq!(decode_all(&t, h, &[0b0000_0010], 2), [0, 1]);
        // Symbol 15 (the last 15-bit code, all ones) then symbol 0.
        assert_eq!(decode_all(&t, h, &[0xff, 0x7f, 0], 2), [15, 0]);
        // Symbol 14 is fourteen ones then a zero.
        assert_eq!(decode_all(&t, h, &[0xff, 0x3f], 1), [14]);
    }

    #[test]
    fn simple_codes_and_errors() {
        // HSKIP=1, NSYM-1=1, symbols 7 and 3 (8 bits each over 256): lengths 1, 1; then
        // the bits 0 and 1.
        let data = [0b0000_0101 | (7 << 4), 0x30, 0b0010_0000];
        let mut br = Bits::new(&data, Algorithm::Brotli);
        let mut t = Tables::new();
        let h = t.read(&mut br, 256).unwrap();
        // Canonical order: 3 is code 0, 7 is code 1.
        assert_eq!(t.decode(h, &mut br).unwrap(), 3);
        assert_eq!(t.decode(h, &mut br).unwrap(), 7);
        // Same symbol twice.
        let data = [0b0000_0101 | (3 << 4), 0x30, 0];
        let e = Tables::new()
            .read(&mut Bits::new(&data, Algorithm::Brotli), 256)
            .unwrap_err();
        assert!(matches!(
            e,
            Error::Brotli {
                code: "SIMPLE_HUFFMAN_SAME"
            }
        ));
        // Symbol past a 10-symbol alphabet (4 bits each).
        let data = [0b0000_0001 | (12 << 4), 0];
        let e = Tables::new()
            .read(&mut Bits::new(&data, Algorithm::Brotli), 10)
            .unwrap_err();
        assert!(matches!(
            e,
            Error::Brotli {
                code: "SIMPLE_HUFFMAN_ALPHABET"
            }
        ));
        // One symbol: zero bits per symbol.
        let data = [0b0000_0001 | (5 << 4), 0];
        let mut br = Bits::new(&data, Algorithm::Brotli);
        let mut t = Tables::new();
        let h = t.read(&mut br, 10).unwrap();
        assert_eq!(t.decode(h, &mut br).unwrap(), 5);
    }

    #[test]
    fn complex_code_space_errors() {
        // HSKIP=0 then all-zero code-length code lengths: CL_SPACE.
        let e = Tables::new()
            .read(&mut Bits::new(&[0, 0, 0, 0, 0], Algorithm::Brotli), 256)
            .unwrap_err();
        assert!(matches!(e, Error::Brotli { code: "CL_SPACE" }));
        // Truncated.
        let e = Tables::new()
            .read(&mut Bits::new(&[0], Algorithm::Brotli), 256)
            .unwrap_err();
        assert!(matches!(e, Error::Truncated { .. }));
    }
}
