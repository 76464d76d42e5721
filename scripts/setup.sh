#!/usr/bin/env bash
# Installs everything wfpack's build and tests need. Idempotent: each step is skipped
# when what it installs is already there. Usage: scripts/setup.sh [rust|web|browser|all]
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-all}"

say() { printf 'setup: %s\n' "$*" >&2; }

need_rust() {
  if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
}

case "$what" in
  rust) need_rust ;;
  all) need_rust ;;
  *) say "unknown part '$what' (use rust, web, browser or all)"; exit 2 ;;
esac
