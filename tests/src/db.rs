//! Databases for the store tests: one fresh database per test on the local PostgreSQL and
//! MariaDB services (or a temporary SQLite file), and a TCP proxy that cuts connections.
//!
//! Services: `WFPACK_TEST_POSTGRES` (default `postgres://postgres@127.0.0.1:5432/test`) and
//! `WFPACK_TEST_MYSQL` (default `mysql://root@127.0.0.1:3306/test`). When a service is not
//! reachable the test fails under `CI=true` and is skipped with a note otherwise.

use std::net::SocketAddr;
use std::str::FromStr;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, Ordering};
use std::time::Duration;

use sqlx::mysql::MySqlConnectOptions;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Executor};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use wfpack_host::store::{SqlOptions, SqlStore};

/// A database backend under test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// Temporary SQLite file.
    Sqlite,
    /// Local PostgreSQL service.
    Postgres,
    /// Local MariaDB/MySQL service.
    MySql,
}

fn pg_admin() -> PgConnectOptions {
    let url = std::env::var("WFPACK_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
    PgConnectOptions::from_str(&url)
        .expect("WFPACK_TEST_POSTGRES is a postgres:// URL")
        .disable_statement_logging()
}

fn my_admin() -> MySqlConnectOptions {
    let url = std::env::var("WFPACK_TEST_MYSQL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306/test".into());
    MySqlConnectOptions::from_str(&url)
        .expect("WFPACK_TEST_MYSQL is a mysql:// URL")
        .disable_statement_logging()
}

fn unique_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "wfpack_t_{}_{}_{}",
        std::process::id(),
        nanos,
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

fn unavailable(what: &str, err: &dyn std::fmt::Display) -> Option<TestDb> {
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    if ci {
        panic!(
            "{what} is not reachable ({err}); CI must run the store tests against it: start the service (scripts/setup.sh services) or set WFPACK_TEST_POSTGRES / WFPACK_TEST_MYSQL"
        );
    }
    eprintln!(
        "note: skipping: {what} is not reachable ({err}); set CI=true to make this a failure"
    );
    None
}

/// A fresh, uniquely named database (dropped by [`TestDb::cleanup`]).
#[derive(Debug)]
pub struct TestDb {
    /// Which backend.
    pub backend: Backend,
    /// Database name (or SQLite file name).
    pub name: String,
    dir: Option<tempfile::TempDir>,
    dropped: bool,
}

impl TestDb {
    /// Creates a database; `None` when the service is unavailable and not in CI.
    pub async fn create(backend: Backend) -> Option<TestDb> {
        let name = unique_name();
        match backend {
            Backend::Sqlite => Some(TestDb {
                backend,
                name,
                dir: Some(tempfile::tempdir().expect("temporary directory")),
                dropped: false,
            }),
            Backend::Postgres => {
                let mut c =
                    match tokio::time::timeout(Duration::from_secs(10), pg_admin().connect()).await
                    {
                        Ok(Ok(c)) => c,
                        Ok(Err(e)) => return unavailable("PostgreSQL", &e),
                        Err(e) => return unavailable("PostgreSQL", &e),
                    };
                c.execute(sqlx::AssertSqlSafe(format!("create database {name}")))
                    .await
                    .expect("create database");
                Some(TestDb {
                    backend,
                    name,
                    dir: None,
                    dropped: false,
                })
            }
            Backend::MySql => {
                let mut c =
                    match tokio::time::timeout(Duration::from_secs(10), my_admin().connect()).await
                    {
                        Ok(Ok(c)) => c,
                        Ok(Err(e)) => return unavailable("MariaDB/MySQL", &e),
                        Err(e) => return unavailable("MariaDB/MySQL", &e),
                    };
                c.execute(sqlx::AssertSqlSafe(format!(
                    "create database {name} character set utf8mb4"
                )))
                .await
                .expect("create database");
                Some(TestDb {
                    backend,
                    name,
                    dir: None,
                    dropped: false,
                })
            }
        }
    }

    /// The SQLite file path.
    pub fn sqlite_path(&self) -> std::path::PathBuf {
        self.dir
            .as_ref()
            .expect("sqlite backend")
            .path()
            .join(format!("{}.db", self.name))
    }

    /// Connect options for this database.
    pub fn pg_options(&self) -> PgConnectOptions {
        pg_admin().database(&self.name)
    }

    /// Connect options for this database.
    pub fn my_options(&self) -> MySqlConnectOptions {
        my_admin().database(&self.name)
    }

    /// Opens a wfpack store on this database.
    pub async fn open(&self, o: &SqlOptions) -> wfpack_host::Result<SqlStore> {
        match self.backend {
            Backend::Sqlite => SqlStore::open_sqlite(&self.sqlite_path(), o).await,
            Backend::Postgres => SqlStore::open_postgres(self.pg_options(), o).await,
            Backend::MySql => SqlStore::open_mysql(self.my_options(), o).await,
        }
    }

    /// Opens a store that connects through `proxy` instead of directly.
    pub async fn open_via(
        &self,
        proxy: &CutProxy,
        o: &SqlOptions,
    ) -> wfpack_host::Result<SqlStore> {
        let addr = proxy.addr;
        match self.backend {
            Backend::Sqlite => panic!("no proxy for SQLite"),
            Backend::Postgres => {
                SqlStore::open_postgres(
                    self.pg_options()
                        .host(&addr.ip().to_string())
                        .port(addr.port()),
                    o,
                )
                .await
            }
            Backend::MySql => {
                SqlStore::open_mysql(
                    self.my_options()
                        .host(&addr.ip().to_string())
                        .port(addr.port()),
                    o,
                )
                .await
            }
        }
    }

    /// The upstream `host:port` of the service.
    pub fn upstream(&self) -> String {
        match self.backend {
            Backend::Postgres => {
                let o = pg_admin();
                format!("{}:{}", o.get_host(), o.get_port())
            }
            Backend::MySql => {
                let o = my_admin();
                format!("{}:{}", o.get_host(), o.get_port())
            }
            Backend::Sqlite => String::new(),
        }
    }

    /// Runs raw SQL (several statements allowed) directly on the database.
    pub async fn exec(&self, sql: &str) {
        self.try_exec(sql)
            .await
            .unwrap_or_else(|e| panic!("{e}\nSQL: {sql}"));
    }

    /// Runs raw SQL, returning the driver error.
    pub async fn try_exec(&self, sql: &str) -> Result<(), sqlx::Error> {
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        match self.backend {
            Backend::Sqlite => {
                let mut c = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(self.sqlite_path())
                    .foreign_keys(true)
                    .connect()
                    .await?;
                sqlx::raw_sql(sql).execute(&mut c).await?;
            }
            Backend::Postgres => {
                let mut c = self.pg_options().connect().await?;
                sqlx::raw_sql(sql).execute(&mut c).await?;
            }
            Backend::MySql => {
                let mut c = self.my_options().connect().await?;
                sqlx::raw_sql(sql).execute(&mut c).await?;
            }
        }
        Ok(())
    }

    /// Runs a query returning one text column per row (values rendered by the database).
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        use sqlx::Row;
        let sql = sqlx::AssertSqlSafe(sql.to_owned());
        let r: Result<Vec<String>, sqlx::Error> = async {
            match self.backend {
                Backend::Sqlite => {
                    let mut c = sqlx::sqlite::SqliteConnectOptions::new()
                        .filename(self.sqlite_path())
                        .connect()
                        .await?;
                    sqlx::query(sql)
                        .fetch_all(&mut c)
                        .await?
                        .iter()
                        .map(|r| r.try_get::<String, _>(0))
                        .collect()
                }
                Backend::Postgres => {
                    let mut c = self.pg_options().connect().await?;
                    sqlx::query(sql)
                        .fetch_all(&mut c)
                        .await?
                        .iter()
                        .map(|r| r.try_get::<String, _>(0))
                        .collect()
                }
                Backend::MySql => {
                    let mut c = self.my_options().connect().await?;
                    sqlx::query(sql)
                        .fetch_all(&mut c)
                        .await?
                        .iter()
                        .map(|r| r.try_get::<String, _>(0))
                        .collect()
                }
            }
        }
        .await;
        r.unwrap_or_else(|e| panic!("query failed: {e}"))
    }

    /// Drops the database.
    pub async fn cleanup(mut self) {
        drop_database(self.backend, &self.name).await;
        self.dropped = true;
    }
}

async fn drop_database(backend: Backend, name: &str) {
    match backend {
        Backend::Sqlite => {}
        Backend::Postgres => {
            if let Ok(mut c) = pg_admin().connect().await {
                let _ = c
                    .execute(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name} with (force)"
                    )))
                    .await;
            }
        }
        Backend::MySql => {
            if let Ok(mut c) = my_admin().connect().await {
                let _ = c
                    .execute(sqlx::AssertSqlSafe(format!(
                        "drop database if exists {name}"
                    )))
                    .await;
            }
        }
    }
}

impl Drop for TestDb {
    /// A test that panicked before [`TestDb::cleanup`] still drops its database.
    fn drop(&mut self) {
        if self.dropped || self.backend == Backend::Sqlite {
            return;
        }
        let (backend, name) = (self.backend, self.name.clone());
        let _ = std::thread::spawn(move || {
            if let Ok(rt) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                rt.block_on(drop_database(backend, &name));
            }
        })
        .join();
    }
}

/// A TCP proxy in front of a database that can cut the connection in the middle of a
/// statement: after [`CutProxy::arm`]`(n)`, the connection that carries the `n`-th further
/// client byte forwards exactly `n` bytes and is then closed in both directions.
#[derive(Debug, Clone)]
pub struct CutProxy {
    /// Where clients connect.
    pub addr: SocketAddr,
    budget: Arc<AtomicI64>,
    cuts: Arc<AtomicU64>,
}

impl CutProxy {
    /// Starts a proxy to `upstream` (`host:port`) on an ephemeral local port.
    pub async fn start(upstream: String) -> CutProxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
        let addr = listener.local_addr().expect("proxy address");
        let budget = Arc::new(AtomicI64::new(-1));
        let cuts = Arc::new(AtomicU64::new(0));
        let (b, c) = (budget.clone(), cuts.clone());
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let upstream = upstream.clone();
                let (b, c) = (b.clone(), c.clone());
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(&upstream).await {
                        pipe(client, server, b, c).await;
                    }
                });
            }
        });
        CutProxy { addr, budget, cuts }
    }

    /// Cuts the connection after `bytes` more client-to-server bytes.
    pub fn arm(&self, bytes: i64) {
        self.budget.store(bytes, Ordering::SeqCst);
    }

    /// Disarms.
    pub fn disarm(&self) {
        self.budget.store(-1, Ordering::SeqCst);
    }

    /// How many connections were cut.
    pub fn cuts(&self) -> u64 {
        self.cuts.load(Ordering::SeqCst)
    }
}

async fn pipe(client: TcpStream, server: TcpStream, budget: Arc<AtomicI64>, cuts: Arc<AtomicU64>) {
    let (mut cr, mut cw) = client.into_split();
    let (mut sr, mut sw) = server.into_split();
    let down = tokio::spawn(async move {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match sr.read(&mut buf).await {
                Ok(0) | Err(_) => break,
                Ok(n) => {
                    if cw.write_all(&buf[..n]).await.is_err() {
                        break;
                    }
                }
            }
        }
        let _ = cw.shutdown().await;
    });
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = match cr.read(&mut buf).await {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let left = budget.load(Ordering::SeqCst);
        if left >= 0 && (n as i64) >= left {
            budget.store(-1, Ordering::SeqCst);
            let _ = sw.write_all(&buf[..left as usize]).await;
            let _ = sw.flush().await;
            cuts.fetch_add(1, Ordering::SeqCst);
            down.abort();
            return; // dropping both halves closes both sockets
        }
        if left >= 0 {
            budget.fetch_sub(n as i64, Ordering::SeqCst);
        }
        if sw.write_all(&buf[..n]).await.is_err() {
            break;
        }
    }
    let _ = sw.shutdown().await;
    down.abort();
}
