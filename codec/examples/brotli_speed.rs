//! Native brotli decode speed: the codec's own decoder against brotli-decompressor (the
//! decoder it replaced), on workflow JSON compressed by the `brotli` crate.
//!
//! `cargo run --release -p wfpack-codec --example brotli_speed [FILE...]`
//!
//! Without arguments it reads `../shared/vectors/*/nodes.json` and `../shared/corpus`
//! (relative to the workspace), concatenated and repeated to at least 4 MB.
#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use brotli::{Allocator, BrotliResult, BrotliState, SliceWrapper, SliceWrapperMut};
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

/// Every file under `dir`.
fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A heap block for brotli-decompressor's allocator interface.
#[derive(Default)]
struct Block<T>(Box<[T]>);

impl<T> SliceWrapper<T> for Block<T> {
    fn slice(&self) -> &[T] {
        &self.0
    }
}

impl<T> SliceWrapperMut<T> for Block<T> {
    fn slice_mut(&mut self) -> &mut [T] {
        &mut self.0
    }
}

/// Zeroed blocks from the global allocator.
#[derive(Default, Clone, Copy)]
struct Heap;

impl<T: Clone + Default> Allocator<T> for Heap {
    type AllocatedMemory = Block<T>;
    fn alloc_cell(&mut self, len: usize) -> Block<T> {
        Block(vec![T::default(); len].into_boxed_slice())
    }
    fn free_cell(&mut self, _data: Block<T>) {}
}

/// brotli-decompressor over the whole stream, output buffer sized up front.
fn reference(z: &[u8], len: usize) -> Vec<u8> {
    let mut state = BrotliState::new(Heap, Heap, Heap);
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

/// The fastest of `runs` timings.
fn best(runs: usize, mut f: impl FnMut()) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let args: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    let mut paths = args.clone();
    if paths.is_empty() {
        let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared");
        files(&shared.join("corpus"), &mut paths);
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
