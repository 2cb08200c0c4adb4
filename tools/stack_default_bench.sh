#!/usr/bin/env bash
# Issue 25, item 7: adaptive stacking with a chosen default policy against every fixed operator,
# on `lag demo`'s config (examples/stack-demo.json, 2 -> 4 -> 6 layers) and both corpora, seeds 1,
# 2 and 3; each run trains its own baselines (scratch and every fixed operator) on the same seed.
#   tools/stack_default_bench.sh OUT_DIR POLICY [--set KEY=VALUE ...]
#   e.g. tools/stack_default_bench.sh runs/stack-default 'fixed-lag(k=0)'
# About 5 minutes a run on 2 cores (30 in all); then tools/stack_table.py prints the tables.
set -euo pipefail
cd "$(dirname "$0")/.."
out="$1"
policy="$2"
shift 2
mkdir -p "$out"
corpora=(embedded)
if command -v bible >/dev/null; then
  [ -s "$out/kjv.txt" ] || bible -l0 "Gen1:1-Rev22:21" > "$out/kjv.txt"
  corpora+=("$out/kjv.txt")
fi
for corpus in "${corpora[@]}"; do
  name=$([ "$corpus" = embedded ] && echo embedded || echo kjv)
  for seed in 1 2 3; do
    dir="$out/stack-demo/$name/seed$seed"
    [ -f "$dir/stack.json" ] && continue
    mkdir -p "$(dirname "$dir")"
    ./lag stack --config examples/stack-demo.json --set "corpus=$corpus" --set "seed=$seed" \
      --set "policy=$policy" "$@" --resume --out "$dir" > "$dir.log" 2>&1
    echo "$dir: done ($SECONDS s)"
  done
done
python3 tools/stack_table.py "$out"
