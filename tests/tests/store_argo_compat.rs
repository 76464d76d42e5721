//! Argo compatibility of the SQL stores (PostgreSQL and MariaDB):
//! - a database built the way Argo v4.1.2 builds it (its migration list run as raw SQL from
//!   tests/fixtures/argo, with Argo's schema_history protocol) and rows written the way Argo
//!   writes them are read back through wfpack;
//! - rows wfpack writes satisfy Argo's constraints and Argo's own queries (spec §4.5);
//! - databases left at every Argo release's schema version since v2.5 are brought forward
//!   and end up identical to a fresh v4.1.2 schema;
//! - wfpack's own fresh schema is identical to Argo's.

use std::path::PathBuf;

use wfpack_host::store::{
    ListQuery, OffloadRepo, Operator, Requirement, SqlOptions, WorkflowArchive, offload_version,
};
use wfpack_tests::db::{Backend, TestDb};

fn fixture(backend: Backend) -> Vec<(usize, String)> {
    let file = match backend {
        Backend::Postgres => "v4.1.2-postgres.sql",
        Backend::MySql => "v4.1.2-mysql.sql",
        Backend::Sqlite => unreachable!("Argo has no SQLite backend"),
    };
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/argo")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let mut steps = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for line in text.lines() {
        if let Some(n) = line
            .strip_prefix("-- Step ")
            .and_then(|n| n.trim().parse::<usize>().ok())
        {
            if let Some(s) = current.take() {
                steps.push(s);
            }
            current = Some((n, String::new()));
        } else if let Some((_, body)) = current.as_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    steps.extend(current);
    assert_eq!(steps.len(), 69);
    for (i, (n, _)) in steps.iter().enumerate() {
        assert_eq!(i, *n);
    }
    steps
}

/// Step 0 as Argo releases before v3.7.1/v4.0.0 had it (no creationtimestamp, no defaults).
const OLD_STEP0: &str = "create table if not exists argo_workflows (
    id varchar(128) ,
    name varchar(256),
    phase varchar(25),
    namespace varchar(256),
    workflow text,
    startedat timestamp,
    finishedat timestamp,
    primary key (id, namespace)
);";

/// Runs Argo's migration steps 0..=upto raw, recording schema_history as Argo does.
async fn argo_migrate(db: &TestDb, upto: usize, old_step0: bool) {
    let mut script = String::from(
        "create table if not exists schema_history(schema_version int not null, primary key(schema_version));\ninsert into schema_history values(-1);\n",
    );
    for (i, body) in fixture(db.backend).into_iter().take(upto + 1) {
        let body = if i == 0 && old_step0 {
            OLD_STEP0.to_owned()
        } else {
            body
        };
        let mut sql = format!(
            "update schema_history set schema_version = {i} where schema_version = {};\n",
            i as i64 - 1
        );
        sql.push_str(body.trim());
        let sql = sql.trim_end();
        let sql = if sql.ends_with(';') {
            sql.to_owned()
        } else {
            format!("{sql};")
        };
        script.push_str(&format!("begin;\n{sql}\ncommit;\n"));
    }
    db.try_exec(&script)
        .await
        .unwrap_or_else(|e| panic!("Argo migration to {upto} failed: {e}"));
}

/// Columns, indexes and constraints, rendered comparably (wfpack's extra `wfpack_*`
/// indexes and, when asked, the offload table's optional creationtimestamp are left out).
async fn fingerprint(db: &TestDb, skip_offload_ct: bool) -> Vec<String> {
    let mut out = match db.backend {
        Backend::Postgres => {
            let mut v = db
                .strings("select table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '-') || ' null=' || is_nullable || ' default=' || coalesce(column_default, '-') from information_schema.columns where table_schema = current_schema()")
                .await;
            v.extend(db.strings("select 'index ' || indexdef from pg_indexes where schemaname = current_schema() and indexname not like 'wfpack_%'").await);
            v.extend(db.strings("select 'constraint ' || conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) from pg_constraint where connamespace = current_schema()::regnamespace").await);
            v
        }
        _ => {
            let mut v = db
                .strings("select concat(table_name, '.', column_name, ' ', column_type, ' null=', is_nullable, ' default=', coalesce(column_default, '-')) from information_schema.columns where table_schema = database()")
                .await;
            v.extend(db.strings("select concat('index ', table_name, ' ', index_name, ' unique=', min(non_unique), ' (', group_concat(concat(column_name, ' ', coalesce(collation, '')) order by seq_in_index), ')') from information_schema.statistics where table_schema = database() and index_name not like 'wfpack_%' group by table_name, index_name").await);
            v.extend(db.strings("select concat('fk ', constraint_name, ' ', table_name, ' -> ', referenced_table_name, ' on delete ', delete_rule) from information_schema.referential_constraints where constraint_schema = database()").await);
            v
        }
    };
    if skip_offload_ct {
        out.retain(|l| !l.starts_with("argo_workflows.creationtimestamp"));
    }
    out.sort();
    out
}

const NODES: &str = r#"{"wf-1":{"id":"wf-1","name":"wf","displayName":"wf","type":"Steps","phase":"Succeeded","startedAt":"2026-03-01T10:00:00Z","finishedAt":"2026-03-01T10:05:00Z"}}"#;

fn argo_workflow_json(uid: &str, name: &str, message: &str) -> String {
    serde_json::json!({
        "metadata": {"name": name, "namespace": "argo", "uid": uid, "creationTimestamp": "2026-03-01T09:59:00Z",
            "labels": {"team": "a", "workflows.argoproj.io/completed": "true",
                       "workflows.argoproj.io/workflow-archiving-status": "Persisted"}},
        "spec": {"entrypoint": "main", "arguments": {}},
        "status": {"phase": "Succeeded", "startedAt": "2026-03-01T10:00:00Z", "finishedAt": "2026-03-01T10:05:00Z",
                   "message": message, "nodes": serde_json::from_str::<serde_json::Value>(NODES).unwrap_or_default()}
    })
    .to_string()
}

/// An SQL string literal (MySQL also treats backslashes as escapes).
fn quote(backend: Backend, s: &str) -> String {
    let s = s.replace('\'', "''");
    if backend == Backend::MySql {
        format!("'{}'", s.replace('\\', "\\\\"))
    } else {
        format!("'{s}'")
    }
}

/// `expr` rendered as text.
fn text(backend: Backend, expr: &str) -> String {
    if backend == Backend::MySql {
        format!("cast({expr} as char)")
    } else {
        format!("cast({expr} as text)")
    }
}

/// Writes rows exactly as Argo's Save / ArchiveWorkflow would on a schema at `version`.
async fn argo_writes(db: &TestDb, version: usize) {
    let v = offload_version(NODES.as_bytes());
    db.exec(&format!(
        "insert into argo_workflows (clustername, uid, version, namespace, nodes) values ('default', 'argo-uid-1', {}, 'argo', {})",
        quote(db.backend, &v),
        quote(db.backend, NODES)
    ))
    .await;
    // Argo replaces \u0000 by ARGO_POSTGRES_NULL_REPLACEMENT on Postgres (v3.7.0+).
    let msg = if db.backend == Backend::Postgres {
        "a ARGO_POSTGRES_NULL_REPLACEMENT b"
    } else {
        "a \u{0} b"
    };
    let wf = argo_workflow_json("argo-uid-2", "argo-wf", msg);
    let mut cols =
        "clustername, uid, name, namespace, phase, startedat, finishedat, workflow".to_owned();
    let mut vals = format!(
        "'default', 'argo-uid-2', 'argo-wf', 'argo', 'Succeeded', '2026-03-01 10:00:00', '2026-03-01 10:05:00', {}",
        quote(db.backend, &wf)
    );
    if version >= 48 {
        cols.push_str(", instanceid");
        vals.push_str(", ''");
    }
    if version >= 63 {
        cols.push_str(", creationtimestamp");
        vals.push_str(", '2026-03-01 09:59:00'");
    }
    db.exec(&format!(
        "insert into argo_archived_workflows ({cols}) values ({vals}); insert into argo_archived_workflows_labels (clustername, uid, name, value) values ('default', 'argo-uid-2', 'team', 'a'), ('default', 'argo-uid-2', 'workflows.argoproj.io/completed', 'true'), ('default', 'argo-uid-2', 'workflows.argoproj.io/workflow-archiving-status', 'Persisted')"
    ))
    .await;
}

/// Reads Argo's rows back through wfpack.
async fn wfpack_reads(db: &TestDb) {
    let store = db.open(&SqlOptions::default()).await.expect("open");
    assert_eq!(store.schema_version().await.expect("version"), Some(68));
    let v = offload_version(NODES.as_bytes());
    let nodes: serde_json::Value =
        serde_json::from_str(&store.get_nodes("argo-uid-1", &v).await.expect("offload"))
            .expect("json");
    assert_eq!(
        nodes,
        serde_json::from_str::<serde_json::Value>(NODES).expect("json")
    );
    let wf = store
        .get_archived("argo-uid-2")
        .await
        .expect("get")
        .expect("present");
    let doc: serde_json::Value = serde_json::from_str(&wf.json).expect("json");
    assert_eq!(doc["status"]["message"], "a \u{0} b", "NUL restored");
    assert_eq!(doc["status"]["nodes"]["wf-1"]["phase"], "Succeeded");
    assert_eq!(wf.summary.name, "argo-wf");
    let q = ListQuery {
        labels: vec![Requirement::new("team", Operator::Equals, vec!["a".into()]).expect("valid")],
        limit: 10,
        ..Default::default()
    };
    let page = store.list_archived(&q).await.expect("list");
    assert_eq!(page.items.len(), 1);
    assert_eq!(store.count_archived(&q).await.expect("count"), 1);
    assert!(
        store
            .label_keys()
            .await
            .expect("keys")
            .contains(&"team".to_owned())
    );
    store.close().await;
}

async fn argo_to_wfpack(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    argo_migrate(&db, 68, false).await;
    argo_writes(&db, 68).await;
    wfpack_reads(&db).await;
    db.cleanup().await;
}

#[tokio::test]
async fn argo_database_read_by_wfpack_postgres() {
    argo_to_wfpack(Backend::Postgres).await;
}

#[tokio::test]
async fn argo_database_read_by_wfpack_mariadb() {
    argo_to_wfpack(Backend::MySql).await;
}

/// wfpack's fresh schema equals Argo's; wfpack's rows pass Argo's constraints and queries;
/// Argo's migration protocol run on wfpack's database applies nothing.
async fn wfpack_to_argo(backend: Backend) {
    let (Some(argo_db), Some(db)) = (TestDb::create(backend).await, TestDb::create(backend).await)
    else {
        return;
    };
    argo_migrate(&argo_db, 68, false).await;
    let store = db.open(&SqlOptions::default()).await.expect("open");
    assert_eq!(
        fingerprint(&db, false).await,
        fingerprint(&argo_db, false).await
    );

    let v = store
        .save_nodes("wf-uid-1", "argo", NODES)
        .await
        .expect("save");
    let wf = argo_workflow_json("wf-uid-2", "wfpack-wf", "x \u{0} y");
    store
        .archive_workflow(wf.as_bytes())
        .await
        .expect("archive");
    store.close().await;

    // Argo's offload Get
    let (nodes_sql, name_sql, label_list) = if backend == Backend::Postgres {
        (
            format!(
                "select nodes::text from argo_workflows where clustername = 'default' and uid = 'wf-uid-1' and version = {}",
                quote(db.backend, &v)
            ),
            "select workflow->'metadata'->>'name' from argo_archived_workflows where clustername = 'default' and instanceid = '' and uid = 'wf-uid-2'",
            "select name from argo_archived_workflows where clustername = 'default' and instanceid = '' and exists (select 1 from argo_archived_workflows_labels where clustername = argo_archived_workflows.clustername and uid = argo_archived_workflows.uid and name = 'team' and value = 'a') order by startedat desc limit 2 offset 0",
        )
    } else {
        (
            format!(
                "select cast(nodes as char) from argo_workflows where clustername = 'default' and uid = 'wf-uid-1' and version = {}",
                quote(db.backend, &v)
            ),
            "select JSON_UNQUOTE(JSON_EXTRACT(workflow, '$.metadata.name')) from argo_archived_workflows where clustername = 'default' and instanceid = '' and uid = 'wf-uid-2'",
            "select name from argo_archived_workflows where clustername = 'default' and instanceid = '' and exists (select 1 from argo_archived_workflows_labels where clustername = argo_archived_workflows.clustername and uid = argo_archived_workflows.uid and name = 'team' and value = 'a') order by startedat desc limit 2 offset 0",
        )
    };
    let nodes = db.strings(&nodes_sql).await;
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&nodes[0]).expect("json"),
        serde_json::from_str::<serde_json::Value>(NODES).expect("json")
    );
    assert_eq!(db.strings(name_sql).await, vec!["wfpack-wf"]);
    assert_eq!(db.strings(label_list).await, vec!["wfpack-wf"]);
    let count = db.strings(&format!("select {} from argo_archived_workflows where clustername = 'default' and instanceid = '' and exists (select 1 from argo_archived_workflows_labels where clustername = argo_archived_workflows.clustername and uid = argo_archived_workflows.uid and name = 'workflows.argoproj.io/workflow-archiving-status' and value = 'Persisted')", text(backend, "count(*)"))).await;
    assert_eq!(count, vec!["1"]);
    if backend == Backend::Postgres {
        // stored with Argo's NUL replacement, as Argo would read it
        let raw = db.strings("select workflow->'status'->>'message' from argo_archived_workflows where uid = 'wf-uid-2'").await;
        assert_eq!(raw, vec!["x ARGO_POSTGRES_NULL_REPLACEMENT y"]);
    }
    // Argo's constraints: label primary key, cascade on delete
    assert!(db.try_exec("insert into argo_archived_workflows_labels (clustername, uid, name, value) values ('default', 'wf-uid-2', 'team', 'b')").await.is_err());
    assert!(db.try_exec("insert into argo_workflows (clustername, uid, version, namespace, nodes) values ('default', 'wf-uid-1', 'fnv:x', 'argo', 'not json')").await.is_err());
    // Argo starting on wfpack's database: every step finds schema_history at 68 and applies nothing
    for i in 0..=68 {
        db.exec(&format!(
            "update schema_history set schema_version = {i} where schema_version = {}",
            i - 1
        ))
        .await;
    }
    assert_eq!(
        db.strings(&format!(
            "select {} from schema_history",
            text(backend, "schema_version")
        ))
        .await,
        vec!["68"]
    );
    db.exec("delete from argo_archived_workflows where uid = 'wf-uid-2'")
        .await;
    assert_eq!(
        db.strings(&format!(
            "select {} from argo_archived_workflows_labels",
            text(backend, "count(*)")
        ))
        .await,
        vec!["0"]
    );
    argo_db.cleanup().await;
    db.cleanup().await;
}

#[tokio::test]
async fn wfpack_database_used_by_argo_postgres() {
    wfpack_to_argo(Backend::Postgres).await;
}

#[tokio::test]
async fn wfpack_database_used_by_argo_mariadb() {
    wfpack_to_argo(Backend::MySql).await;
}

/// Databases at every release's final schema version are migrated forward by wfpack.
async fn upgrades(backend: Backend) {
    let Some(reference) = TestDb::create(backend).await else {
        return;
    };
    argo_migrate(&reference, 68, false).await;
    let want = fingerprint(&reference, true).await;
    reference.cleanup().await;
    for (release, version) in wfpack_host::store::sql::schema::RELEASE_VERSIONS {
        let version = *version as usize;
        let Some(db) = TestDb::create(backend).await else {
            return;
        };
        let old_step0 = version < 66;
        argo_migrate(&db, version, old_step0).await;
        argo_writes(&db, version).await;
        // skipMigration leaves it alone and the preflight says what is pending
        let skip = db
            .open(&SqlOptions {
                skip_migration: true,
                ..SqlOptions::default()
            })
            .await
            .expect("open");
        let pre = skip.preflight(1 << 20).await.expect("preflight");
        assert_eq!(pre.schema_version, Some(version as i64), "{release}");
        assert_eq!(
            pre.pending,
            (version + 1..=68).collect::<Vec<_>>(),
            "{release}"
        );
        skip.close().await;
        wfpack_reads(&db).await; // migrates, then reads Argo's rows
        assert_eq!(
            fingerprint(&db, true).await,
            want,
            "{release} ({version}) migrated to 68"
        );
        db.cleanup().await;
    }
}

#[tokio::test]
async fn upgrade_from_every_argo_release_postgres() {
    upgrades(Backend::Postgres).await;
}

#[tokio::test]
async fn upgrade_from_every_argo_release_mariadb() {
    upgrades(Backend::MySql).await;
}
