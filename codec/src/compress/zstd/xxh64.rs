//! XXH64 (seed 0), whose low 32 bits are a zstd frame's content checksum (RFC 8878 §3.1.1).

const P1: u64 = 0x9E37_79B1_85EB_CA87;
const P2: u64 = 0xC2B2_AE3D_27D4_EB4F;
const P3: u64 = 0x1656_67B1_9E37_79F9;
const P4: u64 = 0x85EB_CA77_C2B2_AE63;
const P5: u64 = 0x27D4_EB2F_1656_67C5;

/// One accumulator step.
#[inline]
fn round(acc: u64, input: u64) -> u64 {
    acc.wrapping_add(input.wrapping_mul(P2))
        .rotate_left(31)
        .wrapping_mul(P1)
}

/// Folds an accumulator into the hash.
fn merge(h: u64, acc: u64) -> u64 {
    (h ^ round(0, acc)).wrapping_mul(P1).wrapping_add(P4)
}

/// Reads `N` little-endian bytes (N ≤ 8) of `b` as a number.
fn word<const N: usize>(b: &[u8]) -> u64 {
    let mut w = [0u8; 8];
    if let (Some(d), Some(s)) = (w.get_mut(..N), b.get(..N)) {
        d.copy_from_slice(s);
    }
    u64::from_le_bytes(w)
}

/// The XXH64 hash of `data` with seed 0.
pub(super) fn xxh64(data: &[u8]) -> u64 {
    let mut h;
    let mut chunks = data.chunks_exact(32);
    if data.len() >= 32 {
        let mut v = [P1.wrapping_add(P2), P2, 0, 0u64.wrapping_sub(P1)];
        for c in &mut chunks {
            for (i, acc) in v.iter_mut().enumerate() {
                *acc = round(*acc, word::<8>(c.get(i * 8..).unwrap_or(&[])));
            }
        }
        h = v[0]
            .rotate_left(1)
            .wrapping_add(v[1].rotate_left(7))
            .wrapping_add(v[2].rotate_left(12))
            .wrapping_add(v[3].rotate_left(18));
        for acc in v {
            h = merge(h, acc);
        }
    } else {
        h = P5;
    }
    h = h.wrapping_add(data.len() as u64);
    let mut rest = chunks.remainder();
    while rest.len() >= 8 {
        h = (h ^ round(0, word::<8>(rest)))
            .rotate_left(27)
            .wrapping_mul(P1)
            .wrapping_add(P4);
        rest = rest.get(8..).unwrap_or(&[]);
    }
    if rest.len() >= 4 {
        h = (h ^ word::<4>(rest).wrapping_mul(P1))
            .rotate_left(23)
            .wrapping_mul(P2)
            .wrapping_add(P3);
        rest = rest.get(4..).unwrap_or(&[]);
    }
    for &b in rest {
        h = (h ^ u64::from(b).wrapping_mul(P5))
            .rotate_left(11)
            .wrapping_mul(P1);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(P2);
    h ^= h >> 29;
    h = h.wrapping_mul(P3);
    h ^ (h >> 32)
}

#[cfg(test)]
mod tests {
    use super::xxh64;

    #[test]
    fn reference_vectors() {
        // From the xxHash reference implementation (seed 0).
        assert_eq!(xxh64(b""), 0xEF46_DB37_51D8_E999);
        assert_eq!(xxh64(b"a"), 0xD24E_C4F1_A98C_6E5B);
        assert_eq!(xxh64(b"abc"), 0x44BC_2CF5_AD77_0999);
        assert_eq!(
            xxh64(b"Nobody inspects the spammish repetition"),
            0xFBCE_A83C_8A37_8BF1
        );
        // 111 bytes (stripes, an 8-byte word, a 4-byte word and single bytes): the low 32
        // bits are the checksum `zstd --check` writes for them.
        let long: alloc::vec::Vec<u8> = (0..111u8).collect();
        assert_eq!(xxh64(&long) as u32, 0x8345_de58);
    }
}
