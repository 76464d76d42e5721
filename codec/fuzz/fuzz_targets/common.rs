//! Shared by the decompressor targets: decode with a small limit, in both gzip trailer
//! modes, and check the invariants every successful decode must hold.

use wfpack_codec::compress::{self, Algorithm, GzipTrailer, Limits};

/// The output limit used while fuzzing (small, so bombs are cheap to reject).
pub const LIMIT: usize = 1 << 20;

/// Decodes `data` (which the caller has routed to `expected`) and checks the result.
pub fn check(data: &[u8], expected: Algorithm) {
    assert_eq!(compress::detect(data), expected);
    for trailer in [GzipTrailer::Required, GzipTrailer::OptionalLikePgzip] {
        let limits = Limits::fixed(LIMIT).with_gzip_trailer(trailer);
        match compress::decompress(data, &limits) {
            Ok((out, algorithm)) => {
                assert_eq!(algorithm, expected);
                assert!(out.len() <= LIMIT);
            }
            Err(e) => {
                // Every error has a message; Argo texts, where present, are non-empty.
                assert!(!e.to_string().is_empty());
                if let Some(t) = e.argo_text() {
                    assert!(!t.is_empty());
                }
            }
        }
    }
}
