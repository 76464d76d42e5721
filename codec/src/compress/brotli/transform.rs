//! The static dictionary and its 121 word transforms (RFC 7932 section 8, appendix B).

use alloc::vec::Vec;

/// The static dictionary (RFC 7932 appendix A): the brotli crate's copy, shared with the
/// encoder, so a binary holds it once. The npm core's build moves these bytes out of the
/// data segment (web/build/dictionary.mjs finds them by content) and `init()` puts them
/// back before anything is decoded.
static DICTIONARY: &[u8; 122_784] = &brotli::dictionary::kBrotliDictionary;

/// log2 of the number of words of each length (`NDBITS`, lengths 0–24).
const SIZE_BITS: [u8; 25] = [
    0, 0, 0, 0, 10, 10, 11, 11, 10, 10, 10, 10, 10, 9, 9, 8, 7, 7, 8, 7, 7, 6, 6, 5, 5,
];

/// Where the words of each length start in [`DICTIONARY`] (`DOFFSET`).
const OFFSETS: [u32; 25] = {
    let mut out = [0u32; 25];
    let mut len = 4;
    while len < 24 {
        out[len + 1] = out[len] + ((len as u32) << SIZE_BITS[len]);
        len += 1;
    }
    out
};

/// Number of transforms.
const TRANSFORMS: u32 = 121;

/// Prefixes and suffixes, each ended by a zero byte; [`TABLE`] points into it.
const PREFIX_SUFFIX: [u8; 208] = [
    0, 32, 0, 44, 32, 0, 32, 111, 102, 32, 116, 104, 101, 32, 0, 32, 111, 102, 32, 0, 115, 32, 0,
    46, 0, 32, 97, 110, 100, 32, 0, 32, 105, 110, 32, 0, 34, 0, 32, 116, 111, 32, 0, 34, 62, 0, 10,
    0, 46, 32, 0, 93, 0, 32, 102, 111, 114, 32, 0, 32, 97, 32, 0, 32, 116, 104, 97, 116, 32, 0, 39,
    0, 32, 119, 105, 116, 104, 32, 0, 32, 102, 114, 111, 109, 32, 0, 32, 98, 121, 32, 0, 40, 0, 46,
    32, 84, 104, 101, 32, 0, 32, 111, 110, 32, 0, 32, 97, 115, 32, 0, 32, 105, 115, 32, 0, 105,
    110, 103, 32, 0, 10, 9, 0, 58, 0, 101, 100, 32, 0, 61, 34, 0, 32, 97, 116, 32, 0, 108, 121, 32,
    0, 44, 0, 61, 39, 0, 46, 99, 111, 109, 47, 0, 46, 32, 84, 104, 105, 115, 32, 0, 32, 110, 111,
    116, 32, 0, 101, 114, 32, 0, 97, 108, 32, 0, 102, 117, 108, 32, 0, 105, 118, 101, 32, 0, 108,
    101, 115, 115, 32, 0, 101, 115, 116, 32, 0, 105, 122, 101, 32, 0, 194, 160, 0, 111, 117, 115,
    32, 0,
];

/// The transforms as (prefix offset, type, suffix offset) triples. Types: 0 identity,
/// 1–9 omit the last n bytes, 10 uppercase the first letter, 11 uppercase all,
/// 12–20 omit the first n − 11 bytes.
const TABLE: [u8; 363] = [
    0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 12, 0, 0, 10, 1, 0, 0, 9, 1, 0, 0, 20, 0, 1, 0, 0, 15, 0, 10, 0,
    0, 0, 25, 0, 13, 0, 0, 1, 0, 3, 0, 1, 0, 0, 3, 1, 10, 1, 0, 0, 31, 0, 0, 38, 12, 0, 1, 0, 0,
    36, 0, 0, 23, 0, 0, 43, 0, 0, 46, 0, 3, 0, 0, 0, 51, 0, 0, 53, 0, 14, 0, 0, 2, 0, 0, 0, 59, 0,
    0, 63, 1, 10, 0, 0, 0, 48, 23, 0, 0, 1, 0, 3, 0, 15, 0, 0, 0, 72, 0, 0, 70, 0, 0, 79, 0, 0, 86,
    0, 16, 0, 0, 17, 0, 9, 0, 0, 0, 4, 0, 0, 0, 93, 0, 11, 0, 0, 0, 100, 0, 0, 105, 0, 0, 110, 0,
    7, 0, 0, 1, 115, 0, 0, 120, 0, 0, 123, 1, 0, 48, 0, 0, 125, 0, 20, 0, 0, 18, 0, 0, 6, 0, 0, 0,
    91, 0, 10, 3, 0, 8, 0, 0, 0, 132, 0, 0, 137, 9, 0, 15, 0, 5, 0, 0, 9, 0, 1, 10, 3, 0, 10, 36,
    23, 0, 91, 0, 11, 1, 0, 10, 43, 0, 0, 129, 1, 0, 23, 146, 0, 0, 9, 0, 6, 0, 10, 70, 0, 0, 152,
    0, 0, 141, 23, 0, 1, 0, 10, 91, 0, 10, 23, 0, 0, 160, 1, 0, 129, 0, 0, 166, 1, 11, 1, 0, 0,
    170, 1, 11, 0, 0, 0, 143, 0, 11, 36, 0, 10, 48, 1, 0, 91, 0, 0, 174, 1, 10, 48, 0, 0, 179, 0,
    0, 184, 0, 11, 70, 0, 0, 190, 1, 10, 23, 0, 11, 43, 1, 0, 143, 0, 10, 141, 0, 0, 195, 0, 11,
    23, 200, 0, 0, 1, 0, 141, 0, 10, 129, 0, 11, 129, 0, 0, 203, 0, 11, 3, 0, 10, 143, 1, 10, 141,
    1, 11, 129, 1, 11, 3, 0, 11, 141, 0, 11, 91, 0, 11, 48, 1, 11, 23, 0, 11, 143, 1, 11, 48, 1,
    10, 129, 1, 11, 143, 1, 10, 143,
];

/// The zero-terminated prefix or suffix at `at` in [`PREFIX_SUFFIX`].
fn affix(at: u8) -> &'static [u8] {
    let rest = PREFIX_SUFFIX.get(usize::from(at)..).unwrap_or(&[]);
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    rest.get(..end).unwrap_or(&[])
}

/// Appends static dictionary word `word_id` (a distance past the window, minus one) of
/// length `len`, transformed; returns the number of bytes appended.
///
/// # Errors
/// `DICTIONARY` when no word has length `len`, `TRANSFORM` when the transform index
/// is 121 or more (the reference decoder's names and order).
pub(super) fn push_word(out: &mut Vec<u8>, len: u32, word_id: u32) -> Result<usize, &'static str> {
    if !(4..=24).contains(&len) {
        return Err("DICTIONARY");
    }
    let li = len as usize;
    let bits = u32::from(SIZE_BITS.get(li).copied().unwrap_or(0));
    let index = word_id & ((1 << bits) - 1);
    let transform = word_id >> bits;
    if transform >= TRANSFORMS {
        return Err("TRANSFORM");
    }
    let offset = OFFSETS.get(li).copied().unwrap_or(0) as usize + (index * len) as usize;
    let word = DICTIONARY.get(offset..offset + li).ok_or("DICTIONARY")?;
    let t = transform as usize * 3;
    let (prefix, kind, suffix) = match TABLE.get(t..t + 3) {
        Some(&[p, k, s]) => (p, k, s),
        _ => return Err("TRANSFORM"),
    };
    let start = out.len();
    out.extend_from_slice(affix(prefix));
    let skip = if kind >= 12 {
        usize::from(kind - 11).min(li)
    } else {
        0
    };
    let keep = if kind <= 9 {
        li.saturating_sub(usize::from(kind))
    } else {
        li - skip
    };
    let body = word.get(skip..skip + keep).unwrap_or(&[]);
    let at = out.len();
    out.extend_from_slice(body);
    if kind == 10 {
        upper(out, at);
    } else if kind == 11 {
        let mut p = at;
        let end = at + body.len();
        while p < end {
            p += upper(out, p);
        }
    }
    out.extend_from_slice(affix(suffix));
    Ok(out.len() - start)
}

/// The reference decoder's simplified uppercasing of the UTF-8 sequence at `at`: ASCII
/// letters flip case bit 5, two-byte sequences flip bit 5 of the second byte, longer
/// ones XOR the third byte with 5. Returns the sequence length (1–3); bytes past the
/// end of `out` are left alone (the reference writes them into slack it overwrites).
fn upper(out: &mut [u8], at: usize) -> usize {
    let lead = out.get(at).copied().unwrap_or(0);
    let (step, flip) = if lead < 0xc0 {
        (1, if lead.is_ascii_lowercase() { 32 } else { 0 })
    } else if lead < 0xe0 {
        (2, 32)
    } else {
        (3, 5)
    };
    if let Some(b) = out.get_mut(at + step - 1) {
        *b ^= flip;
    }
    step
}

#[cfg(test)]
mod tests {
    use super::*;
    use brotli::transform::TransformDictionaryWord;

    #[test]
    fn offsets_cover_the_dictionary() {
        assert_eq!(
            OFFSETS[24] as usize + (24 << SIZE_BITS[24]),
            DICTIONARY.len()
        );
        assert_eq!(affix(0), b"");
        assert_eq!(affix(1), b" ");
    }

    #[test]
    fn every_transform_matches_the_reference() {
        for len in 4..=24u32 {
            for transform in 0..TRANSFORMS {
                for index in [0u32, 1, (1 << SIZE_BITS[len as usize]) - 1] {
                    let id = (transform << SIZE_BITS[len as usize]) | index;
                    let mut out = b"ab".to_vec();
                    let n = push_word(&mut out, len, id).unwrap();
                    let off = OFFSETS[len as usize] as usize + (index * len) as usize;
                    let word = &DICTIONARY[off..off + len as usize];
                    let mut want = [0u8; 64];
                    let m = TransformDictionaryWord(&mut want, word, len as i32, transform as i32);
                    assert_eq!(
                        &out[2..],
                        &want[..m as usize],
                        "len {len} transform {transform}"
                    );
                    assert_eq!(n, m as usize);
                }
            }
        }
    }

    #[test]
    fn rejects_bad_references() {
        let mut out = Vec::new();
        assert_eq!(push_word(&mut out, 3, 0), Err("DICTIONARY"));
        assert_eq!(push_word(&mut out, 25, 0), Err("DICTIONARY"));
        assert_eq!(push_word(&mut out, 4, 121 << 10), Err("TRANSFORM"));
        assert!(out.is_empty());
    }
}
