//! `wfpack archive list|get|gc`: archived workflows in Argo's `argo_archived_workflows`.

use serde_json::{Value, json};
use wfpack_codec::policy::selector::LabelSelector;
use wfpack_host::store::{ListQuery, NameFilter, Requirement};

use crate::controller::Controller;
use crate::failure::{Exit, Failure, Result};
use crate::output::{Out, bytes, paint, style};
use crate::settings::ControllerArgs;
use crate::store::Stores;

/// `wfpack archive` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List archived workflows (newest first).
    #[command(
        after_help = "Examples:\n  wfpack archive list --config cm.yaml\n  wfpack archive list -l team=data -n argo -o json"
    )]
    List(ListArgs),
    /// Print one archived workflow (by uid, or NAMESPACE/NAME).
    #[command(
        after_help = "Examples:\n  wfpack archive get 4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b --config cm.yaml\n  wfpack archive get argo/nightly-report"
    )]
    Get(GetArgs),
    /// Delete archived workflows older than archiveTTL (finishedAt), in batches.
    #[command(
        after_help = "Examples:\n  wfpack archive gc --config cm.yaml --dry-run   # what would go, and how many bytes\n  wfpack archive gc --config cm.yaml --ttl 30d"
    )]
    Gc(GcArgs),
}

/// Arguments of `wfpack archive list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// Only this namespace.
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// Kubernetes label selector, e.g. `team=data,env!=prod`.
    #[arg(short = 'l', long)]
    pub selector: Option<String>,
    /// Only names starting with this text (matched literally).
    #[arg(long)]
    pub name_prefix: Option<String>,
    /// Only these phases (comma separated).
    #[arg(long, value_delimiter = ',')]
    pub phase: Vec<String>,
    /// At most this many rows.
    #[arg(long, default_value_t = 100)]
    pub limit: u32,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Arguments of `wfpack archive get`.
#[derive(Debug, clap::Args)]
pub struct GetArgs {
    /// uid, or NAMESPACE/NAME (the latest run of that name).
    pub workflow: String,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Arguments of `wfpack archive gc`.
#[derive(Debug, clap::Args)]
pub struct GcArgs {
    /// Say what would be deleted (and how many bytes it frees) without deleting.
    #[arg(long)]
    pub dry_run: bool,
    /// archiveTTL to apply instead of the configmap's (Argo's syntax: 7d, 12h, 30m, 90s).
    #[arg(long)]
    pub ttl: Option<String>,
    #[command(flatten)]
    pub controller: ControllerArgs,
}

fn open(args: &ControllerArgs) -> Result<Stores> {
    let ctl = Controller::load(args, false, None)?;
    Stores::open(&ctl, args, false)
}

/// Parses a selector with the codec (Kubernetes' rules) into the store's requirements.
pub fn requirements(selector: &str) -> Result<Vec<Requirement>> {
    let sel = LabelSelector::parse(selector).map_err(|e| {
        Failure::usage(
            format!("--selector {selector:?}: {e}"),
            "write a Kubernetes label selector, e.g. team=data,env!=prod",
        )
    })?;
    Ok(sel.requirements().to_vec())
}

/// Runs `wfpack archive ...`.
pub fn run(cmd: &Command, out: &Out) -> Result<Exit> {
    match cmd {
        Command::List(a) => list(a, out),
        Command::Get(a) => get(a, out),
        Command::Gc(a) => gc(a, out),
    }
}

fn time(t: &chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn list(a: &ListArgs, out: &Out) -> Result<Exit> {
    let labels = match &a.selector {
        Some(s) => requirements(s)?,
        None => Vec::new(),
    };
    let stores = open(&a.controller)?;
    let q = ListQuery {
        namespace: a.namespace.clone(),
        name: a.name_prefix.clone().map(NameFilter::Prefix),
        phases: a.phase.clone(),
        labels,
        limit: a.limit,
        ..ListQuery::default()
    };
    let page = stores.list_archived(&q)?;
    if out.json() {
        let items: Vec<Value> = page
            .items
            .iter()
            .map(|s| {
                json!({"uid": s.uid, "namespace": s.namespace, "name": s.name, "phase": s.phase,
                       "startedAt": time(&s.started_at), "finishedAt": time(&s.finished_at)})
            })
            .collect();
        out.write_json(
            &json!({"store": stores.target(), "items": items, "more": page.next.is_some()}),
        )?;
        return Ok(Exit::Ok);
    }
    if page.items.is_empty() {
        out.line(paint(
            style::DIM,
            format!("no archived workflow matches ({})", stores.target()),
        ))?;
        return Ok(Exit::Ok);
    }
    let rows: Vec<Vec<String>> = page
        .items
        .iter()
        .map(|s| {
            vec![
                format!("{}/{}", s.namespace, s.name),
                s.phase.clone(),
                time(&s.started_at),
                time(&s.finished_at),
                s.uid.clone(),
            ]
        })
        .collect();
    out.table(&["WORKFLOW", "PHASE", "STARTED", "FINISHED", "UID"], &rows)?;
    if page.next.is_some() {
        out.line(paint(
            style::DIM,
            format!("... more rows; raise --limit (now {})", a.limit),
        ))?;
    }
    Ok(Exit::Ok)
}

fn get(a: &GetArgs, out: &Out) -> Result<Exit> {
    let stores = open(&a.controller)?;
    let Some(wf) = stores.get_archived(&a.workflow)? else {
        return Err(Failure::failed(
            format!(
                "no archived workflow {:?} in {}",
                a.workflow,
                stores.target()
            ),
            "check the uid or NAMESPACE/NAME with `wfpack archive list`",
        ));
    };
    let v: Value = serde_json::from_str(&wf.json).map_err(|e| {
        Failure::failed(
            format!("the archived JSON of {} is corrupt: {e}", a.workflow),
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
        .unwrap_or_else(|| ctl.archive.archive_ttl.clone());
    let ttl = wfpack_codec::policy::ttl::parse_archive_ttl(&ttl_text)
        .map_err(|e| {
            Failure::usage(
                format!("archiveTTL {ttl_text:?}: {e}"),
                "use Argo's syntax: 7d, 12h, 30m or 90s",
            )
        })?
        .as_secs();
    if ttl <= 0 {
        return Err(Failure::usage(
            "archiveTTL is not set, so Argo never garbage-collects the archive",
            "set persistence.archiveTTL in the configmap or pass --ttl 30d",
        ));
    }
    let stores = Stores::open(&ctl, &a.controller, false)?;
    let report = stores.gc_archive_report(ttl, a.dry_run, 20)?;
    if out.json() {
        let sample: Vec<Value> = report
            .sample
            .iter()
            .map(|s| json!({"uid": s.uid, "namespace": s.namespace, "name": s.name, "finishedAt": time(&s.finished_at)}))
            .collect();
        out.write_json(&json!({"dryRun": a.dry_run, "ttlSeconds": ttl, "deleted": report.deleted, "bytes": report.bytes, "batches": report.batches, "sample": sample}))?;
        return Ok(Exit::Ok);
    }
    let verb = if a.dry_run { "would delete" } else { "deleted" };
    out.line(format!(
        "archive GC ({}): {verb} {} archived workflow(s) finished more than {ttl_text} ago, {}",
        stores.target(),
        report.deleted,
        bytes(report.bytes)
    ))?;
    for s in &report.sample {
        out.line(format!(
            "  {}/{}  finished {}  {}",
            s.namespace,
            s.name,
            time(&s.finished_at),
            paint(style::DIM, &s.uid)
        ))?;
    }
    Ok(Exit::Ok)
}
