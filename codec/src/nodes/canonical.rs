//! A quick check that a sub-document is already exactly what Go writes in typed order
//! (compact, members in struct order, map keys sorted, strings and integers that Go
//! writes unchanged), so decoding can keep its bytes instead of re-encoding them.
//! Anything unusual answers `false` and takes the slow, exact path.

use crate::go_json::parse::Reader;
use crate::go_json::schema::{Struct, Ty};
use crate::go_json::string::verbatim_str_end;
use crate::go_json::time_normalise;

fn at(r: &mut Reader<'_>, c: u8) -> bool {
    // Compact: no whitespace allowed anywhere.
    if r.b.get(r.pos) == Some(&c) {
        r.pos += 1;
        true
    } else {
        false
    }
}

/// With the cursor on a key's opening quote: the field from `from` on that the key
/// names exactly (see [`Struct::key_at`]), and the cursor after the key.
#[inline]
fn key_field(r: &mut Reader<'_>, st: &Struct, from: usize) -> Option<usize> {
    let (i, len) = st.key_at(r.b, r.pos, from, false)?;
    r.pos += len;
    Some(i)
}

/// Reads one value of type `ty` (cursor on it) and answers whether it is canonical (see
/// [`is_canonical`]). With `ARGO`, the same pass also clears `*argo` unless Go's typed
/// round trip (`Mode::Argo`, see [`is_argo_canonical`]) writes the value unchanged too,
/// so one read of a sub-document establishes both.
fn value<const ARGO: bool>(
    r: &mut Reader<'_>,
    ty: Option<&Ty>,
    depth: usize,
    argo: &mut bool,
) -> bool {
    if depth > 64 {
        return false;
    }
    match r.b.get(r.pos) {
        Some(b'{') => {
            r.pos += 1;
            if let Some(Ty::Struct(st)) = ty {
                return typed_struct::<ARGO>(r, st, depth, argo);
            }
            if ARGO && !matches!(ty, Some(Ty::Map(_))) {
                *argo = false;
            }
            if at(r, b'}') {
                return true;
            }
            let vty = match ty {
                Some(Ty::Map(el)) => Some(&**el),
                _ => None,
            };
            let mut last_key: &[u8] = &[];
            let mut first = true;
            loop {
                let Some(k) = verbatim_str(r) else {
                    return false;
                };
                if !at(r, b':') || (!first && k <= last_key) {
                    return false;
                }
                last_key = k;
                first = false;
                if !value::<ARGO>(r, vty, depth + 1, argo) {
                    return false;
                }
                if at(r, b',') {
                    continue;
                }
                return at(r, b'}');
            }
        }
        Some(b'[') => {
            r.pos += 1;
            let el = match ty {
                Some(Ty::Slice(el)) => Some(&**el),
                _ => {
                    if ARGO {
                        *argo = false;
                    }
                    None
                }
            };
            if at(r, b']') {
                return true;
            }
            loop {
                if !value::<ARGO>(r, el, depth + 1, argo) {
                    return false;
                }
                if at(r, b',') {
                    continue;
                }
                return at(r, b']');
            }
        }
        Some(b'"') => {
            let Some(s) = verbatim_str(r) else {
                return false;
            };
            if ARGO && *argo {
                *argo = match ty {
                    Some(Ty::Str | Ty::AnyString) => true,
                    Some(Ty::Time) => matches!(time_normalise(s), Some(Some(t)) if t[..] == *s),
                    _ => false,
                };
            }
            true
        }
        Some(b'-' | b'0'..=b'9') => {
            if ARGO && !matches!(ty, Some(Ty::Int)) {
                *argo = false;
            }
            match r.number() {
                Ok(lit) => {
                    lit != b"-0"
                        && !lit.iter().any(|&c| matches!(c, b'.' | b'e' | b'E'))
                        && lit.len() < 19
                }
                Err(_) => false,
            }
        }
        Some(c @ (b't' | b'f' | b'n')) => {
            if ARGO && (*c == b'n' || !matches!(ty, Some(Ty::Bool))) {
                *argo = false;
            }
            r.skip().is_ok()
        }
        _ => false,
    }
}

/// The members of a struct `st` (cursor after its `{`): known members only, in
/// declaration order. With `ARGO`, also clears `*argo` unless Go's typed round trip
/// writes them unchanged: none `null` or `omitempty`-empty, and every member Go writes
/// for an absent one present.
fn typed_struct<const ARGO: bool>(
    r: &mut Reader<'_>,
    st: &Struct,
    depth: usize,
    argo: &mut bool,
) -> bool {
    if ARGO && st.fields.len() > 64 {
        *argo = false;
    }
    let mut seen: u64 = 0;
    if !at(r, b'}') {
        let mut next = 0;
        loop {
            // Members in declaration order: only fields after the last one.
            let Some(i) = key_field(r, st, next) else {
                return false;
            };
            if !at(r, b':') {
                return false;
            }
            next = i + 1;
            let f = &st.fields[i];
            let start = r.pos;
            if ARGO && r.b.get(r.pos) == Some(&b'n') {
                *argo = false;
            }
            if !value::<ARGO>(r, Some(&f.ty), depth + 1, argo) {
                return false;
            }
            if ARGO && *argo {
                seen |= 1u64.wrapping_shl(i as u32);
                let v = &r.b[start..r.pos];
                if f.omitzero
                    || (f.omitempty
                        && !f.ptr
                        && matches!(v, b"\"\"" | b"false" | b"0" | b"[]" | b"{}"))
                {
                    *argo = false;
                }
            }
            if at(r, b',') {
                continue;
            }
            if !at(r, b'}') {
                return false;
            }
            break;
        }
    }
    // Absent members Go writes anyway (zero values of non-`omitempty` members, structs
    // and times) would make the output differ.
    if ARGO && st.written_absent & !seen != 0 {
        *argo = false;
    }
    true
}

/// True when Go's typed round trip (`Mode::Argo`: unknown members dropped, zero members
/// written, times and `AnyString`s normalised, `omitempty` applied) of `json`, read as the
/// struct type `ty`, is `json` itself. Conservative: anything but plain strings, integers,
/// booleans, modelled structs, slices and maps of them answers `false` (the caller then
/// re-encodes). Computed from the bytes on every call; nothing is remembered.
pub(crate) fn is_argo_canonical(json: &str, ty: &Ty) -> bool {
    canonical_argo_end(json.as_bytes(), 0, ty) == Some((json.len(), true))
}

/// A string Go writes back unchanged, cursor on its quote; `Some(body)` and the cursor
/// after it. Non-ASCII bytes are not validated here: every caller either holds a `str`
/// or checks the whole value with `from_utf8` before trusting the answer.
fn verbatim_str<'a>(r: &mut Reader<'a>) -> Option<&'a [u8]> {
    if r.b.get(r.pos) != Some(&b'"') {
        return None;
    }
    let start = r.pos + 1;
    let end = verbatim_str_end(r.b, start)?;
    r.pos = end + 1;
    Some(&r.b[start..end])
}

/// Where a canonical value (see [`is_canonical`]) starting at `json[start]` ends; `None`
/// when the value there is not canonical. A canonical value whose bytes are valid UTF-8
/// (the caller checks) is valid JSON.
pub(crate) fn canonical_end(json: &[u8], start: usize, ty: Option<&Ty>) -> Option<usize> {
    if matches!(ty, Some(Ty::Raw)) {
        return None;
    }
    let mut r = Reader::new(json);
    r.pos = start;
    value::<false>(&mut r, ty, 0, &mut false).then_some(r.pos)
}

/// [`canonical_end`] that also answers, from the same pass, whether Go's typed round
/// trip (see [`is_argo_canonical`]) of the value, read as `ty`, is the value itself.
pub(crate) fn canonical_argo_end(json: &[u8], start: usize, ty: &Ty) -> Option<(usize, bool)> {
    if matches!(ty, Ty::Raw) {
        return None;
    }
    let mut r = Reader::new(json);
    r.pos = start;
    let mut argo = true;
    value::<true>(&mut r, Some(ty), 0, &mut argo).then_some((r.pos, argo))
}

/// True when Go's typed-order encoding of `json` (type `ty`) is `json` itself, for
/// `json` that is valid UTF-8 (non-ASCII bytes are not validated here).
pub(crate) fn is_canonical(json: &[u8], ty: Option<&Ty>) -> bool {
    if matches!(ty, Some(Ty::Raw)) {
        return false;
    }
    let mut r = Reader::new(json);
    value::<false>(&mut r, ty, 0, &mut false) && r.pos == json.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::go_json::schema;
    use crate::go_json::{Encoder, Escapes, Mode};
    use alloc::vec::Vec;

    /// `Struct::key_at` compares raw key bytes with field names: every name reachable
    /// from the Workflow type must be bytes Go writes unescaped, and unique in its struct.
    #[test]
    fn field_names_are_plain() {
        fn walk(ty: &Ty, seen: &mut Vec<usize>) {
            match ty {
                Ty::Struct(st) => {
                    let at = *st as *const Struct as usize;
                    if seen.contains(&at) {
                        return;
                    }
                    seen.push(at);
                    // The 64-bit member masks (`written_absent`, seen/present) cover
                    // every field.
                    assert!(st.fields.len() <= 64, "{} fields", st.fields.len());
                    for (k, f) in st.fields.iter().enumerate() {
                        assert!(
                            st.fields[..k].iter().all(|g| g.name != f.name),
                            "{} twice",
                            f.name
                        );
                        assert!(
                            !f.name.is_empty()
                                && f.name.bytes().all(|c| c.is_ascii_graphic()
                                    && !matches!(c, b'"' | b'\\' | b'<' | b'>' | b'&')),
                            "{}",
                            f.name
                        );
                        walk(&f.ty, seen);
                    }
                }
                Ty::Slice(el) | Ty::Map(el) => walk(el, seen),
                _ => {}
            }
        }
        let mut seen = Vec::new();
        walk(&schema::WORKFLOW_T, &mut seen);
        walk(&schema::NODE_STATUS_T, &mut seen);
        assert!(seen.len() > 20);
    }

    fn argo(json: &[u8], ty: &Ty) -> Vec<u8> {
        let v = crate::go_json::parse::parse(json).unwrap();
        let mut out = Vec::new();
        Encoder {
            s: &mut out,
            esc: Escapes::Go122,
            base: json.as_ptr() as usize,
        }
        .value(&v, Some(ty), Mode::Argo)
        .unwrap();
        out
    }

    #[test]
    fn argo_canonical_only_when_go_writes_the_same_bytes() {
        let cases: &[(&[u8], bool)] = &[
            (br#"{"parameters":[{"name":"a","value":"1"}]}"#, true),
            (br#"{"parameters":[{"name":"a","value":"1","valueFrom":{"path":"/p"}}],"exitCode":"0"}"#, true),
            (br#"{"parameters":[{"name":"a","value":1}]}"#, false),
            (br#"{"parameters":[{"value":"1"}]}"#, false),
            (br#"{"parameters":[{"name":"a","zz":"1"}]}"#, false),
            (br#"{"parameters":[{"value":"1","name":"a"}]}"#, false),
            (br#"{"parameters":[{"name":"","value":""}]}"#, true),
            (br#"{"parameters":[]}"#, false),
            (br#"{"parameters":null}"#, false),
            (br#"{ "parameters":[{"name":"a"}]}"#, false),
            (br#"{"parameters":[{"name":"a<"}]}"#, false),
            (br#"{"exitCode":""}"#, true),
            (br#"{"result":"x","parameters":[{"name":"a"}]}"#, false),
            (br#"{}"#, true),
            (br#"{"parameters":[{"name":"a","value":"1","globalName":""}]}"#, false),
            (br#"{"parameters":[{"name":"a","default":"","value":"1"}]}"#, true),
            (br#"{"parameters":[{"name":"a","valueFrom":null}]}"#, false),
            (br#"{"parameters":[{"name":"a","enum":[]}]}"#, false),
            (br#"{"parameters":[{"name":"a","enum":["x","y"]}]}"#, true),
            (br#"{"parameters":[{"name":"a","enum":[1]}]}"#, false),
            (br#"{"artifacts":[{"name":"a","optional":true}]}"#, true),
            (br#"{"artifacts":[{"name":"a","optional":false}]}"#, false),
        ];
        for (json, want) in cases {
            let ok = is_argo_canonical(core::str::from_utf8(json).unwrap(), &schema::OUTPUTS_T);
            assert_eq!(ok, *want, "{}", core::str::from_utf8(json).unwrap());

            if ok {
                assert_eq!(argo(json, &schema::OUTPUTS_T), *json);
            } else {
                assert_ne!(
                    argo(json, &schema::OUTPUTS_T),
                    *json,
                    "{}",
                    core::str::from_utf8(json).unwrap()
                );
            }
        }
    }

    #[test]
    fn typed_canonical_rejects_spaces_before_keys() {
        assert!(!is_canonical(
            br#"{ "parameters":[]}"#,
            Some(&schema::INPUTS_T)
        ));
        assert!(is_canonical(
            br#"{"parameters":[]}"#,
            Some(&schema::INPUTS_T)
        ));
    }
}
