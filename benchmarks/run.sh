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

echo "== B5 (10,000 and 1,000 concurrent 100 ms guest sleeps; fresh JVM each; static, lazy and inline pools)"
: > "$OUT/concurrency.txt"
for pool in component component-lazy component-inline static lazy inline; do
  for n in 1000 10000; do
    "$JAVA" -cp "$CP" ai.wippy.benchmarks.ConcurrencyProbe "$n" "$pool" | grep '^CONCURRENCY' | tee -a "$OUT/concurrency.txt"
  done
done

echo "== B6 (fresh JVM per start, alternating: no Wippy, cold compile cache, warm compile cache, build-time classes)"
: > "$OUT/boot.txt"
B6=$(mktemp -d)
"$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe prepare 50 "$B6/classes" >/dev/null
"$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe boot with 50 warm "$B6/cache" >/dev/null
for i in 1 2 3 4 5 6; do
  "$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe boot without 50 | grep '^BOOT' | tee -a "$OUT/boot.txt"
  "$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe boot with 50 cold | grep '^BOOT' | tee -a "$OUT/boot.txt"
  "$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe boot with 50 warm "$B6/cache" | grep '^BOOT' | tee -a "$OUT/boot.txt"
  "$JAVA" -cp "$B6/classes:$CP" ai.wippy.benchmarks.BootProbe boot with 50 build | grep '^BOOT' | tee -a "$OUT/boot.txt"
done
rm -rf "$B6"
"$JAVA" -cp "$CP" ai.wippy.benchmarks.BootProbe memory 201 | grep '^MEMORY' | tee "$OUT/memory.txt"

echo "== B7 (wrk on loopback against plain WebFlux handlers)"
JAVA_HOME="$JAVA_HOME" benchmarks/b7.sh | tee "$OUT/http.txt"

echo "== B8 (instantiation; first call of the componentize-js component: no cache, warm cache, build-time classes)"
: > "$OUT/instantiation.txt"
B8=$(mktemp -d)
JS=wippy-runtime/src/test/fixtures/component/js-wasi/js-wasi.wasm
"$JAVA" -cp "$CP" ai.wippy.benchmarks.InstantiationProbe instances sleep benchmarks/src/main/resources/bench/clock-sleep.wasm wasi:poll,wasi:clocks | grep '^INSTANCE' | tee -a "$OUT/instantiation.txt"
"$JAVA" -cp "$CP" ai.wippy.benchmarks.InstantiationProbe instances js "$JS" wasi:cli,wasi:io,wasi:poll,wasi:clocks,wasi:random | grep '^INSTANCE' | tee -a "$OUT/instantiation.txt"
"$JAVA" -cp "$CP" ai.wippy.benchmarks.InstantiationProbe prepare "$JS" "$B8/classes" >/dev/null
"$JAVA" -cp "$B8/classes:$CP" ai.wippy.benchmarks.InstantiationProbe first-call warm "$B8/classes" "$B8/cache" >/dev/null
for mode in cold warm build; do
  "$JAVA" -cp "$B8/classes:$CP" ai.wippy.benchmarks.InstantiationProbe first-call "$mode" "$B8/classes" "$B8/cache" | grep '^FIRSTCALL' | tee -a "$OUT/instantiation.txt"
done
rm -rf "$B8"

"$JAVA" -version 2>&1 | head -1 > "$OUT/jvm.txt"
echo "== B9 (two WASM actors volleying; Java -> actor request/reply; two threads over queues)"
"$JAVA" --enable-native-access=ALL-UNNAMED -cp "$CP" ai.wippy.benchmarks.ActorProbe 3 | grep ACTORS | tee "$OUT/actors.txt"

python3 benchmarks/report.py "$OUT" > BENCHMARKS.md
echo "wrote BENCHMARKS.md"
