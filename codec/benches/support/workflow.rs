//! Synthetic Argo workflows for the benchmark, shaped like the vectors' `steps-plugin-<N>`
//! workflows: a `steps` template looping over a plugin template, then a step group with a
//! container step and a skipped step. Written in Argo's struct field order with Go's
//! escapes, so Go's `json.Marshal` of the typed workflow reproduces the bytes.

use std::fmt::Write as _;

/// A generated workflow.
pub struct Workflow {
    /// Total number of nodes in `status.nodes`.
    pub nodes: usize,
    /// The whole Workflow as JSON (struct order).
    pub workflow_json: Vec<u8>,
    /// `status.nodes` as JSON (struct order, map keys sorted).
    pub nodes_json: Vec<u8>,
}

fn fnv1a(s: &str) -> u32 {
    s.bytes().fold(0x811c_9dc5u32, |h, b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// Appends `s` as a Go JSON string (HTML-safe escapes, U+2028/2029 escaped).
fn string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

fn time(out: &mut String, seconds: u32) {
    let (h, m, s) = (seconds / 3600 % 24, seconds / 60 % 60, seconds % 60);
    let _ = write!(out, "\"2026-08-01T{h:02}:{m:02}:{s:02}Z\"");
}

const MESSAGES: [&str; 5] = [
    "ok <done> & \"quoted\" back\\slash",
    "température élevée ✓ ошибка не найдена",
    "rocket 🚀 launched\u{2028}line two",
    "tab\tseparated\nvalues",
    "exit code 0; retrying in 5s",
];

struct Node {
    id: String,
    json: String,
}

#[allow(clippy::too_many_arguments)]
fn node(
    wf: &str,
    name: &str,
    display: &str,
    kind: &str,
    template: Option<&str>,
    start: u32,
    end: u32,
    extra_before_times: Option<&str>,
    extra_after_times: &str,
) -> Node {
    let id = if name == wf {
        wf.to_string()
    } else {
        format!("{wf}-{}", fnv1a(name))
    };
    let mut j = String::with_capacity(512);
    j.push_str("{\"id\":");
    string(&mut j, &id);
    j.push_str(",\"name\":");
    string(&mut j, name);
    j.push_str(",\"displayName\":");
    string(&mut j, display);
    let _ = write!(j, ",\"type\":\"{kind}\"");
    if let Some(t) = template {
        let _ = write!(j, ",\"templateName\":\"{t}\"");
    }
    let _ = write!(j, ",\"templateScope\":\"local/{wf}\"");
    let phase = if kind == "Skipped" {
        "Skipped"
    } else {
        "Succeeded"
    };
    let _ = write!(j, ",\"phase\":\"{phase}\"");
    if name != wf {
        let _ = write!(j, ",\"boundaryID\":\"{wf}\"");
    }
    if let Some(m) = extra_before_times {
        j.push_str(",\"message\":");
        string(&mut j, m);
    }
    j.push_str(",\"startedAt\":");
    time(&mut j, start);
    j.push_str(",\"finishedAt\":");
    time(&mut j, end);
    j.push_str(extra_after_times);
    j.push('}');
    Node { id, json: j }
}

/// Builds a workflow with exactly `total` nodes (at least 6).
pub fn generate(total: usize) -> Workflow {
    let items = total.max(6) - 5;
    let wf = format!("bench-{total}");
    let mut nodes = Vec::with_capacity(total);
    let group0 = format!("{wf}[0]");
    let group1 = format!("{wf}[1]");
    let pod = format!("{wf}[1].summarize");
    let skipped = format!("{wf}[1].notify");
    let id = |n: &str| format!("{wf}-{}", fnv1a(n));
    let span = (items as u32).min(80_000);
    let mut group0_children = Vec::with_capacity(items);
    for i in 0..items {
        let name = format!("{wf}[0].hello({i}:{i})");
        group0_children.push(id(&name));
        let start = 2 + (i as u32 % span);
        let end = start + 3 + (i as u32 * 7 % 11);
        let message = (i % 7 == 3).then(|| MESSAGES[i / 7 % MESSAGES.len()]);
        let extra = format!(
            ",\"progress\":\"1/1\",\"inputs\":{{\"parameters\":[{{\"name\":\"item\",\"value\":\"{i}\"}}]}},\
             \"outputs\":{{\"parameters\":[{{\"name\":\"greeting\",\"value\":\"hello {i} from hello\"}}]}},\
             \"children\":[\"{}\"]",
            id(&group1)
        );
        nodes.push(node(
            &wf,
            &name,
            &format!("hello({i}:{i})"),
            "Plugin",
            Some("hello"),
            start,
            end,
            message,
            &extra,
        ));
    }
    let end0 = span + 20;
    let end = end0 + 30;
    let children0 = group0_children
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(",");
    nodes.push(node(
        &wf,
        &group0,
        "[0]",
        "StepGroup",
        None,
        0,
        end0,
        None,
        &format!(",\"progress\":\"{items}/{items}\",\"nodeFlag\":{{}},\"children\":[{children0}]"),
    ));
    nodes.push(node(
        &wf,
        &group1,
        "[1]",
        "StepGroup",
        None,
        end0,
        end,
        None,
        &format!(
            ",\"progress\":\"1/1\",\"nodeFlag\":{{}},\"children\":[\"{}\",\"{}\"]",
            id(&pod),
            id(&skipped)
        ),
    ));
    nodes.push(node(
        &wf, &pod, "summarize", "Pod", Some("summarize"), end0 + 1, end - 2, None,
        &format!(
            ",\"progress\":\"1/1\",\"resourcesDuration\":{{\"cpu\":1,\"memory\":22}},\"outputs\":{{\"parameters\":\
             [{{\"name\":\"total\",\"value\":\"{items}\",\"valueFrom\":{{\"path\":\"/tmp/total\"}}}}],\"exitCode\":\"0\"}},\
             \"hostNodeName\":\"worker-node-4\",\"taskResultSynced\":true"
        ),
    ));
    nodes.push(node(
        &wf,
        &skipped,
        "notify",
        "Skipped",
        Some("notify"),
        end0 + 1,
        end0 + 1,
        Some("when ''false' == 'true'' evaluated false"),
        ",\"nodeFlag\":{}",
    ));
    nodes.push(node(
        &wf, &wf, &wf, "Steps", Some("main"), 0, end, None,
        &format!(
            ",\"progress\":\"{p}/{p}\",\"resourcesDuration\":{{\"cpu\":1,\"memory\":22}},\"children\":[\"{}\"],\"outboundNodes\":[\"{}\"]",
            id(&group0),
            id(&pod),
            p = items + 1
        ),
    ));
    nodes.sort_by(|a, b| a.id.cmp(&b.id));
    let mut nodes_json = String::with_capacity(nodes.len() * 600);
    nodes_json.push('{');
    for (k, n) in nodes.iter().enumerate() {
        if k > 0 {
            nodes_json.push(',');
        }
        string(&mut nodes_json, &n.id);
        nodes_json.push(':');
        nodes_json.push_str(&n.json);
    }
    nodes_json.push('}');
    let mut w = String::with_capacity(nodes_json.len() + 2048);
    let _ = write!(
        w,
        "{{\"kind\":\"Workflow\",\"apiVersion\":\"argoproj.io/v1alpha1\",\"metadata\":{{\"name\":\"{wf}\",\
         \"generateName\":\"bench-\",\"namespace\":\"argo\",\"uid\":\"4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b\",\
         \"resourceVersion\":\"242905\",\"generation\":3,\"creationTimestamp\":\"2026-07-31T23:59:59Z\",\
         \"labels\":{{\"workflows.argoproj.io/completed\":\"true\",\"workflows.argoproj.io/phase\":\"Succeeded\"}},\
         \"annotations\":{{\"workflows.argoproj.io/pod-name-format\":\"v2\"}}}},\
         \"spec\":{{\"templates\":[{{\"name\":\"main\",\"inputs\":{{}},\"outputs\":{{}},\"metadata\":{{}},\"steps\":\
         [[{{\"name\":\"hello\",\"template\":\"hello\",\"arguments\":{{\"parameters\":[{{\"name\":\"item\",\"value\":\"{{{{item}}}}\"}}]}},\
         \"withSequence\":{{\"count\":\"{items}\"}}}}],[{{\"name\":\"summarize\",\"template\":\"summarize\",\"arguments\":{{}}}},\
         {{\"name\":\"notify\",\"template\":\"notify\",\"arguments\":{{}},\"when\":\"'false' == 'true'\"}}]]}},\
         {{\"name\":\"hello\",\"inputs\":{{\"parameters\":[{{\"name\":\"item\"}}]}},\"outputs\":{{}},\"metadata\":{{}},\
         \"plugin\":{{\"hello\":{{\"text\":\"hi\"}}}}}}],\"entrypoint\":\"main\",\"arguments\":{{}}}},\
         \"status\":{{\"phase\":\"Succeeded\",\"startedAt\":\"2026-08-01T00:00:00Z\",\"finishedAt\":",
    );
    time(&mut w, end);
    let _ = write!(
        w,
        ",\"estimatedDuration\":10,\"progress\":\"{p}/{p}\",\"nodes\":",
        p = items + 1
    );
    w.push_str(&nodes_json);
    w.push_str("}}");
    Workflow {
        nodes: nodes.len(),
        workflow_json: w.into_bytes(),
        nodes_json: nodes_json.into_bytes(),
    }
}
