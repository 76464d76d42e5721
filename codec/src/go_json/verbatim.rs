//! The fast path of [`encoded_len`](super::encoded_len): a document that is already
//! compact and in Go's form (every string escaped as Go escapes it, every integer as Go
//! writes it, no member Go would drop or add) has Go's length without counting. That is
//! what Argo itself writes (the archive and offload tables, `compressedNodes` once
//! decoded) and, apart from member order, what the Kubernetes API server returns.
//!
//! Length does not depend on member order, so a struct's members may come in any order
//! (declaration order from Argo, sorted from the API server); map and generic object keys
//! must be strictly sorted, which also rules out repeated keys. Anything else, from
//! indentation to one number Go would rewrite, answers `None` and the caller counts
//! normally, so this check only has to be right when it says yes. It accepts only valid
//! JSON (UTF-8 checked once for the whole text), within the parser's nesting limit.

use super::Escapes;
use super::encode::Mode;
use super::parse::MAX_DEPTH;
use super::schema::{Struct, Ty};
use super::string::{is_line_separator, skip_plain};
use super::time;

/// Go's output length of `json` read as `ty` (`None`: a generic document) under `mode`,
/// when that output is `json` itself without its surrounding whitespace; `None` when it
/// might not be (the caller then counts).
pub(crate) fn len(json: &[u8], ty: Option<&Ty>, mode: Mode, esc: Escapes) -> Option<usize> {
    // Typed order keeps unknown members and needs no zero values: not handled here.
    let ty = match (mode, ty) {
        (Mode::Argo, Some(ty)) => Some(ty),
        (Mode::Sorted, _) => None,
        _ => return None,
    };
    core::str::from_utf8(json).ok()?;
    let start = skip_ws(json, 0);
    let v = Verbatim { b: json, esc };
    let end = match ty {
        Some(ty) => v.typed(start, ty, 0)?,
        None => v.generic(start, 0)?,
    };
    (skip_ws(json, end) == json.len()).then_some(end - start)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\n' | b'\r' | b'\t')) {
        i += 1;
    }
    i
}

struct Verbatim<'a> {
    b: &'a [u8],
    esc: Escapes,
}

impl Verbatim<'_> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// A value of Argo type `ty` at `i` that Go's typed round trip writes unchanged;
    /// returns where it ends.
    fn typed(&self, i: usize, ty: &Ty, depth: usize) -> Option<usize> {
        if depth >= MAX_DEPTH {
            return None;
        }
        match (ty, self.at(i)?) {
            (Ty::Struct(st), b'{') => self.strukt(i, st, depth),
            (Ty::Map(el), b'{') => self.object(i, depth, |v, j| v.typed(j, el, depth + 1)),
            (Ty::Slice(el), b'[') => self.array(i, depth, |v, j| {
                // Go writes a `null` element as the element's zero value.
                if v.at(j) == Some(b'n') {
                    return None;
                }
                v.typed(j, el, depth + 1)
            }),
            // A nil map or slice is written `null`.
            (Ty::Map(_) | Ty::Slice(_), b'n') => self.literal(i, b"null"),
            (Ty::Str | Ty::AnyString, b'"') => self.go_str(i).map(|(end, _)| end),
            (Ty::Time, b'"') => {
                let (end, plain) = self.go_str(i)?;
                let s = &self.b[i + 1..end - 1];
                // `metav1.Time`: UTC seconds as written by Go; the zero time is `null`.
                let same = plain
                    && if time::utc_seconds_shape(s) {
                        s != b"0001-01-01T00:00:00Z"
                    } else {
                        matches!(time::normalise(s), Some(Some(t)) if t[..] == *s)
                    };
                same.then_some(end)
            }
            (Ty::Int, b'-' | b'0'..=b'9') => self.int(i),
            (Ty::Bool, b't') => self.literal(i, b"true"),
            (Ty::Bool, b'f') => self.literal(i, b"false"),
            (Ty::Raw, _) => self.raw(i, depth),
            (Ty::Any | Ty::IntOrString, _) => self.generic(i, depth),
            _ => None,
        }
    }

    /// A struct's members, in any order: each known by its exact name, present once, not
    /// dropped by `omitempty`, `null` only where Go writes `null`; and every member Go
    /// writes when absent there.
    fn strukt(&self, i: usize, st: &Struct, depth: usize) -> Option<usize> {
        if st.fields.len() > 64 {
            return None;
        }
        let mut present: u64 = 0;
        let mut hint = 0;
        let end = self.items(i, depth, b'}', |v, j| {
            let (f, len) = st.key_at(v.b, j, hint, true)?;
            let mut j = j + len;
            if v.at(j) != Some(b':') || present & (1 << f) != 0 {
                return None;
            }
            j += 1;
            present |= 1 << f;
            hint = f + 1;
            let field = &st.fields[f];
            let start = j;
            if v.at(j) == Some(b'n') {
                // Go reads `null` as the zero value and writes that as it writes an
                // absent member: the same text only when it is written as `null`.
                j = v.literal(j, b"null")?;
                let null = st.written_absent & (1 << f) != 0
                    && (field.ptr || super::count::zero_len(&field.ty) == 4);
                if !null {
                    return None;
                }
            } else {
                j = v.typed(j, &field.ty, depth + 1)?;
            }
            let dropped =
                field.omitempty && !field.ptr && super::count::is_empty(&field.ty, &v.b[start..j]);
            (!dropped).then_some(j)
        })?;
        (st.written_absent & !present == 0).then_some(end)
    }

    /// `{...}` with Go-written keys in strictly increasing order (a Go map, sorted; no
    /// repeats) and each value checked by `value`.
    fn object(
        &self,
        i: usize,
        depth: usize,
        mut value: impl FnMut(&Self, usize) -> Option<usize>,
    ) -> Option<usize> {
        let mut last: Option<&[u8]> = None;
        self.items(i, depth, b'}', |v, j| {
            if v.at(j) != Some(b'"') {
                return None;
            }
            let (end, plain) = v.go_str(j)?;
            let key = &v.b[j + 1..end - 1];
            // Escaped keys sort by their decoded text: leave them to the counter.
            if !plain || last.is_some_and(|l| key <= l) || v.at(end) != Some(b':') {
                return None;
            }
            last = Some(key);
            value(v, end + 1)
        })
    }

    /// `[...]` with each item checked by `item`.
    fn array(
        &self,
        i: usize,
        depth: usize,
        item: impl FnMut(&Self, usize) -> Option<usize>,
    ) -> Option<usize> {
        self.items(i, depth, b']', item)
    }

    /// The items of a container opened at `i` and closed by `close`, compact: `item`
    /// checks one (a member with its key, or an element) at its start and returns its
    /// end. Returns the container's end.
    fn items<'s>(
        &'s self,
        i: usize,
        depth: usize,
        close: u8,
        mut item: impl FnMut(&'s Self, usize) -> Option<usize>,
    ) -> Option<usize> {
        if depth >= MAX_DEPTH {
            return None;
        }
        let mut j = i + 1;
        if self.at(j) == Some(close) {
            return Some(j + 1);
        }
        loop {
            j = item(self, j)?;
            match self.at(j)? {
                b',' => j += 1,
                c if c == close => return Some(j + 1),
                _ => return None,
            }
        }
    }

    /// A generic value (Go's `interface{}`: maps sorted, integers kept, other numbers
    /// rewritten as `float64`).
    fn generic(&self, i: usize, depth: usize) -> Option<usize> {
        match self.at(i)? {
            b'{' => self.object(i, depth, |v, j| v.generic(j, depth + 1)),
            b'[' => self.array(i, depth, |v, j| v.generic(j, depth + 1)),
            b'"' => self.go_str(i).map(|(end, _)| end),
            b'-' | b'0'..=b'9' => self.int(i).or_else(|| self.float(i)),
            b't' => self.literal(i, b"true"),
            b'f' => self.literal(i, b"false"),
            b'n' => self.literal(i, b"null"),
            _ => None,
        }
    }

    /// Any other number that Go's `float64` encoding writes back unchanged.
    fn float(&self, i: usize) -> Option<usize> {
        let end = self.number(i)?;
        let lit = &self.b[i..end];
        let mut out = alloc::vec::Vec::with_capacity(lit.len() + 8);
        super::number::write(&mut out, lit, i).ok()?;
        (out == lit).then_some(end)
    }

    /// `json.RawMessage`: Go compacts it and escapes `<`, `>`, `&`, U+2028 and U+2029 in
    /// its strings; anything else (member order, repeats, escapes, number spelling) stays.
    fn raw(&self, i: usize, depth: usize) -> Option<usize> {
        match self.at(i)? {
            b'{' => self.items(i, depth, b'}', |v, j| {
                if v.at(j) != Some(b'"') {
                    return None;
                }
                let end = v.raw_str(j)?;
                if v.at(end) != Some(b':') {
                    return None;
                }
                v.raw(end + 1, depth + 1)
            }),
            b'[' => self.array(i, depth, |v, j| v.raw(j, depth + 1)),
            b'"' => self.raw_str(i),
            b'-' | b'0'..=b'9' => self.number(i),
            b't' => self.literal(i, b"true"),
            b'f' => self.literal(i, b"false"),
            b'n' => self.literal(i, b"null"),
            _ => None,
        }
    }

    fn literal(&self, i: usize, lit: &[u8]) -> Option<usize> {
        let end = i + lit.len();
        (self.b.get(i..end)? == lit).then_some(end)
    }

    /// An integer Go writes unchanged (fits `int64`; not `-0`): where it ends.
    fn int(&self, i: usize) -> Option<usize> {
        let neg = self.at(i) == Some(b'-');
        let d = i + usize::from(neg);
        let mut j = d;
        while matches!(self.at(j), Some(b'0'..=b'9')) {
            j += 1;
        }
        let digits = j - d;
        let ok = (1..=18).contains(&digits)
            && (self.b[d] != b'0' || (digits == 1 && !neg))
            && !matches!(self.at(j), Some(b'.' | b'e' | b'E'));
        ok.then_some(j)
    }

    /// Any valid JSON number (kept as written inside a raw message): where it ends.
    fn number(&self, i: usize) -> Option<usize> {
        let mut j = i + usize::from(self.at(i) == Some(b'-'));
        let digits = |mut j: usize| {
            let s = j;
            while matches!(self.at(j), Some(b'0'..=b'9')) {
                j += 1;
            }
            (j > s).then_some(j)
        };
        j = match self.at(j)? {
            b'0' => j + 1,
            b'1'..=b'9' => digits(j)?,
            _ => return None,
        };
        if self.at(j) == Some(b'.') {
            j = digits(j + 1)?;
        }
        if matches!(self.at(j), Some(b'e' | b'E')) {
            j += 1;
            if matches!(self.at(j), Some(b'+' | b'-')) {
                j += 1;
            }
            j = digits(j)?;
        }
        Some(j)
    }

    /// A string (cursor on its quote) whose escapes are exactly the ones Go writes for its
    /// content and that has no byte Go would escape: where it ends (after the closing
    /// quote), and whether it has no escape at all.
    fn go_str(&self, i: usize) -> Option<(usize, bool)> {
        let b = self.b;
        let mut j = i + 1;
        let mut plain = true;
        loop {
            j = skip_plain(b, j);
            match *b.get(j)? {
                b'"' => return Some((j + 1, plain)),
                b'\\' => {
                    plain = false;
                    j = self.go_escape(j)?;
                }
                // A control byte (invalid JSON), `<`, `>`, `&`, U+2028 or U+2029 raw.
                0..=0x1f | b'<' | b'>' | b'&' => return None,
                0xE2 if is_line_separator(b, j) => return None,
                _ => j += 1,
            }
        }
    }

    /// With `b[j]` a backslash: the end of the escape when it is the one Go writes.
    fn go_escape(&self, j: usize) -> Option<usize> {
        let go122 = self.esc == Escapes::Go122;
        match self.at(j + 1)? {
            b'"' | b'\\' | b'n' | b'r' | b't' => Some(j + 2),
            b'b' | b'f' if go122 => Some(j + 2),
            b'u' => {
                let hex = self.b.get(j + 2..j + 6)?;
                let mut v = 0u32;
                for &c in hex {
                    // Go writes lowercase hex digits.
                    let d = match c {
                        b'0'..=b'9' => c - b'0',
                        b'a'..=b'f' => c - b'a' + 10,
                        _ => return None,
                    };
                    v = v << 4 | u32::from(d);
                }
                let go = match v {
                    0x08 | 0x0c => !go122,
                    0x09 | 0x0a | 0x0d => false,
                    0x00..=0x1f | 0x3c | 0x3e | 0x26 | 0x2028 | 0x2029 => true,
                    _ => false,
                };
                go.then_some(j + 6)
            }
            _ => None,
        }
    }

    /// A string inside a raw message: any valid escape, no raw `<`, `>`, `&`, U+2028 or
    /// U+2029 (Go's compaction escapes those): where it ends.
    fn raw_str(&self, i: usize) -> Option<usize> {
        let b = self.b;
        let mut j = i + 1;
        loop {
            j = skip_plain(b, j);
            match *b.get(j)? {
                b'"' => return Some(j + 1),
                b'\\' => match self.at(j + 1)? {
                    b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't' => j += 2,
                    b'u' if self.b.get(j + 2..j + 6)?.iter().all(u8::is_ascii_hexdigit) => {
                        j += 6;
                    }
                    _ => return None,
                },
                0..=0x1f | b'<' | b'>' | b'&' => return None,
                0xE2 if is_line_separator(b, j) => return None,
                _ => j += 1,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go_json::schema::WORKFLOW_T;
    use crate::go_json::{Options, encoded_len, to_vec, write_string};
    use alloc::vec::Vec;

    fn argo_len(json: &[u8]) -> Option<usize> {
        len(json, Some(&WORKFLOW_T), Mode::Argo, Escapes::Go122)
    }

    /// A workflow with what real ones hold: escapes in messages, a plugin template
    /// (raw message), times, integers, maps, labels.
    const SAMPLE: &[u8] = br#"{"metadata":{"name":"w","namespace":"argo","uid":"u-1","resourceVersion":"7","generation":3,"creationTimestamp":"2026-08-01T00:00:00Z","labels":{"a":"1","b/c":"x<y"}},
      "spec":{"entrypoint":"main","templates":[{"name":"main","plugin":{"hello":{"b":1.50,"a":"x & y"}}},
      {"name":"s","steps":[[{"name":"a","template":"main","arguments":{"parameters":[{"name":"p","value":"v"}]}}]]}],
      "arguments":{"parameters":[{"name":"n","value":"3"}]}},
      "status":{"phase":"Running","startedAt":"2026-08-01T00:00:01Z","finishedAt":null,"progress":"1/2",
      "nodes":{"w":{"id":"w","name":"w","displayName":"w","type":"Steps","phase":"Running","message":"tab\tquote\" <b> \u00e9\u2028 \u0001","startedAt":"2026-08-01T00:00:01Z","finishedAt":null,"children":["w-1"]},
      "w-1":{"id":"w-1","name":"w[0].a","type":"Pod","phase":"Succeeded","startedAt":"2026-08-01T00:00:02Z","finishedAt":"2026-08-01T00:00:09Z","estimatedDuration":7,"resourcesDuration":{"cpu":1,"memory":2},"outputs":{"parameters":[{"name":"o","value":"1"}],"exitCode":"0"}}}}}"#;

    #[test]
    fn go_output_is_its_own_length() {
        for opts in [Options::ARGO, Options::SORTED] {
            let out = to_vec(SAMPLE, &opts).unwrap();
            let ty = (opts.mode() == Mode::Argo).then_some(&WORKFLOW_T);
            assert_eq!(len(&out, ty, opts.mode(), opts.escapes), Some(out.len()));
            // Surrounding whitespace is not part of Go's output.
            let mut spaced = b" \n".to_vec();
            spaced.extend_from_slice(&out);
            spaced.extend_from_slice(b"\n");
            assert_eq!(len(&spaced, ty, opts.mode(), opts.escapes), Some(out.len()));
        }
        // The sample itself is not (indented, a float in the plugin is fine but `null`
        // finishedAt in a struct and unsorted plugin keys are kept... the newlines are not).
        assert_eq!(argo_len(SAMPLE), None);
        assert_eq!(
            encoded_len(SAMPLE, &Options::ARGO).unwrap(),
            to_vec(SAMPLE, &Options::ARGO).unwrap().len()
        );
    }

    /// Every change that makes Go's output differ from the text is refused, and the
    /// counter's answer (what `encoded_len` returns then) is the written length.
    #[test]
    fn anything_go_rewrites_is_refused() {
        let out = to_vec(SAMPLE, &Options::ARGO).unwrap();
        let text = core::str::from_utf8(&out).unwrap();
        let edits: &[(&str, &str)] = &[
            (r#""phase":"Running""#, r#""phase": "Running""#),
            (r#""generation":3"#, r#""generation":3.0"#),
            (r#""generation":3"#, r#""generation":-0"#),
            (r#""generation":3"#, r#""generation":"3""#),
            (r#""estimatedDuration":7"#, r#""estimatedDuration":0"#),
            (r#""progress":"1/2""#, r#""progress":"1\/2""#),
            (r#""progress":"1/2""#, r#""progress":"""#),
            (r#""progress":"1/2""#, r#""progress":null"#),
            (r#""progress":"1/2""#, r#""progress":"1/2","zzz":1"#),
            (
                r#""progress":"1/2""#,
                r#""progress":"1/2","progress":"1/2""#,
            ),
            (r#""progress":"1/2""#, r#""Progress":"1/2""#),
            (r#"\u003cb\u003e"#, r#"\u003Cb\u003e"#),
            (r#"\u003cb\u003e"#, r#"<b>"#),
            (r#"\t"#, r#"\u0009"#),
            (r#"\u0001"#, r#"\u0001\/"#),
            (r#"é"#, r#"\u00e9"#),
            (r#"\u2028"#, "\u{2028}"),
            (
                r#""startedAt":"2026-08-01T00:00:02Z""#,
                r#""startedAt":"2026-08-01T01:00:02+01:00""#,
            ),
            (
                r#""startedAt":"2026-08-01T00:00:02Z""#,
                r#""startedAt":"0001-01-01T00:00:00Z""#,
            ),
            (
                r#""labels":{"a":"1","b/c""#,
                r#""labels":{"b/c":"x","a":"1","c""#,
            ),
            (r#""labels":{"a":"1","#, r#""labels":{"a":"1","a":"2","#),
            (r#""children":["w-1"]"#, r#""children":["w-1",null]"#),
            (r#""children":["w-1"]"#, r#""children":[]"#),
            (r#""exitCode":"0""#, r#""exitCode":0"#),
            (r#""a":"x \u0026 y""#, r#""a":"x & y""#),
        ];
        for (from, to) in edits {
            assert!(text.contains(from), "{from}");
            let edited = text.replacen(from, to, 1);
            let e = edited.as_bytes();
            if let Some(n) = argo_len(e) {
                // Accepted only when Go writes the same length (a harmless edit).
                assert_eq!(n, to_vec(e, &Options::ARGO).unwrap().len(), "{to}");
                panic!("{to}: accepted");
            }
            if let Ok(w) = to_vec(e, &Options::ARGO) {
                assert_eq!(encoded_len(e, &Options::ARGO).unwrap(), w.len(), "{to}");
            }
        }
        // Edits Go writes back as they are are accepted, with Go's length.
        for (from, to) in [
            (
                r#""startedAt":"2026-08-01T00:00:02Z""#,
                r#""startedAt":null"#,
            ),
            (
                r#""id":"w-1","name":"w[0].a""#,
                r#""name":"w[0].a","id":"w-1""#,
            ),
            (
                r#""plugin":{"hello":{"b":1.50,"#,
                r#""plugin":{"hello":{"b":1.50e0,"#,
            ),
        ] {
            assert!(text.contains(from), "{from}");
            let edited = text.replacen(from, to, 1);
            let go = to_vec(edited.as_bytes(), &Options::ARGO).unwrap();
            assert_eq!(argo_len(edited.as_bytes()), Some(go.len()), "{to}");
        }
        // Member order does not change the length: sorted members are accepted.
        let sorted = to_vec(&out, &Options::SORTED).unwrap();
        assert_eq!(argo_len(&sorted), Some(sorted.len()));
    }

    /// Go's own bytes from the shared vectors (`json.Marshal` of the typed Workflow, and
    /// of the generic object) are measured without counting, in both member orders.
    #[test]
    fn go_written_vectors_take_the_fast_path() {
        extern crate std;
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/vectors");
        let Ok(entries) = std::fs::read_dir(&dir) else {
            return; // Only the source tree has the shared vectors.
        };
        let mut seen = 0;
        for e in entries.flatten() {
            for (file, ty, mode) in [
                ("workflow.typed.json", Some(&WORKFLOW_T), Mode::Argo),
                ("workflow.json", Some(&WORKFLOW_T), Mode::Argo),
                ("workflow.json", None, Mode::Sorted),
                (
                    "workflow.compressed.typed.json",
                    Some(&WORKFLOW_T),
                    Mode::Argo,
                ),
            ] {
                let Ok(text) = std::fs::read(e.path().join(file)) else {
                    continue;
                };
                let trimmed = text.trim_ascii();
                let opts = if mode == Mode::Argo {
                    Options::ARGO
                } else {
                    Options::SORTED
                };
                let go = to_vec(&text, &opts).unwrap();
                assert_eq!(
                    len(&text, ty, mode, Escapes::Go122),
                    Some(go.len()),
                    "{}/{file} {mode:?}",
                    e.path().display()
                );
                if file.contains("typed") {
                    assert_eq!(go, trimmed, "{file}");
                }
                seen += 1;
            }
        }
        assert!(seen >= 16, "{seen} vector files");
    }

    #[test]
    fn strings_are_accepted_exactly_as_go_escapes_them() {
        let samples: &[&str] = &[
            "",
            "a",
            "plain text",
            "<>&",
            "\u{2028}\u{2029}",
            "\"\\/",
            "\u{0}\u{1f}\u{7f}",
            "\u{8}\u{c}\n\r\t",
            "é ✓ 🚀",
            "\u{e2}\u{80}",
            "a\u{2027}b",
        ];
        for s in samples {
            for esc in [Escapes::Go122, Escapes::Pre122] {
                let mut go = Vec::new();
                write_string(&mut go, s.as_bytes(), esc);
                let v = Verbatim { b: &go, esc };
                assert_eq!(v.go_str(0).map(|(end, _)| end), Some(go.len()), "{s:?}");
            }
        }
        let v = |b: &[u8]| {
            Verbatim {
                b,
                esc: Escapes::Go122,
            }
            .go_str(0)
            .map(|(e, _)| e)
        };
        for other in [
            &br#""\u0008""#[..],
            br#""\/""#,
            br#""\u0041""#,
            br#""\u00E9""#,
            br#""\u000a""#,
            b"\"\x01\"",
            b"\"a",
        ] {
            assert_eq!(v(other), None, "{}", core::str::from_utf8(other).unwrap());
        }
        let pre = |b: &[u8]| {
            Verbatim {
                b,
                esc: Escapes::Pre122,
            }
            .go_str(0)
            .map(|(e, _)| e)
        };
        assert_eq!(pre(br#""\b""#), None);
        assert_eq!(pre(br#""\u0008""#), Some(8));
    }

    #[test]
    fn depth_and_validity_are_left_to_the_counter() {
        let deep: Vec<u8> = core::iter::repeat_n(b'[', MAX_DEPTH + 1)
            .chain(core::iter::repeat_n(b']', MAX_DEPTH + 1))
            .collect();
        assert_eq!(len(&deep, None, Mode::Sorted, Escapes::Go122), None);
        for bad in [
            &b"{\"a\":1,}"[..],
            b"[1 ,2]",
            b"[01]",
            b"\"\xff\"",
            b"tru",
            b"[1.]",
            b"{\"a\"}",
        ] {
            assert_eq!(len(bad, None, Mode::Sorted, Escapes::Go122), None);
        }
        assert_eq!(
            len(
                b"[1,\"a\",true,null,{}]",
                None,
                Mode::Sorted,
                Escapes::Go122
            ),
            Some(20)
        );
    }
}
