#!/usr/bin/env bash
# The codec benchmark: wfpack-codec vs Go 1.19's standard library doing Argo's path on the
# same synthetic workflows (50, 500, 5,000 and 50,000 nodes), in the same run.
# Usage: scripts/bench-codec.sh [criterion filter]
#   WFPACK_BENCH_SIZES=500,5000   other sizes (node counts)
#   WFPACK_BENCH_DIR=/tmp/x       where inputs and the Go program's outputs go
# Run by hand, not in CI. Installs Go from Debian's golang-go package if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"

if ! command -v go >/dev/null 2>&1; then
  echo "bench-codec: installing Go (Debian golang-go)" >&2
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go >/dev/null 2>&1; then
    apt-get update >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends golang-go
  fi
fi
echo "bench-codec: $(go version)" >&2

exec cargo bench -p wfpack-codec --bench codec --locked -- "$@"
