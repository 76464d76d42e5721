//! A small, strict JSON reader over borrowed bytes (RFC 8259), shared by the encoder and
//! the node decoder.
//!
//! Strings and numbers are not decoded here: the reader validates them and hands out the
//! raw bytes between the quotes (or of the number), so the encoders can re-encode straight
//! from the input without an intermediate `String`. Nesting is limited to [`MAX_DEPTH`].

use alloc::vec::Vec;

use super::string::word;
use crate::error::{Error, Result};

/// The deepest nesting of arrays and objects accepted anywhere in the codec.
///
/// Argo objects nest about 15 levels deep; the limit keeps recursion (and so the stack of
/// a wasm module) bounded for hostile input.
pub const MAX_DEPTH: usize = 512;

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Bit 7 of each byte of the result is set where `x` has a byte that ends a plain run in
/// a JSON string: `"`, `\` or a control byte. Only the lowest flagged byte is exact
/// (borrows can flag bytes above it), which is all the scanner uses.
#[inline(always)]
pub(crate) fn string_stops(x: u64) -> u64 {
    let q = x ^ (ONES * b'"' as u64);
    let b = x ^ (ONES * b'\\' as u64);
    let zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    zero(q) | zero(b) | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
}

/// A JSON string as it appears in the input, without its quotes and still escaped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RawStr<'a> {
    /// The bytes between the quotes.
    pub raw: &'a [u8],
    /// True when `raw` contains a backslash escape.
    pub escaped: bool,
}

impl<'a> RawStr<'a> {
    /// The decoded bytes when no escape is present (the common case).
    #[inline]
    pub fn plain(&self) -> Option<&'a [u8]> {
        if self.escaped { None } else { Some(self.raw) }
    }
}

/// A parsed JSON value borrowing from the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value<'a> {
    Null,
    Bool(bool),
    /// A validated number literal, exactly as written.
    Number(&'a [u8]),
    String(RawStr<'a>),
    Array(Vec<Value<'a>>),
    /// Members in input order (duplicates kept; encoders decide).
    Object(Vec<(RawStr<'a>, Value<'a>)>),
}

/// Cursor over JSON bytes.
pub(crate) struct Reader<'a> {
    pub b: &'a [u8],
    pub pos: usize,
    depth: usize,
}

impl<'a> Reader<'a> {
    pub fn new(b: &'a [u8]) -> Self {
        Reader {
            b,
            pos: 0,
            depth: 0,
        }
    }

    /// An error at the current position.
    #[cold]
    pub fn err(&self, problem: &'static str) -> Error {
        Error::Json {
            offset: self.pos,
            problem,
        }
    }

    #[cold]
    fn err_at(&self, offset: usize, problem: &'static str) -> Error {
        Error::Json { offset, problem }
    }

    #[inline]
    pub fn ws(&mut self) {
        while let Some(&c) = self.b.get(self.pos) {
            if c == b' ' || c == b'\n' || c == b'\r' || c == b'\t' {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Next non-whitespace byte, not consumed.
    #[inline]
    pub fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.pos).copied()
    }

    /// After an object member or an array element: consumes `,` and answers `false`
    /// (another one follows), or consumes `close` (`}` or `]`) and answers `true` (the
    /// object or array ended); anything else is an error naming what was expected.
    #[inline]
    pub fn close_or_next(&mut self, close: u8) -> Result<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            _ if close == b'}' => Err(self.err("expected ',' or '}' in object")),
            _ => Err(self.err("expected ',' or ']' in array")),
        }
    }

    /// Requires the whole input to have been consumed (trailing whitespace allowed).
    pub fn end(&mut self) -> Result<()> {
        self.ws();
        if self.pos != self.b.len() {
            return Err(self.err("unexpected data after the top-level value"));
        }
        Ok(())
    }

    #[inline]
    pub fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Error::JsonTooDeep {
                offset: self.pos,
                limit: MAX_DEPTH,
            });
        }
        Ok(())
    }

    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Consumes `c` (after whitespace) or fails with `problem`.
    #[inline]
    pub fn expect(&mut self, c: u8, problem: &'static str) -> Result<()> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.err(problem))
        }
    }

    /// Reads a string; the cursor must be on its opening quote (after whitespace).
    pub fn string(&mut self) -> Result<RawStr<'a>> {
        if self.peek() != Some(b'"') {
            return Err(self.err("expected a string"));
        }
        let start = self.pos + 1;
        let b = self.b;
        let mut i = start;
        let mut escaped = false;
        loop {
            // Skip plain bytes eight at a time.
            while let Some(chunk) = b.get(i..i + 8) {
                let x = word(chunk);
                let stops = string_stops(x);
                if stops != 0 {
                    i += (stops.trailing_zeros() / 8) as usize;
                    break;
                }
                i += 8;
            }
            let Some(&c) = b.get(i) else {
                return Err(self.err_at(b.len(), "unterminated string"));
            };
            match c {
                b'"' => {
                    self.pos = i + 1;
                    return Ok(RawStr {
                        raw: &b[start..i],
                        escaped,
                    });
                }
                b'\\' => {
                    escaped = true;
                    match b.get(i + 1) {
                        Some(b'"' | b'\\' | b'/' | b'b' | b'f' | b'n' | b'r' | b't') => i += 2,
                        Some(b'u') => {
                            if i + 6 > b.len() || !b[i + 2..i + 6].iter().all(u8::is_ascii_hexdigit)
                            {
                                return Err(
                                    self.err_at(i, "invalid \\u escape (needs four hex digits)")
                                );
                            }
                            i += 6;
                        }
                        None => return Err(self.err_at(b.len(), "unterminated string")),
                        Some(_) => return Err(self.err_at(i, "invalid escape character in string")),
                    }
                }
                0..=0x1f => {
                    return Err(self.err_at(i, "control character in string (must be escaped)"));
                }
                _ => i += 1,
            }
        }
    }

    /// Reads and validates a number literal; numbers that fit neither `int64` nor a
    /// finite `float64` are [`Error::NumberOutOfRange`].
    pub fn number(&mut self) -> Result<&'a [u8]> {
        self.ws();
        let b = self.b;
        let start = self.pos;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => i += 1,
            Some(b'1'..=b'9') => {
                while matches!(b.get(i), Some(b'0'..=b'9')) {
                    i += 1;
                }
            }
            _ => return Err(self.err_at(i, "invalid number")),
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.err_at(i, "invalid number: digit expected after '.'"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !matches!(b.get(i), Some(b'0'..=b'9')) {
                return Err(self.err_at(i, "invalid number: digit expected in exponent"));
            }
            while matches!(b.get(i), Some(b'0'..=b'9')) {
                i += 1;
            }
        }
        let lit = &b[start..i];
        // Go cannot hold it: fail here, in document order, whatever mode reads it.
        if !super::number::in_range(lit) {
            return Err(Error::NumberOutOfRange { offset: start });
        }
        self.pos = i;
        Ok(lit)
    }

    fn literal(&mut self, word: &'static [u8]) -> Result<()> {
        if self.b[self.pos..].starts_with(word) {
            self.pos += word.len();
            Ok(())
        } else {
            Err(self.err("invalid literal (expected true, false or null)"))
        }
    }

    /// Reads any value into a borrowed tree.
    pub fn value(&mut self) -> Result<Value<'a>> {
        match self.peek() {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                let mut members = Vec::new();
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        let k = self.string()?;
                        self.expect(b':', "expected ':' after an object key")?;
                        let v = self.value()?;
                        members.push((k, v));
                        if self.close_or_next(b'}')? {
                            break;
                        }
                    }
                }
                self.leave();
                Ok(Value::Object(members))
            }
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                let mut items = Vec::new();
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        items.push(self.value()?);
                        if self.close_or_next(b']')? {
                            break;
                        }
                    }
                }
                self.leave();
                Ok(Value::Array(items))
            }
            Some(b'"') => Ok(Value::String(self.string()?)),
            Some(b't') => self.literal(b"true").map(|()| Value::Bool(true)),
            Some(b'f') => self.literal(b"false").map(|()| Value::Bool(false)),
            Some(b'n') => self.literal(b"null").map(|()| Value::Null),
            Some(b'-' | b'0'..=b'9') => Ok(Value::Number(self.number()?)),
            None => Err(self.err("unexpected end of JSON input")),
            Some(_) => Err(self.err("unexpected character (expected a JSON value)")),
        }
    }

    /// Skips any value, validating it; returns its byte range.
    pub fn skip(&mut self) -> Result<(usize, usize)> {
        let c = self.peek();
        let start = self.pos;
        match c {
            Some(b'{') => {
                self.enter()?;
                self.pos += 1;
                if self.peek() == Some(b'}') {
                    self.pos += 1;
                } else {
                    loop {
                        self.string()?;
                        self.expect(b':', "expected ':' after an object key")?;
                        self.skip()?;
                        if self.close_or_next(b'}')? {
                            break;
                        }
                    }
                }
                self.leave();
            }
            Some(b'[') => {
                self.enter()?;
                self.pos += 1;
                if self.peek() == Some(b']') {
                    self.pos += 1;
                } else {
                    loop {
                        self.skip()?;
                        if self.close_or_next(b']')? {
                            break;
                        }
                    }
                }
                self.leave();
            }
            Some(b'"') => {
                self.string()?;
            }
            Some(b't') => self.literal(b"true")?,
            Some(b'f') => self.literal(b"false")?,
            Some(b'n') => self.literal(b"null")?,
            Some(b'-' | b'0'..=b'9') => {
                self.number()?;
            }
            None => return Err(self.err("unexpected end of JSON input")),
            Some(_) => return Err(self.err("unexpected character (expected a JSON value)")),
        }
        Ok((start, self.pos))
    }
}

/// Parses a whole document.
pub(crate) fn parse(json: &[u8]) -> Result<Value<'_>> {
    let mut r = Reader::new(json);
    let v = r.value()?;
    r.end()?;
    Ok(v)
}

/// Decodes the escapes of a raw JSON string into bytes, the way Go's decoder does:
/// `\uD800`-style lone surrogates become U+FFFD; raw bytes are copied unchanged.
pub(crate) fn unescape_into(raw: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < raw.len() {
        let c = raw[i];
        if c != b'\\' {
            out.push(c);
            i += 1;
            continue;
        }
        let e = raw[i + 1];
        i += 2;
        let simple = match e {
            b'"' => b'"',
            b'\\' => b'\\',
            b'/' => b'/',
            b'b' => 0x08,
            b'f' => 0x0c,
            b'n' => b'\n',
            b'r' => b'\r',
            b't' => b'\t',
            _ => 0xff,
        };
        if e != b'u' {
            out.push(simple);
            continue;
        }
        let (ch, used) = decode_u_escape(raw, i - 2);
        i = i - 2 + used;
        let mut buf = [0u8; 4];
        out.extend_from_slice(ch.encode_utf8(&mut buf).as_bytes());
    }
}

/// Decodes the `\uXXXX` escape at `raw[at..]` (already validated), combining a surrogate
/// pair when one follows. Returns the character and the bytes consumed (6 or 12).
#[inline]
pub(crate) fn decode_u_escape(raw: &[u8], at: usize) -> (char, usize) {
    let hi = hex4(&raw[at + 2..at + 6]);
    if (0xD800..0xDC00).contains(&hi) {
        if raw.len() >= at + 12
            && raw[at + 6] == b'\\'
            && raw[at + 7] == b'u'
            && raw[at + 8..at + 12].iter().all(u8::is_ascii_hexdigit)
        {
            let lo = hex4(&raw[at + 8..at + 12]);
            if (0xDC00..0xE000).contains(&lo) {
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                return (char::from_u32(c).unwrap_or('\u{fffd}'), 12);
            }
        }
        return ('\u{fffd}', 6);
    }
    (char::from_u32(hi).unwrap_or('\u{fffd}'), 6)
}

#[inline]
fn hex4(h: &[u8]) -> u32 {
    let mut v = 0u32;
    for &c in h {
        let d = match c {
            b'0'..=b'9' => c - b'0',
            b'a'..=b'f' => c - b'a' + 10,
            _ => c - b'A' + 10,
        };
        v = v * 16 + d as u32;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_reports_offsets() {
        assert!(parse(br#"{"a":[1,2.5e3,"x\u0041"],"b":null}"#).is_ok());
        match parse(b"{\"a\":}") {
            Err(Error::Json { offset, .. }) => assert_eq!(offset, 5),
            other => panic!("{other:?}"),
        }
        assert!(parse(b"[1,]").is_err());
        assert!(parse(b"01").is_err());
        assert!(parse(b"\"\x01\"").is_err());
        assert!(parse(b"1 2").is_err());
        assert!(parse(b"").is_err());
    }

    #[test]
    fn depth_is_limited() {
        let deep: Vec<u8> = core::iter::repeat_n(b'[', MAX_DEPTH + 1).collect();
        assert!(matches!(parse(&deep), Err(Error::JsonTooDeep { .. })));
    }

    #[test]
    fn unescapes_like_go() {
        let mut out = Vec::new();
        unescape_into(br"a\u00e9\ud83d\ude80\ud800x\n", &mut out);
        assert_eq!(out, "aé🚀\u{fffd}x\n".as_bytes());
    }
}
