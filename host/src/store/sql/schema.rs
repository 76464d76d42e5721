//! Schema: Argo's migration sequence (PostgreSQL, MySQL/MariaDB), SQLite's final schema, and
//! the preflight report.
//!
//! Migration protocol (Argo's `util/sqldb/migrate.go`): create
//! `schema_history(schema_version int not null, primary key(schema_version))` if missing; add
//! the primary key if `information_schema.table_constraints` has none; insert `-1` when empty;
//! then for each step `i`, in one transaction, `UPDATE schema_history SET schema_version = i
//! WHERE schema_version = i-1` and apply step `i` only if exactly one row changed. wfpack
//! starts the loop at the recorded version + 1 (earlier steps would change no row anyway).
//!
//! SQLite is wfpack's own: it gets the final schema (spec §3.2, §4.3) directly and
//! `schema_history` holds `68`, with the same semantics, so a reader can tell the schema
//! generation the same way.

use sqlx::Row;

use super::migrations::STEPS;
use super::{Columns, Dialect, Pool, SqlStore, on_pool};
use crate::error::{Error, Result};

/// The last Argo migration step (v4.1.x).
pub const LATEST_VERSION: i64 = 68;

/// Final schema version of each Argo release line (spec §5), for messages and tests.
pub const RELEASE_VERSIONS: &[(&str, i64)] = &[
    ("v2.5", 46),
    ("v2.9-v3.2", 56),
    ("v3.3", 57),
    ("v3.4-v3.5", 59),
    ("v3.6", 60),
    ("v3.7.0", 62),
    ("v3.7.1-v3.7.11, v4.0.0-v4.0.2", 66),
    ("v3.7.12+, v4.0.3+, v4.1", 68),
];

/// The statement of step `i` for `dialect`, with the table and cluster substituted.
pub fn step_sql(dialect: Dialect, i: usize, table: &str, cluster: &str) -> Option<String> {
    let (pg, my) = STEPS.get(i)?;
    let s = match dialect {
        Dialect::Postgres => (*pg)?,
        Dialect::MySql => (*my)?,
        Dialect::Sqlite => return None,
    };
    // Argo interpolates the cluster name unescaped; wfpack doubles quotes.
    let quoted = format!("'{}'", cluster.replace('\'', "''"));
    Some(s.replace("{T}", table).replace("{C}", &quoted))
}

/// SQLite's final schema (wfpack only; Argo has no SQLite backend).
fn sqlite_schema(table: &str) -> Vec<String> {
    vec![
        "create table if not exists schema_history(schema_version int not null, primary key(schema_version))".into(),
        format!(
            "create table if not exists {table} (uid varchar(128) not null, namespace varchar(256) not null, clustername varchar(64) not null, version varchar(64) not null, nodes text not null, updatedat timestamp not null default current_timestamp, creationtimestamp timestamp default CURRENT_TIMESTAMP, primary key (clustername, uid, version))"
        ),
        format!("create index if not exists {table}_i1 on {table} (clustername, namespace, updatedat)"),
        "create table if not exists argo_archived_workflows (clustername varchar(64) not null, uid varchar(128) not null, instanceid varchar(64) not null, name varchar(256) not null, namespace varchar(256) not null, phase varchar(25) not null, workflow text not null, startedat timestamp not null default CURRENT_TIMESTAMP, finishedat timestamp not null default CURRENT_TIMESTAMP, creationtimestamp timestamp not null default CURRENT_TIMESTAMP, primary key (clustername, uid))".into(),
        "create index if not exists argo_archived_workflows_i1 on argo_archived_workflows (clustername, instanceid, namespace, startedat desc)".into(),
        "create index if not exists argo_archived_workflows_i2 on argo_archived_workflows (clustername, instanceid, finishedat)".into(),
        "create index if not exists argo_archived_workflows_i3 on argo_archived_workflows (clustername, instanceid, name)".into(),
        "create index if not exists argo_archived_workflows_i4 on argo_archived_workflows (clustername, startedat)".into(),
        "create index if not exists argo_archived_workflows_i5 on argo_archived_workflows (creationtimestamp)".into(),
        "create table if not exists argo_archived_workflows_labels (clustername varchar(64) not null, uid varchar(128) not null, name varchar(317) not null, value varchar(63) not null, primary key (clustername, uid, name), foreign key (clustername, uid) references argo_archived_workflows(clustername, uid) on delete cascade)".into(),
        "create index if not exists argo_archived_workflows_labels_i1 on argo_archived_workflows_labels (name, value)".into(),
    ]
}

/// Indexes wfpack adds beyond Argo's: `(name, definition)`. Compatible: Argo's migrations
/// never touch them and they are named `wfpack_*`, so they cannot collide with a future Argo
/// index. They serve keyset pagination (`order by startedat desc, uid desc` within a
/// cluster and instance id) without a sort, and label requirements from a covering index
/// (one probe per row, or an index-only semi-join for counts).
pub(crate) const EXTRA_INDEXES: &[(&str, &str)] = &[
    (
        "wfpack_archived_workflows_k1",
        "argo_archived_workflows (clustername, instanceid, startedat, uid)",
    ),
    (
        "wfpack_archived_workflows_labels_k1",
        "argo_archived_workflows_labels (clustername, name, value, uid)",
    ),
];

/// Argo's `(clustername, instanceid, finishedat)` index (step 56): MySQL/MariaDB count the
/// rows of a cluster and instance id from it. Left alone, InnoDB counts them by walking the
/// clustered primary key, i.e. every row with its inline workflow JSON.
pub(crate) const MYSQL_COUNT_INDEX: &str = "argo_archived_workflows_i2";

impl SqlStore {
    /// The recorded `schema_history` version, `None` when the table does not exist or is empty.
    pub async fn schema_version(&self) -> Result<Option<i64>> {
        if !self.table_exists("schema_history").await? {
            return Ok(None);
        }
        let v: Option<i32> = on_pool!(&self.pool, p => {
            sqlx::query_scalar("select max(schema_version) from schema_history")
                .fetch_one(p)
                .await
        })
        .map_err(|e| self.schema_err(e))?;
        Ok(v.map(i64::from))
    }

    fn schema_err(&self, e: sqlx::Error) -> Error {
        Error::Schema {
            message: format!("reading the schema of {}: {e}", self.target),
        }
    }

    /// Whether `table` exists in the store's schema/database.
    pub async fn table_exists(&self, table: &str) -> Result<bool> {
        let sql = match self.dialect {
            Dialect::Sqlite => {
                "select count(*) from sqlite_master where type = 'table' and name = ?"
            }
            Dialect::Postgres => {
                "select count(*) from information_schema.tables where table_schema = current_schema() and table_name = $1"
            }
            Dialect::MySql => {
                "select count(*) from information_schema.tables where table_schema = database() and table_name = ?"
            }
        };
        let n: i64 = on_pool!(&self.pool, p => {
            sqlx::query_scalar(sqlx::AssertSqlSafe(sql)).bind(table).fetch_one(p).await
        })
        .map_err(|e| self.schema_err(e))?;
        Ok(n > 0)
    }

    /// The lower-cased declared type of `table.column`, `None` when absent.
    pub async fn column_type(&self, table: &str, column: &str) -> Result<Option<String>> {
        let t: Option<String> = match &self.pool {
            Pool::Sqlite(p) => {
                // pragma arguments cannot be bound; the table name is a validated identifier.
                let rows = sqlx::query(sqlx::AssertSqlSafe(format!("pragma table_info({table})")))
                    .fetch_all(p)
                    .await
                    .map_err(|e| self.schema_err(e))?;
                rows.iter()
                    .find(|r| r.try_get::<String, _>("name").is_ok_and(|n| n == column))
                    .and_then(|r| r.try_get::<String, _>("type").ok())
            }
            Pool::Postgres(p) => sqlx::query_scalar("select data_type::text from information_schema.columns where table_schema = current_schema() and table_name = $1 and column_name = $2")
                .bind(table)
                .bind(column)
                .fetch_optional(p)
                .await
                .map_err(|e| self.schema_err(e))?,
            Pool::MySql(p) => sqlx::query_scalar("select cast(column_type as char) from information_schema.columns where table_schema = database() and table_name = ? and column_name = ?")
                .bind(table)
                .bind(column)
                .fetch_optional(p)
                .await
                .map_err(|e| self.schema_err(e))?,
        };
        Ok(t.map(|s| s.to_ascii_lowercase()))
    }

    /// Brings the schema to [`LATEST_VERSION`] (Argo's protocol), or creates SQLite's schema.
    pub async fn migrate(&mut self) -> Result<()> {
        let mig = |step: usize| {
            move |e: sqlx::Error| Error::Migration {
                step,
                message: e.to_string(),
            }
        };
        match &self.pool {
            Pool::Sqlite(p) => {
                let mut tx = p.begin().await.map_err(mig(0))?;
                for stmt in sqlite_schema(&self.table) {
                    sqlx::query(sqlx::AssertSqlSafe(stmt))
                        .execute(&mut *tx)
                        .await
                        .map_err(mig(0))?;
                }
                let v: Option<i32> =
                    sqlx::query_scalar("select max(schema_version) from schema_history")
                        .fetch_one(&mut *tx)
                        .await
                        .map_err(mig(0))?;
                match v.map(i64::from) {
                    None => {
                        sqlx::query("insert into schema_history values (68)")
                            .execute(&mut *tx)
                            .await
                            .map_err(mig(0))?;
                    }
                    Some(LATEST_VERSION) => {}
                    Some(other) => {
                        return Err(Error::Schema {
                            message: format!(
                                "SQLite schema_history says {other}; wfpack's SQLite schema is always {LATEST_VERSION}: this file was not made by wfpack"
                            ),
                        });
                    }
                }
                tx.commit().await.map_err(mig(0))?;
            }
            Pool::Postgres(_) | Pool::MySql(_) => self.migrate_server().await?,
        }
        self.ensure_extra_indexes().await?;
        self.refresh_columns().await
    }

    async fn migrate_server(&self) -> Result<()> {
        let mig = |step: usize| {
            move |e: sqlx::Error| Error::Migration {
                step,
                message: e.to_string(),
            }
        };
        let (pk_sql, upd_sql) = match self.dialect {
            Dialect::Postgres => (
                "select count(*) from information_schema.table_constraints where constraint_type = 'PRIMARY KEY' and table_name = 'schema_history' and table_catalog = current_database()",
                "update schema_history set schema_version = $1 where schema_version = $2",
            ),
            _ => (
                "select count(*) from information_schema.table_constraints where constraint_type = 'PRIMARY KEY' and table_name = 'schema_history' and table_schema = database()",
                "update schema_history set schema_version = ? where schema_version = ?",
            ),
        };
        let current: i64 = on_pool!(&self.pool, p => {
            async {
                sqlx::query("create table if not exists schema_history(schema_version int not null, primary key(schema_version))")
                    .execute(p)
                    .await?;
                let pk: i64 = sqlx::query_scalar(pk_sql).fetch_one(p).await?;
                if pk == 0 {
                    sqlx::query("alter table schema_history add primary key(schema_version)").execute(p).await?;
                }
                let v: Option<i32> = sqlx::query_scalar("select max(schema_version) from schema_history").fetch_one(p).await?;
                if v.is_none() {
                    sqlx::query("insert into schema_history values(-1)").execute(p).await?;
                }
                Ok::<i64, sqlx::Error>(v.map(i64::from).unwrap_or(-1))
            }.await
        })
        .map_err(mig(0))?;
        let first = usize::try_from(current + 1).unwrap_or(0);
        for step in first..STEPS.len() {
            let stmt = step_sql(self.dialect, step, &self.table, &self.cluster);
            let backfill_check =
                format!("select count(*) from {} where version is null", self.table);
            on_pool!(&self.pool, p => {
                async {
                    let mut tx = p.begin().await?;
                    let changed = sqlx::query(upd_sql)
                        .bind(step as i32)
                        .bind(step as i32 - 1)
                        .execute(&mut *tx)
                        .await?
                        .rows_affected();
                    if changed == 1 {
                        if step == 34 {
                            // backfillNodes: only ever a no-op on an empty table (spec §8.12).
                            let n: i64 = sqlx::query_scalar(sqlx::AssertSqlSafe(backfill_check))
                                .fetch_one(&mut *tx)
                                .await?;
                            if n > 0 {
                                return Err(sqlx::Error::Protocol(format!(
                                    "{n} pre-v2.5 rows in {} need Argo's backfillNodes, which never worked (spec §8.12); delete them and open the store again",
                                    self.table
                                )));
                            }
                        }
                        if let Some(stmt) = stmt {
                            sqlx::query(sqlx::AssertSqlSafe(stmt)).execute(&mut *tx).await?;
                        }
                    }
                    tx.commit().await
                }.await
            })
            .map_err(mig(step))?;
        }
        Ok(())
    }

    async fn ensure_extra_indexes(&self) -> Result<()> {
        if !self.table_exists("argo_archived_workflows_labels").await? {
            return Ok(());
        }
        for (name, def) in EXTRA_INDEXES {
            match &self.pool {
                Pool::MySql(p) => {
                    // MySQL has no `create index if not exists`.
                    let table = def.split(' ').next().unwrap_or_default();
                    let n: i64 = sqlx::query_scalar("select count(*) from information_schema.statistics where table_schema = database() and table_name = ? and index_name = ?")
                        .bind(table)
                        .bind(*name)
                        .fetch_one(p)
                        .await
                        .map_err(|e| self.schema_err(e))?;
                    if n == 0 {
                        sqlx::query(sqlx::AssertSqlSafe(format!("create index {name} on {def}")))
                            .execute(p)
                            .await
                            .map_err(|e| self.schema_err(e))?;
                    }
                }
                _ => {
                    let stmt = format!("create index if not exists {name} on {def}");
                    on_pool!(&self.pool, p => sqlx::query(sqlx::AssertSqlSafe(stmt)).execute(p).await.map(|_| ()))
                        .map_err(|e| self.schema_err(e))?;
                }
            }
        }
        Ok(())
    }

    pub(crate) async fn refresh_columns(&mut self) -> Result<()> {
        let has = self
            .column_type("argo_archived_workflows", "creationtimestamp")
            .await?
            .is_some();
        let (keyset_index, count_index) = match &self.pool {
            Pool::MySql(p) => {
                let names: Vec<String> = sqlx::query_scalar("select distinct cast(index_name as char) from information_schema.statistics where table_schema = database() and table_name = 'argo_archived_workflows' and index_name in (?, ?)")
                    .bind(EXTRA_INDEXES[0].0)
                    .bind(MYSQL_COUNT_INDEX)
                    .fetch_all(p)
                    .await
                    .map_err(|e| self.schema_err(e))?;
                let has = |n: &str| names.iter().any(|x| x.eq_ignore_ascii_case(n));
                (has(EXTRA_INDEXES[0].0), has(MYSQL_COUNT_INDEX))
            }
            _ => (false, false),
        };
        self.columns = Columns {
            archive_creation_timestamp: has,
            mysql_keyset_index: keyset_index,
            mysql_count_index: count_index,
        };
        Ok(())
    }

    /// Checks the database before use (spec issue: flavour/version, pending migrations,
    /// table-name collisions, column types, MySQL `max_allowed_packet`).
    ///
    /// `largest_nodes` is the size in bytes of the largest nodes JSON you expect to offload.
    pub async fn preflight(&self, largest_nodes: u64) -> Result<Preflight> {
        let version_sql = match self.dialect {
            Dialect::Sqlite => "select 'SQLite ' || sqlite_version()",
            Dialect::Postgres => "select version()",
            Dialect::MySql => {
                "select concat(case when version() like '%MariaDB%' then 'MariaDB ' else 'MySQL ' end, version())"
            }
        };
        let server: String =
            on_pool!(&self.pool, p => sqlx::query_scalar(version_sql).fetch_one(p).await)
                .map_err(|e| self.schema_err(e))?;
        let schema_version = self.schema_version().await?;
        let pending: Vec<usize> = match (self.dialect, schema_version) {
            (Dialect::Sqlite, None) => vec![0],
            (Dialect::Sqlite, Some(_)) => vec![],
            (_, None) => (0..STEPS.len()).collect(),
            (_, Some(v)) => (usize::try_from(v + 1).unwrap_or(0)..STEPS.len()).collect(),
        };
        let mut problems = Vec::new();
        let mut notes = Vec::new();
        const RESERVED: [&str; 4] = [
            "argo_archived_workflows",
            "argo_archived_workflows_labels",
            "schema_history",
            "argo_workflow_history",
        ];
        if RESERVED.contains(&self.table.as_str()) {
            problems.push(format!(
                "tableName {:?} collides with one of Argo's archive tables; choose another (the docs use argo_workflows)",
                self.table
            ));
        }
        if schema_version.is_some_and(|v| v > LATEST_VERSION) {
            problems.push(format!(
                "schema_history is at {} but wfpack knows steps up to {LATEST_VERSION}: a newer Argo migrated this database; upgrade wfpack",
                schema_version.unwrap_or_default()
            ));
        }
        let nodes_type = self.column_type(&self.table, "nodes").await?;
        let workflow_type = self
            .column_type("argo_archived_workflows", "workflow")
            .await?;
        for (what, t) in [
            ("offload nodes", &nodes_type),
            ("archived workflow", &workflow_type),
        ] {
            if let Some(t) = t {
                let cap: Option<u64> = match t.as_str() {
                    "tinytext" => Some(255),
                    "text" if self.dialect == Dialect::MySql => Some(65_535),
                    "mediumtext" => Some(16_777_215),
                    _ => None,
                };
                if let Some(cap) = cap
                    && cap < largest_nodes
                {
                    problems.push(format!(
                        "{what} column is {t} ({cap} bytes max) but payloads up to {largest_nodes} bytes are expected; run the pending migrations"
                    ));
                }
            }
        }
        let mut max_allowed_packet = None;
        if let Pool::MySql(p) = &self.pool {
            let v: u64 = sqlx::query_scalar("select cast(@@max_allowed_packet as unsigned)")
                .fetch_one(p)
                .await
                .map_err(|e| self.schema_err(e))?;
            max_allowed_packet = Some(v);
            // The statement carries the payload plus some overhead.
            if v < largest_nodes.saturating_mul(11) / 10 + 4096 {
                problems.push(format!(
                    "max_allowed_packet is {v} bytes, too small for {largest_nodes}-byte payloads: raise it (SET GLOBAL max_allowed_packet = {})",
                    (largest_nodes * 2).max(64 << 20)
                ));
            }
        }
        if !pending.is_empty() {
            notes.push(format!(
                "{} migration step(s) pending ({}..={}); they run when the store is opened unless skipMigration is set",
                pending.len(),
                pending[0],
                pending[pending.len() - 1]
            ));
        }
        Ok(Preflight {
            dialect: self.dialect,
            server,
            schema_version,
            pending,
            nodes_column: nodes_type,
            workflow_column: workflow_type,
            max_allowed_packet,
            problems,
            notes,
        })
    }
}

/// What [`SqlStore::preflight`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Preflight {
    /// The dialect.
    pub dialect: Dialect,
    /// Server flavour and version (`PostgreSQL 15.2 ...`, `MariaDB 10.11...`, `SQLite 3.x`).
    pub server: String,
    /// `schema_history`'s version.
    pub schema_version: Option<i64>,
    /// Migration steps not yet applied.
    pub pending: Vec<usize>,
    /// Declared type of the offload `nodes` column.
    pub nodes_column: Option<String>,
    /// Declared type of `argo_archived_workflows.workflow`.
    pub workflow_column: Option<String>,
    /// MySQL's `max_allowed_packet`.
    pub max_allowed_packet: Option<u64>,
    /// Things that will make writes fail; each says what to do.
    pub problems: Vec<String>,
    /// Informational notes.
    pub notes: Vec<String>,
}
