#!/usr/bin/env bash
# Runs every test wfpack has: formatting, lints, unit, property, vector, corpus, store,
# policy-host and end-to-end tests, the wasm builds, fuzz smoke runs and the npm suite.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

step() { printf '\n==> %s\n' "$*" >&2; }

step "setup"
scripts/setup.sh all

step "rustfmt"
cargo fmt --all -- --check

step "clippy"
cargo clippy --workspace --all-targets --locked -- -D warnings

step "codec builds for wasm32-unknown-unknown (no_std)"
cargo build -p wfpack-codec --target wasm32-unknown-unknown --no-default-features --locked

step "cargo test"
cargo test --workspace --locked

# --- policy (selectors, archiveTTL, policy host) ---
# The workspace tests above already run tests/tests/{selector,policy_conformance,
# policy_adversarial,policy_examples}.rs (the last one builds the Rust example for wasm32).
step "policy: example policy crate (host/examples/archive-failed-team)"
cargo fmt --manifest-path host/examples/archive-failed-team/Cargo.toml -- --check
cargo test --manifest-path host/examples/archive-failed-team/Cargo.toml --locked
