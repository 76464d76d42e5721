//! `wfpack hydrate`: the reverse of `pack`: put the nodes back into `status.nodes` (from
//! `compressedNodes` or the offload table) and print the object.

use crate::controller;
use crate::failure::{Exit, Result};
use crate::input::{self, Location};
use crate::nodes::{Origin, load_nodes};
use crate::output::{ObjectFormat, Out, encode_object};
use crate::settings::ControllerArgs;

/// Arguments of `wfpack hydrate`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack hydrate packed.json > wf.json
  kubectl get wf big -o json | wfpack hydrate - --config cm.yaml -f yaml")]
pub struct Args {
    /// Workflow file (YAML or JSON) or - (one workflow).
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// Format of the printed object.
    #[arg(short = 'f', long, value_enum, default_value = "json")]
    pub format: ObjectFormat,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack hydrate`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let wf = input::read_one(&Location::parse(&args.input))?;
    let (nodes, origin) = load_nodes(&wf, &args.controller)?;
    let mut obj = wf.value.clone();
    if !matches!(origin, Origin::Inline | Origin::None) {
        controller::set_nodes(&mut obj, nodes);
    }
    out.write_raw(&encode_object(&obj, args.format)?)?;
    Ok(Exit::Ok)
}
