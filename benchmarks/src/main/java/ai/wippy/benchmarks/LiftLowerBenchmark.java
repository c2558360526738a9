package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * B3: the transform-users component ({@code list<user>} in, {@code list<display>} out, records with
 * strings, lists, options) called through the registry with Java maps, at 10, 1,000 and 100,000
 * records. The peer, the same component under {@code jco transpile} on Node, is timed by
 * {@code benchmarks/b3/node-bench.mjs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LiftLowerBenchmark {

    @Param({"10", "1000", "100000"})
    public int records;

    private WasmRegistry registry;
    private List<Map<String, Object>> users;

    @Setup
    public void setUp() {
        registry = Guests.registry("""
                version: "1.0"
                namespace: bench
                entries:
                  - name: files
                    kind: fs.embed
                    directory: .
                  - name: transform
                    kind: function.wasm
                    fs: files
                    path: transform-users.wasm
                    method: transform-users
                    pool: { type: static, size: 1 }
                """);
        users = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            users.add(Map.of("name", "user" + i, "age", i % 90, "tags", List.of("a" + (i % 7), "team")));
        }
    }

    @TearDown
    public void tearDown() {
        registry.close();
    }

    @Benchmark
    public Object transformUsers() {
        return registry.call("bench:transform", users);
    }
}
