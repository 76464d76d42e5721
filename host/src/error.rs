//! The one error type of `wfpack-host`.
//!
//! Every message says what happened, then what to do. Messages never contain credentials:
//! connection targets are rendered as `flavour://host:port/database` and secrets are only ever
//! named (`secret argo-postgres-config/password`), never shown.

use std::fmt;

/// Everything that can go wrong in `wfpack-host`.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    // --- config ---
    /// The controller ConfigMap or persistence block could not be parsed.
    ConfigParse {
        /// What the parser reported (line/column and field when known).
        message: String,
    },
    /// The persistence block parsed but is not usable as Argo would use it.
    ConfigInvalid {
        /// The field path, e.g. `persistence.postgresql.tableName`.
        field: String,
        /// Why the value is rejected.
        message: String,
    },
    /// A Kubernetes secret reference could not be resolved.
    SecretMissing {
        /// Secret name.
        name: String,
        /// Key in the secret.
        key: String,
        /// Where wfpack looked (directory path, environment variable name).
        looked_in: String,
    },

    // --- store ---
    /// The database could not be reached or refused the connection.
    StoreConnect {
        /// `postgres://host:port/db`, `mysql://...`, `sqlite:path` (no credentials).
        target: String,
        /// The driver's message.
        message: String,
    },
    /// A database operation failed (after `attempts` tries when the error was transient).
    StoreQuery {
        /// What wfpack was doing, e.g. `archive workflow 5c1f…`.
        operation: String,
        /// How many attempts were made.
        attempts: u32,
        /// Whether the last error looked transient (network, deadlock, lock timeout).
        transient: bool,
        /// The driver's message.
        message: String,
    },
    /// Applying Argo's schema migration step `step` failed.
    Migration {
        /// The step index (0..=68).
        step: usize,
        /// The driver's message or the reason.
        message: String,
    },
    /// The database schema is not one wfpack can use as is.
    Schema {
        /// What is wrong and what to do.
        message: String,
    },
    /// The requested offload record does not exist.
    OffloadNotFound {
        /// Workflow uid.
        uid: String,
        /// Offload version (`fnv:<n>`).
        version: String,
    },
    /// Offloading is disabled (Argo's "explosive" repository).
    OffloadDisabled,
    /// Archiving is disabled (no persistence configured).
    ArchiveDisabled,
    /// A workflow given to the store is not usable (not JSON, missing uid, not hydrated...).
    InvalidWorkflow {
        /// What is wrong.
        message: String,
    },
    /// An argument to a store call is invalid (empty uid, bad cursor, limit too large...).
    InvalidArgument {
        /// Which argument.
        what: &'static str,
        /// Why.
        message: String,
    },
}

/// `Result<T, wfpack_host::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::ConfigParse { message } => write!(
                f,
                "cannot parse the persistence configuration: {message}; fix the YAML (unknown fields are errors, as in Argo)"
            ),
            Error::ConfigInvalid { field, message } => {
                write!(f, "invalid {field}: {message}")
            }
            Error::SecretMissing {
                name,
                key,
                looked_in,
            } => write!(
                f,
                "secret {name}/{key} not found (looked in {looked_in}); provide it as a file <secrets-dir>/{name}/{key} or as an environment variable"
            ),
            Error::StoreConnect { target, message } => write!(
                f,
                "cannot connect to {target}: {message}; check that the database is running and reachable and that the credentials are right"
            ),
            Error::StoreQuery {
                operation,
                attempts,
                transient,
                message,
            } => {
                write!(f, "{operation} failed")?;
                if *attempts > 1 {
                    write!(f, " after {attempts} attempts")?;
                }
                write!(f, ": {message}")?;
                if *transient {
                    write!(
                        f,
                        "; the error looks transient (connection lost, deadlock or lock timeout): check the database's health and run the command again"
                    )
                } else {
                    write!(
                        f,
                        "; this is not a transient error, retrying will not help: check the schema (the store preflight, docs/stores.md) and the input"
                    )
                }
            }
            Error::Migration { step, message } => write!(
                f,
                "schema migration step {step} failed: {message}; the schema_history row says which step is next, fix the cause and open the store again (or set skipMigration and migrate by hand)"
            ),
            Error::Schema { message } => write!(f, "unusable database schema: {message}"),
            Error::OffloadNotFound { uid, version } => write!(
                f,
                "offloaded nodes not found for workflow uid {uid} version {version}; the record was garbage-collected or never written: the workflow cannot be hydrated"
            ),
            Error::OffloadDisabled => f.write_str("offload node status is not supported"),
            Error::ArchiveDisabled => f.write_str(
                "the workflow archive is not configured; set persistence.archive and a database",
            ),
            Error::InvalidWorkflow { message } => write!(f, "invalid workflow: {message}"),
            Error::InvalidArgument { what, message } => write!(f, "invalid {what}: {message}"),
        }
    }
}

impl std::error::Error for Error {}
