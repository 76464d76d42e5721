//! The crate's one error type.

use alloc::string::String;
use core::fmt;

/// Everything that can go wrong in the codec.
///
/// Each variant's message says what happened, then what to do about it. Where Argo
/// itself has an exact error text for the same condition, [`Error::argo_text`] returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A catch-all used only while the crate is being assembled.
    #[doc(hidden)]
    Other(String),

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

impl Error {
    /// Argo's own error text for this condition, byte for byte, where Argo has one.
    pub fn argo_text(&self) -> Option<String> {
        match self {
            Error::Other(_) => None,
            Error::Selector(s) | Error::ArchiveTtl(s) | Error::Duration(s) => Some(s.clone()),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Other(s) => f.write_str(s),
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
