//! The crate's one error type.

use alloc::format;
use alloc::string::String;
use core::fmt;

use crate::compress::{Algorithm, GzipSection};

/// Everything that can go wrong in the codec.
///
/// Each variant's message says what happened, then what to do about it. Where Argo
/// itself has an exact error text for the same condition, [`Error::argo_text`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    // --- base64 ---
    /// The text is not standard padded base64 (Go's `StdEncoding`): a character outside
    /// `A–Z a–z 0–9 + /`, a space, misplaced or missing `=` padding. Only `\r` and `\n`
    /// are skipped. `offset` is Go's `CorruptInputError` offset.
    Base64 {
        /// Byte offset Go reports (`illegal base64 data at input byte N`).
        offset: usize,
    },

    // --- compress ---
    /// An algorithm name that is not `gzip`, `zstd` or `brotli` (names are case-sensitive,
    /// as in Argo's `WORKFLOW_COMPRESSION_ALGORITHM`).
    UnknownAlgorithm {
        /// The name that was given.
        name: String,
    },
    /// A compression level outside the algorithm's range (gzip 1–9, zstd 1–4, brotli 0–11).
    InvalidLevel {
        /// The algorithm the level was meant for.
        algorithm: Algorithm,
        /// The level that was given.
        level: i32,
    },
    /// A gzip member header is malformed: wrong magic or compression method, a header
    /// CRC (FHCRC) mismatch, or a file name/comment longer than Go's 511-byte limit.
    GzipHeader {
        /// Offset of the member's first byte in the compressed data.
        offset: usize,
        /// Zero-based index of the member (Argo wraps errors of member 0 only).
        member: usize,
        /// What exactly is wrong.
        problem: &'static str,
    },
    /// The gzip data ends too early.
    GzipTruncated {
        /// Offset in the compressed data where more bytes were needed.
        offset: usize,
        /// Zero-based index of the member.
        member: usize,
        /// The part of the member that was cut off.
        section: GzipSection,
    },
    /// The deflate data inside a gzip member is corrupt (Go: `flate: corrupt input before
    /// offset N`, with an offset that depends on Go's bit reader).
    CorruptDeflate {
        /// Offset in the compressed data of the byte where decoding stopped.
        offset: usize,
        /// Zero-based index of the member.
        member: usize,
    },
    /// A gzip member's trailer does not match its content (CRC-32 or length mod 2^32).
    GzipChecksum {
        /// Zero-based index of the member.
        member: usize,
        /// CRC-32 stored in the trailer.
        stored_crc: u32,
        /// CRC-32 of the decompressed member.
        actual_crc: u32,
        /// ISIZE stored in the trailer.
        stored_size: u32,
        /// Decompressed member length mod 2^32.
        actual_size: u32,
    },
    /// Bytes follow a complete compressed stream that are not another stream.
    TrailingData {
        /// The algorithm of the stream they follow.
        algorithm: Algorithm,
        /// Offset of the first extra byte.
        offset: usize,
        /// How many extra bytes there are.
        len: usize,
    },
    /// The zstd or brotli data ends too early.
    Truncated {
        /// The algorithm that was decoding.
        algorithm: Algorithm,
        /// Offset in the compressed data where more bytes were needed (approximate for zstd).
        offset: usize,
    },
    /// The brotli decoder rejected the data; `code` is the decoder's error name as Go's
    /// `andybalholm/brotli` prints it (e.g. `PADDING_2`, `CL_SPACE`).
    Brotli {
        /// The brotli error code name without prefix.
        code: &'static str,
    },
    /// The zstd decoder rejected the data.
    Zstd {
        /// Zero-based index of the frame.
        frame: usize,
        /// The decoder's description of the problem.
        detail: String,
    },
    /// A zstd frame's content checksum does not match its content.
    ZstdChecksum {
        /// Zero-based index of the frame.
        frame: usize,
    },
    /// A zstd frame asks for a window larger than this decoder allows.
    ZstdWindow {
        /// Window size the frame declares.
        window: u64,
        /// The largest window accepted (the smaller of Argo's 512 MiB and the output limit).
        max: u64,
    },
    /// Decompressing would produce more than the configured output limit.
    LimitExceeded {
        /// The algorithm that was decoding.
        algorithm: Algorithm,
        /// The limit in bytes.
        limit: usize,
    },
    /// The compressor failed (should not happen with valid parameters).
    Compress {
        /// The algorithm that failed.
        algorithm: Algorithm,
        /// What the compressor reported.
        detail: &'static str,
    },
    // --- go_json / nodes ---
    /// The input is not valid JSON.
    Json {
        /// Byte offset of the problem in the input.
        offset: usize,
        /// What is wrong there.
        problem: &'static str,
    },
    /// Arrays and objects nest deeper than the codec accepts.
    JsonTooDeep {
        /// Byte offset where the limit was passed.
        offset: usize,
        /// The nesting limit ([`crate::go_json::MAX_DEPTH`]).
        limit: usize,
    },
    /// A number that Go cannot hold in a `float64` (for example `1e400`).
    NumberOutOfRange {
        /// Byte offset of the number.
        offset: usize,
    },
    /// A member of a node has the wrong JSON type for Argo's `NodeStatus`.
    NodeField {
        /// Byte offset of the value.
        offset: usize,
        /// The member, e.g. `children`.
        field: &'static str,
        /// The JSON type Argo expects, e.g. `an array of strings`.
        expected: &'static str,
    },
    /// The nodes document is neither an object (map of node id to node) nor `null`.
    NodesNotObject {
        /// Byte offset of the value.
        offset: usize,
    },
    // --- pack ---
    /// The workflow document is not a JSON object.
    WorkflowNotObject,

    // --- policy ---
    /// A Kubernetes label selector did not parse or validate; the text is Kubernetes' own
    /// (`labels.Parse` / `metav1.LabelSelectorAsSelector`).
    Selector(String),
    /// `persistence.archiveTTL` did not parse; the text is Argo's own (`config.TTL`).
    ArchiveTtl(String),
    /// A Go duration (e.g. `OFFLOAD_NODE_STATUS_TTL`) did not parse; the text is
    /// `time.ParseDuration`'s own.
    Duration(String),
}

/// Shorthand for `core::result::Result<T, wfpack_codec::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

/// Argo's gzip-reader text for this zstd window (klauspost's limit is 512 MiB).
const ARGO_ZSTD_MAX_WINDOW: u64 = 512 << 20;

impl Error {
    /// Argo's own error text for this condition, byte for byte, where Argo has one.
    ///
    /// The texts are those of Argo v4.1.2's default reader (`GZIP_IMPLEMENTATION` unset)
    /// from spec §2.3, including Argo's inconsistent `failed to decompress: ` wrapping.
    /// zstd texts come from reading klauspost/compress and are indicative. For
    /// [`Error::LimitExceeded`] (Argo has no limit) it is the vectors' recommended text,
    /// `decompressed size exceeds limit`. `None` where Argo has no text for the
    /// condition or its text depends on Go internals we do not reproduce (e.g. the
    /// offset in `flate: corrupt input before offset N`).
    pub fn argo_text(&self) -> Option<String> {
        const WRAP: &str = "failed to decompress: ";
        Some(match self {
            Error::Base64 { offset } => format!("illegal base64 data at input byte {offset}"),
            Error::GzipHeader { member: 0, .. } => format!("{WRAP}gzip: invalid header"),
            Error::GzipHeader { .. } => "gzip: invalid header".into(),
            Error::GzipTruncated {
                member, section, ..
            } => match (member, section) {
                (0, GzipSection::Header) => format!("{WRAP}unexpected EOF"),
                // Go's readString passes io.EOF through unchanged.
                (0, GzipSection::HeaderString) => format!("{WRAP}EOF"),
                // Go would silently stop reading here; we reject (no Argo text).
                (_, GzipSection::HeaderString) => return None,
                _ => "unexpected EOF".into(),
            },
            Error::GzipChecksum { .. } => "gzip: invalid checksum".into(),
            Error::TrailingData { algorithm, len, .. } => match algorithm {
                Algorithm::Gzip if *len < 10 => "unexpected EOF".into(),
                Algorithm::Gzip => "gzip: invalid header".into(),
                Algorithm::Zstd if *len < 4 => format!("{WRAP}unexpected EOF"),
                Algorithm::Zstd => format!("{WRAP}invalid input: magic number mismatch"),
                Algorithm::Brotli => format!("{WRAP}brotli: excessive input"),
            },
            Error::Truncated { .. } => format!("{WRAP}unexpected EOF"),
            Error::Brotli { code } => format!("{WRAP}brotli: {code}"),
            Error::ZstdChecksum { .. } => format!("{WRAP}CRC check failed"),
            Error::ZstdWindow { window, .. } if *window > ARGO_ZSTD_MAX_WINDOW => {
                format!("{WRAP}window size exceeded")
            }
            Error::LimitExceeded { .. } => "decompressed size exceeds limit".into(),
            Error::Selector(s) | Error::ArchiveTtl(s) | Error::Duration(s) => s.clone(),
            _ => return None,
        })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Base64 { offset } => write!(
                f,
                "illegal base64 data at input byte {offset}: compressedNodes must be standard \
                 base64 with '=' padding (only \\r and \\n may appear between characters); \
                 check that the value was not cut, URL-safe encoded or re-wrapped"
            ),
            Error::UnknownAlgorithm { name } => write!(
                f,
                "unknown compression algorithm {name:?}: use \"gzip\", \"zstd\" or \"brotli\" \
                 (lower case)"
            ),
            Error::InvalidLevel { algorithm, level } => {
                let (lo, hi) = algorithm.level_range();
                write!(
                    f,
                    "compression level {level} is outside {name}'s range {lo}..={hi}: pick a \
                     level in range or use the default",
                    name = algorithm.name()
                )
            }
            Error::GzipHeader {
                offset,
                member,
                problem,
            } => write!(
                f,
                "gzip: invalid header in member {member} at byte {offset}: {problem}; the data \
                 is not a gzip stream Argo can read"
            ),
            Error::GzipTruncated {
                offset,
                member,
                section,
            } => write!(
                f,
                "gzip data ends at byte {offset} inside the {section} of member {member} \
                 (unexpected EOF): the value was cut; fetch the whole compressedNodes again"
            ),
            Error::CorruptDeflate { offset, member } => write!(
                f,
                "gzip member {member} holds corrupt deflate data near byte {offset}: the value \
                 is damaged; fetch it again or recompress the nodes"
            ),
            Error::GzipChecksum {
                member,
                stored_crc,
                actual_crc,
                stored_size,
                actual_size,
            } => write!(
                f,
                "gzip: invalid checksum in member {member} (trailer CRC {stored_crc:08x}, size \
                 {stored_size}; data CRC {actual_crc:08x}, size {actual_size}): the data was \
                 altered; fetch it again or recompress the nodes"
            ),
            Error::TrailingData {
                algorithm,
                offset,
                len,
            } => write!(
                f,
                "{len} unexpected bytes at byte {offset} after the end of the {name} stream: \
                 remove the padding or garbage after the compressed data",
                name = algorithm.name()
            ),
            Error::Truncated { algorithm, offset } => write!(
                f,
                "{name} data ends too early (unexpected EOF near byte {offset}): the value was \
                 cut; fetch the whole compressedNodes again",
                name = algorithm.name()
            ),
            Error::Brotli { code } => write!(
                f,
                "brotli: {code}: the data is not a valid brotli stream (Argo decodes anything \
                 without a zstd or gzip magic number as brotli); check how it was produced"
            ),
            Error::Zstd { frame, detail } => write!(
                f,
                "zstd frame {frame} is invalid ({detail}): the data is damaged; fetch it again \
                 or recompress the nodes"
            ),
            Error::ZstdChecksum { frame } => write!(
                f,
                "zstd frame {frame}: CRC check failed (content checksum mismatch): the data was \
                 altered; fetch it again or recompress the nodes"
            ),
            Error::ZstdWindow { window, max } => write!(
                f,
                "zstd frame needs a {window}-byte window, more than the {max} bytes allowed: \
                 recompress with a smaller window or raise the decode limit"
            ),
            Error::LimitExceeded { algorithm, limit } => write!(
                f,
                "decompressed size exceeds limit: {name} data inflates past {limit} bytes \
                 (possible decompression bomb); raise the limit with Limits only if the \
                 source is trusted",
                name = algorithm.name()
            ),
            Error::Compress { algorithm, detail } => write!(
                f,
                "{name} compression failed: {detail}; report this as a bug",
                name = algorithm.name()
            ),
            Error::Json { offset, problem } => write!(
                f,
                "invalid JSON at byte {offset}: {problem}; pass the complete document as \
                 printed by `kubectl get -o json` (or the exact nodes JSON)"
            ),
            Error::JsonTooDeep { offset, limit } => write!(
                f,
                "JSON nests deeper than {limit} levels at byte {offset}; Argo objects are far \
                 shallower, so this input is not a workflow or its nodes"
            ),
            Error::NumberOutOfRange { offset } => write!(
                f,
                "number at byte {offset} does not fit a 64-bit float (Go would reject it); \
                 fix or remove the value"
            ),
            Error::NodeField { offset, field, expected } => write!(
                f,
                "node member `{field}` at byte {offset} must be {expected}; the nodes JSON does \
                 not match Argo's NodeStatus there"
            ),
            Error::NodesNotObject { offset } => write!(
                f,
                "nodes JSON at byte {offset} is not an object of node id to node (nor null); \
                 pass `status.nodes` or decoded `compressedNodes`"
            ),
            Error::WorkflowNotObject => f.write_str(
                "the workflow is not a JSON object; pass a whole Workflow (`kubectl get wf NAME -o json`)",
            ),
            Error::Selector(s) => write!(
                f,
                "invalid label selector: {s}; write it as Kubernetes does (e.g. `team=a,tier in (x,y)` \
                 or matchLabels/matchExpressions with In, NotIn, Exists, DoesNotExist)"
            ),
            Error::ArchiveTtl(s) => write!(
                f,
                "invalid archiveTTL: {s}; Argo accepts one integer with a d, h, m or s suffix \
                 (e.g. \"7d\", \"12h\"), or \"\" to keep archived workflows forever"
            ),
            Error::Duration(s) => write!(
                f,
                "invalid duration: {s}; use Go's duration syntax (e.g. \"5m\", \"1h30m\"; no \"d\" unit)"
            ),
        }
    }
}

impl core::error::Error for Error {}
