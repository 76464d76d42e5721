//! Argo's `workflow-controller-configmap` `persistence` block (spec §6), parsed strictly.
//!
//! Accepted inputs ([`Persistence::from_yaml`]):
//! - the ConfigMap manifest (`kind: ConfigMap`, `data.persistence` is a YAML *string*);
//! - a controller config document with a top-level `persistence:` key (string or mapping);
//! - the bare persistence block.
//!
//! As in Argo (`config/controller.go`), unknown fields are errors. Credentials are resolved
//! through a [`SecretSource`] (a directory of secret files `<dir>/<name>/<key>`, or environment
//! variables) and held in [`Secret`], whose `Debug`/`Display` never show the value.
//!
//! ```
//! use wfpack_host::config::Persistence;
//! let p = Persistence::from_yaml(r#"
//! archive: true
//! archiveTTL: 7d
//! postgresql:
//!   host: db
//!   port: 5432
//!   database: argo
//!   tableName: argo_workflows
//! "#).unwrap();
//! assert_eq!(p.archive_ttl_seconds, 7 * 86400);
//! assert_eq!(p.cluster_name(), "default");
//! assert!(Persistence::from_yaml("archive: true\nbogus: 1\n").is_err());
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;
use std::time::Duration;

use serde::Deserialize;

use crate::error::{Error, Result};

/// A Kubernetes `SecretKeySelector` (`{name, key, optional}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SecretKeySelector {
    /// Secret name (in the controller's namespace).
    #[serde(default)]
    pub name: String,
    /// Key inside the secret.
    #[serde(default)]
    pub key: String,
    /// Whether a missing secret is acceptable.
    #[serde(default)]
    pub optional: Option<bool>,
}

impl SecretKeySelector {
    /// True when the selector names nothing (Argo's zero value).
    pub fn is_empty(&self) -> bool {
        self.name.is_empty() && self.key.is_empty()
    }
}

/// `persistence.connectionPool`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ConnectionPool {
    /// Maximum idle connections (0 = driver default).
    #[serde(default)]
    pub max_idle_conns: i64,
    /// Maximum open connections (0 = unlimited in Go; wfpack uses 10).
    #[serde(default)]
    pub max_open_conns: i64,
    /// Connection lifetime, an Argo TTL string (`0`/empty = unlimited).
    #[serde(default, deserialize_with = "ttl_string")]
    pub conn_max_lifetime: i64,
}

/// `persistence.reconnectionConfig` (`util/sqldb/session.go`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ReconnectionConfig {
    /// Attempts after the first (0 → 5).
    #[serde(default)]
    pub max_retries: i64,
    /// Base delay in seconds (0 → 100 ms).
    #[serde(default)]
    pub base_delay_seconds: i64,
    /// Maximum delay in seconds (0 → 30 s).
    #[serde(default)]
    pub max_delay_seconds: i64,
    /// Multiplier; **1.0 when the block is present without it** (2.0 when the block is absent).
    #[serde(default = "one")]
    pub retry_multiple: f64,
}

fn one() -> f64 {
    1.0
}

/// `persistence.postgresql.azureToken`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AzureToken {
    /// Use an Azure AD token as the password.
    #[serde(default)]
    pub enabled: bool,
    /// Token scope.
    #[serde(default)]
    pub scope: String,
}

/// `persistence.postgresql.awsRDSToken`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AwsRdsToken {
    /// Use an RDS IAM token as the password.
    #[serde(default)]
    pub enabled: bool,
    /// AWS region.
    #[serde(default)]
    pub region: String,
}

/// `persistence.postgresql`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PostgresConfig {
    /// Host name.
    #[serde(default)]
    pub host: String,
    /// Port (0 → driver default 5432).
    #[serde(default)]
    pub port: u16,
    /// Database name.
    #[serde(default)]
    pub database: String,
    /// Offload table name (required).
    #[serde(default)]
    pub table_name: String,
    /// User name secret.
    #[serde(default)]
    pub user_name_secret: SecretKeySelector,
    /// Password secret.
    #[serde(default)]
    pub password_secret: SecretKeySelector,
    /// `false` → `sslmode=disable`.
    #[serde(default)]
    pub ssl: bool,
    /// SSL mode when `ssl` is true (`prefer` when empty).
    #[serde(default)]
    pub ssl_mode: String,
    /// Azure AD token authentication (not supported by wfpack: reported as an error).
    #[serde(default)]
    pub azure_token: Option<AzureToken>,
    /// AWS RDS IAM token authentication (not supported by wfpack: reported as an error).
    #[serde(default, rename = "awsRDSToken")]
    pub aws_rds_token: Option<AwsRdsToken>,
}

/// `persistence.mysql`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct MySqlConfig {
    /// Host name.
    #[serde(default)]
    pub host: String,
    /// Port (0 → driver default 3306).
    #[serde(default)]
    pub port: u16,
    /// Database name.
    #[serde(default)]
    pub database: String,
    /// Offload table name (required).
    #[serde(default)]
    pub table_name: String,
    /// User name secret.
    #[serde(default)]
    pub user_name_secret: SecretKeySelector,
    /// Password secret.
    #[serde(default)]
    pub password_secret: SecretKeySelector,
    /// DSN options (`tls`, `charset`, server variables...).
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A Kubernetes `LabelSelector` as written in `archiveLabelSelector` (validated when used).
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct LabelSelectorSpec {
    /// Equality requirements.
    #[serde(default)]
    pub match_labels: BTreeMap<String, String>,
    /// Set-based requirements.
    #[serde(default)]
    pub match_expressions: Vec<LabelSelectorExpression>,
}

/// One `matchExpressions` item.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LabelSelectorExpression {
    /// Label key.
    pub key: String,
    /// `In`, `NotIn`, `Exists`, `DoesNotExist`.
    pub operator: String,
    /// Values (for `In`/`NotIn`; `None` when absent).
    #[serde(default)]
    pub values: Option<Vec<String>>,
}

/// The `persistence` block.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Persistence {
    /// Enables offload writes.
    #[serde(default, rename = "nodeStatusOffLoad")]
    pub node_status_offload: bool,
    /// Enables archiving and archive GC.
    #[serde(default)]
    pub archive: bool,
    /// Which completed workflows are archived (absent = all).
    #[serde(default)]
    pub archive_label_selector: Option<LabelSelectorSpec>,
    /// `archiveTTL` in seconds (0 = keep forever), parsed with Argo's `config.TTL` rules.
    #[serde(default, rename = "archiveTTL", deserialize_with = "ttl_string")]
    pub archive_ttl_seconds: i64,
    /// `clusterName` as written (see [`Persistence::cluster_name`]).
    #[serde(default)]
    pub cluster_name: String,
    /// Skip schema migration.
    #[serde(default)]
    pub skip_migration: bool,
    /// Connect timeout (0 → 5 s).
    #[serde(default)]
    pub connection_timeout_seconds: i32,
    /// Pool settings (applied only when present).
    #[serde(default)]
    pub connection_pool: Option<ConnectionPool>,
    /// Reconnection/retry settings.
    #[serde(default)]
    pub reconnection_config: Option<ReconnectionConfig>,
    /// PostgreSQL settings (wins when both are present).
    #[serde(default)]
    pub postgresql: Option<PostgresConfig>,
    /// MySQL/MariaDB settings.
    #[serde(default)]
    pub mysql: Option<MySqlConfig>,
}

/// Retry policy derived from `reconnectionConfig` (Argo's defaults).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// Base delay.
    pub base_delay: Duration,
    /// Delay cap.
    pub max_delay: Duration,
    /// Multiplier.
    pub multiple: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_secs(30),
            multiple: 2.0,
        }
    }
}

impl RetryPolicy {
    /// No retries (each operation is tried once).
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// The delay before retry number `attempt` (0-based): base × (attempt+1) × multiple, capped.
    pub fn delay(&self, attempt: u32) -> Duration {
        let secs = self.base_delay.as_secs_f64() * f64::from(attempt + 1) * self.multiple;
        let capped = secs.min(self.max_delay.as_secs_f64()).max(0.0);
        Duration::from_secs_f64(capped)
    }
}

impl Persistence {
    /// Parses a ConfigMap manifest, a controller config with `persistence:`, or a bare block.
    pub fn from_yaml(text: &str) -> Result<Persistence> {
        let doc: serde_norway::Value =
            serde_norway::from_str(text).map_err(|e| Error::ConfigParse {
                message: e.to_string(),
            })?;
        let block = match &doc {
            serde_norway::Value::Mapping(m)
                if m.get("kind").and_then(|v| v.as_str()) == Some("ConfigMap") =>
            {
                let data = m.get("data").ok_or_else(|| Error::ConfigInvalid {
                    field: "data".into(),
                    message: "the ConfigMap has no data".into(),
                })?;
                match data.get("persistence") {
                    Some(serde_norway::Value::String(s)) => Some(s.clone()),
                    Some(_) => {
                        return Err(Error::ConfigInvalid {
                            field: "data.persistence".into(),
                            message: "must be a YAML string (`persistence: |`)".into(),
                        });
                    }
                    None => {
                        return Err(Error::ConfigInvalid {
                            field: "data.persistence".into(),
                            message: "the ConfigMap has no persistence key".into(),
                        });
                    }
                }
            }
            serde_norway::Value::Mapping(m) if m.contains_key("persistence") => {
                match m.get("persistence") {
                    Some(serde_norway::Value::String(s)) => Some(s.clone()),
                    Some(v) => {
                        Some(serde_norway::to_string(v).map_err(|e| Error::ConfigParse {
                            message: e.to_string(),
                        })?)
                    }
                    None => None,
                }
            }
            _ => None,
        };
        let p: Persistence = match block {
            Some(s) => serde_norway::from_str(&s),
            None => serde_norway::from_str(text),
        }
        .map_err(|e| Error::ConfigParse {
            message: e.to_string(),
        })?;
        p.validate()?;
        Ok(p)
    }

    /// `archiveLabelSelector` as a validated selector (absent → everything), as Argo's
    /// `GetArchiveLabelSelector`.
    pub fn archive_selector(&self) -> Result<wfpack_codec::policy::selector::LabelSelector> {
        use wfpack_codec::policy::selector::{LabelSelector, MetaLabelSelector, MetaRequirement};
        let Some(spec) = &self.archive_label_selector else {
            return Ok(LabelSelector::everything());
        };
        let meta = MetaLabelSelector {
            match_labels: Some(spec.match_labels.clone()),
            match_expressions: Some(
                spec.match_expressions
                    .iter()
                    .map(|e| MetaRequirement {
                        key: e.key.clone(),
                        operator: e.operator.clone(),
                        values: e.values.clone(),
                    })
                    .collect(),
            ),
        };
        LabelSelector::from_meta(&meta).map_err(|e| Error::ConfigInvalid {
            field: "persistence.archiveLabelSelector".into(),
            message: e.to_string(),
        })
    }

    fn validate(&self) -> Result<()> {
        self.archive_selector()?;
        if self.cluster_name.len() > 64 {
            return Err(Error::ConfigInvalid {
                field: "persistence.clusterName".into(),
                message: format!(
                    "{} bytes long; the clustername columns are varchar(64)",
                    self.cluster_name.len()
                ),
            });
        }
        let (field, table) = if let Some(pg) = &self.postgresql {
            if let Some(az) = &pg.azure_token
                && az.enabled
                && pg.aws_rds_token.as_ref().is_some_and(|a| a.enabled)
            {
                return Err(Error::ConfigInvalid {
                    field: "persistence.postgresql".into(),
                    message: "azureToken and awsRDSToken cannot both be enabled".into(),
                });
            }
            if pg.aws_rds_token.as_ref().is_some_and(|a| a.enabled) && !pg.ssl {
                return Err(Error::ConfigInvalid {
                    field: "persistence.postgresql.awsRDSToken".into(),
                    message: "requires ssl: true".into(),
                });
            }
            ("persistence.postgresql.tableName", &pg.table_name)
        } else if let Some(my) = &self.mysql {
            ("persistence.mysql.tableName", &my.table_name)
        } else {
            return Ok(());
        };
        if table.is_empty() {
            return Err(Error::ConfigInvalid {
                field: field.into(),
                message: "TableName is empty; Argo requires it (the docs use argo_workflows)"
                    .into(),
            });
        }
        validate_identifier(field, table)
    }

    /// `clusterName`, defaulting to `default` like Argo.
    pub fn cluster_name(&self) -> &str {
        if self.cluster_name.is_empty() {
            "default"
        } else {
            &self.cluster_name
        }
    }

    /// The connect timeout (`connectionTimeoutSeconds`, 0 → 5 s).
    pub fn connect_timeout(&self) -> Duration {
        if self.connection_timeout_seconds <= 0 {
            Duration::from_secs(5)
        } else {
            Duration::from_secs(self.connection_timeout_seconds as u64)
        }
    }

    /// The retry policy (`reconnectionConfig`, with Argo's defaults and its 2.0/1.0 quirk).
    pub fn retry_policy(&self) -> RetryPolicy {
        match &self.reconnection_config {
            None => RetryPolicy::default(),
            Some(rc) => RetryPolicy {
                max_retries: if rc.max_retries <= 0 {
                    5
                } else {
                    rc.max_retries.min(100) as u32
                },
                base_delay: if rc.base_delay_seconds <= 0 {
                    Duration::from_millis(100)
                } else {
                    Duration::from_secs(rc.base_delay_seconds as u64)
                },
                max_delay: if rc.max_delay_seconds <= 0 {
                    Duration::from_secs(30)
                } else {
                    Duration::from_secs(rc.max_delay_seconds as u64)
                },
                multiple: if rc.retry_multiple.is_finite() && rc.retry_multiple > 0.0 {
                    rc.retry_multiple
                } else {
                    1.0
                },
            },
        }
    }
}

/// Rejects table names that are not plain SQL identifiers (they are interpolated into DDL).
pub(crate) fn validate_identifier(field: &str, name: &str) -> Result<()> {
    let ok = !name.is_empty()
        && name.len() <= 60
        && name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_alphabetic() || b == b'_')
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(Error::ConfigInvalid {
            field: field.into(),
            message: format!(
                "{name:?} is not a plain SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 60 bytes)"
            ),
        })
    }
}

/// Argo's `config.TTL` string parsing (spec §4.4), in seconds: `""` → 0; suffix
/// `d`/`h`/`m`/`s` → integer of that unit (the suffix test wins, so `1h30m` fails); otherwise
/// Go's `time.ParseDuration` (so only `0` parses). Delegates to
/// [`wfpack_codec::policy::ttl::parse_archive_ttl`].
pub fn parse_ttl(s: &str) -> std::result::Result<i64, String> {
    wfpack_codec::policy::ttl::parse_archive_ttl(s)
        .map(|d| d.as_secs())
        .map_err(|e| e.to_string())
}

fn ttl_string<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<i64, D::Error> {
    let v = Option::<serde_norway::Value>::deserialize(d)?;
    match v {
        None | Some(serde_norway::Value::Null) => Ok(0),
        Some(serde_norway::Value::String(s)) => parse_ttl(&s).map_err(serde::de::Error::custom),
        Some(_) => Err(serde::de::Error::custom("invalid TTL")),
    }
}

/// A credential. `Debug` and `Display` print `***`; read it with [`Secret::expose`].
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential.
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }
    /// The credential itself; pass it straight to a driver, never to a log.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where Kubernetes secret references are resolved.
///
/// Files first (`<dir>/<name>/<key>`, as a Secret mounted as a volume; one trailing newline is
/// removed), then the environment variable `WFPACK_SECRET_<NAME>_<KEY>` (upper-cased, every
/// character outside `[A-Z0-9]` replaced by `_`).
#[derive(Debug, Clone, Default)]
pub struct SecretSource {
    /// The secrets directory, if any.
    pub dir: Option<PathBuf>,
    /// Whether to consult environment variables.
    pub env: bool,
}

impl SecretSource {
    /// The environment variable name for a secret reference.
    pub fn env_name(sel: &SecretKeySelector) -> String {
        let mut out = String::from("WFPACK_SECRET_");
        for c in sel.name.chars().chain(['_']).chain(sel.key.chars()) {
            out.push(if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            });
        }
        out
    }

    /// Resolves `sel`; `Ok(None)` when the selector is empty.
    pub fn resolve(&self, sel: &SecretKeySelector) -> Result<Option<Secret>> {
        if sel.is_empty() {
            return Ok(None);
        }
        if sel.name.contains(['/', '\\'])
            || sel.key.contains(['/', '\\'])
            || sel.name == ".."
            || sel.key == ".."
        {
            return Err(Error::ConfigInvalid {
                field: "secret reference".into(),
                message: format!("{}/{} is not a valid secret name/key", sel.name, sel.key),
            });
        }
        let mut looked = Vec::new();
        if let Some(dir) = &self.dir {
            let path = dir.join(&sel.name).join(&sel.key);
            looked.push(path.display().to_string());
            if let Ok(mut v) = std::fs::read_to_string(&path) {
                if v.ends_with('\n') {
                    v.pop();
                    if v.ends_with('\r') {
                        v.pop();
                    }
                }
                return Ok(Some(Secret(v)));
            }
        }
        if self.env {
            let name = Self::env_name(sel);
            if let Ok(v) = std::env::var(&name) {
                return Ok(Some(Secret(v)));
            }
            looked.push(format!("${name}"));
        }
        if sel.optional == Some(true) {
            return Ok(None);
        }
        Err(Error::SecretMissing {
            name: sel.name.clone(),
            key: sel.key.clone(),
            looked_in: if looked.is_empty() {
                "nowhere: no secrets directory and environment lookup disabled".into()
            } else {
                looked.join(", ")
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ttl_rules_match_argo() {
        assert_eq!(parse_ttl(""), Ok(0));
        assert_eq!(parse_ttl("180d"), Ok(180 * 86400));
        assert_eq!(parse_ttl("12h"), Ok(12 * 3600));
        assert_eq!(parse_ttl("30m"), Ok(1800));
        assert_eq!(parse_ttl("90s"), Ok(90));
        assert_eq!(parse_ttl("+7d"), Ok(7 * 86400));
        assert_eq!(parse_ttl("-1d"), Ok(-86400));
        assert_eq!(parse_ttl("0"), Ok(0));
        assert!(
            parse_ttl("1h30m")
                .unwrap_err()
                .contains("strconv.Atoi: parsing \"1h30\": invalid syntax")
        );
        assert!(parse_ttl("100ms").is_err());
        assert!(parse_ttl("4320h0m0s").is_err());
        assert!(
            parse_ttl("10")
                .unwrap_err()
                .contains("time: missing unit in duration \"10\"")
        );
    }

    #[test]
    fn yaml_number_ttl_is_invalid() {
        let e = Persistence::from_yaml("archiveTTL: 10\n").unwrap_err();
        assert!(e.to_string().contains("invalid TTL"), "{e}");
    }

    #[test]
    fn configmap_and_bare_forms() {
        let cm = r#"
apiVersion: v1
kind: ConfigMap
metadata: {name: workflow-controller-configmap}
data:
  persistence: |
    connectionPool: {maxIdleConns: 100, maxOpenConns: 0, connMaxLifetime: 0s}
    nodeStatusOffLoad: true
    archive: true
    archiveTTL: 180d
    archiveLabelSelector:
      matchLabels:
        workflows.argoproj.io/archive-strategy: "always"
    clusterName: default
    postgresql:
      host: localhost
      port: 5432
      database: postgres
      tableName: argo_workflows
      userNameSecret: {name: argo-postgres-config, key: username}
      passwordSecret: {name: argo-postgres-config, key: password}
      ssl: true
      sslMode: require
  executor: |
    image: foo
"#;
        let p = Persistence::from_yaml(cm).unwrap();
        assert!(p.node_status_offload && p.archive);
        assert_eq!(p.archive_ttl_seconds, 180 * 86400);
        let pg = p.postgresql.as_ref().unwrap();
        assert_eq!(pg.table_name, "argo_workflows");
        assert_eq!(pg.password_secret.key, "password");
        assert_eq!(p.connection_pool.as_ref().unwrap().max_idle_conns, 100);
        assert_eq!(p.retry_policy(), RetryPolicy::default());

        let nested =
            "persistence:\n  archive: true\n  mysql: {host: h, database: d, tableName: t}\n";
        let p = Persistence::from_yaml(nested).unwrap();
        assert!(p.archive && p.mysql.is_some());
    }

    #[test]
    fn strict_and_required() {
        let e =
            Persistence::from_yaml("postgresql: {host: h, tableName: t, sslmod: x}\n").unwrap_err();
        assert!(e.to_string().contains("sslmod"), "{e}");
        let e = Persistence::from_yaml("mysql: {host: h}\n").unwrap_err();
        assert!(e.to_string().contains("TableName is empty"), "{e}");
        let e = Persistence::from_yaml("mysql: {host: h, tableName: \"x; drop\"}\n").unwrap_err();
        assert!(e.to_string().contains("identifier"), "{e}");
    }

    #[test]
    fn archive_selector_is_validated() {
        let p = Persistence::from_yaml(
            "archiveLabelSelector:\n  matchExpressions:\n  - {key: team, operator: In, values: [a, b]}\n",
        )
        .unwrap();
        let sel = p.archive_selector().unwrap();
        assert_eq!(sel.requirements().len(), 1);
        assert!(
            Persistence::from_yaml("archiveLabelSelector: {matchLabels: {\"bad key!\": x}}\n")
                .is_err()
        );
        assert!(
            Persistence::from_yaml(
                "archiveLabelSelector: {matchExpressions: [{key: a, operator: Bogus}]}\n"
            )
            .is_err()
        );
        assert!(Persistence::from_yaml("archiveLabelSelector: {matchLabel: {a: b}}\n").is_err());
        assert!(
            Persistence::default()
                .archive_selector()
                .unwrap()
                .is_everything()
        );
    }

    #[test]
    fn reconnection_multiple_quirk() {
        let p = Persistence::from_yaml("reconnectionConfig: {maxRetries: 2}\n").unwrap();
        let r = p.retry_policy();
        assert_eq!(r.max_retries, 2);
        assert_eq!(r.multiple, 1.0);
        assert_eq!(r.delay(0), Duration::from_millis(100));
        assert_eq!(r.delay(2), Duration::from_millis(300));
    }

    #[test]
    fn secrets_resolve_and_never_print() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("pg")).unwrap();
        std::fs::write(dir.path().join("pg/password"), "hunter2\n").unwrap();
        let src = SecretSource {
            dir: Some(dir.path().to_path_buf()),
            env: false,
        };
        let sel = SecretKeySelector {
            name: "pg".into(),
            key: "password".into(),
            optional: None,
        };
        let s = src.resolve(&sel).unwrap().unwrap();
        assert_eq!(s.expose(), "hunter2");
        assert!(!format!("{s:?} {s}").contains("hunter2"));
        let missing = SecretKeySelector {
            name: "pg".into(),
            key: "username".into(),
            optional: None,
        };
        let e = src.resolve(&missing).unwrap_err().to_string();
        assert!(e.contains("pg/username"), "{e}");
        assert_eq!(SecretSource::env_name(&sel), "WFPACK_SECRET_PG_PASSWORD");
    }
}
