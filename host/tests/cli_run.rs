//! End-to-end: `wfpack run`, the main job, on the walkthrough and on bad input.

mod common;
use common::*;

fn ex(p: &str) -> String {
    walkthrough().join(p).to_str().unwrap().to_string()
}

#[test]
fn run_without_configuration_uses_argos_defaults() {
    // No configmap: offload and archive off; MAX_WORKFLOW_SIZE from the env file.
    let r = wfpack(&[
        "run",
        &ex("workflows"),
        "--env-file",
        &ex("controller.env"),
        "-o",
        "json",
    ]);
    r.code(1); // the 500-loop workflow ends in Error
    let v = r.json();
    let by_name = |n: &str| {
        v["workflows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|w| w["workflow"] == format!("argo/{n}"))
            .unwrap()
            .clone()
    };
    assert_eq!(by_name("loop-5")["outcome"], "kept");
    assert_eq!(by_name("loop-50")["outcome"], "compressed");
    let big = by_name("loop-500");
    assert_eq!(big["outcome"], "failed");
    let msg = big["message"].as_str().unwrap();
    assert!(
        msg.starts_with("workflow is longer than maximum allowed size. compressed size "),
        "{msg}"
    );
    assert!(msg.ends_with(" > maxSize 10240Tried to offload but encountered error: offload node status is not supported"), "{msg}");
    assert_eq!(v["totals"]["archived"], 0);
    assert_eq!(
        v["settings"]["store"],
        serde_json::Value::Null,
        "no database without configuration"
    );
}

#[test]
fn run_human_summary_and_out_dir() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("packed");
    let r = wfpack(&[
        "run",
        &ex("workflows"),
        "--max-workflow-size",
        "10240",
        "--out",
        out.to_str().unwrap(),
        "-f",
        "yaml",
    ]);
    r.code(1);
    assert!(r.stdout.contains("WORKFLOW"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("6 workflow(s): 4 kept, 1 compressed, 0 offloaded, 1 failed"),
        "{}",
        r.stdout
    );
    // The packed objects read back: the 50-loop one from compressedNodes.
    let r = wfpack(&[
        "nodes",
        out.join("argo_loop-50.yaml").to_str().unwrap(),
        "-o",
        "json",
    ]);
    r.code(0);
    assert_eq!(r.json()["source"]["kind"], "compressedNodes");
    let failed = std::fs::read_to_string(out.join("argo_loop-500.yaml")).unwrap();
    assert!(failed.contains("phase: Error"));
}

#[test]
fn run_reads_streams_and_reports_invalid_files() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "a.yaml",
        wfpack(&["generate", "--items", "3", "--name", "a"]).stdout,
    );
    write(dir.path(), "b.yaml", "apiVersion: v1\nkind: ConfigMap\n");
    write(dir.path(), "c.json", "{not json");
    let r = wfpack(&["run", dir.path().to_str().unwrap(), "-o", "json"]);
    r.code(2);
    let v = r.json();
    assert_eq!(v["totals"]["kept"], 1);
    assert_eq!(v["totals"]["invalid"], 2);

    let stream = wfpack(&["generate", "--items", "2", "--name", "s"]).stdout;
    let r = wfpack_stdin(
        &["run", "-", "-o", "json"],
        format!("{stream}---\n{stream}").as_bytes(),
    );
    r.code(0);
    assert_eq!(r.json()["totals"]["workflows"], 2);
}

#[test]
fn already_packed_workflows_are_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let packed = wfpack(&[
        "pack",
        &ex("workflows/loop-50.yaml"),
        "--max-workflow-size",
        "10240",
    ]);
    packed.code(0);
    write(dir.path(), "p.json", &packed.stdout);
    let r = wfpack(&[
        "run",
        dir.path().to_str().unwrap(),
        "--max-workflow-size",
        "10240",
        "-o",
        "json",
    ]);
    r.code(0);
    assert_eq!(r.json()["workflows"][0]["outcome"], "unchanged");
}
