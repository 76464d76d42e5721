//! Native zstd decode speed: the codec's own decoder against ruzstd's, on workflow text.
//!
//! ```sh
//! cargo run --release -p wfpack-codec --example zstd_speed -- ../shared/corpus
//! ```
//!
//! The files under the directory are concatenated (not repeated: repeats would be long
//! cheap matches), then compressed by ruzstd (the codec's encoder) and, when the `zstd`
//! tool is installed, by `zstd -3` (≈ Argo's default level) and `zstd -19`. Each frame is
//! decoded by both decoders, as many times as make 16 MiB of output, best of 5 runs; the
//! ratio is ruzstd's time over ours (> 1: ours is faster).

// A measuring driver reports on stdout.
#![allow(clippy::print_stdout, clippy::print_stderr)]

#[path = "support/speed.rs"]
mod speed;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

use ruzstd::decoding::{BlockDecodingStrategy, FrameDecoder};
use speed::{best, files_under};
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

/// `data` compressed by the zstd tool at `level`, if it is installed.
fn zstd_tool(data: &[u8], level: &str) -> Option<Vec<u8>> {
    let mut child = Command::new("zstd")
        .args(["-q", "-c", level])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .ok()?;
    let mut stdin = child.stdin.take()?;
    let input = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().ok()?;
    writer.join().ok()?.ok()?;
    out.status.success().then_some(out.stdout)
}

/// ruzstd's decoder over one frame.
fn ruzstd_decode(frame: &[u8], len: usize) -> Vec<u8> {
    let mut dec = FrameDecoder::new();
    let mut input = frame;
    dec.reset(&mut input).expect("ruzstd frame header");
    dec.decode_blocks(&mut input, BlockDecodingStrategy::All)
        .expect("ruzstd decode");
    let mut out = Vec::with_capacity(len);
    dec.collect_to_writer(&mut out).expect("ruzstd collect");
    out
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "../shared/corpus".into());
    let mut text = Vec::new();
    for p in files_under(Path::new(&dir)) {
        text.extend(std::fs::read(&p).expect("read corpus file"));
    }
    assert!(!text.is_empty(), "no files under {dir}");
    let reps = (16 << 20) / text.len() + 1;
    let mb = (reps * text.len()) as f64 / (1 << 20) as f64;
    let mut frames = vec![(
        "ruzstd",
        compress::compress(Algorithm::Zstd, Level::new(2), &text).expect("compress"),
    )];
    for level in ["-3", "-19"] {
        match zstd_tool(&text, level) {
            Some(f) => frames.push((if level == "-3" { "zstd -3" } else { "zstd -19" }, f)),
            None => eprintln!("zstd tool not found: skipping zstd {level}"),
        }
    }
    let limits = Limits::fixed(1 << 30);
    println!(
        "{} bytes of text from {dir}, decoded {reps} times per run",
        text.len()
    );
    for (name, frame) in &frames {
        let ours = compress::decompress(frame, &limits).expect("decode").0;
        assert_eq!(ours, text);
        assert_eq!(ruzstd_decode(frame, text.len()), text);
        let a = best(5, || {
            for _ in 0..reps {
                std::hint::black_box(compress::decompress(frame, &limits).expect("decode"));
            }
        });
        let b = best(5, || {
            for _ in 0..reps {
                std::hint::black_box(ruzstd_decode(frame, text.len()));
            }
        });
        println!(
            "{name:>9} ({:>7} bytes): ours {:>6.0} MiB/s, ruzstd {:>6.0} MiB/s, ratio {:.2}x",
            frame.len(),
            mb / a.as_secs_f64(),
            mb / b.as_secs_f64(),
            b.as_secs_f64() / a.as_secs_f64()
        );
    }
}
