//! The encoders: generic (sorted map keys), typed order, and Argo's typed semantics.

use alloc::borrow::Cow;
use alloc::vec::Vec;

use super::Escapes;
use super::number;
use super::parse::{RawStr, Value, unescape_into};
use super::schema::{Field, Struct, Ty};
use super::string::{Sink, go_string, json_string, raw_html};
use super::time;
use crate::error::Result;

/// How objects that match a modelled Go struct are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Every object is a map: keys sorted, duplicates resolved (last wins).
    Sorted,
    /// Modelled structs in declaration order; other members kept, sorted, after them.
    Typed,
    /// Go's typed round trip: unknown members dropped, non-`omitempty` zero members
    /// written, times and `AnyString`s normalised.
    Argo,
}

pub(crate) struct Encoder<'s, S: Sink> {
    pub s: &'s mut S,
    pub esc: Escapes,
    /// Start of the input, to turn slices back into byte offsets for errors.
    pub base: usize,
}

/// The decoded bytes of a key (borrowed when it has no escapes).
pub(crate) fn key_bytes<'a>(k: &RawStr<'a>) -> Cow<'a, [u8]> {
    match k.plain() {
        Some(b) => Cow::Borrowed(b),
        None => {
            let mut v = Vec::with_capacity(k.raw.len());
            unescape_into(k.raw, &mut v);
            Cow::Owned(v)
        }
    }
}

/// Members sorted by decoded key with duplicates resolved like a Go map (last wins).
pub(crate) fn sorted_members<'v, 'a: 'v>(
    m: impl Iterator<Item = (&'v RawStr<'a>, &'v Value<'a>)>,
) -> Vec<(Cow<'a, [u8]>, &'v Value<'a>)> {
    let mut out: Vec<(Cow<'a, [u8]>, &'v Value<'a>)> = m.map(|(k, v)| (key_bytes(k), v)).collect();
    // Stable: equal keys keep input order, so the last of a run is the last written.
    out.sort_by(|a, b| a.0.cmp(&b.0));
    let mut w = 0;
    for r in 0..out.len() {
        if w > 0 && out[w - 1].0 == out[r].0 {
            out.swap(w - 1, r);
        } else {
            out.swap(w, r);
            w += 1;
        }
    }
    out.truncate(w);
    out
}

impl<S: Sink> Encoder<'_, S> {
    fn offset(&self, lit: &[u8]) -> usize {
        (lit.as_ptr() as usize).wrapping_sub(self.base)
    }

    /// Generic encoding (Go's `interface{}` / `map[string]interface{}` rules).
    pub fn generic(&mut self, v: &Value<'_>) -> Result<()> {
        match v {
            Value::Null => self.s.put(b"null"),
            Value::Bool(true) => self.s.put(b"true"),
            Value::Bool(false) => self.s.put(b"false"),
            Value::Number(lit) => number::write(self.s, lit, self.offset(lit))?,
            Value::String(raw) => json_string(self.s, *raw, self.esc),
            Value::Array(items) => {
                self.s.put1(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.s.put1(b',');
                    }
                    self.generic(item)?;
                }
                self.s.put1(b']');
            }
            Value::Object(m) => self.map(m, None, Mode::Sorted)?,
        }
        Ok(())
    }

    /// A map: keys sorted; values encoded as `ty` (generic when `None`).
    fn map(&mut self, m: &[(RawStr<'_>, Value<'_>)], ty: Option<&Ty>, mode: Mode) -> Result<()> {
        self.s.put1(b'{');
        if m.len() == 1 {
            go_string(self.s, &key_bytes(&m[0].0), self.esc);
            self.s.put1(b':');
            self.value(&m[0].1, ty, mode)?;
        } else {
            for (i, (k, v)) in sorted_members(m.iter().map(|(k, v)| (k, v)))
                .iter()
                .enumerate()
            {
                if i > 0 {
                    self.s.put1(b',');
                }
                go_string(self.s, k, self.esc);
                self.s.put1(b':');
                self.value(v, ty, mode)?;
            }
        }
        self.s.put1(b'}');
        Ok(())
    }

    /// A value of type `ty` (`None` = generic) under `mode`.
    pub fn value(&mut self, v: &Value<'_>, ty: Option<&Ty>, mode: Mode) -> Result<()> {
        let Some(ty) = ty else { return self.generic(v) };
        if mode == Mode::Sorted {
            return self.generic(v);
        }
        match (ty, v) {
            (Ty::Raw, v) => {
                self.raw(v);
                Ok(())
            }
            (Ty::Struct(st), Value::Object(m)) => self.structure(st, m, mode),
            (Ty::Slice(el), Value::Array(items)) => {
                self.s.put1(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.s.put1(b',');
                    }
                    if mode == Mode::Argo && matches!(item, Value::Null) {
                        self.zero(el)?;
                    } else {
                        self.value(item, Some(el), mode)?;
                    }
                }
                self.s.put1(b']');
                Ok(())
            }
            (Ty::Map(el), Value::Object(m)) => self.map(m, Some(el), mode),
            (_, v) if mode == Mode::Typed => self.generic(v),
            (Ty::Map(el), Value::Null) | (Ty::Slice(el), Value::Null) => {
                let _ = el;
                self.s.put(b"null");
                Ok(())
            }
            (Ty::Time, Value::String(raw)) => {
                match raw.plain().and_then(time::normalise) {
                    Some(Some(t)) => {
                        self.s.put1(b'"');
                        self.s.put(&t);
                        self.s.put1(b'"');
                    }
                    Some(None) => self.s.put(b"null"),
                    None => json_string(self.s, *raw, self.esc),
                }
                Ok(())
            }
            (Ty::AnyString, Value::Number(lit)) => {
                self.s.put1(b'"');
                number::write_plain(self.s, lit, self.offset(lit))?;
                self.s.put1(b'"');
                Ok(())
            }
            (Ty::AnyString, Value::Bool(b)) => {
                self.s.put(if *b { b"\"true\"" } else { b"\"false\"" });
                Ok(())
            }
            (Ty::Str | Ty::AnyString, Value::Null) => {
                self.s.put(b"\"\"");
                Ok(())
            }
            (Ty::Bool, Value::Null) => {
                self.s.put(b"false");
                Ok(())
            }
            (Ty::Int, Value::Null) => {
                self.s.put1(b'0');
                Ok(())
            }
            (Ty::Struct(_), Value::Null) => self.zero(ty),
            (_, v) => self.generic(v),
        }
    }

    /// The input's own bytes, compacted and HTML-escaped (`json.RawMessage`).
    fn raw(&mut self, v: &Value<'_>) {
        match v {
            Value::Null => self.s.put(b"null"),
            Value::Bool(true) => self.s.put(b"true"),
            Value::Bool(false) => self.s.put(b"false"),
            Value::Number(lit) => self.s.put(lit),
            Value::String(raw) => {
                self.s.put1(b'"');
                raw_html(self.s, raw.raw);
                self.s.put1(b'"');
            }
            Value::Array(items) => {
                self.s.put1(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        self.s.put1(b',');
                    }
                    self.raw(item);
                }
                self.s.put1(b']');
            }
            Value::Object(m) => {
                self.s.put1(b'{');
                for (i, (k, item)) in m.iter().enumerate() {
                    if i > 0 {
                        self.s.put1(b',');
                    }
                    self.s.put1(b'"');
                    raw_html(self.s, k.raw);
                    self.s.put(b"\":");
                    self.raw(item);
                }
                self.s.put1(b'}');
            }
        }
    }

    /// The zero value of a Go type (used for absent non-`omitempty` members).
    pub(crate) fn zero(&mut self, ty: &Ty) -> Result<()> {
        match ty {
            Ty::Str | Ty::AnyString => self.s.put(b"\"\""),
            Ty::Bool => self.s.put(b"false"),
            Ty::Int | Ty::IntOrString => self.s.put1(b'0'),
            Ty::Struct(st) => return self.structure(st, &[], Mode::Argo),
            Ty::Time | Ty::Raw | Ty::Any | Ty::Slice(_) | Ty::Map(_) => self.s.put(b"null"),
        }
        Ok(())
    }

    /// An object read as the Go struct `st`.
    pub fn structure(
        &mut self,
        st: &Struct,
        m: &[(RawStr<'_>, Value<'_>)],
        mode: Mode,
    ) -> Result<()> {
        let n = st.fields.len();
        let mut slots: Vec<Option<&Value<'_>>> = alloc::vec![None; n];
        let mut unknown: Vec<(&RawStr<'_>, &Value<'_>)> = Vec::new();
        for (k, v) in m {
            let idx = match mode {
                Mode::Argo => match k.plain() {
                    Some(b) => st.field(b),
                    None => st.field(&key_bytes(k)),
                },
                _ => st.exact(&key_bytes(k)),
            };
            match idx {
                Some(i) => slots[i] = Some(v),
                None if mode == Mode::Typed => unknown.push((k, v)),
                None => {}
            }
        }
        self.s.put1(b'{');
        let mut first = true;
        for (f, slot) in st.fields.iter().zip(slots.iter()) {
            if mode == Mode::Typed {
                if let Some(v) = slot {
                    if !first {
                        self.s.put1(b',');
                    }
                    first = false;
                    go_string(self.s, f.name.as_bytes(), self.esc);
                    self.s.put1(b':');
                    self.value(v, Some(&f.ty), mode)?;
                }
                continue;
            }
            self.argo_field(f, *slot, &mut first)?;
        }
        if !unknown.is_empty() {
            for (k, v) in sorted_members(unknown.into_iter()) {
                if !first {
                    self.s.put1(b',');
                }
                first = false;
                go_string(self.s, &k, self.esc);
                self.s.put1(b':');
                self.generic(v)?;
            }
        }
        self.s.put1(b'}');
        Ok(())
    }

    fn argo_field(&mut self, f: &Field, v: Option<&Value<'_>>, first: &mut bool) -> Result<()> {
        let v = match v {
            Some(Value::Null) | None => None,
            Some(v) => Some(v),
        };
        let write = match v {
            None => {
                if f.ptr || f.omitzero {
                    !f.omitempty && !f.omitzero
                } else {
                    match f.ty {
                        Ty::Struct(_) | Ty::Time => true,
                        _ => !f.omitempty,
                    }
                }
            }
            Some(v) => {
                !(f.omitempty && !f.ptr && is_empty(&f.ty, v)) && !(f.omitzero && is_zero_time(v))
            }
        };
        if !write {
            return Ok(());
        }
        if !*first {
            self.s.put1(b',');
        }
        *first = false;
        go_string(self.s, f.name.as_bytes(), self.esc);
        self.s.put1(b':');
        match v {
            None if f.ptr => {
                self.s.put(b"null");
                Ok(())
            }
            None => self.zero(&f.ty),
            Some(v) => self.value(v, Some(&f.ty), Mode::Argo),
        }
    }
}

/// Go's `omitempty` emptiness of a present, non-null value of a non-pointer type.
fn is_empty(ty: &Ty, v: &Value<'_>) -> bool {
    match (ty, v) {
        (Ty::Str | Ty::AnyString, Value::String(s)) => s.raw.is_empty(),
        (Ty::Bool, Value::Bool(b)) => !b,
        (Ty::Int, Value::Number(lit)) => number::is_zero(lit),
        (Ty::Slice(_), Value::Array(a)) => a.is_empty(),
        (Ty::Map(_), Value::Object(m)) => m.is_empty(),
        (Ty::Raw, _) => false,
        (Ty::Any, Value::String(s)) => s.raw.is_empty(),
        (Ty::Any, Value::Bool(b)) => !b,
        (Ty::Any, Value::Number(lit)) => number::is_zero(lit),
        (Ty::Any, Value::Array(a)) => a.is_empty(),
        (Ty::Any, Value::Object(m)) => m.is_empty(),
        _ => false,
    }
}

fn is_zero_time(v: &Value<'_>) -> bool {
    match v {
        Value::String(raw) => matches!(raw.plain().and_then(time::normalise), Some(None)),
        _ => false,
    }
}
