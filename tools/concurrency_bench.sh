#!/usr/bin/env bash
# Processes that share a machine (issue 24): N concurrent `lag train` runs (d 64, 600 steps) against
# one run alone: lag's default (each training takes its fair share of the cores' threads), a fixed
# thread count (OMP_NUM_THREADS=N: lag leaves it alone, as lag did before the fair share), and
# OpenMP wait settings: sleeping (PASSIVE), and a short spin (GOMP_SPINCOUNT).
#   tools/concurrency_bench.sh [OUT_DIR [SETTING ...]]   (about 2.5 minutes a setting on 2 cores;
#                                                           run it alone)
# A SETTING is an environment assignment, e.g. OMP_WAIT_POLICY=PASSIVE or OMP_NUM_THREADS=2, or
# `default` for lag as it comes.
# Prints wall seconds and the ratio of N concurrent runs to N x one run alone (goal <= 1.3).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/concurrency}"
shift || true
settings=("$@")
[ ${#settings[@]} -eq 0 ] && settings=(default "OMP_NUM_THREADS=$(nproc)" OMP_WAIT_POLICY=PASSIVE)
rm -rf "$out" && mkdir -p "$out"
./lag --version >/dev/null # build once, outside the timings
args=(--set layers=2 --set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set steps=600
  --set evalInterval=100 --set embeddedBytes=1000000)

run_n() { # setting n -> wall seconds of n concurrent runs
  local setting="$1" n="$2" start end
  start=$(date +%s.%N)
  for i in $(seq 1 "$n"); do
    env "${setting/#default/LAG_BENCH_SETTING=default}" ./lag train "${args[@]}" --set "seed=$i" \
      --out "$out/${setting//[^A-Za-z0-9]/_}-$n-$i" >/dev/null 2>&1 &
  done
  wait
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

printf "%-24s %10s %10s %10s %12s %12s\n" setting "1 alone" "2 at once" "3 at once" "2: ratio" "3: ratio"
for setting in "${settings[@]}"; do
  one=$(run_n "$setting" 1)
  two=$(run_n "$setting" 2)
  three=$(run_n "$setting" 3)
  printf "%-24s %9.1fs %9.1fs %9.1fs %12.2f %12.2f\n" "$setting" "$one" "$two" "$three" \
    "$(echo "$two / (2 * $one)" | bc -l)" "$(echo "$three / (3 * $one)" | bc -l)"
done
