//! `wfpack offload list|get|gc`: offloaded node status in Argo's offload table.

use crate::failure::{Exit, Failure, Result};
use crate::input::Workflow;
use crate::output::Out;
use crate::settings::ControllerArgs;

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

/// Runs `wfpack offload ...`.
pub fn run(_cmd: &Command, _out: &Out) -> Result<Exit> {
    Err(Failure::unavailable(
        "`wfpack offload`",
        "the offload store (issue 4)",
    ))
}

/// Fetches the offloaded nodes JSON of a workflow from the configured store.
pub fn fetch_nodes(_wf: &Workflow, _controller: &ControllerArgs) -> Result<Vec<u8>> {
    Err(Failure::unavailable(
        "reading offloaded nodes",
        "the offload store (issue 4)",
    ))
}
