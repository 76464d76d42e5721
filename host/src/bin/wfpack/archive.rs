//! `wfpack archive list|get|gc`: archived workflows in Argo's `argo_archived_workflows`.

use crate::failure::{Exit, Failure, Result};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// `wfpack archive` subcommands.
#[derive(Debug, clap::Subcommand)]
pub enum Command {
    /// List archived workflows (newest first).
    #[command(
        after_help = "Examples:\n  wfpack archive list --config cm.yaml\n  wfpack archive list --selector team=data -n argo -o json"
    )]
    List(ListArgs),
    /// Print one archived workflow (by uid, or NAMESPACE/NAME).
    #[command(
        after_help = "Examples:\n  wfpack archive get 4b8f6a2e-3c1d-4e5f-9a7b-0c2d4e6f8a1b --config cm.yaml\n  wfpack archive get argo/little-xbg5g -o json"
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
    /// Only this phase.
    #[arg(long)]
    pub phase: Option<String>,
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

/// Runs `wfpack archive ...`.
pub fn run(_cmd: &Command, _out: &Out) -> Result<Exit> {
    Err(Failure::unavailable(
        "`wfpack archive`",
        "the workflow archive store (issue 4)",
    ))
}
