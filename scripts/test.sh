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

# --- store: the contract, Argo-compatibility and fault tests (in `cargo test`) need the
# PostgreSQL and MariaDB services; under CI=true an unreachable service fails them.
step "store: database services"
scripts/setup.sh services

step "cargo test"
cargo test --workspace --locked
