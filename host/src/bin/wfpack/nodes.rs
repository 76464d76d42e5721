//! `wfpack nodes`: a Workflow's node tree, whatever holds it: `status.nodes`,
//! `status.compressedNodes` (gzip, zstd or brotli, named in the output) or the offload
//! table (with `--db`/`--config`).

use std::collections::BTreeSet;

use serde_json::{Map, Value, json};

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location, Workflow};
use crate::output::{Out, paint, style};
use crate::settings::ControllerArgs;
use crate::time::{duration, parse_time};

/// Arguments of `wfpack nodes`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  kubectl get wf my-wf -o yaml | wfpack nodes -
  wfpack nodes wf.yaml --phase Failed,Error          # only failed nodes, as a list
  wfpack nodes wf.yaml --type Pod --name summarize
  wfpack nodes wf.yaml --db sqlite:.wfpack/wfpack.sqlite  # an offloaded workflow
  wfpack nodes wf.yaml -o json | jq '.nodes[].id'")]
pub struct Args {
    /// Workflow file (YAML or JSON, one document, multi-document or a List), directory, or -.
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// Only nodes in these phases (comma separated), e.g. Failed,Error.
    #[arg(long, value_delimiter = ',')]
    pub phase: Vec<String>,

    /// Only nodes of these types (comma separated), e.g. Pod,Plugin.
    #[arg(long = "type", value_delimiter = ',')]
    pub node_type: Vec<String>,

    /// Only nodes whose name or display name contains this text.
    #[arg(long)]
    pub name: Option<String>,

    /// A flat table instead of a tree.
    #[arg(long)]
    pub flat: bool,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Where a workflow's nodes were found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// `status.nodes`.
    Inline,
    /// `status.compressedNodes`, with the detected algorithm.
    Compressed(String),
    /// The offload table, with the version.
    Offloaded(String),
    /// No nodes at all (a workflow that has not started).
    None,
}

impl Origin {
    fn describe(&self) -> String {
        match self {
            Origin::Inline => "status.nodes".into(),
            Origin::Compressed(alg) => format!("status.compressedNodes ({alg})"),
            Origin::Offloaded(v) => format!("the offload table (version {v})"),
            Origin::None => "nowhere (the workflow has no nodes)".into(),
        }
    }

    fn json(&self) -> Value {
        match self {
            Origin::Inline => json!({"kind": "nodes"}),
            Origin::Compressed(alg) => json!({"kind": "compressedNodes", "algorithm": alg}),
            Origin::Offloaded(v) => json!({"kind": "offloaded", "version": v}),
            Origin::None => json!({"kind": "none"}),
        }
    }
}

/// Runs `wfpack nodes`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let wfs = input::read(&Location::parse(&args.input))?;
    let mut docs = Vec::new();
    for wf in &wfs {
        let (nodes, origin) = load_nodes(wf, &args.controller)?;
        if out.json() {
            docs.push(json_doc(wf, &nodes, &origin, args));
        } else {
            print_human(wf, &nodes, &origin, args, out)?;
        }
    }
    if out.json() {
        if docs.len() == 1 {
            out.write_json(&docs.remove(0))?;
        } else {
            out.write_json(&Value::Array(docs))?;
        }
    }
    Ok(Exit::Ok)
}

/// The nodes of a workflow and where they came from.
pub fn load_nodes(
    wf: &Workflow,
    controller: &ControllerArgs,
) -> Result<(Map<String, Value>, Origin)> {
    if let Some(nodes) = wf.nodes() {
        return Ok((nodes.clone(), Origin::Inline));
    }
    if !wf.compressed_nodes().is_empty() {
        let (json, algorithm) =
            crate::controller::decode_compressed(wf, &wfpack_codec::compress::Limits::default())?;
        let nodes = parse_nodes_json(&json, &format!("{}: status.compressedNodes", wf.source))?;
        return Ok((nodes, Origin::Compressed(algorithm)));
    }
    let version = wf.offload_version();
    if !version.is_empty() {
        if controller.db.is_none() && controller.config.is_none() {
            return Err(offloaded_without_db(wf, controller));
        }
        let json = crate::offload::fetch_nodes(wf, controller)?;
        let nodes = parse_nodes_json(&json, &format!("{}: offloaded nodes", wf.source))?;
        return Ok((nodes, Origin::Offloaded(version.to_string())));
    }
    Ok((Map::new(), Origin::None))
}

/// Parses nodes JSON (an object keyed by node id, or `null`).
pub fn parse_nodes_json(json: &[u8], context: &str) -> Result<Map<String, Value>> {
    match serde_json::from_slice::<Value>(json) {
        Ok(Value::Object(m)) => Ok(m),
        Ok(Value::Null) => Ok(Map::new()),
        Ok(other) => Err(Failure::usage(
            format!(
                "{context}: the nodes are a JSON {}, expected an object keyed by node id",
                kind(&other)
            ),
            "the status is corrupt; check where it was produced",
        )),
        Err(e) => Err(Failure::usage(
            format!(
                "{context}: the nodes are not valid JSON at line {} column {}: {e}",
                e.line(),
                e.column()
            ),
            "the status is corrupt; check where it was produced",
        )),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Array(_) => "list",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        _ => "value",
    }
}

/// The one-line failure for an offloaded workflow when no database was given: uid, version and
/// the SQL that would fetch the nodes.
pub fn offloaded_without_db(wf: &Workflow, _controller: &ControllerArgs) -> Failure {
    let sql = offload_sql(wf.uid(), wf.offload_version(), "argo_workflows", "default");
    let local = std::path::Path::new(crate::store::DEFAULT_SQLITE);
    let db_hint = if local.exists() {
        format!(
            "pass --db sqlite:{} (the local store), --db URL",
            local.display()
        )
    } else {
        "pass --db URL".to_string()
    };
    Failure::failed(
        format!(
            "{}: the nodes of {} are offloaded to the database (uid {}, version {})",
            wf.source,
            wf.key(),
            wf.uid(),
            wf.offload_version()
        ),
        format!(
            "{db_hint} or --config workflow-controller-configmap.yaml to read them, or run: {sql}"
        ),
    )
}

/// The query Argo runs to hydrate an offloaded workflow, with the values filled in as literals
/// (for a person to paste; wfpack itself always binds parameters).
pub fn offload_sql(uid: &str, version: &str, table: &str, cluster: &str) -> String {
    let q = |s: &str| format!("'{}'", s.replace('\'', "''"));
    format!(
        "SELECT nodes FROM {table} WHERE clustername = {} AND uid = {} AND version = {};",
        q(cluster),
        q(uid),
        q(version)
    )
}

fn matches(node: &Value, args: &Args) -> bool {
    let s = |k: &str| node.get(k).and_then(Value::as_str).unwrap_or("");
    (args.phase.is_empty() || args.phase.iter().any(|p| p == s("phase")))
        && (args.node_type.is_empty() || args.node_type.iter().any(|t| t == s("type")))
        && args
            .name
            .as_deref()
            .is_none_or(|n| s("name").contains(n) || s("displayName").contains(n))
}

fn filtered(args: &Args) -> bool {
    !args.phase.is_empty() || !args.node_type.is_empty() || args.name.is_some()
}

fn json_doc(wf: &Workflow, nodes: &Map<String, Value>, origin: &Origin, args: &Args) -> Value {
    let list: Vec<&Value> = nodes.values().filter(|n| matches(n, args)).collect();
    json!({
        "workflow": {"name": wf.name(), "namespace": wf.namespace(), "uid": wf.uid(), "phase": wf.phase()},
        "source": origin.json(),
        "count": nodes.len(),
        "matched": list.len(),
        "nodes": list,
    })
}

fn phase_style(phase: &str) -> anstyle::Style {
    match phase {
        "Succeeded" => style::OK,
        "Failed" | "Error" => style::BAD,
        "Running" | "Pending" => style::WARN,
        _ => style::DIM,
    }
}

fn icon(phase: &str) -> &'static str {
    match phase {
        "Succeeded" => "✔",
        "Failed" | "Error" => "✖",
        "Running" => "●",
        "Pending" => "◷",
        "Skipped" => "○",
        "Omitted" => "-",
        _ => "?",
    }
}

fn node_duration(node: &Value) -> String {
    let t = |k: &str| node.get(k).and_then(Value::as_str).and_then(parse_time);
    match (t("startedAt"), t("finishedAt")) {
        (Some(a), Some(b)) => duration(b - a),
        _ => String::new(),
    }
}

fn print_human(
    wf: &Workflow,
    nodes: &Map<String, Value>,
    origin: &Origin,
    args: &Args,
    out: &Out,
) -> Result<()> {
    out.line(format!(
        "{}  {}  {} node(s) from {}",
        paint(style::HEAD, wf.key()),
        paint(
            phase_style(wf.phase()),
            if wf.phase().is_empty() {
                "-"
            } else {
                wf.phase()
            }
        ),
        nodes.len(),
        origin.describe()
    ))?;
    if nodes.is_empty() {
        return Ok(());
    }
    if args.flat || filtered(args) {
        let rows: Vec<Vec<String>> = nodes
            .values()
            .filter(|n| matches(n, args))
            .map(|n| {
                let s = |k: &str| n.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                vec![
                    s("id"),
                    s("displayName"),
                    s("type"),
                    paint(phase_style(&s("phase")), s("phase")),
                    node_duration(n),
                    one_line(&s("message")),
                ]
            })
            .collect();
        if rows.is_empty() {
            return out.line(paint(style::DIM, "no node matches the filters"));
        }
        return out.table(
            &["ID", "NAME", "TYPE", "PHASE", "DURATION", "MESSAGE"],
            &rows,
        );
    }
    let mut text = String::new();
    let mut seen = BTreeSet::new();
    for root in roots(wf, nodes) {
        tree(nodes, &root, "", true, true, &mut seen, &mut text);
    }
    // Nodes no root reaches (a corrupt or partial tree) are still shown.
    // Step groups are drawn through their steps, not as nodes of their own.
    let rest: Vec<String> = nodes
        .iter()
        .filter(|(k, n)| {
            !seen.contains(*k) && n.get("type").and_then(Value::as_str) != Some("StepGroup")
        })
        .map(|(k, _)| k.clone())
        .collect();
    for id in rest {
        if !seen.contains(&id) {
            tree(nodes, &id, "", true, true, &mut seen, &mut text);
        }
    }
    out.line(text.trim_end())
}

fn one_line(s: &str) -> String {
    let s: String = s
        .chars()
        .map(|c| {
            if c.is_control() || c == '\u{2028}' || c == '\u{2029}' {
                ' '
            } else {
                c
            }
        })
        .collect();
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(59).collect::<String>())
    } else {
        s
    }
}

fn roots(wf: &Workflow, nodes: &Map<String, Value>) -> Vec<String> {
    let name = wf.name();
    if nodes.contains_key(&name) {
        return vec![name];
    }
    let children: BTreeSet<&str> = nodes
        .values()
        .flat_map(|n| {
            n.get("children")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
        })
        .filter_map(Value::as_str)
        .collect();
    nodes
        .keys()
        .filter(|k| !children.contains(k.as_str()))
        .cloned()
        .collect()
}

fn tree(
    nodes: &Map<String, Value>,
    id: &str,
    prefix: &str,
    last: bool,
    root: bool,
    seen: &mut BTreeSet<String>,
    text: &mut String,
) {
    let Some(node) = nodes.get(id) else {
        return;
    };
    let branch = if root {
        ""
    } else if last {
        "└─ "
    } else {
        "├─ "
    };
    let s = |k: &str| node.get(k).and_then(Value::as_str).unwrap_or("");
    let phase = s("phase");
    let display = if s("displayName").is_empty() {
        s("name")
    } else {
        s("displayName")
    };
    seen.insert(id.to_string());
    text.push_str(&format!(
        "{prefix}{branch}{} {}  {}  {}  {}",
        paint(phase_style(phase), icon(phase)),
        display,
        paint(style::DIM, s("type")),
        node_duration(node),
        paint(style::DIM, id),
    ));
    let msg = s("message");
    if !msg.is_empty() {
        text.push_str(&format!("  {}", paint(style::WARN, one_line(msg))));
    }
    text.push('\n');
    let children: Vec<String> = visible_children(nodes, node)
        .into_iter()
        .filter(|c| !seen.contains(c) && nodes.contains_key(c))
        .collect();
    let child_prefix = if root {
        prefix.to_string()
    } else {
        format!("{prefix}{}", if last { "   " } else { "│  " })
    };
    for (i, c) in children.iter().enumerate() {
        if seen.contains(c) {
            continue;
        }
        tree(
            nodes,
            c,
            &child_prefix,
            i + 1 == children.len(),
            false,
            seen,
            text,
        );
    }
}

fn child_ids(node: &Value) -> Vec<String> {
    node.get("children")
        .and_then(Value::as_array)
        .map(|c| {
            c.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

/// The children to draw under a node, the way `argo get` draws them: a `Steps` node shows the
/// steps of all its step groups in order (the groups themselves are plumbing); a step does
/// not show the next step group of its parent.
fn visible_children(nodes: &Map<String, Value>, node: &Value) -> Vec<String> {
    let ty = node.get("type").and_then(Value::as_str).unwrap_or("");
    let id = node.get("id").and_then(Value::as_str).unwrap_or("");
    let is_group = |c: &str| {
        nodes
            .get(c)
            .and_then(|n| n.get("type"))
            .and_then(Value::as_str)
            == Some("StepGroup")
            && nodes
                .get(c)
                .and_then(|n| n.get("boundaryID"))
                .and_then(Value::as_str)
                == Some(id)
    };
    if ty == "Steps" {
        let mut out = Vec::new();
        let mut visited = BTreeSet::new();
        let mut group = child_ids(node).into_iter().find(|c| is_group(c));
        while let Some(g) = group.take() {
            if !visited.insert(g.clone()) {
                break;
            }
            let steps = nodes.get(&g).map(child_ids).unwrap_or_default();
            for step in &steps {
                if !out.contains(step) {
                    out.push(step.clone());
                }
                if group.is_none() {
                    group = nodes
                        .get(step)
                        .map(child_ids)
                        .unwrap_or_default()
                        .into_iter()
                        .find(|c| is_group(c));
                }
            }
        }
        if !out.is_empty() {
            return out;
        }
    }
    let boundary = node.get("boundaryID").and_then(Value::as_str);
    child_ids(node)
        .into_iter()
        .filter(|c| {
            let n = nodes.get(c);
            let group = n.and_then(|n| n.get("type")).and_then(Value::as_str) == Some("StepGroup");
            !(group
                && boundary.is_some()
                && n.and_then(|n| n.get("boundaryID")).and_then(Value::as_str) == boundary)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sql_is_quoted_for_pasting() {
        assert_eq!(
            offload_sql("u'1", "fnv:1", "argo_workflows", "default"),
            "SELECT nodes FROM argo_workflows WHERE clustername = 'default' AND uid = 'u''1' AND version = 'fnv:1';"
        );
    }

    #[test]
    fn nodes_json_must_be_an_object() {
        assert!(parse_nodes_json(b"null", "x").unwrap().is_empty());
        assert!(
            parse_nodes_json(b"[1]", "x")
                .unwrap_err()
                .what
                .contains("list")
        );
        assert!(
            parse_nodes_json(b"{", "x")
                .unwrap_err()
                .what
                .contains("not valid JSON")
        );
    }
}
