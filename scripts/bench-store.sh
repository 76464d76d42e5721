#!/usr/bin/env bash
# Store benchmark: 100,000 archived workflows with labels in SQLite, PostgreSQL and MariaDB;
# p50/p99 of a label-selector list page and of a count, and the archive GC rate, next to
# Argo's query shapes measured in the same run. Goals: list page p50 <= 20 ms and
# count <= 100 ms on every backend.
#   WFPACK_BENCH_ROWS=100000 WFPACK_BENCH_BACKENDS=sqlite,postgres,mysql scripts/bench-store.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
scripts/setup.sh services
exec cargo bench -p wfpack-tests --bench store --locked
