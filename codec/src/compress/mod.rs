//! gzip, zstd and brotli with Argo's levels, detection order and decode limits.
//!
//! Argo v4.1 writes `status.compressedNodes` as base64 of gzip (default), zstd or brotli
//! and reads any of the three by sniffing the first bytes (spec §2.2–2.3):
//! `28 b5 2f fd` → zstd, `1f 8b` → gzip, anything else (garbage and empty input included)
//! → brotli. This module reproduces that reader, accepts what Go accepts (multi-member
//! gzip, optional gzip header fields, concatenated zstd frames, `\r\n` in the base64) and
//! rejects the rest with one [`Error`](crate::Error) variant per class whose
//! [`argo_text`](crate::Error::argo_text) is Argo's exact message.
//!
//! Unlike Argo, every decoder stops at an output limit ([`Limits`]) while it inflates, so a
//! decompression bomb fails fast in bounded memory.
//!
//! ```
//! use wfpack_codec::compress::{self, Algorithm, Level, Limits};
//! let nodes = br#"{"wf-1":{"id":"wf-1","phase":"Succeeded"}}"#;
//! let b64 = compress::encode_nodes(nodes, Algorithm::Gzip, Level::DEFAULT)?;
//! assert!(b64.starts_with("H4sIAAAJbogA/")); // same header as Argo's default writer
//! let decoded = compress::decode_nodes(b64.as_bytes(), &Limits::default())?;
//! assert_eq!(decoded.json, nodes);
//! assert_eq!(decoded.algorithm, Algorithm::Gzip);
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

mod algorithm;
mod bits;
mod brotli;
mod crc32;
mod deflate;
mod gzip;
mod level;
mod limits;
mod lz77;
mod zstd;

use alloc::string::String;
use alloc::vec::Vec;

pub use algorithm::{Algorithm, detect};
pub use gzip::GzipSection;
pub use level::Level;
pub use limits::{GzipTrailer, Limits};

use crate::base64;
use crate::error::Result;

/// Compresses `data` with `algorithm` at `level`.
///
/// gzip writes one member with the header of Argo's default writer (klauspost/pgzip):
/// `1f 8b 08 00 | 00 09 6e 88 | XFL | ff`, so base64 output starts with `H4sIAAAJbogA/`
/// like Argo's. zstd writes one frame, brotli one stream with a 22-bit window. The bytes
/// differ from Go's encoders (no two deflate implementations agree); every decoder reads
/// them.
///
/// # Errors
/// [`Error::InvalidLevel`](crate::Error::InvalidLevel) when `level` is outside the
/// algorithm's range.
///
/// ```
/// use wfpack_codec::compress::{self, Algorithm, Level, Limits};
/// let z = compress::compress(Algorithm::Zstd, Level::new(1), b"hello hello hello")?;
/// assert_eq!(compress::detect(&z), Algorithm::Zstd);
/// assert_eq!(compress::decompress(&z, &Limits::default())?.0, b"hello hello hello");
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
pub fn compress(algorithm: Algorithm, level: Level, data: &[u8]) -> Result<Vec<u8>> {
    let level = level.resolve(algorithm)?;
    match algorithm {
        Algorithm::Gzip => Ok(gzip::compress(data, level)),
        Algorithm::Zstd => Ok(zstd::compress(data, level)),
        Algorithm::Brotli => brotli::compress(data, level),
    }
}

/// Decompresses `data`, detecting the algorithm in Argo's order (see [`detect`]), and
/// returns the bytes with the algorithm found.
///
/// # Errors
/// One [`Error`](crate::Error) variant per class: gzip header, truncation, checksum,
/// corrupt deflate, trailing data, brotli and zstd errors, and
/// [`Error::LimitExceeded`](crate::Error::LimitExceeded) when the output would pass
/// `limits.max_output(data.len())`.
///
/// ```
/// use wfpack_codec::compress::{self, Algorithm, Limits};
/// let err = compress::decompress(b"not compressed", &Limits::default()).unwrap_err();
/// assert_eq!(err.argo_text().unwrap(), "failed to decompress: brotli: PADDING_2");
/// ```
pub fn decompress(data: &[u8], limits: &Limits) -> Result<(Vec<u8>, Algorithm)> {
    let algorithm = detect(data);
    let max = limits.max_output(data.len());
    let out = match algorithm {
        Algorithm::Gzip => gzip::decompress(data, max, limits.gzip_trailer())?,
        Algorithm::Zstd => zstd::decompress(data, max)?,
        Algorithm::Brotli => brotli::decompress(data, max)?,
    };
    Ok((out, algorithm))
}

/// Compresses nodes JSON and base64-encodes it: the value Argo stores in
/// `status.compressedNodes`.
///
/// # Errors
/// As [`compress`].
pub fn encode_nodes(nodes_json: &[u8], algorithm: Algorithm, level: Level) -> Result<String> {
    Ok(base64::encode(&compress(algorithm, level, nodes_json)?))
}

/// The result of [`decode_nodes`]: the nodes JSON and the algorithm it was stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The decompressed bytes (normally the nodes map as JSON).
    pub json: Vec<u8>,
    /// The algorithm detected in the data.
    pub algorithm: Algorithm,
}

/// Reads a `status.compressedNodes` value the way Argo does: base64 (Go `StdEncoding`,
/// `\r`/`\n` skipped), then [`decompress`].
///
/// The limit is computed from the length of the compressed (base64-decoded) bytes.
///
/// # Errors
/// [`Error::Base64`](crate::Error::Base64) for bad base64 and every error of [`decompress`].
///
/// ```
/// use wfpack_codec::compress::{decode_nodes, Limits};
/// let err = decode_nodes(b"H4sIAAAAAA!A", &Limits::default()).unwrap_err();
/// assert_eq!(err.argo_text().unwrap(), "illegal base64 data at input byte 10");
/// ```
pub fn decode_nodes(compressed_nodes: &[u8], limits: &Limits) -> Result<Decoded> {
    let raw = base64::decode(compressed_nodes)?;
    let (json, algorithm) = decompress(&raw, limits)?;
    Ok(Decoded { json, algorithm })
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;
    use proptest::prelude::*;

    /// JSON-like data: repetitive enough to compress, arbitrary enough to catch errors.
    fn payload() -> impl Strategy<Value = Vec<u8>> {
        prop_oneof![
            proptest::collection::vec(any::<u8>(), 0..2000),
            (proptest::collection::vec(any::<u8>(), 1..40), 0usize..200)
                .prop_map(|(unit, n)| unit.repeat(n)),
        ]
    }

    fn every_level() -> impl Strategy<Value = (Algorithm, i32)> {
        prop_oneof![
            (1..=9i32).prop_map(|l| (Algorithm::Gzip, l)),
            (1..=4i32).prop_map(|l| (Algorithm::Zstd, l)),
            (0..=11i32).prop_map(|l| (Algorithm::Brotli, l)),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]

        #[test]
        fn decode_inverts_encode((algorithm, level) in every_level(), data in payload()) {
            let b64 = encode_nodes(&data, algorithm, Level::new(level)).unwrap();
            let decoded = decode_nodes(b64.as_bytes(), &Limits::default()).unwrap();
            prop_assert_eq!(decoded.algorithm, algorithm);
            prop_assert_eq!(decoded.json, data);
        }

        #[test]
        fn decoding_garbage_never_panics(data in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = decompress(&data, &Limits::fixed(1 << 16));
            let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
            gz.extend(&data);
            let _ = decompress(&gz, &Limits::fixed(1 << 16));
            let mut zs = vec![0x28, 0xb5, 0x2f, 0xfd];
            zs.extend(&data);
            let _ = decompress(&zs, &Limits::fixed(1 << 16));
        }
    }

    #[test]
    fn every_level_round_trips_and_defaults_resolve() {
        let data = br#"{"a":{"id":"a","phase":"Succeeded","message":"<&>"}}"#.repeat(40);
        for algorithm in Algorithm::ALL {
            let (lo, hi) = algorithm.level_range();
            for level in lo..=hi {
                let z = compress(algorithm, Level::new(level), &data).unwrap();
                assert!(z.len() < data.len() / 4, "{algorithm} {level}: {}", z.len());
                let (back, found) = decompress(&z, &Limits::default()).unwrap();
                assert_eq!((back, found), (data.clone(), algorithm));
            }
            for bad in [lo - 1, hi + 1] {
                let e = compress(algorithm, Level::new(bad), &data).unwrap_err();
                assert!(matches!(e, crate::Error::InvalidLevel { .. }));
            }
        }
    }

    #[test]
    fn algorithm_names_parse() {
        for a in Algorithm::ALL {
            assert_eq!(a.name().parse::<Algorithm>().unwrap(), a);
        }
        assert!("GZIP".parse::<Algorithm>().is_err());
        assert_eq!(Algorithm::from_argo_env(None), Algorithm::Gzip);
        assert_eq!(Algorithm::from_argo_env(Some("")), Algorithm::Gzip);
    }
}
