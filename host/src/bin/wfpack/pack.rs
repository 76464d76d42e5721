//! `wfpack pack`: apply the controller's decision to a Workflow (compress the nodes into
//! `status.compressedNodes`, or offload them into the store) and print the object, ready for
//! `kubectl replace -f -`.

use wfpack_codec::policy::decision::OffloadAction;

use crate::controller::{self, Controller};
use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location};
use crate::output::{ObjectFormat, Out, encode_object};
use crate::settings::ControllerArgs;
use crate::store::Stores;

/// Arguments of `wfpack pack`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack pack wf.yaml --max-workflow-size 10240 > packed.json
  kubectl get wf big -o json | wfpack pack - --config cm.yaml | kubectl replace -f -

A workflow the controller would mark Error (too large with offload off) is printed with
phase Error and Argo's message, and wfpack exits 1.")]
pub struct Args {
    /// Workflow file (YAML or JSON) or - (one workflow).
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// The policy: a built-in (`argo`, the default, or `adaptive`) or a policy module file.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,

    /// Treat nodeStatusOffLoad as false whatever the configmap says.
    #[arg(long)]
    pub no_offload: bool,

    /// Format of the printed object.
    #[arg(short = 'f', long, value_enum, default_value = "json")]
    pub format: ObjectFormat,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack pack`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let ctl = Controller::load(&args.controller, args.no_offload, args.policy.as_deref())?;
    let mut wf = input::read_one(&Location::parse(&args.input))?;
    let m = ctl.measure(&mut wf)?;
    let d = ctl.decide(&m)?;
    let mut obj = wf.value.clone();
    let mut exit = Exit::Ok;
    match d.action {
        OffloadAction::Keep => {}
        OffloadAction::Compress => {
            let chosen = d.compression.as_ref();
            let b64 = m
                .encoded
                .iter()
                .find(|(c, _)| Some(c) == chosen)
                .map(|(_, b)| b.clone())
                .ok_or_else(|| {
                    Failure::failed("the policy chose a compression that was not measured", "")
                })?;
            controller::set_compressed(&mut obj, &b64);
        }
        OffloadAction::Offload => {
            let stores = Stores::open(&ctl, &args.controller, true)?;
            match stores.save_offload(&wf, &m.nodes_json) {
                Ok(version) => controller::set_offloaded(&mut obj, &version),
                Err(db_error) => {
                    let msg = wfpack_codec::policy::builtin::offload_failed_message(
                        d.message.as_deref().unwrap_or(""),
                        &db_error,
                    );
                    controller::set_error(&mut obj, &msg);
                    eprintln!(
                        "wfpack: error: {}: the controller marks this workflow Error: {msg}",
                        wf.key()
                    );
                    exit = Exit::Failed;
                }
            }
        }
        OffloadAction::Reject => {
            let msg = d.message.clone().unwrap_or_default();
            controller::set_error(&mut obj, &msg);
            eprintln!(
                "wfpack: error: {}: the controller marks this workflow Error: {msg}",
                wf.key()
            );
            exit = Exit::Failed;
        }
    }
    out.write_raw(&encode_object(&obj, args.format)?)?;
    Ok(exit)
}
