//! Fault tests: the database connection is cut in the middle of an offload and of an archive
//! (a local TCP proxy forwards a chosen number of bytes of the statement, then closes both
//! sides). Afterwards no status could point at a missing version, no half-written archive
//! row exists, and the retry succeeds — automatically with a retry policy, or when called again.

use std::time::Duration;

use wfpack_host::Error;
use wfpack_host::config::RetryPolicy;
use wfpack_host::store::{OffloadRepo, SqlOptions, WorkflowArchive};
use wfpack_tests::db::{Backend, CutProxy, TestDb};

fn big_nodes(n: usize, tag: &str) -> String {
    let mut m = serde_json::Map::new();
    for i in 0..n {
        m.insert(
            format!("wf-{i}"),
            serde_json::json!({"id": format!("wf-{i}"), "name": format!("wf[{i}].step"), "phase": "Succeeded",
                               "message": format!("{tag} {}", "x".repeat(100))}),
        );
    }
    serde_json::Value::Object(m).to_string()
}

fn workflow(uid: &str, tag: &str, labels: usize) -> Vec<u8> {
    let mut l = serde_json::Map::new();
    for i in 0..labels {
        l.insert(
            format!("example.com/label-{i:04}"),
            serde_json::Value::String(format!("{tag}-{i}")),
        );
    }
    let nodes: serde_json::Value = serde_json::from_str(&big_nodes(1500, tag)).unwrap_or_default();
    serde_json::to_vec(&serde_json::json!({
        "metadata": {"uid": uid, "name": "big", "namespace": "argo", "labels": l},
        "status": {"phase": "Succeeded", "startedAt": "2026-02-01T00:00:00Z", "finishedAt": "2026-02-01T01:00:00Z", "nodes": nodes}
    }))
    .unwrap_or_default()
}

fn fast_retry() -> RetryPolicy {
    RetryPolicy {
        max_retries: 5,
        base_delay: Duration::from_millis(20),
        max_delay: Duration::from_millis(200),
        multiple: 1.0,
    }
}

async fn faults(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let proxy = CutProxy::start(db.upstream()).await;
    let no_retry = SqlOptions {
        retry: RetryPolicy::none(),
        max_connections: 2,
        ..SqlOptions::default()
    };
    let store = db
        .open_via(&proxy, &no_retry)
        .await
        .expect("open through proxy");
    let direct = db
        .open(&SqlOptions::default())
        .await
        .expect("open directly");

    // --- offload: cut mid-INSERT, no retry ---
    let nodes = big_nodes(3000, "one");
    proxy.arm(nodes.len() as i64 / 2);
    let err = store
        .save_nodes("uid-1", "argo", &nodes)
        .await
        .expect_err("cut");
    assert_eq!(proxy.cuts(), 1, "the proxy cut the connection");
    match &err {
        Error::StoreQuery {
            transient: true,
            attempts: 1,
            ..
        } => {}
        other => panic!("expected a transient StoreQuery error, got {other:?}"),
    }
    assert!(err.to_string().contains("run the command again"), "{err}");
    // the controller would not set status.offloadNodeStatusVersion; nothing half-written exists
    assert!(direct.list_nodes(None).await.expect("list").is_empty());
    // calling again succeeds and the nodes are durable before the version is returned
    let v = store
        .save_nodes("uid-1", "argo", &nodes)
        .await
        .expect("retry succeeds");
    assert_eq!(
        direct.get_nodes("uid-1", &v).await.expect("durable").len(),
        nodes.len()
    );

    // --- offload: cut, automatic retry ---
    let mut retrying = db.open_via(&proxy, &no_retry).await.expect("open");
    retrying.set_retry_policy(fast_retry());
    let nodes2 = big_nodes(3000, "two");
    proxy.arm(nodes2.len() as i64 / 3);
    let v2 = retrying
        .save_nodes("uid-1", "argo", &nodes2)
        .await
        .expect("retried transparently");
    assert_eq!(proxy.cuts(), 2);
    assert_eq!(
        direct.get_nodes("uid-1", &v2).await.expect("durable"),
        store.get_nodes("uid-1", &v2).await.expect("get")
    );

    // --- archive: cut at several points of the transaction, no retry ---
    let v1 = workflow("uid-a", "v1", 300);
    store.archive_workflow(&v1).await.expect("first archive");
    let check_v1 = || async {
        let got = direct
            .get_archived("uid-a")
            .await
            .expect("get")
            .expect("old copy intact");
        let doc: serde_json::Value = serde_json::from_str(&got.json).expect("json");
        assert_eq!(doc["metadata"]["labels"]["example.com/label-0000"], "v1-0");
        assert_eq!(
            direct
                .label_values("example.com/label-0299")
                .await
                .expect("labels"),
            vec!["v1-299"]
        );
        assert_eq!(direct.label_keys().await.expect("keys").len(), 301);
    };
    check_v1().await;
    let v2doc = workflow("uid-a", "v2", 300);
    let len = v2doc.len() as i64;
    for (i, budget) in [200, len / 2, len + 2_000, len + 12_000]
        .into_iter()
        .enumerate()
    {
        proxy.arm(budget);
        let e = store.archive_workflow(&v2doc).await;
        if proxy.cuts() == 3 + i as u64 {
            assert!(e.is_err(), "cut at {budget} must fail");
            // the transaction rolled back: the previous copy and all its labels are intact
            check_v1().await;
        } else {
            // the statement was shorter than the budget: nothing was cut, it succeeded
            proxy.disarm();
            e.expect("not cut");
            panic!("budget {budget} did not cut the archive transaction; adjust the test");
        }
    }
    // calling again succeeds, whole
    store
        .archive_workflow(&v2doc)
        .await
        .expect("retry succeeds");
    let got = direct
        .get_archived("uid-a")
        .await
        .expect("get")
        .expect("present");
    let doc: serde_json::Value = serde_json::from_str(&got.json).expect("json");
    assert_eq!(doc["metadata"]["labels"]["example.com/label-0000"], "v2-0");
    assert_eq!(
        direct
            .label_values("example.com/label-0299")
            .await
            .expect("labels"),
        vec!["v2-299"]
    );

    // --- archive: cut, automatic retry ---
    let v3doc = workflow("uid-a", "v3", 300);
    let before = proxy.cuts();
    proxy.arm(v3doc.len() as i64 / 2);
    retrying
        .archive_workflow(&v3doc)
        .await
        .expect("retried transparently");
    assert_eq!(proxy.cuts(), before + 1);
    assert_eq!(
        direct
            .label_values("example.com/label-0299")
            .await
            .expect("labels"),
        vec!["v3-299"]
    );

    store.close().await;
    retrying.close().await;
    direct.close().await;
    db.cleanup().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_cut_postgres() {
    faults(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connection_cut_mariadb() {
    faults(Backend::MySql).await;
}

/// Killing the server-side session (pg_terminate_backend) between statements: the next
/// call reconnects and succeeds.
#[tokio::test]
async fn backend_terminated_postgres() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let o = SqlOptions {
        retry: fast_retry(),
        max_connections: 1,
        ..SqlOptions::default()
    };
    let store = db.open(&o).await.expect("open");
    store.save_nodes("u", "argo", "{}").await.expect("save");
    db.exec(&format!(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = '{}' and pid <> pg_backend_pid()",
        db.name
    ))
    .await;
    let v = store
        .save_nodes("u", "argo", r#"{"a":{}}"#)
        .await
        .expect("reconnects");
    assert_eq!(store.get_nodes("u", &v).await.expect("get"), r#"{"a":{}}"#);
    store.close().await;
    db.cleanup().await;
}
