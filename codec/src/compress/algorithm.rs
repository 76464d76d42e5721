//! The three algorithms, their names and Argo's detection order.

use alloc::string::ToString;
use core::fmt;
use core::str::FromStr;

use crate::error::Error;

/// A compression algorithm Argo can write into `status.compressedNodes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// gzip (RFC 1952): Argo's default.
    Gzip,
    /// Zstandard frames (RFC 8878).
    Zstd,
    /// Brotli (RFC 7932).
    Brotli,
}

impl Algorithm {
    /// Every algorithm, in Argo's order of preference (gzip is the default).
    pub const ALL: [Algorithm; 3] = [Algorithm::Gzip, Algorithm::Zstd, Algorithm::Brotli];

    /// The name Argo uses in `WORKFLOW_COMPRESSION_ALGORITHM`: `gzip`, `zstd` or `brotli`.
    ///
    /// ```
    /// assert_eq!(wfpack_codec::compress::Algorithm::Zstd.name(), "zstd");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            Algorithm::Gzip => "gzip",
            Algorithm::Zstd => "zstd",
            Algorithm::Brotli => "brotli",
        }
    }

    /// The inclusive level range Argo accepts in `WORKFLOW_COMPRESSION_LEVEL`:
    /// gzip 1–9, zstd 1–4, brotli 0–11.
    pub const fn level_range(self) -> (i32, i32) {
        match self {
            Algorithm::Gzip => (1, 9),
            Algorithm::Zstd => (1, 4),
            Algorithm::Brotli => (0, 11),
        }
    }

    /// The algorithm Argo's writer uses for a `WORKFLOW_COMPRESSION_ALGORITHM` value:
    /// unset, empty or `gzip` → gzip, `zstd`, `brotli`; anything else falls back to gzip
    /// (Argo logs "Unknown compression algorithm, using gzip"). Case-sensitive.
    ///
    /// ```
    /// use wfpack_codec::compress::Algorithm;
    /// assert_eq!(Algorithm::from_argo_env(Some("brotli")), Algorithm::Brotli);
    /// assert_eq!(Algorithm::from_argo_env(Some("ZSTD")), Algorithm::Gzip);
    /// ```
    pub fn from_argo_env(value: Option<&str>) -> Algorithm {
        value
            .and_then(|v| v.parse().ok())
            .unwrap_or(Algorithm::Gzip)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Algorithm {
    type Err = Error;

    /// Parses `gzip`, `zstd` or `brotli` (exact, lower case, as Argo compares them).
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "gzip" => Ok(Algorithm::Gzip),
            "zstd" => Ok(Algorithm::Zstd),
            "brotli" => Ok(Algorithm::Brotli),
            _ => Err(Error::UnknownAlgorithm {
                name: s.to_string(),
            }),
        }
    }
}

/// The algorithm Argo's reader picks for `data`: zstd if it starts with `28 b5 2f fd`,
/// gzip if it starts with `1f 8b`, otherwise brotli (brotli has no magic number, so
/// garbage, plain JSON and empty input all go to the brotli decoder).
///
/// ```
/// use wfpack_codec::compress::{detect, Algorithm};
/// assert_eq!(detect(&[0x28, 0xb5, 0x2f, 0xfd, 0]), Algorithm::Zstd);
/// assert_eq!(detect(&[0x1f, 0x8b]), Algorithm::Gzip);
/// assert_eq!(detect(b"{}"), Algorithm::Brotli);
/// ```
pub fn detect(data: &[u8]) -> Algorithm {
    if data.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        Algorithm::Zstd
    } else if data.starts_with(&[0x1f, 0x8b]) {
        Algorithm::Gzip
    } else {
        Algorithm::Brotli
    }
}
