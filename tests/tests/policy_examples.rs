//! The example policies under host/examples/ compile, load into the host and decide what
//! their documentation says.

use std::path::{Path, PathBuf};
use std::process::Command;

use wfpack_codec::policy::decision::{
    ArchiveAction, ArchiveSettings, Candidate, Compression, OffloadAction, OffloadFacts,
    OffloadSettings, WorkflowMeta,
};
use wfpack_host::policy::{DecisionSource, PolicyHostBuilder, PolicyKind};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn wf(labels: &[(&str, &str)], phase: &str) -> WorkflowMeta {
    let mut m = WorkflowMeta {
        namespace: "argo".into(),
        name: "wf".into(),
        phase: phase.into(),
        ..WorkflowMeta::default()
    };
    for (k, v) in labels {
        m.labels.insert((*k).into(), (*v).into());
    }
    m
}

fn archive_settings() -> ArchiveSettings {
    ArchiveSettings {
        archive: true,
        ..ArchiveSettings::default()
    }
}

#[test]
fn wat_example_archives_by_phase() {
    let host = PolicyHostBuilder::new()
        .archive_policy_file(root().join("host/examples/archive-by-phase.wat"))
        .build()
        .unwrap();
    assert_eq!(
        host.module(PolicyKind::Archive).metadata().unwrap().kinds,
        ["archive"]
    );
    let s = archive_settings();
    let cases: &[(&[(&str, &str)], &str, ArchiveAction, i64)] = &[
        (&[], "Failed", ArchiveAction::Archive, 30 * 86_400),
        (&[], "Error", ArchiveAction::Archive, 30 * 86_400),
        (&[], "Succeeded", ArchiveAction::Archive, 7 * 86_400),
        (&[], "Running", ArchiveAction::Skip, 0),
        (&[], "", ArchiveAction::Skip, 0),
        // A label called `phase` does not fool it: the real phase is written last.
        (
            &[("phase", "Failed")],
            "Succeeded",
            ArchiveAction::Archive,
            7 * 86_400,
        ),
    ];
    for (labels, phase, action, ttl) in cases {
        let d = host.evaluate_archive(&s, &wf(labels, phase)).unwrap();
        assert_eq!(
            (d.action, d.ttl_seconds),
            (*action, *ttl),
            "{phase} {labels:?}"
        );
    }
    // It only handles archive: as an offload policy it is refused at load.
    let e = PolicyHostBuilder::new()
        .offload_policy_file(root().join("host/examples/archive-by-phase.wat"))
        .build();
    assert_eq!(
        e.unwrap_err().policy_class().unwrap().as_str(),
        "abi_mismatch"
    );
}

/// Builds host/examples/archive-failed-team for wasm32 (as CI does) and returns the module.
fn build_rust_example() -> PathBuf {
    let target_dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("policy-examples");
    let manifest = root().join("host/examples/archive-failed-team/Cargo.toml");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let status = Command::new(cargo)
        .args([
            "build",
            "--release",
            "--target",
            "wasm32-unknown-unknown",
            "--manifest-path",
        ])
        .arg(&manifest)
        .arg("--target-dir")
        .arg(&target_dir)
        .env_remove("CARGO_TARGET_DIR")
        .env_remove("RUSTFLAGS")
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .status()
        .expect("cargo runs");
    assert!(status.success(), "building {} failed", manifest.display());
    target_dir.join("wasm32-unknown-unknown/release/archive_failed_team.wasm")
}

#[test]
fn rust_example_archives_failed_team_runs_and_offloads_big_nodes() {
    let wasm = build_rust_example();
    let host = PolicyHostBuilder::new()
        .offload_policy_file(&wasm)
        .archive_policy_file(&wasm)
        .build()
        .unwrap();
    assert!(!host.is_builtin(PolicyKind::Archive));
    let s = archive_settings();
    let team_x = [("team", "x")];
    let d = |labels: &[(&str, &str)], phase: &str| {
        let d = host.evaluate_archive(&s, &wf(labels, phase)).unwrap();
        (d.action, d.ttl_seconds)
    };
    assert_eq!(d(&team_x, "Failed"), (ArchiveAction::Archive, 30 * 86_400));
    assert_eq!(d(&team_x, "Error"), (ArchiveAction::Archive, 30 * 86_400));
    assert_eq!(d(&team_x, "Succeeded"), (ArchiveAction::Skip, 0));
    assert_eq!(
        d(&[("team", "y")], "Succeeded"),
        (ArchiveAction::Archive, 7 * 86_400)
    );
    assert_eq!(d(&[], "Running"), (ArchiveAction::Skip, 0));

    // Offload when the compressed nodes pass 900 KiB, although the workflow would fit.
    let settings = OffloadSettings {
        max_workflow_size: 1 << 21,
        node_status_offload: true,
        ..OffloadSettings::default()
    };
    let facts = |compressed: i64| OffloadFacts {
        hydrated: true,
        workflow_size: 3 << 20,
        candidates: vec![Candidate {
            compression: Compression::argo_default(),
            compressed_nodes_length: compressed,
            workflow_size: compressed + 20_000,
        }],
        ..OffloadFacts::default()
    };
    let big = host.decide_offload(&settings, &facts(950 * 1024));
    assert_eq!(
        (big.source, big.decision.action),
        (DecisionSource::Policy, OffloadAction::Offload)
    );
    let small = host.decide_offload(&settings, &facts(500 * 1024));
    assert_eq!(
        (small.source, small.decision.action),
        (DecisionSource::Policy, OffloadAction::Compress)
    );
}
