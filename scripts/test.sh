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

# --- json: fuzz smoke runs of the nodes JSON decoder and go_json (30 s each) ---
# A long run: cd codec/fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run nodes -- -max_total_time=3600
step "fuzz smoke: nodes, go_json"
scripts/setup.sh fuzz
(
  cd codec/fuzz
  for target in nodes go_json; do
    RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$CARGO_TARGET_DIR/fuzz" \
      cargo fuzz run "$target" -- -max_total_time=30 -rss_limit_mb=2048
  done
)
