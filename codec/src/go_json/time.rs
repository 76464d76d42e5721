//! `metav1.Time` as Argo writes it: RFC 3339 in UTC with second precision; the zero time
//! is `null`.

/// `YYYY-MM-DDTHH:MM:SSZ` with every `Y`… a digit: whatever the digits, Go writes 22
/// bytes for it (normalised, it is itself; not a valid time, it is written as the string,
/// which has nothing to escape), except for the zero time, `null`.
#[inline]
pub(crate) fn utc_seconds_shape(s: &[u8]) -> bool {
    /// All eight bytes ASCII digits.
    fn digits(w: u64) -> bool {
        const F0: u64 = 0xf0f0_f0f0_f0f0_f0f0;
        const D0: u64 = 0x3030_3030_3030_3030;
        w & F0 == D0 && w.wrapping_add(0x0606_0606_0606_0606) & F0 == D0
    }
    if s.len() != 20
        || s[4] != b'-'
        || s[7] != b'-'
        || s[10] != b'T'
        || s[13] != b':'
        || s[16] != b':'
        || s[19] != b'Z'
    {
        return false;
    }
    let w = |i: usize| {
        u64::from_le_bytes([
            s[i],
            s[i + 1],
            s[i + 2],
            s[i + 3],
            s[i + 4],
            s[i + 5],
            s[i + 6],
            s[i + 7],
        ])
    };
    // Words at 0, 8 and 12 with their separator bytes (4, 7 | 10, 13 | 13, 16, 19) read
    // as `0`: masks of the separator bytes within each word.
    const M0: u64 = 0xff00_00ff_0000_0000;
    const M8: u64 = 0x0000_ff00_00ff_0000;
    const M12: u64 = 0xff00_00ff_0000_ff00;
    let sep = |w: u64, m: u64| (w & !m) | (0x3030_3030_3030_3030 & m);
    digits(sep(w(0), M0)) && digits(sep(w(8), M8)) && digits(sep(w(12), M12))
}

/// Normalises an RFC 3339 timestamp the way `metav1.Time` round-trips it: the result is
/// `Some(Some("YYYY-MM-DDTHH:MM:SSZ"))`, `Some(None)` for the zero time (written `null`),
/// or `None` when the text does not parse (Go would reject the object; callers keep it).
pub(crate) fn normalise(s: &[u8]) -> Option<Option<[u8; 20]>> {
    let d = |i: usize, n: usize| -> Option<i64> {
        let part = s.get(i..i + n)?;
        let mut v = 0i64;
        for &c in part {
            if !c.is_ascii_digit() {
                return None;
            }
            v = v * 10 + (c - b'0') as i64;
        }
        Some(v)
    };
    if s.len() < 20
        || s[4] != b'-'
        || s[7] != b'-'
        || !matches!(s[10], b'T' | b't')
        || s[13] != b':'
        || s[16] != b':'
    {
        return None;
    }
    let (year, month, day) = (d(0, 4)?, d(5, 2)?, d(8, 2)?);
    let (hour, min, sec) = (d(11, 2)?, d(14, 2)?, d(17, 2)?);
    if !(1..=12).contains(&month)
        || day < 1
        || day > days_in_month(year, month)
        || hour > 23
        || min > 59
        || sec > 59
    {
        return None;
    }
    let mut i = 19;
    if s.get(i) == Some(&b'.') {
        i += 1;
        let start = i;
        while s.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return None;
        }
    }
    let offset_secs = match s.get(i) {
        Some(b'Z' | b'z') if i + 1 == s.len() => 0,
        Some(&sign @ (b'+' | b'-')) if i + 6 == s.len() && s[i + 3] == b':' => {
            let (oh, om) = (d(i + 1, 2)?, d(i + 4, 2)?);
            if oh > 23 || om > 59 {
                return None;
            }
            let v = oh * 3600 + om * 60;
            if sign == b'-' { -v } else { v }
        }
        _ => return None,
    };
    // Already UTC, whole seconds, canonical letters: only the zero time changes.
    if offset_secs == 0 && s.len() == 20 && s[10] == b'T' && s[19] == b'Z' {
        if s == b"0001-01-01T00:00:00Z" {
            return Some(None);
        }
        let mut out = [0u8; 20];
        out.copy_from_slice(s);
        return Some(Some(out));
    }
    let days = days_from_civil(year, month, day);
    let t = days * 86400 + hour * 3600 + min * 60 + sec - offset_secs;
    // Zero time: 0001-01-01T00:00:00Z.
    if t == days_from_civil(1, 1, 1) * 86400 {
        return Some(None);
    }
    let (days, secs) = (t.div_euclid(86400), t.rem_euclid(86400));
    let (y, m, dd) = civil_from_days(days);
    if !(0..=9999).contains(&y) {
        return None;
    }
    let mut out = *b"0000-00-00T00:00:00Z";
    let put = |out: &mut [u8; 20], at: usize, n: usize, mut v: i64| {
        for k in (0..n).rev() {
            out[at + k] = b'0' + (v % 10) as u8;
            v /= 10;
        }
    };
    put(&mut out, 0, 4, y);
    put(&mut out, 5, 2, m);
    put(&mut out, 8, 2, dd);
    put(&mut out, 11, 2, secs / 3600);
    put(&mut out, 14, 2, secs / 60 % 60);
    put(&mut out, 17, 2, secs % 60);
    Some(Some(out))
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146097 + doe - 719468
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + if m <= 2 { 1 } else { 0 }, m, d)
}

/// Times the counting shortcut must measure exactly as they are written: valid, leap,
/// zero, out of range, lower case, fractional, offset, one wrong byte in each field,
/// escaped, not a time, empty. Shared by the `encoded_len` and `go_json_len` tests.
#[cfg(test)]
pub(crate) const SAMPLES: &[&str] = &[
    "2026-08-01T10:00:00Z",
    "0001-01-01T00:00:00Z",
    "0000-00-00T00:00:00Z",
    "2026-13-45T99:99:99Z",
    "2023-02-29T00:00:00Z",
    "2024-02-29T23:59:59Z",
    "9999-12-31T23:59:59Z",
    "2026-08-01t10:00:00z",
    "2026-08-01T10:00:00.5Z",
    "2026-08-01T10:00:00+02:00",
    "0001-01-01T01:00:00+01:00",
    "2026-08-01T10:00:0xZ",
    "2026-08-01T10:00:x0Z",
    "x026-08-01T10:00:00Z",
    "2026-08-01T10:0x:00Z",
    "2026-08-01T1x:00:00Z",
    "2026-08-x1T10:00:00Z",
    "2026-x8-01T10:00:00Z",
    "2026-08-01T10:00:0\\u0030Z",
    "not a time <&>",
    "",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Option<Option<alloc::string::String>> {
        normalise(s.as_bytes())
            .map(|o| o.map(|b| alloc::string::String::from_utf8(b.to_vec()).unwrap()))
    }

    #[test]
    fn normalises_to_utc_seconds() {
        assert_eq!(
            n("2026-08-01T10:00:00Z"),
            Some(Some("2026-08-01T10:00:00Z".into()))
        );
        assert_eq!(
            n("2026-08-01T10:00:00.999Z"),
            Some(Some("2026-08-01T10:00:00Z".into()))
        );
        assert_eq!(
            n("2026-01-01T01:30:00+02:00"),
            Some(Some("2025-12-31T23:30:00Z".into()))
        );
        assert_eq!(
            n("2024-02-29T23:00:00-01:00"),
            Some(Some("2024-03-01T00:00:00Z".into()))
        );
        assert_eq!(n("0001-01-01T00:00:00Z"), Some(None));
        assert_eq!(n("yesterday"), None);
        assert_eq!(n("2023-02-29T00:00:00Z"), None);
    }
}
