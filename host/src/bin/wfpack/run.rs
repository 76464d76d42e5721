//! `wfpack run`: the main job. Processes a folder or stream of Workflows as the controller
//! would: packs each (keep, compress, offload or fail with Argo's message), archives the
//! completed ones the archive selector picks, garbage-collects by TTL, and prints a summary.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use serde_json::{Value, json};
use wfpack_codec::go_json::{self, Options};
use wfpack_codec::policy::builtin::offload_failed_message;
use wfpack_codec::policy::decision::{ArchiveAction, OffloadAction};

use crate::controller::{self, ARCHIVING_STATUS, Controller, Measured};
use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location, Workflow};
use crate::output::{ObjectFormat, Out, bytes, encode_object, group, paint, style};
use crate::settings::ControllerArgs;
use crate::store::Stores;

/// Arguments of `wfpack run`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack run host/examples/walkthrough/workflows \\
      --config host/examples/walkthrough/workflow-controller-configmap.yaml \\
      --env-file host/examples/walkthrough/controller.env
  kubectl get wf -A -o yaml | wfpack run - --config cm.yaml --db postgres://argo@db:5432/argo
  wfpack run ./wfs --no-offload --out ./packed -o json

With no --config and no --db, wfpack uses Argo's defaults (offload and archive off) and,
when the configmap turns them on without naming a database, the embedded SQLite file
.wfpack/wfpack.sqlite. Exit code 1 when a workflow ends in Error (Argo's message is in the
table), 2 when an input file is not a Workflow.")]
pub struct Args {
    /// Directory of Workflow files, a file, or - (YAML or JSON; multi-document and Lists too).
    #[arg(value_name = "DIR|-")]
    pub input: String,

    /// The policy: a built-in (`argo`, the default, or `adaptive`) or a policy module file.
    #[arg(long, value_name = "NAME|FILE")]
    pub policy: Option<String>,

    /// Treat nodeStatusOffLoad as false whatever the configmap says.
    #[arg(long)]
    pub no_offload: bool,

    /// Skip garbage collection (archive TTL, old offload versions).
    #[arg(long)]
    pub no_gc: bool,

    /// Write each resulting object (packed, labelled, ready for kubectl replace) here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// Format of the objects written with --out.
    #[arg(short = 'f', long, value_enum, default_value = "json")]
    pub format: ObjectFormat,

    /// Rows of the summary table to print (0 = all).
    #[arg(long, default_value_t = 50, value_name = "N")]
    pub rows: usize,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

/// What happened to one workflow.
#[derive(Debug, Clone)]
struct Row {
    key: String,
    source: String,
    size: i64,
    after: i64,
    outcome: &'static str,
    detail: String,
    archive: &'static str,
    message: String,
}

impl Row {
    fn json(&self) -> Value {
        json!({
            "workflow": self.key, "source": self.source, "size": self.size, "sizeAfter": self.after,
            "outcome": self.outcome, "detail": self.detail, "archive": self.archive, "message": self.message,
        })
    }
}

struct Job<'a> {
    args: &'a Args,
    ctl: Controller,
    stores: Option<Stores>,
    live: BTreeMap<String, String>,
    rows: Vec<Row>,
    invalid: usize,
}

/// Runs `wfpack run`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let started = Instant::now();
    let ctl = Controller::load(&args.controller, args.no_offload, args.policy.as_deref())?;
    let files = input::files(&Location::parse(&args.input))?;
    let needs_store =
        ctl.offload.node_status_offload || ctl.archive.archive || args.controller.db.is_some();
    let stores = if needs_store {
        Some(Stores::open(&ctl, &args.controller, true)?)
    } else {
        None
    };
    if let Some(dir) = &args.out {
        std::fs::create_dir_all(dir).map_err(|e| {
            Failure::failed(format!("--out {}: {e}", dir.display()), "check the path")
        })?;
    }
    let mut job = Job {
        args,
        ctl,
        stores,
        live: BTreeMap::new(),
        rows: Vec::new(),
        invalid: 0,
    };
    let bar = crate::progress::bar(files.len() as u64, "workflows");
    for file in &files {
        match input::read_file(file.as_deref()) {
            Ok(wfs) => {
                for wf in wfs {
                    let row = job.process(wf)?;
                    job.rows.push(row);
                }
            }
            Err(f) => {
                job.invalid += 1;
                job.rows.push(Row {
                    key: "-".into(),
                    source: file
                        .as_ref()
                        .map_or("<stdin>".into(), |p| p.display().to_string()),
                    size: 0,
                    after: 0,
                    outcome: "invalid",
                    detail: String::new(),
                    archive: "-",
                    message: f.line(),
                });
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let gc = if args.no_gc { None } else { job.gc()? };
    let elapsed = started.elapsed();
    job.report(out, gc.as_ref(), elapsed)?;
    let failed = job.rows.iter().any(|r| r.outcome == "failed");
    Ok(if job.invalid > 0 {
        Exit::Usage
    } else if failed {
        Exit::Failed
    } else {
        Exit::Ok
    })
}

struct GcSummary {
    archive: Option<(u64, u64, i64)>,
    offload: Option<(u64, i64)>,
}

impl Job<'_> {
    fn stores(&self) -> Result<&Stores> {
        self.stores
            .as_ref()
            .ok_or_else(|| Failure::failed("no store is configured", "pass --config or --db"))
    }

    /// Packs, archives and writes one workflow, as the controller would.
    fn process(&mut self, mut wf: Workflow) -> Result<Row> {
        let m = match self.ctl.measure(&mut wf) {
            Ok(m) => m,
            Err(f) => {
                self.invalid += 1;
                return Ok(self.row(&wf, None, "invalid", String::new(), f.line()));
            }
        };
        let d = self.ctl.decide(&m)?;
        let mut row = self.row(
            &wf,
            Some(&m),
            controller::action_word(d.action),
            String::new(),
            String::new(),
        );
        let already = if wf.compressed_nodes().is_empty() {
            "already offloaded"
        } else {
            "already compressed"
        };
        let old_version = wf.offload_version().to_string();
        wf.raw = None;
        // The nodes leave the object when it is packed; they are kept here for the archive.
        let mut moved_nodes: Option<Value> = None;
        match d.action {
            OffloadAction::Keep if !m.facts.hydrated => {
                row.outcome = "unchanged";
                row.detail = already.into();
            }
            OffloadAction::Keep => {}
            OffloadAction::Compress => {
                let chosen = d.compression.as_ref();
                if let Some((c, b64)) = m.encoded.iter().find(|(c, _)| Some(c) == chosen) {
                    moved_nodes = controller::take_nodes(&mut wf.value);
                    controller::set_compressed(&mut wf.value, b64);
                    row.detail = match c.level {
                        Some(l) => format!("{} level {l}", c.algorithm),
                        None => c.algorithm.clone(),
                    };
                }
            }
            OffloadAction::Offload => match self.stores()?.save_offload(&wf, &m.nodes_json) {
                Ok(v) => {
                    moved_nodes = controller::take_nodes(&mut wf.value);
                    controller::set_offloaded(&mut wf.value, &v);
                    row.detail = v;
                }
                Err(db) => {
                    let msg = offload_failed_message(d.message.as_deref().unwrap_or(""), &db);
                    controller::set_error(&mut wf.value, &msg);
                    row.outcome = "failed";
                    row.message = msg;
                    row.detail = m.version();
                }
            },
            OffloadAction::Reject => {
                let msg = d.message.clone().unwrap_or_default();
                controller::set_error(&mut wf.value, &msg);
                row.message = msg;
            }
        }
        if !wf.uid().is_empty() {
            let live = if m.facts.hydrated {
                m.version()
            } else {
                old_version
            };
            if !live.is_empty() {
                self.live.insert(wf.uid().to_string(), live);
            }
        }
        // Completion: archive what the selector picks (the object as it is now: a workflow
        // the packer marked Error has completed too, as in Argo).
        let a = self.ctl.decide_archive(&wf)?;
        if a.action == ArchiveAction::Archive {
            let hydrated = self.hydrated_json(&wf, moved_nodes.take())?;
            match self.stores()?.archive(&hydrated) {
                Ok(()) => {
                    controller::set_label(&mut wf.value, ARCHIVING_STATUS, "Archived");
                    row.archive = "archived";
                }
                Err(e) => {
                    controller::set_label(&mut wf.value, ARCHIVING_STATUS, "Pending");
                    row.archive = "pending";
                    if row.message.is_empty() {
                        row.message = format!("archive failed, Argo would retry: {e}");
                    }
                }
            }
        }
        let packed =
            serde_json::to_vec(&wf.value).map_err(|e| Failure::failed(e.to_string(), ""))?;
        row.after = go_json::encoded_len(&packed, &Options::ARGO).map_or(-1, |n| n as i64);
        if let Some(dir) = &self.args.out {
            self.write(dir, &wf)?;
        }
        Ok(row)
    }

    /// The hydrated workflow as Argo archives it: nodes inline, json.Marshal of the typed
    /// Workflow. `nodes` are the nodes packing moved out, if any.
    fn hydrated_json(&self, wf: &Workflow, nodes: Option<Value>) -> Result<Vec<u8>> {
        let mut full = wf.value.clone();
        let nodes = match nodes {
            Some(n) => Some(n),
            None if !wf.compressed_nodes().is_empty() || !wf.offload_version().is_empty() => {
                let (n, _) = crate::nodes::load_nodes(wf, &self.args.controller)?;
                Some(Value::Object(n))
            }
            None => None,
        };
        if let Some(Value::Object(n)) = nodes {
            controller::set_nodes(&mut full, n);
        }
        let bytes = serde_json::to_vec(&full).map_err(|e| Failure::failed(e.to_string(), ""))?;
        go_json::to_vec(&bytes, &Options::ARGO)
            .map_err(|e| Failure::bad_input(&wf.source.to_string(), e))
    }

    fn write(&self, dir: &Path, wf: &Workflow) -> Result<()> {
        let obj = &wf.value;
        let ext = match self.args.format {
            ObjectFormat::Json => "json",
            ObjectFormat::Yaml => "yaml",
        };
        let ns = if wf.namespace().is_empty() {
            "default"
        } else {
            wf.namespace()
        };
        let name: String = wf
            .name()
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{ns}_{name}.{ext}"));
        std::fs::write(&path, encode_object(obj, self.args.format)?).map_err(|e| {
            Failure::failed(
                format!("cannot write {}: {e}", path.display()),
                "check the disk",
            )
        })
    }

    fn row(
        &self,
        wf: &Workflow,
        m: Option<&Measured>,
        outcome: &'static str,
        detail: String,
        message: String,
    ) -> Row {
        Row {
            key: wf.key(),
            source: wf.source.to_string(),
            size: m.map_or(0, |m| m.facts.workflow_size),
            after: 0,
            outcome,
            detail,
            archive: "-",
            message,
        }
    }

    fn gc(&mut self) -> Result<Option<GcSummary>> {
        let Some(stores) = &self.stores else {
            return Ok(None);
        };
        let mut s = GcSummary {
            archive: None,
            offload: None,
        };
        let ttl = wfpack_codec::policy::ttl::parse_archive_ttl(&self.ctl.archive.archive_ttl)
            .map_err(|e| Failure::usage(format!("archiveTTL: {e}"), "fix persistence.archiveTTL"))?
            .as_secs();
        if self.ctl.archive.archive && ttl > 0 {
            let (deleted, freed) = stores.gc_archive(ttl, false)?;
            s.archive = Some((deleted, freed, ttl));
        }
        if self.ctl.offload.node_status_offload {
            let ttl = self.offload_ttl()?;
            let deleted = stores.gc_offload(ttl, &self.live)?;
            s.offload = Some((deleted, ttl));
        }
        Ok(Some(s))
    }

    fn offload_ttl(&self) -> Result<i64> {
        match self.ctl.env.get("OFFLOAD_NODE_STATUS_TTL") {
            None | Some("") => Ok(300),
            Some(v) => wfpack_codec::policy::ttl::parse_go_duration(v)
                .map(|d| d.as_secs())
                .map_err(|e| {
                    Failure::usage(
                        format!("OFFLOAD_NODE_STATUS_TTL={v:?}: {e}"),
                        "use a Go duration such as 5m or 1h (Argo would panic on this value)",
                    )
                }),
        }
    }

    fn report(
        &self,
        out: &Out,
        gc: Option<&GcSummary>,
        elapsed: std::time::Duration,
    ) -> Result<()> {
        let count = |o: &str| self.rows.iter().filter(|r| r.outcome == o).count();
        let archived = self.rows.iter().filter(|r| r.archive == "archived").count();
        let rate = self.rows.len() as f64 / elapsed.as_secs_f64().max(1e-9);
        if out.json() {
            let gc_json = gc.map(|g| {
                json!({
                    "archive": g.archive.map(|(d, b, ttl)| json!({"deleted": d, "bytes": b, "ttlSeconds": ttl})),
                    "offload": g.offload.map(|(d, ttl)| json!({"deleted": d, "ttlSeconds": ttl})),
                })
            });
            return out.write_json(&json!({
                "settings": {
                    "maxWorkflowSize": self.ctl.offload.max_workflow_size,
                    "nodeStatusOffLoad": self.ctl.offload.node_status_offload,
                    "alwaysOffloadNodeStatus": self.ctl.offload.always_offload_node_status,
                    "compression": self.ctl.offload.compression,
                    "archive": self.ctl.archive.archive,
                    "archiveTTL": self.ctl.archive.archive_ttl,
                    "policy": self.ctl.policy_name(),
                    "store": self.stores.as_ref().map(Stores::target),
                },
                "workflows": self.rows.iter().map(Row::json).collect::<Vec<_>>(),
                "totals": {
                    "workflows": self.rows.len(), "kept": count("kept"), "compressed": count("compressed"),
                    "offloaded": count("offloaded"), "failed": count("failed"), "unchanged": count("unchanged"),
                    "invalid": count("invalid"), "archived": archived,
                },
                "gc": gc_json,
                "seconds": elapsed.as_secs_f64(),
                "workflowsPerSecond": rate,
            }));
        }
        let c = &self.ctl;
        out.line(format!(
            "{} MAX_WORKFLOW_SIZE {}, nodeStatusOffLoad {}, archive {}{}, policy {}, store {}",
            paint(style::HEAD, "wfpack run:"),
            c.offload.max_workflow_size,
            c.offload.node_status_offload,
            c.archive.archive,
            if c.archive.archive_ttl.is_empty() {
                String::new()
            } else {
                format!(" (archiveTTL {})", c.archive.archive_ttl)
            },
            c.policy_name(),
            self.stores.as_ref().map_or("none", Stores::target),
        ))?;
        out.line("")?;
        let shown = if self.args.rows == 0 {
            self.rows.len()
        } else {
            self.args.rows.min(self.rows.len())
        };
        let table: Vec<Vec<String>> = self.rows[..shown]
            .iter()
            .map(|r| {
                let st = match r.outcome {
                    "kept" | "unchanged" => style::OK,
                    "compressed" | "offloaded" => style::CHANGE,
                    _ => style::BAD,
                };
                vec![
                    r.key.clone(),
                    if r.size > 0 {
                        group(r.size as u64)
                    } else {
                        "-".into()
                    },
                    paint(st, r.outcome),
                    r.detail.clone(),
                    if r.after > 0 {
                        group(r.after as u64)
                    } else {
                        "-".into()
                    },
                    if r.archive == "archived" {
                        paint(style::CHANGE, r.archive)
                    } else {
                        r.archive.to_string()
                    },
                    r.message.clone(),
                ]
            })
            .collect();
        out.table(
            &[
                "WORKFLOW", "SIZE", "RESULT", "DETAIL", "AFTER", "ARCHIVE", "MESSAGE",
            ],
            &table,
        )?;
        if shown < self.rows.len() {
            out.line(paint(
                style::DIM,
                format!(
                    "... and {} more (--rows 0 shows all, -o json for scripts)",
                    self.rows.len() - shown
                ),
            ))?;
        }
        out.line("")?;
        out.line(format!(
            "{} workflow(s): {} kept, {} compressed, {} offloaded, {} failed{}{}; {} archived",
            self.rows.len(),
            count("kept"),
            count("compressed"),
            count("offloaded"),
            count("failed"),
            match count("unchanged") {
                0 => String::new(),
                n => format!(", {n} already packed"),
            },
            match count("invalid") {
                0 => String::new(),
                n => format!(", {n} invalid"),
            },
            archived,
        ))?;
        if let Some(g) = gc {
            if let Some((d, b, _)) = g.archive {
                out.line(format!(
                    "archive GC: {d} archived workflow(s) finished more than archiveTTL {} ago deleted ({})",
                    self.ctl.archive.archive_ttl,
                    bytes(b)
                ))?;
            }
            if let Some((d, ttl)) = g.offload {
                out.line(format!(
                    "offload GC: {d} node-status version(s) older than {} that no workflow here points at deleted",
                    crate::time::duration(ttl)
                ))?;
            }
        }
        out.line(paint(
            style::DIM,
            format!("{:.2}s, {:.0} workflows/s", elapsed.as_secs_f64(), rate),
        ))
    }
}
