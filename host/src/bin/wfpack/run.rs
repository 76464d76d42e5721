//! `wfpack run`: the main job. Processes a folder or stream of Workflows as the controller
//! would: packs each (keep, compress, offload or fail with Argo's message), archives the
//! completed ones the archive selector picks, garbage-collects by TTL, and prints a summary.

use std::path::PathBuf;

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// Arguments of `wfpack run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack run host/examples/walkthrough/workflows \\
      --config host/examples/walkthrough/workflow-controller-configmap.yaml \\
      --env-file host/examples/walkthrough/controller.env
  kubectl get wf -A -o yaml | wfpack run - --config cm.yaml --db postgres://argo@db/argo
  wfpack run ./wfs --no-offload -o json

With no --config and no --db, wfpack uses Argo's defaults and an embedded SQLite file
(.wfpack/wfpack.sqlite).")]
pub struct Args {
    /// Directory of Workflow files, a file, or - (YAML or JSON; multi-document and Lists too).
    #[arg(value_name = "DIR|-")]
    pub input: String,

    /// Treat nodeStatusOffLoad as false whatever the configmap says.
    #[arg(long)]
    pub no_offload: bool,

    /// A user policy module (.wasm or .wat) instead of Argo's built-in behaviour.
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,

    /// Write each resulting object (packed, ready for kubectl replace) into this directory.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack run`.
pub fn run(args: &Args, _out: &Out) -> Result<Exit> {
    let _files = input::files(&Location::parse(&args.input))?;
    Err(Failure::unavailable(
        "`wfpack run`",
        "wfpack_codec::pack (issue 2) and the stores (issue 4)",
    ))
}
