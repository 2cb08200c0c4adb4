#!/usr/bin/env bash
# Time overhead of the Hazelcast runner against the local runner on one machine: the same
# selection (7 candidates, successive halving) run in-process and through one lag worker on
# 127.0.0.1, side by side; checks that both pick the same winner with the same scores.
#   tools/cluster_overhead.sh [OUT_DIR]      (about 5 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-runs/cluster-overhead}"
rm -rf "$out" && mkdir -p "$out"
export LAG_CLUSTER_SECRET="overhead-benchmark-secret-$$"
c=(--set layers=2 --set dModel=64 --set seqLen=64 --set evalInterval=25 --set evalPrimitives=0)
./lag train "${c[@]}" --set steps=200 --out "$out/source" > "$out/source.log"
select=(select --from "$out/source/checkpoint" --depth 4 --policy 'successive-halving(r=25, eta=2)'
  --set steps=200 --set evalPrimitives=0)

./lag worker --cluster overhead --port 5960 > "$out/worker.log" 2>&1 &
worker=$!
trap 'kill $worker 2>/dev/null || true' EXIT
until grep -q "lag worker:" "$out/worker.log"; do sleep 0.2; done

seconds() { local t0 t1; t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N); awk "BEGIN {print $t1 - $t0}"; }
for round in 1 2 3; do
  l=$(seconds ./lag "${select[@]}" --out "$out/local-$round")
  h=$(seconds ./lag "${select[@]}" --runner hazelcast --cluster overhead --members 127.0.0.1:5960 \
    --out "$out/hazelcast-$round")
  printf 'round %d: local %.1f s, hazelcast %.1f s, ratio %.3f\n' "$round" "$l" "$h" "$(awk "BEGIN {print $h / $l}")"
done
strip() { grep -v '"seconds"' "$1"; }
if diff <(strip "$out/local-3/selection.json") <(strip "$out/hazelcast-3/selection.json") > /dev/null; then
  echo "same selection (winner, ranking, scores) on both runners"
else
  echo "DIFFERENT selections"; exit 1
fi
