//! End-to-end: the main job on the walkthrough with a real store (SQLite file), reading the
//! offload table and the archive back, GC, doctor, and the database failures (down, wrong
//! password, unknown table) as one-line errors with exit code 1.

mod common;
use common::*;
use serde_json::Value;

fn ex(p: &str) -> String {
    walkthrough().join(p).to_str().unwrap().to_string()
}

fn outcome<'a>(v: &'a Value, name: &str) -> &'a Value {
    v["workflows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["workflow"] == format!("argo/{name}"))
        .unwrap()
}

#[test]
fn walkthrough_main_job_end_to_end() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("w.sqlite").display());
    let out = dir.path().join("packed");
    let r = wfpack(&[
        "run",
        &ex("workflows"),
        "--config",
        &ex("workflow-controller-configmap.yaml"),
        "--env-file",
        &ex("controller.env"),
        "--db",
        &db,
        "--out",
        out.to_str().unwrap(),
        "-o",
        "json",
    ]);
    r.code(0);
    let v = r.json();
    assert_eq!(outcome(&v, "loop-5")["outcome"], "kept");
    assert_eq!(outcome(&v, "loop-50")["outcome"], "compressed");
    let big = outcome(&v, "loop-500");
    assert_eq!(big["outcome"], "offloaded");
    let version = big["detail"].as_str().unwrap().to_string();
    assert!(version.starts_with("fnv:"), "{version}");
    assert_eq!(outcome(&v, "nightly-report")["archive"], "archived");
    assert_eq!(outcome(&v, "report-2015")["archive"], "archived");
    assert_eq!(
        outcome(&v, "loop-running")["archive"],
        "-",
        "a running workflow is never archived"
    );
    assert_eq!(
        outcome(&v, "loop-5")["archive"],
        "-",
        "unlabelled: the selector skips it"
    );
    assert_eq!(
        v["gc"]["archive"]["deleted"], 1,
        "report-2015 finished before archiveTTL (3650d)"
    );

    // The offloaded workflow: its nodes come back from the database.
    let packed = out.join("argo_loop-500.json");
    let packed = packed.to_str().unwrap();
    let p: Value = serde_json::from_slice(&std::fs::read(packed).unwrap()).unwrap();
    assert_eq!(p["status"]["offloadNodeStatusVersion"], version.as_str());
    assert!(p["status"]["nodes"].is_null());
    let r = wfpack(&["nodes", packed, "--db", &db, "-o", "json"]);
    r.code(0);
    assert_eq!(r.json()["source"]["kind"], "offloaded");
    assert_eq!(r.json()["count"], 505);
    let r = wfpack(&["hydrate", packed, "--db", &db]);
    r.code(0);
    let orig = wfpack(&[
        "generate",
        "--items",
        "500",
        "--name",
        "loop-500",
        "--started-at",
        "2026-08-01T12:00:00Z",
        "-f",
        "json",
    ])
    .json();
    assert_eq!(r.json()["status"]["nodes"], orig["status"]["nodes"]);
    // Without a database: uid, version and the SQL.
    wfpack(&["nodes", packed]).code(1).error_line(&[
        "offloaded",
        &version,
        "SELECT nodes FROM argo_workflows",
    ]);

    // The archive and the offload table, read directly.
    let r = wfpack(&["archive", "list", "--db", &db, "-o", "json"]);
    r.code(0);
    let items = r.json()["items"].as_array().unwrap().clone();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["name"], "nightly-report");
    let r = wfpack(&[
        "archive",
        "list",
        "--db",
        &db,
        "-l",
        "workflows.argoproj.io/archive-strategy=always",
    ]);
    r.code(0);
    assert!(r.stdout.contains("argo/nightly-report"));
    let r = wfpack(&[
        "archive",
        "list",
        "--db",
        &db,
        "-l",
        "team=nobody",
        "-o",
        "json",
    ]);
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 0);
    wfpack(&["archive", "list", "--db", &db, "-l", "bad key!=x"]).code(2);
    let r = wfpack(&["archive", "get", "argo/nightly-report", "--db", &db]);
    r.code(0);
    let a = r.json();
    assert_eq!(
        a["metadata"]["labels"]["workflows.argoproj.io/workflow-archiving-status"],
        "Persisted"
    );
    assert_eq!(
        a["status"]["nodes"].as_object().unwrap().len(),
        10,
        "archived hydrated"
    );
    wfpack(&["archive", "get", "argo/no-such", "--db", &db])
        .code(1)
        .error_line(&["no archived workflow"]);

    let r = wfpack(&["offload", "list", "--db", &db, "-o", "json"]);
    r.code(0);
    assert_eq!(r.json()["items"][0]["version"], version.as_str());
    let uid = p["metadata"]["uid"].as_str().unwrap();
    let r = wfpack(&["offload", "get", uid, &version, "--db", &db, "-o", "json"]);
    r.code(0);
    assert_eq!(r.json().as_object().unwrap().len(), 505);
    wfpack(&["offload", "get", uid, "fnv:1", "--db", &db])
        .code(1)
        .error_line(&["not found"]);
    // GC: the version is fresh (TTL 5m), so nothing goes; with a zero TTL and the live
    // workflow given, its version is kept.
    let r = wfpack(&["offload", "gc", "--db", &db, "--dry-run", "-o", "json"]);
    r.code(0);
    assert_eq!(r.json()["deleted"], 0);
    let r = wfpack(&[
        "offload", "gc", "--db", &db, "--ttl", "0s", "--live", packed, "-o", "json",
    ]);
    r.code(0);
    assert_eq!(r.json()["deleted"], 0);
    let r = wfpack(&[
        "archive",
        "gc",
        "--db",
        &db,
        "--ttl",
        "1d",
        "--dry-run",
        "-o",
        "json",
    ]);
    r.code(0);
    assert_eq!(r.json()["deleted"], 1, "nightly-report finished months ago");
    wfpack(&["archive", "gc", "--db", &db])
        .code(2)
        .error_line(&["archiveTTL"]);

    // Doctor: configuration and preflight.
    let r = wfpack(&[
        "doctor",
        "--config",
        &ex("workflow-controller-configmap.yaml"),
        "--env-file",
        &ex("controller.env"),
        "--db",
        &db,
        "--workflows",
        &ex("workflows"),
    ]);
    r.code(0);
    assert!(r.stdout.contains("schema version 68"), "{}", r.stdout);
}

#[test]
fn offload_off_fails_the_big_one_with_argos_message() {
    let dir = tempfile::tempdir().unwrap();
    let db = format!("sqlite:{}", dir.path().join("w.sqlite").display());
    let r = wfpack(&[
        "run",
        &ex("workflows"),
        "--config",
        &ex("workflow-controller-configmap.yaml"),
        "--env-file",
        &ex("controller.env"),
        "--db",
        &db,
        "--no-offload",
        "-o",
        "json",
    ]);
    r.code(1);
    let v = r.json();
    let big = outcome(&v, "loop-500");
    assert_eq!(big["outcome"], "failed");
    assert!(
        big["message"].as_str().unwrap().ends_with(
            "Tried to offload but encountered error: offload node status is not supported"
        )
    );
}

#[test]
fn doctor_finds_configuration_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let cm = write(
        dir.path(),
        "cm.yaml",
        "persistence:\n  nodeStatusOffLoad: false\n  archive: true\n  archiveTTL: 1h30m\n  archiveLabelSelector:\n    matchLabels: {archive: \"yes\"}\n  postgresql:\n    host: localhost\n    tableName: argo_archived_workflows\n",
    );
    let env = write(
        dir.path(),
        "env",
        "ALWAYS_OFFLOAD_NODE_STATUS=true\nMAX_WORKFLOW_SIZE=2000000\nWORKFLOW_COMPRESSION_ALGORITHM=lz4\n",
    );
    let wf = wfpack(&["generate", "--items", "1", "--name", "pods-labelled"])
        .stdout
        .replace(
            "  podGC:",
            "  podMetadata:\n    labels:\n      archive: 'yes'\n  podGC:",
        );
    let wfs = write(dir.path(), "wf.yaml", wf);
    // The configmap itself is invalid for Argo (archiveTTL 1h30m): a usage error.
    wfpack(&["doctor", "--config", &cm, "--env-file", &env, "--no-store"])
        .code(2)
        .error_line(&["1h30"]);
    let cm = write(
        dir.path(),
        "cm2.yaml",
        std::fs::read_to_string(&cm).unwrap().replace("1h30m", "7d"),
    );
    let r = wfpack(&[
        "doctor",
        "--config",
        &cm,
        "--env-file",
        &env,
        "--workflows",
        &wfs,
        "--no-store",
        "-o",
        "json",
    ]);
    r.code(1);
    let text = r.stdout;
    assert!(
        text.contains(
            "ALWAYS_OFFLOAD_NODE_STATUS is true but persistence.nodeStatusOffLoad is off"
        ),
        "{text}"
    );
    assert!(
        text.contains("names one of Argo's archive tables"),
        "{text}"
    );
    assert!(text.contains("spec.podMetadata.labels"), "{text}");
    assert!(text.contains("etcd"), "{text}");
    assert!(text.contains("lz4"), "{text}");
}

#[test]
fn database_down_is_one_line_exit_1() {
    let r = wfpack(&[
        "archive",
        "list",
        "--db",
        "postgres://postgres@127.0.0.1:1/postgres",
    ]);
    r.code(1).error_line(&[
        "cannot connect to postgres://127.0.0.1:1/postgres",
        "check that the database is running",
    ]);
    let r = wfpack(&["offload", "list", "--db", "mysql://root@127.0.0.1:1/mysql"]);
    r.code(1)
        .error_line(&["cannot connect to mysql://127.0.0.1:1/mysql"]);
}

#[test]
fn wrong_password_is_one_line_exit_1_without_the_password() {
    // MariaDB on 127.0.0.1:3306 (root, empty password) runs on the project's machines.
    let r = wfpack(&[
        "archive",
        "list",
        "--db",
        "mysql://root:not-the-password@127.0.0.1:3306/mysql",
    ]);
    r.code(1).error_line(&["mysql://127.0.0.1:3306/mysql"]);
    assert!(r.stderr.contains("Access denied"), "{}", r.stderr);
    assert!(
        !r.stderr.contains("not-the-password"),
        "the password leaked: {}",
        r.stderr
    );
}

#[test]
fn unknown_table_is_one_line_exit_1() {
    // PostgreSQL on 127.0.0.1:5432 (postgres, trust) runs on the project's machines.
    let dir = tempfile::tempdir().unwrap();
    let cm = write(
        dir.path(),
        "cm.yaml",
        "persistence:\n  nodeStatusOffLoad: true\n  skipMigration: true\n  postgresql:\n    host: 127.0.0.1\n    port: 5432\n    database: postgres\n    tableName: wfpack_no_such_table\n    userNameSecret: {name: pg, key: username}\n",
    );
    let secrets = dir.path().join("secrets");
    std::fs::create_dir_all(secrets.join("pg")).unwrap();
    std::fs::write(secrets.join("pg/username"), "postgres\n").unwrap();
    let r = wfpack(&[
        "offload",
        "list",
        "--config",
        &cm,
        "--secrets-dir",
        secrets.to_str().unwrap(),
    ]);
    r.code(1).error_line(&["wfpack_no_such_table"]);
    let r = wfpack(&["offload", "list", "--db", "sqlite:", "--config", &cm]);
    r.code(2).error_line(&["--db"]);
    wfpack(&["offload", "list", "--db", "oracle://x"])
        .code(2)
        .error_line(&["sqlite:PATH"]);
}
