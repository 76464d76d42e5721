//! Store benchmark: loads N archived workflows with labels (default 100,000) into SQLite,
//! PostgreSQL and MariaDB, then measures a label-selector list page, a count and the archive
//! GC rate, side by side with Argo's query shapes measured in the same run (OFFSET pages,
//! one unbatched GC DELETE).
//!
//! Run: `scripts/bench-store.sh` (`WFPACK_BENCH_ROWS`, `WFPACK_BENCH_BACKENDS=sqlite,postgres,mysql`).
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]

use std::time::{Duration, Instant};

use sqlx::{ConnectOptions, Connection, Executor};
use wfpack_host::store::{LabelSelector, ListQuery, SqlOptions, SqlStore, WorkflowArchive};
use wfpack_tests::db::{Backend, TestDb};

const PAGE: u32 = 50;
const BATCH: usize = 1000;

fn percentile(v: &mut [Duration], p: f64) -> Duration {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn ts(i: usize, plus_secs: usize) -> String {
    let base = chrono::NaiveDate::from_ymd_opt(2025, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default();
    (base + chrono::Duration::seconds((i * 60 + plus_secs) as i64))
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

fn load_sql(backend: Backend, from: usize, to: usize) -> String {
    let mut wf = String::from(
        "insert into argo_archived_workflows (clustername, instanceid, uid, name, namespace, phase, startedat, finishedat, creationtimestamp, workflow) values ",
    );
    let mut labels = String::from(
        "insert into argo_archived_workflows_labels (clustername, uid, name, value) values ",
    );
    for i in from..to {
        let uid = format!("00000000-0000-0000-0000-{i:012}");
        let (team, env, ns) = (
            format!("t{}", i % 10),
            format!("e{}", i % 3),
            format!("ns-{}", i % 20),
        );
        let phase = if i % 7 == 0 { "Failed" } else { "Succeeded" };
        let json = serde_json::json!({
            "metadata": {"name": format!("wf-{i}"), "namespace": ns, "uid": uid,
                "labels": {"team": team, "env": env, "workflows.argoproj.io/completed": "true",
                           "workflows.argoproj.io/workflow-archiving-status": "Persisted"}},
            "spec": {"entrypoint": "main", "arguments": {}},
            "status": {"phase": phase, "startedAt": ts(i, 0), "finishedAt": ts(i, 300),
                       "nodes": {format!("wf-{i}"): {"id": format!("wf-{i}"), "phase": phase, "type": "Steps"}}}
        })
        .to_string();
        let json = json.replace('\'', "''");
        let json = if backend == Backend::MySql {
            json.replace('\\', "\\\\")
        } else {
            json
        };
        if i > from {
            wf.push(',');
            labels.push(',');
        }
        wf.push_str(&format!(
            "('default', '', '{uid}', 'wf-{i}', '{ns}', '{phase}', '{}', '{}', '{}', '{json}')",
            ts(i, 0),
            ts(i, 300),
            ts(i, 0)
        ));
        labels.push_str(&format!(
            "('default', '{uid}', 'team', '{team}'), ('default', '{uid}', 'env', '{env}'), ('default', '{uid}', 'workflows.argoproj.io/completed', 'true'), ('default', '{uid}', 'workflows.argoproj.io/workflow-archiving-status', 'Persisted')"
        ));
    }
    format!("begin;\n{wf};\n{labels};\ncommit;\n")
}

/// A raw connection for the Argo-shaped baseline queries.
enum Raw {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
    My(sqlx::MySqlConnection),
}

impl Raw {
    async fn open(db: &TestDb) -> Raw {
        match db.backend {
            Backend::Sqlite => Raw::Sqlite(
                sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(db.sqlite_path())
                    .foreign_keys(true)
                    .disable_statement_logging()
                    .connect()
                    .await
                    .expect("sqlite"),
            ),
            Backend::Postgres => Raw::Pg(db.pg_options().connect().await.expect("postgres")),
            Backend::MySql => Raw::My(db.my_options().connect().await.expect("mysql")),
        }
    }

    async fn exec(&mut self, sql: String) -> u64 {
        let sql = sqlx::AssertSqlSafe(sql);
        match self {
            Raw::Sqlite(c) => c
                .execute(sqlx::raw_sql(sql))
                .await
                .expect("sql")
                .rows_affected(),
            Raw::Pg(c) => c
                .execute(sqlx::raw_sql(sql))
                .await
                .expect("sql")
                .rows_affected(),
            Raw::My(c) => c
                .execute(sqlx::raw_sql(sql))
                .await
                .expect("sql")
                .rows_affected(),
        }
    }

    async fn rows(&mut self, sql: &str) -> usize {
        let q = sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()));
        match self {
            Raw::Sqlite(c) => q.fetch_all(c).await.expect("sql").len(),
            Raw::Pg(c) => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
                .fetch_all(c)
                .await
                .expect("sql")
                .len(),
            Raw::My(c) => sqlx::query(sqlx::AssertSqlSafe(sql.to_owned()))
                .fetch_all(c)
                .await
                .expect("sql")
                .len(),
        }
    }

    async fn close(self) {
        let _ = match self {
            Raw::Sqlite(c) => c.close().await,
            Raw::Pg(c) => c.close().await,
            Raw::My(c) => c.close().await,
        };
    }
}

struct Row {
    metric: &'static str,
    p50: f64,
    p99: f64,
    goal: Option<f64>,
    base_p50: Option<f64>,
}

async fn bench(backend: Backend, rows: usize) -> Option<Vec<Row>> {
    let db = TestDb::create(backend).await?;
    let store: SqlStore = db.open(&SqlOptions::default()).await.expect("open");
    let mut raw = Raw::open(&db).await;
    let t = Instant::now();
    let mut i = 0;
    while i < rows {
        let to = (i + BATCH).min(rows);
        raw.exec(load_sql(backend, i, to)).await;
        i = to;
    }
    let stats: &[&str] = match backend {
        Backend::Sqlite => &["analyze"],
        // VACUUM cannot share a transaction; autovacuum would do this on a live server.
        Backend::Postgres => &[
            "vacuum analyze argo_archived_workflows",
            "vacuum analyze argo_archived_workflows_labels",
        ],
        Backend::MySql => {
            &["analyze table argo_archived_workflows, argo_archived_workflows_labels"]
        }
    };
    for s in stats {
        raw.exec((*s).to_owned()).await;
    }
    eprintln!(
        "{backend:?}: loaded {rows} workflows ({} label rows) in {:.1} s",
        rows * 4,
        t.elapsed().as_secs_f64()
    );

    let sel = LabelSelector::parse("team=t3").expect("selector");
    let q = ListQuery {
        labels: sel.requirements().to_vec(),
        limit: PAGE,
        ..ListQuery::default()
    };
    let reps = 40;
    let mut out = Vec::new();

    // warm up
    let _ = store.list_archived(&q).await.expect("list");
    let _ = store.count_archived(&q).await.expect("count");

    // ours: keyset pages, walking forward
    let mut times = Vec::new();
    let mut qq = q.clone();
    for _ in 0..reps {
        let t = Instant::now();
        let page = store.list_archived(&qq).await.expect("list");
        times.push(t.elapsed());
        assert!(!page.items.is_empty());
        qq.after = page.next; // wraps to the first page after the last
    }
    // baseline: Argo's OFFSET pages over the same filter and order
    let mut base = Vec::new();
    let pages = (rows / 10 / PAGE as usize).max(1);
    for k in 0..reps {
        let k = k % pages;
        let sql = format!(
            "select name, namespace, uid, phase, startedat, finishedat from argo_archived_workflows where clustername = 'default' and instanceid = '' and exists (select 1 from argo_archived_workflows_labels where clustername = argo_archived_workflows.clustername and uid = argo_archived_workflows.uid and name = 'team' and value = 't3') order by startedat desc limit {} offset {}",
            PAGE + 1,
            k * PAGE as usize
        );
        let t = Instant::now();
        let n = raw.rows(&sql).await;
        base.push(t.elapsed());
        assert!(n > 0);
    }
    out.push(Row {
        metric: "list page (team=t3, 50 rows)",
        p50: ms(percentile(&mut times, 0.5)),
        p99: ms(percentile(&mut times, 0.99)),
        goal: Some(20.0),
        base_p50: Some(ms(percentile(&mut base, 0.5))),
    });
    // deep page: ours after 1000 rows vs Argo's offset 1000 (page 21)
    let mut deep_ours = Vec::new();
    let mut deep_base = Vec::new();
    for _ in 0..(if rows >= 60_000 { 10 } else { 0 }) {
        let mut qq = q.clone();
        qq.limit = 5000;
        let skip = store.list_archived(&qq).await.expect("list");
        let mut qq = q.clone();
        qq.after = skip.next;
        let t = Instant::now();
        store.list_archived(&qq).await.expect("list");
        deep_ours.push(t.elapsed());
        let t = Instant::now();
        raw.rows("select name, namespace, uid, phase, startedat, finishedat from argo_archived_workflows where clustername = 'default' and instanceid = '' and exists (select 1 from argo_archived_workflows_labels where clustername = argo_archived_workflows.clustername and uid = argo_archived_workflows.uid and name = 'team' and value = 't3') order by startedat desc limit 51 offset 5000").await;
        deep_base.push(t.elapsed());
    }
    if !deep_ours.is_empty() {
        out.push(Row {
            metric: "deep page (after 5000 / offset 5000)",
            p50: ms(percentile(&mut deep_ours, 0.5)),
            p99: ms(percentile(&mut deep_ours, 0.99)),
            goal: Some(20.0),
            base_p50: Some(ms(percentile(&mut deep_base, 0.5))),
        });
    }
    // count with the selector, and the unfiltered count
    for (metric, query) in [
        ("count (team=t3)", q.clone()),
        ("count (all)", ListQuery::default()),
    ] {
        let mut times = Vec::new();
        for _ in 0..reps / 2 {
            let t = Instant::now();
            store.count_archived(&query).await.expect("count");
            times.push(t.elapsed());
        }
        out.push(Row {
            metric,
            p50: ms(percentile(&mut times, 0.5)),
            p99: ms(percentile(&mut times, 0.99)),
            goal: Some(100.0),
            base_p50: None,
        });
    }
    // GC: ours deletes the oldest 10% in batches of 1000; Argo's one DELETE the next 10%
    let tenth = rows / 10;
    let now = chrono::Utc::now().naive_utc();
    let cutoff1 =
        chrono::NaiveDateTime::parse_from_str(&ts(tenth, 300), "%Y-%m-%d %H:%M:%S").expect("ts");
    let ttl = (now - cutoff1).num_seconds();
    let t = Instant::now();
    let report = store.gc_archive(ttl, 1000, false, 0).await.expect("gc");
    let ours = t.elapsed();
    let t = Instant::now();
    let argo = raw
        .exec(format!(
            "delete from argo_archived_workflows where clustername = 'default' and instanceid = '' and finishedat < '{}'",
            ts(2 * tenth, 300)
        ))
        .await;
    let base = t.elapsed();
    let rate = report.deleted as f64 / ours.as_secs_f64();
    let base_rate = argo as f64 / base.as_secs_f64();
    out.push(Row {
        metric: "GC rate (rows/s; batches of 1000 vs one DELETE)",
        p50: rate,
        p99: f64::NAN,
        goal: None,
        base_p50: Some(base_rate),
    });
    raw.close().await;
    store.close().await;
    db.cleanup().await;
    Some(out)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    // `cargo bench` passes `--bench`; ignore arguments.
    let rows: usize = std::env::var("WFPACK_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let backends =
        std::env::var("WFPACK_BENCH_BACKENDS").unwrap_or_else(|_| "sqlite,postgres,mysql".into());
    println!(
        "wfpack store benchmark: {rows} archived workflows, 4 labels each; times in ms (GC in rows/s)"
    );
    println!(
        "{:<10} {:<50} {:>9} {:>9} {:>7} {:>12} {:>8}",
        "backend", "metric", "p50", "p99", "goal", "Argo-shape", "ratio"
    );
    for name in backends.split(',') {
        let backend = match name.trim() {
            "sqlite" => Backend::Sqlite,
            "postgres" => Backend::Postgres,
            "mysql" | "mariadb" => Backend::MySql,
            other => {
                eprintln!("unknown backend {other}");
                continue;
            }
        };
        let Some(rows) = bench(backend, rows).await else {
            continue;
        };
        for r in rows {
            let goal = r
                .goal
                .map(|g| format!("{g:.0}"))
                .unwrap_or_else(|| "-".into());
            let (base, ratio) = match r.base_p50 {
                Some(b) if r.p99.is_nan() => (format!("{b:.0}"), format!("{:.2}x", r.p50 / b)),
                Some(b) => (format!("{b:.2}"), format!("{:.2}x", b / r.p50)),
                None => ("-".into(), "-".into()),
            };
            let verdict = match r.goal {
                Some(g) if r.p50 <= g => "ok",
                Some(_) => "MISSED",
                None => "",
            };
            let p99 = if r.p99.is_nan() {
                "-".to_owned()
            } else {
                format!("{:.2}", r.p99)
            };
            let p50 = if r.p99.is_nan() {
                format!("{:.0}", r.p50)
            } else {
                format!("{:.2}", r.p50)
            };
            println!(
                "{:<10} {:<50} {:>9} {:>9} {:>7} {:>12} {:>8} {verdict}",
                name.trim(),
                r.metric,
                p50,
                p99,
                goal,
                base,
                ratio
            );
        }
    }
    println!(
        "ratio: how many times faster wfpack is than Argo's query shape on the same data (GC: rate ratio)"
    );
}
