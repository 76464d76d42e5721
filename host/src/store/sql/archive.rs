//! The workflow archive on SQL (`persist/sqldb/workflow_archive.go`).

use chrono::{NaiveDateTime, Utc};
use sqlx::Row;

use super::query::{
    Arg, LabelMode, Sql, build, label_count_driver, label_only, push_filters, push_label_count,
};
use super::{Dialect, SqlStore, on_pool};
use crate::error::{Error, Result};
use crate::store::model::{
    ArchiveInput, ArchiveSummary, ArchivedWorkflow, Cursor, GcReport, ListQuery,
    POSTGRES_NULL_REPLACEMENT, Page, truncate_seconds,
};
use crate::store::retry::with_retry;
use crate::store::{WorkflowArchive, force_persisted};

const ARCHIVE: &str = "argo_archived_workflows";
const LABELS: &str = "argo_archived_workflows_labels";
/// Labels per multi-row insert (4 parameters each; well under every bind limit).
const LABEL_CHUNK: usize = 500;
/// Largest page [`WorkflowArchive::list_archived`] returns.
pub const MAX_PAGE: u32 = 10_000;

/// Argo's Postgres NUL handling (spec §4.2, §8.14): a byte-level replace of the six bytes
/// `\u0000` — including its quirk, so `\\u0000` (an escaped backslash followed by `u0000`)
/// turns into invalid JSON and the write fails, as in Argo.
pub fn postgres_nul_encode(json: &str) -> Result<String> {
    if !json.contains("\\u0000") {
        return Ok(json.to_owned());
    }
    let replaced = json.replace("\\u0000", POSTGRES_NULL_REPLACEMENT);
    if serde_json::from_str::<serde::de::IgnoredAny>(&replaced).is_err() {
        return Err(Error::InvalidWorkflow {
            message: "the workflow contains the text \\\\u0000 (a backslash followed by u0000); Argo's Postgres NUL replacement turns it into invalid JSON, so Argo cannot archive it either (spec §8.14)".into(),
        });
    }
    Ok(replaced)
}

/// Undoes [`postgres_nul_encode`] (every `ARGO_POSTGRES_NULL_REPLACEMENT` becomes `\u0000`).
pub fn postgres_nul_decode(json: &str) -> String {
    if json.contains(POSTGRES_NULL_REPLACEMENT) {
        json.replace(POSTGRES_NULL_REPLACEMENT, "\\u0000")
    } else {
        json.to_owned()
    }
}

fn int_cast(d: Dialect, expr: &str) -> String {
    match d {
        Dialect::Postgres => format!("cast({expr} as bigint)"),
        Dialect::MySql => format!("cast({expr} as signed)"),
        Dialect::Sqlite => format!("cast({expr} as integer)"),
    }
}

impl SqlStore {
    fn summary_columns(&self) -> String {
        let d = self.dialect;
        let mut s = format!(
            "uid, name, namespace, phase, {}, {}",
            Sql::timestamp(d, "startedat"),
            Sql::timestamp(d, "finishedat")
        );
        if self.columns.archive_creation_timestamp {
            s.push_str(", ");
            s.push_str(&Sql::timestamp(d, "creationtimestamp"));
        }
        s
    }

    fn base(&self, sql: &mut Sql) {
        sql.push(" where clustername = ").bind_str(&self.cluster);
        sql.push(" and instanceid = ").bind_str(&self.instance_id);
        if let Some(ns) = &self.namespace {
            sql.push(" and namespace = ").bind_str(ns);
        }
    }

    async fn get_one(&self, sql: Sql, what: String) -> Result<Option<ArchivedWorkflow>> {
        let pool = &self.pool;
        let has_ct = self.columns.archive_creation_timestamp;
        let dialect = self.dialect;
        let found = with_retry(
            &self.retry,
            || what.clone(),
            |_| {
                let sql = &sql;
                async move {
                    on_pool!(pool, p => {
                        match build!(sql).fetch_optional(p).await? {
                            None => Ok(None),
                            Some(r) => {
                                let summary = summary_from(&r, has_ct)?;
                                let json: String = r.try_get("workflow")?;
                                Ok(Some((summary, json)))
                            }
                        }
                    })
                }
            },
        )
        .await?;
        Ok(found.map(|(summary, json)| {
            let json = if dialect == Dialect::Postgres {
                postgres_nul_decode(&json)
            } else {
                json
            };
            ArchivedWorkflow {
                summary,
                json: force_persisted(json),
            }
        }))
    }
}

macro_rules! summary_from_row {
    ($r:expr, $has_ct:expr) => {{
        let r = $r;
        Ok::<ArchiveSummary, sqlx::Error>(ArchiveSummary {
            uid: r.try_get("uid")?,
            name: r.try_get("name")?,
            namespace: r.try_get("namespace")?,
            phase: r.try_get("phase")?,
            started_at: r.try_get::<NaiveDateTime, _>("startedat")?,
            finished_at: r.try_get::<NaiveDateTime, _>("finishedat")?,
            creation_timestamp: if $has_ct {
                r.try_get::<Option<NaiveDateTime>, _>("creationtimestamp")?
            } else {
                None
            },
        })
    }};
}

fn summary_from<R>(r: &R, has_ct: bool) -> std::result::Result<ArchiveSummary, sqlx::Error>
where
    R: Row,
    for<'a> &'a str: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> NaiveDateTime: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    summary_from_row!(r, has_ct)
}

impl WorkflowArchive for SqlStore {
    async fn archive_workflow(&self, workflow_json: &[u8]) -> Result<()> {
        let input = ArchiveInput::from_workflow_json(workflow_json)?;
        self.archive_input(&input).await
    }

    async fn archive_input(&self, input: &ArchiveInput) -> Result<()> {
        let d = self.dialect;
        let json = if d == Dialect::Postgres {
            postgres_nul_encode(&input.json)?
        } else {
            input.json.clone()
        };
        // 1. delete the previous copy (by uid), 2. insert, 3. delete labels, 4. insert labels.
        let mut del = Sql::new(d);
        del.push("delete from ").push(ARCHIVE);
        del.push(" where clustername = ").bind_str(&self.cluster);
        if let Some(ns) = &self.namespace {
            del.push(" and namespace = ").bind_str(ns);
        }
        del.push(" and instanceid = ").bind_str(&self.instance_id);
        del.push(" and uid = ").bind_str(&input.uid);

        let mut ins = Sql::new(d);
        ins.push("insert into ").push(ARCHIVE);
        ins.push(" (clustername, instanceid, uid, name, namespace, phase, startedat, finishedat");
        let with_ct = input.creation_timestamp.is_some() && self.columns.archive_creation_timestamp;
        if with_ct {
            ins.push(", creationtimestamp");
        }
        ins.push(", workflow) values (").bind_str(&self.cluster);
        ins.push(", ").bind_str(&self.instance_id);
        ins.push(", ").bind_str(&input.uid);
        ins.push(", ").bind_str(&input.name);
        ins.push(", ").bind_str(&input.namespace);
        ins.push(", ").bind_str(&input.phase);
        ins.push(", ").bind(Arg::Time(input.started_at));
        ins.push(", ").bind(Arg::Time(input.finished_at));
        if let (true, Some(ct)) = (with_ct, input.creation_timestamp) {
            ins.push(", ").bind(Arg::Time(ct));
        }
        ins.push(", ").bind_json(json);
        ins.push(")");

        let mut del_labels = Sql::new(d);
        del_labels.push("delete from ").push(LABELS);
        del_labels
            .push(" where clustername = ")
            .bind_str(&self.cluster);
        del_labels.push(" and uid = ").bind_str(&input.uid);

        let labels: Vec<(&String, &String)> = input.labels.iter().collect();
        let label_inserts: Vec<Sql> = labels
            .chunks(LABEL_CHUNK)
            .map(|chunk| {
                let mut s = Sql::new(d);
                s.push("insert into ").push(LABELS);
                s.push(" (clustername, uid, name, value) values ");
                for (i, (k, v)) in chunk.iter().enumerate() {
                    if i > 0 {
                        s.push(", ");
                    }
                    s.push("(").bind_str(&self.cluster);
                    s.push(", ").bind_str(&input.uid);
                    s.push(", ").bind_str(k);
                    s.push(", ").bind_str(v);
                    s.push(")");
                }
                s
            })
            .collect();
        let pool = &self.pool;
        with_retry(
            &self.retry,
            || {
                format!(
                    "archive workflow {}/{} (uid {})",
                    input.namespace, input.name, input.uid
                )
            },
            |_| {
                let (del, ins, del_labels, label_inserts) =
                    (&del, &ins, &del_labels, &label_inserts);
                async move {
                    on_pool!(pool, p => {
                        let mut tx = p.begin().await?;
                        build!(del).execute(&mut *tx).await?;
                        build!(ins).execute(&mut *tx).await?;
                        build!(del_labels).execute(&mut *tx).await?;
                        for s in label_inserts {
                            build!(s).execute(&mut *tx).await?;
                        }
                        tx.commit().await
                    })
                }
            },
        )
        .await
    }

    async fn get_archived(&self, uid: &str) -> Result<Option<ArchivedWorkflow>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select ")
            .push(&self.summary_columns())
            .push(", ")
            .push(&Sql::json_text(self.dialect, "workflow"))
            .push(" as workflow from ")
            .push(ARCHIVE);
        self.base(&mut sql);
        sql.push(" and uid = ").bind_str(uid);
        self.get_one(sql, format!("get archived workflow {uid}"))
            .await
    }

    async fn get_archived_by_name(
        &self,
        namespace: &str,
        name: &str,
    ) -> Result<Option<ArchivedWorkflow>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select ")
            .push(&self.summary_columns())
            .push(", ")
            .push(&Sql::json_text(self.dialect, "workflow"))
            .push(" as workflow from ")
            .push(ARCHIVE);
        self.base(&mut sql);
        sql.push(" and namespace = ").bind_str(namespace);
        sql.push(" and name = ").bind_str(name);
        // Qualified: on MySQL the select list aliases `cast(startedat as datetime)`.
        sql.push(" order by argo_archived_workflows.startedat desc, argo_archived_workflows.uid desc limit 1");
        self.get_one(sql, format!("get archived workflow {namespace}/{name}"))
            .await
    }

    async fn list_archived(&self, q: &ListQuery) -> Result<Page> {
        if q.limit > MAX_PAGE {
            return Err(Error::InvalidArgument {
                what: "limit",
                message: format!("{} is above the maximum page size {MAX_PAGE}", q.limit),
            });
        }
        if q.created_after.is_some() && !self.columns.archive_creation_timestamp {
            return Err(Error::Schema {
                message: "createdAfter needs argo_archived_workflows.creationtimestamp (migration step 63); run the migrations".into(),
            });
        }
        let d = self.dialect;
        let mut sql = Sql::new(d);
        sql.push("select ")
            .push(&self.summary_columns())
            .push(" from ")
            .push(ARCHIVE);
        if !q.labels.is_empty() && q.name.is_none() {
            // Walk the keyset index in order and probe the labels per row; otherwise MySQL
            // flattens the label subqueries into a semi-join and sorts every match, and
            // SQLite (planning with the bound values) may do the same for later pages.
            let k1 = super::schema::EXTRA_INDEXES[0].0;
            match d {
                Dialect::MySql if self.columns.mysql_keyset_index => {
                    sql.push(" force index (").push(k1).push(")");
                }
                // wfpack's SQLite schema always has the index.
                Dialect::Sqlite => {
                    sql.push(" indexed by ").push(k1);
                }
                _ => {}
            }
        }
        sql.push(" where ");
        push_filters(
            &mut sql,
            &self.cluster,
            &self.instance_id,
            self.namespace.as_deref(),
            q,
            LabelMode::Probe,
        );
        if let Some(c) = &q.after {
            // (startedat, uid) < (cursor): the leading `startedat <= ?` is a range every
            // optimizer can start the index walk at; the OR only filters ties.
            sql.push(" and argo_archived_workflows.startedat <= ")
                .bind(Arg::Time(c.started_at));
            sql.push(" and (argo_archived_workflows.startedat < ")
                .bind(Arg::Time(c.started_at));
            sql.push(" or argo_archived_workflows.uid < ")
                .bind_str(&c.uid);
            sql.push(")");
        }
        // Qualified: on MySQL the select list aliases `cast(startedat as datetime)` as
        // `startedat`, and an alias in ORDER BY would defeat the index.
        sql.push(
            " order by argo_archived_workflows.startedat desc, argo_archived_workflows.uid desc",
        );
        if q.limit > 0 {
            // A literal (a number wfpack computed): a bound LIMIT makes PostgreSQL's generic
            // plan assume a large result and pick a hash join plus sort.
            sql.push(&format!(" limit {}", u64::from(q.limit) + 1));
        }
        let pool = &self.pool;
        let has_ct = self.columns.archive_creation_timestamp;
        let mut items = with_retry(&self.retry, || "list archived workflows".to_owned(), |_| {
            let sql = &sql;
            async move {
                on_pool!(pool, p => {
                    let rows = build!(sql).fetch_all(p).await?;
                    rows.iter().map(|r| summary_from(r, has_ct)).collect::<std::result::Result<Vec<_>, _>>()
                })
            }
        })
        .await?;
        let next = if q.limit > 0 && items.len() > q.limit as usize {
            items.truncate(q.limit as usize);
            items.last().map(|l| Cursor {
                started_at: l.started_at,
                uid: l.uid.clone(),
            })
        } else {
            None
        };
        Ok(Page { items, next })
    }

    async fn count_archived(&self, q: &ListQuery) -> Result<u64> {
        let d = self.dialect;
        // Only the base filter (cluster, instance id): on MySQL/MariaDB read Argo's narrow
        // `(clustername, instanceid, finishedat)` index rather than the clustered primary key.
        let base_only = self.namespace.is_none() && q.labels.is_empty() && label_only(q);
        let force_count_index = d == Dialect::MySql && self.columns.mysql_count_index && base_only;
        let full = |sql: &mut Sql| {
            sql.push("select count(*) from ").push(ARCHIVE);
            if force_count_index {
                sql.push(" force index (")
                    .push(super::schema::MYSQL_COUNT_INDEX)
                    .push(")");
            }
            sql.push(" where ");
            push_filters(
                sql,
                &self.cluster,
                &self.instance_id,
                self.namespace.as_deref(),
                q,
                LabelMode::Set,
            );
        };
        let driver = if self.namespace.is_none() {
            label_count_driver(q)
        } else {
            None
        };
        let mut sql = Sql::new(d);
        match driver {
            None => full(&mut sql),
            Some(driver) => {
                // A label-only count reads the label index alone (10,000 matches: a few ms)
                // instead of probing the archive row of every match for its instance id.
                // That is valid when no archived row of the cluster has another instance id,
                // which the same statement checks with two index probes (`<` and `>`: no
                // B-tree can seek `<>`); otherwise the full count runs.
                sql.push("select case when exists (select 1 from ")
                    .push(ARCHIVE);
                sql.push(" where clustername = ").bind_str(&self.cluster);
                sql.push(" and instanceid < ").bind_str(&self.instance_id);
                sql.push(") or exists (select 1 from ").push(ARCHIVE);
                sql.push(" where clustername = ").bind_str(&self.cluster);
                sql.push(" and instanceid > ").bind_str(&self.instance_id);
                sql.push(") then (");
                full(&mut sql);
                sql.push(") else (");
                push_label_count(&mut sql, &self.cluster, q, driver);
                sql.push(") end");
            }
        }
        let pool = &self.pool;
        let n: i64 = with_retry(&self.retry, || "count archived workflows".to_owned(), |_| {
            let sql = &sql;
            async move { on_pool!(pool, p => build!(sql).fetch_one(p).await.and_then(|r| r.try_get::<i64, _>(0))) }
        })
        .await?;
        Ok(n.max(0) as u64)
    }

    async fn label_keys(&self) -> Result<Vec<String>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select distinct name from ").push(LABELS);
        sql.push(" where clustername = ").bind_str(&self.cluster);
        sql.push(" order by name");
        self.strings(sql, "list archived label keys").await
    }

    async fn label_values(&self, key: &str) -> Result<Vec<String>> {
        let mut sql = Sql::new(self.dialect);
        sql.push("select distinct value as name from ").push(LABELS);
        sql.push(" where clustername = ").bind_str(&self.cluster);
        sql.push(" and name = ").bind_str(key);
        sql.push(" order by name");
        self.strings(sql, "list archived label values").await
    }

    async fn delete_archived(&self, uid: &str) -> Result<bool> {
        let mut sql = Sql::new(self.dialect);
        sql.push("delete from ").push(ARCHIVE);
        self.base(&mut sql);
        sql.push(" and uid = ").bind_str(uid);
        let pool = &self.pool;
        let n = with_retry(
            &self.retry,
            || format!("delete archived workflow {uid}"),
            |_| {
                let sql = &sql;
                async move {
                    on_pool!(pool, p => build!(sql).execute(p).await.map(|r| r.rows_affected()))
                }
            },
        )
        .await?;
        Ok(n > 0)
    }

    async fn gc_archive(
        &self,
        ttl_seconds: i64,
        batch: u32,
        dry_run: bool,
        sample: usize,
    ) -> Result<GcReport> {
        let mut report = GcReport::default();
        if ttl_seconds <= 0 {
            return Ok(report);
        }
        let batch = batch.clamp(1, 10_000);
        let cutoff =
            truncate_seconds(Utc::now().naive_utc()) - chrono::Duration::seconds(ttl_seconds);
        let d = self.dialect;
        let pool = &self.pool;
        let has_ct = self.columns.archive_creation_timestamp;
        let expired = |sql: &mut Sql| {
            self.base(sql);
            sql.push(" and finishedat < ").bind(Arg::Time(cutoff));
        };
        if sample > 0 {
            let mut s = Sql::new(d);
            s.push("select ")
                .push(&self.summary_columns())
                .push(" from ")
                .push(ARCHIVE);
            expired(&mut s);
            s.push(
                " order by argo_archived_workflows.finishedat, argo_archived_workflows.uid limit ",
            )
            .bind(Arg::I64(sample as i64));
            report.sample = with_retry(&self.retry, || "archive GC: sample".to_owned(), |_| {
                let s = &s;
                async move {
                    on_pool!(pool, p => {
                        let rows = build!(s).fetch_all(p).await?;
                        rows.iter().map(|r| summary_from(r, has_ct)).collect::<std::result::Result<Vec<_>, _>>()
                    })
                }
            })
            .await?;
        }
        if dry_run {
            let mut s = Sql::new(d);
            s.push("select count(*) as n, ")
                .push(&int_cast(
                    d,
                    &format!("coalesce(sum({}), 0)", Sql::json_bytes(d, "workflow")),
                ))
                .push(" as bytes from ")
                .push(ARCHIVE);
            expired(&mut s);
            let (n, bytes): (i64, i64) = with_retry(&self.retry, || "archive GC: dry run".to_owned(), |_| {
                let s = &s;
                async move {
                    on_pool!(pool, p => build!(s).fetch_one(p).await.and_then(|r| Ok((r.try_get::<i64, _>("n")?, r.try_get::<i64, _>("bytes")?))))
                }
            })
            .await?;
            report.deleted = n.max(0) as u64;
            report.bytes = bytes.max(0) as u64;
            return Ok(report);
        }
        loop {
            let mut pick = Sql::new(d);
            pick.push("select uid, ")
                .push(&int_cast(d, &Sql::json_bytes(d, "workflow")))
                .push(" as bytes from ")
                .push(ARCHIVE);
            expired(&mut pick);
            pick.push(
                " order by argo_archived_workflows.finishedat, argo_archived_workflows.uid limit ",
            )
            .bind(Arg::I64(i64::from(batch)));
            let cluster = self.cluster.clone();
            let (n, bytes) = with_retry(
                &self.retry,
                || "archive GC: delete batch".to_owned(),
                |_| {
                    let pick = &pick;
                    let cluster = &cluster;
                    async move {
                        on_pool!(pool, p => {
                            let mut tx = p.begin().await?;
                            let rows = build!(pick).fetch_all(&mut *tx).await?;
                            let mut uids = Vec::with_capacity(rows.len());
                            let mut bytes = 0i64;
                            for r in &rows {
                                uids.push(r.try_get::<String, _>("uid")?);
                                bytes += r.try_get::<i64, _>("bytes")?;
                            }
                            if uids.is_empty() {
                                return Ok((0u64, 0i64));
                            }
                            let mut del = Sql::new(d);
                            del.push("delete from ").push(ARCHIVE);
                            del.push(" where clustername = ").bind_str(cluster);
                            del.push(" and uid in (");
                            for (i, u) in uids.iter().enumerate() {
                                if i > 0 {
                                    del.push(", ");
                                }
                                del.bind_str(u);
                            }
                            del.push(")");
                            let n = build!(&del).execute(&mut *tx).await?.rows_affected();
                            tx.commit().await?;
                            Ok((n, bytes))
                        })
                    }
                },
            )
            .await?;
            if n == 0 {
                break;
            }
            report.deleted += n;
            report.bytes += bytes.max(0) as u64;
            report.batches += 1;
            if n < u64::from(batch) {
                break;
            }
        }
        Ok(report)
    }
}

impl SqlStore {
    async fn strings(&self, sql: Sql, what: &str) -> Result<Vec<String>> {
        let pool = &self.pool;
        with_retry(&self.retry, || what.to_owned(), |_| {
            let sql = &sql;
            async move {
                on_pool!(pool, p => {
                    let rows = build!(sql).fetch_all(p).await?;
                    rows.iter().map(|r| r.try_get::<String, _>("name")).collect::<std::result::Result<Vec<_>, _>>()
                })
            }
        })
        .await
    }
}
