#!/usr/bin/env bash
# The main job on the seed walkthrough, with nothing installed by hand: builds `wfpack` and
# runs `wfpack run` on host/examples/walkthrough/workflows with the example
# workflow-controller-configmap (nodeStatusOffLoad, archive, archiveLabelSelector) and the
# controller environment MAX_WORKFLOW_SIZE=10240, on a fresh embedded SQLite file.
# Then the same with offload off, which fails the 500-loop workflow with Argo's message.
# Usage: scripts/run-example.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/wfpack/target}"
cargo build -q --locked -p wfpack-host --bin wfpack
wfpack="$CARGO_TARGET_DIR/debug/wfpack"
ex=host/examples/walkthrough
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="sqlite:$work/walkthrough.sqlite"
show() { printf '\n$ %s\n' "$*"; }

show wfpack run $ex/workflows --config $ex/workflow-controller-configmap.yaml --env-file $ex/controller.env --db "$db" --out packed/
"$wfpack" run "$ex/workflows" --config "$ex/workflow-controller-configmap.yaml" \
  --env-file "$ex/controller.env" --db "$db" --out "$work/packed"

show wfpack nodes packed/argo_loop-500.json --db "$db"   "# offloaded: read back from the database"
"$wfpack" nodes "$work/packed/argo_loop-500.json" --db "$db" | sed -n '1,6p'
echo "..."

show wfpack archive list --db "$db"
"$wfpack" archive list --db "$db"

show wfpack run $ex/workflows --config $ex/workflow-controller-configmap.yaml --env-file $ex/controller.env --no-offload --no-gc
set +e
"$wfpack" run "$ex/workflows" --config "$ex/workflow-controller-configmap.yaml" \
  --env-file "$ex/controller.env" --no-offload --no-gc --db "sqlite:$work/no-offload.sqlite"
code=$?
set -e
echo "(exit code $code: with offload off the 500-loop workflow fails, as Argo marks it Error)"
[ "$code" -eq 1 ]
