//! What the binary reports when it cannot do what was asked, and with which exit code.
//!
//! Every failure is one line: what happened, then what to do about it.

use std::fmt;
use std::process::ExitCode;

/// The three exit codes `wfpack` uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: everything asked for was done.
    Ok,
    /// 1: the operation failed (a workflow could not be persisted, the database refused, ...).
    Failed,
    /// 2: usage error or bad input (not YAML, not a Workflow, unknown algorithm, ...).
    Usage,
}

impl Exit {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Ok => 0,
            Exit::Failed => 1,
            Exit::Usage => 2,
        }
    }
}

impl From<Exit> for ExitCode {
    fn from(e: Exit) -> Self {
        ExitCode::from(e.code())
    }
}

/// A failure to report: what happened and what to do.
#[derive(Debug, Clone)]
pub struct Failure {
    /// Exit code the process ends with.
    pub exit: Exit,
    /// What happened (no trailing period).
    pub what: String,
    /// What to do about it; empty when `what` already says it (codec and host errors do).
    pub fix: String,
}

/// Shorthand for results of subcommands.
pub type Result<T, E = Failure> = std::result::Result<T, E>;

impl Failure {
    /// Bad input or bad usage: exit code 2.
    pub fn usage(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Failure {
            exit: Exit::Usage,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// The operation failed: exit code 1.
    pub fn failed(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Failure {
            exit: Exit::Failed,
            what: what.into(),
            fix: fix.into(),
        }
    }

    /// A codec error about the input (corrupt base64, bomb, ...): bad input, exit code 2.
    /// The codec's message already says what to do.
    pub fn bad_input(context: &str, err: impl fmt::Display) -> Self {
        Failure::usage(join_context(context, err), "")
    }

    /// A library error about the operation (database refused, ...): exit code 1.
    pub fn operation(context: &str, err: impl fmt::Display) -> Self {
        Failure::failed(join_context(context, err), "")
    }

    /// The error as one line of text (no `wfpack:` prefix).
    pub fn line(&self) -> String {
        let what = self.what.replace('\n', " ");
        if self.fix.is_empty() {
            what
        } else {
            format!("{what}; {}", self.fix.replace('\n', " "))
        }
    }

    /// The error as JSON, for `--output json`.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "error": {
                "message": self.what,
                "fix": self.fix,
                "exit_code": self.exit.code(),
            }
        })
    }
}

fn join_context(context: &str, err: impl fmt::Display) -> String {
    if context.is_empty() {
        err.to_string()
    } else {
        format!("{context}: {err}")
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.line())
    }
}
