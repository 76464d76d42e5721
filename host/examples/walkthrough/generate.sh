#!/usr/bin/env bash
# Regenerates the walkthrough's workflows with `wfpack generate` (deterministic output).
# Usage: host/examples/walkthrough/generate.sh   (from anywhere)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
cargo build -q -p wfpack-host --bin wfpack
wfpack="$CARGO_TARGET_DIR/debug/wfpack"
out="$here/workflows"
mkdir -p "$out"
"$wfpack" generate --items 5   --name loop-5   --started-at 2026-08-01T10:00:00Z > "$out/loop-5.yaml"
"$wfpack" generate --items 50  --name loop-50  --started-at 2026-08-01T11:00:00Z > "$out/loop-50.yaml"
"$wfpack" generate --items 500 --name loop-500 --started-at 2026-08-01T12:00:00Z > "$out/loop-500.yaml"
# Completed and labelled for the archive selector: archived by `wfpack run`.
"$wfpack" generate --items 5 --name nightly-report --started-at 2026-08-02T02:00:00Z \
  --label workflows.argoproj.io/archive-strategy=always > "$out/nightly-report.yaml"
# Labelled too, but finished long before archiveTTL (3650d): archived, then removed by GC.
"$wfpack" generate --items 5 --name report-2015 --started-at 2015-03-01T02:00:00Z \
  --label workflows.argoproj.io/archive-strategy=always > "$out/report-2015.yaml"
# Still running: never archived, whatever its labels.
"$wfpack" generate --items 5 --name loop-running --phase Running --started-at 2026-08-03T09:00:00Z \
  --label workflows.argoproj.io/archive-strategy=always > "$out/loop-running.yaml"
echo "wrote $(ls "$out" | wc -l) workflows to ${out#"$root"/}" >&2
