//! The built-in policies, as pure functions over facts: `argo` (Argo v4.1.2 exactly) and
//! `adaptive` (tries cheaper and stronger compression before offloading).
//!
//! ```
//! use wfpack_codec::policy::builtin;
//! use wfpack_codec::policy::decision::*;
//!
//! let settings = OffloadSettings { max_workflow_size: 10240, ..OffloadSettings::default() };
//! let facts = OffloadFacts {
//!     hydrated: true,
//!     workflow_size: 277329,
//!     candidates: vec![Candidate {
//!         compression: Compression::argo_default(),
//!         compressed_nodes_length: 26348,
//!         workflow_size: 28266,
//!     }],
//!     ..OffloadFacts::default()
//! };
//! let d = builtin::argo_offload(&settings, &facts).unwrap();
//! assert_eq!(d.action, OffloadAction::Reject);
//! assert_eq!(
//!     d.message.unwrap(),
//!     "workflow is longer than maximum allowed size. compressed size 28266 > maxSize 10240\
//!      Tried to offload but encountered error: offload node status is not supported"
//! );
//! ```

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::decision::{
    ArchiveAction, ArchiveDecision, ArchiveSettings, Candidate, Compression, OffloadAction,
    OffloadDecision, OffloadFacts, OffloadSettings, PolicyError, WorkflowMeta,
};
use super::selector::LabelSelector;
use super::ttl::parse_archive_ttl;

/// The names of the built-in policies.
pub const NAMES: [&str; 2] = ["argo", "adaptive"];

/// Argo's packer error for a compressed size (validated non-negative by [`check_facts`]).
fn too_large_message(compressed_size: i64, max: i64) -> String {
    crate::pack::too_large_message(usize::try_from(compressed_size).unwrap_or(0), max)
}

/// The text Argo's "explosive" offload repository returns when offload is disabled.
pub const OFFLOAD_NOT_SUPPORTED: &str = crate::pack::OFFLOAD_NOT_SUPPORTED;

/// Argo's `status.message` when offloading fails: the packer error (possibly empty) and
/// the database error with no separator in between (same as
/// [`crate::pack::offload_failed_message`]).
pub fn offload_failed_message(packer_error: &str, db_error: &str) -> String {
    crate::pack::offload_failed_message(packer_error, db_error)
}

/// Sizes are lengths: a negative one is a malformed request, never a decision input.
fn check_facts(facts: &OffloadFacts) -> Result<(), PolicyError> {
    let bad = facts.workflow_size < 0
        || facts.nodes_size < 0
        || facts
            .candidates
            .iter()
            .any(|c| c.workflow_size < 0 || c.compressed_nodes_length < 0);
    if bad {
        return Err(PolicyError::new(
            "invalid_input",
            "negative sizes in the facts; the host measures lengths, which are never negative",
        ));
    }
    Ok(())
}

/// Which compressions the host must measure for `policy` when the workflow is over the
/// limit (`settings.compression` first for `argo`, a cost-ordered ladder for `adaptive`).
pub fn candidates_to_measure(policy: &str, settings: &OffloadSettings) -> Vec<Compression> {
    let configured = settings.compression.clone();
    match policy {
        "adaptive" => {
            let ladder = [
                Compression::new("gzip", Some(1)),
                configured,
                Compression::new("zstd", Some(1)),
                Compression::new("zstd", Some(2)),
                Compression::new("gzip", Some(9)),
                Compression::new("zstd", Some(4)),
            ];
            let mut out: Vec<Compression> = Vec::new();
            for c in ladder {
                if !out.contains(&c) {
                    out.push(c);
                }
            }
            out
        }
        _ => alloc::vec![configured],
    }
}

fn offload_or_reject(
    settings: &OffloadSettings,
    packer_error: String,
    reason: String,
) -> OffloadDecision {
    if settings.node_status_offload {
        OffloadDecision {
            action: OffloadAction::Offload,
            compression: None,
            message: Some(packer_error),
            reason,
        }
    } else {
        OffloadDecision {
            action: OffloadAction::Reject,
            compression: None,
            message: Some(offload_failed_message(&packer_error, OFFLOAD_NOT_SUPPORTED)),
            reason: format!("{reason}; node status offload is disabled"),
        }
    }
}

fn keep(reason: String) -> OffloadDecision {
    OffloadDecision {
        action: OffloadAction::Keep,
        compression: None,
        message: None,
        reason,
    }
}

fn missing(c: &Compression) -> PolicyError {
    PolicyError::new(
        "missing_measurement",
        format!(
            "the workflow is over the limit but the host did not measure {} level {:?}; \
             measure the candidates this policy asks for (candidates_to_measure)",
            c.algorithm, c.level
        ),
    )
}

/// The start of Argo's `Dehydrate`, shared by both built-ins: already dehydrated, forced
/// offload, or under the limit. `None` means "over the limit, compression needed".
fn argo_prelude(
    settings: &OffloadSettings,
    facts: &OffloadFacts,
) -> Result<Option<OffloadDecision>, PolicyError> {
    check_facts(facts)?;
    Ok(argo_start(settings, facts))
}

fn argo_start(settings: &OffloadSettings, facts: &OffloadFacts) -> Option<OffloadDecision> {
    if !facts.hydrated {
        return Some(keep(String::from(
            "already dehydrated (compressedNodes or offloadNodeStatusVersion is set)",
        )));
    }
    if settings.always_offload_node_status {
        return Some(offload_or_reject(
            settings,
            String::new(),
            String::from("ALWAYS_OFFLOAD_NODE_STATUS is true"),
        ));
    }
    let max = settings.max_workflow_size;
    if facts.workflow_size <= max {
        return Some(keep(format!(
            "size {} <= maxSize {max}",
            facts.workflow_size
        )));
    }
    None
}

/// Argo v4.1.2's `Dehydrate` decision: keep when the workflow fits, else compress with the
/// configured algorithm if that fits, else offload (or, with offload disabled, mark the
/// workflow `Error` with Argo's exact message).
pub fn argo_offload(
    settings: &OffloadSettings,
    facts: &OffloadFacts,
) -> Result<OffloadDecision, PolicyError> {
    if let Some(d) = argo_prelude(settings, facts)? {
        return Ok(d);
    }
    let max = settings.max_workflow_size;
    let c = facts
        .candidate(&settings.compression)
        .ok_or_else(|| missing(&settings.compression))?;
    if c.workflow_size <= max {
        return Ok(OffloadDecision {
            action: OffloadAction::Compress,
            compression: Some(c.compression.clone()),
            message: None,
            reason: format!(
                "size {} > maxSize {max}; with compressedNodes {} <= maxSize",
                facts.workflow_size, c.workflow_size
            ),
        });
    }
    Ok(offload_or_reject(
        settings,
        too_large_message(c.workflow_size, max),
        format!("compressed size {} > maxSize {max}", c.workflow_size),
    ))
}

/// `adaptive`: like Argo, but over the limit it takes the first measured candidate (the host
/// measures them cheapest first, see [`candidates_to_measure`]) that fits before
/// offloading; the packer error, if any, names the smallest size reached.
pub fn adaptive_offload(
    settings: &OffloadSettings,
    facts: &OffloadFacts,
) -> Result<OffloadDecision, PolicyError> {
    if let Some(d) = argo_prelude(settings, facts)? {
        return Ok(d);
    }
    let max = settings.max_workflow_size;
    if let Some(c) = facts.candidates.iter().find(|c| c.workflow_size <= max) {
        return Ok(OffloadDecision {
            action: OffloadAction::Compress,
            compression: Some(c.compression.clone()),
            message: None,
            reason: format!(
                "size {} > maxSize {max}; {} level {} brings it to {}",
                facts.workflow_size,
                c.compression.algorithm,
                c.compression
                    .level
                    .map_or_else(|| String::from("default"), |l| format!("{l}")),
                c.workflow_size
            ),
        });
    }
    let best: Option<&Candidate> = facts.candidates.iter().min_by_key(|c| c.workflow_size);
    let best = best.ok_or_else(|| missing(&settings.compression))?;
    Ok(offload_or_reject(
        settings,
        too_large_message(best.workflow_size, max),
        format!(
            "smallest compressed size {} > maxSize {max}",
            best.workflow_size
        ),
    ))
}

/// True for the phases at which Argo considers a workflow completed.
pub fn is_completed(phase: &str) -> bool {
    matches!(phase, "Succeeded" | "Failed" | "Error")
}

/// Argo v4.1.2's archive decision at completion: archive when `persistence.archive` is on
/// and `archiveLabelSelector` (absent = everything) matches the labels; the TTL is
/// `archiveTTL` parsed exactly as Argo does. Invalid settings are a policy error (Argo
/// refuses to start with them).
pub fn argo_archive(
    settings: &ArchiveSettings,
    wf: &WorkflowMeta,
) -> Result<ArchiveDecision, PolicyError> {
    let ttl = parse_archive_ttl(&settings.archive_ttl).map_err(|e| {
        PolicyError::new(
            "invalid_settings",
            format!("archiveTTL: {}", e.argo_text().unwrap_or_default()),
        )
    })?;
    let selector = LabelSelector::from_meta_option(settings.archive_label_selector.as_ref())
        .map_err(|e| {
            PolicyError::new(
                "invalid_settings",
                format!(
                    "archiveLabelSelector: {}",
                    e.argo_text().unwrap_or_default()
                ),
            )
        })?;
    let skip = |reason: &str| ArchiveDecision {
        action: ArchiveAction::Skip,
        ttl_seconds: 0,
        reason: String::from(reason),
    };
    if !settings.archive {
        return Ok(skip("archive is disabled (persistence.archive is false)"));
    }
    if !is_completed(&wf.phase) {
        return Ok(skip(
            "not completed (phase is not Succeeded, Failed or Error)",
        ));
    }
    if !selector.matches(&wf.labels) {
        return Ok(skip(
            "Doesn't match with archive label selector. Skipping Archive",
        ));
    }
    Ok(ArchiveDecision {
        action: ArchiveAction::Archive,
        ttl_seconds: ttl.as_secs(),
        reason: if selector.is_everything() {
            String::from("archive is enabled and no label selector is set")
        } else {
            format!("labels match archiveLabelSelector {selector}")
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::decision::Compression;

    fn facts(size: i64, compressed: i64) -> OffloadFacts {
        OffloadFacts {
            hydrated: true,
            workflow_size: size,
            candidates: alloc::vec![Candidate {
                compression: Compression::argo_default(),
                compressed_nodes_length: 0,
                workflow_size: compressed,
            }],
            ..OffloadFacts::default()
        }
    }

    fn settings(max: i64) -> OffloadSettings {
        OffloadSettings {
            max_workflow_size: max,
            ..OffloadSettings::default()
        }
    }

    #[test]
    fn ladder() {
        let d = argo_offload(&settings(6595), &facts(6595, 3084)).unwrap();
        assert_eq!(d.action, OffloadAction::Keep);
        let d = argo_offload(&settings(3084), &facts(6595, 3084)).unwrap();
        assert_eq!(d.action, OffloadAction::Compress);
        let mut s = settings(3083);
        s.node_status_offload = true;
        let d = argo_offload(&s, &facts(6595, 3084)).unwrap();
        assert_eq!(d.action, OffloadAction::Offload);
        assert_eq!(
            d.message.as_deref(),
            Some(
                "workflow is longer than maximum allowed size. compressed size 3084 > maxSize 3083"
            )
        );
        // Negative maximum: everything is large.
        let d = argo_offload(&settings(-1), &facts(10, 5)).unwrap();
        assert_eq!(d.action, OffloadAction::Reject);
        // Already dehydrated: nothing happens.
        let mut f = facts(10_000_000, 10_000_000);
        f.hydrated = false;
        assert_eq!(
            argo_offload(&settings(10), &f).unwrap().action,
            OffloadAction::Keep
        );
        // Negative sizes are malformed input.
        assert_eq!(
            argo_offload(&settings(10), &facts(-1, 5)).unwrap_err().code,
            "invalid_input"
        );
        // Missing measurement is a policy error, not a guess.
        let mut f = facts(20, 5);
        f.candidates.clear();
        assert_eq!(
            argo_offload(&settings(10), &f).unwrap_err().code,
            "missing_measurement"
        );
    }

    #[test]
    fn always_offload() {
        let mut s = settings(1 << 20);
        s.always_offload_node_status = true;
        let d = argo_offload(&s, &facts(10, 5)).unwrap();
        assert_eq!(d.action, OffloadAction::Reject);
        assert_eq!(
            d.message.as_deref(),
            Some("Tried to offload but encountered error: offload node status is not supported")
        );
        s.node_status_offload = true;
        assert_eq!(
            argo_offload(&s, &facts(10, 5)).unwrap().action,
            OffloadAction::Offload
        );
    }

    #[test]
    fn adaptive_prefers_cheapest_fit() {
        let s = settings(1000);
        let mut f = facts(5000, 1200);
        f.candidates.insert(
            0,
            Candidate {
                compression: Compression::new("gzip", Some(1)),
                compressed_nodes_length: 0,
                workflow_size: 1100,
            },
        );
        f.candidates.push(Candidate {
            compression: Compression::new("zstd", Some(4)),
            compressed_nodes_length: 0,
            workflow_size: 900,
        });
        let d = adaptive_offload(&s, &f).unwrap();
        assert_eq!(d.action, OffloadAction::Compress);
        assert_eq!(d.compression, Some(Compression::new("zstd", Some(4))));
        // Argo would reject the same workflow.
        assert_eq!(argo_offload(&s, &f).unwrap().action, OffloadAction::Reject);
        assert_eq!(candidates_to_measure("adaptive", &s).len(), 6);
        assert_eq!(
            candidates_to_measure("argo", &s),
            [Compression::argo_default()]
        );
    }

    #[test]
    fn archive() {
        let mut wf = WorkflowMeta {
            phase: String::from("Failed"),
            ..WorkflowMeta::default()
        };
        let mut s = ArchiveSettings {
            archive: true,
            archive_ttl: String::from("7d"),
            ..ArchiveSettings::default()
        };
        let d = argo_archive(&s, &wf).unwrap();
        assert_eq!(
            (d.action, d.ttl_seconds),
            (ArchiveAction::Archive, 7 * 86400)
        );
        s.archive_label_selector = Some(
            serde_json::from_str(
                r#"{"matchLabels":{"workflows.argoproj.io/archive-strategy":"always"}}"#,
            )
            .unwrap(),
        );
        assert_eq!(argo_archive(&s, &wf).unwrap().action, ArchiveAction::Skip);
        wf.labels.insert(
            "workflows.argoproj.io/archive-strategy".into(),
            "always".into(),
        );
        assert_eq!(
            argo_archive(&s, &wf).unwrap().action,
            ArchiveAction::Archive
        );
        wf.phase = String::from("Running");
        assert_eq!(argo_archive(&s, &wf).unwrap().action, ArchiveAction::Skip);
        s.archive_ttl = String::from("1h30m");
        assert_eq!(
            argo_archive(&s, &wf).unwrap_err().message,
            "archiveTTL: strconv.Atoi: parsing \"1h30\": invalid syntax"
        );
    }
}
