//! Standard padded base64 exactly as Go's `encoding/base64.StdEncoding` reads and writes it.
//!
//! Argo stores `status.compressedNodes` as `base64.StdEncoding.EncodeToString(...)` and reads
//! it with `DecodeString`. The rules, reproduced here byte for byte:
//!
//! - alphabet `A–Z a–z 0–9 + /`, `=` padding required, no line breaks written;
//! - `\r` and `\n` are skipped anywhere while decoding; every other character outside the
//!   alphabet (space, `-`, `_`, ...) is an error, and so are missing or misplaced padding
//!   and anything after the padding;
//! - unused bits in the last quantum need not be zero (Go's `StdEncoding` is not strict);
//! - the error offset is Go's `CorruptInputError` value, so
//!   [`Error::argo_text`](crate::Error::argo_text) gives `illegal base64 data at input byte N`
//!   exactly as Argo reports it.
//!
//! ```
//! use wfpack_codec::base64;
//! assert_eq!(base64::encode(b"nodes"), "bm9kZXM=");
//! assert_eq!(base64::decode(b"bm9k\r\nZXM=")?, b"nodes");
//! let err = base64::decode(b"bm9k ZXM=").unwrap_err();
//! assert_eq!(err.argo_text().unwrap(), "illegal base64 data at input byte 4");
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const INVALID: u8 = 0xff;
const PAD: u8 = b'=';

/// Sextet value of each byte, or `INVALID`.
const DECODE: [u8; 256] = {
    let mut t = [INVALID; 256];
    let mut i = 0;
    while i < 64 {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

/// Length of the padded encoding of `n` bytes.
///
/// ```
/// assert_eq!(wfpack_codec::base64::encoded_len(5), 8);
/// ```
pub const fn encoded_len(n: usize) -> usize {
    n.div_ceil(3) * 4
}

/// The most bytes that `n` base64 characters can decode to (Go's `DecodedLen`).
///
/// ```
/// assert_eq!(wfpack_codec::base64::decoded_len_max(8), 6);
/// ```
pub const fn decoded_len_max(n: usize) -> usize {
    n / 4 * 3
}

/// Encodes `data` as padded standard base64 (Go's `StdEncoding.EncodeToString`).
///
/// ```
/// assert_eq!(wfpack_codec::base64::encode(b"\x1f\x8b\x08"), "H4sI");
/// ```
pub fn encode(data: &[u8]) -> String {
    let mut out = Vec::with_capacity(encoded_len(data.len()));
    encode_into(data, &mut out);
    // Every byte written is ASCII from ALPHABET or '='.
    String::from_utf8(out).unwrap_or_default()
}

/// Appends the padded standard base64 encoding of `data` to `out`.
///
/// ```
/// let mut out = b"x=".to_vec();
/// wfpack_codec::base64::encode_into(b"ab", &mut out);
/// assert_eq!(out, b"x=YWI=");
/// ```
pub fn encode_into(data: &[u8], out: &mut Vec<u8>) {
    let start = out.len();
    out.resize(start + encoded_len(data.len()), 0);
    let dst = &mut out[start..];
    let mut o = 0;
    // Four input triples at a time keep the table lookups independent.
    let mut big = data.chunks_exact(12);
    for c in &mut big {
        for k in 0..4 {
            let n =
                u32::from(c[3 * k]) << 16 | u32::from(c[3 * k + 1]) << 8 | u32::from(c[3 * k + 2]);
            let d = &mut dst[o + 4 * k..o + 4 * k + 4];
            d[0] = ALPHABET[(n >> 18) as usize & 63];
            d[1] = ALPHABET[(n >> 12) as usize & 63];
            d[2] = ALPHABET[(n >> 6) as usize & 63];
            d[3] = ALPHABET[n as usize & 63];
        }
        o += 16;
    }
    let mut chunks = big.remainder().chunks_exact(3);
    for c in &mut chunks {
        let n = u32::from(c[0]) << 16 | u32::from(c[1]) << 8 | u32::from(c[2]);
        dst[o] = ALPHABET[(n >> 18) as usize & 63];
        dst[o + 1] = ALPHABET[(n >> 12) as usize & 63];
        dst[o + 2] = ALPHABET[(n >> 6) as usize & 63];
        dst[o + 3] = ALPHABET[n as usize & 63];
        o += 4;
    }
    match *chunks.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            dst[o] = ALPHABET[(n >> 18) as usize & 63];
            dst[o + 1] = ALPHABET[(n >> 12) as usize & 63];
            dst[o + 2] = PAD;
            dst[o + 3] = PAD;
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            dst[o] = ALPHABET[(n >> 18) as usize & 63];
            dst[o + 1] = ALPHABET[(n >> 12) as usize & 63];
            dst[o + 2] = ALPHABET[(n >> 6) as usize & 63];
            dst[o + 3] = PAD;
        }
        _ => {}
    }
}

/// Decodes standard padded base64 exactly as Go's `StdEncoding.DecodeString` does.
///
/// # Errors
/// [`Error::Base64`] with Go's offset for any character outside the alphabet other than
/// `\r`/`\n`, missing or misplaced padding, or data after the padding.
///
/// ```
/// assert_eq!(wfpack_codec::base64::decode(b"H4sI")?, [0x1f, 0x8b, 0x08]);
/// assert!(wfpack_codec::base64::decode(b"H4s").is_err()); // padding is required
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
pub fn decode(text: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    decode_into(text, &mut out)?;
    Ok(out)
}

/// Decodes `text` (see [`decode`]) and appends the bytes to `out`. On error `out` keeps
/// its original length.
///
/// # Errors
/// As [`decode`].
pub fn decode_into(text: &[u8], out: &mut Vec<u8>) -> Result<()> {
    let start = out.len();
    out.resize(start + decoded_len_max(text.len()) + 3, 0);
    match decode_slice(text, &mut out[start..]) {
        Ok(n) => {
            out.truncate(start + n);
            Ok(())
        }
        Err(e) => {
            out.truncate(start);
            Err(e)
        }
    }
}

/// Decodes into `dst`, which must hold `decoded_len_max(src.len()) + 3` bytes.
fn decode_slice(src: &[u8], dst: &mut [u8]) -> Result<usize> {
    let mut si = 0;
    let mut n = 0;
    // Fast path: eight alphabet characters at a time. Anything else (padding, line
    // breaks, errors) goes through `quantum`, Go's `decodeQuantum`, one quantum at a time.
    while si < src.len() {
        if src.len() - si >= 8 {
            let s = &src[si..si + 8];
            let v = [
                DECODE[s[0] as usize],
                DECODE[s[1] as usize],
                DECODE[s[2] as usize],
                DECODE[s[3] as usize],
                DECODE[s[4] as usize],
                DECODE[s[5] as usize],
                DECODE[s[6] as usize],
                DECODE[s[7] as usize],
            ];
            if (v[0] | v[1] | v[2] | v[3] | v[4] | v[5] | v[6] | v[7]) & 0xc0 == 0 {
                let a = u32::from(v[0]) << 18
                    | u32::from(v[1]) << 12
                    | u32::from(v[2]) << 6
                    | u32::from(v[3]);
                let b = u32::from(v[4]) << 18
                    | u32::from(v[5]) << 12
                    | u32::from(v[6]) << 6
                    | u32::from(v[7]);
                let d = &mut dst[n..n + 6];
                d[0] = (a >> 16) as u8;
                d[1] = (a >> 8) as u8;
                d[2] = a as u8;
                d[3] = (b >> 16) as u8;
                d[4] = (b >> 8) as u8;
                d[5] = b as u8;
                n += 6;
                si += 8;
                continue;
            }
        }
        let (next, written, end) = quantum(src, si, &mut dst[n..])?;
        si = next;
        n += written;
        if end {
            break;
        }
    }
    Ok(n)
}

/// Go's `decodeQuantum` for `StdEncoding`: decodes one quantum starting at `si`, skipping
/// `\r`/`\n`. Returns the next index, the bytes written and whether the input ended.
fn quantum(src: &[u8], mut si: usize, dst: &mut [u8]) -> Result<(usize, usize, bool)> {
    let mut dbuf = [0u8; 4];
    let mut dlen = 4;
    let mut j = 0;
    let mut end = false;
    while j < 4 {
        if si == src.len() {
            if j == 0 {
                return Ok((si, 0, true));
            }
            // Padding is required: a partial quantum at the end is an error.
            return Err(Error::Base64 { offset: si - j });
        }
        let c = src[si];
        si += 1;
        let v = DECODE[c as usize];
        if v != INVALID {
            dbuf[j] = v;
            j += 1;
            continue;
        }
        if c == b'\n' || c == b'\r' {
            continue;
        }
        if c != PAD {
            return Err(Error::Base64 { offset: si - 1 });
        }
        // Padding: only valid as "xx==" or "xxx=", and only at the end.
        match j {
            0 | 1 => return Err(Error::Base64 { offset: si - 1 }),
            2 => {
                while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
                    si += 1;
                }
                if si == src.len() {
                    return Err(Error::Base64 { offset: src.len() });
                }
                if src[si] != PAD {
                    return Err(Error::Base64 { offset: si - 1 });
                }
                si += 1;
            }
            _ => {}
        }
        while si < src.len() && (src[si] == b'\n' || src[si] == b'\r') {
            si += 1;
        }
        if si < src.len() {
            return Err(Error::Base64 { offset: si });
        }
        dlen = j;
        end = true;
        break;
    }
    let val = u32::from(dbuf[0]) << 18
        | u32::from(dbuf[1]) << 12
        | u32::from(dbuf[2]) << 6
        | u32::from(dbuf[3]);
    let bytes = [(val >> 16) as u8, (val >> 8) as u8, val as u8];
    let written = dlen - 1;
    dst[..written].copy_from_slice(&bytes[..written]);
    Ok((si, written, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn off(s: &str) -> usize {
        match decode(s.as_bytes()) {
            Err(Error::Base64 { offset }) => offset,
            other => panic!("{s:?}: expected an error, got {other:?}"),
        }
    }

    #[test]
    fn round_trips_every_length() {
        let data: Vec<u8> = (0..=255u8).cycle().take(300).collect();
        for n in 0..data.len() {
            let e = encode(&data[..n]);
            assert_eq!(e.len(), encoded_len(n));
            assert_eq!(decode(e.as_bytes()).unwrap(), &data[..n], "length {n}");
        }
    }

    #[test]
    fn known_values() {
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(&[0xfb, 0xff]), "+/8=");
        assert_eq!(decode(b"Zm9vYmFy").unwrap(), b"foobar");
        assert_eq!(decode(b"").unwrap(), b"");
        // Non-zero unused bits are accepted (StdEncoding is not strict).
        assert_eq!(decode(b"Zh==").unwrap(), b"f");
    }

    #[test]
    fn line_breaks_are_skipped_anywhere() {
        assert_eq!(decode(b"\r\nZm\r9v\nYm\r\nFy\n").unwrap(), b"foobar");
        assert_eq!(decode(b"Zg=\r\n=\r\n").unwrap(), b"f");
        assert_eq!(decode(b"\n\n").unwrap(), b"");
    }

    #[test]
    fn go_error_offsets() {
        // Offsets checked against Go's encoding/base64.
        assert_eq!(off("Zm9v!mFy"), 4);
        assert_eq!(off("Zm9 vYmFy"), 3);
        assert_eq!(off("Zm9vYmF"), 4);
        assert_eq!(off("Zm9vY"), 4);
        assert_eq!(off("Zg="), 3);
        assert_eq!(off("Zg=x"), 2);
        assert_eq!(off("Z==="), 1);
        assert_eq!(off("===="), 0);
        assert_eq!(off("Zg==Zg=="), 4);
        assert_eq!(off("Zm8=\nx"), 5);
        assert_eq!(off("Zm9v_mFy"), 4);
        assert_eq!(off("Z\r\ng"), 2);
        assert_eq!(off("Zg\r\n"), 2);
    }
}
