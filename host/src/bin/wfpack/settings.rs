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

use serde_json::Value;
use wfpack_codec::policy::selector::MetaLabelSelector;

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

    /// Directory of Kubernetes secrets as files (<dir>/<name>/<key>) for userNameSecret and
    /// passwordSecret; WFPACK_SECRET_<NAME>_<KEY> environment variables work too.
    #[arg(long, value_name = "DIR")]
    pub secrets_dir: Option<PathBuf>,

    /// The controller's instanceID (the archive's instanceid column).
    #[arg(long, value_name = "ID")]
    pub instance_id: Option<String>,

    /// The managed namespace of a namespaced controller (filters archive and offload GC).
    #[arg(long, value_name = "NS")]
    pub managed_namespace: Option<String>,
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

    /// `MAX_WORKFLOW_SIZE` as Argo reads it: `strconv.Atoi`; empty, unparsable or `0` mean
    /// the default 1048576; negative values are kept (every workflow is then "large").
    pub fn max_workflow_size(&self) -> i64 {
        match self
            .get("MAX_WORKFLOW_SIZE")
            .and_then(|v| v.parse::<i64>().ok())
        {
            Some(0) | None => 1024 * 1024,
            Some(n) => n,
        }
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

/// The parts of Argo's `persistence` block wfpack acts on.
///
/// Read from a `workflow-controller-configmap` manifest (`data.persistence`), a controller
/// config with a `persistence:` key, or a bare block.
#[derive(Debug, Clone, Default)]
pub struct Persistence {
    /// `nodeStatusOffLoad`.
    pub node_status_offload: bool,
    /// `archive`.
    pub archive: bool,
    /// `archiveLabelSelector` (absent = everything).
    pub archive_label_selector: Option<MetaLabelSelector>,
    /// `archiveTTL` as written.
    pub archive_ttl: String,
    /// `postgresql.tableName` / `mysql.tableName`.
    pub table_name: Option<String>,
    /// Which database section is present: `postgresql`, `mysql` or none.
    pub flavour: Option<&'static str>,
    /// The block as the store reads it (validated as Argo does: unknown fields are errors).
    pub config: wfpack_host::config::Persistence,
}

impl Persistence {
    /// Reads the configmap at `path`.
    pub fn load(path: &Path) -> Result<Persistence> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            Failure::usage(
                format!("--config {}: {e}", path.display()),
                "pass Argo's workflow-controller-configmap as a YAML file",
            )
        })?;
        let config = wfpack_host::config::Persistence::from_yaml(&text).map_err(|e| {
            Failure::usage(
                format!("--config {}: {e}", path.display()),
                "pass Argo's workflow-controller-configmap (with data.persistence) or a bare persistence block",
            )
        })?;
        let mut p = Persistence::parse(&text).map_err(|msg| {
            Failure::usage(
                format!("--config {}: {msg}", path.display()),
                "pass Argo's workflow-controller-configmap (with data.persistence) or a bare persistence block",
            )
        })?;
        p.config = config;
        Ok(p)
    }

    fn parse(text: &str) -> std::result::Result<Persistence, String> {
        let doc: Value = serde_norway::from_str(text).map_err(|e| format!("not YAML: {e}"))?;
        let block = if doc.get("kind").and_then(Value::as_str) == Some("ConfigMap") {
            match doc.pointer("/data/persistence") {
                Some(Value::String(s)) => serde_norway::from_str(s)
                    .map_err(|e| format!("data.persistence is not YAML: {e}"))?,
                Some(_) => {
                    return Err("data.persistence must be a YAML string (`persistence: |`)".into());
                }
                None => return Err("the ConfigMap has no data.persistence".into()),
            }
        } else if let Some(p) = doc.get("persistence") {
            match p {
                Value::String(s) => serde_norway::from_str(s)
                    .map_err(|e| format!("persistence is not YAML: {e}"))?,
                other => other.clone(),
            }
        } else {
            doc
        };
        if !block.is_object() {
            return Err("the persistence block is not a mapping".into());
        }
        let b = |k: &str| block.get(k).and_then(Value::as_bool).unwrap_or(false);
        let s = |k: &str| {
            block
                .get(k)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let archive_label_selector = match block.get("archiveLabelSelector") {
            None | Some(Value::Null) => None,
            Some(v) => Some(
                serde_json::from_value::<MetaLabelSelector>(v.clone())
                    .map_err(|e| format!("archiveLabelSelector: {e}"))?,
            ),
        };
        if let Some(v) = block.get("archiveTTL")
            && !v.is_string()
        {
            {
                return Err("invalid TTL: archiveTTL must be a string such as \"7d\"".into());
            }
        }
        let (flavour, db) = if let Some(pg) = block.get("postgresql") {
            (Some("postgresql"), Some(pg))
        } else if let Some(my) = block.get("mysql") {
            (Some("mysql"), Some(my))
        } else {
            (None, None)
        };
        Ok(Persistence {
            node_status_offload: b("nodeStatusOffLoad"),
            archive: b("archive"),
            archive_label_selector,
            archive_ttl: s("archiveTTL"),
            table_name: db
                .and_then(|d| d.get("tableName"))
                .and_then(Value::as_str)
                .map(str::to_string),
            flavour,
            config: Default::default(),
        })
    }
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

    #[test]
    fn max_workflow_size_follows_argo() {
        let env = |v: &str| ControllerEnv {
            vars: [("MAX_WORKFLOW_SIZE".to_string(), v.to_string())].into(),
        };
        assert_eq!(env("10240").max_workflow_size(), 10240);
        assert_eq!(env("0").max_workflow_size(), 1048576);
        assert_eq!(env("junk").max_workflow_size(), 1048576);
        assert_eq!(env("").max_workflow_size(), 1048576);
        assert_eq!(env("-1").max_workflow_size(), -1);
        assert_eq!(ControllerEnv::default().max_workflow_size(), 1048576);
    }

    #[test]
    fn persistence_from_configmap() {
        let cm = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/walkthrough/workflow-controller-configmap.yaml"
        ))
        .unwrap();
        let p = Persistence::parse(&cm).unwrap();
        assert!(p.node_status_offload && p.archive);
        assert_eq!(p.archive_ttl, "3650d");
        assert!(p.archive_label_selector.is_some());
        let p = Persistence::parse(
            "persistence:\n  archive: true\n  postgresql: {tableName: argo_workflows}\n",
        )
        .unwrap();
        assert_eq!(p.table_name.as_deref(), Some("argo_workflows"));
        assert!(Persistence::parse("kind: ConfigMap\ndata: {}\n").is_err());
        assert!(Persistence::parse("archiveTTL: 10\n").is_err());
    }
}
