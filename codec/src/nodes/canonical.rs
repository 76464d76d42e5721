//! A quick check that a sub-document is already exactly what Go writes in typed order
//! (compact, members in struct order, map keys sorted, strings and integers that Go
//! writes unchanged), so decoding can keep its bytes instead of re-encoding them.
//! Anything unusual answers `false` and takes the slow, exact path.

use crate::go_json::parse::{RawStr, Reader};
use crate::go_json::schema::Ty;
use crate::go_json::string::{stops, utf8_len};

/// True when a string's raw bytes are written back unchanged by Go.
fn plain_string(raw: RawStr<'_>) -> bool {
    if raw.escaped {
        return false;
    }
    let b = raw.raw;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let x = u64::from_le_bytes([
                chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
            ]);
            let st = stops(x);
            if st == 0 {
                i += 8;
                continue;
            }
            i += (st.trailing_zeros() / 8) as usize;
        }
        let c = b[i];
        if c < 0x80 {
            if c < 0x20 || matches!(c, b'"' | b'\\' | b'<' | b'>' | b'&') {
                return false;
            }
            i += 1;
            continue;
        }
        let n = utf8_len(&b[i..]);
        if n == 0 || (n == 3 && c == 0xE2 && b[i + 1] == 0x80 && (b[i + 2] & !1) == 0xA8) {
            return false;
        }
        i += n;
    }
    true
}

fn at(r: &mut Reader<'_>, c: u8) -> bool {
    // Compact: no whitespace allowed anywhere.
    if r.b.get(r.pos) == Some(&c) {
        r.pos += 1;
        true
    } else {
        false
    }
}

fn value(r: &mut Reader<'_>, ty: Option<&Ty>, depth: usize) -> bool {
    if depth > 64 {
        return false;
    }
    match r.b.get(r.pos) {
        Some(b'{') => {
            r.pos += 1;
            if at(r, b'}') {
                return true;
            }
            let mut last_field: Option<usize> = None;
            let mut last_key: &[u8] = &[];
            let mut first = true;
            loop {
                let Ok(k) = r.string() else { return false };
                if k.escaped || !at(r, b':') {
                    return false;
                }
                let vty = match ty {
                    Some(Ty::Struct(st)) => match st.exact(k.raw) {
                        Some(i) if last_field.is_none_or(|l| i > l) => {
                            last_field = Some(i);
                            Some(&st.fields[i].ty)
                        }
                        _ => return false,
                    },
                    Some(Ty::Map(el)) => {
                        if !first && k.raw <= last_key {
                            return false;
                        }
                        Some(&**el)
                    }
                    _ => {
                        if !first && k.raw <= last_key {
                            return false;
                        }
                        None
                    }
                };
                if !plain_string(k) {
                    return false;
                }
                last_key = k.raw;
                first = false;
                if !value(r, vty, depth + 1) {
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
            if at(r, b']') {
                return true;
            }
            let el = match ty {
                Some(Ty::Slice(el)) => Some(&**el),
                _ => None,
            };
            loop {
                if !value(r, el, depth + 1) {
                    return false;
                }
                if at(r, b',') {
                    continue;
                }
                return at(r, b']');
            }
        }
        Some(b'"') => r.string().is_ok_and(plain_string),
        Some(b'-' | b'0'..=b'9') => match r.number() {
            Ok(lit) => {
                lit != b"-0"
                    && !lit.iter().any(|&c| matches!(c, b'.' | b'e' | b'E'))
                    && lit.len() < 19
            }
            Err(_) => false,
        },
        Some(b't' | b'f' | b'n') => r.skip().is_ok(),
        _ => false,
    }
}

/// True when Go's typed-order encoding of `json` (type `ty`) is `json` itself.
pub(crate) fn is_canonical(json: &[u8], ty: Option<&Ty>) -> bool {
    if matches!(ty, Some(Ty::Raw)) {
        return false;
    }
    let mut r = Reader::new(json);
    value(&mut r, ty, 0) && r.pos == json.len()
}
