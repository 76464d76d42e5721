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

# --- codec: compress/base64 (pure-Rust path, fuzz smoke runs) ---
step "codec without default features (pure-Rust gzip writer, as in wasm)"
cargo test -p wfpack-codec --no-default-features --lib --locked

step "fuzz smoke runs: every decoder and the gzip pieces writer (${WFPACK_FUZZ_SECONDS:-15} s each; long runs: docs/fuzzing.md)"
(
  cd codec/fuzz
  export CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz" RUSTC_BOOTSTRAP=1
  for target in base64 gzip zstd brotli decompress nodes go_json selector gzip_pieces; do
    cargo fuzz run -O "$target" -- -max_total_time="${WFPACK_FUZZ_SECONDS:-15}" \
      -rss_limit_mb=2048 -print_final_stats=0 2>&1 | tail -n 3
  done
)

# --- cli ---
step "cli: the README's main-job command on the walkthrough (scripts/run-example.sh)"
scripts/run-example.sh

# --- web: the npm package `wfpack` and the devtools page ---
# Builds the package (cargo wasm32 -> wasm-bindgen -> wasm-opt, prints the wasm size),
# then runs the node --test suite on the built package: every shared vector, the API
# contract, and the devtools page in Debian's headless Chromium.
step "npm package: build (fails if the decoding core passes its size ceiling)"
npm run build -- --check-size
step "npm package: node --test (vectors, API, devtools page in headless Chromium)"
node --test web/test/

# --- policy (selectors, archiveTTL, policy host) ---
# The workspace tests above already run tests/tests/{selector,policy_conformance,
# policy_adversarial,policy_examples}.rs (the last one builds the Rust example for wasm32).
step "policy: example policy crate (host/examples/archive-failed-team)"
cargo fmt --manifest-path host/examples/archive-failed-team/Cargo.toml -- --check
cargo test --manifest-path host/examples/archive-failed-team/Cargo.toml --locked
