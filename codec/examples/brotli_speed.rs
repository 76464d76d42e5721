//! Native brotli decode speed: the codec's own decoder against brotli-decompressor (the
//! decoder it replaced), on workflow JSON compressed by the `brotli` crate.
//!
//! `cargo run --release -p wfpack-codec --example brotli_speed [FILE...]`
//!
//! Without arguments it reads `../shared/vectors/*/nodes.json` and `../shared/corpus`
//! (relative to the workspace), concatenated and repeated to at least 4 MB.
#![allow(clippy::print_stdout)]

#[path = "support/speed.rs"]
mod speed;

use std::path::{Path, PathBuf};
use std::time::Duration;

use brotli::enc::StandardAlloc;
use brotli::{BrotliResult, BrotliState};
use speed::{best, files_under};
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

/// brotli-decompressor over the whole stream, output buffer sized up front.
fn reference(z: &[u8], len: usize) -> Vec<u8> {
    let alloc = StandardAlloc::default;
    let mut state = BrotliState::new(alloc(), alloc(), alloc());
    let mut out = vec![0u8; len];
    let (mut in_avail, mut in_off, mut out_avail, mut out_off, mut total) = (z.len(), 0, len, 0, 0);
    let r = brotli::BrotliDecompressStream(
        &mut in_avail,
        &mut in_off,
        z,
        &mut out_avail,
        &mut out_off,
        &mut out,
        &mut total,
        &mut state,
    );
    assert!(matches!(r, BrotliResult::ResultSuccess));
    out.truncate(out_off);
    out
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut paths = args.clone();
    if paths.is_empty() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
        paths.extend(files_under(&shared.join("corpus")));
        for v in ["steps-plugin-5000", "steps-plugin-500"] {
            paths.push(shared.join("vectors").join(v).join("nodes.json"));
        }
    }
    let mut one = Vec::new();
    for p in &paths {
        one.extend(std::fs::read(p).unwrap_or_default());
    }
    assert!(!one.is_empty(), "no input files");
    let mut data = Vec::new();
    while data.len() < 4_000_000 {
        data.extend_from_slice(&one);
    }
    println!("input: {} files, {} bytes", paths.len(), data.len());
    for q in [1u8, 6, 11] {
        let z =
            compress::compress(Algorithm::Brotli, Level::new(q.into()), &data).expect("compress");
        let limits = Limits::fixed(data.len());
        assert_eq!(compress::decompress(&z, &limits).expect("decode").0, data);
        assert_eq!(reference(&z, data.len()), data);
        let ours = best(7, || {
            std::hint::black_box(compress::decompress(&z, &limits).expect("decode"));
        });
        let theirs = best(7, || {
            std::hint::black_box(reference(&z, data.len()));
        });
        let mbs = |d: Duration| data.len() as f64 / d.as_secs_f64() / 1e6;
        println!(
            "quality {q:2}: {} -> {} bytes; ours {:7.1} MB/s, brotli-decompressor {:7.1} MB/s, ratio {:.2}",
            data.len(),
            z.len(),
            mbs(ours),
            mbs(theirs),
            theirs.as_secs_f64() / ours.as_secs_f64()
        );
    }
}
