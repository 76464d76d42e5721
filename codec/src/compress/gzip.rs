//! gzip members (RFC 1952): Go's reader rules and a pgzip-shaped writer.
//!
//! Reader, as Go's `compress/gzip` (and klauspost/pgzip, Argo's default) read:
//! - a member header is `1f 8b 08 FLG MTIME(4) XFL OS`; reserved FLG bits are ignored;
//!   FEXTRA, FNAME, FCOMMENT (each string at most 511 bytes plus NUL) and FHCRC are
//!   honoured; FHCRC is the low 16 bits of the CRC-32 of every header byte before it
//!   (pgzip checks only the first 10 bytes; with [`GzipTrailer::OptionalLikePgzip`] we
//!   follow pgzip there too);
//! - each member ends with CRC-32 and ISIZE (length mod 2^32), both checked;
//! - members may be concatenated (multistream); after the last one the data must end.
//!   1–9 extra bytes are `unexpected EOF`, 10 or more that are not a member are
//!   `gzip: invalid header` (Go reads them as the next member's header).

use alloc::vec::Vec;
use core::fmt;

use super::crc32;
use super::deflate::{self, InflateError};
use super::limits::GzipTrailer;
use crate::compress::Algorithm;
use crate::error::{Error, Result};

const FTEXT_MASK_HCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
/// Go's `readString` buffer is 512 bytes including the terminating NUL.
const MAX_STRING: usize = 512;

/// The part of a gzip member in which the data ended (see
/// [`Error::GzipTruncated`](crate::Error::GzipTruncated)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum GzipSection {
    /// The fixed 10-byte header, FEXTRA or FHCRC.
    Header,
    /// The NUL-terminated FNAME or FCOMMENT string (Go reports plain `EOF` here).
    HeaderString,
    /// The deflate data.
    Body,
    /// The 8-byte CRC-32/ISIZE trailer.
    Trailer,
}

impl fmt::Display for GzipSection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            GzipSection::Header => "header",
            GzipSection::HeaderString => "header file name or comment",
            GzipSection::Body => "deflate data",
            GzipSection::Trailer => "trailer",
        })
    }
}

/// Writes one gzip member with klauspost/pgzip's header (Argo's default writer):
/// MTIME `00 09 6e 88`, XFL 2 at level 9, 4 at level 1, else 0, OS 255.
pub(super) fn compress(data: &[u8], level: u8) -> Vec<u8> {
    let xfl = match level {
        9 => 2,
        1 => 4,
        _ => 0,
    };
    let mut out = Vec::with_capacity(data.len() / 4 + 64);
    out.extend_from_slice(&[0x1f, 0x8b, 0x08, 0x00, 0x00, 0x09, 0x6e, 0x88, xfl, 0xff]);
    deflate::deflate(data, level, &mut out);
    out.extend_from_slice(&crc32::hash(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

/// Reads every member of `data` (which starts with `1f 8b`), producing at most `max_len` bytes.
pub(super) fn decompress(data: &[u8], max_len: usize, trailer: GzipTrailer) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    let mut pos = 0;
    let mut member = 0;
    loop {
        let rest = &data[pos..];
        if member > 0 {
            if rest.is_empty() {
                return Ok(out);
            }
            // Go reads a full 10-byte header before looking at it; bytes that cannot
            // start a member are reported as trailing data.
            let not_member = !rest.starts_with(&[0x1f, 0x8b]) || (rest.len() >= 3 && rest[2] != 8);
            if not_member && (rest.len() >= 10 || !is_magic_prefix(rest)) {
                return Err(Error::TrailingData {
                    algorithm: Algorithm::Gzip,
                    offset: pos,
                    len: rest.len(),
                });
            }
        }
        let body = pos + header_len(rest, pos, member, trailer)?;
        let member_start = out.len();
        // Hint: ISIZE of the last trailer, when this is likely the only member.
        let hint = if member == 0 && data.len() >= body + 8 {
            let t = &data[data.len() - 4..];
            // Deflate cannot expand more than ~1032:1, so a larger ISIZE is a lie.
            (u32::from_le_bytes([t[0], t[1], t[2], t[3]]) as usize)
                .min((data.len() - body).saturating_mul(1032))
        } else {
            0
        };
        let used = match deflate::inflate(&data[body..], &mut out, max_len, hint) {
            Ok(used) => used,
            Err(InflateError::Limit) => {
                return Err(Error::LimitExceeded {
                    algorithm: Algorithm::Gzip,
                    limit: max_len,
                });
            }
            Err(InflateError::Truncated { at }) => {
                return Err(Error::GzipTruncated {
                    offset: body + at,
                    member,
                    section: GzipSection::Body,
                });
            }
            Err(InflateError::Corrupt { at }) => {
                return Err(Error::CorruptDeflate {
                    offset: body + at,
                    member,
                });
            }
        };
        let tpos = body + used;
        let t = &data[tpos..];
        if t.is_empty() && trailer == GzipTrailer::OptionalLikePgzip {
            return Ok(out);
        }
        if t.len() < 8 {
            return Err(Error::GzipTruncated {
                offset: data.len(),
                member,
                section: GzipSection::Trailer,
            });
        }
        let stored_crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
        let stored_size = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
        let produced = &out[member_start..];
        let actual_crc = crc32::hash(produced);
        let actual_size = produced.len() as u32;
        if stored_crc != actual_crc || stored_size != actual_size {
            return Err(Error::GzipChecksum {
                member,
                stored_crc,
                actual_crc,
                stored_size,
                actual_size,
            });
        }
        pos = tpos + 8;
        member += 1;
    }
}

/// Whether `b` (shorter than 10 bytes) could be the start of a gzip member.
fn is_magic_prefix(b: &[u8]) -> bool {
    let magic = [0x1f, 0x8b, 0x08];
    b.iter().zip(magic.iter()).all(|(x, y)| x == y)
}

/// Parses the member header at the start of `h` (at `offset` in the data) and returns its length.
fn header_len(h: &[u8], offset: usize, member: usize, trailer: GzipTrailer) -> Result<usize> {
    let truncated = |section| Error::GzipTruncated {
        offset: offset + h.len(),
        member,
        section,
    };
    let bad = |problem| Error::GzipHeader {
        offset,
        member,
        problem,
    };
    if h.len() < 10 {
        return Err(truncated(GzipSection::Header));
    }
    if h[0] != 0x1f || h[1] != 0x8b {
        return Err(bad("the magic number is not 1f 8b"));
    }
    if h[2] != 8 {
        return Err(bad("the compression method is not 8 (deflate)"));
    }
    let flg = h[3];
    let mut p = 10;
    if flg & FEXTRA != 0 {
        if h.len() < p + 2 {
            return Err(truncated(GzipSection::Header));
        }
        let xlen = usize::from(u16::from_le_bytes([h[p], h[p + 1]]));
        p += 2;
        if h.len() < p + xlen {
            return Err(truncated(GzipSection::Header));
        }
        p += xlen;
    }
    for flag in [FNAME, FCOMMENT] {
        if flg & flag != 0 {
            let window = &h[p..h.len().min(p + MAX_STRING)];
            match window.iter().position(|&b| b == 0) {
                Some(nul) => p += nul + 1,
                None if window.len() == MAX_STRING => {
                    return Err(bad("a file name or comment is longer than 511 bytes"));
                }
                None => return Err(truncated(GzipSection::HeaderString)),
            }
        }
    }
    if flg & FTEXT_MASK_HCRC != 0 {
        if h.len() < p + 2 {
            return Err(truncated(GzipSection::Header));
        }
        let stored = u16::from_le_bytes([h[p], h[p + 1]]);
        // Go's compress/gzip covers every header byte; pgzip only the fixed 10.
        let covered = match trailer {
            GzipTrailer::Required => &h[..p],
            GzipTrailer::OptionalLikePgzip => &h[..10],
        };
        if stored != crc32::hash(covered) as u16 {
            return Err(bad("the header CRC (FHCRC) does not match"));
        }
        p += 2;
    }
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    fn member(data: &[u8]) -> Vec<u8> {
        compress(data, 6)
    }

    #[test]
    fn round_trip_and_header() {
        let data = b"hello hello hello hello";
        let z = member(data);
        assert_eq!(&z[..10], &[0x1f, 0x8b, 8, 0, 0, 0x09, 0x6e, 0x88, 0, 0xff]);
        assert_eq!(
            decompress(&z, 1 << 20, GzipTrailer::Required).unwrap(),
            data
        );
        assert_eq!(compress(data, 9)[8], 2);
        assert_eq!(compress(data, 1)[8], 4);
    }

    #[test]
    fn multi_member_and_trailing_bytes() {
        let mut z = member(b"abc");
        z.extend(member(b"def"));
        assert_eq!(
            decompress(&z, 100, GzipTrailer::Required).unwrap(),
            b"abcdef"
        );
        let mut short = member(b"abc");
        short.extend([1, 2, 3]);
        let e = decompress(&short, 100, GzipTrailer::Required).unwrap_err();
        assert_eq!(e.argo_text().unwrap(), "unexpected EOF");
        let mut long = member(b"abc");
        long.extend([0; 16]);
        let e = decompress(&long, 100, GzipTrailer::Required).unwrap_err();
        assert_eq!(e.argo_text().unwrap(), "gzip: invalid header");
        let mut bad2 = member(b"abc");
        bad2.extend([0x1f, 0x8b, 7, 0, 0, 0, 0, 0, 0, 0, 0]);
        let e = decompress(&bad2, 100, GzipTrailer::Required).unwrap_err();
        assert_eq!(e.argo_text().unwrap(), "gzip: invalid header");
    }

    #[test]
    fn optional_header_fields() {
        let plain = member(b"payload");
        let mut h = vec![
            0x1f,
            0x8b,
            8,
            FEXTRA | FNAME | FCOMMENT | FTEXT_MASK_HCRC,
            0,
            0,
            0,
            0,
            0,
            3,
        ];
        h.extend([3, 0, b'a', b'b', b'c']);
        h.extend(b"name\0comment\0");
        let crc = crc32::hash(&h) as u16;
        h.extend(crc.to_le_bytes());
        h.extend(&plain[10..]);
        assert_eq!(
            decompress(&h, 100, GzipTrailer::Required).unwrap(),
            b"payload"
        );
        // A wrong FHCRC is a header error, wrapped by Argo for the first member.
        let n = h.len() - plain.len() + 10;
        h[n - 1] ^= 1;
        let e = decompress(&h, 100, GzipTrailer::Required).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "failed to decompress: gzip: invalid header"
        );
    }

    #[test]
    fn long_file_name_is_a_header_error() {
        let plain = member(b"x");
        let mut h = vec![0x1f, 0x8b, 8, FNAME, 0, 0, 0, 0, 0, 3];
        h.extend(core::iter::repeat_n(b'n', 511));
        h.push(0);
        h.extend(&plain[10..]);
        assert_eq!(decompress(&h, 100, GzipTrailer::Required).unwrap(), b"x");
        h.insert(10, b'n');
        assert!(matches!(
            decompress(&h, 100, GzipTrailer::Required),
            Err(Error::GzipHeader { .. })
        ));
    }

    #[test]
    fn missing_trailer_policy() {
        let z = member(b"abc");
        let cut = &z[..z.len() - 8];
        let e = decompress(cut, 100, GzipTrailer::Required).unwrap_err();
        assert_eq!(e.argo_text().unwrap(), "unexpected EOF");
        assert_eq!(
            decompress(cut, 100, GzipTrailer::OptionalLikePgzip).unwrap(),
            b"abc"
        );
        assert!(decompress(&z[..z.len() - 3], 100, GzipTrailer::OptionalLikePgzip).is_err());
    }

    #[test]
    fn limit_stops_inflating() {
        let z = member(&[b' '; 100_000]);
        assert!(matches!(
            decompress(&z, 99_999, GzipTrailer::Required),
            Err(Error::LimitExceeded { .. })
        ));
        assert_eq!(
            decompress(&z, 100_000, GzipTrailer::Required)
                .unwrap()
                .len(),
            100_000
        );
    }
}
