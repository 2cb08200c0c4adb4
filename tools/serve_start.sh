#!/usr/bin/env bash
# Start time and resident memory of `lag serve`: the time from launching the JVM to its
# "listening" line, and the resident memory of the process right then. Five rounds; prints
# each round and the medians. Usage: tools/serve_start.sh [ROUNDS]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
rounds="${1:-5}"
"$here/lag" --version >/dev/null # build the CLI first, outside the timings
starts=(); rss=()
for i in $(seq "$rounds"); do
  state=$(mktemp -d); port=$((8600 + i)); log=$(mktemp)
  t0=$(date +%s%N)
  LAG_JAVA_OPTS="-Xmx1g" "$here/lag" serve --port "$port" --state "$state" >"$log" 2>&1 &
  pid=$!
  until grep -q "listening" "$log"; do
    kill -0 $pid 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.01
  done
  t1=$(date +%s%N)
  java_pid=$(pgrep -f "serve --port $port" | head -1)
  r=$(awk '/VmRSS/ {print $2}' "/proc/$java_pid/status")
  ms=$(( (t1 - t0) / 1000000 ))
  echo "round $i: listening after ${ms} ms, RSS $((r / 1024)) MiB"
  starts+=("$ms"); rss+=("$((r / 1024))")
  kill "$java_pid" 2>/dev/null || true; wait $pid 2>/dev/null || true
  rm -rf "$state" "$log"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median: listening after $(median "${starts[@]}") ms, RSS $(median "${rss[@]}") MiB"
