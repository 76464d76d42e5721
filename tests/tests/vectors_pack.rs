//! Argo's ladder against every decision in `shared/vectors/index.json`.
//!
//! Compressed bytes are encoder-specific (Argo writes with pgzip or Go's gzip; the
//! vectors with Go 1.19's `compress/gzip`; we with miniz_oxide), so a decision near the
//! boundary depends on the exact compressed length. Two checks cover that:
//!
//! 1. Exact, for *every* decision (compressor-sensitive or not): `decide_with` is handed
//!    the vector's own `compressedNodes.gzip.b64` (after checking that the nodes JSON
//!    we would compress is byte-identical to the vector's `nodes.json`). Everything else
//!    (measuring, the threshold, the re-measure, messages, the offload version) is ours,
//!    so outcome, sizes and strings must match exactly.
//! 2. With our own gzip encoder: decisions flagged `compressor_sensitive: false` have a
//!    wide margin and must come out the same; sensitive ones are checked for
//!    consistency with the compressed size we produced (the outcome must be the one our
//!    size implies).

use serde_json::Value;
use wfpack_codec::compress::{Algorithm, Level};
use wfpack_codec::pack::{self, PackDecision};
use wfpack_tests::{vector_index, vectors_dir};

struct Case {
    id: String,
    workflow: Vec<u8>,
    nodes: Vec<u8>,
    b64: [String; 3],
    case: Value,
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join(path)).unwrap()
}

fn all_cases() -> Vec<Case> {
    let mut out = Vec::new();
    for c in vector_index()["cases"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap().to_string();
        match c["kind"].as_str().unwrap() {
            "workflow" => {
                let f = |k: &str| read(c["files"][k]["path"].as_str().unwrap());
                let s = |k: &str| String::from_utf8(f(k)).unwrap();
                out.push(Case {
                    id,
                    workflow: f("workflow_generic"),
                    nodes: f("nodes_typed"),
                    b64: [
                        s("compressed_nodes_gzip_b64"),
                        s("compressed_nodes_zstd_b64"),
                        s("compressed_nodes_brotli_b64"),
                    ],
                    case: c.clone(),
                });
            }
            "workflow-minimal" => {
                let e = &c["extra"];
                let s = |k: &str| e[k].as_str().unwrap().to_string();
                out.push(Case {
                    id,
                    workflow: s("workflow_typed_json").into_bytes(),
                    nodes: s("nodes_typed_json").into_bytes(),
                    b64: [
                        s("compressed_nodes_gzip_b64"),
                        s("compressed_nodes_zstd_b64"),
                        s("compressed_nodes_brotli_b64"),
                    ],
                    case: c.clone(),
                });
            }
            _ => {}
        }
    }
    assert_eq!(out.len(), 7);
    out
}

fn check_decision(id: &str, want: &Value, got: &PackDecision) {
    let max = want["max_size"].as_i64().unwrap();
    assert_eq!(
        got.outcome(),
        want["outcome"].as_str().unwrap(),
        "{id} max {max}"
    );
    let u = |k: &str| want[k].as_u64().map(|v| v as usize);
    match got {
        PackDecision::Keep { workflow_size } => {
            assert_eq!(Some(*workflow_size), u("workflow_size"))
        }
        PackDecision::Compress {
            workflow_size,
            compressed_workflow_size,
            ..
        } => {
            assert_eq!(Some(*workflow_size), u("workflow_size"));
            assert_eq!(
                Some(*compressed_workflow_size),
                u("compressed_workflow_size"),
                "{id} max {max}"
            );
        }
        PackDecision::TooLarge {
            workflow_size,
            compressed_workflow_size,
            message,
            status_message_offload_disabled,
            offload_version,
            ..
        } => {
            assert_eq!(Some(*workflow_size), u("workflow_size"));
            assert_eq!(
                Some(*compressed_workflow_size),
                u("compressed_workflow_size")
            );
            assert_eq!(message, want["packer_error"].as_str().unwrap());
            assert_eq!(
                status_message_offload_disabled,
                want["status_message_offload_disabled"].as_str().unwrap()
            );
            assert_eq!(
                offload_version,
                want["offload_version_if_enabled"].as_str().unwrap()
            );
        }
        other => panic!("{id}: unexpected {other:?}"),
    }
}

#[test]
fn every_decision_exact_with_the_vectors_compressed_bytes() {
    let mut n = 0;
    for c in all_cases() {
        for d in c.case["decisions"].as_array().unwrap() {
            let max = d["max_size"].as_i64().unwrap();
            let got = pack::decide_with(&c.workflow, max, |nodes| {
                assert_eq!(
                    nodes,
                    &c.nodes[..],
                    "{}: nodes JSON differs from the vector",
                    c.id
                );
                Ok(c.b64[0].clone())
            })
            .unwrap();
            check_decision(&c.id, d, &got);
            if let PackDecision::Compress {
                compressed_nodes, ..
            } = &got
            {
                assert_eq!(compressed_nodes, &c.b64[0]);
            }
            // The budget: the longest compressedNodes that still fits.
            if let Some(budget) = d["compressed_b64_budget"].as_u64() {
                let fits = |len: usize| {
                    let s = "A".repeat(len);
                    pack::decide_with(&c.workflow, max, |_| Ok(s))
                        .unwrap()
                        .outcome()
                        == "compress"
                };
                assert!(fits(budget as usize), "{} budget {budget}", c.id);
                assert!(!fits(budget as usize + 1), "{} budget {budget}+1", c.id);
            }
            n += 1;
        }
        assert_eq!(
            wfpack_codec::version::offload_version(&c.nodes),
            c.case["offload_version"].as_str().unwrap()
        );
    }
    assert!(n >= 27, "{n} decisions");
}

#[test]
fn compressed_sizes_for_every_algorithm_follow_the_base64_length() {
    for c in all_cases() {
        let base = match pack::decide_with(&c.workflow, -1, |_| Ok(String::new())).unwrap() {
            PackDecision::TooLarge {
                compressed_workflow_size,
                ..
            } => compressed_workflow_size,
            other => panic!("{other:?}"),
        };
        for b64 in &c.b64 {
            let got = pack::decide_with(&c.workflow, -1, |_| Ok(b64.clone())).unwrap();
            let PackDecision::TooLarge {
                compressed_workflow_size,
                ..
            } = got
            else {
                panic!()
            };
            assert_eq!(compressed_workflow_size, base + b64.len(), "{}", c.id);
        }
        let want = c.case["lengths"]["workflow_compressed_json"]
            .as_u64()
            .unwrap() as usize;
        assert_eq!(
            base + c.b64[0].len(),
            want,
            "{}: workflow.compressed.json length",
            c.id
        );
    }
}

#[test]
fn every_decision_with_our_own_gzip() {
    for c in all_cases() {
        for d in c.case["decisions"].as_array().unwrap() {
            let max = d["max_size"].as_i64().unwrap();
            let got = pack::decide(&c.workflow, max, Algorithm::Gzip, Level::new(6)).unwrap();
            if !d["compressor_sensitive"].as_bool().unwrap() {
                assert_eq!(
                    got.outcome(),
                    d["outcome"].as_str().unwrap(),
                    "{} max {max}",
                    c.id
                );
            }
            match &got {
                PackDecision::Keep { workflow_size } => assert!(*workflow_size as i64 <= max),
                PackDecision::Compress {
                    workflow_size,
                    compressed_workflow_size,
                    compressed_nodes,
                    ..
                } => {
                    assert!(*workflow_size as i64 > max && *compressed_workflow_size as i64 <= max);
                    let exact =
                        pack::decide_with(&c.workflow, max, |_| Ok(compressed_nodes.clone()))
                            .unwrap();
                    assert_eq!(exact, got);
                }
                PackDecision::TooLarge {
                    compressed_workflow_size,
                    message,
                    ..
                } => {
                    assert!(*compressed_workflow_size as i64 > max);
                    assert_eq!(
                        message,
                        &pack::too_large_message(*compressed_workflow_size, max)
                    );
                }
                other => panic!("{other:?}"),
            }
        }
    }
}

#[test]
fn headroom_and_breakdown_add_up() {
    for c in all_cases() {
        let size = pack::workflow_size(&c.workflow).unwrap();
        assert_eq!(
            size as u64,
            c.case["lengths"]["workflow_json"].as_u64().unwrap()
        );
        let rows = pack::headroom(
            &c.workflow,
            1048576,
            &[
                (Algorithm::Gzip, Level::new(1)),
                (Algorithm::Gzip, Level::new(9)),
            ],
        )
        .unwrap();
        for r in &rows {
            let got = pack::decide(&c.workflow, -1, r.algorithm, r.level).unwrap();
            let PackDecision::TooLarge {
                compressed_workflow_size,
                ..
            } = got
            else {
                panic!()
            };
            assert_eq!(r.workflow_size, compressed_workflow_size);
            assert_eq!(r.bytes_left, 1048576 - r.workflow_size as i64);
        }
        let b = pack::breakdown(&c.workflow, 5).unwrap();
        assert_eq!(b.total, size);
        let sum: usize = b.sections.iter().map(|s| s.bytes).sum();
        assert_eq!(sum + b.sections.len() - 1 + 2, size, "{}", c.id);
        assert_eq!(b.nodes_json, c.nodes.len());
        let fields: usize = b.node_fields.iter().map(|f| f.bytes).sum();
        assert!(fields < b.nodes_json);
        assert!(b.largest_nodes.len() <= 5 && !b.largest_nodes.is_empty());
    }
}

#[test]
fn max_workflow_size_env_rules() {
    assert_eq!(pack::max_workflow_size(Some("")), 1048576);
    assert_eq!(pack::max_workflow_size(Some("0")), 1048576);
    assert_eq!(pack::max_workflow_size(Some("230")), 230);
    assert_eq!(pack::max_workflow_size(Some("-5")), -5);
}
