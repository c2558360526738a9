#!/usr/bin/env bash
# B7: requests/s of http.endpoint routes against plain WebFlux handlers doing the same work, with wrk
# on loopback (apt install wrk). Prints "HTTP <route> <requests/s>" lines and, after each, "CPU <route>
# <µs>": the server process's CPU time (user + system, JIT and GC included) per request served, a
# figure that holds better than the rate on a machine other work loads. Needs the classpath file
# written by run.sh (benchmarks/results/classpath.txt) and the benchmarks classes.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/results
CP="benchmarks/target/classes:$(cat "$OUT/classpath.txt")"
PORT=${B7_PORT:-18087}
DURATION=${B7_DURATION:-10s}
# the warm-up per route: on a slow machine the rates still climbed after 5 s, so 15 s by default
WARMUP=${B7_WARMUP:-15s}
if ! command -v wrk >/dev/null; then
  echo "wrk missing (apt install wrk): B7 skipped"
  exit 0
fi
# B7_JAVA_OPTS: extra JVM options (a JFR recording, say); B7_ROUTES: the routes to measure, space-separated
# shellcheck disable=SC2086
"$JAVA_HOME/bin/java" ${B7_JAVA_OPTS:-} -cp "$CP" ai.wippy.benchmarks.HttpBenchApplication --server.port="$PORT" \
  --logging.level.root=WARN > "$OUT/b7-app.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://127.0.0.1:$PORT/plain/hello" >/dev/null 2>&1 && break
  sleep 0.5
done
read -r -a routes <<< "${B7_ROUTES:-/plain/add?a=6&b=7 /plain/hop?a=6&b=7 /wasm/add?a=6&b=7 /plain/hello /plain/hello-hop /wasm/hello}"
# warm every route first (the JIT compiles the shared WebFlux path on the first one measured otherwise)
for r in "${routes[@]}"; do
  wrk -t2 -c32 -d"$WARMUP" "http://127.0.0.1:$PORT$r" >/dev/null
done
# the first route measured after the warm-up runs slow whatever it is (seen at a quarter of its
# rate): a throw-away run first, then B7_ROUNDS rounds of every route in turn (A B A B)
wrk -t2 -c32 -d5s "http://127.0.0.1:$PORT${routes[0]}" >/dev/null
for _round in $(seq 1 "${B7_ROUNDS:-2}"); do
for r in "${routes[@]}"; do
  if ! curl -fs "http://127.0.0.1:$PORT$r" >/dev/null; then
    echo "HTTP $r unavailable"
    continue
  fi
  ticks0=$(awk '{print $14 + $15}' "/proc/$APP/stat")
  result=$(wrk -t2 -c32 -d"$DURATION" "http://127.0.0.1:$PORT$r")
  ticks1=$(awk '{print $14 + $15}' "/proc/$APP/stat")
  rps=$(echo "$result" | awk '/Requests\/sec/ {print $2}')
  served=$(echo "$result" | awk '/requests in/ {print $1}')
  echo "HTTP $r $rps"
  awk -v t="$((ticks1 - ticks0))" -v hz="$(getconf CLK_TCK)" -v n="$served" -v r="$r" \
    'BEGIN { if (n > 0) printf "CPU %s %.1f\n", r, t * 1e6 / hz / n }'
done
done
