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
    /// TEMPORARY (removed when `crate::compress` lands): the stand-in compressor has no
    /// encoder for this algorithm.
    CompressionUnavailable {
        /// The algorithm.
        algorithm: &'static str,
    },
}

/// Shorthand for `core::result::Result<T, wfpack_codec::Error>`.
pub type Result<T, E = Error> = core::result::Result<T, E>;

impl Error {
    /// Argo's own error text for this condition, byte for byte, where Argo has one.
    pub fn argo_text(&self) -> Option<String> {
        match self {
            _ => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
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
            Error::CompressionUnavailable { algorithm } => write!(
                f,
                "no {algorithm} encoder in this build; use gzip or zstd"
            ),
            Error::WorkflowNotObject => f.write_str(
                "the workflow is not a JSON object; pass a whole Workflow (`kubectl get wf NAME -o json`)",
            ),
        }
    }
}

impl core::error::Error for Error {}
