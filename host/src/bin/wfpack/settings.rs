//! The controller's settings as `wfpack` takes them.
//!
//! Argo reads `MAX_WORKFLOW_SIZE` and the other size/compression knobs from the
//! controller's **environment**, and the persistence settings from the
//! `workflow-controller-configmap`. wfpack takes the same two inputs:
//!
//! - `--config FILE`: the ConfigMap (or just its `persistence:` block);
//! - the environment: real environment variables, overridden by `--env-file FILE`
//!   (`KEY=VALUE` lines, `#` comments; the controller Deployment's `env:` as a file),
//!   overridden by flags (`--max-workflow-size`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::failure::{Failure, Result};

/// The controller environment variables wfpack understands.
pub const KNOWN: &[&str] = &[
    "MAX_WORKFLOW_SIZE",
    "ALWAYS_OFFLOAD_NODE_STATUS",
    "WORKFLOW_COMPRESSION_ALGORITHM",
    "WORKFLOW_COMPRESSION_LEVEL",
    "GZIP_IMPLEMENTATION",
    "OFFLOAD_NODE_STATUS_TTL",
];

/// Flags shared by every command that acts like the controller.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct ControllerArgs {
    /// Argo's workflow-controller-configmap (the ConfigMap YAML, or its `persistence` block).
    #[arg(long, value_name = "FILE", env = "WFPACK_CONFIG")]
    pub config: Option<PathBuf>,

    /// The controller's environment as KEY=VALUE lines (MAX_WORKFLOW_SIZE,
    /// ALWAYS_OFFLOAD_NODE_STATUS, WORKFLOW_COMPRESSION_ALGORITHM, WORKFLOW_COMPRESSION_LEVEL,
    /// OFFLOAD_NODE_STATUS_TTL); overrides the process environment.
    #[arg(long, value_name = "FILE")]
    pub env_file: Option<PathBuf>,

    /// MAX_WORKFLOW_SIZE in bytes (overrides the environment; Argo's rules: empty, 0 or junk
    /// mean the default 1048576).
    #[arg(long, value_name = "BYTES")]
    pub max_workflow_size: Option<String>,

    /// Database URL, overriding the configmap's: sqlite:PATH, postgres://..., mysql://...
    #[arg(long, value_name = "URL", env = "WFPACK_DB")]
    pub db: Option<String>,
}

/// The controller environment, resolved.
#[derive(Debug, Clone, Default)]
pub struct ControllerEnv {
    vars: BTreeMap<String, String>,
}

impl ControllerEnv {
    /// Reads the process environment, then the env file, then the flags.
    pub fn load(args: &ControllerArgs) -> Result<Self> {
        let mut vars = BTreeMap::new();
        for key in KNOWN {
            if let Ok(v) = std::env::var(key) {
                vars.insert((*key).to_string(), v);
            }
        }
        if let Some(path) = &args.env_file {
            for (k, v) in read_env_file(path)? {
                vars.insert(k, v);
            }
        }
        if let Some(v) = &args.max_workflow_size {
            vars.insert("MAX_WORKFLOW_SIZE".into(), v.clone());
        }
        Ok(ControllerEnv { vars })
    }

    /// The raw value of a variable, if set.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.vars.get(key).map(String::as_str)
    }

    /// Whether `ALWAYS_OFFLOAD_NODE_STATUS` is exactly `true` (Argo's test).
    pub fn always_offload(&self) -> bool {
        self.get("ALWAYS_OFFLOAD_NODE_STATUS") == Some("true")
    }

    /// The variables that are set, for `--output json` and `doctor`.
    pub fn vars(&self) -> &BTreeMap<String, String> {
        &self.vars
    }
}

/// Parses an env file: `KEY=VALUE` per line, `export ` prefix, quotes and `#` comments allowed.
pub fn read_env_file(path: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        Failure::usage(
            format!("--env-file {}: {e}", path.display()),
            "pass a file of KEY=VALUE lines, e.g. MAX_WORKFLOW_SIZE=10240",
        )
    })?;
    parse_env(&text).map_err(|(line, msg)| {
        Failure::usage(
            format!("{}:{line}: {msg}", path.display()),
            "write one KEY=VALUE per line, e.g. MAX_WORKFLOW_SIZE=10240",
        )
    })
}

fn parse_env(text: &str) -> std::result::Result<Vec<(String, String)>, (usize, String)> {
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((k, v)) = line.split_once('=') else {
            return Err((i + 1, format!("expected KEY=VALUE, found {line:?}")));
        };
        let k = k.trim();
        if k.is_empty() || !k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((i + 1, format!("{k:?} is not an environment variable name")));
        }
        let v = v.trim();
        let v = v
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
            .unwrap_or(v);
        out.push((k.to_string(), v.to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_files() {
        let vars =
            parse_env("# controller env\nMAX_WORKFLOW_SIZE=10240\nexport A=\"x y\"\n\nB='1'\n")
                .unwrap();
        assert_eq!(
            vars,
            [
                ("MAX_WORKFLOW_SIZE".to_string(), "10240".to_string()),
                ("A".into(), "x y".into()),
                ("B".into(), "1".into())
            ]
        );
        assert_eq!(parse_env("oops\n").unwrap_err().0, 1);
        assert_eq!(parse_env("OK=1\nbad key=2\n").unwrap_err().0, 2);
    }
}
