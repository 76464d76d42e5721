//! `metav1.LabelSelector`, the object form used by `persistence.archiveLabelSelector`.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::{Deserialize, Serialize};

use super::{LabelSelector, Operator, Requirement};
use crate::policy::quote::go_quote;
use crate::{Error, Result};

/// `metav1.LabelSelector`: `matchLabels` and `matchExpressions`, ANDed.
///
/// ```
/// use wfpack_codec::policy::selector::{LabelSelector, MetaLabelSelector};
/// let meta: MetaLabelSelector = serde_json::from_str(
///     r#"{"matchLabels":{"workflows.argoproj.io/archive-strategy":"always"}}"#,
/// ).unwrap();
/// let sel = LabelSelector::from_meta(&meta)?;
/// assert_eq!(sel.to_string(), "workflows.argoproj.io/archive-strategy=always");
/// # Ok::<(), wfpack_codec::Error>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaLabelSelector {
    /// Equality requirements, `key: value`.
    #[serde(
        rename = "matchLabels",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub match_labels: Option<BTreeMap<String, String>>,
    /// Set-based requirements.
    #[serde(
        rename = "matchExpressions",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub match_expressions: Option<Vec<MetaRequirement>>,
}

/// `metav1.LabelSelectorRequirement`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetaRequirement {
    /// The label key.
    #[serde(default)]
    pub key: String,
    /// `In`, `NotIn`, `Exists` or `DoesNotExist` (case-sensitive).
    #[serde(default)]
    pub operator: String,
    /// Values; required (non-empty) for `In`/`NotIn`, forbidden for `Exists`/`DoesNotExist`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<String>>,
}

impl MetaLabelSelector {
    /// `metav1.LabelSelectorAsSelector` for a present selector.
    ///
    /// `{}` matches everything; `matchLabels` become `=` requirements (checked in key order);
    /// an unknown operator fails with `"X" is not a valid label selector operator`.
    pub fn to_selector(&self) -> Result<LabelSelector> {
        let labels = self.match_labels.as_ref();
        let exprs = self.match_expressions.as_deref().unwrap_or(&[]);
        if labels.map_or(0, BTreeMap::len) + exprs.len() == 0 {
            return Ok(LabelSelector::everything());
        }
        let mut reqs = Vec::new();
        for (k, v) in labels.into_iter().flatten() {
            reqs.push(Requirement::new_at(
                k,
                Operator::Equals,
                Some(alloc::vec![v.clone()]),
                "",
            )?);
        }
        for e in exprs {
            let op = match e.operator.as_str() {
                "In" => Operator::In,
                "NotIn" => Operator::NotIn,
                "Exists" => Operator::Exists,
                "DoesNotExist" => Operator::DoesNotExist,
                other => {
                    return Err(Error::Selector(format!(
                        "{} is not a valid label selector operator",
                        go_quote(other)
                    )));
                }
            };
            // Go: `append([]string(nil), expr.Values...)`, so no values at all is a nil slice.
            let values = e.values.clone().filter(|v| !v.is_empty());
            reqs.push(Requirement::new_at(&e.key, op, values, "")?);
        }
        Ok(LabelSelector::from_requirements(reqs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn sel(json: &str) -> Result<LabelSelector> {
        LabelSelector::from_meta_json(json.as_bytes())
    }

    #[test]
    fn conversions() {
        assert!(sel("{}").unwrap().is_everything());
        assert!(sel(r#"{"matchLabels":{}}"#).unwrap().is_everything());
        assert_eq!(
            sel(r#"{"matchLabels":{"b":"1","a":"2"},"matchExpressions":[{"key":"c","operator":"NotIn","values":["y","x"]},{"key":"d","operator":"DoesNotExist"}]}"#)
                .unwrap()
                .to_string(),
            "a=2,b=1,c notin (x,y),!d"
        );
    }

    #[test]
    fn errors() {
        let t = |j: &str| sel(j).unwrap_err().argo_text().unwrap();
        assert_eq!(
            t(r#"{"matchExpressions":[{"key":"k","operator":"In"}]}"#),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
        assert_eq!(
            t(r#"{"matchExpressions":[{"key":"k","operator":"In","values":[]}]}"#),
            "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty"
        );
        assert_eq!(
            t(r#"{"matchExpressions":[{"key":"k","operator":"Exists","values":["a"]}]}"#),
            "values: Invalid value: []string{\"a\"}: values set must be empty for exists and does not exist"
        );
        assert_eq!(
            t(r#"{"matchExpressions":[{"key":"k","operator":"in","values":["a"]}]}"#),
            "\"in\" is not a valid label selector operator"
        );
        assert!(
            t(r#"{"matchLabels":{"k":"a b"}}"#).starts_with("values[0][k]: Invalid value: \"a b\"")
        );
    }
}
