//! Label requirements as the SQL builder needs them.
//!
//! A minimal local form of a Kubernetes label-selector requirement. Parsing and validation of
//! selectors belongs to `wfpack_codec::policy::selector`; this type is what its
//! `requirements()` map onto.

/// A requirement operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    /// `k=v`, `k==v`.
    Equals,
    /// `k!=v` (matches workflows without the key too).
    NotEquals,
    /// `k in (a,b)`.
    In,
    /// `k notin (a,b)` (matches workflows without the key too).
    NotIn,
    /// `k`.
    Exists,
    /// `!k`.
    DoesNotExist,
    /// `k>N` (integer comparison).
    GreaterThan,
    /// `k<N` (integer comparison).
    LessThan,
}

/// One label requirement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// Label key.
    pub key: String,
    /// Operator.
    pub op: Operator,
    /// Values (one for `Equals`/`NotEquals`/`GreaterThan`/`LessThan`, any for `In`/`NotIn`).
    pub values: Vec<String>,
}

impl Requirement {
    /// Builds a requirement.
    pub fn new(key: impl Into<String>, op: Operator, values: &[&str]) -> Requirement {
        Requirement {
            key: key.into(),
            op,
            values: values.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// Whether a label set satisfies the requirement (for in-memory stores).
    pub fn matches(&self, labels: &std::collections::BTreeMap<String, String>) -> bool {
        let v = labels.get(&self.key);
        match self.op {
            Operator::Equals | Operator::In => v.is_some_and(|v| self.values.contains(v)),
            Operator::NotEquals | Operator::NotIn => !v.is_some_and(|v| self.values.contains(v)),
            Operator::Exists => v.is_some(),
            Operator::DoesNotExist => v.is_none(),
            Operator::GreaterThan | Operator::LessThan => {
                let (Some(v), Some(n)) = (v, self.values.first()) else {
                    return false;
                };
                let (Ok(v), Ok(n)) = (v.parse::<i64>(), n.parse::<i64>()) else {
                    return false;
                };
                if self.op == Operator::GreaterThan {
                    v > n
                } else {
                    v < n
                }
            }
        }
    }
}
