#!/usr/bin/env bash
# Measures `wfpack run` (the main job) over COUNT generated workflow files (default 10,000)
# and prints the rate. One command: scripts/bench-run.sh [COUNT]
#
# The corpus: completed workflows looping 5 to 200 times over a plugin step (5 to ~120 KB of
# JSON each), MAX_WORKFLOW_SIZE=10240 so that most are compressed and the largest offloaded,
# the walkthrough's configmap (offload and archive on) and a fresh SQLite file.
# Baseline, measured in the same run: the same files through `wfpack run` with Argo's
# defaults (MAX_WORKFLOW_SIZE 1 MiB, no offload, no archive): reading, parsing and the
# Go-exact measuring only. The ratio is what packing, offloading and archiving add.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-10000}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
cargo build -q --locked --release -p wfpack-host --bin wfpack
wfpack="$CARGO_TARGET_DIR/release/wfpack"
ex=host/examples/walkthrough
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$wfpack" generate --items 5,10,20,50,5,10,20,50,5,200 --count "$count" --out "$work/wfs" -f json \
  --label workflows.argoproj.io/archive-strategy=always
bytes=$(du -sb "$work/wfs" | cut -f1)

run() { # label, args...
  local label="$1"; shift
  local t0 t1
  t0=$(date +%s.%N)
  "$wfpack" run "$work/wfs" "$@" --rows 0 -o json > "$work/$label.json" || true
  t1=$(date +%s.%N)
  echo "$t0 $t1"
}

read -r b0 b1 < <(run baseline --no-gc)
read -r m0 m1 < <(run main --config "$ex/workflow-controller-configmap.yaml" --env-file "$ex/controller.env" \
  --db "sqlite:$work/bench.sqlite")

echo "corpus: $count workflow files, $(awk -v b="$bytes" 'BEGIN{printf "%.1f", b/1e6}') MB of JSON"
echo "main job outcomes:"
sed -n '/"totals"/,/}/p' "$work/main.json" | sed '1d;$d'
awk -v n="$count" -v s="$bytes" -v b0="$b0" -v b1="$b1" -v m0="$m0" -v m1="$m1" 'BEGIN {
  b = b1 - b0; m = m1 - m0
  printf "%-34s %8s %12s %8s\n", "", "seconds", "workflows/s", "MB/s"
  printf "%-34s %8.2f %12.0f %8.1f\n", "baseline: read + measure only", b, n / b, s / 1e6 / b
  printf "%-34s %8.2f %12.0f %8.1f\n", "wfpack run (main job)", m, n / m, s / 1e6 / m
  printf "ratio main job / baseline: %.2fx the time\n", m / b
}'
