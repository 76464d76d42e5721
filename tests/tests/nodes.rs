//! Typed nodes and the lazy view against the vectors' nodes.json.

use serde_json::Value;
use wfpack_codec::go_json::{self, Options};
use wfpack_codec::nodes::{Nodes, NodesView};
use wfpack_codec::version::offload_version;
use wfpack_tests::{vector_index, vectors_dir};

fn workflow_cases() -> Vec<Value> {
    vector_index()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "workflow")
        .cloned()
        .collect()
}

fn read(case: &Value, key: &str) -> Vec<u8> {
    std::fs::read(vectors_dir().join(case["files"][key]["path"].as_str().unwrap())).unwrap()
}

#[test]
fn nodes_json_round_trips_byte_for_byte() {
    for case in workflow_cases() {
        let id = case["id"].as_str().unwrap();
        let json = read(&case, "nodes_typed");
        let nodes = Nodes::from_json(&json).unwrap();
        assert_eq!(nodes.to_go_json(), json, "{id}: to_go_json");
        assert_eq!(nodes.go_json_len(), json.len(), "{id}: go_json_len");
        assert_eq!(nodes.to_json(), json, "{id}: to_json");
        assert_eq!(
            Nodes::from_json(&nodes.to_json()).unwrap(),
            nodes,
            "{id}: decode again"
        );
        assert_eq!(
            offload_version(&json),
            case["offload_version"].as_str().unwrap(),
            "{id}: version"
        );
        // The same bytes come out of the workflow's own status.nodes, re-encoded like Argo.
        let wf: Value = serde_json::from_slice(&read(&case, "workflow_generic")).unwrap();
        let sub =
            serde_json::to_vec(&serde_json::json!({"status": {"nodes": wf["status"]["nodes"]}}))
                .unwrap();
        let typed = go_json::to_vec(&sub, &Options::ARGO).unwrap();
        let prefix = br#"{"metadata":{},"spec":{"arguments":{}},"status":{"startedAt":null,"finishedAt":null,"nodes":"#;
        assert!(typed.starts_with(prefix));
        assert_eq!(
            &typed[prefix.len()..typed.len() - 2],
            &json[..],
            "{id}: nodes via go_json"
        );

        let view = NodesView::new(&json).unwrap();
        assert_eq!(view.count(), nodes.len());
        for (nid, node) in nodes.iter() {
            let r = view.get(nid).unwrap();
            assert_eq!(r.phase(), node.phase);
            assert_eq!(r.node_type(), node.node_type);
            assert_eq!(r.name(), node.name);
            assert_eq!(r.child_ids().collect::<Vec<_>>(), node.children);
            assert_eq!(&r.materialize().unwrap(), node);
        }
        let root = view.roots();
        assert_eq!(root.len(), 1, "{id}: one root");
        let n_items = case["items"].as_u64().unwrap() as usize;
        assert_eq!(
            view.ids_by_type("Plugin").count(),
            n_items,
            "{id}: plugin nodes"
        );
    }
}

#[test]
fn minimal_fixture_nodes() {
    for case in vector_index()["cases"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "workflow-minimal")
    {
        let json = case["extra"]["nodes_typed_json"]
            .as_str()
            .unwrap()
            .as_bytes();
        let nodes = Nodes::from_json(json).unwrap();
        assert_eq!(nodes.to_go_json(), json);
        assert_eq!(
            offload_version(json),
            case["offload_version"].as_str().unwrap()
        );
        // Argo writes the zero members of a node even when they were never set.
        let sparse: Vec<u8> = {
            let v: Value = serde_json::from_slice(json).unwrap();
            let m: serde_json::Map<String, Value> = v
                .as_object()
                .unwrap()
                .keys()
                .map(|k| (k.clone(), serde_json::json!({})))
                .collect();
            serde_json::to_vec(&m).unwrap()
        };
        assert_eq!(Nodes::from_json(&sparse).unwrap().to_go_json(), json);
    }
}

#[test]
fn bad_input_gives_offsets_not_panics() {
    for (bad, offset) in [
        (&b"{\"a\":{\"id\":1}}"[..], 11),
        (b"{\"a\":{\"children\":\"x\"}}", 17),
        (b"[1]", 0),
        (b"{\"a\":{\"id\":\"x\"", 14),
        (b"{\"a\":{\"estimatedDuration\":1.5}}", 26),
    ] {
        let err = Nodes::from_json(bad).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&format!("byte {offset}")), "{text}");
        assert!(
            NodesView::new(bad).is_err()
                || bad.starts_with(b"{\"a\":{\"id\":1")
                || bad.starts_with(b"{\"a\":{\"est")
        );
    }
    assert!(Nodes::from_json(b"null").unwrap().is_null());
    assert_eq!(Nodes::from_json(b"null").unwrap().to_go_json(), b"null");
    assert_eq!(NodesView::new(b" null ").unwrap().count(), 0);
}

#[test]
fn unknown_members_survive_the_round_trip() {
    let json = br#"{"x":{"id":"x","name":"n","type":"Pod","futureField":{"b":1,"a":[true]},"startedAt":null}}"#;
    let nodes = Nodes::from_json(json).unwrap();
    let out = nodes.to_json();
    assert_eq!(
        out,
        br#"{"x":{"id":"x","name":"n","type":"Pod","startedAt":null,"finishedAt":null,"futureField":{"a":[true],"b":1}}}"#
    );
    assert_eq!(Nodes::from_json(&out).unwrap(), nodes);
    assert_eq!(
        nodes.to_go_json(),
        br#"{"x":{"id":"x","name":"n","type":"Pod","startedAt":null,"finishedAt":null}}"#
    );
}
