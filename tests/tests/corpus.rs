//! Every Workflow in `shared/corpus` (Argo's own fixtures, YAML) parses, its nodes decode
//! into typed records, and decode → encode → decode is the identity.

use std::path::PathBuf;

use wfpack_codec::go_json::{self, Escapes, Options, Order};
use wfpack_codec::nodes::{Nodes, NodesView};
use wfpack_tests::corpus_dir;

fn yaml_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![corpus_dir()];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p
                .extension()
                .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
            {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

#[test]
fn corpus_nodes_round_trip() {
    let files = yaml_files();
    assert_eq!(files.len(), 102, "corpus files");
    let mut total_nodes = 0;
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let wf: serde_json::Value =
            serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{name}: YAML: {e}"));
        let wf_json = serde_json::to_vec(&wf).unwrap();
        // The whole object re-encodes in every order; counting agrees with writing.
        for order in [Order::Sorted, Order::Typed, Order::Argo] {
            for escapes in [Escapes::Go122, Escapes::Pre122] {
                let o = Options { order, escapes };
                let out = go_json::to_vec(&wf_json, &o)
                    .unwrap_or_else(|e| panic!("{name} {order:?}: {e}"));
                assert_eq!(
                    go_json::encoded_len(&wf_json, &o).unwrap(),
                    out.len(),
                    "{name} {order:?}"
                );
                // Re-encoding Go's output is a fixed point, and so is its length (text
                // already in Go's form is measured without counting).
                assert_eq!(
                    go_json::to_vec(&out, &o).unwrap(),
                    out,
                    "{name} {order:?} fixed point"
                );
                assert_eq!(
                    go_json::encoded_len(&out, &o).unwrap(),
                    out.len(),
                    "{name} {order:?} length of Go's output"
                );
                // Go's output with its members sorted (how the API server returns it).
                let sorted = go_json::to_vec(
                    &out,
                    &Options {
                        order: Order::Sorted,
                        escapes,
                    },
                )
                .unwrap();
                assert_eq!(
                    go_json::encoded_len(&sorted, &o).unwrap(),
                    go_json::to_vec(&sorted, &o).unwrap().len(),
                    "{name} {order:?} sorted"
                );
            }
        }
        let nodes_json = serde_json::to_vec(&wf["status"]["nodes"]).unwrap();
        let nodes = Nodes::from_json(&nodes_json).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!nodes.is_empty(), "{name}: no nodes");
        total_nodes += nodes.len();
        let again = Nodes::from_json(&nodes.to_json()).unwrap();
        assert_eq!(again, nodes, "{name}: decode -> encode -> decode");
        assert_eq!(again.to_json(), nodes.to_json(), "{name}: encode is stable");
        let go = Nodes::from_json(&nodes.to_go_json()).unwrap();
        assert_eq!(
            go.to_go_json(),
            nodes.to_go_json(),
            "{name}: Go encoding is a fixed point"
        );
        let view = NodesView::new(&nodes_json).unwrap();
        assert_eq!(view.count(), nodes.len(), "{name}");
        for (id, n) in nodes.iter() {
            let r = view.get(id).unwrap();
            assert_eq!(
                (r.phase(), r.node_type(), r.name()),
                (&*n.phase, &*n.node_type, &*n.name),
                "{name} {id}"
            );
            assert_eq!(&r.materialize().unwrap(), n, "{name} {id}");
        }
        // The typed nodes JSON of the workflow equals the nodes' own Go encoding.
        let from_wf = wfpack_codec::pack::nodes_json(&wf_json).unwrap();
        assert_eq!(
            from_wf,
            nodes.to_go_json(),
            "{name}: nodes JSON via the workflow"
        );
        assert_eq!(nodes.go_json_len(), from_wf.len(), "{name}: go_json_len");
    }
    assert!(total_nodes >= 460, "{total_nodes} nodes");
}
