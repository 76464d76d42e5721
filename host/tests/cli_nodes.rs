//! End-to-end: `wfpack nodes` and `wfpack generate`.

mod common;
use common::*;

#[test]
fn tree_from_plain_nodes() {
    let wf = walkthrough().join("workflows/loop-5.yaml");
    let r = wfpack(&["nodes", wf.to_str().unwrap()]);
    r.code(0);
    assert!(
        r.stdout
            .starts_with("argo/loop-5  Succeeded  10 node(s) from status.nodes"),
        "{}",
        r.stdout
    );
    for i in 0..5 {
        assert!(
            r.stdout.contains(&format!("hello({i}:{i})")),
            "{}",
            r.stdout
        );
    }
    assert!(r.stdout.contains("summarize") && r.stdout.contains("notify"));
    assert!(
        !r.stdout.contains("[1]  StepGroup"),
        "step groups are drawn through their steps"
    );
}

#[test]
fn vector_workflow_with_filters_and_json() {
    let wf = shared().join("vectors/steps-plugin-50/workflow.json");
    let wf = wf.to_str().unwrap();
    let r = wfpack(&["nodes", wf, "-o", "json", "--type", "Plugin"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["source"]["kind"], "nodes");
    assert_eq!(v["matched"], 50);
    assert!(
        v["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["type"] == "Plugin")
    );

    let r = wfpack(&["nodes", wf, "--phase", "Skipped"]);
    r.code(0);
    assert!(r.stdout.contains("Skipped"), "{}", r.stdout);
    let r = wfpack(&["nodes", wf, "--name", "no-such-node"]);
    r.code(0);
    assert!(r.stdout.contains("no node matches"));
}

#[test]
fn offloaded_without_a_database_says_how_to_fetch() {
    let wf = serde_json::json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
        "metadata": {"name": "big", "namespace": "argo", "uid": "4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b"},
        "status": {"phase": "Succeeded", "offloadNodeStatusVersion": "fnv:2816038259"}
    });
    let r = wfpack_stdin(&["nodes", "-"], wf.to_string().as_bytes());
    r.code(1).error_line(&[
        "argo/big",
        "offloaded",
        "uid 4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b",
        "version fnv:2816038259",
        "--db",
        "SELECT nodes FROM argo_workflows WHERE clustername = 'default' AND uid = '4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b' AND version = 'fnv:2816038259';",
    ]);
}

#[test]
fn no_nodes_yet() {
    let r = wfpack_stdin(
        &["nodes", "-"],
        b"apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata: {name: fresh}\n",
    );
    r.code(0);
    assert!(r.stdout.contains("0 node(s)"), "{}", r.stdout);
}

#[test]
fn generate_a_directory_and_read_it_back() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("wfs");
    let r = wfpack(&[
        "generate",
        "--items",
        "1,2,3",
        "--count",
        "6",
        "--out",
        out.to_str().unwrap(),
        "-f",
        "json",
    ]);
    r.code(0);
    let r = wfpack(&["nodes", out.to_str().unwrap(), "-o", "json"]);
    r.code(0);
    let counts: Vec<u64> = r
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["count"].as_u64().unwrap())
        .collect();
    assert_eq!(counts, [6, 7, 8, 6, 7, 8]);
    wfpack(&["generate", "--count", "2"])
        .code(2)
        .error_line(&["--count needs --out"]);
    wfpack(&["generate", "--phase", "Done"])
        .code(2)
        .error_line(&["not a workflow phase"]);
}

#[test]
fn walkthrough_is_what_generate_writes() {
    // The committed examples are reproducible: generate.sh writes exactly these bytes.
    let r = wfpack(&[
        "generate",
        "--items",
        "50",
        "--name",
        "loop-50",
        "--started-at",
        "2026-08-01T11:00:00Z",
    ]);
    r.code(0);
    let committed = std::fs::read_to_string(walkthrough().join("workflows/loop-50.yaml")).unwrap();
    assert_eq!(r.stdout, committed);
}
