//! The SQL backends: SQLite (embedded), PostgreSQL and MySQL/MariaDB, on `sqlx`.
//!
//! One implementation, three dialects: statements are built once by [`query::Sql`] with the
//! dialect's placeholders and bound with the same values; the `on_pool!` macro expands the
//! execution code for each concrete pool type.

mod archive;
mod connect;
mod migrations;
mod offload;
pub(crate) mod query;
pub mod schema;

use crate::config::RetryPolicy;

pub use connect::SqlOptions;

/// Which SQL database a store talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite (embedded; wfpack's own final schema).
    Sqlite,
    /// PostgreSQL.
    Postgres,
    /// MySQL or MariaDB.
    MySql,
}

impl Dialect {
    /// `sqlite`, `postgres`, `mysql`.
    pub fn name(self) -> &'static str {
        match self {
            Dialect::Sqlite => "sqlite",
            Dialect::Postgres => "postgres",
            Dialect::MySql => "mysql",
        }
    }
}

/// The connection pool of one backend.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
    MySql(sqlx::MySqlPool),
}

/// Expands `$body` once per pool type, with `$p` bound to the concrete pool.
macro_rules! on_pool {
    ($pool:expr, $p:ident => $body:expr) => {
        match $pool {
            $crate::store::sql::Pool::Sqlite($p) => $body,
            $crate::store::sql::Pool::Postgres($p) => $body,
            $crate::store::sql::Pool::MySql($p) => $body,
        }
    };
}
pub(crate) use on_pool;

/// Columns that differ between schema generations (spec §5 compatibility notes).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Columns {
    /// `argo_archived_workflows.creationtimestamp` exists (step 63+).
    pub archive_creation_timestamp: bool,
    /// MySQL: wfpack's keyset index exists (used to stop MySQL/MariaDB from turning a
    /// label `exists` into a semi-join followed by a sort of every match).
    pub mysql_keyset_index: bool,
    /// MySQL: Argo's `argo_archived_workflows_i2` exists (counts read it instead of the
    /// clustered primary key).
    pub mysql_count_index: bool,
}

/// An Argo-compatible SQL store (offload table + workflow archive).
#[derive(Debug, Clone)]
pub struct SqlStore {
    pub(crate) pool: Pool,
    pub(crate) dialect: Dialect,
    pub(crate) table: String,
    pub(crate) cluster: String,
    pub(crate) instance_id: String,
    pub(crate) namespace: Option<String>,
    pub(crate) retry: RetryPolicy,
    pub(crate) target: String,
    pub(crate) columns: Columns,
}

impl SqlStore {
    /// The dialect.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// `flavour://host:port/database` (never credentials).
    pub fn target(&self) -> &str {
        &self.target
    }

    /// The offload table name.
    pub fn table_name(&self) -> &str {
        &self.table
    }

    /// The cluster name written to `clustername`.
    pub fn cluster_name(&self) -> &str {
        &self.cluster
    }

    /// Replaces the retry policy (tests and the CLI's `--retries`).
    pub fn set_retry_policy(&mut self, retry: RetryPolicy) {
        self.retry = retry;
    }

    /// Closes the pool.
    pub async fn close(&self) {
        on_pool!(&self.pool, p => p.close().await)
    }
}
