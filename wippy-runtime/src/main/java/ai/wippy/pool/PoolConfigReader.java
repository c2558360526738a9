package ai.wippy.pool;

import ai.wippy.registry.Durations;
import ai.wippy.registry.FieldSet;
import ai.wippy.registry.RegistryEntry;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads an entry's {@code pool} section, refusing unknown fields and impossible sizes by name. With
 * {@code worker_class} set, the {@code type} is checked but ignored (as in Wippy): the function gets
 * one instance per worker thread of the class, {@code workers} of them (default {@code min(CPUs, 4)}).
 */
public final class PoolConfigReader {

    /** The fields of {@code pool}. */
    public static final FieldSet SPEC = FieldSet.closed(
            FieldSet.Field.string("type", "inline, lazy (the default), static or adaptive")
                    .oneOf("inline", "lazy", "static", "adaptive"),
            FieldSet.Field.integer("size", "instances a static pool keeps (default: the processors)"),
            FieldSet.Field.integer("min_size", "instances an adaptive pool keeps at least"),
            FieldSet.Field.integer("max_size", "most instances the pool creates"),
            FieldSet.Field.integer("workers", "calls that may run at once"),
            FieldSet.Field.integer("buffer", "calls that may wait for an instance (default: workers * 64)"),
            FieldSet.Field.string("worker_class", "run calls on the threads of this worker class"),
            FieldSet.Field.bool("warm_start", "make the instances in advance (in the background)"),
            FieldSet.Field.of("wait_timeout", FieldSet.Type.DURATION, "how long a call waits for an instance (30s)"),
            FieldSet.Field.of("idle_timeout", FieldSet.Type.DURATION, "when an idle instance is dropped (60s)"),
            FieldSet.Field.string("on_saturated", "wait (the default) or reject when every instance is busy")
                    .oneOf("wait", "reject"));

    private static final Set<String> FIELDS = SPEC.names();

    private PoolConfigReader() {}

    public static PoolConfig read(RegistryEntry entry) {
        Map<String, Object> pool = entry.map("pool");
        if (pool.isEmpty()) {
            return PoolConfig.defaults();
        }
        for (String key : pool.keySet()) {
            if (!FIELDS.contains(key)) {
                throw entry.error("pool." + key, "unknown pool field; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        PoolType type;
        Object typeValue = pool.get("type");
        if (typeValue == null) {
            type = PoolType.LAZY;
        } else {
            try {
                type = PoolType.valueOf(String.valueOf(typeValue).toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw entry.error(
                        "pool.type", "'" + typeValue + "' is not a pool type (inline, lazy, static, adaptive)");
            }
        }
        Object workerClass = pool.get("worker_class");
        if (workerClass != null && (!(workerClass instanceof String wc) || wc.isBlank())) {
            throw entry.error(
                    "pool.worker_class", "expected a worker class name, got " + RegistryEntry.describe(workerClass));
        }
        boolean warmStart = bool(entry, pool, "warm_start");
        if (workerClass != null) {
            int workers = positive(
                    entry, pool, "workers", Math.min(Runtime.getRuntime().availableProcessors(), 4));
            int buffer = nonNegative(entry, pool, "buffer", workers * 64);
            if (rejects(entry, pool)) {
                buffer = 0;
            }
            return new PoolConfig(
                    PoolType.LAZY,
                    0,
                    0,
                    workers,
                    workers,
                    buffer,
                    duration(entry, pool, "wait_timeout", Duration.ofSeconds(30)),
                    duration(entry, pool, "idle_timeout", Duration.ofSeconds(60)),
                    (String) workerClass,
                    warmStart);
        }
        int defaultMax = typeValue == null ? PoolConfig.DEFAULT_MAX : PoolConfig.DEFAULT_ELASTIC_MAX;
        int maxSize = positive(entry, pool, "max_size", defaultMax);
        int size = positive(
                entry,
                pool,
                "size",
                type == PoolType.STATIC ? Runtime.getRuntime().availableProcessors() : 0);
        int minSize = nonNegative(entry, pool, "min_size", type == PoolType.ADAPTIVE ? 1 : 0);
        if (minSize > maxSize) {
            throw entry.error("pool.min_size", "min_size " + minSize + " is larger than max_size " + maxSize);
        }
        int defaultWorkers = switch (type) {
            case STATIC -> size;
            case INLINE -> Runtime.getRuntime().availableProcessors();
            default -> maxSize;
        };
        int workers = positive(entry, pool, "workers", defaultWorkers);
        int buffer = nonNegative(entry, pool, "buffer", workers * 64);
        Duration waitTimeout = duration(entry, pool, "wait_timeout", Duration.ofSeconds(30));
        Duration idleTimeout = duration(entry, pool, "idle_timeout", Duration.ofSeconds(60));
        if (rejects(entry, pool)) {
            buffer = 0;
        }
        return new PoolConfig(type, size, minSize, maxSize, workers, buffer, waitTimeout, idleTimeout, null, warmStart);
    }

    /** {@code on_saturated}: {@code reject} (true) or {@code wait} (false, the default). */
    private static boolean rejects(RegistryEntry entry, Map<String, Object> pool) {
        Object onSaturated = pool.get("on_saturated");
        if (onSaturated == null) {
            return false;
        }
        String mode = String.valueOf(onSaturated);
        if (!mode.equals("reject") && !mode.equals("wait")) {
            throw entry.error("pool.on_saturated", "'" + mode + "' is not one of wait, reject");
        }
        return mode.equals("reject");
    }

    private static boolean bool(RegistryEntry entry, Map<String, Object> pool, String field) {
        Object v = pool.get(field);
        if (v == null) {
            return false;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw entry.error("pool." + field, "expected true or false, got " + RegistryEntry.describe(v));
    }

    private static int positive(RegistryEntry entry, Map<String, Object> pool, String field, int dflt) {
        int v = nonNegative(entry, pool, field, dflt);
        if (pool.containsKey(field) && v == 0) {
            throw entry.error("pool." + field, "must be at least 1");
        }
        return v;
    }

    private static int nonNegative(RegistryEntry entry, Map<String, Object> pool, String field, int dflt) {
        Object v = pool.get(field);
        if (v == null) {
            return dflt;
        }
        if (v instanceof Integer i && i >= 0) {
            return i;
        }
        throw entry.error("pool." + field, "expected a non-negative integer, got " + RegistryEntry.describe(v));
    }

    private static Duration duration(RegistryEntry entry, Map<String, Object> pool, String field, Duration dflt) {
        Object v = pool.get(field);
        if (v == null) {
            return dflt;
        }
        try {
            return Durations.parse(v);
        } catch (IllegalArgumentException e) {
            throw entry.error("pool." + field, e.getMessage());
        }
    }
}
