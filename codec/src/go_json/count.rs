//! Counting Go's output length in one streaming pass over the input, without building a
//! tree. Length does not depend on member order, so every mode is a single pass; the
//! rare documents where a tree is needed (a repeated key, or escaped keys that might
//! collide) make the pass give up, and the caller counts over the tree instead.

use alloc::vec::Vec;

use super::Escapes;
use super::encode::{Encoder, Mode};
use super::number;
use super::parse::{RawStr, Reader};
use super::schema::{Struct, Ty};
use super::string::{Count, json_string, raw_html};
use super::time;
use crate::error::{Error, Result};

/// Why the streaming count stopped.
pub(crate) enum Stop {
    /// The input is bad: report this.
    Bad(Error),
    /// A repeated or escaped key: count over the tree instead.
    NeedTree,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Bad(e)
    }
}

type R<T> = core::result::Result<T, Stop>;

pub(crate) struct Counter<'a> {
    r: Reader<'a>,
    esc: Escapes,
    /// Keys of the objects being read (a stack shared by all levels).
    keys: Vec<&'a [u8]>,
    scratch: Vec<&'a [u8]>,
}

/// A value's count and what `omitempty` needs to know about it.
#[derive(Clone, Copy)]
struct Len {
    n: usize,
    start: usize,
    end: usize,
}

impl<'a> Counter<'a> {
    pub fn new(json: &'a [u8], esc: Escapes) -> Self {
        Counter { r: Reader::new(json), esc, keys: Vec::new(), scratch: Vec::new() }
    }

    /// Counts the whole document.
    pub fn document(mut self, ty: Option<&Ty>, mode: Mode) -> R<usize> {
        let n = self.value(ty, mode)?.n;
        self.r.end()?;
        Ok(n)
    }

    fn string_len(&self, raw: RawStr<'_>) -> usize {
        let mut c = Count(0);
        json_string(&mut c, raw, self.esc);
        c.0
    }

    /// After an object's keys were pushed from `from`: give up on repeats or escapes.
    fn check_keys(&mut self, from: usize, escaped: bool) -> R<()> {
        let keys = &self.keys[from..];
        if keys.len() > 1 {
            if escaped {
                return Err(Stop::NeedTree);
            }
            if keys.len() <= 12 {
                for i in 1..keys.len() {
                    if keys[..i].contains(&keys[i]) {
                        return Err(Stop::NeedTree);
                    }
                }
            } else {
                self.scratch.clear();
                self.scratch.extend_from_slice(keys);
                self.scratch.sort_unstable();
                if self.scratch.windows(2).any(|w| w[0] == w[1]) {
                    return Err(Stop::NeedTree);
                }
            }
        }
        self.keys.truncate(from);
        Ok(())
    }

    /// Generic encoding (maps sorted): order does not matter for the length.
    fn generic(&mut self) -> R<usize> {
        match self.r.peek() {
            Some(b'{') => self.object(|c, _| c.generic()),
            Some(b'[') => self.array(|c| c.generic()),
            Some(b'"') => {
                let raw = self.r.string()?;
                Ok(self.string_len(raw))
            }
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => {
                let (s, e) = self.r.skip()?;
                Ok(e - s)
            }
        }
    }

    fn number(&mut self) -> R<usize> {
        let at = self.r.pos;
        let lit = self.r.number()?;
        let mut c = Count(0);
        number::write(&mut c, lit, at)?;
        Ok(c.0)
    }

    /// `{...}` counted with `member(counter, key)` for each value; keys counted as map keys.
    fn object(&mut self, mut member: impl FnMut(&mut Self, RawStr<'a>) -> R<usize>) -> R<usize> {
        self.r.enter()?;
        self.r.pos += 1;
        let from = self.keys.len();
        let mut escaped = false;
        let mut n = 2;
        let mut count = 0;
        if self.r.peek() == Some(b'}') {
            self.r.pos += 1;
        } else {
            loop {
                let k = self.r.string()?;
                escaped |= k.escaped;
                self.keys.push(k.raw);
                self.r.expect(b':', "expected ':' after an object key")?;
                n += self.string_len(k) + 1 + member(self, k)?;
                count += 1;
                match self.r.peek() {
                    Some(b',') => self.r.pos += 1,
                    Some(b'}') => {
                        self.r.pos += 1;
                        break;
                    }
                    _ => return Err(self.r.err("expected ',' or '}' in object").into()),
                }
            }
        }
        self.r.leave();
        self.check_keys(from, escaped)?;
        Ok(n + count.max(1) - 1)
    }

    fn array(&mut self, mut item: impl FnMut(&mut Self) -> R<usize>) -> R<usize> {
        self.r.enter()?;
        self.r.pos += 1;
        let mut n = 2;
        let mut count = 0;
        if self.r.peek() == Some(b']') {
            self.r.pos += 1;
        } else {
            loop {
                n += item(self)?;
                count += 1;
                match self.r.peek() {
                    Some(b',') => self.r.pos += 1,
                    Some(b']') => {
                        self.r.pos += 1;
                        break;
                    }
                    _ => return Err(self.r.err("expected ',' or ']' in array").into()),
                }
            }
        }
        self.r.leave();
        Ok(n + count.max(1) - 1)
    }

    /// `json.RawMessage`: the input compacted and HTML-escaped, order and repeats kept.
    fn raw(&mut self) -> R<usize> {
        match self.r.peek() {
            Some(b'{') => {
                self.r.enter()?;
                self.r.pos += 1;
                let mut n = 2;
                let mut count = 0;
                if self.r.peek() == Some(b'}') {
                    self.r.pos += 1;
                } else {
                    loop {
                        let k = self.r.string()?;
                        self.r.expect(b':', "expected ':' after an object key")?;
                        n += raw_str_len(k) + 1 + self.raw()?;
                        count += 1;
                        match self.r.peek() {
                            Some(b',') => self.r.pos += 1,
                            Some(b'}') => {
                                self.r.pos += 1;
                                break;
                            }
                            _ => return Err(self.r.err("expected ',' or '}' in object").into()),
                        }
                    }
                }
                self.r.leave();
                Ok(n + count.max(1) - 1)
            }
            Some(b'[') => self.array(|c| c.raw()),
            Some(b'"') => {
                let k = self.r.string()?;
                Ok(raw_str_len(k))
            }
            _ => {
                let (s, e) = self.r.skip()?;
                Ok(e - s)
            }
        }
    }

    /// A value of type `ty` under `mode`, mirroring `Encoder::value`.
    fn value(&mut self, ty: Option<&Ty>, mode: Mode) -> R<Len> {
        let c = self.r.peek();
        let start = self.r.pos;
        let n = match (ty, mode) {
            (None, _) | (_, Mode::Sorted) => self.generic()?,
            (Some(ty), _) => match (ty, c) {
                (Ty::Raw, _) => self.raw()?,
                (Ty::Struct(st), Some(b'{')) => {
                    if mode == Mode::Argo {
                        self.argo_struct(st)?
                    } else {
                        self.typed_struct(st)?
                    }
                }
                (Ty::Slice(el), Some(b'[')) => {
                    if mode == Mode::Argo {
                        self.array(|c| {
                            if c.r.peek() == Some(b'n') {
                                c.r.skip()?;
                                Ok(zero_len(el))
                            } else {
                                Ok(c.value(Some(el), mode)?.n)
                            }
                        })?
                    } else {
                        self.array(|c| Ok(c.value(Some(el), mode)?.n))?
                    }
                }
                (Ty::Map(el), Some(b'{')) => self.object(|c, _| Ok(c.value(Some(el), mode)?.n))?,
                (_, _) if mode == Mode::Typed => self.generic()?,
                (Ty::Map(_) | Ty::Slice(_), Some(b'n')) => {
                    self.r.skip()?;
                    4
                }
                (Ty::Time, Some(b'"')) => {
                    let raw = self.r.string()?;
                    match raw.plain().and_then(time::normalise) {
                        Some(Some(t)) => t.len() + 2,
                        Some(None) => 4,
                        None => self.string_len(raw),
                    }
                }
                (Ty::AnyString, Some(b'-' | b'0'..=b'9')) => {
                    let at = self.r.pos;
                    let lit = self.r.number()?;
                    let mut cnt = Count(0);
                    number::write_plain(&mut cnt, lit, at)?;
                    cnt.0 + 2
                }
                (Ty::AnyString, Some(b't')) => {
                    self.r.skip()?;
                    6
                }
                (Ty::AnyString, Some(b'f')) => {
                    self.r.skip()?;
                    7
                }
                (Ty::Str | Ty::AnyString, Some(b'n')) => {
                    self.r.skip()?;
                    2
                }
                (Ty::Bool, Some(b'n')) => {
                    self.r.skip()?;
                    5
                }
                (Ty::Int, Some(b'n')) => {
                    self.r.skip()?;
                    1
                }
                (Ty::Struct(_), Some(b'n')) => {
                    self.r.skip()?;
                    zero_len(ty)
                }
                _ => self.generic()?,
            },
        };
        Ok(Len { n, start, end: self.r.pos })
    }

    /// Typed order: known members by exact name, unknown ones generic; length only.
    fn typed_struct(&mut self, st: &Struct) -> R<usize> {
        let mut seen: u64 = 0;
        self.object(|c, k| {
            let key = k.plain().ok_or(Stop::NeedTree)?;
            match st.exact(key) {
                Some(i) => {
                    if seen & (1 << i) != 0 {
                        return Err(Stop::NeedTree);
                    }
                    seen |= 1 << i;
                    Ok(c.value(Some(&st.fields[i].ty), Mode::Typed)?.n)
                }
                None => c.generic(),
            }
        })
    }

    /// Go's typed round trip of an object read as `st`.
    fn argo_struct(&mut self, st: &Struct) -> R<usize> {
        // Per field: None = absent or null; Some(len) = present value's count.
        let nf = st.fields.len();
        let mut vals: [Option<Len>; 64] = [None; 64];
        let mut seen: u64 = 0;
        self.r.enter()?;
        self.r.pos += 1;
        if self.r.peek() == Some(b'}') {
            self.r.pos += 1;
        } else {
            loop {
                let k = self.r.string()?;
                self.r.expect(b':', "expected ':' after an object key")?;
                let idx = match k.plain() {
                    Some(b) => st.field(b),
                    None => {
                        let mut v = Vec::new();
                        super::parse::unescape_into(k.raw, &mut v);
                        st.field(&v)
                    }
                };
                match idx {
                    Some(i) if i < 64 && i < nf => {
                        if seen & (1 << i) != 0 {
                            return Err(Stop::NeedTree);
                        }
                        seen |= 1 << i;
                        if self.r.peek() == Some(b'n') {
                            self.r.skip()?;
                        } else {
                            vals[i] = Some(self.value(Some(&st.fields[i].ty), Mode::Argo)?);
                        }
                    }
                    Some(_) => return Err(Stop::NeedTree),
                    None => {
                        self.r.skip()?;
                    }
                }
                match self.r.peek() {
                    Some(b',') => self.r.pos += 1,
                    Some(b'}') => {
                        self.r.pos += 1;
                        break;
                    }
                    _ => return Err(self.r.err("expected ',' or '}' in object").into()),
                }
            }
        }
        self.r.leave();
        let mut n = 2;
        let mut written = 0;
        for (i, f) in st.fields.iter().enumerate() {
            let v = vals[i];
            let len = match v {
                None => {
                    let write = if f.ptr || f.omitzero {
                        !f.omitempty && !f.omitzero
                    } else {
                        match f.ty {
                            Ty::Struct(_) | Ty::Time => true,
                            _ => !f.omitempty,
                        }
                    };
                    if !write {
                        continue;
                    }
                    if f.ptr { 4 } else { zero_len(&f.ty) }
                }
                Some(l) => {
                    let bytes = &self.r.b[l.start..l.end];
                    if (f.omitempty && !f.ptr && is_empty(&f.ty, bytes)) || (f.omitzero && is_zero_time(bytes)) {
                        continue;
                    }
                    l.n
                }
            };
            n += f.name.len() + 3 + len;
            written += 1;
        }
        Ok(n + written.max(1) - 1)
    }
}

/// Length of a raw JSON string (quotes included) after Go's HTML escaping in `compact`.
fn raw_str_len(k: RawStr<'_>) -> usize {
    let mut c = Count(0);
    raw_html(&mut c, k.raw);
    c.0 + 2
}

/// Length of a Go zero value of `ty` (as `Encoder::zero` writes it).
fn zero_len(ty: &Ty) -> usize {
    let mut c = Count(0);
    let _ = Encoder { s: &mut c, esc: Escapes::Go122, base: 0 }.zero(ty);
    c.0
}

/// `omitempty` emptiness of a present, non-null value from its (valid) bytes.
fn is_empty(ty: &Ty, v: &[u8]) -> bool {
    let trimmed = |v: &[u8]| -> bool {
        // `[ ]` / `{ }` with only whitespace inside.
        v.len() >= 2 && v[1..v.len() - 1].iter().all(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
    };
    match (ty, v.first()) {
        (Ty::Str | Ty::AnyString | Ty::Any, Some(b'"')) => v == b"\"\"",
        (Ty::Bool | Ty::Any, Some(b'f')) => true,
        (Ty::Int | Ty::Any, Some(b'-' | b'0'..=b'9')) => number::is_zero(v),
        (Ty::Slice(_) | Ty::Any, Some(b'[')) => trimmed(v),
        (Ty::Map(_) | Ty::Any, Some(b'{')) => trimmed(v),
        _ => false,
    }
}

fn is_zero_time(v: &[u8]) -> bool {
    v.len() >= 2 && v[0] == b'"' && matches!(time::normalise(&v[1..v.len() - 1]), Some(None))
}

/// Counts `json` under `mode` in one pass; `Ok(None)` when a tree is needed.
pub(crate) fn count(json: &[u8], ty: Option<&Ty>, mode: Mode, esc: Escapes) -> Result<Option<usize>> {
    match Counter::new(json, esc).document(ty, mode) {
        Ok(n) => Ok(Some(n)),
        Err(Stop::NeedTree) => Ok(None),
        Err(Stop::Bad(e)) => Err(e),
    }
}

