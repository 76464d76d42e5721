//! Go `encoding/json` output, byte for byte: re-encode any JSON document the way Go's
//! `json.Marshal` writes it, or count the bytes without writing them.
//!
//! The input is raw JSON bytes (for example `kubectl get wf X -o json`). What comes out
//! depends on [`Options`]:
//!
//! * [`Order::Sorted`]: every object is a Go map (what a generic `map[string]interface{}`
//!   or Kubernetes `unstructured` object gives): keys sorted bytewise, a repeated key
//!   keeps its last value.
//! * [`Order::Typed`]: the top-level object is an Argo v4.1.2 `Workflow`; objects that
//!   are Go structs Argo defines (metadata, spec, status, templates, steps, DAG tasks,
//!   parameters, artifacts, containers, `NodeStatus`, ...) are written in struct
//!   declaration order; map-typed members (labels, annotations, `status.nodes`,
//!   `resourcesDuration`, ...) sorted; `json.RawMessage` members (a plugin template
//!   body, `withItems` entries, `managedFields[].fieldsV1`) keep their own member order
//!   and escapes. Members the table does not know are kept, sorted, after the known
//!   ones; types it does not model (pod-level Kubernetes types such as `affinity`,
//!   `volumes`, probes) fall back to sorted order. Values are not changed, so the
//!   length equals the `Sorted` length except where a raw member differs.
//! * [`Order::Argo`]: what Argo's controller measures against `MAX_WORKFLOW_SIZE`: the
//!   typed order plus Go's round trip through the typed structs (spec §1.1): unknown
//!   members of modelled structs are dropped (matched case-insensitively, like Go),
//!   absent members without `omitempty` are written with their zero value
//!   (`"id":""`, `"startedAt":null`, `"arguments":{}`, `"resources":{}`), times are
//!   normalised to RFC 3339 UTC seconds, `AnyString` numbers become strings. Inside
//!   types the table does not model nothing is dropped or added; `resource.Quantity`
//!   values are written as given (Go would canonicalise them).
//!
//! Strings follow Go's HTML-safe escaping (`<`, `>`, `&`, U+2028, U+2029 as `\uXXXX`,
//! other control bytes as lowercase `\u00xx`, `\b` and `\f` short since Go 1.22 or
//! `\u0008`/`\u000c` with [`Escapes::Pre122`]). The bytes of a JSON string are taken as
//! the Go string: escapes are decoded as Go's decoder does (a lone surrogate becomes
//! U+FFFD), and a raw byte that is not valid UTF-8 is written `\ufffd`, as `json.Marshal`
//! does for such a Go string. Integers that fit `int64` are written unchanged; other
//! numbers as Go writes a `float64` (shortest digits, `1e+21`, `1e-7`).
//!
//! ```
//! use wfpack_codec::go_json::{self, Options, Order};
//!
//! let doc = br#"{ "b": "<x>", "a": 1.50 }"#;
//! let out = go_json::to_vec(doc, &Options::default())?;
//! assert_eq!(out, br#"{"a":1.5,"b":"\u003cx\u003e"}"#);
//! assert_eq!(go_json::encoded_len(doc, &Options::default())?, out.len());
//!
//! // What Argo measures: NodeStatus writes "id", "name", "type" and the times even when empty.
//! let wf = br#"{"status":{"nodes":{"foo":{}}}}"#;
//! let argo = go_json::to_vec(wf, &Options { order: Order::Argo, ..Options::default() })?;
//! assert_eq!(
//!     argo,
//!     br#"{"metadata":{},"spec":{"arguments":{}},"status":{"startedAt":null,"finishedAt":null,"nodes":{"foo":{"id":"","name":"","type":"","startedAt":null,"finishedAt":null}}}}"#
//! );
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

mod count;
pub(crate) mod encode;
pub(crate) mod number;
pub(crate) mod parse;
pub(crate) mod schema;
pub(crate) mod string;
pub(crate) mod time;
mod verbatim;

use alloc::vec::Vec;

pub(crate) use encode::{Encoder, Mode};
pub use parse::MAX_DEPTH;
pub(crate) use string::{Count, Sink};
pub(crate) use time::normalise as time_normalise;
pub(crate) use time::utc_seconds_shape;

use crate::error::Result;

/// How objects are ordered (and, for [`Order::Argo`], which typed rules apply).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
#[non_exhaustive]
pub enum Order {
    /// Every object is a map with sorted keys (`kubectl`/`unstructured`, generic Go maps).
    #[default]
    Sorted,
    /// Argo v4.1.2 struct declaration order for a Workflow; values unchanged.
    Typed,
    /// Struct order plus Go's typed round trip: the bytes Argo's controller measures.
    Argo,
}

/// Which Go release's string escapes to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Escapes {
    /// Go 1.22 and later (Argo v4): `\b` and `\f`.
    #[default]
    Go122,
    /// Go 1.21 and earlier: `\u0008` and `\u000c`.
    Pre122,
}

/// Encoding options.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct Options {
    /// Member order and typed rules.
    pub order: Order,
    /// String escapes.
    pub escapes: Escapes,
}

impl Options {
    /// What Argo v4.1.2 measures: [`Order::Argo`] with Go 1.22+ escapes.
    pub const ARGO: Options = Options {
        order: Order::Argo,
        escapes: Escapes::Go122,
    };
    /// Sorted keys (a generic map), Go 1.22+ escapes.
    pub const SORTED: Options = Options {
        order: Order::Sorted,
        escapes: Escapes::Go122,
    };
    /// Argo struct order, values unchanged, Go 1.22+ escapes.
    pub const TYPED: Options = Options {
        order: Order::Typed,
        escapes: Escapes::Go122,
    };

    pub(crate) fn mode(&self) -> Mode {
        match self.order {
            Order::Sorted => Mode::Sorted,
            Order::Typed => Mode::Typed,
            Order::Argo => Mode::Argo,
        }
    }
}

/// Encodes a parsed document into `sink`.
pub(crate) fn encode_doc<S: Sink>(
    s: &mut S,
    json: &[u8],
    v: &parse::Value<'_>,
    opts: &Options,
) -> Result<()> {
    let mut e = Encoder {
        s,
        esc: opts.escapes,
        base: json.as_ptr() as usize,
    };
    let mode = opts.mode();
    match mode {
        Mode::Sorted => e.generic(v),
        _ => e.value(v, Some(&schema::WORKFLOW_T), mode),
    }
}

/// Re-encodes a JSON document exactly as Go's `json.Marshal` would write it.
///
/// Errors: [`Error::Json`](crate::Error::Json) (with the byte offset) for input that is
/// not JSON, [`Error::JsonTooDeep`](crate::Error::JsonTooDeep) past [`MAX_DEPTH`],
/// [`Error::NumberOutOfRange`](crate::Error::NumberOutOfRange) for a number Go cannot
/// hold in a `float64`.
pub fn to_vec(json: &[u8], opts: &Options) -> Result<Vec<u8>> {
    let v = parse::parse(json)?;
    let mut out = Vec::with_capacity(json.len() + json.len() / 16);
    encode_doc(&mut out, json, &v, opts)?;
    Ok(out)
}

/// The length of [`to_vec`]'s output, counted without building it.
pub fn encoded_len(json: &[u8], opts: &Options) -> Result<usize> {
    let mode = opts.mode();
    let ty = if mode == Mode::Sorted {
        None
    } else {
        Some(&schema::WORKFLOW_T)
    };
    // Text already in Go's form (what Argo and the API server write) is its own length.
    if let Some(n) = verbatim::len(json, ty, mode, opts.escapes) {
        return Ok(n);
    }
    if let Some(n) = count::count(json, ty, mode, opts.escapes)? {
        return Ok(n);
    }
    let v = parse::parse(json)?;
    let mut c = Count(0);
    encode_doc(&mut c, json, &v, opts)?;
    Ok(c.0)
}

/// Appends one Go string (`s` taken as the Go string's bytes), quotes included.
///
/// ```
/// let mut out = Vec::new();
/// wfpack_codec::go_json::write_string(&mut out, b"a<b\x08\xff", wfpack_codec::go_json::Escapes::Go122);
/// assert_eq!(out, br#""a\u003cb\b\ufffd""#);
/// ```
pub fn write_string(out: &mut Vec<u8>, s: &[u8], escapes: Escapes) {
    string::go_string(out, s, escapes);
}

/// The length [`write_string`] would append.
pub fn string_len(s: &[u8], escapes: Escapes) -> usize {
    let mut c = Count(0);
    string::go_string(&mut c, s, escapes);
    c.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `encoded_len` counts `DDDD-DD-DDTDD:DD:DDZ` times without parsing them: the length
    /// must still be what is written, for valid, invalid and zero times, in every order.
    #[test]
    fn time_lengths_match_written_times() {
        for t in time::SAMPLES {
            let wf = alloc::format!(
                r#"{{"metadata":{{"creationTimestamp":"{t}"}},"status":{{"startedAt":"{t}","nodes":{{"a":{{"id":"a","startedAt":"{t}","finishedAt":"{t}"}}}}}}}}"#
            );
            for order in [Order::Sorted, Order::Typed, Order::Argo] {
                let opts = Options {
                    order,
                    escapes: Escapes::Go122,
                };
                let written = to_vec(wf.as_bytes(), &opts).map(|v| v.len()).ok();
                assert_eq!(
                    encoded_len(wf.as_bytes(), &opts).ok(),
                    written,
                    "{t} {order:?}"
                );
            }
        }
    }

    fn enc(s: &str, order: Order) -> alloc::string::String {
        let out = to_vec(
            s.as_bytes(),
            &Options {
                order,
                escapes: Escapes::Go122,
            },
        )
        .unwrap();
        assert_eq!(
            encoded_len(
                s.as_bytes(),
                &Options {
                    order,
                    escapes: Escapes::Go122
                }
            )
            .unwrap(),
            out.len()
        );
        alloc::string::String::from_utf8(out).unwrap()
    }

    #[test]
    fn sorted_resolves_duplicates_last_wins() {
        assert_eq!(
            enc(r#"{"b":1,"a":2,"b":3,"\u0061":4}"#, Order::Sorted),
            r#"{"a":4,"b":3}"#
        );
    }

    #[test]
    fn typed_orders_structs_and_keeps_unknown_members() {
        let doc = r#"{"status":{"nodes":{"n":{"zz":1,"type":"Pod","id":"n"}}},"spec":{},"metadata":{"name":"x"},"kind":"Workflow"}"#;
        assert_eq!(
            enc(doc, Order::Typed),
            r#"{"kind":"Workflow","metadata":{"name":"x"},"spec":{},"status":{"nodes":{"n":{"id":"n","type":"Pod","zz":1}}}}"#
        );
    }

    #[test]
    fn argo_drops_unknown_and_normalises() {
        let doc = r#"{"metadata":{"creationTimestamp":null},"spec":{"templates":[{"name":"t","plugin":{"z":1,"a":"<"}}],"arguments":{"parameters":[{"name":"p","value":5}]}},"status":{"startedAt":"2026-01-01T00:00:00.5+01:00","bogus":1}}"#;
        assert_eq!(
            enc(doc, Order::Argo),
            r#"{"metadata":{},"spec":{"templates":[{"name":"t","inputs":{},"outputs":{},"metadata":{},"plugin":{"z":1,"a":"\u003c"}}],"arguments":{"parameters":[{"name":"p","value":"5"}]}},"status":{"startedAt":"2025-12-31T23:00:00Z","finishedAt":null}}"#
        );
    }
}
