//! Throughput of go_json sizing and typed node decoding on the public 5,000-item vector.
//!
//! Run: `cargo bench -p wfpack-codec --bench json` (reads ../shared/vectors; override
//! with WFPACK_SHARED). The comparison against Go lives in the combined codec benchmark.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use wfpack_codec::go_json::{self, Options};
use wfpack_codec::nodes::{Nodes, NodesView};

fn shared() -> PathBuf {
    std::env::var_os("WFPACK_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared"))
}

fn bench(c: &mut Criterion) {
    let dir = shared().join("vectors/steps-plugin-5000");
    let wf = std::fs::read(dir.join("workflow.json")).expect("shared vectors present");
    let nodes = std::fs::read(dir.join("nodes.json")).unwrap();

    let mut g = c.benchmark_group("go_json");
    g.throughput(Throughput::Bytes(wf.len() as u64));
    for (name, o) in [
        ("sorted", Options::SORTED),
        ("typed", Options::TYPED),
        ("argo", Options::ARGO),
    ] {
        g.bench_function(format!("encoded_len/{name}"), |b| {
            b.iter(|| go_json::encoded_len(black_box(&wf), &o).unwrap())
        });
    }
    g.bench_function("to_vec/argo", |b| {
        b.iter(|| go_json::to_vec(black_box(&wf), &Options::ARGO).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("nodes");
    g.throughput(Throughput::Bytes(nodes.len() as u64));
    g.bench_function("Nodes::from_json", |b| {
        b.iter(|| Nodes::from_json(black_box(&nodes)).unwrap())
    });
    g.bench_function("NodesView::new", |b| {
        b.iter(|| NodesView::new(black_box(&nodes)).unwrap())
    });
    let parsed = Nodes::from_json(&nodes).unwrap();
    g.bench_function("Nodes::to_go_json", |b| {
        b.iter(|| black_box(&parsed).to_go_json())
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20).measurement_time(std::time::Duration::from_secs(3));
    targets = bench
}
criterion_main!(benches);
