#!/usr/bin/env bash
# What `lag bench selection --horizon` itself costs, against a peer: the same command on the same
# bank with the CLI built from another revision (the peer), one after the other, each alone; wall
# time, peak memory, their ratio, and whether the two JSON records are the same byte for byte.
#   tools/selection_bench_cost.sh PEER_REV [BANK_DIR]   (default: lag's own bank/; run it alone)
# The peer is built by tools/peer_cli.sh. Judged: one pool, four lags, the held-out 1600-step
# cosine studies; about 6 minutes with the 8b2ed37 peer on 2 cores and twenty-three studies.
set -euo pipefail
cd "$(dirname "$0")/.."
peer="$1"
bank="${2:-bank}"
out=runs/bench-cost
rm -rf "$out" && mkdir -p "$out"
. tools/peer_cli.sh && peer_cli "$peer"
args=(bench selection --bank "$bank" --steps 0,40,160,640 --horizon --held-out s1600-cosine-seed
  --pool stack-top,midas,interleave,zero-new)
run() { # NAME JAR
  /usr/bin/time -f "%e %M" -o "$out/$1.time" java -Xmx8g -Dai.djl.offline=true \
    -Dlag.home="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar "$2" "${args[@]}" \
    --json "$out/$1.json" >"$out/$1.txt"
}
run peer "$PEER_JAR"
./lag --version >/dev/null # builds this tree's CLI when its sources changed
run this selector/cli/target/lag.jar
read -r pt pm <"$out/peer.time"
read -r tt tm <"$out/this.time"
printf 'peer %s: %s s, %s MB peak\nthis tree: %s s, %s MB peak\nratio (peer / this): %.2fx\n' \
  "$peer" "$pt" "$((pm / 1024))" "$tt" "$((tm / 1024))" "$(echo "$pt / $tt" | bc -l)"
if cmp -s "$out/peer.json" "$out/this.json"; then echo "records: the same"; else echo "records: differ"; fi
