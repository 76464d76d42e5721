//! `wfpack doctor`: the store preflight plus configuration checks for mistakes Argo does not
//! report: offload off while ALWAYS_OFFLOAD_NODE_STATUS is on, a tableName that names an
//! archive table, archive selectors whose labels sit in spec.metadata instead of
//! spec.workflowMetadata.

use crate::failure::{Exit, Failure, Result};
use crate::output::Out;
use crate::settings::ControllerArgs;

/// Arguments of `wfpack doctor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack doctor --config workflow-controller-configmap.yaml --env-file controller.env
  wfpack doctor --config cm.yaml --workflows ./wfs     # also check selectors against workflows")]
pub struct Args {
    /// Workflows to check the archive selector against (file, directory or -).
    #[arg(long, value_name = "FILE|DIR|-")]
    pub workflows: Option<String>,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack doctor`.
pub fn run(_args: &Args, _out: &Out) -> Result<Exit> {
    Err(Failure::unavailable(
        "`wfpack doctor`",
        "the configuration reader and the stores (issue 4)",
    ))
}
