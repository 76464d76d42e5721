//! The offload repository on SQL (`persist/sqldb/offload_node_status_repo.go`).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDateTime;
use sqlx::Row;

use super::query::{Arg, Sql, build};
use super::{Dialect, SqlStore, on_pool};
use crate::error::{Error, Result};
use crate::store::model::{OffloadRecord, UidVersion};
use crate::store::retry::{is_duplicate_key, with_retry};
use crate::store::{OffloadRepo, offload_version};

/// Rows deleted per transaction by [`OffloadRepo::gc_offloads`].
const GC_BATCH: usize = 200;

impl SqlStore {
    fn older_than(&self, sql: &mut Sql, ttl: Duration) {
        let secs = i64::try_from(ttl.as_secs()).unwrap_or(i64::MAX / 2);
        // The database clock, as Argo does: rows get `updatedat` from the column default.
        match self.dialect {
            Dialect::Postgres => {
                sql.push(" and updatedat < localtimestamp - ")
                    .bind(Arg::I64(secs));
                sql.push(" * interval '1 second'");
            }
            Dialect::MySql => {
                sql.push(" and updatedat < current_timestamp - interval ")
                    .bind(Arg::I64(secs));
                sql.push(" second");
            }
            Dialect::Sqlite => {
                sql.push(" and updatedat < datetime('now', ")
                    .bind(Arg::Str(format!("-{secs} seconds")));
                sql.push(")");
            }
        }
    }

    fn key_filter(&self, sql: &mut Sql, uid: &str, version: &str) {
        sql.push(" where clustername = ").bind_str(&self.cluster);
        sql.push(" and uid = ").bind_str(uid);
        sql.push(" and version = ").bind_str(version);
    }
}

fn check_key(uid: &str, version: &str) -> Result<()> {
    if uid.is_empty() {
        return Err(Error::InvalidArgument {
            what: "uid",
            message: "invalid uid".into(),
        });
    }
    if version.is_empty() {
        return Err(Error::InvalidArgument {
            what: "version",
            message: "invalid version".into(),
        });
    }
    Ok(())
}

impl OffloadRepo for SqlStore {
    async fn save_nodes(&self, uid: &str, namespace: &str, nodes_json: &str) -> Result<String> {
        let version = offload_version(nodes_json.as_bytes());
        check_key(uid, &version)?;
        let mut sql = Sql::new(self.dialect);
        sql.push("insert into ").push(&self.table);
        sql.push(" (clustername, uid, version, namespace, nodes) values (")
            .bind_str(&self.cluster);
        sql.push(", ").bind_str(uid);
        sql.push(", ").bind_str(&version);
        sql.push(", ").bind_str(namespace);
        sql.push(", ").bind_json(nodes_json.to_owned());
        sql.push(")");
        let pool = &self.pool;
        with_retry(
            &self.retry,
            || format!("offload nodes of workflow {uid} (version {version})"),
            |_| {
                let sql = &sql;
                async move {
                    let r = on_pool!(pool, p => build!(sql).execute(p).await.map(|_| ()));
                    match r {
                        // Same cluster+uid+version means same content (Argo ignores it too).
                        Err(e) if is_duplicate_key(&e) => Ok(()),
                        other => other,
                    }
                }
            },
        )
        .await?;
        Ok(version)
    }

    async fn get_nodes(&self, uid: &str, version: &str) -> Result<String> {
        check_key(uid, version)?;
        let mut sql = Sql::new(self.dialect);
        sql.push("select ")
            .push(&Sql::json_text(self.dialect, "nodes"))
            .push(" as nodes from ")
            .push(&self.table);
        self.key_filter(&mut sql, uid, version);
        let pool = &self.pool;
        let row: Option<String> = with_retry(
            &self.retry,
            || format!("read offloaded nodes of workflow {uid} (version {version})"),
            |_| {
                let sql = &sql;
                async move {
                    on_pool!(pool, p => build!(sql).fetch_optional(p).await.and_then(|r| match r {
                        Some(r) => r.try_get::<String, _>("nodes").map(Some),
                        None => Ok(None),
                    }))
                }
            },
        )
        .await?;
        row.ok_or_else(|| Error::OffloadNotFound {
            uid: uid.to_owned(),
            version: version.to_owned(),
        })
    }

    async fn list_nodes(&self, namespace: Option<&str>) -> Result<Vec<OffloadRecord>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select clustername, uid, version, namespace, ")
            .push(&Sql::json_text(self.dialect, "nodes"))
            .push(" as nodes, ")
            .push(&Sql::timestamp(self.dialect, "updatedat"))
            .push(" from ")
            .push(&self.table);
        sql.push(" where clustername = ").bind_str(&self.cluster);
        if let Some(ns) = namespace.or(self.namespace.as_deref()) {
            sql.push(" and namespace = ").bind_str(ns);
        }
        sql.push(" order by uid, version");
        let pool = &self.pool;
        with_retry(
            &self.retry,
            || "list offloaded nodes".to_owned(),
            |_| {
                let sql = &sql;
                async move {
                    on_pool!(pool, p => {
                        let rows = build!(sql).fetch_all(p).await?;
                        rows.iter()
                            .map(|r| {
                                Ok(OffloadRecord {
                                    cluster_name: r.try_get("clustername")?,
                                    uid: r.try_get("uid")?,
                                    version: r.try_get("version")?,
                                    namespace: r.try_get("namespace")?,
                                    nodes: r.try_get("nodes")?,
                                    updated_at: r.try_get::<NaiveDateTime, _>("updatedat")?,
                                })
                            })
                            .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
                    })
                }
            },
        )
        .await
    }

    async fn list_old_offloads(&self, ttl: Duration) -> Result<Vec<UidVersion>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select uid, version from ").push(&self.table);
        sql.push(" where clustername = ").bind_str(&self.cluster);
        if let Some(ns) = &self.namespace {
            sql.push(" and namespace = ").bind_str(ns);
        }
        self.older_than(&mut sql, ttl);
        sql.push(" order by uid, version");
        let pool = &self.pool;
        with_retry(&self.retry, || "list old offloads".to_owned(), |_| {
            let sql = &sql;
            async move {
                on_pool!(pool, p => {
                    let rows = build!(sql).fetch_all(p).await?;
                    rows.iter()
                        .map(|r| Ok(UidVersion { uid: r.try_get("uid")?, version: r.try_get("version")? }))
                        .collect::<std::result::Result<Vec<_>, sqlx::Error>>()
                })
            }
        })
        .await
    }

    async fn delete_nodes(&self, uid: &str, version: &str) -> Result<u64> {
        check_key(uid, version)?;
        let mut sql = Sql::new(self.dialect);
        sql.push("delete from ").push(&self.table);
        self.key_filter(&mut sql, uid, version);
        let pool = &self.pool;
        with_retry(
            &self.retry,
            || format!("delete offloaded nodes of workflow {uid} (version {version})"),
            |_| {
                let sql = &sql;
                async move {
                    on_pool!(pool, p => build!(sql).execute(p).await.map(|r| r.rows_affected()))
                }
            },
        )
        .await
    }

    async fn gc_offloads(&self, ttl: Duration, live: &BTreeMap<String, String>) -> Result<u64> {
        let old = self.list_old_offloads(ttl).await?;
        let doomed: Vec<&UidVersion> = old
            .iter()
            .filter(|uv| live.get(&uv.uid) != Some(&uv.version))
            .collect();
        let mut deleted = 0u64;
        for chunk in doomed.chunks(GC_BATCH) {
            let stmts: Vec<Sql> = chunk
                .iter()
                .map(|uv| {
                    let mut sql = Sql::new(self.dialect);
                    sql.push("delete from ").push(&self.table);
                    self.key_filter(&mut sql, &uv.uid, &uv.version);
                    sql
                })
                .collect();
            let pool = &self.pool;
            deleted += with_retry(
                &self.retry,
                || "garbage-collect old offloads".to_owned(),
                |_| {
                    let stmts = &stmts;
                    async move {
                        on_pool!(pool, p => {
                            let mut tx = p.begin().await?;
                            let mut n = 0;
                            for sql in stmts {
                                n += build!(sql).execute(&mut *tx).await?.rows_affected();
                            }
                            tx.commit().await?;
                            Ok(n)
                        })
                    }
                },
            )
            .await?;
        }
        Ok(deleted)
    }
}
