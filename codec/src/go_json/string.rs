//! Go `encoding/json` string escaping (HTML-safe, as `json.Marshal` does it).

use super::Escapes;
use super::parse::{RawStr, decode_u_escape};

/// Where encoded bytes go: a buffer, or a counter that only adds up lengths.
pub(crate) trait Sink {
    /// True for a sink that only counts bytes (whatever bytes of the right length are put).
    const COUNT_ONLY: bool = false;
    fn put(&mut self, b: &[u8]);
    fn put1(&mut self, b: u8);
}

impl Sink for alloc::vec::Vec<u8> {
    #[inline]
    fn put(&mut self, b: &[u8]) {
        self.extend_from_slice(b);
    }
    #[inline]
    fn put1(&mut self, b: u8) {
        self.push(b);
    }
}

/// Counts bytes instead of writing them.
#[derive(Default)]
pub(crate) struct Count(pub usize);

impl Sink for Count {
    const COUNT_ONLY: bool = true;
    #[inline]
    fn put(&mut self, b: &[u8]) {
        self.0 += b.len();
    }
    #[inline]
    fn put1(&mut self, _: u8) {
        self.0 += 1;
    }
}

const HEX: &[u8; 16] = b"0123456789abcdef";

/// 0 = copy as is; 1 = needs an escape; 2 = non-ASCII (UTF-8 check).
static CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = if i < 0x20
            || i == b'"' as usize
            || i == b'\\' as usize
            || i == b'<' as usize
            || i == b'>' as usize
            || i == b'&' as usize
        {
            1
        } else if i >= 0x80 {
            2
        } else {
            0
        };
        i += 1;
    }
    t
};

/// Writes the escape for ASCII byte `c` (class 1).
#[inline]
fn ascii_escape<S: Sink>(s: &mut S, c: u8, esc: Escapes) {
    let short = match c {
        b'"' => Some(b'"'),
        b'\\' => Some(b'\\'),
        b'\n' => Some(b'n'),
        b'\r' => Some(b'r'),
        b'\t' => Some(b't'),
        0x08 if esc == Escapes::Go122 => Some(b'b'),
        0x0c if esc == Escapes::Go122 => Some(b'f'),
        _ => None,
    };
    match short {
        Some(e) => s.put(&[b'\\', e]),
        None => s.put(&[
            b'\\',
            b'u',
            b'0',
            b'0',
            HEX[(c >> 4) as usize],
            HEX[(c & 0xf) as usize],
        ]),
    }
}

/// Length of the valid UTF-8 sequence starting at `b[0]` (a byte >= 0x80), following
/// Go's `utf8.DecodeRune`; 0 when invalid.
#[inline]
pub(crate) fn utf8_len(b: &[u8]) -> usize {
    let c0 = b[0];
    let cont = |i: usize, lo: u8, hi: u8| b.get(i).is_some_and(|&c| (lo..=hi).contains(&c));
    match c0 {
        0xC2..=0xDF if cont(1, 0x80, 0xBF) => 2,
        0xE0..=0xEF => {
            let (lo, hi) = match c0 {
                0xE0 => (0xA0, 0xBF),
                0xED => (0x80, 0x9F),
                _ => (0x80, 0xBF),
            };
            if cont(1, lo, hi) && cont(2, 0x80, 0xBF) {
                3
            } else {
                0
            }
        }
        0xF0..=0xF4 => {
            let (lo, hi) = match c0 {
                0xF0 => (0x90, 0xBF),
                0xF4 => (0x80, 0x8F),
                _ => (0x80, 0xBF),
            };
            if cont(1, lo, hi) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) {
                4
            } else {
                0
            }
        }
        _ => 0,
    }
}

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGH: u64 = 0x8080_8080_8080_8080;

/// Flags (bit 7) bytes of `x` that are zero. Exact for the lowest flagged byte; a borrow
/// can flag bytes above it, so callers look at the lowest one only.
#[inline(always)]
fn zero_bytes(v: u64) -> u64 {
    v.wrapping_sub(ONES) & !v & HIGH
}

/// Bit 7 set in each byte of the result where `x` may hold a byte Go does not copy
/// verbatim (`"`, `\\`, `<`, `>`, `&`, control, non-ASCII); the lowest flag is exact.
/// `"` (0x22) and `&` (0x26) differ in one bit, as do `<` (0x3c) and `>` (0x3e), so
/// each pair is one test.
#[inline(always)]
pub(crate) fn stops(x: u64) -> u64 {
    zero_bytes((x ^ (ONES * 0x22)) & (ONES * 0xfb))
        | zero_bytes(x ^ (ONES * b'\\' as u64))
        | zero_bytes((x ^ (ONES * 0x3c)) & (ONES * 0xfd))
        | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
        | (x & HIGH)
}

/// Like [`stops`] for text known to be valid UTF-8: of the non-ASCII bytes only 0xE2
/// (the lead byte of U+2028 and U+2029) can need an escape.
#[inline(always)]
fn stops_utf8(x: u64) -> u64 {
    zero_bytes((x ^ (ONES * 0x22)) & (ONES * 0xfb))
        | zero_bytes(x ^ (ONES * b'\\' as u64))
        | zero_bytes((x ^ (ONES * 0x3c)) & (ONES * 0xfd))
        | (x.wrapping_sub(ONES * 0x20) & !x & HIGH)
        | zero_bytes(x ^ (ONES * 0xe2))
}

/// Eight bytes (the first eight of `chunk`, which has at least eight) as a little-endian
/// word, for the eight-at-a-time scans.
#[inline(always)]
pub(crate) fn word(chunk: &[u8]) -> u64 {
    u64::from_le_bytes([
        chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
    ])
}

/// Whether `b[i..]` starts with U+2028 or U+2029 (`E2 80 A8`/`E2 80 A9`), which Go escapes.
#[inline(always)]
pub(crate) fn is_line_separator(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&0xE2)
        && b.get(i + 1) == Some(&0x80)
        && b.get(i + 2).is_some_and(|&c| c & !1 == 0xA8)
}

/// Writes Go's escape of U+2028 or U+2029, given the sequence's last byte (`A8`/`A9`).
#[inline(always)]
fn put_line_separator<S: Sink>(s: &mut S, last: u8) {
    s.put(b"\\u202");
    s.put1(HEX[(last & 0xf) as usize]);
}

/// From `j` inside a string of valid UTF-8 text: the first byte at or after `j` that may
/// need a look (a quote, backslash, control byte, `<`, `>`, `&` or the lead byte of
/// U+2028/U+2029), eight bytes at a time; near the end of `b`, `j` as it stopped.
#[inline(always)]
pub(crate) fn skip_plain(b: &[u8], mut j: usize) -> usize {
    while let Some(chunk) = b.get(j..j + 8) {
        let st = stops_utf8(word(chunk));
        if st != 0 {
            return j + (st.trailing_zeros() / 8) as usize;
        }
        j += 8;
    }
    j
}

/// For valid UTF-8 JSON text `b` with a string body starting at `i` (after its quote):
/// the index of the closing quote when Go writes the whole string back unchanged (no
/// escape, control byte, `<`, `>`, `&`, U+2028 or U+2029 before it); `None` otherwise.
#[inline]
pub(crate) fn verbatim_str_end(b: &[u8], mut i: usize) -> Option<usize> {
    loop {
        i = skip_plain(b, i);
        match *b.get(i)? {
            b'"' => return Some(i),
            0xE2 => {
                if is_line_separator(b, i) {
                    return None;
                }
                i += 1;
            }
            c if CLASS[c as usize] == 1 => return None,
            _ => i += 1,
        }
    }
}

/// Whether Go writes the valid UTF-8 text `b` unchanged (nothing to escape): eight bytes
/// at a time, the last few read as overlapping words instead of copied into a padded
/// one (most strings Argo writes are short and plain, so this is the whole cost).
#[inline(always)]
fn plain_utf8(b: &[u8]) -> bool {
    let n = b.len();
    let i = skip_plain(b, 0);
    if i + 8 <= n {
        // A byte in a whole word needs a look.
        return false;
    }
    if i == n {
        return true;
    }
    // The rest, read within `b` as the last word (rereading a byte is harmless: only
    // whether any byte stops matters); bytes a short string lacks are padded with `a`.
    let x = if n >= 8 {
        word(&b[n - 8..])
    } else if n >= 4 {
        let w = |k: usize| u32::from_le_bytes([b[k], b[k + 1], b[k + 2], b[k + 3]]);
        u64::from(w(0)) | (u64::from(w(n - 4)) << 32)
    } else {
        let pad = u64::from_le_bytes(*b"aaaaaaaa") & !0xff_ffff;
        pad | u64::from(b[0]) | (u64::from(b[n / 2]) << 8) | (u64::from(b[n - 1]) << 16)
    };
    stops_utf8(x) == 0
}

/// Writes a whole Go string from valid UTF-8 text (a Rust `str`), quotes included:
/// the same bytes as [`go_string`], with fewer checks (no invalid sequences possible).
#[inline]
pub(crate) fn go_str<S: Sink>(s: &mut S, text: &str, esc: Escapes) {
    let b = text.as_bytes();
    s.put1(b'"');
    if plain_utf8(b) {
        s.put(b);
        s.put1(b'"');
        return;
    }
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        // Eight bytes at a time; the last few padded with a byte that never stops.
        let x = match b.get(i..i + 8) {
            Some(chunk) => word(chunk),
            None => {
                let mut t = [b'a'; 8];
                let rest = &b[i..];
                t[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(t)
            }
        };
        let st = stops_utf8(x);
        if st == 0 {
            i += 8;
            continue;
        }
        // The lowest flag is exact, and padding is never flagged: `i` stays in `b`.
        i += (st.trailing_zeros() / 8) as usize;
        let c = b[i];
        if CLASS[c as usize] == 1 {
            s.put(&b[start..i]);
            ascii_escape(s, c, esc);
            i += 1;
            start = i;
        } else if is_line_separator(b, i) {
            s.put(&b[start..i]);
            put_line_separator(s, b[i + 2]);
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    s.put(&b[start.min(b.len())..]);
    s.put1(b'"');
}

/// Writes the body (no quotes) of a Go string's bytes.
#[inline]
pub(crate) fn body<S: Sink>(s: &mut S, b: &[u8], esc: Escapes) {
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        if let Some(chunk) = b.get(i..i + 8) {
            let x = word(chunk);
            let st = stops(x);
            if st == 0 {
                i += 8;
                continue;
            }
            i += (st.trailing_zeros() / 8) as usize;
        }
        let c = b[i];
        match CLASS[c as usize] {
            0 => i += 1,
            1 => {
                s.put(&b[start..i]);
                ascii_escape(s, c, esc);
                i += 1;
                start = i;
            }
            _ => {
                let n = utf8_len(&b[i..]);
                if n == 0 {
                    s.put(&b[start..i]);
                    s.put(b"\\ufffd");
                    i += 1;
                    start = i;
                } else if n == 3 && is_line_separator(b, i) {
                    s.put(&b[start..i]);
                    put_line_separator(s, b[i + 2]);
                    i += 3;
                    start = i;
                } else {
                    i += n;
                }
            }
        }
    }
    s.put(&b[start..]);
}

/// The length Go writes for one decoded character.
#[inline]
pub(crate) fn char_len(ch: char, esc: Escapes) -> usize {
    match ch {
        '"' | '\\' | '\n' | '\r' | '\t' => 2,
        '\u{8}' | '\u{c}' if esc == Escapes::Go122 => 2,
        '\u{0}'..='\u{1f}' | '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => 6,
        _ => ch.len_utf8(),
    }
}

/// Writes a decoded character the way Go writes it.
#[inline]
fn char_body<S: Sink>(s: &mut S, ch: char, esc: Escapes) {
    let mut buf = [0u8; 4];
    body(s, ch.encode_utf8(&mut buf).as_bytes(), esc);
}

/// Writes a whole Go string, quotes included.
pub(crate) fn go_string<S: Sink>(s: &mut S, b: &[u8], esc: Escapes) {
    s.put1(b'"');
    body(s, b, esc);
    s.put1(b'"');
}

/// Re-encodes a string read from JSON: its escapes are decoded the way Go's decoder
/// does (lone surrogates become U+FFFD), then written the way Go's encoder does.
pub(crate) fn json_string<S: Sink>(s: &mut S, raw: RawStr<'_>, esc: Escapes) {
    s.put1(b'"');
    if !raw.escaped {
        body(s, raw.raw, esc);
    } else {
        let r = raw.raw;
        let mut start = 0;
        let mut i = 0;
        while i < r.len() {
            if r[i] != b'\\' {
                i += 1;
                continue;
            }
            body(s, &r[start..i], esc);
            let e = r[i + 1];
            let (ch, used) = match e {
                b'u' => decode_u_escape(r, i),
                b'b' => ('\u{8}', 2),
                b'f' => ('\u{c}', 2),
                b'n' => ('\n', 2),
                b'r' => ('\r', 2),
                b't' => ('\t', 2),
                b'/' => ('/', 2),
                b'\\' => ('\\', 2),
                _ => ('"', 2),
            };
            char_body(s, ch, esc);
            i += used;
            start = i;
        }
        body(s, &r[start..], esc);
    }
    s.put1(b'"');
}

/// Writes input JSON bytes the way Go's `compact` with HTML escaping does for a
/// `json.RawMessage`: `<`, `>`, `&`, U+2028 and U+2029 escaped; everything else as is.
pub(crate) fn raw_html<S: Sink>(s: &mut S, r: &[u8]) {
    let mut start = 0;
    let mut i = 0;
    while i < r.len() {
        let c = r[i];
        if c == b'<' || c == b'>' || c == b'&' {
            s.put(&r[start..i]);
            s.put(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[(c >> 4) as usize],
                HEX[(c & 0xf) as usize],
            ]);
            i += 1;
            start = i;
        } else if is_line_separator(r, i) {
            s.put(&r[start..i]);
            put_line_separator(s, r[i + 2]);
            i += 3;
            start = i;
        } else {
            i += 1;
        }
    }
    s.put(&r[start..]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    /// Every length up to three words, every position, every byte class: the word and
    /// overlapping-tail reads of `plain_utf8` see each byte of the string.
    #[test]
    fn plain_utf8_sees_every_byte() {
        let specials: &[&str] = &[
            "\"", "\\", "<", ">", "&", "\n", "\u{1f}", "\u{2028}", "\u{2029}",
        ];
        for n in 0..24 {
            let plain: alloc::string::String =
                (0..n).map(|k| (b'a' + (k % 26) as u8) as char).collect();
            assert!(plain_utf8(plain.as_bytes()), "{plain:?}");
            for at in 0..n {
                for sp in specials {
                    let mut t = alloc::string::String::from(&plain[..at]);
                    t.push_str(sp);
                    t.push_str(&plain[at..]);
                    assert!(!plain_utf8(t.as_bytes()), "{t:?}");
                    let mut v = Vec::new();
                    go_str(&mut v, &t, Escapes::Go122);
                    assert_eq!(v, enc(t.as_bytes(), Escapes::Go122), "{t:?}");
                }
                // Non-ASCII that Go copies unchanged.
                let mut t = alloc::string::String::from(&plain[..at]);
                t.push_str("é\u{2027}");
                t.push_str(&plain[at..]);
                let mut v = Vec::new();
                go_str(&mut v, &t, Escapes::Go122);
                assert_eq!(v, enc(t.as_bytes(), Escapes::Go122), "{t:?}");
            }
        }
    }

    fn enc(b: &[u8], esc: Escapes) -> Vec<u8> {
        let mut v = Vec::new();
        go_string(&mut v, b, esc);
        let mut c = Count(0);
        go_string(&mut c, b, esc);
        assert_eq!(c.0, v.len());
        v
    }

    #[test]
    fn escapes_like_go() {
        assert_eq!(enc(b"<a&b>", Escapes::Go122), br#""\u003ca\u0026b\u003e""#);
        assert_eq!(enc(b"\x08\x0c", Escapes::Go122), br#""\b\f""#);
        assert_eq!(enc(b"\x08\x0c", Escapes::Pre122), br#""\u0008\u000c""#);
        assert_eq!(enc(b"\x1f\x7f", Escapes::Go122), b"\"\\u001f\x7f\"");
        assert_eq!(
            enc("\u{2028}\u{2029}".as_bytes(), Escapes::Go122),
            br#""\u2028\u2029""#
        );
        assert_eq!(
            enc(b"\xed\xa0\x80", Escapes::Go122),
            br#""\ufffd\ufffd\ufffd""#
        );
        assert_eq!(enc(b"a\xc3", Escapes::Go122), br#""a\ufffd""#);
        assert_eq!(
            enc("é🚀\u{fffd}".as_bytes(), Escapes::Go122),
            "\"é🚀\u{fffd}\"".as_bytes()
        );
    }

    #[test]
    fn go_str_equals_go_string() {
        for t in [
            "",
            "plain ascii text that is long enough",
            "<a&b>\"q\" back\\slash \x08\x0c\x1f\x7f",
            "température élevée ✓ ошибка 🚀 \u{2028}x\u{2029}\u{2027}\u{202a}",
            "exactly8",
            "\u{2028}",
        ] {
            for esc in [Escapes::Go122, Escapes::Pre122] {
                let mut a = Vec::new();
                go_str(&mut a, t, esc);
                assert_eq!(a, enc(t.as_bytes(), esc), "{t:?}");
            }
        }
    }

    #[test]
    fn reencodes_json_escapes() {
        let mut v = Vec::new();
        let raw = RawStr {
            raw: br"\u003c\/\ud83d\ude80\ud800\u2028\b",
            escaped: true,
        };
        json_string(&mut v, raw, Escapes::Go122);
        assert_eq!(v, "\"\\u003c/🚀\u{fffd}\\u2028\\b\"".as_bytes());
    }
}
