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
}

/// Shorthand for `core::result::Result<T, wfpack_codec::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// Argo's own error text for this condition, byte for byte, where Argo has one.
    pub fn argo_text(&self) -> Option<String> {
        match self {
            Error::Other(_) => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Other(s) => f.write_str(s),
        }
    }
}

impl core::error::Error for Error {}
