//! Kubernetes' validation of label keys and values, with its exact error texts.
//!
//! Reproduces `content.IsLabelKey` (qualified names: an optional DNS-1123 subdomain prefix
//! of at most 253 bytes and a `/`, then a name of at most 63 bytes of `[A-Za-z0-9._-]`
//! starting and ending alphanumeric), `validation.IsValidLabelValue` (at most 63 bytes, the
//! same alphabet, may be empty) and the `field.Error` / aggregate formatting that
//! `labels.NewRequirement` returns.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::super::quote::go_quote;

const LABEL_KEY_FMT: &str = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const LABEL_KEY_ERR: &str = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_FMT: &str = "(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?";
const LABEL_VALUE_ERR: &str = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT: &str =
    "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const DNS1123_SUBDOMAIN_ERR: &str = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

/// Longest label name part and label value, in bytes.
pub const LABEL_MAX_LEN: usize = 63;
/// Longest DNS-1123 subdomain (the optional key prefix), in bytes.
pub const PREFIX_MAX_LEN: usize = 253;

fn regex_error(msg: &str, re: &str, examples: &[&str]) -> String {
    let mut s = String::from(msg);
    s.push_str(" (e.g. ");
    for (i, e) in examples.iter().enumerate() {
        if i > 0 {
            s.push_str(" or ");
        }
        s.push('\'');
        s.push_str(e);
        s.push_str("', ");
    }
    s.push_str("regex used for validation is '");
    s.push_str(re);
    s.push_str("')");
    s
}

fn max_len_error(n: usize) -> String {
    format!("must be no more than {n} bytes")
}

fn is_alnum(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]`, anchored.
fn is_label_name(s: &str) -> bool {
    let b = s.as_bytes();
    match b {
        [] => false,
        [only] => is_alnum(*only),
        [first, mid @ .., last] => {
            is_alnum(*first)
                && is_alnum(*last)
                && mid
                    .iter()
                    .all(|&c| is_alnum(c) || matches!(c, b'-' | b'_' | b'.'))
        }
    }
}

/// `[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*`, anchored.
fn is_dns1123_subdomain(s: &str) -> bool {
    let ok = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
    s.split('.').all(|label| {
        let b = label.as_bytes();
        match b {
            [] => false,
            [only] => ok(*only),
            [first, mid @ .., last] => {
                ok(*first) && ok(*last) && mid.iter().all(|&c| ok(c) || c == b'-')
            }
        }
    })
}

/// `content.IsLabelKey`: the list of problems with a label key (empty when valid).
pub fn label_key_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    let name = match value.split_once('/') {
        None => value,
        Some((_, suffix)) if suffix.contains('/') => {
            errs.push(format!(
                "a valid label key {} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')",
                regex_error(LABEL_KEY_ERR, LABEL_KEY_FMT, &["MyName", "my.name", "123-abc"])
            ));
            return errs;
        }
        Some((prefix, suffix)) => {
            if prefix.is_empty() {
                errs.push(String::from("prefix part must be non-empty"));
            } else {
                if prefix.len() > PREFIX_MAX_LEN {
                    errs.push(format!("prefix part {}", max_len_error(PREFIX_MAX_LEN)));
                }
                if !is_dns1123_subdomain(prefix) {
                    errs.push(format!(
                        "prefix part {}",
                        regex_error(
                            DNS1123_SUBDOMAIN_ERR,
                            DNS1123_SUBDOMAIN_FMT,
                            &["example.com"]
                        )
                    ));
                }
            }
            suffix
        }
    };
    if name.is_empty() {
        errs.push(String::from("name part must be non-empty"));
    } else if name.len() > LABEL_MAX_LEN {
        errs.push(format!("name part {}", max_len_error(LABEL_MAX_LEN)));
    }
    if !is_label_name(name) {
        errs.push(format!(
            "name part {}",
            regex_error(
                LABEL_KEY_ERR,
                LABEL_KEY_FMT,
                &["MyName", "my.name", "123-abc"]
            )
        ));
    }
    errs
}

/// `validation.IsValidLabelValue`: the list of problems with a label value (empty when valid).
pub fn label_value_errors(value: &str) -> Vec<String> {
    let mut errs = Vec::new();
    if value.len() > LABEL_MAX_LEN {
        errs.push(max_len_error(LABEL_MAX_LEN));
    }
    if !value.is_empty() && !is_label_name(value) {
        errs.push(regex_error(
            LABEL_VALUE_ERR,
            LABEL_VALUE_FMT,
            &["MyValue", "my_value", "12345"],
        ));
    }
    errs
}

/// True when `key` is a valid Kubernetes label key.
pub fn is_valid_label_key(key: &str) -> bool {
    label_key_errors(key).is_empty()
}

/// True when `value` is a valid Kubernetes label value.
pub fn is_valid_label_value(value: &str) -> bool {
    label_value_errors(value).is_empty()
}

/// The bad value of a `field.Error`, rendered as Go's `%q` (string) or `%#v` (`[]string`).
pub(crate) enum BadValue<'a> {
    Str(&'a str),
    List(Option<&'a [String]>),
}

/// One `field.Invalid(path, value, detail)` rendered as `field.Error.Error()`.
pub(crate) fn invalid(path: &str, value: BadValue<'_>, detail: &str) -> String {
    let rendered = match value {
        BadValue::Str(s) => go_quote(s),
        BadValue::List(None) => String::from("[]string(nil)"),
        BadValue::List(Some(vs)) => {
            let mut s = String::from("[]string{");
            for (i, v) in vs.iter().enumerate() {
                if i > 0 {
                    s.push_str(", ");
                }
                s.push_str(&go_quote(v));
            }
            s.push('}');
            s
        }
    };
    if detail.is_empty() {
        format!("{path}: Invalid value: {rendered}")
    } else {
        format!("{path}: Invalid value: {rendered}: {detail}")
    }
}

/// `utilerrors.Aggregate.Error()`: one message as is, several de-duplicated in `[a, b]`.
pub(crate) fn aggregate(errs: Vec<String>) -> Option<String> {
    match errs.len() {
        0 => None,
        1 => errs.into_iter().next(),
        _ => {
            let mut seen: Vec<&str> = Vec::new();
            for e in &errs {
                if !seen.contains(&e.as_str()) {
                    seen.push(e);
                }
            }
            if seen.len() == 1 {
                return Some(String::from(seen[0]));
            }
            Some(format!("[{}]", seen.join(", ")))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn keys() {
        for ok in [
            "a",
            "A",
            "a.b-c_d",
            "example.com/name",
            "a/b",
            "x".repeat(63).as_str(),
        ] {
            assert!(is_valid_label_key(ok), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "/a",
            "a/",
            "a/b/c",
            "A.com/x",
            "x".repeat(64).as_str(),
            "a b",
        ] {
            assert!(!is_valid_label_key(bad), "{bad}");
        }
        let long_prefix = "a".repeat(254) + "/x";
        assert_eq!(
            label_key_errors(&long_prefix),
            ["prefix part must be no more than 253 bytes"]
        );
        assert_eq!(label_key_errors("/a"), ["prefix part must be non-empty"]);
        assert_eq!(
            label_key_errors("-a")[0],
            "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
        );
        assert_eq!(label_key_errors("").len(), 2);
    }

    #[test]
    fn values() {
        assert!(is_valid_label_value(""));
        assert!(is_valid_label_value("a_b.c-d"));
        assert!(!is_valid_label_value("-a"));
        assert!(!is_valid_label_value(&"x".repeat(64)));
        assert_eq!(
            label_value_errors(&"x".repeat(64)),
            ["must be no more than 63 bytes"]
        );
    }

    #[test]
    fn field_errors() {
        assert_eq!(
            invalid("values", BadValue::List(Some(&[])), "d"),
            "values: Invalid value: []string{}: d"
        );
        assert_eq!(
            invalid(
                "values",
                BadValue::List(Some(&["a".to_string(), "b".to_string()])),
                "d"
            ),
            "values: Invalid value: []string{\"a\", \"b\"}: d"
        );
        assert_eq!(
            invalid("values", BadValue::List(None), "d"),
            "values: Invalid value: []string(nil): d"
        );
        assert_eq!(
            aggregate(alloc::vec!["x".to_string(), "x".to_string()]).unwrap(),
            "x"
        );
        assert_eq!(
            aggregate(alloc::vec!["x".to_string(), "y".to_string()]).unwrap(),
            "[x, y]"
        );
    }
}
