//! `wfpack size`: the Go-exact size of a Workflow as the controller measures it, the
//! breakdown by section and by the largest nodes and fields, compressed sizes per algorithm
//! and level, and the headroom against MAX_WORKFLOW_SIZE or a named cluster limit.

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// Arguments of `wfpack size`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack size wf.yaml                         # against MAX_WORKFLOW_SIZE (default 1 MiB)
  wfpack size wf.yaml --limit etcd            # against etcd's default request limit
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

    /// How many of the largest nodes to list.
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack size`.
pub fn run(args: &Args, _out: &Out) -> Result<Exit> {
    let _wfs = input::read(&Location::parse(&args.input))?;
    Err(Failure::unavailable(
        "`wfpack size`",
        "wfpack_codec::go_json and wfpack_codec::pack (issue 2)",
    ))
}
