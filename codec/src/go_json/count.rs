//! Counting Go's output length in one streaming pass over the input, without building a
//! tree. Length does not depend on member order, so every mode is a single pass; the
//! rare documents where a tree is needed (a repeated key, or escaped keys that might
//! collide) make the pass give up, and the caller counts over the tree instead.

use alloc::boxed::Box;
use alloc::vec::Vec;

use super::Escapes;
use super::encode::{Encoder, Mode};
use super::number;
use super::parse::decode_u_escape;
use super::parse::{RawStr, Reader};
use super::schema::{Struct, Ty};
use super::string::{
    Count, char_len, is_line_separator, json_string, raw_html, stops, utf8_len, word,
};
use super::time;
use crate::error::{Error, Result};

/// Why the streaming count stopped.
pub(crate) enum Stop {
    /// The input is bad: report this. Boxed so that every `R<T>` on the hot path stays
    /// two words (returned in registers) instead of carrying a whole `Error`.
    Bad(Box<Error>),
    /// A repeated or escaped key: count over the tree instead.
    NeedTree,
}

impl From<Error> for Stop {
    fn from(e: Error) -> Self {
        Stop::Bad(Box::new(e))
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
        Counter {
            r: Reader::new(json),
            esc,
            keys: Vec::new(),
            scratch: Vec::new(),
        }
    }

    /// Counts the whole document.
    pub fn document(mut self, ty: Option<&Ty>, mode: Mode) -> R<usize> {
        let n = self.value(ty, mode)?.n;
        self.r.end()?;
        Ok(n)
    }

    /// Reads a string (cursor on its quote) and returns the length Go writes for it, in
    /// one pass that validates and counts.
    fn string(&mut self) -> R<(RawStr<'a>, usize)> {
        if self.r.peek() != Some(b'"') {
            return Err(self.r.err("expected a string").into());
        }
        let b = self.r.b;
        let start = self.r.pos + 1;
        let mut i = start;
        let mut n = 2;
        let mut escaped = false;
        loop {
            while let Some(chunk) = b.get(i..i + 8) {
                let x = word(chunk);
                let st = stops(x);
                if st == 0 {
                    i += 8;
                    n += 8;
                    continue;
                }
                let k = (st.trailing_zeros() / 8) as usize;
                i += k;
                n += k;
                break;
            }
            let Some(&c) = b.get(i) else {
                self.r.pos = i;
                return Err(self.r.err("unterminated string").into());
            };
            match c {
                b'"' => {
                    self.r.pos = i + 1;
                    return Ok((
                        RawStr {
                            raw: &b[start..i],
                            escaped,
                        },
                        n,
                    ));
                }
                b'\\' => {
                    escaped = true;
                    let (ch, used) = match b.get(i + 1) {
                        Some(b'u') => {
                            if i + 6 > b.len() || !b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
                            {
                                self.r.pos = i;
                                return Err(self
                                    .r
                                    .err("invalid \\u escape (needs four hex digits)")
                                    .into());
                            }
                            decode_u_escape(b, i)
                        }
                        Some(b'b') => ('\u{8}', 2),
                        Some(b'f') => ('\u{c}', 2),
                        Some(b'n') => ('\n', 2),
                        Some(b'r') => ('\r', 2),
                        Some(b't') => ('\t', 2),
                        Some(b'"') => ('"', 2),
                        Some(b'\\') => ('\\', 2),
                        Some(b'/') => ('/', 2),
                        Some(_) => {
                            self.r.pos = i;
                            return Err(self.r.err("invalid escape character in string").into());
                        }
                        None => {
                            self.r.pos = b.len();
                            return Err(self.r.err("unterminated string").into());
                        }
                    };
                    n += char_len(ch, self.esc);
                    i += used;
                }
                0..=0x1f => {
                    self.r.pos = i;
                    return Err(self
                        .r
                        .err("control character in string (must be escaped)")
                        .into());
                }
                b'<' | b'>' | b'&' => {
                    n += 6;
                    i += 1;
                }
                0x80.. => {
                    let len = utf8_len(&b[i..]);
                    if len == 0 {
                        n += 6;
                        i += 1;
                    } else {
                        n += if len == 3 && is_line_separator(b, i) {
                            6
                        } else {
                            len
                        };
                        i += len;
                    }
                }
                _ => {
                    n += 1;
                    i += 1;
                }
            }
        }
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
            if keys.len() <= 16 {
                let mut fps = [0u64; 16];
                for (i, k) in keys.iter().enumerate() {
                    let fp = fingerprint(k);
                    for (j, &f) in fps[..i].iter().enumerate() {
                        if f == fp && keys[j] == *k {
                            return Err(Stop::NeedTree);
                        }
                    }
                    fps[i] = fp;
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
            Some(b'"') => Ok(self.string()?.1),
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
                let (k, klen) = self.string()?;
                escaped |= k.escaped;
                self.keys.push(k.raw);
                self.r.expect(b':', "expected ':' after an object key")?;
                n += klen + 1 + member(self, k)?;
                count += 1;
                if self.r.close_or_next(b'}')? {
                    break;
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
                if self.r.close_or_next(b']')? {
                    break;
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
                        if self.r.close_or_next(b'}')? {
                            break;
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
                    // The usual shape: 22 bytes whatever the digits, `null` for the zero
                    // time (see `time::utc_seconds_shape`), without parsing the date.
                    if time::utc_seconds_shape(raw.raw) {
                        return Ok(Len {
                            n: if raw.raw == b"0001-01-01T00:00:00Z" {
                                4
                            } else {
                                22
                            },
                            start,
                            end: self.r.pos,
                        });
                    }
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
        Ok(Len {
            n,
            start,
            end: self.r.pos,
        })
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

    /// Go's typed round trip of an object read as `st`. Each present member is counted as
    /// it is read; members Go writes although absent (or `null`) are added at the end
    /// from the struct's mask, so the cost follows the members present, not the fields.
    fn argo_struct(&mut self, st: &Struct) -> R<usize> {
        let nf = st.fields.len();
        // Members seen (a repeat needs the tree) and members counted with a value.
        let mut seen: u64 = 0;
        let mut present: u64 = 0;
        let mut hint = 0;
        let mut n = 2;
        let mut written = 0usize;
        self.r.enter()?;
        self.r.pos += 1;
        if self.r.peek() == Some(b'}') {
            self.r.pos += 1;
        } else {
            loop {
                self.r.ws();
                // A known key (any order: kubectl sorts them) is matched in place.
                let idx = match st.key_at(self.r.b, self.r.pos, hint, true) {
                    Some((i, len)) => {
                        self.r.pos += len;
                        self.r.expect(b':', "expected ':' after an object key")?;
                        Some(i)
                    }
                    None => {
                        let k = self.r.string()?;
                        self.r.expect(b':', "expected ':' after an object key")?;
                        match k.plain() {
                            Some(b) => st.field_from(b, hint),
                            None => {
                                let mut v = Vec::new();
                                super::parse::unescape_into(k.raw, &mut v);
                                st.field(&v)
                            }
                        }
                    }
                };
                match idx {
                    Some(i) if i < 64 && i < nf => {
                        if seen & (1 << i) != 0 {
                            return Err(Stop::NeedTree);
                        }
                        seen |= 1 << i;
                        hint = i + 1;
                        if self.r.peek() == Some(b'n') {
                            // `null`: Go leaves the zero value, written as if absent.
                            self.r.skip()?;
                        } else {
                            let f = &st.fields[i];
                            let v = self.value(Some(&f.ty), Mode::Argo)?;
                            present |= 1 << i;
                            let bytes = &self.r.b[v.start..v.end];
                            if !((f.omitempty && !f.ptr && is_empty(&f.ty, bytes))
                                || (f.omitzero && is_zero_time(bytes)))
                            {
                                n += f.name.len() + 3 + v.n;
                                written += 1;
                            }
                        }
                    }
                    Some(_) => return Err(Stop::NeedTree),
                    None => {
                        self.r.skip()?;
                    }
                }
                if self.r.close_or_next(b'}')? {
                    break;
                }
            }
        }
        self.r.leave();
        // Absent members Go writes anyway: zero values (`null` for pointers).
        let mut absent = st.written_absent & !present;
        while absent != 0 {
            let i = absent.trailing_zeros() as usize;
            absent &= absent - 1;
            let Some(f) = st.fields.get(i) else { break };
            n += f.name.len() + 3 + if f.ptr { 4 } else { zero_len(&f.ty) };
            written += 1;
        }
        Ok(n + written.max(1) - 1)
    }
}

/// A cheap summary of a key: equal keys have equal fingerprints.
#[inline]
fn fingerprint(k: &[u8]) -> u64 {
    let head = |b: &[u8]| {
        let mut v = [0u8; 8];
        let n = b.len().min(8);
        v[..n].copy_from_slice(&b[..n]);
        u64::from_le_bytes(v)
    };
    let tail = if k.len() > 8 {
        head(&k[k.len() - 8..])
    } else {
        0
    };
    head(k) ^ tail.rotate_left(29) ^ ((k.len() as u64) << 56)
}

/// Length of a raw JSON string (quotes included) after Go's HTML escaping in `compact`.
fn raw_str_len(k: RawStr<'_>) -> usize {
    let mut c = Count(0);
    raw_html(&mut c, k.raw);
    c.0 + 2
}

/// Length of a Go zero value of `ty` (as `Encoder::zero` writes it).
pub(crate) fn zero_len(ty: &Ty) -> usize {
    let mut c = Count(0);
    let _ = Encoder {
        s: &mut c,
        esc: Escapes::Go122,
        base: 0,
    }
    .zero(ty);
    c.0
}

/// `omitempty` emptiness of a present, non-null value from its (valid) bytes.
pub(crate) fn is_empty(ty: &Ty, v: &[u8]) -> bool {
    let trimmed = |v: &[u8]| -> bool {
        // `[ ]` / `{ }` with only whitespace inside.
        v.len() >= 2
            && v[1..v.len() - 1]
                .iter()
                .all(|c| matches!(c, b' ' | b'\n' | b'\r' | b'\t'))
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
pub(crate) fn count(
    json: &[u8],
    ty: Option<&Ty>,
    mode: Mode,
    esc: Escapes,
) -> Result<Option<usize>> {
    match Counter::new(json, esc).document(ty, mode) {
        Ok(n) => Ok(Some(n)),
        Err(Stop::NeedTree) => Ok(None),
        Err(Stop::Bad(e)) => Err(*e),
    }
}
