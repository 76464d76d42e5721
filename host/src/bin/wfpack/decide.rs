//! `wfpack decide`: the controller's ladder for a workflow under a configuration (the
//! configmap and MAX_WORKFLOW_SIZE), with Argo's exact strings, and the archive decision.

use std::path::PathBuf;

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// Arguments of `wfpack decide`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack decide wf.yaml --max-workflow-size 10240
  wfpack decide wf.yaml --config workflow-controller-configmap.yaml --env-file controller.env
  wfpack decide wf.yaml --policy my-policy.wasm -o json")]
pub struct Args {
    /// Workflow file (YAML or JSON), directory, or -.
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// A user policy module (.wasm or .wat) instead of Argo's built-in behaviour.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Treat nodeStatusOffLoad as false whatever the configmap says.
    #[arg(long)]
    pub no_offload: bool,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack decide`.
pub fn run(args: &Args, _out: &Out) -> Result<Exit> {
    let _wfs = input::read(&Location::parse(&args.input))?;
    Err(Failure::unavailable(
        "`wfpack decide`",
        "wfpack_codec::pack (issue 2)",
    ))
}
