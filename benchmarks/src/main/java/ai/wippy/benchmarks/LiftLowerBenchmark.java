package ai.wippy.benchmarks;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.proxy.FunctionProxyFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * B3: the transform-users component ({@code list<user>} in, {@code list<display>} out, records with
 * strings, lists, options) at 10, 1,000 and 100,000 records, two ways: through the registry with
 * Java maps ({@link #transformUsers}), and through a typed proxy with Java records
 * ({@link #transformUsersTyped}). The peer, the same component under {@code jco transpile} on Node,
 * is timed by {@code benchmarks/b3/node-bench.mjs}.
 */
public class LiftLowerBenchmark extends NanosBenchmark {

    /** WIT {@code user}. */
    public record User(String name, int age, List<String> tags) {}

    /** WIT {@code display}. */
    public record Display(String name, boolean adult, int tagCount, Optional<String> firstTag) {}

    /** The typed proxy users inject with {@code @WippyFunction}. */
    public interface Transform {
        List<Display> transformUsers(List<User> users);
    }

    @Param({"10", "1000", "100000"})
    public int records;

    private WasmRegistry registry;
    private List<Map<String, Object>> users;
    private List<User> typedUsers;
    private Transform typed;

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
        typedUsers = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            users.add(Map.of("name", "user" + i, "age", i % 90, "tags", List.of("a" + (i % 7), "team")));
            typedUsers.add(new User("user" + i, i % 90, List.of("a" + (i % 7), "team")));
        }
        typed = new FunctionProxyFactory(registry).create(Transform.class, "bench:transform", "benchmark");
        List<Display> check = typed.transformUsers(typedUsers.subList(0, 1));
        if (!check.equals(List.of(new Display("USER0", false, 2, Optional.of("a0"))))) {
            throw new IllegalStateException("the typed proxy returned " + check);
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

    @Benchmark
    public List<Display> transformUsersTyped() {
        return typed.transformUsers(typedUsers);
    }
}
