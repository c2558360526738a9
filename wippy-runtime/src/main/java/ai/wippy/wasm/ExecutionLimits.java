package ai.wippy.wasm;

import ai.wippy.registry.FieldSet;
import ai.wippy.registry.RegistryEntry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * An entry's {@code limits}: {@code max_execution_ms} (a call running longer is stopped with kind
 * TIMEOUT and its instance discarded) and {@code max_memory_pages} (64 KiB pages a guest's memory
 * may grow to; without it the runtime's default applies, see {@link MemoryCeiling}); for a process,
 * the I/O budgets of each of its instances ({@link IoLimits}: {@code max_open_sockets}, {@code
 * socket_timeout_ms}, {@code host_buffer_bytes}).
 */
public record ExecutionLimits(Duration maxExecution, Integer maxMemoryPages, IoLimits io) {

    /** The fields of {@code limits}. */
    public static final FieldSet SPEC = FieldSet.closed(
            FieldSet.Field.integer("max_execution_ms", "a call running longer ends with TIMEOUT"),
            FieldSet.Field.integer("max_memory_pages", "64 KiB pages a guest memory may grow to (1..65536)"),
            FieldSet.Field.integer(
                    "memory_bytes",
                    "bytes a guest memory may grow to, a positive multiple of 64 KiB (Wippy's spelling)"),
            FieldSet.Field.integer(
                    IoLimits.MAX_OPEN_SOCKETS,
                    "process.wasm: sockets and outgoing HTTP connections one instance may hold open (16)"),
            FieldSet.Field.integer(
                    IoLimits.SOCKET_TIMEOUT_MS,
                    "process.wasm: milliseconds each socket or HTTP connection operation may wait (30000)"),
            FieldSet.Field.integer(
                    IoLimits.HOST_BUFFER_BYTES,
                    "process.wasm: bytes the host buffers for one instance's sockets and HTTP bodies (16 MiB)"));

    private static final Set<String> FIELDS = SPEC.names();

    public static ExecutionLimits read(RegistryEntry entry) {
        Map<String, Object> limits = entry.map("limits");
        for (String key : limits.keySet()) {
            if (!FIELDS.contains(key)) {
                throw entry.error("limits." + key, "unknown limit; known: " + new java.util.TreeSet<>(FIELDS));
            }
        }
        Duration maxExecution = null;
        Object ms = limits.get("max_execution_ms");
        if (ms != null) {
            if (!(ms instanceof Integer i) || i < 0) {
                throw entry.error(
                        "limits.max_execution_ms",
                        "expected a number of milliseconds (0: no limit), got " + RegistryEntry.describe(ms));
            }
            maxExecution = i == 0 ? null : Duration.ofMillis(i);
        }
        Integer pages = null;
        Object p = limits.get("max_memory_pages");
        if (p != null) {
            if (!(p instanceof Integer i) || i <= 0 || i > 65536) {
                throw entry.error(
                        "limits.max_memory_pages",
                        "expected 1..65536 pages of 64 KiB, got " + RegistryEntry.describe(p));
            }
            pages = i;
        }
        Object b = limits.get("memory_bytes");
        if (b != null) {
            if (pages != null) {
                throw entry.error(
                        "limits.memory_bytes",
                        "the entry sets both 'max_memory_pages' and 'memory_bytes', two spellings of one limit; keep one");
            }
            long bytes = b instanceof Number n && !(b instanceof Double) && !(b instanceof Float) ? n.longValue() : -1;
            if (bytes <= 0 || bytes % 65_536 != 0 || bytes / 65_536 > 65_536) {
                throw entry.error(
                        "limits.memory_bytes",
                        "expected a positive multiple of 64 KiB (65536 bytes) up to 4 GiB, got "
                                + RegistryEntry.describe(b));
            }
            pages = (int) (bytes / 65_536);
        }
        return new ExecutionLimits(maxExecution, pages, IoLimits.read(entry, limits));
    }
}
