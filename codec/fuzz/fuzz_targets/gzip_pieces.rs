//! gzip writer with libdeflate, in parallel pieces: the fuzz input is grown into 128-384 KiB
//! of mixed text, noise and repeats reaching up to 40 KiB back (across the pieces' cuts and
//! windows), compressed at the level its first byte picks, and the gzip member must decode
//! to exactly that buffer, the same bytes on a second call.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wfpack_codec::compress::{self, Algorithm, Level, Limits};

fuzz_target!(|data: &[u8]| {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    if rest.is_empty() {
        return;
    }
    let level = i32::from(first % 9) + 1;
    let size = (128 << 10) + usize::from(rest[0]) * 1024;
    let mut x = rest.iter().fold(0x9e37_79b9u32, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    }) | 1;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        x
    };
    let mut buf: Vec<u8> = Vec::with_capacity(size + 70_000);
    while buf.len() < size {
        let r = next();
        match r % 4 {
            0 => buf.extend_from_slice(rest),
            1 => {
                let n = (r >> 8) as usize % 2048;
                for _ in 0..n {
                    buf.push(next() as u8);
                }
            }
            2 if !buf.is_empty() => {
                let dist = 1 + (r >> 8) as usize % buf.len().min(40 << 10);
                let len = 3 + next() as usize % 300;
                let from = buf.len() - dist;
                for k in 0..len {
                    buf.push(buf[from + k]);
                }
            }
            _ => buf.extend_from_slice(&rest[..(r >> 8) as usize % rest.len() + 1]),
        }
    }
    let z = compress::compress(Algorithm::Gzip, Level::new(level), &buf).expect("compress");
    let (out, algorithm) =
        compress::decompress(&z, &Limits::fixed(buf.len())).expect("own output decodes");
    assert_eq!(algorithm, Algorithm::Gzip);
    assert!(
        out == buf,
        "round trip at level {level}, {} bytes",
        buf.len()
    );
    let again = compress::compress(Algorithm::Gzip, Level::new(level), &buf).expect("compress");
    assert!(again == z, "same bytes on every call");
});
