//! `wfpack`: read, explain and pack Argo Workflows' node status from the command line.
//!
//! A thin binary over `wfpack-codec` (sizes, compression, decisions) and `wfpack-host`
//! (stores, configuration, policies). One module per subcommand; `input` reads Workflows,
//! `output` writes human text or JSON, `failure` turns errors into one line and an exit code.
#![forbid(unsafe_code)]
#![allow(clippy::print_stdout, clippy::print_stderr)]

mod archive;
mod controller;
mod decide;
mod doctor;
mod failure;
mod generate;
mod hydrate;
mod input;
mod nodes;
mod offload;
mod output;
mod pack;
mod progress;
mod run;
mod settings;
mod size;
mod store;
mod time;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: decoding typed nodes allocates a few dozen
/// small strings per node, which glibc's malloc serves markedly slower (docs/compression.md,
/// "Allocator").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::{Parser, Subcommand};

use failure::Failure;
use output::{Format, Out};

const EXAMPLES: &str = "\
Examples:
  kubectl get wf my-wf -o yaml | wfpack nodes -        # the node tree, whatever holds it
  wfpack size wf.yaml                                  # Go-exact size, breakdown, headroom
  wfpack decide wf.yaml --max-workflow-size 10240      # what the controller will do
  wfpack pack wf.yaml | kubectl replace -f -           # compress (or offload) as Argo would
  wfpack run host/examples/walkthrough/workflows \\
      --config host/examples/walkthrough/workflow-controller-configmap.yaml \\
      --env-file host/examples/walkthrough/controller.env   # the main job
  wfpack doctor --config workflow-controller-configmap.yaml

Exit codes: 0 ok, 1 the operation failed, 2 usage error or bad input.
Colour only on a terminal; NO_COLOR or --color never turns it off.";

/// Read, explain and pack Argo Workflows' node status: sizes, compressedNodes, offload, archive.
#[derive(Debug, Parser)]
#[command(
    name = "wfpack",
    version,
    about = "Read, explain and pack Argo Workflows' node status: Go-exact sizes, compressedNodes, offload and archive, as Argo's controller does.",
    after_help = EXAMPLES,
    propagate_version = true
)]
struct Cli {
    /// Output format: human text or JSON for scripts.
    #[arg(short = 'o', long, global = true, value_enum, default_value = "human")]
    output: Format,

    /// When to use colour.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorWhen,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum ColorWhen {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Show a Workflow's node tree, from status.nodes, compressedNodes or the offload table.
    Nodes(nodes::Args),
    /// Go-exact size of a Workflow, what makes it big, and the headroom under the limit.
    Size(size::Args),
    /// What the controller will do with a Workflow: keep, compress, offload or fail; archive.
    Decide(decide::Args),
    /// Apply the decision: compress or offload the nodes; print the object for kubectl replace.
    Pack(pack::Args),
    /// The reverse of pack: put the nodes back into status.nodes.
    Hydrate(hydrate::Args),
    /// The main job: pack every workflow as the controller would, archive, GC; a summary.
    Run(run::Args),
    /// Archived workflows: list, get, gc.
    #[command(subcommand)]
    Archive(archive::Command),
    /// Offloaded node status: list, get, gc.
    #[command(subcommand)]
    Offload(offload::Command),
    /// Check the store and the controller configuration for known mistakes.
    Doctor(doctor::Args),
    /// Write realistic completed Workflows (demos, tests, benchmarks).
    Generate(generate::Args),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.color {
        ColorWhen::Auto => {}
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
    }
    let out = Out { format: cli.output };
    let result = match &cli.command {
        Command::Nodes(a) => nodes::run(a, &out),
        Command::Size(a) => size::run(a, &out),
        Command::Decide(a) => decide::run(a, &out),
        Command::Pack(a) => pack::run(a, &out),
        Command::Hydrate(a) => hydrate::run(a, &out),
        Command::Run(a) => run::run(a, &out),
        Command::Archive(c) => archive::run(c, &out),
        Command::Offload(c) => offload::run(c, &out),
        Command::Doctor(a) => doctor::run(a, &out),
        Command::Generate(a) => generate::run(a, &out),
    };
    match result {
        Ok(exit) => exit.into(),
        Err(f) => report(&f, &out),
    }
}

fn report(f: &Failure, out: &Out) -> ExitCode {
    if out.json() {
        eprintln!("{}", f.to_json());
    } else {
        let mut err = anstream::stderr();
        let _ = std::io::Write::write_fmt(
            &mut err,
            format_args!(
                "wfpack: {} {}\n",
                output::paint(output::style::BAD, "error:"),
                f.line()
            ),
        );
    }
    f.exit.into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;
    use failure::Exit;

    #[test]
    fn cli_definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_codes() {
        assert_eq!(Exit::Ok.code(), 0);
        assert_eq!(Exit::Failed.code(), 1);
        assert_eq!(Exit::Usage.code(), 2);
    }
}
