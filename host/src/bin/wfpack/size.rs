//! `wfpack size`: the Go-exact size of a Workflow as the controller measures it, the
//! breakdown by section and by the largest nodes and fields, compressed sizes per algorithm
//! and level, and the headroom against MAX_WORKFLOW_SIZE or a named cluster limit.

use serde_json::{Value, json};
use wfpack_codec::compress::{Algorithm, Level};
use wfpack_codec::pack;

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::{Out, bytes, group, paint, style};
use crate::settings::{ControllerArgs, ControllerEnv};

/// etcd's default request size limit (`--max-request-bytes`, 1.5 MiB).
pub const ETCD_REQUEST_LIMIT: i64 = 1_572_864;

/// Arguments of `wfpack size`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack size wf.yaml                         # against MAX_WORKFLOW_SIZE (default 1 MiB)
  wfpack size wf.yaml --limit etcd            # against etcd's default request limit (1.5 MiB)
  wfpack size wf.yaml --max-workflow-size 10240 --top 20
  kubectl get wf -o json | wfpack size - -o json")]
pub struct Args {
    /// Workflow file (YAML or JSON), directory, or -.
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// Limit to compare with: `argo` (MAX_WORKFLOW_SIZE, default), `etcd` (1.5 MiB request
    /// limit), or a number of bytes.
    #[arg(long, default_value = "argo", value_name = "NAME|BYTES")]
    pub limit: String,

    /// How many of the largest nodes and node fields to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Compressions to try, ALG or ALG:LEVEL (default: every algorithm at its low, default and
    /// high levels).
    #[arg(long = "algorithm", value_delimiter = ',', value_name = "ALG[:LEVEL]")]
    pub algorithms: Vec<String>,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

fn limit(args: &Args, env: &ControllerEnv) -> Result<(String, i64)> {
    match args.limit.as_str() {
        "argo" => Ok(("MAX_WORKFLOW_SIZE".into(), env.max_workflow_size())),
        "etcd" => Ok(("etcd request limit".into(), ETCD_REQUEST_LIMIT)),
        n => n
            .parse::<i64>()
            .map(|b| (format!("limit {b}"), b))
            .map_err(|_| {
                Failure::usage(
                    format!("--limit {n:?} is not a limit"),
                    "use argo, etcd or a number of bytes",
                )
            }),
    }
}

fn settings(args: &Args) -> Result<Vec<(Algorithm, Level)>> {
    if args.algorithms.is_empty() {
        let mut out = Vec::new();
        for alg in Algorithm::ALL {
            let (lo, hi) = alg.level_range();
            for l in [Level::new(lo), Level::DEFAULT, Level::new(hi)] {
                out.push((alg, l));
            }
        }
        return Ok(out);
    }
    let mut out = Vec::new();
    for s in &args.algorithms {
        let (name, level) = match s.split_once(':') {
            Some((n, l)) => {
                let l = l.parse::<i32>().map_err(|_| {
                    Failure::usage(
                        format!("--algorithm {s:?}: {l:?} is not a level"),
                        "write ALG:LEVEL, e.g. zstd:3",
                    )
                })?;
                (n, Level::new(l))
            }
            None => (s.as_str(), Level::DEFAULT),
        };
        let alg = crate::controller::parse_algorithm(name)?;
        level
            .resolve(alg)
            .map_err(|e| Failure::usage(format!("--algorithm {s:?}: {e}"), ""))?;
        out.push((alg, level));
    }
    Ok(out)
}

fn level_name(alg: Algorithm, l: Level) -> String {
    match l.get() {
        Some(n) => n.to_string(),
        None => format!("{} (default)", Level::default_for(alg)),
    }
}

/// One row of the compression table.
struct Headroom {
    algorithm: Algorithm,
    level: Level,
    compressed_nodes_len: usize,
    workflow_size: usize,
    bytes_left: i64,
}

/// For each setting: `compressedNodes`, the resulting Argo size and the bytes left under `max`.
fn headroom(
    wf: &crate::input::Workflow,
    json: &[u8],
    max: i64,
    tries: &[(Algorithm, Level)],
) -> wfpack_codec::Result<Vec<Headroom>> {
    let nodes = pack::nodes_json(json)?;
    let mut value = wf.value.clone();
    let base = crate::controller::dehydrated_base_size(&mut value)?;
    let mut rows = Vec::with_capacity(tries.len());
    for &(algorithm, level) in tries {
        let b64 = wfpack_codec::compress::encode_nodes(&nodes, algorithm, level)?;
        let workflow_size = base + b64.len();
        rows.push(Headroom {
            algorithm,
            level,
            compressed_nodes_len: b64.len(),
            workflow_size,
            bytes_left: max - workflow_size as i64,
        });
    }
    Ok(rows)
}

/// Runs `wfpack size`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let env = ControllerEnv::load(&args.controller)?;
    let (limit_name, max) = limit(args, &env)?;
    let tries = settings(args)?;
    let wfs = input::read(&Location::parse(&args.input))?;
    let mut docs = Vec::new();
    for wf in &wfs {
        let json = serde_json::to_vec(&wf.value).map_err(|e| Failure::failed(e.to_string(), ""))?;
        let ctx = wf.source.to_string();
        let b = pack::breakdown(&json, args.top).map_err(|e| Failure::bad_input(&ctx, e))?;
        let hydrated = b.node_count > 0;
        let rows = if hydrated {
            headroom(wf, &json, max, &tries).map_err(|e| Failure::bad_input(&ctx, e))?
        } else {
            Vec::new()
        };
        let total = b.total as i64;
        if out.json() {
            docs.push(json!({
                "workflow": {"name": wf.name(), "namespace": wf.namespace(), "uid": wf.uid()},
                "size": b.total,
                "limit": {"name": limit_name, "bytes": max},
                "headroom": max - total,
                "sections": b.sections.iter().map(|s| json!({"name": s.name, "bytes": s.bytes})).collect::<Vec<_>>(),
                "status": b.status.iter().map(|s| json!({"name": s.name, "bytes": s.bytes})).collect::<Vec<_>>(),
                "nodesJson": b.nodes_json,
                "nodeCount": b.node_count,
                "largestNodes": b.largest_nodes.iter().map(|n| json!({"id": n.id, "name": n.name, "bytes": n.bytes})).collect::<Vec<_>>(),
                "nodeFields": b.node_fields.iter().take(args.top).map(|f| json!({"field": f.field, "bytes": f.bytes, "nodes": f.nodes})).collect::<Vec<_>>(),
                "compressed": rows.iter().map(|h| json!({
                    "algorithm": h.algorithm.name(),
                    "level": h.level.get().map_or(i32::from(Level::default_for(h.algorithm)), |l| l),
                    "compressedNodes": h.compressed_nodes_len,
                    "workflowSize": h.workflow_size,
                    "headroom": h.bytes_left,
                })).collect::<Vec<_>>(),
            }));
            continue;
        }
        let verdict = if total > max {
            paint(
                style::BAD,
                format!("over by {}", bytes((total - max) as u64)),
            )
        } else {
            paint(style::OK, format!("{} left", bytes((max - total) as u64)))
        };
        out.line(format!(
            "{}  {} as Argo measures it; {limit_name} {}: {verdict}",
            paint(style::HEAD, wf.key()),
            bytes(b.total as u64),
            group(max.max(0) as u64)
        ))?;
        let pct = |n: usize| {
            if b.total == 0 {
                0.0
            } else {
                n as f64 * 100.0 / b.total as f64
            }
        };
        let mut rows_s: Vec<Vec<String>> = Vec::new();
        for s in &b.sections {
            rows_s.push(vec![
                s.name.clone(),
                group(s.bytes as u64),
                format!("{:.1}%", pct(s.bytes)),
            ]);
            if s.name == "status" {
                for st in &b.status {
                    rows_s.push(vec![
                        format!("  {}", st.name),
                        group(st.bytes as u64),
                        format!("{:.1}%", pct(st.bytes)),
                    ]);
                }
            }
        }
        out.line("")?;
        out.table(&["SECTION", "BYTES", "SHARE"], &rows_s)?;
        if !b.largest_nodes.is_empty() {
            out.line("")?;
            out.line(format!(
                "{} node(s), nodes JSON {}",
                b.node_count,
                bytes(b.nodes_json as u64)
            ))?;
            let rows_n: Vec<Vec<String>> = b
                .largest_nodes
                .iter()
                .map(|n| vec![n.id.clone(), n.name.clone(), group(n.bytes as u64)])
                .collect();
            out.table(&["LARGEST NODES", "NAME", "BYTES"], &rows_n)?;
            out.line("")?;
            let rows_f: Vec<Vec<String>> = b
                .node_fields
                .iter()
                .take(args.top)
                .map(|f| vec![f.field.clone(), group(f.bytes as u64), f.nodes.to_string()])
                .collect();
            out.table(&["NODE FIELD", "BYTES (ALL NODES)", "NODES"], &rows_f)?;
        }
        if !rows.is_empty() {
            out.line("")?;
            let rows_c: Vec<Vec<String>> = rows
                .iter()
                .map(|h| {
                    let left = if h.bytes_left >= 0 {
                        paint(style::OK, group(h.bytes_left as u64))
                    } else {
                        paint(
                            style::BAD,
                            format!("-{}", group(h.bytes_left.unsigned_abs())),
                        )
                    };
                    vec![
                        h.algorithm.name().to_string(),
                        level_name(h.algorithm, h.level),
                        group(h.compressed_nodes_len as u64),
                        group(h.workflow_size as u64),
                        left,
                    ]
                })
                .collect();
            out.table(
                &[
                    "ALGORITHM",
                    "LEVEL",
                    "COMPRESSEDNODES",
                    "WORKFLOW",
                    "HEADROOM",
                ],
                &rows_c,
            )?;
        } else if !wf.compressed_nodes().is_empty() || !wf.offload_version().is_empty() {
            out.line(paint(style::DIM, "the nodes are already compressed or offloaded; `wfpack hydrate` first to size them"))?;
        }
    }
    if out.json() {
        out.write_json(&if docs.len() == 1 {
            docs.remove(0)
        } else {
            Value::Array(docs)
        })?;
    }
    Ok(Exit::Ok)
}
