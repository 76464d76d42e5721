//! Opening stores from Argo's `workflow-controller-configmap`, with secrets from a directory,
//! and credentials never printed.

use wfpack_host::config::{Persistence, SecretSource};
use wfpack_host::store::{OffloadRepo, SqlStore};
use wfpack_tests::db::{Backend, TestDb};

const SECRET: &str = "s3cr3t-Pa55word";

fn secrets(user: &str) -> (tempfile::TempDir, SecretSource) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir_all(dir.path().join("argo-db")).expect("mkdir");
    std::fs::write(dir.path().join("argo-db/username"), format!("{user}\n")).expect("write");
    std::fs::write(dir.path().join("argo-db/password"), SECRET).expect("write");
    let src = SecretSource {
        dir: Some(dir.path().to_path_buf()),
        env: false,
    };
    (dir, src)
}

#[tokio::test]
async fn configmap_opens_postgres_and_hides_the_password() {
    let Some(db) = TestDb::create(Backend::Postgres).await else {
        return;
    };
    let cm = format!(
        r#"apiVersion: v1
kind: ConfigMap
metadata: {{name: workflow-controller-configmap}}
data:
  persistence: |
    nodeStatusOffLoad: true
    archive: true
    archiveTTL: 7d
    clusterName: laptop
    connectionPool: {{maxIdleConns: 2, maxOpenConns: 3, connMaxLifetime: 60s}}
    reconnectionConfig: {{maxRetries: 1}}
    postgresql:
      host: 127.0.0.1
      port: 5432
      database: {}
      tableName: argo_workflows
      userNameSecret: {{name: argo-db, key: username}}
      passwordSecret: {{name: argo-db, key: password}}
      ssl: false
"#,
        db.name
    );
    let p = Persistence::from_yaml(&cm).expect("config");
    assert!(!format!("{p:?}").contains(SECRET));
    let (_dir, src) = secrets("postgres");
    let store = SqlStore::open_persistence(&p, &src, "")
        .await
        .expect("open")
        .expect("a database is configured");
    assert_eq!(store.cluster_name(), "laptop");
    assert!(
        !format!("{store:?}").contains(SECRET),
        "Debug shows no credentials"
    );
    let v = store.save_nodes("u", "argo", "{}").await.expect("save");
    assert_eq!(store.get_nodes("u", &v).await.expect("get"), "{}");
    store.close().await;
    db.cleanup().await;
}

#[tokio::test]
async fn wrong_password_error_names_the_target_not_the_secret() {
    // MariaDB's root has an empty password, so any password is refused.
    let Some(db) = TestDb::create(Backend::MySql).await else {
        return;
    };
    let yaml = format!(
        "mysql:\n  host: 127.0.0.1\n  port: 3306\n  database: {}\n  tableName: argo_workflows\n  userNameSecret: {{name: argo-db, key: username}}\n  passwordSecret: {{name: argo-db, key: password}}\n",
        db.name
    );
    let p = Persistence::from_yaml(&yaml).expect("config");
    let (_dir, src) = secrets("root");
    let err = SqlStore::open_persistence(&p, &src, "")
        .await
        .expect_err("refused");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(text.contains("mysql://127.0.0.1:3306/"), "{text}");
    db.cleanup().await;
}

#[tokio::test]
async fn missing_secret_is_reported_by_name() {
    let p = Persistence::from_yaml(
        "postgresql: {host: 127.0.0.1, database: x, tableName: t, passwordSecret: {name: nope, key: password}}\n",
    )
    .expect("config");
    let src = SecretSource {
        dir: None,
        env: true,
    };
    let err = SqlStore::open_persistence(&p, &src, "")
        .await
        .expect_err("missing");
    assert!(err.to_string().contains("nope/password"), "{err}");
    assert!(
        err.to_string().contains("WFPACK_SECRET_NOPE_PASSWORD"),
        "{err}"
    );
}
