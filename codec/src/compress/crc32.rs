//! CRC-32 (IEEE 802.3, as gzip uses it).
//!
//! With feature `std` (native builds, where speed matters) this is crc32fast. Without it
//! (the wasm builds of the npm package) it is a slice-by-8 loop over tables built at run
//! time for each checksum (~2,300 table steps, microseconds), so the module carries no
//! table at all instead of crc32fast's 16 KB.

/// The CRC-32 of `data`.
#[cfg(feature = "std")]
pub(crate) fn hash(data: &[u8]) -> u32 {
    crc32fast::hash(data)
}

/// The CRC-32 of `data`.
#[cfg(not(feature = "std"))]
pub(crate) fn hash(data: &[u8]) -> u32 {
    small::hash(data)
}

#[cfg_attr(feature = "std", allow(dead_code))]
mod small {
    use alloc::vec;

    /// The reflected IEEE polynomial.
    const POLY: u32 = 0xedb8_8320;

    /// Slice-by-8 CRC-32 with its 8 KB of tables built on the heap for this call.
    pub(crate) fn hash(data: &[u8]) -> u32 {
        let mut t = vec![[0u32; 256]; 8];
        for i in 0..256u32 {
            let mut c = i;
            for _ in 0..8 {
                c = if c & 1 != 0 { POLY ^ (c >> 1) } else { c >> 1 };
            }
            t[0][i as usize] = c;
        }
        for k in 1..8 {
            for i in 0..256 {
                let prev = t[k - 1][i];
                t[k][i] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            }
        }
        let mut crc = !0u32;
        let mut chunks = data.chunks_exact(8);
        for c in &mut chunks {
            let lo = crc ^ u32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            crc = t[7][(lo & 0xff) as usize]
                ^ t[6][((lo >> 8) & 0xff) as usize]
                ^ t[5][((lo >> 16) & 0xff) as usize]
                ^ t[4][(lo >> 24) as usize]
                ^ t[3][usize::from(c[4])]
                ^ t[2][usize::from(c[5])]
                ^ t[1][usize::from(c[6])]
                ^ t[0][usize::from(c[7])];
        }
        for &b in chunks.remainder() {
            crc = (crc >> 8) ^ t[0][((crc ^ u32::from(b)) & 0xff) as usize];
        }
        !crc
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn check_values() {
        assert_eq!(hash(b""), 0);
        assert_eq!(hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(small::hash(b"123456789"), 0xcbf4_3926);
        assert_eq!(
            small::hash(b"The quick brown fox jumps over the lazy dog"),
            0x414f_a339
        );
    }

    #[test]
    fn small_table_matches_the_native_one() {
        let data: Vec<u8> = (0..5000u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for len in [0, 1, 7, 8, 9, 15, 16, 17, 255, 1000, 4999, 5000] {
            assert_eq!(small::hash(&data[..len]), hash(&data[..len]), "len {len}");
            assert_eq!(
                small::hash(&data[1..len.max(1)]),
                hash(&data[1..len.max(1)])
            );
        }
    }
}
