//! `wfpack generate`: writes realistic completed Workflows for demos and benchmarks.
//!
//! The shape is the one Argo produces for a `steps` template whose first step loops
//! `withSequence` over a plugin template, then a pod step and a skipped step (the shape of
//! `../shared/vectors/steps-plugin-*`): one `Plugin` node per loop item, `StepGroup` nodes,
//! a `Pod` node with `resourcesDuration`, `hostNodeName` and an exit code, and a `Skipped`
//! node. Node ids are `<workflow name>-<FNV-1a 32 of the node name>` as in Argo. Some
//! messages carry characters whose JSON encoding is longer than their text (`<`, `&`,
//! quotes, U+2028, an emoji), so sizes are not a plain multiple of the item count.

use std::path::PathBuf;

use serde_json::{Map, Value, json};

use crate::failure::{Exit, Failure, Result};
use crate::output::{ObjectFormat, Out, encode_object};
use crate::time::{format_time, parse_time};

/// Arguments of `wfpack generate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack generate --items 50 --name loop-50 > loop-50.yaml
  wfpack generate --items 500 --label workflows.argoproj.io/archive-strategy=always -f json
  wfpack generate --items 5,50,500 --count 10000 --out /tmp/wfs    # a benchmark corpus")]
pub struct Args {
    /// Loop items per workflow (one Plugin node each); a comma list cycles over the workflows.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "50",
        value_name = "N[,N...]"
    )]
    pub items: Vec<u32>,

    /// Workflow name (with --count: the prefix, numbered NAME-00001 ...).
    #[arg(long, default_value = "loop")]
    pub name: String,

    /// Namespace.
    #[arg(long, default_value = "argo")]
    pub namespace: String,

    /// metadata.uid (default: derived from the name, stable across runs).
    #[arg(long)]
    pub uid: Option<String>,

    /// Extra label KEY=VALUE (repeatable).
    #[arg(long = "label", value_name = "KEY=VALUE")]
    pub labels: Vec<String>,

    /// Final phase: Succeeded, Failed, Error or Running.
    #[arg(long, default_value = "Succeeded")]
    pub phase: String,

    /// status.startedAt as RFC 3339 (UTC, seconds).
    #[arg(long, default_value = "2026-08-01T10:00:00Z", value_name = "TIME")]
    pub started_at: String,

    /// How many workflows to write (needs --out).
    #[arg(long, default_value_t = 1)]
    pub count: u32,

    /// Directory to write NAME-00001.yaml ... into (default: one workflow to stdout).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// File format.
    #[arg(short = 'f', long, value_enum, default_value = "yaml")]
    pub format: ObjectFormat,
}

/// Runs `wfpack generate`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    if args.items.is_empty() {
        return Err(Failure::usage(
            "--items is empty",
            "pass at least one count, e.g. --items 50",
        ));
    }
    let start = parse_time(&args.started_at).ok_or_else(|| {
        Failure::usage(
            format!(
                "--started-at {:?} is not an RFC 3339 UTC time",
                args.started_at
            ),
            "write it like 2026-08-01T10:00:00Z",
        )
    })?;
    if !matches!(
        args.phase.as_str(),
        "Succeeded" | "Failed" | "Error" | "Running"
    ) {
        return Err(Failure::usage(
            format!("--phase {:?} is not a workflow phase", args.phase),
            "use Succeeded, Failed, Error or Running",
        ));
    }
    let mut labels = Vec::new();
    for l in &args.labels {
        let Some((k, v)) = l.split_once('=') else {
            return Err(Failure::usage(
                format!("--label {l:?} is not KEY=VALUE"),
                "write e.g. --label team=data",
            ));
        };
        labels.push((k.to_string(), v.to_string()));
    }
    let Some(dir) = &args.out else {
        if args.count != 1 {
            return Err(Failure::usage(
                "--count needs --out DIR",
                "pass --out DIR to write many workflows",
            ));
        }
        let spec = Spec {
            name: &args.name,
            namespace: &args.namespace,
            uid: args.uid.clone(),
            items: args.items[0],
            labels: &labels,
            phase: &args.phase,
            start,
        };
        let wf = workflow(&spec);
        out.write_raw(&encode_object(&wf, args.format)?)?;
        return Ok(Exit::Ok);
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        Failure::failed(
            format!("cannot create {}: {e}", dir.display()),
            "check the path",
        )
    })?;
    let ext = match args.format {
        ObjectFormat::Yaml => "yaml",
        ObjectFormat::Json => "json",
    };
    let bar = crate::progress::bar(u64::from(args.count), "generating");
    for i in 0..args.count {
        let name = if args.count == 1 {
            args.name.clone()
        } else {
            format!("{}-{:05}", args.name, i + 1)
        };
        let spec = Spec {
            name: &name,
            namespace: &args.namespace,
            uid: if args.count == 1 {
                args.uid.clone()
            } else {
                None
            },
            items: args.items[i as usize % args.items.len()],
            labels: &labels,
            phase: &args.phase,
            start: start + i64::from(i) * 60,
        };
        let path = dir.join(format!("{name}.{ext}"));
        std::fs::write(&path, encode_object(&workflow(&spec), args.format)?).map_err(|e| {
            Failure::failed(
                format!("cannot write {}: {e}", path.display()),
                "check the disk",
            )
        })?;
        bar.inc(1);
    }
    bar.finish_and_clear();
    if !out.json() {
        eprintln!("wrote {} workflow(s) to {}", args.count, dir.display());
    } else {
        out.write_json(&json!({"written": args.count, "dir": dir}))?;
    }
    Ok(Exit::Ok)
}

/// What to generate.
pub struct Spec<'a> {
    /// Workflow name.
    pub name: &'a str,
    /// Namespace.
    pub namespace: &'a str,
    /// uid; derived from the name when `None`.
    pub uid: Option<String>,
    /// Loop items.
    pub items: u32,
    /// Extra labels.
    pub labels: &'a [(String, String)],
    /// Final phase.
    pub phase: &'a str,
    /// Start time, Unix seconds.
    pub start: i64,
}

/// FNV-1a 32, as Argo's node ids use.
fn fnv1a(s: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for b in s.bytes() {
        h ^= u32::from(b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

fn node_id(wf: &str, node_name: &str) -> String {
    format!("{wf}-{}", fnv1a(node_name))
}

fn stable_uid(name: &str, ns: &str) -> String {
    let a = fnv1a(name);
    let b = fnv1a(&format!("{ns}/{name}"));
    let c = fnv1a(&format!("{name}#uid"));
    let d = fnv1a(&format!("uid#{ns}#{name}"));
    format!(
        "{a:08x}-{:04x}-4{:03x}-{:04x}-{:04x}{d:08x}",
        b >> 16,
        b & 0xfff,
        (c >> 16) & 0x3fff | 0x8000,
        c & 0xffff
    )
}

/// Builds the Workflow described by `spec`.
pub fn workflow(spec: &Spec<'_>) -> Value {
    let name = spec.name;
    let n = spec.items;
    let t = |s: i64| format_time(spec.start + s);
    let done = spec.phase != "Running";
    let uid = spec
        .uid
        .clone()
        .unwrap_or_else(|| stable_uid(name, spec.namespace));

    let mut nodes = Map::new();
    let group0 = format!("{name}[0]");
    let group1 = format!("{name}[1]");
    let summarize = format!("{name}[1].summarize");
    let notify = format!("{name}[1].notify");
    let (g0, g1, sid, nid) = (
        node_id(name, &group0),
        node_id(name, &group1),
        node_id(name, &summarize),
        node_id(name, &notify),
    );
    let loop_end = 2 + i64::from(n) * 2;
    let end = loop_end + 8;
    let mut hello_ids = Vec::new();
    for i in 0..n {
        let node_name = format!("{name}[0].hello({i}:{i})");
        let id = node_id(name, &node_name);
        let started = 2 + i64::from(i) * 2;
        let mut node = json!({
            "id": id, "name": node_name, "displayName": format!("hello({i}:{i})"),
            "type": "Plugin", "templateName": "hello", "templateScope": format!("local/{name}"),
            "phase": "Succeeded", "boundaryID": name,
            "startedAt": t(started), "finishedAt": t(started + 1 + i64::from(i % 3)),
            "progress": "1/1",
            "inputs": {"parameters": [{"name": "item", "value": i.to_string()}]},
            "outputs": {"parameters": [{"name": "greeting", "value": format!("hello {i} from hello")}]},
            "children": [g1],
        });
        if i % 7 == 3 {
            node["message"] = Value::from(format!(
                "said \"hi\" to <item {i}> & moved on \u{2713} \u{1f680}\u{2028}next\tline"
            ));
        }
        hello_ids.push(id.clone());
        nodes.insert(id, node);
    }
    nodes.insert(
        name.to_string(),
        json!({
            "id": name, "name": name, "displayName": name, "type": "Steps",
            "templateName": "main", "templateScope": format!("local/{name}"),
            "phase": spec.phase, "startedAt": t(0), "finishedAt": if done { Value::from(t(end)) } else { Value::Null },
            "progress": format!("{}/{}", n + 1, n + 1),
            "resourcesDuration": {"cpu": 1, "memory": 22},
            "children": [g0], "outboundNodes": [sid],
        }),
    );
    nodes.insert(
        g0.clone(),
        json!({
            "id": g0, "name": group0, "displayName": "[0]", "type": "StepGroup",
            "templateName": "main", "templateScope": format!("local/{name}"),
            "phase": "Succeeded", "boundaryID": name, "startedAt": t(1), "finishedAt": t(loop_end),
            "progress": format!("{n}/{n}"), "nodeFlag": {},
            "children": hello_ids,
        }),
    );
    nodes.insert(
        g1.clone(),
        json!({
            "id": g1, "name": group1, "displayName": "[1]", "type": "StepGroup",
            "templateName": "main", "templateScope": format!("local/{name}"),
            "phase": "Succeeded", "boundaryID": name, "startedAt": t(loop_end + 1), "finishedAt": t(end),
            "progress": "1/1", "nodeFlag": {},
            "children": [sid, nid],
        }),
    );
    nodes.insert(
        sid.clone(),
        json!({
            "id": sid, "name": summarize, "displayName": "summarize", "type": "Pod",
            "templateName": "summarize", "templateScope": format!("local/{name}"),
            "phase": if spec.phase == "Running" { "Succeeded" } else { spec.phase }, "boundaryID": name,
            "startedAt": t(loop_end + 1), "finishedAt": t(end - 1),
            "progress": "1/1", "resourcesDuration": {"cpu": 1, "memory": 22},
            "hostNodeName": "kind-worker2",
            "outputs": {"parameters": [{"name": "total", "value": n.to_string(), "valueFrom": {"path": "/tmp/total"}}], "exitCode": "0"},
            "taskResultSynced": true,
        }),
    );
    nodes.insert(
        nid.clone(),
        json!({
            "id": nid, "name": notify, "displayName": "notify", "type": "Skipped",
            "templateName": "notify", "templateScope": format!("local/{name}"),
            "phase": "Skipped", "boundaryID": name,
            "message": "when 'false' == 'true' evaluated false",
            "startedAt": t(loop_end + 1), "finishedAt": t(loop_end + 1),
        }),
    );

    let mut labels = Map::new();
    if done {
        labels.insert(
            "workflows.argoproj.io/completed".into(),
            Value::from("true"),
        );
    } else {
        labels.insert(
            "workflows.argoproj.io/completed".into(),
            Value::from("false"),
        );
    }
    labels.insert(
        "workflows.argoproj.io/phase".into(),
        Value::from(spec.phase),
    );
    for (k, v) in spec.labels {
        labels.insert(k.clone(), Value::from(v.as_str()));
    }

    let mut status = json!({
        "phase": spec.phase,
        "startedAt": t(0),
        "finishedAt": if done { Value::from(t(end)) } else { Value::Null },
        "estimatedDuration": end,
        "progress": format!("{}/{}", n + 1, n + 1),
        "nodes": nodes,
        "conditions": [{"type": "PodRunning", "status": "False"}, {"type": "Completed", "status": if done { "True" } else { "False" }}],
        "resourcesDuration": {"cpu": 1, "memory": 22},
        "taskResultsCompletionStatus": {sid.clone(): true},
    });
    if !done {
        status.as_object_mut().map(|s| s.remove("finishedAt"));
    }

    json!({
        "apiVersion": "argoproj.io/v1alpha1",
        "kind": "Workflow",
        "metadata": {
            "name": name, "generateName": format!("{}-", name.rsplit_once('-').map_or(name, |(p, _)| p)),
            "namespace": spec.namespace, "uid": uid,
            "resourceVersion": (100_000 + fnv1a(name) % 900_000).to_string(), "generation": 3,
            "creationTimestamp": t(-1),
            "labels": labels,
            "annotations": {"workflows.argoproj.io/pod-name-format": "v2"},
        },
        "spec": {
            "entrypoint": "main",
            "arguments": {"parameters": [{"name": "count", "value": n.to_string()}]},
            "podGC": {"strategy": "OnPodSuccess"},
            "workflowMetadata": {"labels": {"team": "data"}},
            "templates": [
                {"name": "main", "inputs": {}, "outputs": {}, "metadata": {}, "steps": [
                    [{"name": "hello", "template": "hello", "arguments": {"parameters": [{"name": "item", "value": "{{item}}"}]}, "withSequence": {"count": n.to_string()}}],
                    [{"name": "summarize", "template": "summarize", "arguments": {}},
                     {"name": "notify", "template": "notify", "arguments": {}, "when": "'false' == 'true'"}]
                ]},
                {"name": "hello", "inputs": {"parameters": [{"name": "item"}]}, "outputs": {}, "metadata": {},
                 "plugin": {"hello": {"text": "hi <{{inputs.parameters.item}}> & welcome"}}},
                {"name": "summarize", "inputs": {}, "metadata": {},
                 "outputs": {"parameters": [{"name": "total", "valueFrom": {"path": "/tmp/total"}}]},
                 "container": {"name": "", "image": "alpine:3.20", "command": ["sh", "-c"], "args": [format!("echo {n} > /tmp/total")], "resources": {}}},
                {"name": "notify", "inputs": {}, "outputs": {}, "metadata": {},
                 "container": {"name": "", "image": "alpine:3.20", "command": ["echo", "done"], "resources": {}}}
            ]
        },
        "status": status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn node_ids_match_argo() {
        // From ../shared/vectors/steps-plugin-5: the root's child is the first step group.
        assert_eq!(
            node_id("little-xbg5g", "little-xbg5g[0]"),
            "little-xbg5g-3826214295"
        );
    }

    #[test]
    fn shape() {
        let spec = Spec {
            name: "w",
            namespace: "argo",
            uid: None,
            items: 5,
            labels: &[],
            phase: "Succeeded",
            start: 0,
        };
        let wf = workflow(&spec);
        let nodes = wf["status"]["nodes"].as_object().unwrap();
        assert_eq!(nodes.len(), 5 + 5);
        assert_eq!(nodes.values().filter(|n| n["type"] == "Plugin").count(), 5);
        for n in nodes.values() {
            for c in n["children"].as_array().into_iter().flatten() {
                assert!(
                    nodes.contains_key(c.as_str().unwrap()),
                    "dangling child {c}"
                );
            }
        }
        assert_eq!(stable_uid("w", "argo").len(), 36);
    }
}
