#!/usr/bin/env bash
# Old and new growth operators side by side (RESULTS.md, "Every published way to grow"): one trained
# source per study, then every operator trained to the end of a 400-step stage from 3 data orders,
# at the scale of `lag demo` (d 64, 4 heads, context 64, batch 16), on the embedded corpus:
#   2 -> 4 layers and 4 -> 8 layers.
# MSLT's freeze and MSG's ramp are run at 40 steps, 10% of the stage (the lag LAG selects at),
# chosen before any run. SOLAR is left out: at a doubling it is stack-all (m = 0).
#   tools/operators_bench.sh [OUT_DIR]      (about 35 minutes on 2 cores)
#   python3 tools/operators_table.py OUT_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/operators-bench}"
mkdir -p "$out"
model=(--set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set lr=0.003 --set warmup=20
  --set evalInterval=20 --set evalBatches=8 --set evalPrimitives=0 --set embeddedBytes=1000000)
pool=(stack-all stack-top midas stack-bottom interleave random-new zero-new
  copy-zero 'stack-top(freeze=40)' 'random-new(ramp=40)' 'zero-new(ramp=40)')
study=(--set steps=400 --set replicas=3 --grid 0,40,400)
for op in "${pool[@]}"; do study+=(--pool "$op"); done

run() { # name from-layers to-layers
  local dir="$out/$1"
  if [ ! -f "$dir/source/run.json" ] || ! grep -q '"completed"' "$dir/source/run.json"; then
    ./lag train --set "layers=$2" --set steps=400 "${model[@]}" --resume \
      --out "$dir/source" > "$out/$1.source.log"
  fi
  if [ ! -f "$dir/study/study.json" ]; then
    ./lag study --from "$dir/source/checkpoint" --depth "$3" "${model[@]}" "${study[@]}" --resume \
      --out "$dir/study" > "$out/$1.study.log"
  fi
  echo "$1: done ($SECONDS s since start)"
}

run embedded-2to4 2 4
run embedded-4to8 4 8
echo "total: $SECONDS s"
