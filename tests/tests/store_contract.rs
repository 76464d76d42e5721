//! One contract suite, run against every store backend: memory, SQLite (always), PostgreSQL
//! and MariaDB (local services; a missing service fails under CI=true, skips otherwise).

use std::collections::BTreeMap;
use std::time::Duration;

use chrono::NaiveDateTime;
use serde_json::json;
use wfpack_host::Error;
use wfpack_host::store::{
    Cursor, DisabledStore, LabelSelector, ListQuery, NameFilter, OffloadRepo, Operator,
    Requirement, SqlOptions, Store, WorkflowArchive, offload_version,
};
use wfpack_tests::db::{Backend, TestDb};

fn t(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("test time")
}

/// Values full of quotes, LIKE metacharacters, backslashes and SQL fragments.
const EVIL: &str = r#"o'k"%_\x'); drop table argo_archived_workflows; --"#;

struct Wf {
    uid: String,
    name: String,
    namespace: String,
    phase: &'static str,
    started: String,
    finished: String,
    labels: BTreeMap<String, String>,
}

impl Wf {
    fn json(&self) -> Vec<u8> {
        serde_json::to_vec(&json!({
            "apiVersion": "argoproj.io/v1alpha1",
            "kind": "Workflow",
            "metadata": {
                "uid": self.uid, "name": self.name, "namespace": self.namespace,
                "creationTimestamp": self.started, "labels": self.labels,
            },
            "spec": {"entrypoint": "main", "arguments": {}},
            "status": {
                "phase": self.phase, "startedAt": self.started, "finishedAt": self.finished,
                "nodes": {"n1": {"id": "n1", "name": self.name, "phase": self.phase, "message": "nul:\u{0}:end"}},
            },
        }))
        .expect("json")
    }
}

fn workflows() -> Vec<Wf> {
    let mut v = Vec::new();
    for i in 0..30 {
        let mut labels = BTreeMap::new();
        labels.insert(
            "team".to_owned(),
            if i % 3 == 0 { "a" } else { "b" }.to_owned(),
        );
        labels.insert("size".to_owned(), format!("{}", i));
        if i % 2 == 0 {
            labels.insert("example.com/even".to_owned(), "yes".to_owned());
        }
        // Stored labels may hold anything; selectors only valid Kubernetes values, whose
        // `_` and `.` must still match literally.
        match i {
            7 => {
                labels.insert("evil".to_owned(), EVIL.to_owned());
                labels.insert("us".to_owned(), "a_b".to_owned());
            }
            8 => {
                labels.insert("us".to_owned(), "axb".to_owned());
            }
            9 => {
                labels.insert("dot".to_owned(), "a.b".to_owned());
            }
            10 => {
                labels.insert("dot".to_owned(), "aXb".to_owned());
            }
            _ => {}
        }
        let name = match i {
            7 => EVIL.to_owned(),
            8 => "o'kXXx".to_owned(), // would match EVIL's prefix if `%`/`_` were wildcards
            9 => "abc%".to_owned(),
            10 => "abcd".to_owned(),
            11 => "a_c".to_owned(),
            12 => "abc".to_owned(),
            _ => format!("wf-{i:02}"),
        };
        v.push(Wf {
            uid: format!("uid-{i:02}"),
            name,
            namespace: if i < 20 { "argo" } else { "other" }.to_owned(),
            phase: if i % 5 == 0 { "Failed" } else { "Succeeded" },
            // several rows share a startedat to exercise the keyset tie-break
            started: format!("2026-01-{:02}T10:00:00Z", 1 + i / 2),
            finished: format!("2026-01-{:02}T11:00:00Z", 1 + i / 2),
            labels,
        });
    }
    v
}

async fn all_pages<S: WorkflowArchive>(s: &S, mut q: ListQuery) -> Vec<String> {
    let mut uids = Vec::new();
    loop {
        let page = s.list_archived(&q).await.expect("list");
        assert!(q.limit == 0 || page.items.len() <= q.limit as usize);
        uids.extend(page.items.iter().map(|i| i.uid.clone()));
        match page.next {
            Some(c) => {
                // round-trip the continue token like a CLI/API would
                q.after = Some(Cursor::from_token(&c.to_token()).expect("token"));
            }
            None => return uids,
        }
    }
}

fn uids_where(wfs: &[Wf], f: impl Fn(&Wf) -> bool) -> Vec<String> {
    let mut v: Vec<(&String, &String)> = wfs
        .iter()
        .filter(|w| f(w))
        .map(|w| (&w.started, &w.uid))
        .collect();
    v.sort_by(|a, b| b.cmp(a));
    v.into_iter().map(|(_, u)| u.clone()).collect()
}

async fn offload_contract<S: OffloadRepo>(s: &S) {
    let nodes_a1 = r#"{"a":{"id":"a","phase":"Running"}}"#;
    let nodes_a2 = r#"{"a":{"id":"a","phase":"Succeeded"}}"#;
    let nodes_b = format!(
        r#"{{"b":{{"id":"b","message":{}}}}}"#,
        serde_json::to_string(EVIL).expect("json")
    );
    let va1 = s.save_nodes("uid-a", "argo", nodes_a1).await.expect("save");
    assert_eq!(va1, offload_version(nodes_a1.as_bytes()));
    // idempotent
    assert_eq!(
        s.save_nodes("uid-a", "argo", nodes_a1)
            .await
            .expect("save again"),
        va1
    );
    let va2 = s.save_nodes("uid-a", "argo", nodes_a2).await.expect("save");
    let vb = s
        .save_nodes("uid-b", "other", &nodes_b)
        .await
        .expect("save");
    let got: serde_json::Value =
        serde_json::from_str(&s.get_nodes("uid-a", &va1).await.expect("get")).expect("json");
    assert_eq!(
        got,
        serde_json::from_str::<serde_json::Value>(nodes_a1).expect("json")
    );
    let got: serde_json::Value =
        serde_json::from_str(&s.get_nodes("uid-b", &vb).await.expect("get")).expect("json");
    assert_eq!(got["b"]["message"], EVIL);
    match s.get_nodes("uid-a", "fnv:1").await {
        Err(Error::OffloadNotFound { .. }) => {}
        other => panic!("expected OffloadNotFound, got {other:?}"),
    }
    assert!(s.get_nodes("", &va1).await.is_err());
    let all = s.list_nodes(None).await.expect("list");
    assert_eq!(all.len(), 3);
    assert_eq!(s.list_nodes(Some("other")).await.expect("list").len(), 1);
    // nothing is older than an hour; everything is older than 0 s once a second has passed
    assert!(
        s.list_old_offloads(Duration::from_secs(3600))
            .await
            .expect("old")
            .is_empty()
    );
    tokio::time::sleep(Duration::from_millis(2100)).await;
    assert_eq!(
        s.list_old_offloads(Duration::ZERO)
            .await
            .expect("old")
            .len(),
        3
    );
    // GC keeps the live version of uid-a, drops its old one and everything of the gone uid-b
    let live: BTreeMap<String, String> = [("uid-a".to_owned(), va2.clone())].into();
    assert_eq!(s.gc_offloads(Duration::ZERO, &live).await.expect("gc"), 2);
    assert_eq!(
        s.get_nodes("uid-a", &va2).await.expect("live kept"),
        nodes_a2
    );
    assert!(s.get_nodes("uid-a", &va1).await.is_err());
    assert!(s.get_nodes("uid-b", &vb).await.is_err());
    assert_eq!(s.delete_nodes("uid-a", &va2).await.expect("delete"), 1);
    assert_eq!(s.delete_nodes("uid-a", &va2).await.expect("delete"), 0);
}

async fn archive_contract<S: WorkflowArchive>(s: &S) {
    let wfs = workflows();
    for w in &wfs {
        s.archive_workflow(&w.json()).await.expect("archive");
    }
    // re-archiving replaces the row and its labels (delete + insert by uid)
    let mut w0 = workflows().remove(0);
    w0.labels.remove("team");
    w0.labels.insert("replaced".into(), "true".into());
    s.archive_workflow(&w0.json()).await.expect("re-archive");
    let mut wfs = wfs;
    wfs[0] = w0;

    // get by uid: stored JSON is the hydrated workflow with the Persisted label
    let got = s
        .get_archived("uid-07")
        .await
        .expect("get")
        .expect("present");
    let v: serde_json::Value = serde_json::from_str(&got.json).expect("json");
    assert_eq!(v["metadata"]["name"], EVIL);
    assert_eq!(v["metadata"]["labels"]["evil"], EVIL);
    assert_eq!(
        v["metadata"]["labels"]["workflows.argoproj.io/workflow-archiving-status"],
        "Persisted"
    );
    assert_eq!(v["status"]["nodes"]["n1"]["message"], "nul:\u{0}:end");
    assert_eq!(got.summary.started_at, t("2026-01-04 10:00:00"));
    assert_eq!(got.summary.phase, "Succeeded");
    assert!(s.get_archived("nope").await.expect("get").is_none());
    let by_name = s
        .get_archived_by_name("argo", EVIL)
        .await
        .expect("get")
        .expect("present");
    assert_eq!(by_name.summary.uid, "uid-07");

    let q = ListQuery::default();
    assert_eq!(s.count_archived(&q).await.expect("count"), 30);
    // keyset pagination returns everything once, in startedat desc, uid desc order
    let expected_all = uids_where(&wfs, |_| true);
    for limit in [0u32, 1, 4, 7, 30, 31] {
        let got = all_pages(
            s,
            ListQuery {
                limit,
                ..ListQuery::default()
            },
        )
        .await;
        assert_eq!(got, expected_all, "limit {limit}");
    }

    let check = |q: ListQuery, f: &dyn Fn(&Wf) -> bool| {
        let expected = uids_where(&wfs, f);
        async move {
            let got = all_pages(
                s,
                ListQuery {
                    limit: 3,
                    ..q.clone()
                },
            )
            .await;
            assert_eq!(got, expected, "{q:?}");
            assert_eq!(
                s.count_archived(&q).await.expect("count"),
                expected.len() as u64,
                "{q:?}"
            );
        }
    };
    let req = |k: &str, op, vals: &[&str]| {
        Requirement::new(k, op, vals.iter().map(|v| (*v).to_owned()).collect())
            .expect("valid requirement")
    };
    check(
        ListQuery {
            namespace: Some("other".into()),
            ..Default::default()
        },
        &|w| w.namespace == "other",
    )
    .await;
    check(
        ListQuery {
            namespace_not: Some("other".into()),
            ..Default::default()
        },
        &|w| w.namespace != "other",
    )
    .await;
    check(
        ListQuery {
            namespace: Some(EVIL.into()),
            ..Default::default()
        },
        &|_| false,
    )
    .await;
    check(
        ListQuery {
            phases: vec!["Failed".into()],
            ..Default::default()
        },
        &|w| w.phase == "Failed",
    )
    .await;
    // name filters are literal: %, _ and quotes are not wildcards
    check(
        ListQuery {
            name: Some(NameFilter::Exact(EVIL.into())),
            ..Default::default()
        },
        &|w| w.name == EVIL,
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::Prefix("o'k\"%_".into())),
            ..Default::default()
        },
        &|w| w.name == EVIL,
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::Prefix("abc%".into())),
            ..Default::default()
        },
        &|w| w.name == "abc%",
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::Prefix("abc".into())),
            ..Default::default()
        },
        &|w| w.name.starts_with("abc"),
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::Contains("_".into())),
            ..Default::default()
        },
        &|w| w.name.contains('_'),
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::Contains("\\x'".into())),
            ..Default::default()
        },
        &|w| w.name.contains("\\x'"),
    )
    .await;
    check(
        ListQuery {
            name: Some(NameFilter::NotEquals("abc".into())),
            ..Default::default()
        },
        &|w| w.name != "abc",
    )
    .await;
    // time ranges
    check(
        ListQuery {
            started_after: Some(t("2026-01-05 10:00:00")),
            started_before: Some(t("2026-01-08 10:00:00")),
            ..Default::default()
        },
        &|w| {
            w.started.as_str() >= "2026-01-05T10:00:00Z"
                && w.started.as_str() <= "2026-01-08T10:00:00Z"
        },
    )
    .await;
    check(
        ListQuery {
            created_after: Some(t("2026-01-14 00:00:00")),
            ..Default::default()
        },
        &|w| w.started.as_str() >= "2026-01-14",
    )
    .await;
    check(
        ListQuery {
            finished_before: Some(t("2026-01-02 11:00:00")),
            ..Default::default()
        },
        &|w| w.finished.as_str() <= "2026-01-02T11:00:00Z",
    )
    .await;
    // label selectors, every operator
    check(
        ListQuery {
            labels: vec![req("team", Operator::Equals, &["a"])],
            ..Default::default()
        },
        &|w| w.labels.get("team").is_some_and(|v| v == "a"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("team", Operator::NotEquals, &["a"])],
            ..Default::default()
        },
        &|w| w.labels.get("team").is_none_or(|v| v != "a"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("size", Operator::In, &["1", "2", "29", "x"])],
            ..Default::default()
        },
        &|w| ["1", "2", "29"].contains(&w.labels["size"].as_str()),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("size", Operator::NotIn, &["1", "2"])],
            ..Default::default()
        },
        &|w| !["1", "2"].contains(&w.labels["size"].as_str()),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("example.com/even", Operator::Exists, &[])],
            ..Default::default()
        },
        &|w| w.labels.contains_key("example.com/even"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("example.com/even", Operator::DoesNotExist, &[])],
            ..Default::default()
        },
        &|w| !w.labels.contains_key("example.com/even"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("size", Operator::GreaterThan, &["25"])],
            ..Default::default()
        },
        &|w| w.labels["size"].parse::<i64>().is_ok_and(|n| n > 25),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("size", Operator::LessThan, &["3"])],
            ..Default::default()
        },
        &|w| w.labels["size"].parse::<i64>().is_ok_and(|n| n < 3),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("us", Operator::Equals, &["a_b"])],
            ..Default::default()
        },
        &|w| w.labels.get("us").is_some_and(|v| v == "a_b"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("dot", Operator::In, &["a.b", "zz"])],
            ..Default::default()
        },
        &|w| w.labels.get("dot").is_some_and(|v| v == "a.b"),
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("us", Operator::DoubleEquals, &["axb"])],
            ..Default::default()
        },
        &|w| w.labels.get("us").is_some_and(|v| v == "axb"),
    )
    .await;
    // a selector string cannot smuggle quotes or SQL: the Kubernetes parser rejects it
    for bad in [
        format!("evil={EVIL}"),
        "a in ('x')".to_owned(),
        "k=%".to_owned(),
        "k=a\\b".to_owned(),
    ] {
        assert!(LabelSelector::parse(&bad).is_err(), "{bad}");
    }
    // a parsed selector drives the same query
    let sel = LabelSelector::parse("team=a,example.com/even,size notin (0,6)").expect("selector");
    check(
        ListQuery {
            labels: sel.requirements().to_vec(),
            ..Default::default()
        },
        &|w| {
            w.labels.get("team").is_some_and(|v| v == "a")
                && w.labels.contains_key("example.com/even")
                && !["0", "6"].contains(&w.labels["size"].as_str())
        },
    )
    .await;
    check(
        ListQuery {
            namespace: Some("argo".into()),
            phases: vec!["Succeeded".into()],
            labels: vec![
                req("team", Operator::Equals, &["b"]),
                req("example.com/even", Operator::Exists, &[]),
            ],
            ..Default::default()
        },
        &|w| {
            w.namespace == "argo"
                && w.phase == "Succeeded"
                && w.labels["team"] == "b"
                && w.labels.contains_key("example.com/even")
        },
    )
    .await;
    check(
        ListQuery {
            labels: vec![req("replaced", Operator::Equals, &["true"])],
            ..Default::default()
        },
        &|w| w.uid == "uid-00",
    )
    .await;

    // label keys and values
    let keys = s.label_keys().await.expect("keys");
    for k in [
        "team",
        "size",
        "example.com/even",
        "evil",
        "replaced",
        "workflows.argoproj.io/workflow-archiving-status",
    ] {
        assert!(keys.contains(&k.to_owned()), "{k} in {keys:?}");
    }
    assert_eq!(
        s.label_values("team").await.expect("values"),
        vec!["a", "b"]
    );
    assert_eq!(s.label_values("evil").await.expect("values"), vec![EVIL]);

    // delete (labels go with it)
    assert!(s.delete_archived("uid-07").await.expect("delete"));
    assert!(!s.delete_archived("uid-07").await.expect("delete"));
    assert!(s.label_values("evil").await.expect("values").is_empty());
    assert_eq!(
        s.count_archived(&ListQuery::default())
            .await
            .expect("count"),
        29
    );

    // GC: workflows finished before 2026-01-05 are older than any TTL up to ~300 days here
    let ttl = (chrono::Utc::now().naive_utc() - t("2026-01-05 00:00:00")).num_seconds();
    let dry = s.gc_archive(ttl, 3, true, 2).await.expect("dry run");
    let doomed = wfs
        .iter()
        .filter(|w| w.uid != "uid-07" && w.finished.as_str() < "2026-01-05")
        .count() as u64;
    assert_eq!(dry.deleted, doomed);
    assert!(dry.bytes > 0);
    assert_eq!(dry.sample.len(), 2);
    assert_eq!(dry.sample[0].uid, "uid-00");
    assert_eq!(
        s.count_archived(&ListQuery::default())
            .await
            .expect("count"),
        29,
        "dry run deletes nothing"
    );
    let real = s.gc_archive(ttl, 3, false, 0).await.expect("gc");
    assert_eq!(real.deleted, doomed);
    assert!(real.batches >= doomed.div_ceil(3));
    assert_eq!(real.bytes, dry.bytes);
    assert_eq!(
        s.count_archived(&ListQuery::default())
            .await
            .expect("count"),
        29 - doomed
    );
    assert!(
        s.label_values("replaced").await.expect("values").is_empty(),
        "labels cascade"
    );
    assert_eq!(
        s.gc_archive(0, 3, false, 0).await.expect("gc").deleted,
        0,
        "TTL 0 = keep forever"
    );
}

async fn run(backend: Backend) {
    let Some(db) = TestDb::create(backend).await else {
        return;
    };
    let store = db.open(&SqlOptions::default()).await.expect("open");
    assert_eq!(store.schema_version().await.expect("version"), Some(68));
    let pre = store.preflight(1 << 20).await.expect("preflight");
    assert!(pre.pending.is_empty() && pre.problems.is_empty(), "{pre:?}");
    let store = Store::Sql(store);
    offload_contract(&store).await;
    archive_contract(&store).await;
    // a second store (another instance id) sees nothing of the first one's archive
    let other = db
        .open(&SqlOptions {
            instance_id: "other".into(),
            ..SqlOptions::default()
        })
        .await
        .expect("open");
    assert_eq!(
        other
            .count_archived(&ListQuery::default())
            .await
            .expect("count"),
        0
    );
    // Label counts stay exact once another instance id archives into the same cluster (a
    // label-only count may read the label table alone only while the cluster holds a single
    // instance id): "" sorts before "other", so both of the check's probes are exercised.
    let selectors = [
        "team=a",
        "team in (a,b)",
        "example.com/even",
        "size>25",
        "team=a,example.com/even,size notin (0,6)",
        "example.com/even,team!=a",
        "team!=a",
    ];
    let sel = |s: &str| ListQuery {
        labels: LabelSelector::parse(s)
            .expect("selector")
            .requirements()
            .to_vec(),
        ..ListQuery::default()
    };
    let mut before = Vec::new();
    for s in selectors {
        before.push(store.count_archived(&sel(s)).await.expect("count"));
    }
    for i in 0..3 {
        let mut labels = BTreeMap::new();
        labels.insert("team".to_owned(), "a".to_owned());
        labels.insert("example.com/even".to_owned(), "yes".to_owned());
        labels.insert("size".to_owned(), "99".to_owned());
        let w = Wf {
            uid: format!("other-{i}"),
            name: format!("other-{i}"),
            namespace: "argo".into(),
            phase: "Succeeded",
            started: "2026-02-01T10:00:00Z".into(),
            finished: "2026-02-01T11:00:00Z".into(),
            labels,
        };
        other.archive_workflow(&w.json()).await.expect("archive");
    }
    for (s, n) in selectors.iter().zip(&before) {
        assert_eq!(
            store.count_archived(&sel(s)).await.expect("count"),
            *n,
            "{s}"
        );
        let expected = match *s {
            "example.com/even,team!=a" | "team!=a" => 0,
            _ => 3,
        };
        assert_eq!(
            other.count_archived(&sel(s)).await.expect("count"),
            expected,
            "other: {s}"
        );
        assert_eq!(
            all_pages(&other, sel(s)).await.len() as u64,
            expected,
            "other: {s}"
        );
    }
    db.cleanup().await;
}

#[tokio::test]
async fn contract_memory() {
    let s = Store::memory("default", "");
    offload_contract(&s).await;
    archive_contract(&s).await;
}

#[tokio::test]
async fn contract_sqlite() {
    run(Backend::Sqlite).await;
}

#[tokio::test]
async fn contract_postgres() {
    run(Backend::Postgres).await;
}

#[tokio::test]
async fn contract_mariadb() {
    run(Backend::MySql).await;
}

#[tokio::test]
async fn disabled_store_is_argos_explosive_repo() {
    let s = Store::Disabled(DisabledStore);
    let e = s.save_nodes("u", "n", "{}").await.unwrap_err();
    assert_eq!(e.to_string(), "offload node status is not supported");
    assert!(s.get_nodes("u", "fnv:1").await.is_err());
    assert!(s.list_archived(&ListQuery::default()).await.is_err());
}

#[tokio::test]
async fn archive_rejects_unhydrated_and_bad_input() {
    let s = Store::memory("default", "");
    for bad in [
        &b"not json"[..],
        br#"[]"#,
        br#"{"metadata":{"name":"x"}}"#,
        br#"{"metadata":{"uid":"u"},"status":{"offloadNodeStatusVersion":"fnv:1"}}"#,
        br#"{"metadata":{"uid":"u"},"status":{"compressedNodes":"H4sI"}}"#,
        br#"{"metadata":{"uid":"u"},"status":{"startedAt":"yesterday"}}"#,
    ] {
        assert!(
            s.archive_workflow(bad).await.is_err(),
            "{}",
            String::from_utf8_lossy(bad)
        );
    }
    assert!(Cursor::from_token("garbage").is_err());
}
