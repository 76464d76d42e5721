//! Go's string quoting, reproduced so error texts match Go byte for byte.
//!
//! Two flavours exist in Go and both reach our error messages:
//! - `strconv.Quote` (`%q`), used by `strconv.Atoi` errors and Kubernetes field errors;
//! - the `time` package's private `quote`, used by `time.ParseDuration` errors.

use alloc::string::String;
use core::fmt::Write;

/// `strconv.Quote(s)`: a double-quoted Go string literal.
///
/// Printable characters are kept as they are, `"` and `\` are escaped, the usual C escapes
/// are used for `\a \b \f \n \r \t \v`, other ASCII control bytes become `\xNN`, and other
/// non-printable characters `\uNNNN` or `\UNNNNNNNN`. "Printable" follows Go's
/// `strconv.IsPrint` for every character Rust can classify the same way (controls, format
/// characters, separators other than the ASCII space, surrogates cannot occur in `&str`).
pub(crate) fn go_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{7}' => out.push_str("\\a"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{b}' => out.push_str("\\v"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_go_printable(c) => out.push(c),
            c if (c as u32) < 0x10000 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => {
                let _ = write!(out, "\\U{:08x}", c as u32);
            }
        }
    }
    out.push('"');
    out
}

/// An approximation of Go's `strconv.IsPrint` for characters outside ASCII: letters, marks,
/// numbers, punctuation, symbols and the ASCII space are printable; controls, format
/// characters, line/paragraph separators, other spaces and private-use characters are not.
fn is_go_printable(c: char) -> bool {
    if c == ' ' {
        return true;
    }
    if c.is_control() || c.is_whitespace() {
        return false;
    }
    let u = c as u32;
    // Format characters (Cf) and private use (Co) that Go's tables exclude.
    !matches!(u,
        0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x180E | 0x200B..=0x200F
        | 0x202A..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB
        | 0xE000..=0xF8FF | 0xF0000..=0x10FFFF | 0xFFFE | 0xFFFF)
}

/// The `time` package's `quote(s)`: `"` + s + `"`, with `"` and `\` escaped and every byte
/// of a non-ASCII or control character written as `\xNN`.
pub(crate) fn go_time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if (c as u32) >= 0x80 || (c as u32) < 0x20 {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "\\x{b:02x}");
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strconv_quote() {
        assert_eq!(go_quote("1h30"), "\"1h30\"");
        assert_eq!(go_quote("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(go_quote("\t\n\u{1}\u{7f}"), "\"\\t\\n\\x01\\x7f\"");
        assert_eq!(go_quote("héllo 😀"), "\"héllo 😀\"");
        assert_eq!(go_quote("\u{2028}\u{feff}"), "\"\\u2028\\ufeff\"");
        assert_eq!(go_quote("\u{f0000}"), "\"\\U000f0000\"");
    }

    #[test]
    fn time_quote() {
        assert_eq!(go_time_quote("10"), "\"10\"");
        assert_eq!(go_time_quote("é\"\\"), "\"\\xc3\\xa9\\\"\\\\\"");
        assert_eq!(go_time_quote("\n"), "\"\\x0a\"");
    }
}
