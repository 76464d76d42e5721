//! Kubernetes label selectors, parsed, validated and matched exactly as Kubernetes does.
//!
//! Two input forms:
//! - the string syntax of `labels.Parse` (`k=v`, `k==v`, `k!=v`, `k in (a,b)`,
//!   `k notin (a)`, `k`, `!k`, `k>N`, `k<N`, comma-separated, ANDed): [`LabelSelector::parse`];
//! - the `metav1.LabelSelector` object (`matchLabels`, `matchExpressions` with `In`, `NotIn`,
//!   `Exists`, `DoesNotExist`) as `metav1.LabelSelectorAsSelector` converts it:
//!   [`LabelSelector::from_meta`] and [`MetaLabelSelector`].
//!
//! Validation errors carry Kubernetes' own text (see [`crate::Error::argo_text`]).
//! Requirements are kept sorted by key (Kubernetes sorts them too), values sorted and
//! de-duplicated where Kubernetes does, so [`core::fmt::Display`] prints the canonical string
//! form that `Selector.String()` prints.
//!
//! ```
//! use wfpack_codec::policy::selector::LabelSelector;
//! use std::collections::BTreeMap;
//!
//! let sel = LabelSelector::parse("team in (a,b), !skip-archive")?;
//! let mut labels = BTreeMap::new();
//! labels.insert("team".to_string(), "a".to_string());
//! assert!(sel.matches(&labels));
//! assert_eq!(sel.to_string(), "!skip-archive,team in (a,b)");
//! # Ok::<(), wfpack_codec::Error>(())
//! ```

mod meta;
mod parse;
pub mod validate;

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::{Error, Result};
use validate::{BadValue, aggregate, invalid};

pub use meta::{MetaLabelSelector, MetaRequirement};

/// A selector operator, as Kubernetes' `selection.Operator`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Operator {
    /// `k=v` (and `matchLabels`): the key exists with that value.
    Equals,
    /// `k==v`: same meaning as [`Operator::Equals`], printed as `==`.
    DoubleEquals,
    /// `k!=v`: the key is missing or has another value.
    NotEquals,
    /// `k in (a,b)`: the key exists with one of the values.
    In,
    /// `k notin (a,b)`: the key is missing or has none of the values.
    NotIn,
    /// `k`: the key exists.
    Exists,
    /// `!k`: the key does not exist.
    DoesNotExist,
    /// `k>N`: the key's value is an integer greater than N.
    GreaterThan,
    /// `k<N`: the key's value is an integer less than N.
    LessThan,
}

impl Operator {
    /// Kubernetes' name for the operator (`selection.Operator` string): `=`, `==`, `!=`,
    /// `in`, `notin`, `exists`, `!`, `gt`, `lt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Operator::Equals => "=",
            Operator::DoubleEquals => "==",
            Operator::NotEquals => "!=",
            Operator::In => "in",
            Operator::NotIn => "notin",
            Operator::Exists => "exists",
            Operator::DoesNotExist => "!",
            Operator::GreaterThan => "gt",
            Operator::LessThan => "lt",
        }
    }

    /// True for the operators that match objects lacking the key (`!=`, `notin`, `!k`).
    pub fn matches_missing_key(self) -> bool {
        matches!(
            self,
            Operator::NotEquals | Operator::NotIn | Operator::DoesNotExist
        )
    }
}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One validated requirement: a key, an operator and its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    key: String,
    operator: Operator,
    /// As given (for `in`/`notin` from the string syntax: sorted and de-duplicated).
    values: Vec<String>,
}

impl Requirement {
    /// `labels.NewRequirement` with Kubernetes' validation and error texts (field paths
    /// `key` and `values[i][key]`).
    pub fn new(key: &str, operator: Operator, values: Vec<String>) -> Result<Requirement> {
        Self::new_at(key, operator, Some(values), "")
    }

    /// `NewRequirement` under a field path prefix (`""` = none); `values == None` is Go's nil
    /// slice (it only changes how an error prints it).
    pub(crate) fn new_at(
        key: &str,
        operator: Operator,
        values: Option<Vec<String>>,
        path: &str,
    ) -> Result<Requirement> {
        let child = |name: &str| {
            if path.is_empty() {
                String::from(name)
            } else {
                alloc::format!("{path}.{name}")
            }
        };
        let mut errs = Vec::new();
        let key_errs = validate::label_key_errors(key);
        if !key_errs.is_empty() {
            errs.push(invalid(
                &child("key"),
                BadValue::Str(key),
                &key_errs.join("; "),
            ));
        }
        let values_path = child("values");
        let vals: &[String] = values.as_deref().unwrap_or(&[]);
        let list = BadValue::List(values.as_deref());
        match operator {
            Operator::In | Operator::NotIn => {
                if vals.is_empty() {
                    errs.push(invalid(
                        &values_path,
                        list,
                        "for 'in', 'notin' operators, values set can't be empty",
                    ));
                }
            }
            Operator::Equals | Operator::DoubleEquals | Operator::NotEquals => {
                if vals.len() != 1 {
                    errs.push(invalid(
                        &values_path,
                        list,
                        "exact-match compatibility requires one single value",
                    ));
                }
            }
            Operator::Exists | Operator::DoesNotExist => {
                if !vals.is_empty() {
                    errs.push(invalid(
                        &values_path,
                        list,
                        "values set must be empty for exists and does not exist",
                    ));
                }
            }
            Operator::GreaterThan | Operator::LessThan => {
                if vals.len() != 1 {
                    errs.push(invalid(
                        &values_path,
                        list,
                        "for 'Gt', 'Lt' operators, exactly one value is required",
                    ));
                }
                for (i, v) in vals.iter().enumerate() {
                    if parse_go_int64(v).is_none() {
                        errs.push(invalid(
                            &alloc::format!("{values_path}[{i}]"),
                            BadValue::Str(v),
                            "for 'Gt', 'Lt' operators, the value must be an integer",
                        ));
                    }
                }
            }
        }
        for (i, v) in vals.iter().enumerate() {
            let v_errs = validate::label_value_errors(v);
            if !v_errs.is_empty() {
                errs.push(invalid(
                    &alloc::format!("{values_path}[{i}][{key}]"),
                    BadValue::Str(v),
                    &v_errs.join("; "),
                ));
            }
        }
        if let Some(msg) = aggregate(errs) {
            return Err(Error::Selector(msg));
        }
        Ok(Requirement {
            key: String::from(key),
            operator,
            values: values.unwrap_or_default(),
        })
    }

    /// The label key.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The operator.
    pub fn operator(&self) -> Operator {
        self.operator
    }

    /// The values, sorted and de-duplicated (Kubernetes' `Values()`); empty for
    /// `Exists`/`DoesNotExist`. For SQL builders: bind each as a parameter.
    pub fn values(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.values.iter().map(String::as_str).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    /// For `gt`/`lt`: the integer bound.
    pub fn integer_bound(&self) -> Option<i64> {
        match self.operator {
            Operator::GreaterThan | Operator::LessThan => {
                self.values.first().and_then(|v| parse_go_int64(v))
            }
            _ => None,
        }
    }

    /// `Requirement.Matches`: does this requirement hold for `labels`?
    pub fn matches<L: Labels + ?Sized>(&self, labels: &L) -> bool {
        let has = |v: &str| self.values.iter().any(|x| x == v);
        match self.operator {
            Operator::In | Operator::Equals | Operator::DoubleEquals => {
                labels.label(&self.key).is_some_and(has)
            }
            Operator::NotIn | Operator::NotEquals => {
                labels.label(&self.key).is_none_or(|v| !has(v))
            }
            Operator::Exists => labels.label(&self.key).is_some(),
            Operator::DoesNotExist => labels.label(&self.key).is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let Some(lv) = labels.label(&self.key).and_then(parse_go_int64) else {
                    return false;
                };
                if self.values.len() != 1 {
                    return false;
                }
                let Some(rv) = parse_go_int64(&self.values[0]) else {
                    return false;
                };
                if self.operator == Operator::GreaterThan {
                    lv > rv
                } else {
                    lv < rv
                }
            }
        }
    }
}

impl fmt::Display for Requirement {
    /// `Requirement.String()`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.operator == Operator::DoesNotExist {
            f.write_str("!")?;
        }
        f.write_str(&self.key)?;
        let (op, paren) = match self.operator {
            Operator::Equals => ("=", false),
            Operator::DoubleEquals => ("==", false),
            Operator::NotEquals => ("!=", false),
            Operator::In => (" in ", true),
            Operator::NotIn => (" notin ", true),
            Operator::GreaterThan => (">", false),
            Operator::LessThan => ("<", false),
            Operator::Exists | Operator::DoesNotExist => return Ok(()),
        };
        f.write_str(op)?;
        if paren {
            f.write_str("(")?;
        }
        if self.values.len() == 1 {
            f.write_str(&self.values[0])?;
        } else {
            // safeSort: sorted, duplicates kept.
            let mut v: Vec<&str> = self.values.iter().map(String::as_str).collect();
            v.sort_unstable();
            for (i, s) in v.iter().enumerate() {
                if i > 0 {
                    f.write_str(",")?;
                }
                f.write_str(s)?;
            }
        }
        if paren {
            f.write_str(")")?;
        }
        Ok(())
    }
}

/// Go's `strconv.ParseInt(s, 10, 64)`: optional sign, ASCII digits, no underscores.
pub(crate) fn parse_go_int64(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<i64>().ok()
}

/// Anything that can answer "what is the value of label `key`?".
pub trait Labels {
    /// The value of label `key`, if the object has it.
    fn label(&self, key: &str) -> Option<&str>;
}

impl Labels for alloc::collections::BTreeMap<String, String> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl Labels for alloc::collections::BTreeMap<&str, &str> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).copied()
    }
}

#[cfg(feature = "std")]
impl<S: core::hash::BuildHasher> Labels for std::collections::HashMap<String, String, S> {
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).map(String::as_str)
    }
}

impl<K: AsRef<str>, V: AsRef<str>> Labels for [(K, V)] {
    fn label(&self, key: &str) -> Option<&str> {
        self.iter()
            .find(|(k, _)| k.as_ref() == key)
            .map(|(_, v)| v.as_ref())
    }
}

impl Labels for serde_json::Map<String, serde_json::Value> {
    /// A JSON object of labels (`metadata.labels`); non-string values count as absent.
    fn label(&self, key: &str) -> Option<&str> {
        self.get(key).and_then(serde_json::Value::as_str)
    }
}

/// A label selector: everything, nothing, or an AND of requirements sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelSelector {
    requirements: Vec<Requirement>,
    nothing: bool,
}

impl LabelSelector {
    /// `labels.Everything()`: matches every object (what an absent or `{}` selector means).
    pub fn everything() -> LabelSelector {
        LabelSelector {
            requirements: Vec::new(),
            nothing: false,
        }
    }

    /// `labels.Nothing()`: matches no object.
    pub fn nothing() -> LabelSelector {
        LabelSelector {
            requirements: Vec::new(),
            nothing: true,
        }
    }

    /// `labels.Parse`: the string syntax, with Kubernetes' validation and error texts.
    ///
    /// ```
    /// use wfpack_codec::policy::selector::LabelSelector;
    /// let err = LabelSelector::parse("x==a==b").unwrap_err();
    /// assert_eq!(
    ///     err.argo_text().unwrap(),
    ///     "found '==', expected: ',' or 'end of string'"
    /// );
    /// ```
    pub fn parse(selector: &str) -> Result<LabelSelector> {
        let requirements = parse::parse(selector)?;
        Ok(LabelSelector::from_requirements(requirements))
    }

    /// `metav1.LabelSelectorAsSelector` for a present selector (`{}` = everything). For an
    /// absent `archiveLabelSelector` Argo archives everything: use
    /// [`LabelSelector::everything`] (or [`LabelSelector::from_meta_option`]).
    pub fn from_meta(meta: &MetaLabelSelector) -> Result<LabelSelector> {
        meta.to_selector()
    }

    /// Argo's `GetArchiveLabelSelector`: `None` = everything.
    pub fn from_meta_option(meta: Option<&MetaLabelSelector>) -> Result<LabelSelector> {
        match meta {
            None => Ok(LabelSelector::everything()),
            Some(m) => m.to_selector(),
        }
    }

    /// A `metav1.LabelSelector` given as JSON (`{"matchLabels":…,"matchExpressions":…}`).
    pub fn from_meta_json(json: &[u8]) -> Result<LabelSelector> {
        let meta: MetaLabelSelector = serde_json::from_slice(json)
            .map_err(|e| Error::Selector(alloc::format!("invalid LabelSelector JSON: {e}")))?;
        meta.to_selector()
    }

    /// `Selector.Add`: the requirements sorted by key (stable for equal keys).
    pub fn from_requirements(mut requirements: Vec<Requirement>) -> LabelSelector {
        requirements.sort_by(|a, b| a.key.cmp(&b.key));
        LabelSelector {
            requirements,
            nothing: false,
        }
    }

    /// The requirements, sorted by key; empty for everything and nothing
    /// (check [`LabelSelector::is_nothing`]).
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// True for a selector that matches every object.
    pub fn is_everything(&self) -> bool {
        !self.nothing && self.requirements.is_empty()
    }

    /// True for `labels.Nothing()`.
    pub fn is_nothing(&self) -> bool {
        self.nothing
    }

    /// `Selector.Matches`: every requirement holds.
    pub fn matches<L: Labels + ?Sized>(&self, labels: &L) -> bool {
        !self.nothing && self.requirements.iter().all(|r| r.matches(labels))
    }
}

impl fmt::Display for LabelSelector {
    /// `Selector.String()`: requirements joined by `,` (empty for everything and nothing).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, r) in self.requirements.iter().enumerate() {
            if i > 0 {
                f.write_str(",")?;
            }
            fmt::Display::fmt(r, f)?;
        }
        Ok(())
    }
}

impl core::str::FromStr for LabelSelector {
    type Err = Error;
    fn from_str(s: &str) -> Result<LabelSelector> {
        LabelSelector::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use alloc::vec;

    fn labels(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn requirement_errors() {
        let e = Requirement::new("k", Operator::In, vec![]).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "values: Invalid value: []string{}: for 'in', 'notin' operators, values set can't be empty"
        );
        let e = Requirement::new("k", Operator::Exists, vec!["a".into()]).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"
        );
        let e = Requirement::new("k", Operator::GreaterThan, vec!["x".into()]).unwrap_err();
        assert_eq!(
            e.argo_text().unwrap(),
            "values[0]: Invalid value: \"x\": for 'Gt', 'Lt' operators, the value must be an integer"
        );
        let e = Requirement::new("k", Operator::Equals, vec!["-x".into()]).unwrap_err();
        assert!(
            e.argo_text()
                .unwrap()
                .starts_with("values[0][k]: Invalid value: \"-x\": a valid label")
        );
        let e = Requirement::new("-k", Operator::In, vec![]).unwrap_err();
        assert!(
            e.argo_text()
                .unwrap()
                .starts_with("[key: Invalid value: \"-k\": name part")
        );
    }

    #[test]
    fn matching() {
        let l = labels(&[("a", "1"), ("b", "x")]);
        let m = |s: &str| LabelSelector::parse(s).unwrap().matches(l.as_slice());
        assert!(m(""));
        assert!(m("a=1") && m("a==1") && !m("a!=1") && m("c!=1"));
        assert!(m("a in (1,2)") && !m("a notin (1)") && m("c notin (1)"));
        assert!(m("a") && !m("c") && m("!c") && !m("!a"));
        assert!(m("a>0") && !m("a>1") && m("a<2") && !m("b>0") && !m("c<5"));
        assert!(!LabelSelector::nothing().matches(l.as_slice()));
    }
}
