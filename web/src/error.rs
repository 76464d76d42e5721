//! Codec errors as JavaScript `Error` objects with a stable numeric `code`.
//!
//! The JS wrapper (`web/js/index.js`) re-throws them as `WfpackError`; the codes are
//! documented in `docs/npm.md` and never renumbered.

use wasm_bindgen::JsValue;
use wfpack_codec::Error;

/// Stable error codes shared with `web/js/index.js` (`ErrorCode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u32)]
pub enum Code {
    /// The module is not ready: for the decoding core, its brotli dictionary has not been
    /// restored by the package's `init()`.
    NotInitialized = 100,
    /// An argument has the wrong type or an option is out of range.
    InvalidArgument = 101,
    /// Not standard padded base64.
    Base64 = 200,
    /// The compressed stream ends early.
    Truncated = 300,
    /// The compressed stream is malformed.
    Corrupt = 301,
    /// A checksum does not match.
    Checksum = 302,
    /// Bytes follow the end of the compressed stream.
    TrailingData = 303,
    /// The decoded size would pass the decode limit.
    LimitExceeded = 310,
    /// Not valid JSON.
    InvalidJson = 400,
    /// Valid JSON of the wrong shape.
    InvalidWorkflow = 401,
    /// A malformed label selector.
    InvalidSelector = 500,
    /// A compression level outside the algorithm's range.
    InvalidLevel = 501,
    /// A bug.
    Internal = 900,
}

/// The stable code for a codec error.
pub fn code(e: &Error) -> Code {
    match e {
        Error::Base64 { .. } => Code::Base64,
        Error::UnknownAlgorithm { .. } => Code::InvalidArgument,
        Error::InvalidLevel { .. } => Code::InvalidLevel,
        Error::GzipTruncated { .. } | Error::Truncated { .. } => Code::Truncated,
        Error::GzipHeader { .. }
        | Error::CorruptDeflate { .. }
        | Error::Brotli { .. }
        | Error::Zstd { .. }
        | Error::ZstdWindow { .. } => Code::Corrupt,
        Error::GzipChecksum { .. } | Error::ZstdChecksum { .. } => Code::Checksum,
        Error::TrailingData { .. } => Code::TrailingData,
        Error::LimitExceeded { .. } => Code::LimitExceeded,
        Error::Json { .. } | Error::JsonTooDeep { .. } | Error::NumberOutOfRange { .. } => {
            Code::InvalidJson
        }
        Error::NodeField { .. } | Error::NodesNotObject { .. } | Error::WorkflowNotObject => {
            Code::InvalidWorkflow
        }
        Error::Selector(_) => Code::InvalidSelector,
        _ => Code::Internal,
    }
}

/// Byte offset in the input the error refers to, where the codec knows it.
fn offset(e: &Error) -> Option<usize> {
    match e {
        Error::Base64 { offset }
        | Error::GzipHeader { offset, .. }
        | Error::GzipTruncated { offset, .. }
        | Error::CorruptDeflate { offset, .. }
        | Error::TrailingData { offset, .. }
        | Error::Truncated { offset, .. }
        | Error::Json { offset, .. }
        | Error::JsonTooDeep { offset, .. }
        | Error::NumberOutOfRange { offset }
        | Error::NodeField { offset, .. }
        | Error::NodesNotObject { offset } => Some(*offset),
        _ => None,
    }
}

/// A JS `Error` with `code`, and `argoText`/`offset` where known.
pub fn to_js(e: Error) -> JsValue {
    let err = new_error(code(&e), &e.to_string());
    if let Some(text) = e.argo_text() {
        set(&err, "argoText", &JsValue::from_str(&text));
    }
    if let Some(at) = offset(&e) {
        set(&err, "offset", &JsValue::from_f64(at as f64));
    }
    err
}

/// A JS `Error` with `code` and `message`.
pub fn new_error(code: Code, message: &str) -> JsValue {
    let err: JsValue = js_sys::Error::new(message).into();
    set(&err, "code", &JsValue::from_f64(f64::from(code as u32)));
    err
}

fn set(target: &JsValue, key: &str, value: &JsValue) {
    // Setting a property on a fresh Error object cannot fail.
    let _ = js_sys::Reflect::set(target, &JsValue::from_str(key), value);
}
