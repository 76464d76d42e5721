//! One zstd frame (RFC 8878 §3.1.1): the frame header, the blocks and the checksum.

use alloc::vec::Vec;

use super::bits::le;
use super::block::Decoder;
use super::xxh64::xxh64;
use super::{Fail, MAX_BLOCK, corrupt, seen};

/// What a frame header declares.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Header {
    /// Window size in bytes (the content size for single-segment frames).
    pub(super) window: u64,
    /// Frame content size, when declared.
    pub(super) content_size: Option<u64>,
    /// A content checksum follows the last block.
    pub(super) checksum: bool,
    /// Dictionary ID (0: none).
    pub(super) dictionary: u32,
    /// Header length in bytes, magic included.
    pub(super) len: usize,
}

/// Parses the header of the frame starting (magic included) at `src`.
pub(super) fn header(src: &[u8]) -> Result<Header, Fail> {
    if !src.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err(corrupt("not a zstd frame (magic number mismatch)"));
    }
    let fhd = *src.get(4).ok_or(Fail::Truncated)?;
    if fhd & 8 != 0 {
        return Err(corrupt("reserved bit set in the frame header"));
    }
    let single = fhd & 0x20 != 0;
    let mut pos = 5;
    let mut window = 0;
    if !single {
        let wd = *src.get(pos).ok_or(Fail::Truncated)?;
        let base = 1u64 << (10 + (wd >> 3));
        window = base + (base / 8) * u64::from(wd & 7);
        pos += 1;
    }
    let dict_len = [0, 1, 2, 4][usize::from(fhd & 3)];
    let dictionary = le(src, pos, dict_len).ok_or(Fail::Truncated)? as u32;
    pos += dict_len;
    let fcs_len = [usize::from(single), 2, 4, 8][usize::from(fhd >> 6)];
    let mut content_size = None;
    if fcs_len > 0 {
        let v = le(src, pos, fcs_len).ok_or(Fail::Truncated)?;
        let v = if fcs_len == 2 { v + 256 } else { v };
        content_size = Some(v);
        if single {
            window = v;
        }
        pos += fcs_len;
    }
    Ok(Header {
        window,
        content_size,
        checksum: fhd & 4 != 0,
        dictionary,
        len: pos,
    })
}

/// Decodes the frame at the start of `src` onto `out`, which may not grow past `limit`
/// bytes; frames with windows over `max_window` are refused. Returns the frame's length.
pub(super) fn decode(
    src: &[u8],
    out: &mut Vec<u8>,
    limit: usize,
    max_window: u64,
) -> Result<usize, Fail> {
    let h = header(src)?;
    if h.window > max_window {
        return Err(Fail::Window(h.window, max_window));
    }
    if h.dictionary != 0 {
        return Err(Fail::Dictionary(h.dictionary));
    }
    let start = out.len();
    if let Some(size) = h.content_size {
        // A hint only: never more than the limit allows, nor more than the frame can
        // expand to before its first block is checked.
        let room = limit.saturating_sub(start) as u64;
        out.reserve(size.min(room).min(16 * MAX_BLOCK as u64) as usize);
    }
    let mut pos = h.len;
    let mut dec = Decoder::new();
    loop {
        let bh = le(src, pos, 3).ok_or(Fail::Truncated)? as usize;
        pos += 3;
        let size = bh >> 3;
        if size > MAX_BLOCK {
            return Err(corrupt("block larger than 128 KiB"));
        }
        let kind = (bh >> 1) & 3;
        let body_len = if kind == 1 { 1 } else { size };
        let body = src.get(pos..pos + body_len).ok_or(Fail::Truncated)?;
        match kind {
            0 | 1 => {
                seen(kind as u32);
                if out.len() + size > limit {
                    return Err(Fail::Limit);
                }
                if kind == 0 {
                    out.extend_from_slice(body);
                } else {
                    out.resize(out.len() + size, body.first().copied().unwrap_or(0));
                }
            }
            2 => {
                seen(2);
                dec.block(body, out, start, limit)?
            }
            _ => return Err(corrupt("reserved block type")),
        }
        pos += body_len;
        if bh & 1 != 0 {
            break;
        }
    }
    let produced = out.get(start..).unwrap_or(&[]);
    if h.content_size.is_some_and(|s| s != produced.len() as u64) {
        return Err(corrupt("frame content size mismatch"));
    }
    if h.checksum {
        let stored = le(src, pos, 4).ok_or(Fail::Truncated)?;
        if xxh64(produced) as u32 != stored as u32 {
            return Err(Fail::Checksum);
        }
        pos += 4;
    }
    Ok(pos)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    const MAGIC: [u8; 4] = [0x28, 0xb5, 0x2f, 0xfd];

    #[test]
    fn headers() {
        // Single segment, 1-byte content size 5, checksum.
        let h = header(&[MAGIC[0], MAGIC[1], MAGIC[2], MAGIC[3], 0x24, 5]).unwrap();
        assert_eq!(
            (h.window, h.content_size, h.checksum, h.len),
            (5, Some(5), true, 6)
        );
        // Window descriptor 0x68 (8 MiB), 2-byte content size 256 + 1, dictionary 7.
        let h = header(&[0x28, 0xb5, 0x2f, 0xfd, 0x41, 0x68, 7, 1, 0]).unwrap();
        assert_eq!(
            (h.window, h.content_size, h.dictionary),
            (8 << 20, Some(257), 7)
        );
        assert!(matches!(
            header(&[0x28, 0xb5, 0x2f, 0xfd, 0x40, 0x58, 1]),
            Err(Fail::Truncated)
        ));
        assert!(header(&[0x28, 0xb5, 0x2f, 0xfd, 0x08, 0]).is_err());
        assert!(header(&[0, 0, 0, 0, 0, 0]).is_err());
    }

    #[test]
    fn raw_and_rle_blocks_with_checksum() {
        let mut f = vec![0x28, 0xb5, 0x2f, 0xfd, 0x24, 8];
        f.extend([3 << 3, 0, 0]); // raw block, 3 bytes, not last
        f.extend(b"abc");
        f.extend([(5 << 3) | 2 | 1, 0, 0, b'd']); // RLE block, 5 bytes, last
        f.extend((xxh64(b"abcddddd") as u32).to_le_bytes());
        let mut out = vec![];
        assert_eq!(decode(&f, &mut out, 100, 1 << 20).unwrap(), f.len());
        assert_eq!(out, b"abcddddd");
        assert!(matches!(
            decode(&f, &mut vec![], 7, 1 << 20),
            Err(Fail::Limit)
        ));
        assert!(matches!(
            decode(&f, &mut vec![], 100, 4),
            Err(Fail::Window(8, 4))
        ));
        let n = f.len();
        f[n - 1] ^= 1;
        assert!(matches!(
            decode(&f, &mut vec![], 100, 1 << 20),
            Err(Fail::Checksum)
        ));
        assert!(matches!(
            decode(&f[..n - 2], &mut vec![], 100, 1 << 20),
            Err(Fail::Truncated)
        ));
        f[6] = 7; // reserved block type
        assert!(matches!(
            decode(&f, &mut vec![], 100, 1 << 20),
            Err(Fail::Corrupt(_))
        ));
    }
}
