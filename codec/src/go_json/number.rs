//! Numbers as Go writes them after a Kubernetes `unstructured` decode: integers that fit
//! an `int64` are written back unchanged; every other number went through `float64` and
//! is written with Go's shortest formatting (`strconv.AppendFloat(f, 'f' or 'e', -1, 64)`,
//! exponent form only below 1e-6 or from 1e21 on, `e-07` shortened to `e-7`).

use core::fmt::Write;

use super::string::Sink;
use crate::error::{Error, Result};

/// True when the literal is an integer (no fraction, no exponent).
#[inline]
pub(crate) fn is_integer(lit: &[u8]) -> bool {
    !lit.iter().any(|&c| c == b'.' || c == b'e' || c == b'E')
}

/// True when an integer literal fits `int64`.
pub(crate) fn fits_i64(lit: &[u8]) -> bool {
    let (neg, digits) = match lit.split_first() {
        Some((b'-', d)) => (true, d),
        _ => (false, lit),
    };
    if digits.len() < 19 {
        return true;
    }
    if digits.len() > 19 {
        return false;
    }
    let limit: &[u8] = if neg {
        b"9223372036854775808"
    } else {
        b"9223372036854775807"
    };
    digits <= limit
}

/// True when Go can hold the number: an `int64`, or a finite `float64`.
pub(crate) fn in_range(lit: &[u8]) -> bool {
    if is_integer(lit) && fits_i64(lit) {
        return true;
    }
    !rounds_to_infinity(lit)
}

/// The digits of 2^1024 - 2^970, the midpoint between `f64::MAX` and 2^1024: a decimal
/// at least this large rounds (to even) to infinity, anything smaller to a finite value.
const F64_OVERFLOW: &[u8; 309] = b"179769313486231580793728971405303415079934132710037826936173778980444968292764750946649017977587207096330286416692887910946555547851940402630657488671505820681908902000708383676273854845817711531764475730270069855571366959622842914819860834936475292719074168444365510704342711559699508093042880177904174497792";

/// Whether a validated JSON number literal parses to an infinite `f64` (exactly what
/// `parse::<f64>()` decides, without linking its 10 KB of tables into the wasm builds).
fn rounds_to_infinity(lit: &[u8]) -> bool {
    let lit = lit.strip_prefix(b"-").unwrap_or(lit);
    let (mantissa, exp) = match lit.iter().position(|&c| c == b'e' || c == b'E') {
        Some(i) => (&lit[..i], &lit[i + 1..]),
        None => (lit, &b""[..]),
    };
    let (int, frac) = match mantissa.iter().position(|&c| c == b'.') {
        Some(i) => (&mantissa[..i], &mantissa[i + 1..]),
        None => (mantissa, &b""[..]),
    };
    // value = 0.D x 10^point, D = the digits without leading zeros.
    let zeros = int.iter().chain(frac).take_while(|&&c| c == b'0').count();
    let digits = || int.iter().chain(frac).skip(zeros).copied();
    if digits().next().is_none() {
        return false;
    }
    let (neg_exp, exp_digits) = match exp.split_first() {
        Some((b'-', d)) => (true, d),
        Some((b'+', d)) => (false, d),
        _ => (false, exp),
    };
    let e = exp_digits.iter().fold(0i64, |e, &c| {
        e.saturating_mul(10)
            .saturating_add(i64::from(c.wrapping_sub(b'0')))
    });
    let point = (int.len() as i64 - zeros as i64).saturating_add(if neg_exp { -e } else { e });
    match point.cmp(&(F64_OVERFLOW.len() as i64)) {
        core::cmp::Ordering::Greater => true,
        core::cmp::Ordering::Less => false,
        // Same magnitude: compare the digit strings (missing digits are zeros).
        core::cmp::Ordering::Equal => {
            let mut d = digits();
            for &t in F64_OVERFLOW {
                let c = d.next().unwrap_or(b'0');
                if c != t {
                    return c > t;
                }
            }
            true
        }
    }
}

/// A fixed buffer for `core::fmt` output.
struct Buf {
    b: [u8; 40],
    n: usize,
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let end = self.n + s.len();
        if end > self.b.len() {
            return Err(core::fmt::Error);
        }
        self.b[self.n..end].copy_from_slice(s.as_bytes());
        self.n = end;
        Ok(())
    }
}

/// Writes a validated JSON number literal (`offset` is for the error).
pub(crate) fn write<S: Sink>(s: &mut S, lit: &[u8], offset: usize) -> Result<()> {
    if is_integer(lit) && fits_i64(lit) {
        if lit == b"-0" {
            s.put1(b'0');
        } else {
            s.put(lit);
        }
        return Ok(());
    }
    // Validated JSON numbers are ASCII.
    let text = core::str::from_utf8(lit).map_err(|_| Error::NumberOutOfRange { offset })?;
    let f: f64 = text
        .parse()
        .map_err(|_| Error::NumberOutOfRange { offset })?;
    if !f.is_finite() {
        return Err(Error::NumberOutOfRange { offset });
    }
    write_f64(s, f);
    Ok(())
}

/// Writes a number literal the way Argo's `AnyString` stores it: through `float64` and
/// `strconv.FormatFloat(f, 'f', -1, 64)` (plain decimal, never an exponent).
pub(crate) fn write_plain<S: Sink>(s: &mut S, lit: &[u8], offset: usize) -> Result<()> {
    let text = core::str::from_utf8(lit).map_err(|_| Error::NumberOutOfRange { offset })?;
    let f: f64 = text
        .parse()
        .map_err(|_| Error::NumberOutOfRange { offset })?;
    if !f.is_finite() {
        return Err(Error::NumberOutOfRange { offset });
    }
    format_f64(s, f, true);
    Ok(())
}

/// Writes `f` exactly as Go's `encoding/json` float64 encoder does.
pub(crate) fn write_f64<S: Sink>(s: &mut S, f: f64) {
    format_f64(s, f, false);
}

fn format_f64<S: Sink>(s: &mut S, f: f64, plain: bool) {
    let mut buf = Buf { b: [0; 40], n: 0 };
    // Shortest round-trip digits in scientific form, e.g. "-1.2345e-7".
    let _ = write!(buf, "{:e}", f);
    let sci = &buf.b[..buf.n];
    let (neg, sci) = match sci.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, sci),
    };
    let e_at = sci.iter().position(|&c| c == b'e').unwrap_or(sci.len());
    let mantissa = &sci[..e_at];
    let mut exp: i32 = 0;
    let mut exp_neg = false;
    for &c in &sci[(e_at + 1).min(sci.len())..] {
        if c == b'-' {
            exp_neg = true;
        } else {
            exp = exp * 10 + (c - b'0') as i32;
        }
    }
    if exp_neg {
        exp = -exp;
    }
    let mut digits = [0u8; 24];
    let mut nd = 0;
    for &c in mantissa {
        if c != b'.' && nd < digits.len() {
            digits[nd] = c;
            nd += 1;
        }
    }
    let digits = &digits[..nd];
    if neg {
        s.put1(b'-');
    }
    let abs = f.abs();
    if !plain && abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        s.put1(digits[0]);
        if digits.len() > 1 {
            s.put1(b'.');
            s.put(&digits[1..]);
        }
        s.put(if exp < 0 { b"e-" } else { b"e+" });
        let mut eb = Buf { b: [0; 40], n: 0 };
        let _ = write!(eb, "{}", exp.unsigned_abs());
        s.put(&eb.b[..eb.n]);
        return;
    }
    // Plain decimal: the decimal point sits after `point` digits.
    let point = exp + 1;
    let n = digits.len() as i32;
    if point <= 0 {
        s.put(b"0.");
        for _ in 0..(-point) {
            s.put1(b'0');
        }
        s.put(digits);
    } else if point >= n {
        s.put(digits);
        for _ in 0..(point - n) {
            s.put1(b'0');
        }
    } else {
        s.put(&digits[..point as usize]);
        s.put1(b'.');
        s.put(&digits[point as usize..]);
    }
}

/// True when the literal's value is zero (for `omitempty`).
pub(crate) fn is_zero(lit: &[u8]) -> bool {
    let mantissa_end = lit
        .iter()
        .position(|&c| c == b'e' || c == b'E')
        .unwrap_or(lit.len());
    lit[..mantissa_end]
        .iter()
        .all(|&c| matches!(c, b'0' | b'-' | b'.'))
}

#[cfg(test)]
mod tests {
    use alloc::format;
    use alloc::string::String;

    #[test]
    fn overflow_check_agrees_with_f64_parsing() {
        let max = core::str::from_utf8(super::F64_OVERFLOW).unwrap();
        let below = format!("{}1", &max[..308]);
        let mut lits: alloc::vec::Vec<String> = alloc::vec![
            max.into(),
            format!("-{max}"),
            format!("{max}.0"),
            format!("{max}.0000001"),
            below.clone(),
            format!("{}.9999999999999999999e0", &below[..308]),
            format!("0.{max}e309"),
            format!("0.{below}e309"),
            format!("000{max}"),
            format!("{}.{}e1", &max[..308], &max[308..]),
            format!("{}.{}e-1", max, "5"),
        ];
        for m in [
            "1",
            "1.5",
            "1.7976931348623157",
            "1.7976931348623158",
            "1.797693134862315807",
            "1.797693134862315808",
            "17.976931348623158",
            "0.0",
            "0",
            "9.99",
            "0.000123",
        ] {
            for e in [
                "e308",
                "e307",
                "e309",
                "E+308",
                "e-308",
                "e-400",
                "e400",
                "e99999999999999999999999",
                "e-99999999999999999999999",
                "e0",
                "",
            ] {
                lits.push(format!("{m}{e}"));
                lits.push(format!("-{m}{e}"));
            }
        }
        for lit in &lits {
            let want = !lit.parse::<f64>().unwrap().is_finite();
            assert_eq!(super::rounds_to_infinity(lit.as_bytes()), want, "{lit}");
            assert_eq!(in_range(lit.as_bytes()), !want, "{lit}");
        }
    }

    use super::*;
    use alloc::vec::Vec;

    fn go(lit: &str) -> alloc::string::String {
        let mut v = Vec::new();
        write(&mut v, lit.as_bytes(), 0).unwrap();
        alloc::string::String::from_utf8(v).unwrap()
    }

    #[test]
    fn formats_like_go() {
        assert_eq!(go("242905"), "242905");
        assert_eq!(go("-0"), "0");
        assert_eq!(go("9223372036854775807"), "9223372036854775807");
        assert_eq!(go("9223372036854775808"), "9223372036854776000");
        assert_eq!(go("1.0"), "1");
        assert_eq!(go("1.50"), "1.5");
        assert_eq!(go("1e3"), "1000");
        assert_eq!(go("1e20"), "100000000000000000000");
        assert_eq!(go("1e21"), "1e+21");
        assert_eq!(go("123456789012345678901234"), "1.2345678901234569e+23");
        assert_eq!(go("0.000001"), "0.000001");
        assert_eq!(go("0.0000001"), "1e-7");
        assert_eq!(go("1.5e-10"), "1.5e-10");
        assert_eq!(go("-0.0"), "-0");
        assert_eq!(go("0.1"), "0.1");
        assert_eq!(go("-12.75"), "-12.75");
        assert_eq!(go("5e-324"), "5e-324");
        assert_eq!(go("1.7976931348623157e308"), "1.7976931348623157e+308");
        assert!(write(&mut Vec::new(), b"1e400", 7).is_err());
    }

    #[test]
    fn zero_detection() {
        assert!(is_zero(b"0") && is_zero(b"-0.0") && is_zero(b"0e5"));
        assert!(!is_zero(b"1") && !is_zero(b"0.01"));
    }
}
