//! Policy host benchmark: wasm (fresh instance per evaluation) side by side with native
//! evaluation of the same built-in policy. Run: `scripts/bench-policy.sh`.
//!
//! Prints criterion's measurements, then a summary against issue 3's goals.
#![allow(missing_docs, clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use wfpack_codec::policy::decision::{Candidate, Compression, OffloadFacts, OffloadSettings};
use wfpack_codec::policy::evaluate::evaluate as native_evaluate;
use wfpack_host::policy::{
    PolicyHost, PolicyHostBuilder, PolicyKind, offload_request_json, sha256_hex,
};

/// Facts as the host measures them for the vectors' 50- and 5,000-item workflows
/// (steps-plugin-50: 100 nodes/30,950 bytes; steps-plugin-5000: 10,002 nodes/2,768,351
/// bytes, gzip to 258,858), i.e. a 50-node-class and a 5,000-node-class workflow.
fn facts(nodes: u64) -> (OffloadSettings, OffloadFacts) {
    let settings = OffloadSettings {
        node_status_offload: true,
        ..OffloadSettings::default()
    };
    let mut f = OffloadFacts {
        hydrated: true,
        node_count: nodes,
        workflow_size: if nodes <= 100 { 30_950 } else { 2_768_351 },
        nodes_size: if nodes <= 100 { 25_000 } else { 2_700_000 },
        ..OffloadFacts::default()
    };
    f.meta.namespace = "argo".into();
    f.meta.name = "steps-plugin".into();
    f.meta.phase = "Running".into();
    f.meta
        .labels
        .insert("workflows.argoproj.io/completed".into(), "false".into());
    if nodes > 100 {
        f.candidates.push(Candidate {
            compression: Compression::argo_default(),
            compressed_nodes_length: 256_932,
            workflow_size: 258_858,
        });
    }
    (settings, f)
}

fn host() -> PolicyHost {
    let dir = std::env::temp_dir().join(format!("wfpack-bench-cache-{}", std::process::id()));
    PolicyHostBuilder::new()
        .cache_dir(dir)
        .build()
        .expect("built-in policy loads")
}

fn benches(c: &mut Criterion, host: &PolicyHost) {
    let engine = host.engine();
    let cache = host.cache().expect("bench host has a cache");
    let sha = sha256_hex(wfpack_host::policy::BUILTIN_WASM);
    c.bench_function("load from cache (deserialize_file)", |b| {
        b.iter(|| black_box(cache.load(engine, &sha).expect("cached")))
    });
    c.bench_function("instantiate (InstancePre, pooling)", |b| {
        b.iter(|| host.instantiate(PolicyKind::Offload).unwrap())
    });
    for nodes in [50u64, 5000] {
        let (settings, f) = facts(nodes);
        let mut g = c.benchmark_group(format!("evaluate {nodes}-node workflow"));
        g.bench_function("wasm (fresh instance, verified)", |b| {
            b.iter(|| black_box(host.evaluate_offload(&settings, &f).unwrap()))
        });
        g.bench_function("native", |b| {
            b.iter(|| black_box(native_evaluate(&offload_request_json(None, &settings, &f))))
        });
        g.finish();
    }
}

/// Median of `runs` batches of `per` calls, in µs per call.
fn median_us(runs: usize, per: usize, mut f: impl FnMut()) -> f64 {
    let mut v: Vec<f64> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            for _ in 0..per {
                f();
            }
            t.elapsed().as_secs_f64() * 1e6 / per as f64
        })
        .collect();
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn per_second(
    threads: usize,
    host: &PolicyHost,
    settings: &OffloadSettings,
    f: &OffloadFacts,
) -> f64 {
    let dur = Duration::from_secs(2);
    let total: u64 = std::thread::scope(|s| {
        let hs: Vec<_> = (0..threads)
            .map(|_| {
                s.spawn(|| {
                    let t = Instant::now();
                    let mut n = 0u64;
                    while t.elapsed() < dur {
                        black_box(host.evaluate_offload(settings, f).unwrap());
                        n += 1;
                    }
                    n
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).sum()
    });
    total as f64 / dur.as_secs_f64()
}

fn summary(host: &PolicyHost) {
    let engine = host.engine();
    let cache = host.cache().unwrap();
    let sha = sha256_hex(wfpack_host::policy::BUILTIN_WASM);
    let load = median_us(9, 50, || drop(cache.load(engine, &sha).unwrap()));
    let inst = median_us(9, 2000, || host.instantiate(PolicyKind::Offload).unwrap());
    println!(
        "\npolicy host summary (medians; built-in policy {} bytes)",
        wfpack_host::policy::BUILTIN_WASM.len()
    );
    println!(
        "{:<44} {:>12} {:>12} {:>8} {:>10}",
        "", "wasm", "native", "ratio", "goal"
    );
    println!(
        "{:<44} {:>10.1}µs {:>12} {:>8} {:>10}",
        "load from cache", load, "-", "-", "<= 100µs"
    );
    println!(
        "{:<44} {:>10.2}µs {:>12} {:>8} {:>10}",
        "instantiation", inst, "-", "-", "<= 5µs"
    );
    for nodes in [50u64, 5000] {
        let (settings, f) = facts(nodes);
        let w = median_us(9, 500, || {
            drop(black_box(host.evaluate_offload(&settings, &f).unwrap()))
        });
        let n = median_us(9, 500, || {
            drop(black_box(native_evaluate(&offload_request_json(
                None, &settings, &f,
            ))))
        });
        let goal = if nodes == 50 { "<= 30µs" } else { "+<= 1ms" };
        println!(
            "{:<44} {:>10.1}µs {:>10.1}µs {:>7.1}x {:>10}",
            format!("one evaluation, {nodes}-node workflow"),
            w,
            n,
            w / n,
            goal
        );
    }
    let (settings, f) = facts(50);
    let one = per_second(1, host, &settings, &f);
    let two = per_second(2, host, &settings, &f);
    println!(
        "{:<44} {:>12.0} {:>12} {:>8} {:>10}",
        "evaluations/s, 1 thread (per core)", one, "-", "-", ">= 30000"
    );
    println!(
        "{:<44} {:>12.0} {:>12} {:>8} {:>10}",
        "evaluations/s, 2 threads", two, "-", "-", ""
    );
}

fn main() {
    let host = host();
    let mut c = Criterion::default()
        .configure_from_args()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    benches(&mut c, &host);
    c.final_summary();
    summary(&host);
}
