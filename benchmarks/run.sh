#!/usr/bin/env bash
# Runs the benchmark table (B1 to B7) and writes BENCHMARKS.md at the repository root.
# Usage: benchmarks/run.sh            (about 6 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -d /usr/lib/jvm/temurin-25-jdk-amd64 ]; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  export PATH="$JAVA_HOME/bin:$PATH"
fi
OUT=benchmarks/results
mkdir -p "$OUT"
# One reactor build: siblings resolve to their fresh jars; the last module written is benchmarks.
./mvnw -q -B -pl benchmarks -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile="$PWD/$OUT/classpath.txt" >/dev/null
CP="benchmarks/target/classes:$(cat "$OUT/classpath.txt")"
JAVA="$JAVA_HOME/bin/java"

echo "== B1, B2 (JMH)"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" org.openjdk.jmh.Main \
  'CallOverheadBenchmark|ComputeBenchmark|LiftLowerBenchmark|LuaBridgeBenchmark' -rf json -rff "$OUT/jmh.json" | tee "$OUT/jmh.txt"

echo "== B3 peer: jco transpile on Node"
if command -v node >/dev/null && [ -x "${JCO:-/opt/jco/node_modules/.bin/jco}" ]; then
  node benchmarks/b3/node-bench.mjs | tee "$OUT/b3-node.txt"
else
  echo "node or jco missing (npm install @bytecodealliance/jco in /opt/jco): B3 peer skipped" | tee "$OUT/b3-node.txt"
fi

echo "== B5 (10,000 and 1,000 concurrent 100 ms guest sleeps; fresh JVM each)"
: > "$OUT/concurrency.txt"
for pool in component static inline; do
  for n in 1000 10000; do
    "$JAVA" -cp "$CP" ai.wippy.benchmarks.ConcurrencyProbe "$n" "$pool" | grep '^CONCURRENCY' | tee -a "$OUT/concurrency.txt"
  done
done

echo "== B6 (fresh JVM per start, alternating)"
: > "$OUT/boot.txt"
for i in 1 2 3 4 5 6; do
  for mode in without with; do
    "$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe boot "$mode" 50 | grep '^BOOT' | tee -a "$OUT/boot.txt"
  done
done
"$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe memory 201 | grep '^MEMORY' | tee "$OUT/memory.txt"

echo "== B7 (wrk on loopback against plain WebFlux handlers)"
JAVA_HOME="$JAVA_HOME" benchmarks/b7.sh | tee "$OUT/http.txt"

"$JAVA" -version 2>&1 | head -1 > "$OUT/jvm.txt"
echo "== B9 (two WASM actors volleying; Java -> actor request/reply; two threads over queues)"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" ai.wippy.benchmarks.ActorProbe 3 | grep ACTORS | tee "$OUT/actors.txt"

python3 benchmarks/report.py "$OUT" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
