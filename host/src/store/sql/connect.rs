//! Opening SQL stores: from Argo's persistence block or directly (SQLite file).

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::ConnectOptions;
use sqlx::mysql::{MySqlConnectOptions, MySqlPoolOptions, MySqlSslMode};
use sqlx::postgres::{PgConnectOptions, PgPoolOptions, PgSslMode};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use super::{Columns, Dialect, Pool, SqlStore};
use crate::config::{self, Persistence, RetryPolicy, SecretSource};
use crate::error::{Error, Result};

/// Settings shared by every SQL backend.
#[derive(Debug, Clone)]
pub struct SqlOptions {
    /// Offload table name (`tableName`; Argo's docs use `argo_workflows`).
    pub table_name: String,
    /// `clusterName` (default `default`).
    pub cluster_name: String,
    /// The controller's `instanceID` (empty when unset).
    pub instance_id: String,
    /// The managed namespace of a namespaced controller (filters archive and offload GC).
    pub namespace: Option<String>,
    /// Skip schema migration (`skipMigration`).
    pub skip_migration: bool,
    /// Retry policy for transient errors.
    pub retry: RetryPolicy,
    /// Maximum pool size.
    pub max_connections: u32,
    /// Connect (pool acquire) timeout.
    pub connect_timeout: Duration,
    /// Maximum connection lifetime.
    pub max_lifetime: Option<Duration>,
}

impl Default for SqlOptions {
    fn default() -> Self {
        SqlOptions {
            table_name: "argo_workflows".into(),
            cluster_name: "default".into(),
            instance_id: String::new(),
            namespace: None,
            skip_migration: false,
            retry: RetryPolicy::default(),
            max_connections: 10,
            connect_timeout: Duration::from_secs(5),
            max_lifetime: None,
        }
    }
}

impl SqlOptions {
    /// The options Argo's persistence block implies.
    pub fn from_persistence(p: &Persistence) -> SqlOptions {
        let table_name = p
            .postgresql
            .as_ref()
            .map(|c| c.table_name.clone())
            .or_else(|| p.mysql.as_ref().map(|c| c.table_name.clone()))
            .unwrap_or_else(|| "argo_workflows".into());
        let mut o = SqlOptions {
            table_name,
            cluster_name: p.cluster_name().to_owned(),
            skip_migration: p.skip_migration,
            retry: p.retry_policy(),
            connect_timeout: p.connect_timeout(),
            ..SqlOptions::default()
        };
        if let Some(pool) = &p.connection_pool {
            if pool.max_open_conns > 0 {
                o.max_connections = pool.max_open_conns.min(1000) as u32;
            }
            if pool.conn_max_lifetime > 0 {
                o.max_lifetime = Some(Duration::from_secs(pool.conn_max_lifetime as u64));
            }
        }
        o
    }

    fn validate(&self) -> Result<()> {
        config::validate_identifier("tableName", &self.table_name)?;
        if self.cluster_name.is_empty() || self.cluster_name.len() > 64 {
            return Err(Error::ConfigInvalid {
                field: "clusterName".into(),
                message: "must be 1 to 64 bytes (the clustername columns are varchar(64))".into(),
            });
        }
        if self.instance_id.len() > 64 {
            return Err(Error::ConfigInvalid {
                field: "instanceID".into(),
                message: "must be at most 64 bytes (instanceid is varchar(64))".into(),
            });
        }
        Ok(())
    }
}

/// A connection idle for longer than this is pinged before use.
const PING_AFTER_IDLE: Duration = Duration::from_secs(1);

/// Pool `before_acquire` hook: sqlx's default pings every connection on every acquire (one
/// extra round trip per statement). sqlx already pings a connection when it goes back to the
/// pool, so one used in the last second is handed out directly and only connections that sat
/// idle longer (where the server may have gone away) are checked. A connection that dies in
/// between fails its statement with a transient error, which the store retries.
async fn ping_if_idle<C: sqlx::Connection>(
    c: &mut C,
    meta: sqlx::pool::PoolConnectionMetadata,
) -> std::result::Result<bool, sqlx::Error> {
    if meta.idle_for > PING_AFTER_IDLE {
        c.ping().await?;
    }
    Ok(true)
}

fn connect_err(target: &str, e: sqlx::Error) -> Error {
    Error::StoreConnect {
        target: target.to_owned(),
        message: e.to_string(),
    }
}

impl SqlStore {
    async fn finish(
        pool: Pool,
        dialect: Dialect,
        target: String,
        o: &SqlOptions,
    ) -> Result<SqlStore> {
        let mut store = SqlStore {
            pool,
            dialect,
            table: o.table_name.clone(),
            cluster: o.cluster_name.clone(),
            instance_id: o.instance_id.clone(),
            namespace: o.namespace.clone(),
            retry: o.retry,
            target,
            columns: Columns::default(),
        };
        if o.skip_migration && dialect != Dialect::Sqlite {
            store.refresh_columns().await?;
        } else {
            store.migrate().await?;
        }
        Ok(store)
    }

    /// Opens (creating if needed) an embedded SQLite file with wfpack's final schema.
    pub async fn open_sqlite(path: &Path, o: &SqlOptions) -> Result<SqlStore> {
        o.validate()?;
        let target = format!("sqlite:{}", path.display());
        let opts = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10))
            .disable_statement_logging();
        // An embedded file cannot hang up: no liveness ping before handing out a connection
        // (sqlx's default pings every acquire, a round trip to the connection's worker thread).
        let pool = SqlitePoolOptions::new()
            .max_connections(o.max_connections.clamp(1, 8))
            .acquire_timeout(o.connect_timeout.max(Duration::from_secs(5)))
            .test_before_acquire(false)
            .connect_with(opts)
            .await
            .map_err(|e| connect_err(&target, e))?;
        SqlStore::finish(Pool::Sqlite(pool), Dialect::Sqlite, target, o).await
    }

    /// Opens PostgreSQL with explicit connect options (credentials inside `opts`).
    pub async fn open_postgres(opts: PgConnectOptions, o: &SqlOptions) -> Result<SqlStore> {
        o.validate()?;
        let target = format!(
            "postgres://{}:{}/{}",
            opts.get_host(),
            opts.get_port(),
            opts.get_database().unwrap_or("")
        );
        let mut po = PgPoolOptions::new()
            .max_connections(o.max_connections.max(1))
            .acquire_timeout(o.connect_timeout)
            .test_before_acquire(false)
            .before_acquire(|c, meta| Box::pin(ping_if_idle(c, meta)))
            .after_connect(|c, _| {
                Box::pin(async move {
                    // wfpack's queries are short index walks (a page, a count, a batch):
                    // parallel workers only add their start-up cost — a label page planned
                    // as Gather Merge over two workers took 50-75 ms instead of 2 ms on a
                    // loaded 2-core server. Servers without the setting (or proxies that
                    // refuse SET) keep their default.
                    let _ =
                        sqlx::Executor::execute(&mut *c, "set max_parallel_workers_per_gather = 0")
                            .await;
                    Ok(())
                })
            });
        if let Some(l) = o.max_lifetime {
            po = po.max_lifetime(l);
        }
        let pool = po
            .connect_with(opts.disable_statement_logging())
            .await
            .map_err(|e| connect_err(&target, e))?;
        SqlStore::finish(Pool::Postgres(pool), Dialect::Postgres, target, o).await
    }

    /// Opens MySQL/MariaDB with explicit connect options (credentials inside `opts`).
    pub async fn open_mysql(opts: MySqlConnectOptions, o: &SqlOptions) -> Result<SqlStore> {
        o.validate()?;
        let target = format!(
            "mysql://{}:{}/{}",
            opts.get_host(),
            opts.get_port(),
            opts.get_database().unwrap_or("")
        );
        let mut po = MySqlPoolOptions::new()
            .max_connections(o.max_connections.max(1))
            .acquire_timeout(o.connect_timeout)
            .test_before_acquire(false)
            .before_acquire(|c, meta| Box::pin(ping_if_idle(c, meta)));
        if let Some(l) = o.max_lifetime {
            po = po.max_lifetime(l);
        }
        let pool = po
            .connect_with(opts.charset("utf8mb4").disable_statement_logging())
            .await
            .map_err(|e| connect_err(&target, e))?;
        SqlStore::finish(Pool::MySql(pool), Dialect::MySql, target, o).await
    }

    /// Opens the database a persistence block describes (PostgreSQL wins if both are set).
    ///
    /// Returns `Ok(None)` when the block configures no database.
    pub async fn open_persistence(
        p: &Persistence,
        secrets: &SecretSource,
        instance_id: &str,
    ) -> Result<Option<SqlStore>> {
        let mut o = SqlOptions::from_persistence(p);
        o.instance_id = instance_id.to_owned();
        if let Some(pg) = &p.postgresql {
            if pg.azure_token.as_ref().is_some_and(|t| t.enabled)
                || pg.aws_rds_token.as_ref().is_some_and(|t| t.enabled)
            {
                return Err(Error::ConfigInvalid {
                    field: "persistence.postgresql".into(),
                    message: "azureToken/awsRDSToken authentication is not supported by wfpack; use userNameSecret/passwordSecret".into(),
                });
            }
            let mut opts = PgConnectOptions::new_without_pgpass().host(&pg.host);
            if pg.port != 0 {
                opts = opts.port(pg.port);
            }
            if !pg.database.is_empty() {
                opts = opts.database(&pg.database);
            }
            if let Some(u) = secrets.resolve(&pg.user_name_secret)? {
                opts = opts.username(u.expose());
            }
            if let Some(pw) = secrets.resolve(&pg.password_secret)? {
                opts = opts.password(pw.expose());
            }
            let mode = if !pg.ssl {
                PgSslMode::Disable
            } else if pg.ssl_mode.is_empty() {
                PgSslMode::Prefer
            } else {
                PgSslMode::from_str(&pg.ssl_mode).map_err(|_| Error::ConfigInvalid {
                    field: "persistence.postgresql.sslMode".into(),
                    message: format!(
                        "{:?} is not one of disable, allow, prefer, require, verify-ca, verify-full",
                        pg.ssl_mode
                    ),
                })?
            };
            opts = opts.ssl_mode(mode);
            return SqlStore::open_postgres(opts, &o).await.map(Some);
        }
        if let Some(my) = &p.mysql {
            let mut opts = MySqlConnectOptions::new().host(&my.host);
            if my.port != 0 {
                opts = opts.port(my.port);
            }
            if !my.database.is_empty() {
                opts = opts.database(&my.database);
            }
            if let Some(u) = secrets.resolve(&my.user_name_secret)? {
                opts = opts.username(u.expose());
            }
            if let Some(pw) = secrets.resolve(&my.password_secret)? {
                opts = opts.password(pw.expose());
            }
            for (k, v) in &my.options {
                opts = match k.as_str() {
                    "tls" => opts.ssl_mode(match v.as_str() {
                        "true" | "skip-verify" => MySqlSslMode::Required,
                        "preferred" => MySqlSslMode::Preferred,
                        "false" => MySqlSslMode::Disabled,
                        other => {
                            return Err(Error::ConfigInvalid {
                                field: "persistence.mysql.options.tls".into(),
                                message: format!(
                                    "{other:?} is not true, false, skip-verify or preferred"
                                ),
                            });
                        }
                    }),
                    "charset" | "collation" | "parseTime" | "allowNativePasswords" | "loc" => opts,
                    other => {
                        return Err(Error::ConfigInvalid {
                            field: format!("persistence.mysql.options.{other}"),
                            message: "not supported by wfpack (supported: tls; charset, collation, parseTime, allowNativePasswords and loc are accepted and ignored: wfpack always uses utf8mb4 and UTC wall clocks)".into(),
                        });
                    }
                };
            }
            return SqlStore::open_mysql(opts, &o).await.map(Some);
        }
        Ok(None)
    }
}
