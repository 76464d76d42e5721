#!/usr/bin/env bash
# Policy host benchmark: wasm (fresh instance per evaluation) vs native, against issue 3's
# goals (load from cache, instantiation, one evaluation at 50 and 5,000 nodes, evals/s).
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
scripts/setup.sh rust
exec cargo bench -p wfpack-host --bench policy -- "$@"
