//! [`PolicyHost`]: evaluates offload and archive policies in wasmtime, verifies what they
//! say, and falls back safely when they fail.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use wasmtime::Engine;
use wfpack_codec::policy::builtin;
use wfpack_codec::policy::decision::{
    API_VERSION, ArchiveAction, ArchiveDecision, ArchiveSettings, Compression, Decision,
    OffloadAction, OffloadDecision, OffloadFacts, OffloadSettings, WorkflowMeta,
};
use wfpack_codec::policy::evaluate::Response;

use super::breaker::{BreakerConfig, CircuitBreaker};
use super::cache::ModuleCache;
use super::call::Session;
use super::engine::{EpochTicker, build_engine};
use super::limits::Limits;
use super::module::PolicyModule;
use crate::error::{Error, Result};

/// The built-in policy module: wfpack-codec built for wasm32-unknown-unknown with the
/// `policy-abi` feature (by `host/build.rs`).
pub static BUILTIN_WASM: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/wfpack_policy.wasm"));

/// Which built-in decides offload when no user policy is loaded (and on fallback).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BuiltinPolicy {
    /// Argo v4.1.2's ladder, exactly.
    #[default]
    Argo,
    /// Tries cheaper and stronger compressions before offloading.
    Adaptive,
}

impl BuiltinPolicy {
    /// `argo` or `adaptive`.
    pub fn name(self) -> &'static str {
        match self {
            BuiltinPolicy::Argo => "argo",
            BuiltinPolicy::Adaptive => "adaptive",
        }
    }
}

/// Where a policy comes from.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PolicySource {
    /// The embedded built-in module.
    #[default]
    Builtin,
    /// A `.wasm` or `.wat` file.
    File(PathBuf),
    /// Module bytes (binary or text) with a name.
    Bytes {
        /// The policy's name (for errors and metrics).
        name: String,
        /// The module.
        bytes: Vec<u8>,
    },
}

/// The two policy kinds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PolicyKind {
    /// Offload decisions.
    Offload,
    /// Archive decisions.
    Archive,
}

impl PolicyKind {
    fn kind_name(self) -> &'static str {
        match self {
            PolicyKind::Offload => "offload",
            PolicyKind::Archive => "archive",
        }
    }
}

/// The plain settings of the policy host (what the CLI/config layer fills in).
#[derive(Debug, Clone, Default)]
pub struct PolicyHostSettings {
    /// Offload policy (default: the built-in module).
    pub offload: PolicySource,
    /// Archive policy (default: the built-in module).
    pub archive: PolicySource,
    /// Which built-in: `argo` (default) or `adaptive`.
    pub builtin: BuiltinPolicy,
    /// Limits (timeouts, memory, …).
    pub limits: Limits,
    /// Private directory for precompiled modules (none = compile in memory every start).
    pub cache_dir: Option<PathBuf>,
    /// Compressions to measure for user offload policies, besides the configured one.
    pub offload_candidates: Vec<Compression>,
    /// Run each user policy twice on golden inputs at load; reject it if it fails or
    /// answers differently (nondeterminism).
    pub self_test: bool,
    /// Circuit breaker settings.
    pub breaker: BreakerConfig,
}

/// Builder for [`PolicyHost`].
#[derive(Debug, Clone, Default)]
pub struct PolicyHostBuilder {
    settings: PolicyHostSettings,
}

impl PolicyHostBuilder {
    /// Defaults: built-in `argo` for both kinds, default limits, no cache, self-test on.
    pub fn new() -> PolicyHostBuilder {
        PolicyHostBuilder {
            settings: PolicyHostSettings {
                self_test: true,
                ..PolicyHostSettings::default()
            },
        }
    }

    /// From plain settings.
    pub fn from_settings(settings: PolicyHostSettings) -> PolicyHostBuilder {
        PolicyHostBuilder { settings }
    }

    /// The offload policy.
    pub fn offload_policy(mut self, source: PolicySource) -> Self {
        self.settings.offload = source;
        self
    }

    /// The offload policy from a `.wasm`/`.wat` file.
    pub fn offload_policy_file(self, path: impl AsRef<Path>) -> Self {
        self.offload_policy(PolicySource::File(path.as_ref().to_path_buf()))
    }

    /// The archive policy.
    pub fn archive_policy(mut self, source: PolicySource) -> Self {
        self.settings.archive = source;
        self
    }

    /// The archive policy from a `.wasm`/`.wat` file.
    pub fn archive_policy_file(self, path: impl AsRef<Path>) -> Self {
        self.archive_policy(PolicySource::File(path.as_ref().to_path_buf()))
    }

    /// Which built-in decides offload (and is the fallback).
    pub fn builtin(mut self, b: BuiltinPolicy) -> Self {
        self.settings.builtin = b;
        self
    }

    /// Resource limits.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.settings.limits = limits;
        self
    }

    /// Precompiled-module cache directory (created `0700`).
    pub fn cache_dir(mut self, dir: impl AsRef<Path>) -> Self {
        self.settings.cache_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Extra compressions to measure for user offload policies.
    pub fn offload_candidates(mut self, c: Vec<Compression>) -> Self {
        self.settings.offload_candidates = c;
        self
    }

    /// Load-time self-test of user policies (on by default).
    pub fn self_test(mut self, on: bool) -> Self {
        self.settings.self_test = on;
        self
    }

    /// Circuit breaker settings.
    pub fn breaker(mut self, cfg: BreakerConfig) -> Self {
        self.settings.breaker = cfg;
        self
    }

    /// Builds the engine, starts the epoch ticker, loads (or loads from the cache) and checks
    /// every policy.
    pub fn build(self) -> Result<PolicyHost> {
        let s = self.settings;
        let engine = build_engine(&s.limits)?;
        let ticker = EpochTicker::start(&engine)?;
        let cache = match &s.cache_dir {
            Some(d) => Some(ModuleCache::open(d, &engine)?),
            None => None,
        };
        let builtin_module = Arc::new(PolicyModule::load(
            &engine,
            "builtin",
            BUILTIN_WASM,
            &s.limits,
            cache.as_ref(),
        )?);
        let mut host = PolicyHost {
            engine,
            _ticker: ticker,
            limits: s.limits.clone(),
            builtin: s.builtin,
            builtin_module: Arc::clone(&builtin_module),
            offload: Slot::builtin(Arc::clone(&builtin_module), s.breaker),
            archive: Slot::builtin(builtin_module, s.breaker),
            offload_candidates: s.offload_candidates.clone(),
            cache,
        };
        host.offload = host.load_slot(&s.offload, PolicyKind::Offload, s.breaker, s.self_test)?;
        host.archive = host.load_slot(&s.archive, PolicyKind::Archive, s.breaker, s.self_test)?;
        Ok(host)
    }
}

#[derive(Debug)]
struct Slot {
    module: Arc<PolicyModule>,
    is_builtin: bool,
    breaker: CircuitBreaker,
}

impl Slot {
    fn builtin(module: Arc<PolicyModule>, cfg: BreakerConfig) -> Slot {
        Slot {
            module,
            is_builtin: true,
            breaker: CircuitBreaker::new(cfg),
        }
    }
}

/// Who made a decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecisionSource {
    /// The configured policy (wasm).
    Policy,
    /// The built-in policy evaluated natively, because the configured one failed or its
    /// circuit breaker is open.
    NativeFallback,
}

/// An offload decision with where it came from and, after a fallback, why.
#[derive(Debug)]
pub struct OffloadOutcome {
    /// What to do (always a decision: offload never blocks a status write).
    pub decision: OffloadDecision,
    /// Who decided.
    pub source: DecisionSource,
    /// The policy's failure, when the fallback decided.
    pub error: Option<Error>,
}

/// An archive decision, or "not now": a failing archive policy fails closed.
#[derive(Debug)]
pub enum ArchiveOutcome {
    /// A decision.
    Decided {
        /// The decision.
        decision: ArchiveDecision,
        /// Who decided (the fallback is used only while the breaker is open).
        source: DecisionSource,
    },
    /// The policy failed: do not archive, do not delete, do not start the TTL; retry later.
    RetryLater {
        /// Why.
        error: Error,
    },
}

/// The policy host: one engine, one epoch ticker, a fresh instance per evaluation.
///
/// ```no_run
/// use wfpack_host::policy::{PolicyHostBuilder, BuiltinPolicy};
/// use wfpack_codec::policy::decision::{OffloadSettings, OffloadFacts};
/// let host = PolicyHostBuilder::new().builtin(BuiltinPolicy::Argo).build()?;
/// let facts = OffloadFacts { hydrated: true, workflow_size: 1000, ..OffloadFacts::default() };
/// let outcome = host.decide_offload(&OffloadSettings::default(), &facts);
/// println!("{:?}", outcome.decision.action);
/// # Ok::<(), wfpack_host::Error>(())
/// ```
#[derive(Debug)]
pub struct PolicyHost {
    engine: Engine,
    _ticker: EpochTicker,
    limits: Limits,
    builtin: BuiltinPolicy,
    builtin_module: Arc<PolicyModule>,
    offload: Slot,
    archive: Slot,
    offload_candidates: Vec<Compression>,
    cache: Option<ModuleCache>,
}

#[derive(Serialize)]
struct OffloadEnvelope<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<&'a str>,
    settings: &'a OffloadSettings,
    workflow: &'a OffloadFacts,
}

#[derive(Serialize)]
struct ArchiveEnvelope<'a> {
    #[serde(rename = "apiVersion")]
    api_version: &'a str,
    kind: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy: Option<&'a str>,
    settings: &'a ArchiveSettings,
    workflow: &'a WorkflowMeta,
}

/// The ABI v1 request JSON for an offload decision.
pub fn offload_request_json(
    policy: Option<&str>,
    settings: &OffloadSettings,
    facts: &OffloadFacts,
) -> Vec<u8> {
    let env = OffloadEnvelope {
        api_version: API_VERSION,
        kind: "OffloadRequest",
        policy,
        settings,
        workflow: facts,
    };
    serde_json::to_vec(&env).unwrap_or_default()
}

/// The ABI v1 request JSON for an archive decision.
pub fn archive_request_json(
    policy: Option<&str>,
    settings: &ArchiveSettings,
    wf: &WorkflowMeta,
) -> Vec<u8> {
    let env = ArchiveEnvelope {
        api_version: API_VERSION,
        kind: "ArchiveRequest",
        policy,
        settings,
        workflow: wf,
    };
    serde_json::to_vec(&env).unwrap_or_default()
}

impl PolicyHost {
    fn load_slot(
        &self,
        source: &PolicySource,
        kind: PolicyKind,
        cfg: BreakerConfig,
        self_test: bool,
    ) -> Result<Slot> {
        let module = match source {
            PolicySource::Builtin => {
                return Ok(Slot::builtin(Arc::clone(&self.builtin_module), cfg));
            }
            PolicySource::File(path) => {
                PolicyModule::load_file(&self.engine, path, &self.limits, self.cache.as_ref())?
            }
            PolicySource::Bytes { name, bytes } => {
                PolicyModule::load(&self.engine, name, bytes, &self.limits, self.cache.as_ref())?
            }
        };
        if !module.handles(kind.kind_name()) {
            return Err(Error::PolicyAbi {
                policy: module.name().to_string(),
                reason: format!("its metadata does not list the {:?} kind", kind.kind_name()),
            });
        }
        let slot = Slot {
            module: Arc::new(module),
            is_builtin: false,
            breaker: CircuitBreaker::new(cfg),
        };
        if self_test {
            self.self_test(&slot, kind)?;
        }
        Ok(slot)
    }

    /// Runs a policy twice on golden inputs (small and large facts); any failure rejects it,
    /// and so does a different answer the second time (nondeterminism).
    fn self_test(&self, slot: &Slot, kind: PolicyKind) -> Result<()> {
        for input in golden_inputs(kind) {
            let first = self.call(&slot.module, kind, &input)?;
            let second = self.call(&slot.module, kind, &input)?;
            if first != second {
                return Err(Error::PolicyLoad {
                    policy: slot.module.name().to_string(),
                    reason: String::from(
                        "self-test: the same input gave two different answers (a policy must be deterministic)",
                    ),
                });
            }
            parse_response(slot.module.name(), &first)?;
        }
        Ok(())
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The engine (shared by every policy).
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The loaded module for `kind`.
    pub fn module(&self, kind: PolicyKind) -> &PolicyModule {
        &self.slot(kind).module
    }

    /// True when `kind` is decided by the built-in module.
    pub fn is_builtin(&self, kind: PolicyKind) -> bool {
        self.slot(kind).is_builtin
    }

    /// True while `kind`'s circuit breaker is open.
    pub fn circuit_open(&self, kind: PolicyKind) -> bool {
        self.slot(kind).breaker.is_open()
    }

    fn slot(&self, kind: PolicyKind) -> &Slot {
        match kind {
            PolicyKind::Offload => &self.offload,
            PolicyKind::Archive => &self.archive,
        }
    }

    /// Compressions the host must measure (when the workflow is over the limit) for the
    /// current offload policy, in the order the policy should see them.
    pub fn candidates_to_measure(&self, settings: &OffloadSettings) -> Vec<Compression> {
        let mut out = builtin::candidates_to_measure(self.builtin.name(), settings);
        if !self.offload.is_builtin {
            for c in &self.offload_candidates {
                if !out.contains(c) {
                    out.push(c.clone());
                }
            }
        }
        out
    }

    fn timeout(&self, kind: PolicyKind) -> Duration {
        match kind {
            PolicyKind::Offload => self.limits.offload_timeout,
            PolicyKind::Archive => self.limits.archive_timeout,
        }
    }

    /// One raw evaluation in a fresh instance: the response bytes, or the failure class.
    pub(crate) fn call(
        &self,
        module: &PolicyModule,
        kind: PolicyKind,
        input: &[u8],
    ) -> Result<Vec<u8>> {
        let mut session = Session::start(
            &module.pre,
            &module.exports,
            &module.name,
            &self.limits,
            self.timeout(kind),
        )?;
        session.evaluate(input)
    }

    /// Instantiates `kind`'s policy in a fresh store and drops it: the fixed cost every
    /// evaluation pays (for health checks and benchmarks).
    pub fn instantiate(&self, kind: PolicyKind) -> Result<()> {
        let m = &self.slot(kind).module;
        Session::start(
            &m.pre,
            &m.exports,
            &m.name,
            &self.limits,
            self.timeout(kind),
        )
        .map(drop)
    }

    /// The precompiled-module cache, when configured.
    pub fn cache(&self) -> Option<&ModuleCache> {
        self.cache.as_ref()
    }

    /// The raw ABI v1 response of `kind`'s policy for `input` (no verification, no fallback).
    pub fn evaluate_raw(&self, kind: PolicyKind, input: &[u8]) -> Result<Vec<u8>> {
        self.call(&self.slot(kind).module, kind, input)
    }

    fn builtin_name(&self, kind: PolicyKind) -> Option<&'static str> {
        (self.slot(kind).is_builtin && kind == PolicyKind::Offload).then(|| self.builtin.name())
    }

    /// Evaluates the offload policy in wasm and verifies its decision; no fallback.
    pub fn evaluate_offload(
        &self,
        settings: &OffloadSettings,
        facts: &OffloadFacts,
    ) -> Result<OffloadDecision> {
        let slot = &self.offload;
        let input = offload_request_json(self.builtin_name(PolicyKind::Offload), settings, facts);
        let out = self.call(&slot.module, PolicyKind::Offload, &input)?;
        let decision = match parse_response(slot.module.name(), &out)? {
            Decision::Offload(d) => d,
            Decision::Archive(_) => {
                return Err(bad(
                    slot.module.name(),
                    "an archive decision for an offload request",
                ));
            }
        };
        verify_offload(settings, facts, &decision).map_err(|r| bad(slot.module.name(), &r))?;
        Ok(decision)
    }

    /// The offload decision: the configured policy if it is healthy and its answer checks
    /// out, else the built-in policy evaluated natively (Argo's behaviour). Never fails.
    pub fn decide_offload(
        &self,
        settings: &OffloadSettings,
        facts: &OffloadFacts,
    ) -> OffloadOutcome {
        let slot = &self.offload;
        let error = match slot.breaker.allow() {
            Err(retry_in) => Error::PolicyCircuitOpen {
                policy: slot.module.name().to_string(),
                retry_in,
            },
            Ok(()) => match self.evaluate_offload(settings, facts) {
                Ok(decision) => {
                    slot.breaker.success();
                    return OffloadOutcome {
                        decision,
                        source: DecisionSource::Policy,
                        error: None,
                    };
                }
                Err(e) => {
                    // Saturation is back-pressure, not the policy's fault.
                    if !matches!(e, Error::PolicySaturated { .. }) {
                        slot.breaker.failure();
                    }
                    e
                }
            },
        };
        OffloadOutcome {
            decision: self.native_offload(settings, facts),
            source: DecisionSource::NativeFallback,
            error: Some(error),
        }
    }

    /// The built-in offload policy, natively (the same code as the built-in module). If
    /// even that cannot decide (a missing measurement), Argo's own safe outcome: offload
    /// when enabled, else reject with Argo's message.
    pub fn native_offload(
        &self,
        settings: &OffloadSettings,
        facts: &OffloadFacts,
    ) -> OffloadDecision {
        let r = match self.builtin {
            BuiltinPolicy::Argo => builtin::argo_offload(settings, facts),
            BuiltinPolicy::Adaptive => builtin::adaptive_offload(settings, facts),
        };
        r.unwrap_or_else(|e| {
            if settings.node_status_offload {
                OffloadDecision {
                    action: OffloadAction::Offload,
                    compression: None,
                    message: Some(String::new()),
                    reason: format!(
                        "built-in policy could not decide ({}); offloading is the safe outcome",
                        e.message
                    ),
                }
            } else {
                OffloadDecision {
                    action: OffloadAction::Reject,
                    compression: None,
                    message: Some(builtin::offload_failed_message(
                        "",
                        builtin::OFFLOAD_NOT_SUPPORTED,
                    )),
                    reason: format!("built-in policy could not decide ({})", e.message),
                }
            }
        })
    }

    /// Evaluates the archive policy in wasm; no fallback.
    pub fn evaluate_archive(
        &self,
        settings: &ArchiveSettings,
        wf: &WorkflowMeta,
    ) -> Result<ArchiveDecision> {
        let slot = &self.archive;
        let input = archive_request_json(self.builtin_name(PolicyKind::Archive), settings, wf);
        let out = self.call(&slot.module, PolicyKind::Archive, &input)?;
        match parse_response(slot.module.name(), &out)? {
            Decision::Archive(d) => {
                if d.ttl_seconds < 0 && d.action == ArchiveAction::Archive {
                    return Err(bad(slot.module.name(), "negative ttlSeconds"));
                }
                Ok(d)
            }
            Decision::Offload(_) => Err(bad(
                slot.module.name(),
                "an offload decision for an archive request",
            )),
        }
    }

    /// The archive decision. A failing policy fails closed ([`ArchiveOutcome::RetryLater`]);
    /// while its circuit breaker is open, the controller configuration decides (the
    /// built-in policy, natively).
    pub fn decide_archive(&self, settings: &ArchiveSettings, wf: &WorkflowMeta) -> ArchiveOutcome {
        let slot = &self.archive;
        if slot.breaker.allow().is_err() {
            return match builtin::argo_archive(settings, wf) {
                Ok(decision) => ArchiveOutcome::Decided {
                    decision,
                    source: DecisionSource::NativeFallback,
                },
                Err(e) => ArchiveOutcome::RetryLater {
                    error: Error::PolicyRefused {
                        policy: String::from("builtin"),
                        code: e.code,
                        message: e.message,
                    },
                },
            };
        }
        match self.evaluate_archive(settings, wf) {
            Ok(decision) => {
                slot.breaker.success();
                ArchiveOutcome::Decided {
                    decision,
                    source: DecisionSource::Policy,
                }
            }
            Err(error) => {
                if !matches!(error, Error::PolicySaturated { .. }) {
                    slot.breaker.failure();
                }
                ArchiveOutcome::RetryLater { error }
            }
        }
    }
}

fn bad(policy: &str, reason: &str) -> Error {
    Error::PolicyBadOutput {
        policy: policy.to_string(),
        reason: reason.to_string(),
    }
}

/// Parses and checks an ABI v1 response.
fn parse_response(policy: &str, out: &[u8]) -> Result<Decision> {
    let text =
        std::str::from_utf8(out).map_err(|e| bad(policy, &format!("output is not UTF-8: {e}")))?;
    let r: Response = serde_json::from_str(text)
        .map_err(|e| bad(policy, &format!("output is not ABI v1 JSON: {e}")))?;
    if r.api_version != API_VERSION {
        return Err(bad(
            policy,
            &format!("unknown apiVersion {:?}", r.api_version),
        ));
    }
    match (r.decision, r.error) {
        (Some(d), None) => Ok(d),
        (None, Some(e)) => Err(Error::PolicyRefused {
            policy: policy.to_string(),
            code: e.code,
            message: e.message,
        }),
        _ => Err(bad(
            policy,
            "output must have exactly one of `decision` and `error`",
        )),
    }
}

/// The host's invariants over an offload decision, checked against the sizes the host
/// measured itself.
pub fn verify_offload(
    settings: &OffloadSettings,
    facts: &OffloadFacts,
    d: &OffloadDecision,
) -> std::result::Result<(), String> {
    let max = settings.max_workflow_size;
    let over = facts.hydrated && facts.workflow_size > max;
    match d.action {
        OffloadAction::Keep => {
            if over {
                return Err(format!(
                    "`keep` for a workflow of {} bytes, over the {max}-byte limit: an object over the limit is never kept inline",
                    facts.workflow_size
                ));
            }
        }
        OffloadAction::Compress => {
            let c = d
                .compression
                .as_ref()
                .ok_or("`compress` without `compression`")?;
            let cand = facts.candidate(c).ok_or_else(|| {
                format!(
                    "`compress` with {} level {:?}, which the host did not measure",
                    c.algorithm, c.level
                )
            })?;
            if cand.workflow_size > max {
                return Err(format!(
                    "`compress` with {} level {:?}, but the compressed workflow is {} bytes, over the {max}-byte limit",
                    c.algorithm, c.level, cand.workflow_size
                ));
            }
        }
        OffloadAction::Offload => {
            if !settings.node_status_offload {
                return Err(String::from(
                    "`offload`, but node status offload is disabled (persistence.nodeStatusOffLoad)",
                ));
            }
        }
        OffloadAction::Reject => {
            if d.message.as_deref().is_none_or(str::is_empty) {
                return Err(String::from("`reject` without a message"));
            }
        }
    }
    Ok(())
}

/// Golden inputs for the load-time self-test.
fn golden_inputs(kind: PolicyKind) -> Vec<Vec<u8>> {
    use wfpack_codec::policy::decision::Candidate;
    match kind {
        PolicyKind::Offload => {
            let settings = OffloadSettings {
                node_status_offload: true,
                ..OffloadSettings::default()
            };
            let small = OffloadFacts {
                hydrated: true,
                node_count: 50,
                workflow_size: 30_950,
                nodes_size: 25_000,
                ..OffloadFacts::default()
            };
            let large = OffloadFacts {
                hydrated: true,
                node_count: 5000,
                workflow_size: 2_768_351,
                nodes_size: 2_700_000,
                candidates: builtin::candidates_to_measure("adaptive", &settings)
                    .into_iter()
                    .enumerate()
                    .map(|(i, compression)| Candidate {
                        compression,
                        compressed_nodes_length: 256_932 + i as i64 * 10_000,
                        workflow_size: 258_858 + i as i64 * 10_000,
                    })
                    .collect(),
                ..OffloadFacts::default()
            };
            vec![
                offload_request_json(None, &settings, &small),
                offload_request_json(None, &settings, &large),
            ]
        }
        PolicyKind::Archive => {
            let settings = ArchiveSettings {
                archive: true,
                archive_ttl: String::from("7d"),
                ..ArchiveSettings::default()
            };
            let mut wf = WorkflowMeta {
                namespace: "argo".into(),
                name: "golden".into(),
                phase: "Failed".into(),
                ..WorkflowMeta::default()
            };
            wf.labels.insert("team".into(), "x".into());
            vec![archive_request_json(None, &settings, &wf)]
        }
    }
}
