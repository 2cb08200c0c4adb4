#!/usr/bin/env bash
# The judgement of RESULTS.md's horizon sections on the bank as it stands: the selection benchmark
# with the rule and its hysteresis (every calibration fit, both pools, the held-out studies), then
# the longest stage's regrets and the reliability tables of the chosen fit and of each other fit.
#   tools/horizon_judge.sh N [OUT_DIR]   # N: a label, the number of studies by convention
# Writes OUT_DIR/benchN.{json,txt,err} (runs/pools by default), longestN.txt, reliabilityN.txt
# (chosen fit: pooled, by stage length, held-out studies) and reliabilityN-FIT.txt per other fit.
# About 3-4 minutes and 2 GB on 2 cores with thirty studies; run it alone.
set -euo pipefail
cd "$(dirname "$0")/.."
n="$1"
out="${2:-runs/pools}"
mkdir -p "$out"
held_out='s1600-cosine-seed,embedded-2to4-s1600-wsd0.2-seed3,s3200-cosine'
/usr/bin/time -f '%e s %M KB' ./lag bench selection --steps 0,20,40,80,160,320,640,1280 --horizon \
  --held-out "$held_out" --pool all --pool stack-top,midas,interleave,zero-new \
  --json "$out/bench$n.json" > "$out/bench$n.txt" 2> "$out/bench$n.err"
python3 tools/longest_stage.py "$out/bench$n.json" \
  --policy 'hedged(confidence=0.8, budget=0.3, lookAhead=true) cal:anneal' \
  --policy 'hedged(confidence=0.8, budget=0.3, lookAhead=true) cal:cooldown(20)' \
  --policy 'hedged(confidence=0.8, budget=0.3) cal:anneal' \
  --policy 'hedged(confidence=0.8, budget=0.3, weigh=regime) cal:anneal' --policy prior > "$out/longest$n.txt"
{
  python3 tools/reliability.py "$out/bench$n.json"
  python3 tools/reliability.py "$out/bench$n.json" --by-stage
  python3 tools/reliability.py "$out/bench$n.json" --held-out "$held_out"
} > "$out/reliability$n.txt"
for fit in 'weigh=regime' 'spread=regime'; do
  {
    python3 tools/reliability.py "$out/bench$n.json" --fit "$fit"
    python3 tools/reliability.py "$out/bench$n.json" --fit "$fit" --by-stage
  } > "$out/reliability$n-$(echo "$fit" | tr = -).txt"
done
