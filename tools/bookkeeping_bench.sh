#!/usr/bin/env bash
# Where the wall time of `lag select` goes at the demo's scale (d 64, 4 heads, seq 64, batch 16,
# eval every 20 steps; 2 -> 4 layers, the eight-operator default pool, fixed-lag(k=40), 2 seed
# replicas): Java Flight Recorder samples the run, and tools/bookkeeping_split.py sorts every
# sample into training steps, evaluation, growth, bookkeeping (task hashing and snapshot
# encoding, JSON and record files, fsync, the selection's own history and ranking) and start-up.
#   tools/bookkeeping_bench.sh [OUT_DIR]     (about three minutes on 2 cores; run it alone)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/bookkeeping}"
rm -rf "$out" && mkdir -p "$out"
model=(--set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set lr=0.003 --set warmup=20
  --set evalInterval=20 --set evalBatches=8 --set evalPrimitives=0 --set embeddedBytes=1000000)
./lag train --set layers=2 --set steps=200 "${model[@]}" --out "$out/source" >/dev/null
# The bank's parse is kept in the machine's cache (~/.cache/lag) after the first read: measure the
# select every later run is, not the first one on a fresh machine (that one parses, about 2 s).
./lag bank list >/dev/null
start=$(date +%s.%N)
LAG_JAVA_OPTS="-Xmx8g -XX:FlightRecorderOptions:stackdepth=512 \
  -XX:StartFlightRecording=filename=$out/select.jfr,settings=profile" \
  ./lag select --from "$out/source/checkpoint" --depth 4 "${model[@]}" --set steps=400 \
  --set replicas=2 --policy 'fixed-lag(k=40)' --out "$out/select" >"$out/select.log" 2>&1
end=$(date +%s.%N)
jfr print --json --events jdk.ExecutionSample,jdk.NativeMethodSample "$out/select.jfr" \
  >"$out/samples.json"
python3 tools/bookkeeping_split.py "$out/samples.json" "$(echo "$end - $start" | bc)"
