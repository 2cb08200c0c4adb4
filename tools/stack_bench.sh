#!/usr/bin/env bash
# Adaptive stacking against its baselines, as RESULTS.md reports it: `lag demo`'s config
# (examples/stack-demo.json, 2 -> 4 -> 6 layers) and examples/stack-8.json (2 -> 4 -> 6 -> 8), on the
# embedded corpus and the King James Bible (Debian's bible-kjv), each with seeds 1, 2 and 3, with
# the default policy and every baseline. For the demo's config also LAG with evidence: the earlier
# default fixed-lag(k=40) (10% of a stage) and race(r=20, eta=2, maxLag=160), without baselines
# (they are the same runs). Then tools/stack_table.py prints the tables of RESULTS.md.
#   tools/stack_bench.sh [OUT_DIR] [CONFIG...]   (all: about 2.5 hours on 2 cores; stack-demo alone
#                                                 about 70 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/stack-bench}"
shift || true
configs=("$@")
[ ${#configs[@]} -eq 0 ] && configs=(stack-demo stack-8)
mkdir -p "$out"
corpora=(embedded)
if command -v bible >/dev/null; then
  bible -l0 "Gen1:1-Rev22:21" > "$out/kjv.txt"
  corpora+=("$out/kjv.txt")
else
  echo "bible-kjv is not installed: the King James runs are skipped" >&2
fi

stack() { # dir config corpus seed [--set ...]
  local dir="$1" config="$2" corpus="$3" seed="$4"
  shift 4
  [ -f "$dir/stack.json" ] && return 0
  mkdir -p "$(dirname "$dir")"
  ./lag stack --config "examples/$config.json" --set "corpus=$corpus" --set "seed=$seed" "$@" \
    --resume --out "$dir" > "$dir.log" 2>&1 || { echo "failed: $dir (see $dir.log)" >&2; exit 1; }
  echo "$dir: done ($SECONDS s)"
}

for config in "${configs[@]}"; do
  for corpus in "${corpora[@]}"; do
    name=$([ "$corpus" = embedded ] && echo embedded || echo kjv)
    for seed in 1 2 3; do
      dir="$out/$config/$name/seed$seed"
      stack "$dir" "$config" "$corpus" "$seed"
      if [ "$config" = stack-demo ]; then
        stack "$dir-fixed-lag" "$config" "$corpus" "$seed" --set "policy=fixed-lag(k=40)" --set baselines=false
        stack "$dir-race" "$config" "$corpus" "$seed" --set "policy=race(r=20, eta=2, maxLag=160)" --set baselines=false
      fi
    done
  done
done
python3 tools/stack_table.py "$out"
