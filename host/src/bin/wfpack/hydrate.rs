//! `wfpack hydrate`: the reverse of `pack`: put the nodes back into `status.nodes` (from
//! `compressedNodes` or the offload table) and print the object.

use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// Arguments of `wfpack hydrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack hydrate packed.json > wf.json
  kubectl get wf big -o json | wfpack hydrate - --db postgres://argo@db/argo")]
pub struct Args {
    /// Workflow file (YAML or JSON), directory, or -.
    #[arg(value_name = "FILE|-")]
    pub input: String,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack hydrate`.
pub fn run(args: &Args, _out: &Out) -> Result<Exit> {
    let _wfs = input::read(&Location::parse(&args.input))?;
    Err(Failure::unavailable(
        "`wfpack hydrate`",
        "wfpack_codec::compress (issue 2)",
    ))
}
