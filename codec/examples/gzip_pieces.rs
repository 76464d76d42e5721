//! Native gzip writer speed: the codec's windowed parallel pieces against one libdeflate
//! stream at the same level, and against a plain two-way split (what this machine's
//! second core gives any program), on the benchmark's node-status JSON.
//!
//! ```sh
//! cargo run --release -p wfpack-codec --example gzip_pieces -- 300,500,1000,5000 200
//! ```
//!
//! Arguments: node counts (default 300,500,1000,5000) and runs per row (default 200). The
//! three ways are timed in turn within each run (so a slow minute hits all three) and the
//! medians compared: "pieces" is `compress::compress(Gzip, 6)` (libdeflate's lazy parser,
//! depth 35, nice length 258; split from 128 KiB on the cores no other compression uses),
//! "one stream" the same setting on one thread, "plain split" two independent halves on two threads (invalid as one
//! stream; the machine's parallel capacity). Sizes: gzip member against the one
//! stream's deflate data + 18 bytes of gzip framing.

// A measuring driver reports on stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "../benches/support/workflow.rs"]
#[allow(dead_code, reason = "only the nodes JSON is compressed here")]
mod workflow;

use std::time::Instant;

use wfpack_codec::compress::{self, Algorithm, Level};
use wfpack_deflate_sys::Compressor;

fn deflate(c: &mut Compressor, data: &[u8]) -> usize {
    let mut z = vec![0u8; c.bound(data.len())];
    c.compress(data, &mut z).expect("libdeflate")
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let sizes: Vec<usize> = args.get(1).map_or_else(
        || vec![300, 500, 1000, 5000],
        |s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect(),
    );
    let runs: usize = args
        .get(2)
        .and_then(|s| s.parse().ok())
        .unwrap_or(200)
        .max(1);
    // The codec's setting for Argo level 6 (see `compress::deflate::NODE_JSON`).
    let setting = || Compressor::with_search(7, 35, 258).expect("valid setting");
    let (mut c1, mut c2) = (setting(), setting());
    println!("median of {runs} runs each; speedup = one stream's time / this way's");
    for n in sizes {
        let wf = workflow::generate(n);
        let data = &wf.nodes_json;
        let (a, b) = data.split_at(data.len() / 2);
        let (mut one, mut split, mut pieces) = (vec![], vec![], vec![]);
        let (mut one_len, mut pieces_len) = (0, 0);
        for _ in 0..runs {
            let t = Instant::now();
            one_len = deflate(&mut c1, data);
            one.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            std::thread::scope(|s| {
                let h = s.spawn(|| deflate(&mut c2, b));
                deflate(&mut c1, a);
                h.join().expect("thread");
            });
            split.push(t.elapsed().as_secs_f64() * 1e6);
            let t = Instant::now();
            pieces_len = compress::compress(Algorithm::Gzip, Level::new(6), data)
                .expect("gzip")
                .len();
            pieces.push(t.elapsed().as_secs_f64() * 1e6);
        }
        let (one, split, pieces) = (median(&mut one), median(&mut split), median(&mut pieces));
        println!(
            "{n:>6} nodes, {:>9} B: one stream {one:>8.0} µs | plain split {split:>8.0} µs \
             ({:.2}x) | pieces {pieces:>8.0} µs ({:.2}x), {pieces_len} B vs {} B",
            data.len(),
            one / split,
            one / pieces,
            one_len + 18,
        );
    }
}
