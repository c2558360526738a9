package ai.wippy.wasm;

import ai.wippy.registry.RegistryEntry;
import java.time.Duration;
import java.util.Map;

/**
 * The I/O budgets of each instance of a {@code process.wasm} ({@code limits} or {@code
 * options.limits}): {@code max_open_sockets} (TCP and UDP sockets, accepted connections and
 * outgoing HTTP connections held open at once; 16), {@code socket_timeout_ms} (how long one
 * connect, read or write of a socket or HTTP exchange may wait; 30000) and {@code
 * host_buffer_bytes} (bytes the host holds for the instance's streams: socket data read ahead and
 * writes not yet sent, HTTP request bodies not yet sent; 16 MiB). Functions take none of them.
 */
public record IoLimits(int maxOpenSockets, Duration socketTimeout, long hostBufferBytes) {

    public static final String MAX_OPEN_SOCKETS = "max_open_sockets";
    public static final String SOCKET_TIMEOUT_MS = "socket_timeout_ms";
    public static final String HOST_BUFFER_BYTES = "host_buffer_bytes";

    /** The defaults: 16 sockets, 30 s, 16 MiB. */
    public static final IoLimits DEFAULTS = new IoLimits(16, Duration.ofMillis(30_000), 16L << 20);

    /** No budget: what an instance outside a process gets (functions are bounded by their pool). */
    public static final IoLimits NONE = new IoLimits(Integer.MAX_VALUE, null, Long.MAX_VALUE);

    /** True when {@code limits} sets any of the three. */
    public static boolean setIn(Map<String, Object> limits) {
        return limits.containsKey(MAX_OPEN_SOCKETS)
                || limits.containsKey(SOCKET_TIMEOUT_MS)
                || limits.containsKey(HOST_BUFFER_BYTES);
    }

    /** Reads the three from the entry's {@code limits} (checked), with the defaults for what it leaves out. */
    static IoLimits read(RegistryEntry entry, Map<String, Object> limits) {
        if (setIn(limits) && !entry.kind().startsWith("process.")) {
            String field = limits.containsKey(MAX_OPEN_SOCKETS)
                    ? MAX_OPEN_SOCKETS
                    : limits.containsKey(SOCKET_TIMEOUT_MS) ? SOCKET_TIMEOUT_MS : HOST_BUFFER_BYTES;
            throw entry.error(
                    "limits." + field,
                    "an I/O budget of a process (process.wasm); a " + entry.kind()
                            + " instance is bounded by its pool, not by this limit");
        }
        int sockets = (int) positive(
                entry,
                limits,
                MAX_OPEN_SOCKETS,
                DEFAULTS.maxOpenSockets,
                Integer.MAX_VALUE,
                "a number of sockets, 1 or more");
        long timeout = positive(
                entry,
                limits,
                SOCKET_TIMEOUT_MS,
                DEFAULTS.socketTimeout.toMillis(),
                Integer.MAX_VALUE,
                "a number of milliseconds, 1 or more");
        long buffer = positive(
                entry,
                limits,
                HOST_BUFFER_BYTES,
                DEFAULTS.hostBufferBytes,
                Long.MAX_VALUE,
                "a number of bytes, 1024 or more");
        if (limits.containsKey(HOST_BUFFER_BYTES) && buffer < 1024) {
            throw entry.error(
                    "limits." + HOST_BUFFER_BYTES,
                    "expected a number of bytes, 1024 or more, got "
                            + RegistryEntry.describe(limits.get(HOST_BUFFER_BYTES)));
        }
        return new IoLimits(sockets, Duration.ofMillis(timeout), buffer);
    }

    private static long positive(
            RegistryEntry entry, Map<String, Object> limits, String name, long dflt, long max, String expected) {
        Object v = limits.get(name);
        if (v == null) {
            return dflt;
        }
        long n = v instanceof Number num && !(v instanceof Double) && !(v instanceof Float) ? num.longValue() : -1;
        if (n <= 0 || n > max) {
            throw entry.error("limits." + name, "expected " + expected + ", got " + RegistryEntry.describe(v));
        }
        return n;
    }
}
