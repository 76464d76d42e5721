//! Every `decode` case of ../shared/vectors/index.json through `compress::decode_nodes`:
//! decoded length and SHA-256, the detected algorithm, each malformed case rejected with
//! the expected error class and (where the vector's text is exact) Argo's text, and the
//! three 1 GiB bombs stopped by the default limit.

use std::time::{Duration, Instant};

use serde_json::Value;
use sha2::{Digest, Sha256};
use wfpack_codec::Error;
use wfpack_codec::base64;
use wfpack_codec::compress::{self, Algorithm, GzipTrailer, Limits};

struct Case {
    id: String,
    input: Vec<u8>,
    decode: Value,
}

fn cases() -> Vec<Case> {
    let index = wfpack_tests::vector_index();
    let mut out = Vec::new();
    for case in index["cases"].as_array().expect("cases") {
        if case["kind"] != "decode" {
            continue;
        }
        let decode = case["decode"].clone();
        let input = if let Some(s) = decode["compressed_nodes"].as_str() {
            s.as_bytes().to_vec()
        } else if let Some(file) = decode["compressed_nodes_file"].as_object() {
            let path = wfpack_tests::vectors_dir().join(file["path"].as_str().unwrap());
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert_eq!(bytes.len() as u64, file["bytes"].as_u64().unwrap());
            assert_eq!(
                hex(&Sha256::digest(&bytes)),
                file["sha256"].as_str().unwrap()
            );
            bytes
        } else {
            assert_eq!(decode["compressed_nodes_is_empty"], true, "{}", case["id"]);
            Vec::new()
        };
        out.push(Case {
            id: case["id"].as_str().unwrap().to_string(),
            input,
            decode,
        });
    }
    assert!(
        out.len() >= 30,
        "expected the 36 decode cases, found {}",
        out.len()
    );
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The algorithm named by `detected_algorithm` (`None` for a base64 error).
fn expected_algorithm(d: &Value) -> Option<Algorithm> {
    let s = d["detected_algorithm"].as_str().unwrap();
    if s.starts_with("none") {
        None
    } else {
        Some(s.split_whitespace().next().unwrap().parse().unwrap())
    }
}

/// The error class an Argo/recommended text stands for.
fn class_matches(text: &str, err: &Error) -> bool {
    let t = text.trim_start_matches("failed to decompress: ");
    match t {
        _ if t.starts_with("illegal base64 data") => matches!(err, Error::Base64 { .. }),
        "gzip: invalid header" => matches!(
            err,
            Error::GzipHeader { .. }
                | Error::TrailingData {
                    algorithm: Algorithm::Gzip,
                    ..
                }
        ),
        "gzip: invalid checksum" => matches!(err, Error::GzipChecksum { .. }),
        "unexpected EOF" => matches!(
            err,
            Error::GzipTruncated { .. } | Error::Truncated { .. } | Error::TrailingData { .. }
        ),
        "brotli: excessive input" => matches!(
            err,
            Error::TrailingData {
                algorithm: Algorithm::Brotli,
                ..
            }
        ),
        _ if t.starts_with("brotli: ") => matches!(err, Error::Brotli { .. }),
        "CRC check failed" => matches!(err, Error::ZstdChecksum { .. }),
        "invalid input: magic number mismatch" => matches!(
            err,
            Error::TrailingData {
                algorithm: Algorithm::Zstd,
                ..
            }
        ),
        "decompressed size exceeds limit" => matches!(err, Error::LimitExceeded { .. }),
        _ => panic!("no error class known for {text:?}"),
    }
}

/// Checks one outcome (`recommended` or `argo_default_pgzip`) against our result.
fn check(case: &Case, outcome: &Value, got: &Result<compress::Decoded, Error>, exact_text: bool) {
    let d = &case.decode;
    match outcome["result"].as_str().unwrap() {
        "ok" => {
            let decoded = got
                .as_ref()
                .unwrap_or_else(|e| panic!("{}: expected success, got {e:?} ({e})", case.id));
            if let Some(len) = d["decoded_length"].as_u64() {
                assert_eq!(decoded.json.len() as u64, len, "{}: length", case.id);
            }
            if let Some(sha) = d["decoded_sha256"].as_str() {
                assert_eq!(
                    hex(&Sha256::digest(&decoded.json)),
                    sha,
                    "{}: sha256",
                    case.id
                );
            }
            assert_eq!(
                Some(decoded.algorithm),
                expected_algorithm(d),
                "{}",
                case.id
            );
        }
        "error" => {
            let err = match got {
                Ok(_) => panic!("{}: expected an error, decoding succeeded", case.id),
                Err(e) => e,
            };
            let display = err.to_string();
            assert!(
                display.len() > 20,
                "{}: message too short: {display}",
                case.id
            );
            // The text to compare with: the outcome's own, or (for "any error") Argo's
            // indicative text, used for the class only.
            let text = outcome["error"]
                .as_str()
                .or_else(|| d["argo_default_pgzip"]["error"].as_str());
            if let Some(text) = text {
                assert!(
                    class_matches(text, err),
                    "{}: expected class of {text:?}, got {err:?}",
                    case.id
                );
                if exact_text && outcome["error"].is_string() {
                    assert_eq!(err.argo_text().as_deref(), Some(text), "{}: text", case.id);
                }
            }
        }
        other => panic!("{}: unknown result {other}", case.id),
    }
}

#[test]
fn every_decode_case_follows_the_recommended_outcome() {
    for case in cases() {
        let started = Instant::now();
        let got = compress::decode_nodes(&case.input, &Limits::default());
        check(&case, &case.decode["recommended"], &got, true);
        if let Some(limit) = case.decode["recommended_limit_bytes"].as_u64() {
            assert!(Limits::default().max_output(case.input.len()) as u64 <= limit);
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "{}: the bomb took {:?}",
                case.id,
                started.elapsed()
            );
        }
    }
}

#[test]
fn detection_follows_argo_order() {
    for case in cases() {
        let Ok(raw) = base64::decode(&case.input) else {
            assert_eq!(expected_algorithm(&case.decode), None, "{}", case.id);
            continue;
        };
        assert_eq!(
            Some(compress::detect(&raw)),
            expected_algorithm(&case.decode),
            "{}",
            case.id
        );
    }
}

/// With pgzip's leniency, gzip and brotli cases match Argo's default reader exactly
/// (zstd texts in the vectors are indicative only; bombs are limited on purpose).
#[test]
fn pgzip_mode_matches_argo_default_reader() {
    let limits = Limits::default().with_gzip_trailer(GzipTrailer::OptionalLikePgzip);
    for case in cases() {
        if case.decode["recommended_limit_bytes"].is_u64()
            || expected_algorithm(&case.decode) == Some(Algorithm::Zstd)
        {
            continue;
        }
        let got = compress::decode_nodes(&case.input, &limits);
        check(&case, &case.decode["argo_default_pgzip"], &got, true);
    }
}

/// Go's stdlib reader (`GZIP_IMPLEMENTATION=GZip`) is what the default mode follows.
#[test]
fn default_mode_matches_go_stdlib_reader_on_gzip() {
    for case in cases() {
        if expected_algorithm(&case.decode) != Some(Algorithm::Gzip)
            || case.decode["recommended_limit_bytes"].is_u64()
        {
            continue;
        }
        let got = compress::decode_nodes(&case.input, &Limits::default());
        check(&case, &case.decode["argo_gzip_stdlib"], &got, true);
    }
}

/// The bombs also fail under a small fixed limit, and decode fully under a large one
/// only when asked to (here: checked up to 300 MB for the gzip bomb's first part).
#[test]
fn bombs_stop_at_any_limit() {
    for case in cases() {
        if !case.decode["recommended_limit_bytes"].is_u64() {
            continue;
        }
        for limit in [1 << 20, 16 << 20] {
            let err = compress::decode_nodes(&case.input, &Limits::fixed(limit)).unwrap_err();
            assert!(
                matches!(err, Error::LimitExceeded { limit: l, .. } if l == limit),
                "{}: {err:?}",
                case.id
            );
            assert_eq!(err.argo_text().unwrap(), "decompressed size exceeds limit");
        }
    }
}
