//! The built-in policy (the codec built for wasm32 with `policy-abi`, run by the host in
//! wasmtime) against every decision in ../shared/vectors/index.json, and wasm vs native
//! evaluation byte for byte.

use std::sync::OnceLock;

use serde_json::Value;
use wfpack_codec::policy::builtin;
use wfpack_codec::policy::decision::{
    ArchiveAction, ArchiveSettings, Candidate, Compression, OffloadAction, OffloadFacts,
    OffloadSettings, WorkflowMeta,
};
use wfpack_codec::policy::evaluate::evaluate as native_evaluate;
use wfpack_host::policy::{
    BuiltinPolicy, DecisionSource, PolicyHost, PolicyHostBuilder, PolicyKind, archive_request_json,
    offload_request_json,
};

fn host() -> &'static PolicyHost {
    static HOST: OnceLock<PolicyHost> = OnceLock::new();
    HOST.get_or_init(|| {
        PolicyHostBuilder::new()
            .build()
            .expect("the built-in policy loads")
    })
}

/// Every (case id, decision) of the vectors.
fn decisions() -> Vec<(String, Value)> {
    let index = wfpack_tests::vector_index();
    let mut out = Vec::new();
    for case in index["cases"].as_array().unwrap() {
        if let Some(ds) = case["decisions"].as_array() {
            for d in ds {
                out.push((case["id"].as_str().unwrap().to_string(), d.clone()));
            }
        }
    }
    out
}

fn facts_for(d: &Value) -> OffloadFacts {
    let mut facts = OffloadFacts {
        hydrated: true,
        workflow_size: d["workflow_size"].as_i64().unwrap(),
        ..OffloadFacts::default()
    };
    if let Some(c) = d["compressed_workflow_size"].as_i64() {
        facts.candidates.push(Candidate {
            compression: Compression::argo_default(),
            compressed_nodes_length: d["compressed_b64_budget"].as_i64().unwrap_or(0),
            workflow_size: c,
        });
    }
    facts
}

#[test]
fn builtin_policy_agrees_with_every_vector_decision() {
    let all = decisions();
    assert!(
        all.len() >= 27,
        "expected the vectors' decisions, found {}",
        all.len()
    );
    for (id, d) in &all {
        let max = d["max_size"].as_i64().unwrap();
        let facts = facts_for(d);
        for offload_enabled in [false, true] {
            let settings = OffloadSettings {
                max_workflow_size: max,
                node_status_offload: offload_enabled,
                ..OffloadSettings::default()
            };
            let wasm = host()
                .evaluate_offload(&settings, &facts)
                .unwrap_or_else(|e| panic!("{id} max {max}: {e}"));
            let native = builtin::argo_offload(&settings, &facts).unwrap();
            assert_eq!(wasm, native, "{id} max {max}: wasm and native differ");
            let what = format!("{id} max {max} offload={offload_enabled}");
            match d["outcome"].as_str().unwrap() {
                "keep" => assert_eq!(wasm.action, OffloadAction::Keep, "{what}"),
                "compress" => {
                    assert_eq!(wasm.action, OffloadAction::Compress, "{what}");
                    assert_eq!(wasm.compression, Some(Compression::argo_default()));
                }
                "too_large" if offload_enabled => {
                    assert_eq!(wasm.action, OffloadAction::Offload, "{what}");
                    assert_eq!(
                        wasm.message.as_deref(),
                        d["packer_error"].as_str(),
                        "{what}"
                    );
                }
                "too_large" => {
                    assert_eq!(wasm.action, OffloadAction::Reject, "{what}");
                    assert_eq!(
                        wasm.message.as_deref(),
                        d["status_message_offload_disabled"].as_str(),
                        "{what}"
                    );
                }
                other => panic!("{what}: unknown outcome {other}"),
            }
        }
    }
}

#[test]
fn wasm_and_native_give_identical_bytes() {
    let mut inputs = Vec::new();
    for (_, d) in decisions() {
        let facts = facts_for(&d);
        for policy in [None, Some("argo"), Some("adaptive"), Some("nope")] {
            let settings = OffloadSettings {
                max_workflow_size: d["max_size"].as_i64().unwrap(),
                node_status_offload: true,
                ..OffloadSettings::default()
            };
            inputs.push(offload_request_json(policy, &settings, &facts));
        }
    }
    for (labels, phase, selector, ttl) in archive_table() {
        let settings = ArchiveSettings {
            archive: true,
            archive_label_selector: selector.map(|s| serde_json::from_str(s).unwrap()),
            archive_ttl: ttl.to_string(),
            ..ArchiveSettings::default()
        };
        inputs.push(archive_request_json(None, &settings, &meta(labels, phase)));
    }
    inputs.push(b"{".to_vec());
    inputs.push(b"".to_vec());
    inputs.push(br#"{"apiVersion":"policy.argoproj.io/v2"}"#.to_vec());
    inputs.push("[".repeat(100_000).into_bytes());
    for input in &inputs {
        let kind = if input.windows(14).any(|w| w == b"ArchiveRequest") {
            PolicyKind::Archive
        } else {
            PolicyKind::Offload
        };
        let wasm = host().evaluate_raw(kind, input).unwrap();
        assert_eq!(
            String::from_utf8(wasm).unwrap(),
            String::from_utf8(native_evaluate(input)).unwrap(),
            "input {}",
            String::from_utf8_lossy(&input[..input.len().min(200)])
        );
    }
}

fn meta(labels: &[(&str, &str)], phase: &str) -> WorkflowMeta {
    let mut m = WorkflowMeta {
        namespace: "argo".into(),
        name: "wf".into(),
        uid: "u".into(),
        phase: phase.into(),
        ..WorkflowMeta::default()
    };
    for (k, v) in labels {
        m.labels.insert((*k).into(), (*v).into());
    }
    m
}

type ArchiveRow = (
    &'static [(&'static str, &'static str)],
    &'static str,
    Option<&'static str>,
    &'static str,
);

fn archive_table() -> Vec<ArchiveRow> {
    const STRATEGY: &str = r#"{"matchLabels":{"workflows.argoproj.io/archive-strategy":"always"}}"#;
    const NOT_HOUSEKEEPING: &str =
        r#"{"matchExpressions":[{"key":"kind","operator":"NotIn","values":["housekeeping"]}]}"#;
    vec![
        (&[], "Succeeded", None, ""),
        (&[], "Failed", None, "180d"),
        (&[], "Running", None, "7d"),
        (&[], "Succeeded", Some(STRATEGY), "7d"),
        (
            &[("workflows.argoproj.io/archive-strategy", "always")],
            "Error",
            Some(STRATEGY),
            "12h",
        ),
        (
            &[("workflows.argoproj.io/archive-strategy", "false")],
            "Error",
            Some(STRATEGY),
            "12h",
        ),
        (
            &[("kind", "housekeeping")],
            "Succeeded",
            Some(NOT_HOUSEKEEPING),
            "",
        ),
        (&[], "Succeeded", Some(NOT_HOUSEKEEPING), ""),
        (&[], "Succeeded", Some("{}"), "1h30m"),
        (
            &[],
            "Succeeded",
            Some(r#"{"matchExpressions":[{"key":"k","operator":"In"}]}"#),
            "",
        ),
    ]
}

#[test]
fn archive_decisions_follow_argo() {
    let expected: &[(ArchiveAction, i64)] = &[
        (ArchiveAction::Archive, 0),
        (ArchiveAction::Archive, 180 * 86400),
        (ArchiveAction::Skip, 0),
        (ArchiveAction::Skip, 0),
        (ArchiveAction::Archive, 12 * 3600),
        (ArchiveAction::Skip, 0),
        (ArchiveAction::Skip, 0),
        (ArchiveAction::Archive, 0),
    ];
    let table = archive_table();
    for (i, (labels, phase, selector, ttl)) in table.iter().enumerate() {
        let settings = ArchiveSettings {
            archive: true,
            archive_label_selector: selector.map(|s| serde_json::from_str(s).unwrap()),
            archive_ttl: ttl.to_string(),
            ..ArchiveSettings::default()
        };
        let wf = meta(labels, phase);
        let got = host().evaluate_archive(&settings, &wf);
        match expected.get(i) {
            Some((action, ttl)) => {
                let d = got.unwrap_or_else(|e| panic!("row {i}: {e}"));
                assert_eq!((d.action, d.ttl_seconds), (*action, *ttl), "row {i}");
            }
            // Invalid settings: the policy refuses, and decide_archive fails closed.
            None => {
                let e = got.unwrap_err();
                assert_eq!(
                    e.policy_class().unwrap().as_str(),
                    "policy_error",
                    "row {i}: {e}"
                );
                assert!(matches!(
                    host().decide_archive(&settings, &wf),
                    wfpack_host::policy::ArchiveOutcome::RetryLater { .. }
                ));
            }
        }
    }
}

#[test]
fn adaptive_builtin_compresses_what_argo_offloads() {
    let adaptive = PolicyHostBuilder::new()
        .builtin(BuiltinPolicy::Adaptive)
        .build()
        .unwrap();
    let settings = OffloadSettings {
        max_workflow_size: 1000,
        node_status_offload: true,
        ..OffloadSettings::default()
    };
    let candidates = adaptive.candidates_to_measure(&settings);
    assert_eq!(candidates[0], Compression::new("gzip", Some(1)));
    let facts = OffloadFacts {
        hydrated: true,
        workflow_size: 5000,
        candidates: candidates
            .iter()
            .map(|c| Candidate {
                compression: c.clone(),
                compressed_nodes_length: 0,
                workflow_size: if c.algorithm == "zstd" { 950 } else { 1100 },
            })
            .collect(),
        ..OffloadFacts::default()
    };
    let d = adaptive.decide_offload(&settings, &facts);
    assert_eq!(d.source, DecisionSource::Policy);
    assert_eq!(d.decision.action, OffloadAction::Compress);
    assert_eq!(
        d.decision.compression,
        Some(Compression::new("zstd", Some(1)))
    );
    assert_eq!(
        host().decide_offload(&settings, &facts).decision.action,
        OffloadAction::Offload
    );
}
