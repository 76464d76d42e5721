//! Label requirements for archive queries: Kubernetes label selectors from
//! [`wfpack_codec::policy::selector`] (validated as Kubernetes does). The SQL builder turns
//! each requirement into an `exists`/`not exists` subquery whose keys and values are bound
//! parameters.

pub use wfpack_codec::policy::selector::{LabelSelector, Operator, Requirement};
