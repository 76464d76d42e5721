//! An example wfpack policy (ABI v1) written in Rust: two rules Argo cannot express.
//!
//! - **Archive**: workflows labelled `team=x` are archived only when they end `Failed` or
//!   `Error`, and kept 30 days; every other completed workflow is archived for 7 days.
//!   (Argo has one label selector and one TTL for everything.)
//! - **Offload**: offload as soon as the compressed node status passes 900 KiB, even when
//!   the compressed workflow would still fit (smaller etcd objects, faster watches);
//!   otherwise Argo's ladder.
//!
//! The decision logic is plain Rust over the codec's ABI types ([`decide`]), tested
//! natively; the exports at the bottom are the ABI v1 surface for wasm32.

use wfpack_codec::policy::builtin;
use wfpack_codec::policy::decision::{
    API_VERSION, ArchiveAction, ArchiveDecision, Decision, OffloadAction, OffloadDecision,
    PolicyError, Request,
};
use wfpack_codec::policy::evaluate::Response;
use wfpack_codec::policy::selector::LabelSelector;

/// Compressed `status.nodes` above this many bytes are offloaded.
pub const OFFLOAD_ABOVE: i64 = 900 * 1024;

/// One request in, one decision out.
pub fn decide(input: &[u8]) -> Result<Decision, PolicyError> {
    let v: serde_json::Value = serde_json::from_slice(input)
        .map_err(|e| PolicyError::new("invalid_input", format!("not JSON: {e}")))?;
    if v.get("apiVersion").and_then(|a| a.as_str()) != Some(API_VERSION) {
        return Err(PolicyError::new(
            "unsupported_api_version",
            "send policy.argoproj.io/v1",
        ));
    }
    let request: Request = serde_json::from_value(v)
        .map_err(|e| PolicyError::new("invalid_input", format!("not an ABI v1 request: {e}")))?;
    match request {
        Request::ArchiveRequest(r) => {
            let wf = &r.workflow;
            let skip = |reason: &str| {
                Decision::Archive(ArchiveDecision {
                    action: ArchiveAction::Skip,
                    ttl_seconds: 0,
                    reason: reason.into(),
                })
            };
            if !builtin::is_completed(&wf.phase) {
                return Ok(skip("not completed"));
            }
            let team_x = LabelSelector::parse("team=x")
                .map_err(|e| PolicyError::new("internal", format!("{e}")))?;
            let failed = matches!(wf.phase.as_str(), "Failed" | "Error");
            Ok(match (team_x.matches(&wf.labels), failed) {
                (true, true) => Decision::Archive(ArchiveDecision {
                    action: ArchiveAction::Archive,
                    ttl_seconds: 30 * 86_400,
                    reason: "team=x run ended Failed/Error: keep 30 days".into(),
                }),
                (true, false) => skip("team=x archives only Failed/Error runs"),
                (false, _) => Decision::Archive(ArchiveDecision {
                    action: ArchiveAction::Archive,
                    ttl_seconds: 7 * 86_400,
                    reason: "keep 7 days".into(),
                }),
            })
        }
        Request::OffloadRequest(r) => {
            let (s, f) = (&r.settings, &r.workflow);
            if f.hydrated && s.node_status_offload {
                if let Some(c) = f.candidate(&s.compression) {
                    if c.compressed_nodes_length > OFFLOAD_ABOVE {
                        return Ok(Decision::Offload(OffloadDecision {
                            action: OffloadAction::Offload,
                            compression: None,
                            message: Some(String::new()),
                            reason: format!(
                                "compressed nodes {} > {OFFLOAD_ABOVE} bytes",
                                c.compressed_nodes_length
                            ),
                        }));
                    }
                }
            }
            builtin::argo_offload(s, f).map(Decision::Offload)
        }
    }
}

/// [`decide`] as ABI v1 response JSON.
pub fn evaluate_json(input: &[u8]) -> Vec<u8> {
    let (decision, error) = match decide(input) {
        Ok(d) => (Some(d), None),
        Err(e) => (None, Some(e)),
    };
    let r = Response {
        api_version: API_VERSION.into(),
        decision,
        error,
    };
    serde_json::to_vec(&r).unwrap_or_default()
}

// ---- ABI v1 exports (wasm32 only). Buffers are Vecs kept in a table: no unsafe code
// besides the export attributes themselves. ----
#[cfg(target_arch = "wasm32")]
mod exports {
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    thread_local! {
        static BUFFERS: RefCell<BTreeMap<usize, Vec<u8>>> = const { RefCell::new(BTreeMap::new()) };
    }

    fn keep(buf: Vec<u8>) -> usize {
        let addr = buf.as_ptr() as usize;
        BUFFERS.with(|b| b.borrow_mut().insert(addr, buf));
        addr
    }

    #[unsafe(no_mangle)]
    pub extern "C" fn argo_policy_abi_v1() {}

    #[unsafe(no_mangle)]
    pub extern "C" fn abi_version() -> i32 {
        0x0001_0000
    }

    #[unsafe(no_mangle)]
    pub extern "C" fn alloc(size: i32) -> i32 {
        keep(vec![0u8; (size.max(1)) as usize]) as u32 as i32
    }

    #[unsafe(no_mangle)]
    pub extern "C" fn dealloc(ptr: i32, _size: i32) {
        BUFFERS.with(|b| b.borrow_mut().remove(&(ptr as u32 as usize)));
    }

    #[unsafe(no_mangle)]
    pub extern "C" fn evaluate(ptr: i32, len: i32) -> i64 {
        let input = BUFFERS
            .with(|b| b.borrow_mut().remove(&(ptr as u32 as usize)))
            .unwrap_or_default();
        let len = (len.max(0) as usize).min(input.len());
        let out = super::evaluate_json(&input[..len]);
        let out_len = out.len() as u64;
        ((keep(out) as u64) << 32 | out_len) as i64
    }

    #[unsafe(link_section = "io.argoproj.policy.metadata")]
    #[used]
    static METADATA: [u8; 90] = *br#"{"abi":"1.0","kinds":["offload","archive"],"name":"archive-failed-team","version":"0.1.0"}"#;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn archive(labels: &str, phase: &str) -> String {
        let input = format!(
            r#"{{"apiVersion":"policy.argoproj.io/v1","kind":"ArchiveRequest","settings":{{"archive":true}},
               "workflow":{{"labels":{labels},"phase":"{phase}"}}}}"#
        );
        String::from_utf8(evaluate_json(input.as_bytes())).unwrap()
    }

    #[test]
    fn rules() {
        assert!(archive(r#"{"team":"x"}"#, "Failed").contains(r#""ttlSeconds":2592000"#));
        assert!(archive(r#"{"team":"x"}"#, "Succeeded").contains(r#""action":"skip""#));
        assert!(archive(r#"{"team":"y"}"#, "Succeeded").contains(r#""ttlSeconds":604800"#));
        assert!(archive("{}", "Running").contains(r#""action":"skip""#));
    }
}
