//! Writes `web/build/brotli-dictionary.br`: the brotli static dictionary (RFC 7932
//! appendix A, 122,784 bytes) compressed by the `brotli` crate at quality 11 with a 24-bit
//! window in catable mode, which turns the static dictionary off, so the stream decodes
//! without the dictionary it carries. The npm build stores this stream in the decoding
//! core's custom section `wfpack.brotli-dictionary` and `init()` restores the dictionary
//! from it (see web/build/dictionary.mjs).
//!
//! ```sh
//! cargo run -p wfpack-codec --example brotli_dictionary -- web/build/brotli-dictionary.br
//! ```
//!
//! The output is deterministic: running it again gives the committed file byte for byte.

// A generator reports on stderr.
#![allow(clippy::print_stderr)]

use brotli::enc::BrotliEncoderParams;

fn main() {
    let Some(out) = std::env::args().nth(1) else {
        eprintln!("usage: brotli_dictionary OUTPUT.br (e.g. web/build/brotli-dictionary.br)");
        std::process::exit(2);
    };
    let dictionary: &[u8] = &brotli::dictionary::kBrotliDictionary;
    let mut params = BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: dictionary.len(),
        ..BrotliEncoderParams::default()
    };
    // What BROTLI_PARAM_CATABLE sets: no static-dictionary references in the stream.
    params.catable = true;
    params.appendable = true;
    params.use_dictionary = false;
    let mut stream = Vec::new();
    let mut input = dictionary;
    if let Err(e) = brotli::BrotliCompress(&mut input, &mut stream, &params) {
        eprintln!("brotli_dictionary: compressing failed: {e}");
        std::process::exit(1);
    }
    if let Err(e) = std::fs::write(&out, &stream) {
        eprintln!("brotli_dictionary: cannot write {out}: {e}; check the directory exists");
        std::process::exit(1);
    }
    eprintln!(
        "brotli_dictionary: wrote {out}: {} bytes (dictionary {} bytes)",
        stream.len(),
        dictionary.len()
    );
}
