//! The adversarial policy modules of spec/policy-host.md §5 (tests/policies/*.wat): each
//! ends in its expected error class within its deadline, and the host keeps serving correct
//! decisions afterwards, with two threads doing this at once.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use wfpack_codec::policy::builtin;
use wfpack_codec::policy::decision::{
    Candidate, Compression, OffloadAction, OffloadFacts, OffloadSettings,
};
use wfpack_host::PolicyErrorClass as C;
use wfpack_host::policy::{
    BreakerConfig, DecisionSource, Limits, PolicyHost, PolicyHostBuilder, PolicyKind,
    offload_request_json,
};

/// Deadline used for the fixtures (the prototype's 50 ms budget).
const BUDGET: Duration = Duration::from_millis(50);
/// Allowed lateness on a shared 2-core machine (the ticker is 1 ms). Generous on purpose:
/// these bounds prove that a runaway module is stopped, not how precisely (that is measured
/// by `scripts/bench-policy.sh`), and CI runs the tests in parallel on two cores.
const SLACK: Duration = Duration::from_millis(1500);

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("policies")
        .join(format!("{name}.wat"))
}

/// One cache for every test of this file, kept between runs under the target directory
/// (artifacts are named by module digest and engine, so reuse is safe); tests run in
/// parallel, so no test may remove it.
fn cache_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wfpack-policy-adversarial-cache")
}

fn limits() -> Limits {
    Limits {
        offload_timeout: BUDGET,
        archive_timeout: BUDGET,
        ..Limits::default()
    }
}

fn builder() -> PolicyHostBuilder {
    PolicyHostBuilder::new()
        .limits(limits())
        .cache_dir(cache_dir())
        .self_test(false)
}

fn under_limit() -> (OffloadSettings, OffloadFacts) {
    let settings = OffloadSettings {
        max_workflow_size: 10_240,
        ..OffloadSettings::default()
    };
    let facts = OffloadFacts {
        hydrated: true,
        node_count: 10,
        workflow_size: 6595,
        ..OffloadFacts::default()
    };
    (settings, facts)
}

fn over_limit() -> (OffloadSettings, OffloadFacts) {
    let settings = OffloadSettings {
        max_workflow_size: 10_240,
        node_status_offload: true,
        ..OffloadSettings::default()
    };
    let facts = OffloadFacts {
        hydrated: true,
        node_count: 500,
        workflow_size: 277_329,
        candidates: vec![Candidate {
            compression: Compression::argo_default(),
            compressed_nodes_length: 26_348,
            workflow_size: 28_266,
        }],
        ..OffloadFacts::default()
    };
    (settings, facts)
}

/// Where a fixture must fail, and how.
#[derive(Clone, Copy, Debug)]
enum Expect {
    Load(C),
    Eval(C),
}

const CASES: &[(&str, Expect)] = &[
    ("01-loop-in-evaluate", Expect::Eval(C::Timeout)),
    ("02-loop-in-start", Expect::Load(C::Timeout)),
    ("03-memory-grow-bomb", Expect::Eval(C::OutOfMemory)),
    ("04-declared-1gib-memory", Expect::Load(C::Load)),
    ("05-table-grow-bomb", Expect::Eval(C::Trap)),
    ("06-unbounded-recursion", Expect::Eval(C::Trap)),
    ("07-unreachable", Expect::Eval(C::Trap)),
    ("08-output-4gib", Expect::Eval(C::BadOutput)),
    ("09-output-out-of-bounds", Expect::Eval(C::BadOutput)),
    ("10-imports-wasi", Expect::Load(C::Load)),
    ("11-wrong-evaluate-signature", Expect::Load(C::AbiMismatch)),
    ("12-abi-version-2", Expect::Load(C::AbiMismatch)),
    ("12b-missing-abi-version", Expect::Load(C::AbiMismatch)),
    ("13-invalid-utf8-output", Expect::Eval(C::BadOutput)),
    ("13b-invalid-json-output", Expect::Eval(C::BadOutput)),
    ("14-wrong-schema", Expect::Eval(C::BadOutput)),
    ("15-lying-compress", Expect::Eval(C::BadOutput)),
    ("19-alloc-returns-zero", Expect::Eval(C::BadOutput)),
    ("19b-alloc-out-of-bounds", Expect::Eval(C::BadOutput)),
    ("22-shared-memory", Expect::Load(C::Load)),
    ("22b-multi-memory", Expect::Load(C::Load)),
    ("22c-memory64", Expect::Load(C::Load)),
    ("23-imported-memory", Expect::Load(C::Load)),
    ("24-crash-loop", Expect::Eval(C::Trap)),
];

/// The built-in policy, natively: what a correct answer is.
fn correct(settings: &OffloadSettings, facts: &OffloadFacts) -> OffloadAction {
    builtin::argo_offload(settings, facts).unwrap().action
}

fn check_case(name: &str, expect: Expect) {
    let start = Instant::now();
    let built = builder().offload_policy_file(fixture(name)).build();
    match expect {
        Expect::Load(class) => {
            let err = built.expect_err(name);
            assert_eq!(err.policy_class(), Some(class), "{name}: {err}");
            if class == C::Timeout {
                // Loading includes compiling the fixture and the cached built-in.
                assert!(
                    start.elapsed() < BUDGET + SLACK + Duration::from_secs(5),
                    "{name}: {:?}",
                    start.elapsed()
                );
            }
        }
        Expect::Eval(class) => {
            let host = built.unwrap_or_else(|e| panic!("{name} must load: {e}"));
            let (settings, facts) = if name.starts_with("15-") {
                over_limit()
            } else {
                under_limit()
            };
            let t = Instant::now();
            let err = host.evaluate_offload(&settings, &facts).expect_err(name);
            let took = t.elapsed();
            assert_eq!(err.policy_class(), Some(class), "{name}: {err}");
            assert!(took < BUDGET + SLACK, "{name}: took {took:?}");
            // The offload path never fails: the built-in decides natively.
            let outcome = host.decide_offload(&settings, &facts);
            assert_eq!(outcome.source, DecisionSource::NativeFallback, "{name}");
            assert_eq!(
                outcome.error.as_ref().and_then(|e| e.policy_class()),
                Some(class),
                "{name}"
            );
            assert_eq!(
                outcome.decision.action,
                correct(&settings, &facts),
                "{name}"
            );
            // And it fails the same way again (nothing was left broken by the last call).
            let again = host.evaluate_offload(&settings, &facts).expect_err(name);
            assert_eq!(again.policy_class(), Some(class), "{name} (second call)");
        }
    }
}

fn healthy_host_still_correct() {
    let host = builder().build().unwrap();
    for (settings, facts) in [under_limit(), over_limit()] {
        let d = host.evaluate_offload(&settings, &facts).unwrap();
        assert_eq!(d.action, correct(&settings, &facts));
    }
}

#[test]
fn every_adversarial_module_ends_in_its_class_on_two_threads() {
    // Warm the cache with the built-in module once.
    healthy_host_still_correct();
    std::thread::scope(|s| {
        for thread in 0..2 {
            s.spawn(move || {
                let mut cases: Vec<_> = CASES.to_vec();
                if thread == 1 {
                    cases.reverse();
                }
                for (name, expect) in cases {
                    check_case(name, expect);
                    healthy_host_still_correct();
                }
            });
        }
    });
}

#[test]
fn load_errors_name_the_problem() {
    let msg = |name: &str| {
        builder()
            .offload_policy_file(fixture(name))
            .build()
            .unwrap_err()
            .to_string()
    };
    assert!(msg("10-imports-wasi").contains("wasi_snapshot_preview1::fd_write"));
    assert!(msg("23-imported-memory").contains("imported memory"));
    assert!(msg("04-declared-1gib-memory").contains("1073741824"));
    assert!(msg("11-wrong-evaluate-signature").contains("evaluate"));
    assert!(msg("12-abi-version-2").contains("major 2"));
    let m = msg("22-shared-memory");
    assert!(m.contains("thread") || m.contains("shared"), "{m}");
    let m = msg("22c-memory64");
    assert!(m.contains("memory64") || m.contains("64-bit"), "{m}");
    let m = msg("22b-multi-memory");
    assert!(
        m.contains("multiple memories") || m.contains("multi-memory"),
        "{m}"
    );
}

#[test]
fn stateful_module_is_deterministic_with_fresh_instances() {
    let host = builder()
        .offload_policy_file(fixture("16-stateful-counter"))
        .self_test(true)
        .build()
        .unwrap();
    let (settings, facts) = under_limit();
    let input = offload_request_json(None, &settings, &facts);
    let first = host.evaluate_raw(PolicyKind::Offload, &input).unwrap();
    for _ in 0..5 {
        assert_eq!(
            host.evaluate_raw(PolicyKind::Offload, &input).unwrap(),
            first
        );
    }
    assert_eq!(
        host.evaluate_offload(&settings, &facts).unwrap().action,
        OffloadAction::Keep
    );
}

#[test]
fn slow_but_legal_policy_never_times_out_on_two_threads() {
    let generous = Limits {
        offload_timeout: Duration::from_secs(10),
        ..limits()
    };
    let probe = builder()
        .limits(generous)
        .offload_policy_file(fixture("17-slow-but-legal"))
        .build()
        .unwrap();
    let (settings, facts) = under_limit();
    let mut worst = Duration::ZERO;
    for _ in 0..3 {
        let t = Instant::now();
        probe.evaluate_offload(&settings, &facts).unwrap();
        worst = worst.max(t.elapsed());
    }
    // Budget = three times the slowest run measured just now plus 100 ms: the epoch only
    // moves forward with wall time, so the host can never fire early; what this guards is a
    // deadline that fires although the policy is within its budget. (90 % of the budget, as
    // in the spec's table, is too tight for a 2-core machine shared with other builds.)
    let budget = worst * 3 + Duration::from_millis(100);
    let host = builder()
        .limits(Limits {
            offload_timeout: budget,
            ..limits()
        })
        .offload_policy_file(fixture("17-slow-but-legal"))
        .build()
        .unwrap();
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                for _ in 0..5 {
                    let d = host.evaluate_offload(&settings, &facts);
                    assert!(d.is_ok(), "budget {budget:?}: {d:?}");
                }
            });
        }
    });
}

#[test]
fn whole_memory_fill_is_bounded() {
    let host = builder()
        .limits(Limits {
            offload_timeout: Duration::from_millis(250),
            ..limits()
        })
        .offload_policy_file(fixture("18-memory-fill-64mib"))
        .build()
        .unwrap();
    let (settings, facts) = under_limit();
    let t = Instant::now();
    match host.evaluate_offload(&settings, &facts) {
        Ok(d) => assert_eq!(d.action, OffloadAction::Keep),
        Err(e) => assert!(
            matches!(
                e.policy_class(),
                Some(C::Trap | C::OutOfMemory | C::Timeout)
            ),
            "{e}"
        ),
    }
    assert!(
        t.elapsed() < Duration::from_millis(250) + SLACK,
        "{:?}",
        t.elapsed()
    );
}

#[test]
fn deeply_nested_input_is_a_policy_error_not_a_crash() {
    let host = builder().build().unwrap();
    let out = host
        .evaluate_raw(PolicyKind::Offload, "[".repeat(100_000).as_bytes())
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["error"]["code"], "invalid_input", "{v}");
    // The module is fine afterwards.
    let (settings, facts) = under_limit();
    assert_eq!(
        host.evaluate_offload(&settings, &facts).unwrap().action,
        OffloadAction::Keep
    );
}

#[test]
fn compile_bombs_are_refused_at_load() {
    // Over the 10 MB module cap: refused before compiling.
    let mut big = String::from("(module (memory (export \"memory\") 1)");
    let body =
        "(func (result i32) i32.const 1 i32.const 2 i32.add i32.const 3 i32.mul drop i32.const 0)";
    while big.len() < 10_500_000 {
        big.push_str(body);
    }
    big.push(')');
    let engine = wfpack_host::policy::build_engine(&limits()).unwrap();
    let t = Instant::now();
    let e =
        wfpack_host::policy::PolicyModule::load(&engine, "bomb", big.as_bytes(), &limits(), None)
            .unwrap_err();
    assert_eq!(e.policy_class(), Some(C::Load), "{e}");
    assert!(e.to_string().contains("module cap"), "{e}");
    assert!(t.elapsed() < Duration::from_secs(5));
    // Within the cap but over the compile budget.
    let mut many = String::from("(module (memory (export \"memory\") 1)");
    for _ in 0..4000 {
        many.push_str(body);
    }
    many.push(')');
    let e = PolicyHostBuilder::new()
        .limits(Limits {
            compile_timeout: Duration::from_millis(1),
            ..limits()
        })
        .cache_dir(cache_dir())
        .offload_policy(wfpack_host::policy::PolicySource::Bytes {
            name: "slow-compile".into(),
            bytes: many.into_bytes(),
        })
        .build()
        .unwrap_err();
    assert_eq!(e.policy_class(), Some(C::Load), "{e}");
    assert!(e.to_string().contains("budget"), "{e}");
}

#[test]
fn crash_loop_opens_the_circuit_breaker() {
    let host: PolicyHost = builder()
        .breaker(BreakerConfig {
            failures: 3,
            window: Duration::from_secs(60),
            base_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
        })
        .offload_policy_file(fixture("24-crash-loop"))
        .build()
        .unwrap();
    let (settings, facts) = over_limit();
    for _ in 0..3 {
        let o = host.decide_offload(&settings, &facts);
        assert_eq!(o.error.unwrap().policy_class(), Some(C::Trap));
        assert_eq!(o.decision.action, OffloadAction::Offload);
    }
    assert!(host.circuit_open(PolicyKind::Offload));
    let o = host.decide_offload(&settings, &facts);
    assert_eq!(o.error.unwrap().policy_class(), Some(C::CircuitOpen));
    assert_eq!(o.source, DecisionSource::NativeFallback);
    assert_eq!(o.decision.action, OffloadAction::Offload);
    std::thread::sleep(Duration::from_millis(150));
    // Half-open: one trial reaches the policy, traps, and the breaker opens again.
    let o = host.decide_offload(&settings, &facts);
    assert_eq!(o.error.unwrap().policy_class(), Some(C::Trap));
    assert!(host.circuit_open(PolicyKind::Offload));
}
