//! `wfpack offload list|get|gc`: offloaded node status in Argo's offload table.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::controller::Controller;
use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location, Workflow};
use crate::output::{Out, bytes, group, paint, style};
use crate::settings::ControllerArgs;
use crate::store::Stores;

/// `wfpack offload` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List offloaded versions (uid, version, namespace, updatedAt, size).
    #[command(
        after_help = "Examples:\n  wfpack offload list --config cm.yaml\n  wfpack offload list -n argo -o json"
    )]
    List(ListArgs),
    /// Print the nodes of one offloaded version.
    #[command(
        after_help = "Examples:\n  wfpack offload get 4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b fnv:2816038259 --config cm.yaml"
    )]
    Get(GetArgs),
    /// Delete versions older than OFFLOAD_NODE_STATUS_TTL that no live workflow points at.
    #[command(
        after_help = "Examples:\n  kubectl get wf -A -o yaml > live.yaml\n  wfpack offload gc --live live.yaml --config cm.yaml --dry-run"
    )]
    Gc(GcArgs),
}

/// Arguments of `wfpack offload list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this namespace.
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Arguments of `wfpack offload get`.
#[derive(Debug, clap::Args)]
pub struct GetArgs {
    /// Workflow uid.
    pub uid: String,
    /// Version (`fnv:N`), as in status.offloadNodeStatusVersion.
    #[arg(value_name = "VERSION")]
    pub node_version: String,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Arguments of `wfpack offload gc`.
#[derive(Debug, clap::Args)]
pub struct GcArgs {
    /// The live workflows (file, directory or -): their current versions are never deleted.
    /// Without it every version older than the TTL goes, as for workflows deleted from the
    /// cluster.
    #[arg(long, value_name = "FILE|DIR|-")]
    pub live: Option<String>,
    /// Say what would be deleted without deleting.
    #[arg(long)]
    pub dry_run: bool,
    /// OFFLOAD_NODE_STATUS_TTL (Go duration, default 5m).
    #[arg(long)]
    pub ttl: Option<String>,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

fn open(args: &ControllerArgs) -> Result<Stores> {
    let ctl = Controller::load(args, false, None)?;
    Stores::open(&ctl, args, false)
}

/// Runs `wfpack offload ...`.
pub fn run(cmd: &Command, out: &Out) -> Result<Exit> {
    match cmd {
        Command::List(a) => list(a, out),
        Command::Get(a) => get(a, out),
        Command::Gc(a) => gc(a, out),
    }
}

/// Fetches the offloaded nodes JSON of a workflow from the configured store.
pub fn fetch_nodes(wf: &Workflow, controller: &ControllerArgs) -> Result<Vec<u8>> {
    let stores = open(controller)?;
    stores.get_offload(wf.uid(), wf.offload_version())
}

fn list(a: &ListArgs, out: &Out) -> Result<Exit> {
    let stores = open(&a.controller)?;
    let recs = stores.list_offloads(a.namespace.as_deref())?;
    if out.json() {
        let items: Vec<Value> = recs
            .iter()
            .map(|r| json!({"uid": r.uid, "version": r.version, "namespace": r.namespace, "clusterName": r.cluster_name,
                            "updatedAt": r.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(), "bytes": r.nodes.len()}))
            .collect();
        out.write_json(
            &json!({"store": stores.target(), "table": stores.table(), "items": items}),
        )?;
        return Ok(Exit::Ok);
    }
    if recs.is_empty() {
        out.line(paint(
            style::DIM,
            format!(
                "no offloaded node status in {} ({})",
                stores.table(),
                stores.target()
            ),
        ))?;
        return Ok(Exit::Ok);
    }
    let rows: Vec<Vec<String>> = recs
        .iter()
        .map(|r| {
            vec![
                r.namespace.clone(),
                r.uid.clone(),
                r.version.clone(),
                r.updated_at.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
                group(r.nodes.len() as u64),
            ]
        })
        .collect();
    out.table(&["NAMESPACE", "UID", "VERSION", "UPDATED", "BYTES"], &rows)
        .map(|()| Exit::Ok)
}

fn get(a: &GetArgs, out: &Out) -> Result<Exit> {
    let stores = open(&a.controller)?;
    let json = stores.get_offload(&a.uid, &a.node_version)?;
    let v: Value = serde_json::from_slice(&json).map_err(|e| {
        Failure::failed(
            format!(
                "the offloaded nodes of {} {} are not valid JSON: {e}",
                a.uid, a.node_version
            ),
            "",
        )
    })?;
    out.write_json(&v)?;
    Ok(Exit::Ok)
}

fn gc(a: &GcArgs, out: &Out) -> Result<Exit> {
    let ctl = Controller::load(&a.controller, false, None)?;
    let ttl_text = a
        .ttl
        .clone()
        .or_else(|| ctl.env.get("OFFLOAD_NODE_STATUS_TTL").map(str::to_string))
        .unwrap_or_else(|| "5m".into());
    let ttl = wfpack_codec::policy::ttl::parse_go_duration(&ttl_text)
        .map_err(|e| {
            Failure::usage(
                format!("OFFLOAD_NODE_STATUS_TTL {ttl_text:?}: {e}"),
                "use a Go duration such as 5m or 1h",
            )
        })?
        .as_secs();
    let mut live = BTreeMap::new();
    if let Some(l) = &a.live {
        for wf in input::read(&Location::parse(l))? {
            let version = if !wf.offload_version().is_empty() {
                wf.offload_version().to_string()
            } else {
                // A hydrated live workflow: the version it would have if dehydrated now.
                let doc = serde_json::to_vec(&wf.value)
                    .map_err(|e| Failure::failed(e.to_string(), ""))?;
                let json = wfpack_codec::pack::nodes_json(&doc)
                    .map_err(|e| Failure::bad_input(&wf.source.to_string(), e))?;
                wfpack_codec::version::offload_version(&json)
            };
            live.insert(wf.uid().to_string(), version);
        }
    }
    let stores = Stores::open(&ctl, &a.controller, false)?;
    let deleted = if a.dry_run {
        let old = stores.old_offloads(ttl)?;
        let going: Vec<_> = old
            .iter()
            .filter(|o| live.get(&o.uid) != Some(&o.version))
            .collect();
        if out.json() {
            out.write_json(&json!({"dryRun": true, "ttlSeconds": ttl, "deleted": going.len(),
                "versions": going.iter().map(|o| json!({"uid": o.uid, "version": o.version})).collect::<Vec<_>>()}))?;
            return Ok(Exit::Ok);
        }
        for o in &going {
            out.line(format!("  would delete {} {}", o.uid, o.version))?;
        }
        going.len() as u64
    } else {
        stores.gc_offload(ttl, &live)?
    };
    if out.json() {
        out.write_json(&json!({"dryRun": a.dry_run, "ttlSeconds": ttl, "deleted": deleted}))?;
    } else {
        let verb = if a.dry_run { "would delete" } else { "deleted" };
        out.line(format!(
            "offload GC ({}): {verb} {deleted} version(s) older than {ttl_text} that no live workflow points at{}",
            stores.target(),
            if a.live.is_none() { " (no --live: every old version counts as unreferenced)" } else { "" }
        ))?;
    }
    let _ = bytes;
    Ok(Exit::Ok)
}
