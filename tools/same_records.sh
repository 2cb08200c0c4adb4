#!/usr/bin/env bash
# Shows that a change kept lag's behaviour: the same seeds give the same records, field by field.
# Builds REF (default: HEAD) in a scratch worktree, runs the same small train + select runs with it
# and with this working tree, and compares selection.json, run.json and metrics.jsonl, less the
# fields that record when and where a run happened (seconds, createdAt, gitCommit).
#   tools/same_records.sh [REF]        (about two minutes on 2 cores; run it alone)
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:-HEAD}"
work="$(mktemp -d)"
trap 'git worktree remove --force "$work/old" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git worktree add --detach "$work/old" "$ref" >/dev/null 2>&1
(cd "$work/old" && mvn -B -o -q -DskipTests -Dspotless.check.skip=true package -pl selector/cli -am)
model=(--set dModel=32 --set heads=2 --set seqLen=32 --set batch=8 --set evalInterval=5
  --set evalBatches=4 --set evalPrimitives=0 --set embeddedBytes=200000)
./lag train --set layers=1 --set steps=30 "${model[@]}" --out "$work/source" >/dev/null
pool=(--pool stack-top --pool zero-new --pool midas --pool random-new)
runs=(
  "halving|--policy|successive-halving(r=10, eta=2)|--set|replicas=2"
  "fixed|--policy|fixed-lag(k=15)|--scorer|ema"
  "race|--policy|race(r=5, eta=2, maxLag=40)"
)
for spec in "${runs[@]}"; do
  IFS='|' read -r -a args <<<"$spec"
  name="${args[0]}"
  for side in old new; do
    lag=./lag
    [ "$side" = old ] && lag="$work/old/lag"
    "$lag" select --from "$work/source/checkpoint" --depth 2 "${model[@]}" --set steps=60 \
      "${pool[@]}" "${args[@]:1}" --out "$work/$name-$side" >/dev/null 2>&1
  done
  python3 tools/same_records.py "$work/$name-old" "$work/$name-new" "$name" "$work/old" "$PWD"
done
