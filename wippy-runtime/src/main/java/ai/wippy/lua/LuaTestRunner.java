package ai.wippy.lua;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.RunningRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs the Lua tests of a registry as Wippy's test runner finds them: every {@code function.lua}
 * entry with {@code meta.type: test}, called without arguments; it passes when its method returns
 * {@code true}. A test that returns anything else, returns {@code nil, err} or raises fails, with
 * the reason. Tests run one after another, each as an ordinary call (its pool, limits and the
 * runtime's security), in the order of their IDs.
 */
public final class LuaTestRunner {

    /** One test's outcome. */
    public record Outcome(String id, String suite, boolean passed, String detail, Duration took) {
        @Override
        public String toString() {
            return (passed ? "PASS " : "FAIL ") + id + (passed ? "" : ": " + detail) + " (" + took.toMillis() + " ms)";
        }
    }

    private LuaTestRunner() {}

    /** The IDs of the registry's tests whose ID contains {@code filter} (all when null or empty). */
    public static List<String> tests(RunningRegistry runtime, String filter) {
        return runtime.registry().entries().stream()
                .filter(e -> e.kind().equals("function.lua"))
                .filter(e -> "test".equals(String.valueOf(e.meta().get("type"))))
                .map(e -> e.id().toString())
                .filter(id -> filter == null || filter.isEmpty() || id.contains(filter))
                .sorted(Comparator.naturalOrder())
                .toList();
    }

    /** Runs the tests {@link #tests} selects and returns their outcomes. */
    public static List<Outcome> run(RunningRegistry runtime, String filter) {
        List<Outcome> out = new ArrayList<>();
        for (String id : tests(runtime, filter)) {
            out.add(runOne(runtime, id));
        }
        return out;
    }

    private static Outcome runOne(RunningRegistry runtime, String id) {
        RegistryEntry entry = runtime.registry().entries().stream()
                .filter(e -> e.id().toString().equals(id))
                .findFirst()
                .orElseThrow();
        Object suite = entry.meta().get("suite");
        String suiteName = suite == null ? entry.id().namespace() : String.valueOf(suite);
        long start = System.nanoTime();
        try {
            Object result = runtime.call(id);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (Boolean.TRUE.equals(result)) {
                return new Outcome(id, suiteName, true, "", took);
            }
            return new Outcome(id, suiteName, false, "returned " + result + ", not true", took);
        } catch (RuntimeException e) {
            return new Outcome(id, suiteName, false, e.getMessage(), Duration.ofNanos(System.nanoTime() - start));
        }
    }
}
