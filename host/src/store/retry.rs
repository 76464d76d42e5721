//! Transient-error classification and the retry loop.

use std::future::Future;

use crate::config::RetryPolicy;
use crate::error::Error;

/// Whether a driver error is worth retrying: lost connections, pool timeouts, deadlocks,
/// serialization failures, lock timeouts, server shutdowns, SQLite busy/locked.
pub fn is_transient(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::WorkerCrashed
        | sqlx::Error::Protocol(_)
        | sqlx::Error::Tls(_) => true,
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            if db
                .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
                .is_some()
            {
                // SQLSTATE class 08 (connection), serialization/deadlock, shutdown, too many
                // connections, lock not available.
                return code.starts_with("08")
                    || matches!(
                        code.as_str(),
                        "40001" | "40P01" | "57P01" | "57P02" | "57P03" | "53300" | "55P03"
                    );
            }
            if db
                .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                .is_some()
            {
                // Error numbers: deadlock, lock wait timeout, gone away, lost, too many
                // connections, shutdown in progress, connection killed, query interrupted.
                let number = db
                    .try_downcast_ref::<sqlx::mysql::MySqlDatabaseError>()
                    .map(|e| e.number())
                    .unwrap_or(0);
                return matches!(
                    number,
                    1213 | 1205
                        | 2006
                        | 2013
                        | 1040
                        | 1053
                        | 1927
                        | 1317
                        | 1158
                        | 1159
                        | 1160
                        | 1161
                );
            }
            if db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                // SQLITE_BUSY (5) and SQLITE_LOCKED (6), with their extended codes.
                return code.parse::<u32>().is_ok_and(|n| matches!(n & 0xff, 5 | 6));
            }
            false
        }
        _ => false,
    }
}

/// Whether a driver error is a duplicate-key violation (PG 23505, MySQL 1062, SQLite 1555/2067).
pub fn is_duplicate_key(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(db) => {
            let code = db.code().map(|c| c.into_owned()).unwrap_or_default();
            matches!(code.as_str(), "23505" | "1062" | "1555" | "2067")
                || db.message().contains("duplicate key")
                || db.message().contains("Duplicate entry")
        }
        _ => false,
    }
}

/// Runs `op` until it succeeds, fails permanently, or `policy.max_retries` retries are spent.
///
/// The final error says what was being done, how many attempts were made and whether the
/// last failure was transient.
pub async fn with_retry<T, F, Fut>(
    policy: &RetryPolicy,
    operation: impl Fn() -> String,
    mut op: F,
) -> Result<T, Error>
where
    F: FnMut(u32) -> Fut,
    Fut: Future<Output = Result<T, sqlx::Error>>,
{
    let mut attempt = 0u32;
    loop {
        match op(attempt).await {
            Ok(v) => return Ok(v),
            Err(e) => {
                let transient = is_transient(&e);
                if transient && attempt < policy.max_retries {
                    tokio::time::sleep(policy.delay(attempt)).await;
                    attempt += 1;
                    continue;
                }
                return Err(Error::StoreQuery {
                    operation: operation(),
                    attempts: attempt + 1,
                    transient,
                    message: e.to_string(),
                });
            }
        }
    }
}
