#!/usr/bin/env bash
# Processes that share a machine (issue 24): N concurrent `lag train` runs (d 64, 600 steps) against
# one run alone, with OpenMP's default spin-waiting and with the launcher's setting
# (OMP_WAIT_POLICY=PASSIVE: a thread that waits sleeps instead of spinning for the cores).
#   tools/concurrency_bench.sh [OUT_DIR]     (about five minutes on 2 cores; run it alone)
# Prints wall seconds and the ratio of N concurrent runs to N x one run (goal <= 1.3).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/concurrency}"
rm -rf "$out" && mkdir -p "$out"
./lag --version >/dev/null # build once, outside the timings
args=(--set layers=2 --set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set steps=600
  --set evalInterval=100 --set embeddedBytes=1000000)

run_n() { # policy n -> wall seconds of n concurrent runs
  local policy="$1" n="$2" start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    OMP_WAIT_POLICY="$policy" ./lag train "${args[@]}" --set "seed=$i" \
      --out "$out/$policy-$n-$i" >/dev/null 2>&1 &
  done
  wait
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

printf "%-8s %10s %10s %10s %12s %12s\n" policy "1 alone" "2 at once" "3 at once" "2: ratio" "3: ratio"
for policy in ACTIVE PASSIVE; do
  one=$(run_n "$policy" 1)
  two=$(run_n "$policy" 2)
  three=$(run_n "$policy" 3)
  printf "%-8s %9.1fs %9.1fs %9.1fs %12.2f %12.2f\n" "$policy" "$one" "$two" "$three" \
    "$(echo "$two / (2 * $one)" | bc -l)" "$(echo "$three / (3 * $one)" | bc -l)"
done
