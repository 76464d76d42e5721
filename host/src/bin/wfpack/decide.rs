//! `wfpack decide`: the controller's ladder for a workflow under a configuration (the
//! configmap and MAX_WORKFLOW_SIZE), with Argo's exact strings, and the archive decision.

use serde_json::{Value, json};
use wfpack_codec::policy::decision::{ArchiveAction, OffloadAction};

use crate::controller::Controller;
use crate::failure::{Exit, Result};
use crate::input::{self, Location};
use crate::output::{Out, bytes, paint, style};
use crate::settings::ControllerArgs;

/// Arguments of `wfpack decide`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack decide wf.yaml --max-workflow-size 10240
  wfpack decide wf.yaml --config workflow-controller-configmap.yaml --env-file controller.env
  wfpack decide wf.yaml --policy adaptive -o json")]
pub struct Args {
    /// Workflow file (YAML or JSON), directory, or -.
    #[arg(value_name = "FILE|-")]
    pub input: String,

    /// The policy: a built-in (`argo`, the default, or `adaptive`) or a policy module file.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,

    /// Treat nodeStatusOffLoad as false whatever the configmap says.
    #[arg(long)]
    pub no_offload: bool,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// Runs `wfpack decide`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let ctl = Controller::load(&args.controller, args.no_offload, args.policy.as_deref())?;
    let mut wfs = input::read(&Location::parse(&args.input))?;
    let mut docs = Vec::new();
    for wf in &mut wfs {
        let m = ctl.measure(wf)?;
        let d = ctl.decide(&m)?;
        let a = ctl.decide_archive(wf)?;
        let wf = &*wf;
        let version = (d.action == OffloadAction::Offload).then(|| m.version());
        if out.json() {
            docs.push(json!({
                "workflow": {"name": wf.name(), "namespace": wf.namespace(), "uid": wf.uid(), "phase": wf.phase(), "source": wf.source.to_string()},
                "settings": ctl.offload,
                "facts": m.facts,
                "decision": d,
                "offloadVersion": version,
                "archive": a,
            }));
            continue;
        }
        let max = ctl.offload.max_workflow_size;
        out.line(format!(
            "{}  {}",
            paint(style::HEAD, wf.key()),
            paint(style::DIM, format!(
                "MAX_WORKFLOW_SIZE {max}, nodeStatusOffLoad {}, ALWAYS_OFFLOAD_NODE_STATUS {}, policy {}",
                ctl.offload.node_status_offload, ctl.offload.always_offload_node_status, ctl.policy_name()
            ))
        ))?;
        let f = &m.facts;
        out.line(format!(
            "  size       {} {} maxSize {max}",
            bytes(f.workflow_size.max(0) as u64),
            if f.workflow_size > max { ">" } else { "<=" }
        ))?;
        for c in &f.candidates {
            out.line(format!(
                "  {:<10} compressedNodes {} -> workflow {} {} maxSize {max}",
                format!(
                    "{}{}",
                    c.compression.algorithm,
                    c.compression
                        .level
                        .map(|l| format!("-{l}"))
                        .unwrap_or_default()
                ),
                bytes(c.compressed_nodes_length as u64),
                bytes(c.workflow_size.max(0) as u64),
                if c.workflow_size > max { ">" } else { "<=" }
            ))?;
        }
        let st = match d.action {
            OffloadAction::Keep => style::OK,
            OffloadAction::Reject => style::BAD,
            _ => style::CHANGE,
        };
        out.line(format!(
            "  decision   {}  {}",
            paint(st, d.action.as_str()),
            paint(style::DIM, &d.reason)
        ))?;
        if let Some(v) = &version {
            out.line(format!("  version    {v}"))?;
        }
        if let Some(msg) = &d.message {
            let label = if d.action == OffloadAction::Reject {
                "message"
            } else {
                "if offload fails"
            };
            out.line(format!("  {label:<10} {msg}"))?;
        }
        let ast = if a.action == ArchiveAction::Archive {
            style::CHANGE
        } else {
            style::DIM
        };
        let word = if a.action == ArchiveAction::Archive {
            "archive"
        } else {
            "skip"
        };
        out.line(format!(
            "  archive    {}  {}",
            paint(ast, word),
            paint(style::DIM, &a.reason)
        ))?;
    }
    if out.json() {
        out.write_json(&if docs.len() == 1 {
            docs.remove(0)
        } else {
            Value::Array(docs)
        })?;
    }
    Ok(Exit::Ok)
}
