#!/usr/bin/env bash
# Grows one trained 2-layer model to 4 layers with every depth operator and trains each 200 steps:
# the loss right after growth (step 0 of each run) and after 200 steps, then the lag curve.
#   tools/growth_table.sh [OUT_DIR]     (about 10 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/growth-2to4}"
ops=(stack-all stack-top midas stack-bottom interleave random-new zero-new)
common=(--set evalInterval=25 --set evalBatches=16)

./lag train --set layers=2 --set steps=300 "${common[@]}" --out "$out/source" >/dev/null
for op in "${ops[@]}"; do
  ./lag grow --from "$out/source/checkpoint" --op "$op" --depth 4 --out "$out/grown/$op" >/dev/null
  ./lag train --resume-from "$out/grown/$op" --set steps=200 --set warmup=20 "${common[@]}" \
    --out "$out/candidates/$op" >/dev/null
done

printf '%-14s %12s %12s\n' operator "eval k=0" "eval k=200"
for op in "${ops[@]}"; do
  f="$out/candidates/$op/metrics.jsonl"
  k0=$(head -1 "$f" | sed -E 's/.*"evalLoss":([0-9.]+).*/\1/')
  k200=$(grep '"step":200,' "$f" | sed -E 's/.*"evalLoss":([0-9.]+).*/\1/')
  printf '%-14s %12.4f %12.4f\n' "$op" "$k0" "$k200"
done
./lag analyze "$out/candidates" --metric eval --grid 0,25,50,100,150,200 --out "$out/lag-curve.json"
