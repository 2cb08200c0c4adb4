#!/usr/bin/env bash
# The selection-quality benchmark of RESULTS.md ("Which scorer, which lag, which policy"):
# studies that train every depth operator to the end of a 400-step stage from 3 data orders, with
# cooldown probes of 20 and 40 steps at 5, 10, 20 and 40% of the stage, at the scale of `lag demo`
# (d 64, 4 heads, context 64, batch 16):
#   embedded corpus, 2 -> 4 layers;  King James Bible (Debian's bible-kjv), 2 -> 4;  embedded, 4 -> 8.
# Then `lag bench selection` judges every scorer and replays every policy on them (the learned
# scorer is trained on the other studies only).
#   tools/selection_bench.sh [OUT_DIR]      (about 45 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/selection-bench}"
mkdir -p "$out"
model=(--set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set lr=0.003 --set warmup=20
  --set evalInterval=20 --set evalBatches=8 --set evalPrimitives=0 --set embeddedBytes=1000000)
study=(--set steps=400 --set evalPrimitives=0 --set replicas=3 --probes 20,40 --grid 0,20,40,80,160,400)

run() { # name corpus from-layers to-layers
  local dir="$out/$1" corpus=(--set "corpus=$2")
  if [ ! -f "$dir/source/run.json" ] || ! grep -q '"completed"' "$dir/source/run.json"; then
    ./lag train --set "layers=$3" --set steps=400 "${model[@]}" "${corpus[@]}" --resume \
      --out "$dir/source" > "$out/$1.source.log"
  fi
  if [ ! -f "$dir/study/study.json" ]; then
    ./lag study --from "$dir/source/checkpoint" --depth "$4" "${study[@]}" --resume \
      --out "$dir/study" > "$out/$1.study.log"
  fi
  echo "$1: done ($SECONDS s since start)"
}

run embedded-2to4 embedded 2 4
studies=("$out/embedded-2to4/study")
if command -v bible >/dev/null; then
  bible -l0 "Gen1:1-Rev22:21" > "$out/kjv.txt"
  run kjv-2to4 "$out/kjv.txt" 2 4
  studies+=("$out/kjv-2to4/study")
else
  echo "bible-kjv is not installed: skipping the King James study" >&2
fi
run embedded-4to8 embedded 4 8
studies+=("$out/embedded-4to8/study")

./lag bench selection "${studies[@]}" --json "$out/selection.json" | tee "$out/selection.md"
echo "total: $SECONDS s"
