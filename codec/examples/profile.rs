//! A small driver for instruction-count profiling of the codec's hot paths (the machine
//! running the benchmark is often shared, and `valgrind --tool=callgrind` counts are
//! repeatable whatever else runs):
//!
//! ```sh
//! cargo build --release -p wfpack-codec --example profile
//! valgrind --tool=callgrind target/release/examples/profile size 5000 10
//! ```
//!
//! Ops: `size` (encoded_len from raw bytes), `size-nodes` (`Nodes::encoded_len`, from the
//! parsed value), `to-go-json`, `encode` (JSON + gzip 6 + base64), `compress`, `decode`
//! (base64 + gunzip + typed nodes), `from-json`, `b64dec`, `b64enc`.

// A profiling driver reports on stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/workflow.rs"]
mod workflow;

use std::hint::black_box;

use wfpack_codec::compress::{self, Algorithm, Level, Limits};
use wfpack_codec::go_json::{self, Options};
use wfpack_codec::nodes::Nodes;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let op = args.get(1).map_or("size", String::as_str);
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(5000);
    let iters: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(10);
    let wf = workflow::generate(n);
    let nodes = Nodes::from_json(&wf.nodes_json).expect("nodes");
    let b64 = compress::encode_nodes(&wf.nodes_json, Algorithm::Gzip, Level::new(6)).expect("enc");
    let t = std::time::Instant::now();
    let acc = run(op, iters, &wf, &nodes, &b64);
    let per = t.elapsed() / u32::try_from(iters.max(1)).unwrap_or(u32::MAX);
    println!(
        "{op} {} nodes x{iters}: {acc} ({per:?} per iteration)",
        wf.nodes
    );
}

/// The measured loop (`valgrind --toggle-collect='*profile::run*'` counts only this).
#[inline(never)]
fn run(op: &str, iters: usize, wf: &workflow::Workflow, nodes: &Nodes, b64: &str) -> usize {
    let mut acc = 0usize;
    for _ in 0..iters {
        acc += match op {
            "size" => go_json::encoded_len(&wf.workflow_json, &Options::ARGO).expect("len"),
            "to-go-json" => nodes.to_go_json().len(),
            "size-nodes" => nodes.go_json_len(),
            "encode" => {
                let j = nodes.to_go_json();
                compress::encode_nodes(&j, Algorithm::Gzip, Level::new(6))
                    .expect("enc")
                    .len()
            }
            "compress" => compress::encode_nodes(&wf.nodes_json, Algorithm::Gzip, Level::new(6))
                .expect("enc")
                .len(),
            "decode" => {
                let d = compress::decode_nodes(b64.as_bytes(), &Limits::default()).expect("dec");
                Nodes::from_json(&d.json).expect("nodes").len()
            }
            "from-json" => Nodes::from_json(&wf.nodes_json).expect("nodes").len(),
            "b64dec" => wfpack_codec::base64::decode(b64.as_bytes())
                .expect("b64")
                .len(),
            "b64enc" => wfpack_codec::base64::encode(&wf.nodes_json).len(),
            _ => panic!("unknown op {op}"),
        };
        black_box(&acc);
    }
    acc
}
