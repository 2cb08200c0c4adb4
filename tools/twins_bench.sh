#!/usr/bin/env bash
# What training twins once saves, against a peer: one study of the horizon study's growth point
# (2 -> 4 layers at d 64, the eight-operator pool, batched, 20-step probes; stack-all, stack-top
# and stack-bottom are twins there) run with the CLI built from another revision (the peer: one
# that trains every twin) and with this tree's, one after the other, each alone; wall time, peak
# memory, their ratio, and the largest difference between the two studies' finals.
#   tools/twins_bench.sh PEER_REV [STAGE] [REPLICAS]   (defaults 400 and 1; run it alone)
set -euo pipefail
cd "$(dirname "$0")/.."
peer="$1"
stage="${2:-400}"
replicas="${3:-1}"
out=runs/twins-bench
rm -rf "$out" && mkdir -p "$out"
. tools/peer_cli.sh && peer_cli "$peer"
./lag --version >/dev/null # builds this tree's CLI when its sources changed
model=(--set dModel=64 --set heads=4 --set seqLen=64 --set batch=16 --set lr=0.003 --set warmup=20
  --set evalInterval=20 --set evalBatches=8 --set evalPrimitives=0 --set embeddedBytes=1000000)
java=(java -Xmx8g -Dai.djl.offline=true -Dlag.home="$PWD" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)
"${java[@]}" -jar selector/cli/target/lag.jar train --set layers=2 --set steps=400 "${model[@]}" \
  --out "$out/source" >/dev/null
run() { # NAME JAR
  /usr/bin/time -f "%e %M" -o "$out/$1.time" "${java[@]}" -jar "$2" study \
    --from "$out/source/checkpoint" --depth 4 "${model[@]}" --set "steps=$stage" \
    --set "replicas=$replicas" --set batchCandidates=true --probes 20 \
    --grid "0,20,40,80,160,$stage" --out "$out/$1" >"$out/$1.txt"
}
run peer "$PEER_JAR"
run this selector/cli/target/lag.jar
read -r pt pm <"$out/peer.time"
read -r tt tm <"$out/this.time"
printf 'peer %s: %s s, %s MB peak\nthis tree: %s s, %s MB peak\nratio (peer / this): %.2fx\n' \
  "$peer" "$pt" "$((pm / 1024))" "$tt" "$((tm / 1024))" "$(echo "$pt / $tt" | bc -l)"
python3 - "$out/peer/study.json" "$out/this/study.json" <<'PY'
import json, sys
a, b = (json.load(open(f)) for f in sys.argv[1:])
fa = {c["name"]: c["final"] for c in a["candidates"]}
fb = {c["name"]: c["final"] for c in b["candidates"]}
diff = max(abs(fa[n] - fb[n]) for n in fa)
noise = a.get("seedNoise") or float("nan")
print(f"finals: largest difference {diff:.2e} (seed noise {noise:.2e}); best {a['best']} / {b['best']}")
PY
