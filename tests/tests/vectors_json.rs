//! Go-exact JSON against every `workflow`, `workflow-minimal` and `json-encoding` case of
//! `shared/vectors/index.json`.

use serde_json::Value;
use wfpack_codec::go_json::{self, Escapes, Options, Order};
use wfpack_tests::{vector_index, vectors_dir};

fn cases(kind: &str) -> Vec<Value> {
    let index = vector_index();
    let cases: Vec<Value> = index["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == kind)
        .cloned()
        .collect();
    assert!(!cases.is_empty(), "no {kind} cases");
    cases
}

fn file(case: &Value, key: &str) -> Vec<u8> {
    let f = &case["files"][key];
    let bytes = std::fs::read(vectors_dir().join(f["path"].as_str().unwrap())).unwrap();
    assert_eq!(
        bytes.len() as u64,
        f["bytes"].as_u64().unwrap(),
        "{key} length"
    );
    bytes
}

fn opts(order: Order) -> Options {
    Options {
        order,
        escapes: Escapes::Go122,
    }
}

/// Asserts `to_vec(input) == expected` and `encoded_len(input) == expected.len()`.
fn check(name: &str, input: &[u8], order: Order, expected: &[u8]) {
    let out = go_json::to_vec(input, &opts(order)).unwrap();
    if out != expected {
        let at = out
            .iter()
            .zip(expected)
            .position(|(a, b)| a != b)
            .unwrap_or(out.len().min(expected.len()));
        let lo = at.saturating_sub(80);
        panic!(
            "{name} {order:?}: differs at byte {at}\n ours: {}\nwants: {}",
            String::from_utf8_lossy(&out[lo..(at + 80).min(out.len())]),
            String::from_utf8_lossy(&expected[lo..(at + 80).min(expected.len())])
        );
    }
    assert_eq!(
        go_json::encoded_len(input, &opts(order)).unwrap(),
        expected.len(),
        "{name} {order:?} len"
    );
}

#[test]
fn workflows_byte_exact_in_every_order() {
    for case in cases("workflow") {
        let id = case["id"].as_str().unwrap();
        let generic = file(&case, "workflow_generic");
        let typed = file(&case, "workflow_typed");
        let cgeneric = file(&case, "workflow_compressed_generic");
        let ctyped = file(&case, "workflow_compressed_typed");
        for input in [&generic, &typed] {
            check(id, input, Order::Sorted, &generic);
            check(id, input, Order::Typed, &typed);
            check(id, input, Order::Argo, &typed);
        }
        for input in [&cgeneric, &ctyped] {
            check(id, input, Order::Sorted, &cgeneric);
            check(id, input, Order::Typed, &ctyped);
            check(id, input, Order::Argo, &ctyped);
        }
        let lengths = &case["lengths"];
        assert_eq!(
            generic.len() as u64,
            lengths["workflow_json"].as_u64().unwrap()
        );
        assert_eq!(
            ctyped.len() as u64,
            lengths["workflow_compressed_json"].as_u64().unwrap()
        );
        let pre = Options {
            order: Order::Argo,
            escapes: Escapes::Pre122,
        };
        assert_eq!(
            go_json::encoded_len(&generic, &pre).unwrap() as u64,
            lengths["workflow_json_as_go_pre_1.22_would_write_it"]
                .as_u64()
                .unwrap(),
            "{id} pre-1.22 length"
        );
        assert_eq!(
            go_json::to_vec(&typed, &pre).unwrap().len() as u64,
            lengths["workflow_json_as_go_pre_1.22_would_write_it"]
                .as_u64()
                .unwrap()
        );
        // The nodes JSON Argo compresses is status.nodes re-encoded typed.
        let nodes = file(&case, "nodes_typed");
        assert_eq!(nodes.len() as u64, lengths["nodes_json"].as_u64().unwrap());
    }
}

#[test]
fn packer_fixtures_argo_semantics() {
    for case in cases("workflow-minimal") {
        let id = case["id"].as_str().unwrap();
        let extra = &case["extra"];
        let typed = extra["workflow_typed_json"].as_str().unwrap().as_bytes();
        let ctyped = extra["workflow_compressed_typed_json"]
            .as_str()
            .unwrap()
            .as_bytes();
        check(id, typed, Order::Argo, typed);
        check(id, typed, Order::Typed, typed);
        check(id, ctyped, Order::Argo, ctyped);
        assert_eq!(
            typed.len() as u64,
            case["lengths"]["workflow_json"].as_u64().unwrap()
        );
        assert_eq!(
            ctyped.len() as u64,
            case["lengths"]["workflow_compressed_json"]
                .as_u64()
                .unwrap()
        );
        // Argo writes the zero members even when the input leaves them out.
        let sparse: serde_json::Value = serde_json::from_slice(typed).unwrap();
        let mut sparse = sparse;
        for (_, node) in sparse["status"]["nodes"].as_object_mut().unwrap() {
            *node = serde_json::json!({});
        }
        sparse["spec"].as_object_mut().unwrap().remove("arguments");
        sparse["status"]
            .as_object_mut()
            .unwrap()
            .remove("startedAt");
        let sparse = serde_json::to_vec(&sparse).unwrap();
        check(id, &sparse, Order::Argo, typed);
    }
}

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap())
        .collect()
}

#[test]
fn string_escaping_table() {
    for case in cases("json-encoding") {
        for row in case["extra"]["rows"].as_array().unwrap() {
            let input = unhex(row["input_hex"].as_str().unwrap());
            for (key, esc) in [
                ("go122_json", Escapes::Go122),
                ("go_pre122_json", Escapes::Pre122),
            ] {
                let want = row[key].as_str().unwrap().as_bytes();
                let mut out = Vec::new();
                go_json::write_string(&mut out, &input, esc);
                assert_eq!(out, want, "{} {key}", row["input_hex"]);
                assert_eq!(go_json::string_len(&input, esc), want.len());
                // The same string inside a document, raw bytes as its content.
                let mut doc = b"[\"".to_vec();
                for &b in &input {
                    match b {
                        b'"' => doc.extend_from_slice(b"\\\""),
                        b'\\' => doc.extend_from_slice(b"\\\\"),
                        0..=0x1f => doc.extend_from_slice(format!("\\u{:04x}", b).as_bytes()),
                        _ => doc.push(b),
                    }
                }
                doc.extend_from_slice(b"\"]");
                let out = go_json::to_vec(
                    &doc,
                    &Options {
                        order: Order::Sorted,
                        escapes: esc,
                    },
                )
                .unwrap();
                assert_eq!(
                    &out[1..out.len() - 1],
                    want,
                    "{} {key} in a document",
                    row["input_hex"]
                );
            }
        }
    }
}
