//! Argo's keep / compress / too-large ladder (spec §2.1, §1.3, §8), exact to the byte and
//! to the message, plus what Argo never shows: where the bytes go ([`breakdown`]) and how
//! much room each compression setting leaves ([`headroom`]).
//!
//! Sizes are what Argo's controller measures: `len(json.Marshal(typed Workflow))`, i.e.
//! [`go_json`](crate::go_json) with [`Options::ARGO`](crate::go_json::Options::ARGO).
//!
//! ```
//! use wfpack_codec::pack::{self, PackDecision};
//!
//! assert_eq!(pack::max_workflow_size(None), 1048576);
//! assert_eq!(pack::max_workflow_size(Some("junk")), 1048576);
//! assert_eq!(pack::max_workflow_size(Some("-1")), -1);
//!
//! let wf = br#"{"metadata":{"name":"w"},"spec":{},"status":{"nodes":{"a":{"id":"a","name":"w","type":"Pod"}}}}"#;
//! // A compressor stand-in that "compresses" to 8 base64 characters.
//! assert_eq!(pack::workflow_size(wf)?, 179);
//! let d = pack::decide_with(wf, 179, |_nodes| Ok("AAAAAAAA".into()))?;
//! assert!(matches!(d, PackDecision::Keep { workflow_size: 179 }));
//! let d = pack::decide_with(wf, 140, |_nodes| Ok("AAAAAAAA".into()))?;
//! assert!(matches!(d, PackDecision::Compress { compressed_workflow_size: 124, .. }));
//! let d = pack::decide_with(wf, 100, |_nodes| Ok("AAAAAAAA".into()))?;
//! let PackDecision::TooLarge { message, .. } = d else { panic!() };
//! assert_eq!(message, "workflow is longer than maximum allowed size. compressed size 124 > maxSize 100");
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

mod breakdown;

use alloc::string::String;
use alloc::vec::Vec;

use crate::error::{Error, Result};
use crate::go_json::parse::{RawStr, Value, parse};
use crate::go_json::schema::{self, Ty};
use crate::go_json::{Count, Encoder, Escapes, Mode, Options};
use crate::version::offload_version;

use crate::compress::{self, Algorithm, Level};
pub use breakdown::{Breakdown, FieldSize, NodeSize, Section, breakdown};

/// `MAX_WORKFLOW_SIZE` when unset, empty, unparsable or `0`: 1 MiB.
pub const DEFAULT_MAX_WORKFLOW_SIZE: i64 = 1024 * 1024;

/// The start of Argo's too-large error (`IsTooLargeError` tests this prefix).
pub const TOO_LARGE_PREFIX: &str = "workflow is longer than maximum allowed size.";

/// The database error of Argo's "explosive" offload repository (offload disabled).
pub const OFFLOAD_NOT_SUPPORTED: &str = "offload node status is not supported";

/// `MAX_WORKFLOW_SIZE` as Argo reads it (`strconv.Atoi`, on every call): empty, junk
/// (spaces, `0x10`, `1_000`, `1e6`) or `0` give the default 1048576; out-of-range values
/// clamp to the `int64` limits like `Atoi` does; negative values are accepted (every
/// workflow is then "large").
pub fn max_workflow_size(env: Option<&str>) -> i64 {
    match atoi(env.unwrap_or("")) {
        0 => DEFAULT_MAX_WORKFLOW_SIZE,
        n => n,
    }
}

/// Go's `strconv.Atoi` on a 64-bit platform, returning what Argo keeps (it ignores the
/// error): 0 on a syntax error, the clamped value on overflow.
fn atoi(s: &str) -> i64 {
    let b = s.as_bytes();
    let (neg, digits) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    if digits.is_empty() {
        return 0;
    }
    // ParseUint: stops at the first overflow (reporting the range error) even if junk
    // follows; a bad character before that is a syntax error.
    let mut n: u64 = 0;
    for &c in digits {
        if !c.is_ascii_digit() {
            return 0;
        }
        match n
            .checked_mul(10)
            .and_then(|m| m.checked_add((c - b'0') as u64))
        {
            Some(m) => n = m,
            None => return if neg { i64::MIN } else { i64::MAX },
        }
    }
    if neg {
        if n > i64::MAX as u64 + 1 {
            i64::MIN
        } else {
            (n as i128).wrapping_neg() as i64
        }
    } else if n > i64::MAX as u64 {
        i64::MAX
    } else {
        n as i64
    }
}

/// Argo's too-large error text:
/// `workflow is longer than maximum allowed size. compressed size C > maxSize M`.
pub fn too_large_message(compressed_size: usize, max: i64) -> String {
    alloc::format!("{TOO_LARGE_PREFIX} compressed size {compressed_size} > maxSize {max}")
}

/// The workflow's `status.message` when offloading after a too-large error fails:
/// Argo concatenates with **no separator**.
pub fn offload_failed_message(too_large: &str, db_error: &str) -> String {
    alloc::format!("{too_large}Tried to offload but encountered error: {db_error}")
}

/// Why Argo's `Dehydrate` leaves a workflow alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SkipReason {
    /// `status.compressedNodes` is already set.
    AlreadyCompressed,
    /// `status.offloadNodeStatusVersion` is already set.
    AlreadyOffloaded,
}

/// What Argo does when it persists the workflow.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PackDecision {
    /// `Dehydrate` is a no-op: the workflow is not hydrated (spec §2.1 step 1).
    Skip {
        /// Why.
        reason: SkipReason,
        /// The measured size, for information.
        workflow_size: usize,
    },
    /// Size <= max: nodes stay in `status.nodes`.
    Keep {
        /// The measured size.
        workflow_size: usize,
    },
    /// Size > max, and with `status.compressedNodes` the workflow fits.
    Compress {
        /// The measured size before compressing.
        workflow_size: usize,
        /// The size with `compressedNodes` instead of `nodes`.
        compressed_workflow_size: usize,
        /// The new `status.compressedNodes` (base64).
        compressed_nodes: String,
        /// Length of the nodes JSON that was compressed.
        nodes_json_len: usize,
    },
    /// Still too large after compressing: Argo offloads the nodes (if enabled) or marks
    /// the workflow `Error`.
    TooLarge {
        /// The measured size before compressing.
        workflow_size: usize,
        /// The size with `compressedNodes`.
        compressed_workflow_size: usize,
        /// Argo's error, see [`too_large_message`].
        message: String,
        /// `status.message` when node-status offload is disabled.
        status_message_offload_disabled: String,
        /// The offload version a successful offload records (`fnv:<n>`).
        offload_version: String,
        /// Length of the nodes JSON (what is offloaded and hashed).
        nodes_json_len: usize,
    },
}

impl PackDecision {
    /// `keep`, `compress`, `too_large` or `skip`, as the vectors name outcomes.
    pub fn outcome(&self) -> &'static str {
        match self {
            PackDecision::Skip { .. } => "skip",
            PackDecision::Keep { .. } => "keep",
            PackDecision::Compress { .. } => "compress",
            PackDecision::TooLarge { .. } => "too_large",
        }
    }
}

/// A parsed workflow with the measurements the ladder needs.
pub(crate) struct Measured<'a> {
    json: &'a [u8],
    doc: Value<'a>,
}

impl<'a> Measured<'a> {
    pub(crate) fn new(json: &'a [u8]) -> Result<Self> {
        let doc = parse(json)?;
        if !matches!(doc, Value::Object(_)) {
            return Err(Error::WorkflowNotObject);
        }
        Ok(Measured { json, doc })
    }

    fn base(&self) -> usize {
        self.json.as_ptr() as usize
    }

    /// Argo-measured size of a value of type `ty`.
    pub(crate) fn len_of(&self, v: &Value<'_>, ty: &Ty) -> Result<usize> {
        let mut c = Count(0);
        Encoder {
            s: &mut c,
            esc: Escapes::Go122,
            base: self.base(),
        }
        .value(v, Some(ty), Mode::Argo)?;
        Ok(c.0)
    }

    pub(crate) fn write_of(&self, v: &Value<'_>, ty: &Ty) -> Result<Vec<u8>> {
        let mut out = Vec::new();
        Encoder {
            s: &mut out,
            esc: Escapes::Go122,
            base: self.base(),
        }
        .value(v, Some(ty), Mode::Argo)?;
        Ok(out)
    }

    pub(crate) fn doc(&self) -> &Value<'a> {
        &self.doc
    }

    /// The last member that Go's decoder would bind to `field` of `st`.
    pub(crate) fn member<'v>(
        obj: &'v Value<'a>,
        st: &schema::Struct,
        field: &str,
    ) -> Option<&'v Value<'a>> {
        let Value::Object(m) = obj else { return None };
        m.iter()
            .rev()
            .find(|(k, _)| {
                let key = crate::go_json::encode::key_bytes(k);
                st.field(&key).is_some_and(|i| st.fields[i].name == field)
            })
            .map(|(_, v)| v)
    }

    pub(crate) fn status(&self) -> Option<&Value<'a>> {
        Self::member(&self.doc, &schema::WORKFLOW, "status")
    }

    /// `json.Marshal(wf.Status.Nodes)`: `null` when absent, null or empty.
    pub(crate) fn nodes_json(&self) -> Result<Vec<u8>> {
        match self
            .status()
            .and_then(|s| Self::member(s, &schema::WORKFLOW_STATUS, "nodes"))
        {
            Some(v @ Value::Object(m)) if !m.is_empty() => {
                self.write_of(v, &Ty::Map(&schema::NODE_STATUS_T))
            }
            _ => Ok(b"null".to_vec()),
        }
    }

    /// The Argo size of the workflow with `status.nodes` removed and
    /// `status.compressedNodes` set to a base64 string of `b64_len` characters.
    pub(crate) fn compressed_size(&self, b64_len: usize) -> Result<usize> {
        // Base64 characters never need escaping, so one placeholder measures them all.
        let placeholder = RawStr {
            raw: b"A",
            escaped: false,
        };
        let Value::Object(top) = &self.doc else {
            return Err(Error::WorkflowNotObject);
        };
        let mut top = top.clone();
        let is = |k: &RawStr<'_>, st: &schema::Struct, name: &str| {
            let key = crate::go_json::encode::key_bytes(k);
            st.field(&key).is_some_and(|i| st.fields[i].name == name)
        };
        let status_at = top
            .iter()
            .rposition(|(k, _)| is(k, &schema::WORKFLOW, "status"));
        let mut status: Vec<(RawStr<'_>, Value<'_>)> = match status_at.map(|i| &top[i].1) {
            Some(Value::Object(m)) => m.clone(),
            _ => Vec::new(),
        };
        status.retain(|(k, _)| {
            !is(k, &schema::WORKFLOW_STATUS, "nodes")
                && !is(k, &schema::WORKFLOW_STATUS, "compressedNodes")
        });
        status.push((
            RawStr {
                raw: b"compressedNodes",
                escaped: false,
            },
            Value::String(placeholder),
        ));
        match status_at {
            Some(i) => top[i].1 = Value::Object(status),
            None => top.push((
                RawStr {
                    raw: b"status",
                    escaped: false,
                },
                Value::Object(status),
            )),
        }
        let with_one = self.len_of(&Value::Object(top), &schema::WORKFLOW_T)?;
        Ok(with_one - 1 + b64_len)
    }
}

/// Argo's ladder with the given compression: keep if the Argo-measured size is
/// `<= max`, else compress `status.nodes` and measure again.
///
/// `max` is what [`max_workflow_size`] returns. Compression goes through
/// `compress::encode_nodes`; its bytes differ from Argo's Go encoders (spec §2.2), so a
/// decision within a few percent of the boundary can differ from Argo's. Use
/// [`decide_with`] to supply the compressed text yourself.
pub fn decide(
    workflow_json: &[u8],
    max: i64,
    algorithm: Algorithm,
    level: Level,
) -> Result<PackDecision> {
    decide_with(workflow_json, max, |nodes| {
        compress::encode_nodes(nodes, algorithm, level)
    })
}

/// [`decide`] with a caller-supplied compressor: `compress(nodes_json)` returns the
/// base64 `compressedNodes` text.
pub fn decide_with(
    workflow_json: &[u8],
    max: i64,
    compress: impl FnOnce(&[u8]) -> Result<String>,
) -> Result<PackDecision> {
    // Measuring streams over the bytes; a tree is built only when compressing.
    let (compressed, offloaded) = dehydrated(workflow_json)?;
    let workflow_size = crate::go_json::encoded_len(workflow_json, &Options::ARGO)?;
    if compressed {
        return Ok(PackDecision::Skip {
            reason: SkipReason::AlreadyCompressed,
            workflow_size,
        });
    }
    if offloaded {
        return Ok(PackDecision::Skip {
            reason: SkipReason::AlreadyOffloaded,
            workflow_size,
        });
    }
    if workflow_size as i128 <= max as i128 {
        return Ok(PackDecision::Keep { workflow_size });
    }
    let m = Measured::new(workflow_json)?;
    let nodes_json = m.nodes_json()?;
    let compressed_nodes = compress(&nodes_json)?;
    let compressed_workflow_size = m.compressed_size(compressed_nodes.len())?;
    if compressed_workflow_size as i128 <= max as i128 {
        return Ok(PackDecision::Compress {
            workflow_size,
            compressed_workflow_size,
            compressed_nodes,
            nodes_json_len: nodes_json.len(),
        });
    }
    let message = too_large_message(compressed_workflow_size, max);
    Ok(PackDecision::TooLarge {
        workflow_size,
        compressed_workflow_size,
        status_message_offload_disabled: offload_failed_message(&message, OFFLOAD_NOT_SUPPORTED),
        message,
        offload_version: offload_version(&nodes_json),
        nodes_json_len: nodes_json.len(),
    })
}

/// Whether `status.compressedNodes` / `status.offloadNodeStatusVersion` are non-empty
/// strings (members bound the way Go's decoder binds them; the last one wins). Fails
/// with [`Error::WorkflowNotObject`] when the document is not an object.
fn dehydrated(json: &[u8]) -> Result<(bool, bool)> {
    use crate::go_json::parse::Reader;
    fn binds(k: RawStr<'_>, st: &schema::Struct, name: &str) -> bool {
        let key = crate::go_json::encode::key_bytes(&k);
        st.field(&key).is_some_and(|i| st.fields[i].name == name)
    }
    let mut r = Reader::new(json);
    if r.peek() != Some(b'{') {
        // Report bad JSON as such before calling it "not an object".
        parse(json)?;
        return Err(Error::WorkflowNotObject);
    }
    let (mut compressed, mut offloaded) = (false, false);
    r.pos += 1;
    if r.peek() == Some(b'}') {
        return Ok((false, false));
    }
    loop {
        let k = r.string()?;
        r.expect(b':', "expected ':' after an object key")?;
        if binds(k, &schema::WORKFLOW, "status") && r.peek() == Some(b'{') {
            (compressed, offloaded) = (false, false);
            r.pos += 1;
            if r.peek() == Some(b'}') {
                r.pos += 1;
            } else {
                loop {
                    let sk = r.string()?;
                    r.expect(b':', "expected ':' after an object key")?;
                    let c = binds(sk, &schema::WORKFLOW_STATUS, "compressedNodes");
                    let o = binds(sk, &schema::WORKFLOW_STATUS, "offloadNodeStatusVersion");
                    let (s, e) = r.skip()?;
                    let set = e - s > 2 && json[s] == b'"';
                    let null = &json[s..e] == b"null";
                    if c && !null {
                        compressed = set;
                    }
                    if o && !null {
                        offloaded = set;
                    }
                    if r.close_or_next(b'}')? {
                        break;
                    }
                }
            }
        } else {
            if binds(k, &schema::WORKFLOW, "status") {
                (compressed, offloaded) = (false, false);
            }
            r.skip()?;
        }
        if r.close_or_next(b'}')? {
            break;
        }
    }
    Ok((compressed, offloaded))
}

/// The Argo-measured size of a workflow (`len(json.Marshal(wf))`).
pub fn workflow_size(workflow_json: &[u8]) -> Result<usize> {
    crate::go_json::encoded_len(workflow_json, &Options::ARGO)
}

/// `json.Marshal(wf.Status.Nodes)` of a workflow: the bytes Argo compresses, hashes and
/// offloads (`null` when there are no nodes).
pub fn nodes_json(workflow_json: &[u8]) -> Result<Vec<u8>> {
    Measured::new(workflow_json)?.nodes_json()
}

/// One row of [`headroom`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headroom {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The level.
    pub level: Level,
    /// Length of `compressedNodes` (base64) with this setting.
    pub compressed_nodes_len: usize,
    /// The workflow's Argo size with that `compressedNodes`.
    pub workflow_size: usize,
    /// `max - workflow_size`: bytes left under the maximum (negative: over it).
    pub bytes_left: i64,
}

/// For each `(algorithm, level)`: the compressed size, the resulting workflow size and
/// the bytes left under `max`. The workflow is parsed and its nodes encoded once.
pub fn headroom(
    workflow_json: &[u8],
    max: i64,
    settings: &[(Algorithm, Level)],
) -> Result<Vec<Headroom>> {
    let m = Measured::new(workflow_json)?;
    let nodes = m.nodes_json()?;
    let base = m.compressed_size(0)?;
    let mut rows = Vec::with_capacity(settings.len());
    for &(algorithm, level) in settings {
        let b64 = compress::encode_nodes(&nodes, algorithm, level)?;
        let workflow_size = base + b64.len();
        rows.push(Headroom {
            algorithm,
            level,
            compressed_nodes_len: b64.len(),
            workflow_size,
            bytes_left: max.saturating_sub(workflow_size as i64),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atoi_rules() {
        for (s, want) in [
            ("", DEFAULT_MAX_WORKFLOW_SIZE),
            ("0", DEFAULT_MAX_WORKFLOW_SIZE),
            ("-0", DEFAULT_MAX_WORKFLOW_SIZE),
            ("abc", DEFAULT_MAX_WORKFLOW_SIZE),
            (" 5", DEFAULT_MAX_WORKFLOW_SIZE),
            ("5 ", DEFAULT_MAX_WORKFLOW_SIZE),
            ("1e6", DEFAULT_MAX_WORKFLOW_SIZE),
            ("0x10", DEFAULT_MAX_WORKFLOW_SIZE),
            ("1_000", DEFAULT_MAX_WORKFLOW_SIZE),
            ("+", DEFAULT_MAX_WORKFLOW_SIZE),
            ("10240", 10240),
            ("+10240", 10240),
            ("007", 7),
            ("-1", -1),
            ("9223372036854775807", i64::MAX),
            ("99999999999999999999", i64::MAX),
            ("99999999999999999999x", i64::MAX),
            ("-9223372036854775808", i64::MIN),
            ("-99999999999999999999", i64::MIN),
        ] {
            assert_eq!(max_workflow_size(Some(s)), want, "{s:?}");
        }
        assert_eq!(max_workflow_size(None), DEFAULT_MAX_WORKFLOW_SIZE);
    }

    #[test]
    fn messages() {
        let m = too_large_message(28266, 10240);
        assert_eq!(
            m,
            "workflow is longer than maximum allowed size. compressed size 28266 > maxSize 10240"
        );
        assert_eq!(
            offload_failed_message(&m, OFFLOAD_NOT_SUPPORTED),
            "workflow is longer than maximum allowed size. compressed size 28266 > maxSize 10240Tried to offload but encountered error: offload node status is not supported"
        );
    }

    #[test]
    fn empty_nodes_compress_null_and_never_fit() {
        let wf = br#"{"metadata":{"name":"x"},"spec":{},"status":{"nodes":{}}}"#;
        let mut seen = Vec::new();
        let d = decide_with(wf, 1, |n| {
            seen.extend_from_slice(n);
            Ok(String::from("bnVsbA=="))
        })
        .unwrap();
        assert_eq!(seen, b"null");
        assert_eq!(d.outcome(), "too_large");
        let PackDecision::TooLarge {
            offload_version, ..
        } = d
        else {
            unreachable!()
        };
        assert_eq!(offload_version, crate::version::offload_version(b"null"));
    }

    #[test]
    fn already_dehydrated_is_skipped() {
        let wf = br#"{"status":{"compressedNodes":"H4sI"}}"#;
        let d = decide_with(wf, 1, |_| unreachable!()).unwrap();
        assert!(matches!(
            d,
            PackDecision::Skip {
                reason: SkipReason::AlreadyCompressed,
                ..
            }
        ));
        let wf = br#"{"status":{"offloadNodeStatusVersion":"fnv:1"}}"#;
        let d = decide_with(wf, 1, |_| unreachable!()).unwrap();
        assert!(matches!(
            d,
            PackDecision::Skip {
                reason: SkipReason::AlreadyOffloaded,
                ..
            }
        ));
        assert_eq!(
            decide_with(b"[]", 1, |_| unreachable!()),
            Err(Error::WorkflowNotObject)
        );
    }
}
