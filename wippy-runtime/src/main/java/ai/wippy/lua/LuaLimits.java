package ai.wippy.lua;

import ai.wippy.registry.RegistryEntry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * A {@code function.lua} entry's {@code limits}: {@code max_execution_ms} (a call running longer is
 * stopped with kind TIMEOUT), {@code max_memory_mb} (what one call may hold, {@link
 * #DEFAULT_MEMORY_MB} MiB when absent; past it the call fails with kind TRAPPED) and {@code
 * max_load_ms} (how long the script's main chunk may run when the entry is loaded, {@link
 * #DEFAULT_LOAD} when absent; past it the boot fails).
 */
record LuaLimits(Duration maxExecution, long maxMemoryBytes, String memoryLimitName, Duration loadTime) {

    static final int DEFAULT_MEMORY_MB = 64;
    static final Duration DEFAULT_LOAD = Duration.ofSeconds(5);

    /** The fields of a Lua entry's {@code limits}. */
    static final ai.wippy.registry.FieldSet SPEC = ai.wippy.registry.FieldSet.closed(
            ai.wippy.registry.FieldSet.Field.integer("max_execution_ms", "a call running longer ends with TIMEOUT"),
            ai.wippy.registry.FieldSet.Field.integer("max_memory_mb", "the most a call may allocate (64)"),
            ai.wippy.registry.FieldSet.Field.integer("max_load_ms", "the longest loading the source may take (5000)"));

    private static final Set<String> FIELDS = SPEC.names();

    static LuaLimits read(RegistryEntry entry) {
        Map<String, Object> limits = entry.map("limits");
        for (String key : limits.keySet()) {
            if (!FIELDS.contains(key)) {
                throw entry.error(
                        "limits." + key,
                        "unknown limit for kind function.lua; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        Duration maxExecution = millis(entry, limits, "max_execution_ms");
        Duration load = millis(entry, limits, "max_load_ms");
        int mb = DEFAULT_MEMORY_MB;
        String name = "the default memory limit of a Lua call (" + DEFAULT_MEMORY_MB
                + " MiB; raise it with limits.max_memory_mb)";
        Object m = limits.get("max_memory_mb");
        if (m != null) {
            if (!(m instanceof Integer i) || i <= 0 || i > 65536) {
                throw entry.error("limits.max_memory_mb", "expected 1..65536 MiB, got " + RegistryEntry.describe(m));
            }
            mb = i;
            name = "limits.max_memory_mb (" + mb + " MiB)";
        }
        return new LuaLimits(maxExecution, (long) mb << 20, name, load != null ? load : DEFAULT_LOAD);
    }

    private static Duration millis(RegistryEntry entry, Map<String, Object> limits, String key) {
        Object ms = limits.get(key);
        if (ms == null) {
            return null;
        }
        if (!(ms instanceof Integer i) || i <= 0) {
            throw entry.error(
                    "limits." + key, "expected a positive number of milliseconds, got " + RegistryEntry.describe(ms));
        }
        return Duration.ofMillis(i);
    }

    LuaGuard newGuard() {
        return new LuaGuard(maxMemoryBytes, memoryLimitName);
    }
}
