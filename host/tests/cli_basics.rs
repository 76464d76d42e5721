//! End-to-end: the shell of `wfpack` (help, version, usage errors, output modes) and the
//! input layer (every kind of bad input -> one line, exit code 2).

mod common;
use common::*;

#[test]
fn help_has_examples_and_exit_codes() {
    let r = wfpack(&["--help"]);
    r.code(0);
    assert!(r.stdout.contains("Examples:"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("Exit codes: 0 ok, 1 the operation failed, 2 usage error or bad input")
    );
    for sub in [
        "nodes", "size", "decide", "pack", "hydrate", "run", "archive", "offload", "doctor",
        "generate",
    ] {
        assert!(r.stdout.contains(sub), "missing {sub}");
        let h = wfpack(&[sub, "--help"]);
        h.code(0);
        assert!(
            h.stdout.contains("Examples:") || sub == "archive" || sub == "offload",
            "{sub} --help lacks examples"
        );
    }
    wfpack(&["archive", "gc", "--help"]).code(0);
}

#[test]
fn version_and_usage_errors() {
    let r = wfpack(&["--version"]);
    r.code(0);
    assert!(r.stdout.starts_with("wfpack "));
    wfpack(&["nodes"]).code(2);
    wfpack(&["no-such-command"]).code(2);
    wfpack(&["nodes", "x.yaml", "--no-such-flag"]).code(2);
    wfpack(&["-o", "xml", "nodes", "-"]).code(2);
}

#[test]
fn not_yaml_or_json() {
    let dir = tempfile::tempdir().unwrap();
    let f = write(dir.path(), "bad.yaml", "kind: Workflow\nmetadata: [\n");
    wfpack(&["nodes", &f])
        .code(2)
        .error_line(&["bad.yaml:", "not YAML or JSON", "kubectl get wf"]);
    let f = write(dir.path(), "bad.json", "{\"kind\": \"Workflow\", ");
    wfpack(&["nodes", &f])
        .code(2)
        .error_line(&["bad.json:1:", "not valid JSON"]);
    let f = write(dir.path(), "bin.yaml", [0xffu8, 0xfe, 0x00, 0x01]);
    wfpack(&["nodes", &f])
        .code(2)
        .error_line(&["invalid UTF-8 at byte 0"]);
    wfpack_stdin(&["nodes", "-"], b"")
        .code(2)
        .error_line(&["<stdin>", "empty"]);
}

#[test]
fn not_a_workflow() {
    wfpack_stdin(
        &["nodes", "-"],
        b"apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n",
    )
    .code(2)
    .error_line(&["<stdin>", "not a Workflow", "Pod"]);
    wfpack_stdin(
        &["nodes", "-"],
        b"apiVersion: argoproj.io/v1alpha1\nkind: CronWorkflow\n",
    )
    .code(2)
    .error_line(&["CronWorkflow"]);
    wfpack_stdin(&["nodes", "-"], b"[1, 2]")
        .code(2)
        .error_line(&["not a Workflow"]);
    let list = br#"{"kind":"List","items":[{"kind":"Workflow","apiVersion":"argoproj.io/v1alpha1"},{"kind":"Secret"}]}"#;
    wfpack_stdin(&["nodes", "-"], list)
        .code(2)
        .error_line(&["items[1]", "Secret"]);
}

#[test]
fn missing_file_is_bad_input() {
    wfpack(&["nodes", "/no/such/file.yaml"])
        .code(2)
        .error_line(&["/no/such/file.yaml", "check the path"]);
}

#[test]
fn errors_are_json_with_output_json() {
    let r = wfpack_stdin(&["nodes", "-", "-o", "json"], b"kind: Pod\n");
    r.code(2);
    let v: serde_json::Value = serde_json::from_str(r.stderr.trim()).expect("stderr is JSON");
    assert_eq!(v["error"]["exit_code"], 2);
    assert!(
        v["error"]["message"]
            .as_str()
            .unwrap()
            .contains("not a Workflow")
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let wf = root().join("host/examples/walkthrough/workflows/loop-5.yaml");
    let wf = wf.to_str().unwrap();
    let plain = wfpack(&["nodes", wf]);
    plain.code(0);
    assert!(
        !plain.stdout.contains('\u{1b}'),
        "escape codes in piped output"
    );
    let forced = wfpack(&["--color", "always", "nodes", wf]);
    assert!(
        forced.stdout.contains('\u{1b}'),
        "no escape codes with --color always"
    );
}

#[test]
fn multi_document_and_lists() {
    let dir = tempfile::tempdir().unwrap();
    let a = wfpack(&["generate", "--items", "2", "--name", "a"]).stdout;
    let b = wfpack(&["generate", "--items", "3", "--name", "b"]).stdout;
    let multi = write(dir.path(), "multi.yaml", format!("{a}---\n{b}---\n"));
    let r = wfpack(&["nodes", &multi, "-o", "json"]);
    r.code(0);
    let v = r.json();
    assert_eq!(v.as_array().unwrap().len(), 2);
    assert_eq!(v[1]["workflow"]["name"], "b");
    assert_eq!(v[1]["count"], 3 + 5);

    let list = format!(
        "{{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{},{}]}}",
        wfpack(&["generate", "--items", "2", "--name", "a", "-f", "json"]).stdout,
        wfpack(&["generate", "--items", "1", "--name", "c", "-f", "json"]).stdout
    );
    let r = wfpack_stdin(&["nodes", "-", "-o", "json"], list.as_bytes());
    r.code(0);
    assert_eq!(r.json()[1]["workflow"]["name"], "c");
}
