//! End-to-end: `decide`, `pack`, `hydrate`, and `nodes` on compressed workflows, including
//! corrupt compressedNodes of every kind.

mod common;
use common::*;

fn vector(n: u32, file: &str) -> String {
    shared()
        .join(format!("vectors/steps-plugin-{n}/{file}"))
        .to_str()
        .unwrap()
        .to_string()
}

#[test]
fn decide_follows_the_vectors() {
    // Every decision in the vectors' index, through the binary.
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(shared().join("vectors/index.json")).unwrap())
            .unwrap();
    for case in index["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "workflow")
    {
        let path = shared()
            .join("vectors")
            .join(case["files"]["workflow_generic"]["path"].as_str().unwrap());
        for d in case["decisions"].as_array().unwrap() {
            if d["compressor_sensitive"] == true {
                continue;
            }
            let max = d["max_size"].to_string();
            let r = wfpack(&[
                "decide",
                path.to_str().unwrap(),
                "--max-workflow-size",
                &max,
                "-o",
                "json",
            ]);
            r.code(0);
            let v = r.json();
            assert_eq!(
                v["facts"]["workflowSize"], d["workflow_size"],
                "{} max {max}",
                case["id"]
            );
            let want = match d["outcome"].as_str().unwrap() {
                "keep" => "keep",
                "compress" => "compress",
                _ => "reject",
            };
            assert_eq!(v["decision"]["action"], want, "{} max {max}", case["id"]);
            if want == "reject" {
                // The compressed size in the message depends on the deflate encoder (ours is
                // not Go's), so compare the text around it.
                let got = v["decision"]["message"].as_str().unwrap();
                let argo = d["status_message_offload_disabled"].as_str().unwrap();
                let prefix = "workflow is longer than maximum allowed size. compressed size ";
                assert!(got.starts_with(prefix) && argo.starts_with(prefix), "{got}");
                let tail = |s: &str| s[s.find(" > maxSize").unwrap()..].to_string();
                assert_eq!(tail(got), tail(argo), "{} max {max}", case["id"]);
            }
        }
    }
}

#[test]
fn pack_then_nodes_then_hydrate_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let wf = walkthrough().join("workflows/loop-50.yaml");
    let r = wfpack(&["pack", wf.to_str().unwrap(), "--max-workflow-size", "10240"]);
    r.code(0);
    let packed: serde_json::Value = r.json();
    assert!(packed["status"]["nodes"].is_null());
    assert!(
        packed["status"]["compressedNodes"]
            .as_str()
            .unwrap()
            .starts_with("H4sIAAAJbogA/")
    );
    let p = write(dir.path(), "packed.json", &r.stdout);

    let r = wfpack(&["nodes", &p, "-o", "json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["source"]["kind"], "compressedNodes");
    assert_eq!(v["source"]["algorithm"], "gzip");
    assert_eq!(v["count"], 55);

    let r = wfpack(&["hydrate", &p]);
    r.code(0);
    let back = r.json();
    let orig = wfpack(&[
        "generate",
        "--items",
        "50",
        "--name",
        "loop-50",
        "--started-at",
        "2026-08-01T11:00:00Z",
        "-f",
        "json",
    ])
    .json();
    assert_eq!(back, orig, "hydrate(pack(x)) == x");
}

#[test]
fn pack_with_every_algorithm() {
    let wf = walkthrough().join("workflows/loop-50.yaml");
    for alg in ["gzip", "zstd", "brotli"] {
        let dir = tempfile::tempdir().unwrap();
        let env = write(
            dir.path(),
            "env",
            format!("MAX_WORKFLOW_SIZE=10240\nWORKFLOW_COMPRESSION_ALGORITHM={alg}\n"),
        );
        let r = wfpack(&["pack", wf.to_str().unwrap(), "--env-file", &env]);
        r.code(0);
        let p = write(dir.path(), "p.json", &r.stdout);
        let n = wfpack(&["nodes", &p, "-o", "json"]);
        n.code(0);
        assert_eq!(n.json()["source"]["algorithm"], alg);
    }
}

#[test]
fn too_large_with_offload_off_fails_with_argos_message() {
    let wf = walkthrough().join("workflows/loop-500.yaml");
    let r = wfpack(&["pack", wf.to_str().unwrap(), "--max-workflow-size", "10240"]);
    r.code(1);
    let v = r.json();
    assert_eq!(v["status"]["phase"], "Error");
    let msg = v["status"]["message"].as_str().unwrap();
    assert!(
        msg.starts_with("workflow is longer than maximum allowed size. compressed size "),
        "{msg}"
    );
    assert!(msg.ends_with(" > maxSize 10240Tried to offload but encountered error: offload node status is not supported"), "{msg}");
    assert!(
        r.stderr
            .contains("the controller marks this workflow Error")
    );
}

fn with_compressed(b64: &str) -> Vec<u8> {
    serde_json::json!({
        "apiVersion": "argoproj.io/v1alpha1", "kind": "Workflow",
        "metadata": {"name": "w", "namespace": "argo", "uid": "u"},
        "status": {"phase": "Succeeded", "compressedNodes": b64}
    })
    .to_string()
    .into_bytes()
}

#[test]
fn vector_compressed_nodes_in_every_algorithm() {
    for alg in ["gzip", "zstd", "brotli"] {
        let b64 =
            std::fs::read_to_string(vector(5, &format!("compressedNodes.{alg}.b64"))).unwrap();
        let r = wfpack_stdin(&["nodes", "-", "-o", "json"], &with_compressed(&b64));
        r.code(0);
        let v = r.json();
        assert_eq!(v["source"]["algorithm"], alg);
        assert_eq!(v["count"], 10);
    }
}

#[test]
fn truncated_base64_is_bad_input() {
    let b64 = std::fs::read_to_string(vector(5, "compressedNodes.gzip.b64")).unwrap();
    let cut = &b64[..b64.len() - 3];
    wfpack_stdin(&["nodes", "-"], &with_compressed(cut))
        .code(2)
        .error_line(&["status.compressedNodes", "base64"]);
    // Valid base64 of a truncated gzip stream.
    let raw = std::process::Command::new("base64")
        .arg("-d")
        .arg(vector(5, "compressedNodes.gzip.b64"))
        .output();
    if let Ok(raw) = raw {
        let half = &raw.stdout[..raw.stdout.len() / 2];
        let b = std::process::Command::new("base64")
            .arg("-w0")
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        use std::io::Write;
        b.stdin.as_ref().unwrap().write_all(half).unwrap();
        let out = b.wait_with_output().unwrap();
        wfpack_stdin(
            &["hydrate", "-"],
            &with_compressed(std::str::from_utf8(&out.stdout).unwrap()),
        )
        .code(2)
        .error_line(&["status.compressedNodes"]);
    }
}

#[test]
fn decompression_bomb_fails_fast() {
    for bomb in ["gzip", "zstd", "brotli"] {
        let b64 =
            std::fs::read_to_string(shared().join(format!("vectors/decode/{bomb}-bomb-1GiB.b64")))
                .unwrap();
        let t = std::time::Instant::now();
        wfpack_stdin(&["nodes", "-"], &with_compressed(b64.trim()))
            .code(2)
            .error_line(&["status.compressedNodes", "limit"]);
        assert!(
            t.elapsed().as_secs() < 20,
            "{bomb} bomb took {:?}",
            t.elapsed()
        );
    }
}

#[test]
fn garbage_goes_to_brotli_like_argo() {
    wfpack_stdin(&["nodes", "-"], &with_compressed("eyJhIjoxfQ=="))
        .code(2)
        .error_line(&["status.compressedNodes", "brotli"]);
}

#[test]
fn unknown_algorithm_and_policy_are_usage_errors() {
    let wf = walkthrough().join("workflows/loop-5.yaml");
    let wf = wf.to_str().unwrap();
    wfpack(&["size", wf, "--algorithm", "lz4"])
        .code(2)
        .error_line(&["lz4", "gzip, zstd or brotli"]);
    wfpack(&["size", wf, "--algorithm", "zstd:9"])
        .code(2)
        .error_line(&["zstd:9"]);
    wfpack(&["size", wf, "--limit", "huge"])
        .code(2)
        .error_line(&["--limit", "etcd"]);
    let r = wfpack(&["decide", wf, "--policy", "/no/such/policy.wasm"]);
    assert_ne!(r.code, 0);
}

#[test]
fn size_breakdown_and_headroom() {
    let r = wfpack(&[
        "size",
        &vector(500, "workflow.json"),
        "--max-workflow-size",
        "10240",
        "-o",
        "json",
        "--top",
        "3",
    ]);
    r.code(0);
    let v = r.json();
    assert_eq!(v["size"], 277329, "the vectors' Argo length");
    assert_eq!(v["headroom"], 10240 - 277329);
    assert_eq!(v["nodeCount"], 505);
    assert_eq!(v["largestNodes"].as_array().unwrap().len(), 3);
    let sections: u64 = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["bytes"].as_u64().unwrap())
        .sum();
    assert!(sections < 277329 && sections > 277000);
    let algs: Vec<&str> = v["compressed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["algorithm"].as_str().unwrap())
        .collect();
    assert_eq!(algs.len(), 9);
    for c in v["compressed"].as_array().unwrap() {
        let w = c["workflowSize"].as_i64().unwrap();
        assert_eq!(c["headroom"].as_i64().unwrap(), 10240 - w);
        assert!(w < 277329);
    }
    let r = wfpack(&[
        "size",
        &vector(5, "workflow.json"),
        "--limit",
        "etcd",
        "--algorithm",
        "zstd:3",
    ]);
    r.code(0);
    assert!(r.stdout.contains("6,595 B"), "{}", r.stdout);
    assert!(
        r.stdout.contains("etcd request limit 1,572,864"),
        "{}",
        r.stdout
    );
    let r = wfpack(&["size", &vector(5, "workflow.compressed.json")]);
    r.code(0);
    assert!(r.stdout.contains("already compressed"), "{}", r.stdout);
}
