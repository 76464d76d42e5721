//! Decode limits (decompression-bomb protection) and reader leniencies.

/// How the gzip reader treats a member whose 8-byte trailer (CRC-32 and length) is
/// entirely missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GzipTrailer {
    /// Reject it with `unexpected EOF`, as Go's `compress/gzip` does (the vectors'
    /// `recommended` behaviour; Argo never writes such data).
    #[default]
    Required,
    /// Accept it without a CRC check, as Argo's default reader (klauspost/pgzip) does.
    /// A partial trailer is still an error.
    OptionalLikePgzip,
}

/// Limits and leniencies for decoding untrusted `compressedNodes`.
///
/// The output limit is `min(cap, max(floor, ratio × compressed length))`, checked while
/// inflating: no decoder allocates more than the limit (plus its window), so a bomb fails
/// fast in bounded memory instead of running the process out of memory.
///
/// Defaults: `ratio` 64, `floor` 64 MiB, `cap` 256 MiB. Why: a workflow object is at most
/// a few MiB (etcd's request limit is 1.5 MiB; Argo's `MAX_WORKFLOW_SIZE` defaults to
/// 1 MiB), and real node-status JSON compresses 8–20× (the vectors' 5,000-node map: 4.2 MB
/// → 0.41 MB gzip), so 64× the compressed size with a 64 MiB floor leaves a wide margin
/// for legitimate data, while the 256 MiB cap (the vectors' `recommended_limit_bytes`)
/// bounds memory whatever the input. Deflate alone can reach ~1032:1 and brotli or zstd
/// far more, which is why a ratio without a cap would not be a limit.
///
/// ```
/// use wfpack_codec::compress::Limits;
/// let l = Limits::default();
/// assert_eq!(l.max_output(1000), 64 << 20);
/// assert_eq!(l.max_output(2 << 20), 128 << 20);
/// assert_eq!(l.max_output(100 << 20), 256 << 20);
/// assert_eq!(Limits::fixed(1 << 20).max_output(10), 1 << 20);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Limits {
    ratio: usize,
    floor: usize,
    cap: usize,
    gzip_trailer: GzipTrailer,
}

impl Default for Limits {
    fn default() -> Self {
        Limits::new()
    }
}

impl Limits {
    /// Default output/input ratio.
    pub const DEFAULT_RATIO: usize = 64;
    /// Default minimum limit in bytes (64 MiB).
    pub const DEFAULT_FLOOR: usize = 64 << 20;
    /// Default absolute cap in bytes (256 MiB).
    pub const DEFAULT_CAP: usize = 256 << 20;

    /// The defaults (see the type's documentation).
    pub const fn new() -> Limits {
        Limits {
            ratio: Limits::DEFAULT_RATIO,
            floor: Limits::DEFAULT_FLOOR,
            cap: Limits::DEFAULT_CAP,
            gzip_trailer: GzipTrailer::Required,
        }
    }

    /// A fixed output limit of `bytes`, whatever the input size.
    pub const fn fixed(bytes: usize) -> Limits {
        Limits {
            ratio: 0,
            floor: bytes,
            cap: bytes,
            gzip_trailer: GzipTrailer::Required,
        }
    }

    /// Sets the output/input ratio.
    #[must_use]
    pub const fn with_ratio(mut self, ratio: usize) -> Limits {
        self.ratio = ratio;
        self
    }

    /// Sets the minimum limit in bytes.
    #[must_use]
    pub const fn with_floor(mut self, bytes: usize) -> Limits {
        self.floor = bytes;
        self
    }

    /// Sets the absolute cap in bytes (the limit never exceeds it).
    #[must_use]
    pub const fn with_cap(mut self, bytes: usize) -> Limits {
        self.cap = bytes;
        self
    }

    /// Sets how a gzip member without a trailer is treated.
    #[must_use]
    pub const fn with_gzip_trailer(mut self, policy: GzipTrailer) -> Limits {
        self.gzip_trailer = policy;
        self
    }

    /// The gzip trailer policy.
    pub const fn gzip_trailer(&self) -> GzipTrailer {
        self.gzip_trailer
    }

    /// The output limit in bytes for `compressed_len` bytes of compressed input.
    pub const fn max_output(&self, compressed_len: usize) -> usize {
        let scaled = compressed_len.saturating_mul(self.ratio);
        let limit = if scaled > self.floor {
            scaled
        } else {
            self.floor
        };
        if limit < self.cap { limit } else { self.cap }
    }
}
