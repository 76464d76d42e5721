//! Property and differential tests of the decoder: round trips through the `brotli`
//! crate's encoder at every quality and window, and agreement with brotli-decompressor
//! (the decoder this module replaced) on mutated and truncated streams.

use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use proptest::prelude::*;

use super::reference::reference;
use super::{compress_window, decompress};
use crate::error::Error;

/// Our result in the same form as [`reference`].
fn ours(data: &[u8], max_len: usize) -> core::result::Result<Vec<u8>, String> {
    decompress(data, max_len).map_err(|e| match e {
        Error::TrailingData { .. } => "trailing".into(),
        Error::LimitExceeded { .. } => "limit".into(),
        Error::Truncated { .. } => "truncated".into(),
        Error::Brotli { code } => code.into(),
        other => alloc::format!("{other:?}"),
    })
}

/// Whether two outcomes agree, allowing the one known difference: a command that
/// overruns its metablock is `BLOCK_LENGTH_1` in Go and C when it reaches the end of
/// their ring buffer (at least 1 KiB, as this decoder sizes it), `BLOCK_LENGTH_2`
/// otherwise; brotli-decompressor starts with a smaller ring buffer for a last
/// metablock, so it may name the other one, or fail before the input runs out.
fn agree(
    ours: &core::result::Result<Vec<u8>, String>,
    theirs: &core::result::Result<Vec<u8>, String>,
) -> bool {
    let overrun = |r: &core::result::Result<Vec<u8>, String>| matches!(r, Err(e) if e.starts_with("BLOCK_LENGTH"));
    if overrun(ours) || overrun(theirs) {
        return ours.is_err() && theirs.is_err();
    }
    ours == theirs
}

/// JSON-like text: workflow node fields with varying values.
fn json_like() -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec((0u32..5000, "[a-z-]{1,12}", 0u8..4), 1..120).prop_map(|items| {
        let mut s = String::from("{");
        for (i, (n, name, phase)) in items.iter().enumerate() {
            let phase = ["Succeeded", "Failed", "Running", "Pending"][usize::from(*phase)];
            s.push_str(&alloc::format!(
                "{}\"{name}-{n}\":{{\"id\":\"{name}-{n}\",\"phase\":\"{phase}\",\"startedAt\":\"2024-01-0{}T00:00:00Z\"}}",
                if i == 0 { "" } else { "," },
                n % 9 + 1
            ));
        }
        s.push('}');
        s.into_bytes()
    })
}

/// Any bytes, or JSON-like text.
fn input() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![proptest::collection::vec(any::<u8>(), 0..3000), json_like(),]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn round_trips(data in input(), quality in 0u8..=11, lgwin in 10u32..=24) {
        let z = compress_window(&data, quality, lgwin).unwrap();
        prop_assert_eq!(decompress(&z, data.len()).unwrap(), data);
    }

    #[test]
    fn agrees_with_brotli_decompressor(
        data in input(),
        quality in 0u8..=11,
        lgwin in 10u32..=24,
        flips in proptest::collection::vec((any::<usize>(), 0u8..8), 0..4),
        cut in any::<Option<usize>>(),
        tail in proptest::collection::vec(any::<u8>(), 0..3),
    ) {
        let mut z = compress_window(&data, quality, lgwin).unwrap();
        for (at, bit) in flips {
            let len = z.len();
            if let Some(b) = z.get_mut(at % len) {
                *b ^= 1 << bit;
            }
        }
        if let Some(c) = cut {
            z.truncate(c % (z.len() + 1));
        }
        z.extend(tail);
        let max = data.len().max(64) * 4;
        let (a, b) = (ours(&z, max), reference(&z, max));
        prop_assert!(agree(&a, &b), "{:?} vs {:?}", a, b);
    }

    #[test]
    fn agrees_on_random_bytes(z in proptest::collection::vec(any::<u8>(), 0..64)) {
        let (a, b) = (ours(&z, 1 << 16), reference(&z, 1 << 16));
        prop_assert!(agree(&a, &b), "{:?} vs {:?}", a, b);
    }
}

/// The npm core's stored dictionary stream (a catable stream without dictionary
/// references, written by the brotli crate at quality 11) decodes to the dictionary.
#[test]
fn decodes_the_stored_dictionary_stream() {
    let stored = include_bytes!("../../../../web/build/brotli-dictionary.br");
    let want = reference(stored, 1 << 20).unwrap();
    assert_eq!(ours(stored, 1 << 20), Ok(want));
}

/// Deterministic varied text (~`n` bytes): English words, JSON punctuation, numbers and
/// some binary, so the encoder uses block splits, context modes and dictionary words.
fn varied_text(n: usize) -> Vec<u8> {
    const WORDS: [&str; 16] = [
        "the",
        "workflow",
        "phase",
        "Succeeded",
        "time",
        "down",
        "life",
        "left",
        "back",
        "\"id\":",
        "{\"name\":",
        "template",
        "children",
        "Running",
        "message",
        "outputs",
    ];
    let mut x: u32 = 0x1234_5678;
    let mut out = Vec::with_capacity(n + 32);
    while out.len() < n {
        x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let r = (x >> 8) as usize;
        match r % 7 {
            0 => out.extend_from_slice(alloc::format!("{}", r % 100_000).as_bytes()),
            1 => out.push((r >> 3) as u8),
            2 => out.extend_from_slice(b", "),
            _ => {
                let w = WORDS[(r >> 4) % WORDS.len()];
                if r.is_multiple_of(11) {
                    out.extend(w.bytes().map(|b| b.to_ascii_uppercase()));
                } else {
                    out.extend_from_slice(w.as_bytes());
                }
                out.push(b' ');
            }
        }
    }
    out
}

/// Large inputs at several qualities and windows: same output as brotli-decompressor.
#[test]
fn large_inputs_match_the_reference() {
    let text = varied_text(300_000);
    for (quality, lgwin) in [(1, 10), (5, 16), (9, 22), (10, 18), (11, 24), (11, 12)] {
        let z = compress_window(&text, quality, lgwin).unwrap();
        assert_eq!(
            ours(&z, text.len()),
            Ok(text.clone()),
            "q{quality} w{lgwin}"
        );
    }
}

/// The shared Argo corpus, concatenated, when it is present next to the worktree.
#[test]
fn shared_corpus_matches_the_reference() {
    extern crate std;
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/corpus");
    let mut all = Vec::new();
    let mut stack = vec![dir];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if let Ok(b) = std::fs::read(&p) {
                all.extend(b);
            }
        }
    }
    for quality in [2, 6, 11] {
        let z = compress_window(&all, quality, 22).unwrap();
        assert_eq!(decompress(&z, all.len()).unwrap(), all, "quality {quality}");
        // Cut and corrupted: same outcome as the reference.
        for cut in [z.len() / 3, z.len() / 2, z.len() - 1] {
            let mut m = z[..cut].to_vec();
            assert!(agree(&ours(&m, all.len()), &reference(&m, all.len())));
            if let Some(b) = m.get_mut(cut / 2) {
                *b ^= 0x10;
            }
            assert!(agree(&ours(&m, all.len()), &reference(&m, all.len())));
        }
    }
}
