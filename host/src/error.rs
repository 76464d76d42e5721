//! The one error type of `wfpack-host`.
//!
//! Every message says what happened, then what to do. Messages never contain credentials:
//! connection targets are rendered as `flavour://host:port/database` and secrets are only ever
//! named (`secret argo-postgres-config/password`), never shown.

use std::fmt;
use std::time::Duration;

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

    // --- policy ---
    /// The policy module could not be loaded: invalid wasm, an import the host does not
    /// provide (v1 allows none), a disabled wasm feature, an imported memory, a declared
    /// memory over the cap, too big, or compilation over its time budget.
    PolicyLoad {
        /// The policy's name.
        policy: String,
        /// What was wrong.
        reason: String,
    },
    /// The module loads but does not implement ABI v1: a missing or mistyped export, or an
    /// unsupported `abi_version`.
    PolicyAbi {
        /// The policy's name.
        policy: String,
        /// What was wrong.
        reason: String,
    },
    /// The policy ran past its deadline (epoch interruption) while starting or evaluating.
    PolicyTimeout {
        /// The policy's name.
        policy: String,
        /// The budget it had.
        budget: Duration,
    },
    /// The policy tried to grow its memory past the cap.
    PolicyOutOfMemory {
        /// The policy's name.
        policy: String,
        /// The cap in bytes.
        limit: usize,
    },
    /// The policy trapped: `unreachable` (a panic), out-of-bounds access, stack overflow,
    /// division by zero, a table-growth bomb, …
    PolicyTrap {
        /// The policy's name.
        policy: String,
        /// wasmtime's description of the trap.
        trap: String,
    },
    /// The policy's output broke the ABI or a host invariant: bad pointer or length, over
    /// the output cap, not UTF-8/JSON, wrong schema, or a decision the host verified to be
    /// false (e.g. `compress` when the compressed workflow is still over the limit).
    PolicyBadOutput {
        /// The policy's name.
        policy: String,
        /// What was wrong.
        reason: String,
    },
    /// The policy refused explicitly with `{"error":{"code":…,"message":…}}`.
    PolicyRefused {
        /// The policy's name.
        policy: String,
        /// The policy's code.
        code: String,
        /// The policy's message.
        message: String,
    },
    /// The host had no free instance slot (every pooled slot is busy): back-pressure, not a
    /// policy failure.
    PolicySaturated {
        /// The policy's name.
        policy: String,
    },
    /// The policy failed too often recently; its circuit breaker is open.
    PolicyCircuitOpen {
        /// The policy's name.
        policy: String,
        /// When the breaker lets one evaluation through again.
        retry_in: Duration,
    },
    /// The policy host itself could not be set up (engine configuration, cache directory).
    PolicyHostSetup(String),
}

/// `Result<T, wfpack_host::Error>`.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// The failure classes of the policy host (for metrics, conditions and tests).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PolicyErrorClass {
    /// [`Error::PolicyLoad`].
    Load,
    /// [`Error::PolicyAbi`].
    AbiMismatch,
    /// [`Error::PolicyTimeout`].
    Timeout,
    /// [`Error::PolicyOutOfMemory`].
    OutOfMemory,
    /// [`Error::PolicyTrap`].
    Trap,
    /// [`Error::PolicyBadOutput`].
    BadOutput,
    /// [`Error::PolicyRefused`].
    PolicyError,
    /// [`Error::PolicySaturated`].
    Saturation,
    /// [`Error::PolicyCircuitOpen`].
    CircuitOpen,
}

impl PolicyErrorClass {
    /// A stable lower-case label (`load`, `abi_mismatch`, `timeout`, `oom`, `trap`,
    /// `bad_output`, `policy_error`, `saturation`, `circuit_open`).
    pub fn as_str(self) -> &'static str {
        match self {
            PolicyErrorClass::Load => "load",
            PolicyErrorClass::AbiMismatch => "abi_mismatch",
            PolicyErrorClass::Timeout => "timeout",
            PolicyErrorClass::OutOfMemory => "oom",
            PolicyErrorClass::Trap => "trap",
            PolicyErrorClass::BadOutput => "bad_output",
            PolicyErrorClass::PolicyError => "policy_error",
            PolicyErrorClass::Saturation => "saturation",
            PolicyErrorClass::CircuitOpen => "circuit_open",
        }
    }
}

impl Error {
    /// The policy failure class, for policy errors.
    pub fn policy_class(&self) -> Option<PolicyErrorClass> {
        Some(match self {
            Error::PolicyLoad { .. } => PolicyErrorClass::Load,
            Error::PolicyAbi { .. } => PolicyErrorClass::AbiMismatch,
            Error::PolicyTimeout { .. } => PolicyErrorClass::Timeout,
            Error::PolicyOutOfMemory { .. } => PolicyErrorClass::OutOfMemory,
            Error::PolicyTrap { .. } => PolicyErrorClass::Trap,
            Error::PolicyBadOutput { .. } => PolicyErrorClass::BadOutput,
            Error::PolicyRefused { .. } => PolicyErrorClass::PolicyError,
            Error::PolicySaturated { .. } => PolicyErrorClass::Saturation,
            Error::PolicyCircuitOpen { .. } => PolicyErrorClass::CircuitOpen,
            Error::PolicyHostSetup(_) => return None,
            _ => return None,
        })
    }
}

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
                        "; this is not a transient error, retrying will not help: check the schema with `wfpack doctor` (the store preflight) and the input"
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
            Error::PolicyLoad { policy, reason } => write!(
                f,
                "policy {policy:?} cannot be loaded: {reason}; fix the module (ABI v1: a core wasm module with no imports, see docs/policy-abi.md)"
            ),
            Error::PolicyAbi { policy, reason } => write!(
                f,
                "policy {policy:?} does not implement the policy ABI v1: {reason}; export memory, argo_policy_abi_v1, abi_version, alloc, dealloc and evaluate as docs/policy-abi.md describes"
            ),
            Error::PolicyTimeout { policy, budget } => write!(
                f,
                "policy {policy:?} ran past its {budget:?} deadline and was interrupted; make it faster or raise its timeout"
            ),
            Error::PolicyOutOfMemory { policy, limit } => write!(
                f,
                "policy {policy:?} tried to use more than its {limit} bytes of memory; reduce its memory use or raise the memory cap"
            ),
            Error::PolicyTrap { policy, trap } => {
                write!(
                    f,
                    "policy {policy:?} trapped: {trap}; fix the policy (a panic, an out-of-bounds access, a stack overflow, …)"
                )
            }
            Error::PolicyBadOutput { policy, reason } => write!(
                f,
                "policy {policy:?} returned an unusable answer: {reason}; the response must be ABI v1 JSON with a decision the host can verify"
            ),
            Error::PolicyRefused {
                policy,
                code,
                message,
            } => {
                write!(f, "policy {policy:?} refused to decide ({code}): {message}")
            }
            Error::PolicySaturated { policy } => write!(
                f,
                "no free instance slot to evaluate policy {policy:?}; the host is saturated: add workers or replicas, or retry"
            ),
            Error::PolicyCircuitOpen { policy, retry_in } => write!(
                f,
                "policy {policy:?} failed repeatedly and is paused for {retry_in:?}; the built-in policy is used meanwhile; check the policy's recent errors"
            ),
            Error::PolicyHostSetup(msg) => write!(f, "the policy host cannot start: {msg}"),
        }
    }
}

impl std::error::Error for Error {}
