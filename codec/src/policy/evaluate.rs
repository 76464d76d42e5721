//! One ABI v1 evaluation: request JSON in, response JSON out.
//!
//! This is exactly what the built-in wasm policy runs (`abi::evaluate` calls it), and what
//! the host runs natively when it falls back to the built-in policy, so both give
//! byte-identical output.
//!
//! ```
//! use wfpack_codec::policy::evaluate::evaluate;
//! let out = evaluate(br#"{"apiVersion":"policy.argoproj.io/v1","kind":"ArchiveRequest",
//!     "settings":{"archive":true},"workflow":{"phase":"Succeeded"}}"#);
//! assert_eq!(
//!     core::str::from_utf8(&out).unwrap(),
//!     r#"{"apiVersion":"policy.argoproj.io/v1","decision":{"action":"archive","ttlSeconds":0,"reason":"archive is enabled and no label selector is set"}}"#
//! );
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::builtin;
use super::decision::{API_VERSION, Decision, PolicyError, Request};

#[derive(Deserialize)]
struct Envelope {
    #[serde(rename = "apiVersion")]
    api_version: String,
    /// Which built-in to run: `argo` (default) or `adaptive`.
    #[serde(default)]
    policy: Option<String>,
    #[serde(flatten)]
    request: serde_json::Value,
}

/// A response: `{"apiVersion":…,"decision":…}` or `{"apiVersion":…,"error":…}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    /// Always [`API_VERSION`].
    #[serde(rename = "apiVersion")]
    pub api_version: String,
    /// The decision, on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The refusal, on failure.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<PolicyError>,
}

/// Decide one request with the built-in policies; never fails, never panics: every problem
/// becomes an `{"error":…}` response.
pub fn decide(input: &[u8]) -> Result<Decision, PolicyError> {
    let env: Envelope = serde_json::from_slice(input).map_err(|e| {
        PolicyError::new(
            "invalid_input",
            format!("the request is not valid ABI v1 JSON: {e}"),
        )
    })?;
    if env.api_version != API_VERSION {
        return Err(PolicyError::new(
            "unsupported_api_version",
            format!(
                "apiVersion {:?} is not supported; send {API_VERSION:?}",
                env.api_version
            ),
        ));
    }
    let request: Request = serde_json::from_value(env.request).map_err(|e| {
        PolicyError::new(
            "invalid_input",
            format!("the request does not match ABI v1: {e}"),
        )
    })?;
    let policy = env.policy.as_deref().unwrap_or("argo");
    match (policy, request) {
        ("argo", Request::OffloadRequest(r)) => {
            builtin::argo_offload(&r.settings, &r.workflow).map(Decision::Offload)
        }
        ("adaptive", Request::OffloadRequest(r)) => {
            builtin::adaptive_offload(&r.settings, &r.workflow).map(Decision::Offload)
        }
        ("argo" | "adaptive", Request::ArchiveRequest(r)) => {
            builtin::argo_archive(&r.settings, &r.workflow).map(Decision::Archive)
        }
        (other, _) => Err(PolicyError::new(
            "unknown_policy",
            format!(
                "no built-in policy named {other:?}; use one of {:?}",
                builtin::NAMES
            ),
        )),
    }
}

/// [`decide`], serialised as the ABI v1 response JSON.
pub fn evaluate(input: &[u8]) -> Vec<u8> {
    let response = match decide(input) {
        Ok(d) => Response {
            api_version: String::from(API_VERSION),
            decision: Some(d),
            error: None,
        },
        Err(e) => Response {
            api_version: String::from(API_VERSION),
            decision: None,
            error: Some(e),
        },
    };
    // Serialising these plain types cannot fail.
    serde_json::to_vec(&response).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn out(s: &str) -> String {
        String::from_utf8(evaluate(s.as_bytes())).unwrap()
    }

    #[test]
    fn errors_are_responses() {
        assert!(out("{").contains(r#""code":"invalid_input""#));
        assert!(
            out(r#"{"apiVersion":"v2","kind":"ArchiveRequest"}"#)
                .contains("unsupported_api_version")
        );
        assert!(
            out(r#"{"apiVersion":"policy.argoproj.io/v1","kind":"Nope"}"#)
                .contains("invalid_input")
        );
        let deep = "[".repeat(100_000);
        assert!(out(&deep).contains("invalid_input"));
    }

    #[test]
    fn offload_roundtrip() {
        let r = out(
            r#"{"apiVersion":"policy.argoproj.io/v1","kind":"OffloadRequest","settings":{"maxWorkflowSize":100},
            "workflow":{"hydrated":true,"workflowSize":50}}"#,
        );
        assert_eq!(
            r,
            r#"{"apiVersion":"policy.argoproj.io/v1","decision":{"action":"keep","reason":"size 50 <= maxSize 100"}}"#
        );
    }
}
