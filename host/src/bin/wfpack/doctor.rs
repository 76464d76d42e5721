//! `wfpack doctor`: the store preflight plus configuration checks for mistakes Argo does not
//! report: offload off while ALWAYS_OFFLOAD_NODE_STATUS is on, a tableName that names an
//! archive table, archive selectors whose labels sit in the pod or template metadata instead
//! of spec.workflowMetadata, and environment values Argo silently ignores.

use serde_json::{Value, json};
use wfpack_codec::policy::selector::LabelSelector;

use crate::controller::Controller;
use crate::failure::{Exit, Failure, Result};
use crate::input::{self, Location, Workflow};
use crate::output::{Out, paint, style};
use crate::settings::ControllerArgs;
use crate::store::{DEFAULT_SQLITE, Stores};

/// Arguments of `wfpack doctor`.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  wfpack doctor --config workflow-controller-configmap.yaml --env-file controller.env
  wfpack doctor --config cm.yaml --workflows ./wfs     # also check the selector against workflows
  wfpack doctor --db postgres://postgres@127.0.0.1:5432/postgres

Exit code 1 when a problem is found (each says what to do), 0 when only notes remain.")]
pub struct Args {
    /// Workflows to check the archive selector against (file, directory or -).
    #[arg(long, value_name = "FILE|DIR|-")]
    pub workflows: Option<String>,

    /// Only check the configuration; do not connect to the database.
    #[arg(long)]
    pub no_store: bool,

    #[command(flatten)]
    pub controller: ControllerArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Level {
    Ok,
    Note,
    Problem,
}

struct Report {
    checks: Vec<(Level, String, String)>,
}

impl Report {
    fn add(&mut self, level: Level, topic: &str, text: impl Into<String>) {
        self.checks.push((level, topic.to_string(), text.into()));
    }
}

const ARCHIVE_TABLES: [&str; 4] = [
    "argo_archived_workflows",
    "argo_archived_workflows_labels",
    "schema_history",
    "argo_workflow_history",
];

/// Runs `wfpack doctor`.
pub fn run(args: &Args, out: &Out) -> Result<Exit> {
    let ctl = Controller::load(&args.controller, false, None)?;
    let mut r = Report { checks: Vec::new() };
    config_checks(&ctl, &mut r);
    if let Some(w) = &args.workflows {
        let wfs = input::read(&Location::parse(w))?;
        selector_checks(&ctl, &wfs, &mut r);
    }
    let want_store = !args.no_store
        && (args.controller.db.is_some()
            || ctl
                .persistence
                .as_ref()
                .is_some_and(|p| p.flavour.is_some())
            || std::path::Path::new(DEFAULT_SQLITE).exists());
    if want_store {
        store_checks(&ctl, &args.controller, &mut r)?;
    } else if !args.no_store {
        r.add(Level::Note, "store", "no database configured (no --db, no postgresql/mysql in the configmap): skipping the store preflight");
    }
    let problems = r.checks.iter().filter(|c| c.0 == Level::Problem).count();
    if out.json() {
        let items: Vec<Value> = r
            .checks
            .iter()
            .map(|(l, t, m)| json!({"level": match l { Level::Ok => "ok", Level::Note => "note", Level::Problem => "problem" }, "topic": t, "message": m}))
            .collect();
        out.write_json(&json!({"problems": problems, "checks": items}))?;
    } else {
        for (l, t, m) in &r.checks {
            let mark = match l {
                Level::Ok => paint(style::OK, "✔"),
                Level::Note => paint(style::WARN, "!"),
                Level::Problem => paint(style::BAD, "✖"),
            };
            out.line(format!("{mark} {}  {m}", paint(style::HEAD, t)))?;
        }
        out.line(if problems == 0 {
            paint(style::OK, "no problems found")
        } else {
            paint(style::BAD, format!("{problems} problem(s) found"))
        })?;
    }
    Ok(if problems > 0 { Exit::Failed } else { Exit::Ok })
}

fn config_checks(ctl: &Controller, r: &mut Report) {
    let env = &ctl.env;
    let p = ctl.persistence.as_ref();
    let offload = p.is_some_and(|p| p.node_status_offload);
    if env.always_offload() && !offload {
        r.add(
            Level::Problem,
            "offload",
            "ALWAYS_OFFLOAD_NODE_STATUS is true but persistence.nodeStatusOffLoad is off: every workflow will fail with \
             \"Tried to offload but encountered error: offload node status is not supported\"; set nodeStatusOffLoad: true or unset the variable",
        );
    } else if env.always_offload() {
        r.add(Level::Note, "offload", "ALWAYS_OFFLOAD_NODE_STATUS is true: every workflow's nodes go to the database, whatever its size");
    }
    if let Some(v) = env.get("MAX_WORKFLOW_SIZE") {
        match v.parse::<i64>() {
            Ok(0) | Err(_) => r.add(
                Level::Problem,
                "MAX_WORKFLOW_SIZE",
                format!("{v:?} is not a positive integer: Argo ignores it and uses 1048576; write a number of bytes"),
            ),
            Ok(n) if n < 0 => r.add(Level::Problem, "MAX_WORKFLOW_SIZE", format!("{n} is negative: Argo then treats every workflow as too large; write a positive number of bytes")),
            Ok(n) if n > 1_572_864 => r.add(
                Level::Problem,
                "MAX_WORKFLOW_SIZE",
                format!("{n} is above etcd's default request limit (1572864): the API server will reject workflows before Argo compresses them; lower it"),
            ),
            Ok(n) => r.add(Level::Ok, "MAX_WORKFLOW_SIZE", format!("{n} bytes")),
        }
    }
    if let Some(a) = env.get("WORKFLOW_COMPRESSION_ALGORITHM") {
        match a {
            "" | "gzip" => {}
            "zstd" | "brotli" => r.add(
                Level::Note,
                "compression",
                format!("{a}: Argo v4.0 and older (and tools that gunzip compressedNodes) cannot read it"),
            ),
            other => r.add(
                Level::Problem,
                "compression",
                format!("WORKFLOW_COMPRESSION_ALGORITHM={other:?} is unknown: Argo logs a warning and uses gzip; use gzip, zstd or brotli (case-sensitive)"),
            ),
        }
    }
    if let Some(t) = env.get("OFFLOAD_NODE_STATUS_TTL")
        && wfpack_codec::policy::ttl::parse_go_duration(t).is_err()
    {
        {
            r.add(Level::Problem, "offload TTL", format!("OFFLOAD_NODE_STATUS_TTL={t:?} is not a Go duration: the controller panics at start; write e.g. 5m"));
        }
    }
    let Some(p) = p else {
        r.add(
            Level::Note,
            "config",
            "no --config: Argo's defaults (offload and archive off)",
        );
        return;
    };
    if let Some(t) = &p.table_name {
        if ARCHIVE_TABLES.contains(&t.as_str()) {
            r.add(
                Level::Problem,
                "tableName",
                format!("tableName {t:?} names one of Argo's archive tables: offload rows and migrations would collide with the archive; use argo_workflows"),
            );
        } else {
            r.add(Level::Ok, "tableName", t.clone());
        }
    } else if p.flavour.is_some() {
        r.add(Level::Problem, "tableName", "the database section has no tableName: Argo fails with \"TableName is empty\"; set tableName: argo_workflows");
    }
    if (p.node_status_offload || p.archive) && p.flavour.is_none() {
        r.add(
            Level::Note,
            "database",
            "offload or archive is on but no postgresql/mysql section is set: Argo would refuse this; wfpack uses the embedded SQLite file",
        );
    }
    if p.archive {
        match &p.archive_label_selector {
            None => r.add(Level::Note, "archive", "archive is on with no archiveLabelSelector: every completed workflow is archived"),
            Some(sel) => match LabelSelector::from_meta(sel) {
                Ok(s) => r.add(Level::Ok, "archive", format!("archiveLabelSelector {s}")),
                Err(e) => r.add(Level::Problem, "archive", format!("archiveLabelSelector is invalid ({e}): the controller will not start; fix it")),
            },
        }
        match wfpack_codec::policy::ttl::parse_archive_ttl(&p.archive_ttl) {
            Ok(d) if d.as_secs() == 0 => r.add(Level::Note, "archiveTTL", "not set: archived workflows are kept forever"),
            Ok(_) => r.add(Level::Ok, "archiveTTL", p.archive_ttl.clone()),
            Err(e) => r.add(Level::Problem, "archiveTTL", format!("{:?}: {e}; Argo cannot parse it and will not start (compound durations such as 1h30m fail): write e.g. 7d", p.archive_ttl)),
        }
    } else if p.archive_label_selector.is_some() {
        r.add(
            Level::Note,
            "archive",
            "archiveLabelSelector is set but archive is false: nothing is archived",
        );
    }
}

/// Places where people put labels that never reach the workflow's own metadata.labels.
fn misplaced_labels(wf: &Workflow) -> Vec<(String, String, String)> {
    let mut out = Vec::new();
    let mut look = |path: &str, v: Option<&Value>| {
        if let Some(m) = v.and_then(Value::as_object) {
            for (k, v) in m {
                out.push((
                    path.to_string(),
                    k.clone(),
                    v.as_str().unwrap_or("").to_string(),
                ));
            }
        }
    };
    look(
        "spec.metadata.labels",
        wf.value.pointer("/spec/metadata/labels"),
    );
    look(
        "spec.podMetadata.labels",
        wf.value.pointer("/spec/podMetadata/labels"),
    );
    if let Some(ts) = wf
        .value
        .pointer("/spec/templates")
        .and_then(Value::as_array)
    {
        for (i, t) in ts.iter().enumerate() {
            look(
                &format!("spec.templates[{i}].metadata.labels"),
                t.pointer("/metadata/labels"),
            );
        }
    }
    out
}

fn selector_checks(ctl: &Controller, wfs: &[Workflow], r: &mut Report) {
    let Some(sel) = ctl.archive.archive_label_selector.as_ref() else {
        return;
    };
    let Ok(sel) = LabelSelector::from_meta(sel) else {
        return;
    };
    let keys: Vec<&str> = sel.requirements().iter().map(|q| q.key()).collect();
    let mut found = 0;
    for wf in wfs {
        let labels: std::collections::BTreeMap<String, String> = wf.labels().into_iter().collect();
        if sel.matches(&labels) {
            continue;
        }
        for (path, k, v) in misplaced_labels(wf) {
            if keys.contains(&k.as_str()) && !labels.contains_key(&k) {
                found += 1;
                r.add(
                    Level::Problem,
                    "selector",
                    format!(
                        "{}: the archive selector needs label {k} but it is set in {path} ({k}={v}), which labels pods, not the workflow; move it to spec.workflowMetadata.labels",
                        wf.key()
                    ),
                );
            }
        }
    }
    if found == 0 {
        r.add(
            Level::Ok,
            "selector",
            format!(
                "checked {} workflow(s): no selector label sits in pod or template metadata",
                wfs.len()
            ),
        );
    }
}

fn store_checks(ctl: &Controller, args: &ControllerArgs, r: &mut Report) -> Result<()> {
    let stores = match Stores::open(ctl, args, false) {
        Ok(s) => s,
        Err(f) if f.exit == Exit::Failed => {
            r.add(Level::Problem, "store", f.line());
            return Ok(());
        }
        Err(f) => return Err(f),
    };
    let Some(sql) = stores.sql() else {
        return Ok(());
    };
    let pf = stores
        .block_on(sql.preflight(0))
        .map_err(|e| Failure::operation(&format!("preflight of {}", stores.target()), e))?;
    r.add(
        Level::Ok,
        "store",
        format!(
            "{} at {}: schema version {}, offload table {}",
            pf.server,
            stores.target(),
            pf.schema_version
                .map_or("none".to_string(), |v| v.to_string()),
            stores.table()
        ),
    );
    if !pf.pending.is_empty() {
        r.add(
            Level::Note,
            "migrations",
            format!(
                "{} migration step(s) pending (from {}); `wfpack run` applies them, as Argo would",
                pf.pending.len(),
                pf.pending[0]
            ),
        );
    }
    for p in pf.problems {
        r.add(Level::Problem, "store", p);
    }
    for n in pf.notes {
        r.add(Level::Note, "store", n);
    }
    Ok(())
}
