//! Compression levels with Argo's ranges and defaults.

use crate::compress::Algorithm;
use crate::error::{Error, Result};

/// A compression level: either the algorithm's default or an explicit number checked
/// against Argo's range for the algorithm when it is used (spec §2.2).
///
/// | algorithm | range | default |
/// | --- | --- | --- |
/// | gzip | 1–9 | 5: Argo's `-1` means the library default, and Argo's default gzip writer (klauspost/pgzip) maps it to level 5 (stdlib `GZIP_IMPLEMENTATION=GZip` would use 6) |
/// | zstd | 1–4 | 2: klauspost `SpeedDefault`; 1 `SpeedFastest`, 3 `SpeedBetterCompression`, 4 `SpeedBestCompression` (≈ zstd levels 1, 3, 7, 11) |
/// | brotli | 0–11 | 6 |
///
/// ```
/// use wfpack_codec::compress::{Algorithm, Level};
/// assert_eq!(Level::DEFAULT.resolve(Algorithm::Gzip)?, 5);
/// assert_eq!(Level::new(11).resolve(Algorithm::Brotli)?, 11);
/// assert!(Level::new(5).resolve(Algorithm::Zstd).is_err());
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Level(Option<i32>);

impl Level {
    /// The algorithm's default level (what Argo uses when `WORKFLOW_COMPRESSION_LEVEL` is unset).
    pub const DEFAULT: Level = Level(None);

    /// An explicit level; checked against the algorithm's range when used.
    pub const fn new(level: i32) -> Level {
        Level(Some(level))
    }

    /// The explicit level, or `None` for the default.
    pub const fn get(self) -> Option<i32> {
        self.0
    }

    /// The default level number for `algorithm` (gzip 5, zstd 2, brotli 6).
    pub const fn default_for(algorithm: Algorithm) -> u8 {
        match algorithm {
            Algorithm::Gzip => 5,
            Algorithm::Zstd => 2,
            Algorithm::Brotli => 6,
        }
    }

    /// The level number to use with `algorithm`.
    ///
    /// # Errors
    /// [`Error::InvalidLevel`] when the explicit level is outside the algorithm's range.
    pub fn resolve(self, algorithm: Algorithm) -> Result<u8> {
        match self.0 {
            None => Ok(Level::default_for(algorithm)),
            Some(level) => {
                let (lo, hi) = algorithm.level_range();
                if (lo..=hi).contains(&level) {
                    Ok(level as u8)
                } else {
                    Err(Error::InvalidLevel { algorithm, level })
                }
            }
        }
    }

    /// The level Argo's writer uses for a `WORKFLOW_COMPRESSION_LEVEL` value: an integer
    /// in the algorithm's range, otherwise (unset, unparsable, out of range) the default
    /// (Argo logs "Invalid compression level, using the algorithm's default").
    ///
    /// ```
    /// use wfpack_codec::compress::{Algorithm, Level};
    /// assert_eq!(Level::from_argo_env(Algorithm::Gzip, Some("9")), Level::new(9));
    /// assert_eq!(Level::from_argo_env(Algorithm::Zstd, Some("9")), Level::DEFAULT);
    /// assert_eq!(Level::from_argo_env(Algorithm::Gzip, Some("x")), Level::DEFAULT);
    /// ```
    pub fn from_argo_env(algorithm: Algorithm, value: Option<&str>) -> Level {
        match value.and_then(|v| v.parse::<i32>().ok()) {
            Some(n) if Level::new(n).resolve(algorithm).is_ok() => Level::new(n),
            _ => Level::DEFAULT,
        }
    }
}
