//! Durations as Argo reads them: `persistence.archiveTTL` (`config.TTL`) and Go's
//! `time.ParseDuration` (environment variables such as `OFFLOAD_NODE_STATUS_TTL`).
//!
//! Both return nanoseconds in an `i64`, Go's `time.Duration`, including Go's silent
//! wrap-around when `days * 24h` overflows.
//!
//! ```
//! use wfpack_codec::policy::ttl::{parse_archive_ttl, parse_go_duration, Duration};
//! assert_eq!(parse_archive_ttl("180d")?.as_secs(), 180 * 86_400);
//! assert_eq!(
//!     parse_archive_ttl("1h30m").unwrap_err().argo_text().unwrap(),
//!     "strconv.Atoi: parsing \"1h30\": invalid syntax"
//! );
//! assert_eq!(parse_go_duration("1h30m")?, Duration::from_secs(5400));
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

use alloc::format;
use alloc::string::String;
use core::fmt;
use serde::{Deserialize, Serialize};

use super::quote::{go_quote, go_time_quote};
use crate::{Error, Result};

const NANOSECOND: i64 = 1;
const MICROSECOND: i64 = 1_000 * NANOSECOND;
const MILLISECOND: i64 = 1_000 * MICROSECOND;
const SECOND: i64 = 1_000 * MILLISECOND;
const MINUTE: i64 = 60 * SECOND;
const HOUR: i64 = 60 * MINUTE;

/// Go's `time.Duration`: signed nanoseconds. Serialises as the integer nanosecond count.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Duration(pub i64);

impl Duration {
    /// Zero: for `archiveTTL`, "keep forever" (archive GC disabled).
    pub const ZERO: Duration = Duration(0);

    /// `n` whole seconds (saturating).
    pub const fn from_secs(n: i64) -> Duration {
        Duration(n.saturating_mul(SECOND))
    }

    /// `n` whole days of 24 hours (saturating).
    pub const fn from_days(n: i64) -> Duration {
        Duration(n.saturating_mul(24 * HOUR))
    }

    /// Nanoseconds.
    pub const fn as_nanos(self) -> i64 {
        self.0
    }

    /// Whole seconds, truncated toward zero (what Argo puts in `interval '<n>' second`).
    pub const fn as_secs(self) -> i64 {
        self.0 / SECOND
    }

    /// True for zero.
    pub const fn is_zero(self) -> bool {
        self.0 == 0
    }
}

impl fmt::Display for Duration {
    /// Go's `Duration.String()`: `4320h0m0s`, `1.5s`, `100ms`, `0s`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&go_duration_string(self.0))
    }
}

fn go_duration_string(d: i64) -> String {
    let neg = d < 0;
    let mut u = d.unsigned_abs();
    let sign = if neg { "-" } else { "" };
    if u < SECOND as u64 {
        if u == 0 {
            return String::from("0s");
        }
        let (unit, div) = if u < MICROSECOND as u64 {
            return format!("{sign}{u}ns");
        } else if u < MILLISECOND as u64 {
            ("µs", MICROSECOND as u64)
        } else {
            ("ms", MILLISECOND as u64)
        };
        return format!("{sign}{}{unit}", frac(u, div));
    }
    let secs_part = u % (MINUTE as u64);
    u /= MINUTE as u64;
    let secs = frac(secs_part, SECOND as u64);
    if u == 0 {
        return format!("{sign}{secs}s");
    }
    let mins = u % 60;
    let hours = u / 60;
    if hours == 0 {
        return format!("{sign}{mins}m{secs}s");
    }
    format!("{sign}{hours}h{mins}m{secs}s")
}

/// `v / div` with the remainder as a decimal fraction without trailing zeros.
fn frac(v: u64, div: u64) -> String {
    let whole = v / div;
    let mut rem = v % div;
    if rem == 0 {
        return format!("{whole}");
    }
    let mut digits = String::new();
    let mut d = div / 10;
    while d > 0 && rem > 0 {
        digits.push(char::from(b'0' + (rem / d) as u8));
        rem %= d;
        d /= 10;
    }
    format!("{whole}.{digits}")
}

/// Go's `strconv.Atoi` with its error text (`strconv.Atoi: parsing "x": invalid syntax` or
/// `value out of range`).
fn go_atoi(s: &str) -> Result<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    let syntax = || {
        Error::ArchiveTtl(format!(
            "strconv.Atoi: parsing {}: invalid syntax",
            go_quote(s)
        ))
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(syntax());
    }
    s.parse::<i64>().map_err(|_| {
        Error::ArchiveTtl(format!(
            "strconv.Atoi: parsing {}: value out of range",
            go_quote(s)
        ))
    })
}

/// `persistence.archiveTTL` given as a string, exactly as Argo's `config.TTL` reads it.
///
/// `""` is zero; a `d`, `h`, `m` or `s` suffix makes the rest a `strconv.Atoi` integer
/// (so `180d`, `+7d`, `-1d` parse and `1h30m`, `100ms`, `1.5h`, `4320h0m0s` fail with
/// Atoi's error); anything else goes to `time.ParseDuration` (so `"0"` is zero and `"10"`
/// fails with `time: missing unit in duration "10"`).
pub fn parse_archive_ttl(s: &str) -> Result<Duration> {
    if s.is_empty() {
        return Ok(Duration::ZERO);
    }
    for (suffix, unit) in [("d", 24 * HOUR), ("h", HOUR), ("m", MINUTE), ("s", SECOND)] {
        if let Some(rest) = s.strip_suffix(suffix) {
            // Go multiplies time.Duration values with silent wrap-around.
            return Ok(Duration(go_atoi(rest)?.wrapping_mul(unit)));
        }
    }
    parse_go_duration(s).map_err(|e| match e {
        Error::Duration(m) => Error::ArchiveTtl(m),
        other => other,
    })
}

/// `persistence.archiveTTL` given as a JSON value (the configmap's YAML after conversion):
/// a string is parsed by [`parse_archive_ttl`]; any other JSON value (a YAML number such as
/// `archiveTTL: 10`, `null`, a boolean) fails with Argo's `invalid TTL`.
pub fn parse_archive_ttl_json(value: &serde_json::Value) -> Result<Duration> {
    match value {
        serde_json::Value::String(s) => parse_archive_ttl(s),
        _ => Err(Error::ArchiveTtl(String::from("invalid TTL"))),
    }
}

/// Go's `time.ParseDuration` with its exact error texts: `[-+]?([0-9]*(\.[0-9]*)?[a-z]+)+`
/// with units `ns`, `us`, `µs`, `μs`, `ms`, `s`, `m`, `h` (no `d`).
pub fn parse_go_duration(orig: &str) -> Result<Duration> {
    let invalid = || Error::Duration(format!("time: invalid duration {}", go_time_quote(orig)));
    let mut s = orig.as_bytes();
    let mut neg = false;
    if let Some(&c) = s.first()
        && (c == b'-' || c == b'+')
    {
        neg = c == b'-';
        s = &s[1..];
    }
    if s == b"0" {
        return Ok(Duration::ZERO);
    }
    if s.is_empty() {
        return Err(invalid());
    }
    const LIMIT: u64 = 1 << 63;
    let mut d: u64 = 0;
    while !s.is_empty() {
        if !(s[0] == b'.' || s[0].is_ascii_digit()) {
            return Err(invalid());
        }
        // leadingInt
        let pl = s.len();
        let mut v: u64 = 0;
        let mut i = 0;
        while i < s.len() && s[i].is_ascii_digit() {
            if v > LIMIT / 10 {
                return Err(invalid());
            }
            v = v * 10 + u64::from(s[i] - b'0');
            if v > LIMIT {
                return Err(invalid());
            }
            i += 1;
        }
        s = &s[i..];
        let pre = pl != s.len();
        // leadingFraction
        let mut post = false;
        let mut f: u64 = 0;
        let mut scale: f64 = 1.0;
        if s.first() == Some(&b'.') {
            s = &s[1..];
            let pl = s.len();
            let mut overflow = false;
            let mut i = 0;
            while i < s.len() && s[i].is_ascii_digit() {
                if !overflow {
                    if f > (LIMIT - 1) / 10 {
                        overflow = true;
                    } else {
                        let y = f * 10 + u64::from(s[i] - b'0');
                        if y > LIMIT {
                            overflow = true;
                        } else {
                            f = y;
                            scale *= 10.0;
                        }
                    }
                }
                i += 1;
            }
            s = &s[i..];
            post = pl != s.len();
        }
        if !pre && !post {
            return Err(invalid());
        }
        let mut i = 0;
        while i < s.len() && !(s[i] == b'.' || s[i].is_ascii_digit()) {
            i += 1;
        }
        if i == 0 {
            return Err(Error::Duration(format!(
                "time: missing unit in duration {}",
                go_time_quote(orig)
            )));
        }
        let u = &s[..i];
        s = &s[i..];
        let unit: u64 = match u {
            b"ns" => NANOSECOND as u64,
            b"us" | b"\xc2\xb5s" | b"\xce\xbcs" => MICROSECOND as u64,
            b"ms" => MILLISECOND as u64,
            b"s" => SECOND as u64,
            b"m" => MINUTE as u64,
            b"h" => HOUR as u64,
            _ => {
                // `u` ends before an ASCII byte or at the end, so it is whole UTF-8.
                let unit = core::str::from_utf8(u).unwrap_or("");
                return Err(Error::Duration(format!(
                    "time: unknown unit {} in duration {}",
                    go_time_quote(unit),
                    go_time_quote(orig)
                )));
            }
        };
        if v > LIMIT / unit {
            return Err(invalid());
        }
        v *= unit;
        if f > 0 {
            #[allow(
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss,
                clippy::cast_precision_loss
            )]
            let add = (f as f64 * (unit as f64 / scale)) as u64;
            v += add;
            if v > LIMIT {
                return Err(invalid());
            }
        }
        d += v;
        if d > LIMIT {
            return Err(invalid());
        }
    }
    if neg {
        #[allow(clippy::cast_possible_wrap)]
        return Ok(Duration((d as i64).wrapping_neg()));
    }
    if d > LIMIT - 1 {
        return Err(invalid());
    }
    #[allow(clippy::cast_possible_wrap)]
    Ok(Duration(d as i64))
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn ttl_err(s: &str) -> String {
        parse_archive_ttl(s).unwrap_err().argo_text().unwrap()
    }

    #[test]
    fn archive_ttl_quirks() {
        assert_eq!(parse_archive_ttl("").unwrap(), Duration::ZERO);
        assert_eq!(parse_archive_ttl("180d").unwrap(), Duration::from_days(180));
        assert_eq!(parse_archive_ttl("7d").unwrap(), Duration::from_days(7));
        assert_eq!(parse_archive_ttl("+7d").unwrap(), Duration::from_days(7));
        assert_eq!(parse_archive_ttl("-1d").unwrap(), Duration::from_days(-1));
        assert_eq!(
            parse_archive_ttl("12h").unwrap(),
            Duration::from_secs(12 * 3600)
        );
        assert_eq!(parse_archive_ttl("30m").unwrap(), Duration::from_secs(1800));
        assert_eq!(parse_archive_ttl("90s").unwrap(), Duration::from_secs(90));
        assert_eq!(parse_archive_ttl("0").unwrap(), Duration::ZERO);
        assert_eq!(
            ttl_err("1h30m"),
            "strconv.Atoi: parsing \"1h30\": invalid syntax"
        );
        assert_eq!(
            ttl_err("100ms"),
            "strconv.Atoi: parsing \"100m\": invalid syntax"
        );
        assert_eq!(
            ttl_err("1.5h"),
            "strconv.Atoi: parsing \"1.5\": invalid syntax"
        );
        assert_eq!(
            ttl_err("4320h0m0s"),
            "strconv.Atoi: parsing \"4320h0m0\": invalid syntax"
        );
        assert_eq!(ttl_err("d"), "strconv.Atoi: parsing \"\": invalid syntax");
        assert_eq!(ttl_err("10"), "time: missing unit in duration \"10\"");
        assert_eq!(ttl_err("abc"), "time: invalid duration \"abc\"");
        assert_eq!(
            ttl_err("99999999999999999999d"),
            "strconv.Atoi: parsing \"99999999999999999999\": value out of range"
        );
        assert_eq!(
            parse_archive_ttl_json(&serde_json::json!(10))
                .unwrap_err()
                .argo_text()
                .unwrap(),
            "invalid TTL"
        );
        assert_eq!(
            parse_archive_ttl_json(&serde_json::json!("7d")).unwrap(),
            Duration::from_days(7)
        );
        // Go wraps silently.
        assert_eq!(
            parse_archive_ttl("106752d").unwrap().as_nanos(),
            106_752_i64.wrapping_mul(24 * HOUR)
        );
    }

    #[test]
    fn go_durations() {
        let p = |s: &str| parse_go_duration(s).unwrap().as_nanos();
        assert_eq!(p("5m"), 5 * MINUTE);
        assert_eq!(p("1h30m"), 90 * MINUTE);
        assert_eq!(p("1.5h"), 90 * MINUTE);
        assert_eq!(p("100ms"), 100 * MILLISECOND);
        assert_eq!(p("-1.5s"), -1500 * MILLISECOND);
        assert_eq!(p("+0"), 0);
        assert_eq!(p(".5s"), 500 * MILLISECOND);
        assert_eq!(p("1µs"), MICROSECOND);
        assert_eq!(p("2562047h47m16.854775807s"), i64::MAX);
        assert_eq!(p("-2562047h47m16.854775808s"), i64::MIN);
        let e = |s: &str| parse_go_duration(s).unwrap_err().argo_text().unwrap();
        assert_eq!(
            e("2562047h47m16.854775808s"),
            "time: invalid duration \"2562047h47m16.854775808s\""
        );
        assert_eq!(e(""), "time: invalid duration \"\"");
        assert_eq!(e("1d"), "time: unknown unit \"d\" in duration \"1d\"");
        assert_eq!(e("10"), "time: missing unit in duration \"10\"");
        assert_eq!(e(".s"), "time: invalid duration \".s\"");
        assert_eq!(
            e("1é"),
            "time: unknown unit \"\\xc3\\xa9\" in duration \"1\\xc3\\xa9\""
        );
    }

    #[test]
    fn display() {
        assert_eq!(Duration::from_days(180).to_string(), "4320h0m0s");
        assert_eq!(Duration(1_500_000_000).to_string(), "1.5s");
        assert_eq!(Duration(100 * MILLISECOND).to_string(), "100ms");
        assert_eq!(Duration(0).to_string(), "0s");
        assert_eq!(Duration(-90 * SECOND).to_string(), "-1m30s");
    }
}
