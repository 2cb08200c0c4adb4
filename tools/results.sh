#!/usr/bin/env bash
# Reproduces RESULTS.md: on the embedded corpus and on the King James Bible (Debian's bible-kjv),
# (1) a study growing 2 to 4 layers with all seven depth operators, (2) successive halving vs a
# fixed lag at the same growth point, (3) adaptive stacking to 8 layers vs scratch.
#   tools/results.sh [OUT_DIR]      (about 50 minutes on 2 cores; 100 primitive prompts per task in the studies)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/results}"
mkdir -p "$out"
corpora=(embedded)
if command -v bible >/dev/null; then
  bible -l0 "Gen1:1-Rev22:21" > "$out/kjv.txt"
  corpora+=("$out/kjv.txt")
fi
for corpus in "${corpora[@]}"; do
  name=$([ "$corpus" = embedded ] && echo embedded || echo kjv)
  dir="$out/$name"
  c=(--set "corpus=$corpus")
  ./lag train --set layers=2 --set steps=300 "${c[@]}" --out "$dir/source" > "$dir.source.log"
  ./lag study --from "$dir/source/checkpoint" --depth 4 --set steps=300 --set evalInterval=25 \
    --set evalBatches=16 --grid 0,10,25,50,100,150,200,300 --out "$dir/study" > "$dir.study.log"
  ./lag select --from "$dir/source/checkpoint" --depth 4 --policy 'fixed-lag(k=100)' --set steps=300 \
    --set evalInterval=25 --set evalBatches=16 --out "$dir/select-fixed" > "$dir.select-fixed.log"
  ./lag select --from "$dir/source/checkpoint" --depth 4 --policy 'successive-halving(r=25, eta=2)' \
    --set steps=300 --set evalInterval=25 --set evalBatches=16 --out "$dir/select-sh" > "$dir.select-sh.log"
  ./lag stack --config examples/stack-8.json "${c[@]}" --out "$dir/stack" > "$dir.stack.log"
done
echo "done: $out"
