//! Property tests: go_json's counter always agrees with its writer, its output is a
//! fixed point and means the same JSON; typed nodes round-trip; nothing panics.

use proptest::prelude::*;
use serde_json::{Map, Value};
use wfpack_codec::go_json::{self, Escapes, Options, Order};
use wfpack_codec::nodes::{MemoizationStatus, NodeFlag, NodeStatus, Nodes, NodesView, TemplateRef};

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z]{0,6}",
        any::<String>(),
        Just("<&>\u{2028}\u{2029}\u{8}\u{c}\"\\/\u{7f}é🚀".to_string()),
    ]
}

/// Member names of Argo's types, so the typed and Argo paths see real structure.
const ARGO_NAMES: &[&str] = &[
    "kind",
    "apiVersion",
    "metadata",
    "spec",
    "status",
    "name",
    "labels",
    "annotations",
    "creationTimestamp",
    "generation",
    "templates",
    "entrypoint",
    "arguments",
    "parameters",
    "artifacts",
    "value",
    "default",
    "enum",
    "inputs",
    "outputs",
    "steps",
    "dag",
    "tasks",
    "container",
    "resources",
    "env",
    "ports",
    "containerPort",
    "plugin",
    "withItems",
    "withSequence",
    "count",
    "nodes",
    "id",
    "type",
    "phase",
    "startedAt",
    "finishedAt",
    "children",
    "resourcesDuration",
    "estimatedDuration",
    "nodeFlag",
    "memoizationStatus",
    "hit",
    "exitCode",
    "result",
    "managedFields",
    "fieldsV1",
    "time",
    "s3",
    "key",
    "Name",
    "ID",
    "taskResultsCompletionStatus",
    "storedTemplates",
    "conditions",
    "podGC",
    "strategy",
];

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        (-1e30f64..1e30).prop_map(Value::from),
        text().prop_map(Value::String),
        prop_oneof![
            Just("2026-08-01T10:00:00Z"),
            Just("0001-01-01T00:00:00Z"),
            Just("2026-08-01T10:00:00.5+02:00"),
            Just("")
        ]
        .prop_map(|s| Value::String(s.into())),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop_oneof![1 => "[a-zA-Z]{1,8}", 1 => text(), 6 => prop::sample::select(ARGO_NAMES).prop_map(String::from)], inner), 0..8)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A number beyond `int64`, which Go writes through `float64`.
fn has_big(v: &Value) -> bool {
    match v {
        Value::Number(n) => n.as_i64().is_none(),
        Value::Array(a) => a.iter().any(has_big),
        Value::Object(m) => m.values().any(has_big),
        _ => false,
    }
}

fn all_options() -> Vec<Options> {
    let mut v = Vec::new();
    for order in [Order::Sorted, Order::Typed, Order::Argo] {
        for escapes in [Escapes::Go122, Escapes::Pre122] {
            v.push(Options { order, escapes });
        }
    }
    v
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn encoded_len_equals_to_vec_len(v in json_value(), pretty in any::<bool>()) {
        let doc = if pretty { serde_json::to_vec_pretty(&v).unwrap() } else { serde_json::to_vec(&v).unwrap() };
        for o in all_options() {
            let out = go_json::to_vec(&doc, &o).unwrap();
            prop_assert_eq!(go_json::encoded_len(&doc, &o).unwrap(), out.len());
            prop_assert_eq!(&go_json::to_vec(&out, &o).unwrap(), &out);
        }
        // Sorted output is the same JSON value (numbers aside, which Go may reformat).
        let sorted = go_json::to_vec(&doc, &Options::SORTED).unwrap();
        let back: Value = serde_json::from_slice(&sorted).unwrap();
        if !doc.iter().any(|&c| c == b'.' || c == b'e' || c == b'E') && !has_big(&v) {
            prop_assert_eq!(back, v);
        }
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        for o in all_options() {
            let a = go_json::to_vec(&bytes, &o);
            let b = go_json::encoded_len(&bytes, &o);
            prop_assert_eq!(a.as_ref().map(|v| v.len()).ok(), b.as_ref().ok().copied());
        }
        let _ = Nodes::from_json(&bytes);
        let _ = NodesView::new(&bytes);
        let _ = wfpack_codec::pack::breakdown(&bytes, 3);
    }

    #[test]
    fn nodes_round_trip(nodes in prop::collection::vec(node(), 0..8)) {
        let mut map = Nodes::default();
        for n in nodes {
            map.insert(n.id.clone(), n);
        }
        let json = map.to_json();
        let back = Nodes::from_json(&json).unwrap();
        prop_assert_eq!(&back, &map);
        prop_assert_eq!(back.to_go_json(), map.to_go_json());
        prop_assert_eq!(back.go_json_len(), map.to_go_json().len());
        // Go's own encoding of the same JSON, through the generic encoder.
        let wf = [br#"{"status":{"nodes":"#.as_slice(), &json, b"}}"].concat();
        prop_assert_eq!(wfpack_codec::pack::nodes_json(&wf).unwrap(), if map.is_empty() { b"null".to_vec() } else { map.to_go_json() });
        let view = NodesView::new(&json).unwrap();
        prop_assert_eq!(view.count(), map.len());
    }
}

fn time() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        (
            2000u32..2100,
            1u32..13,
            1u32..29,
            0u32..24,
            0u32..60,
            0u32..60
        )
            .prop_map(|(y, mo, d, h, mi, s)| Some(format!(
                "{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z"
            ))),
    ]
}

fn node() -> impl Strategy<Value = NodeStatus> {
    (
        (
            "[a-z0-9-]{1,12}",
            text(),
            text(),
            "(Pod|Steps|DAG|Retry)?",
            text(),
            text(),
        ),
        (
            time(),
            time(),
            any::<i32>(),
            prop::collection::vec(text(), 0..3),
            prop::collection::vec(("[a-z]{1,5}", any::<i32>()), 0..3),
        ),
        (
            any::<Option<bool>>(),
            any::<Option<(bool, bool)>>(),
            any::<Option<(bool, String, String)>>(),
            any::<Option<String>>(),
            any::<Option<(String, bool)>>(),
        ),
    )
        .prop_map(
            |(
                (id, name, display, ty, phase, message),
                (started, finished, est, children, rd),
                (daemoned, flag, memo, sync, tref),
            )| {
                let mut rd: Vec<(String, i64)> =
                    rd.into_iter().map(|(k, v)| (k, v as i64)).collect();
                rd.sort();
                rd.dedup_by(|a, b| a.0 == b.0);
                NodeStatus {
                    id,
                    name,
                    display_name: display,
                    node_type: ty,
                    phase,
                    message,
                    started_at: started,
                    finished_at: finished,
                    estimated_duration: est as i64,
                    children,
                    resources_duration: rd,
                    daemoned,
                    node_flag: flag.map(|(hooked, retried)| NodeFlag { hooked, retried }),
                    memoization_status: memo.map(|(hit, key, cache_name)| MemoizationStatus {
                        hit,
                        key,
                        cache_name,
                    }),
                    synchronization_status: sync,
                    template_ref: tref.map(|(name, cluster_scope)| TemplateRef {
                        name,
                        template: String::new(),
                        cluster_scope,
                    }),
                    ..NodeStatus::default()
                }
            },
        )
}
