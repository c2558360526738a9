package ai.wippy.spi;

/**
 * How much of the JVM heap guests may claim, so that a hostile or broken guest meets a limit of its
 * own (a failed {@code memory.grow}, a trap, a refused boot) and never the JVM's {@link
 * OutOfMemoryError}.
 *
 * @param maxMemoryBytes the default ceiling of each guest memory of an instance (an entry's {@code
 *     limits.max_memory_pages} replaces it); {@code memory.grow} past it answers -1
 * @param maxLiftBytes the most that lifting the values of one call out of guest memory may allocate
 *     (strings and lists: the bytes copied, plus a per-element cost for lists of other than bytes)
 * @param poolMemoryBytes the most guest memory the instances one pool creates at boot may declare
 *     together (a static pool's {@code size}, an adaptive pool's {@code min_size})
 * @param totalMemoryBytes the most guest memory all the instances of the runtime may hold at once,
 *     accounted as memories are created and grow: past it, a new instance fails with {@code SATURATED}
 *     and {@code memory.grow} answers -1
 */
public record MemorySettings(long maxMemoryBytes, long maxLiftBytes, long poolMemoryBytes, long totalMemoryBytes) {

    /** 256 MiB of guest memory per memory of an instance. */
    public static final long DEFAULT_MAX_MEMORY_BYTES = 256L << 20;

    /** 64 MiB of lifted values per call. */
    public static final long DEFAULT_MAX_LIFT_BYTES = 64L << 20;

    public MemorySettings {
        if (maxMemoryBytes < 65_536) {
            throw new IllegalArgumentException(
                    "the guest memory ceiling must be at least one 64 KiB page, got " + maxMemoryBytes + " bytes");
        }
        if (maxLiftBytes <= 0) {
            throw new IllegalArgumentException("the lifting limit must be positive, got " + maxLiftBytes + " bytes");
        }
        if (poolMemoryBytes <= 0) {
            throw new IllegalArgumentException(
                    "the boot memory budget of a pool must be positive, got " + poolMemoryBytes + " bytes");
        }
        if (totalMemoryBytes < 65_536) {
            throw new IllegalArgumentException("the total guest memory budget must be at least one 64 KiB page, got "
                    + totalMemoryBytes + " bytes");
        }
    }

    /** Settings with the default total budget ({@link #defaultTotalMemoryBytes()}). */
    public MemorySettings(long maxMemoryBytes, long maxLiftBytes, long poolMemoryBytes) {
        this(maxMemoryBytes, maxLiftBytes, poolMemoryBytes, defaultTotalMemoryBytes());
    }

    /**
     * The defaults: 256 MiB per guest memory, 64 MiB lifted per call, half the JVM heap per pool at
     * boot, three fifths of it for all instances together.
     */
    public static MemorySettings defaults() {
        return new MemorySettings(DEFAULT_MAX_MEMORY_BYTES, DEFAULT_MAX_LIFT_BYTES, defaultPoolMemoryBytes());
    }

    /**
     * Three fifths of the JVM's maximum heap: what guests hold together, leaving the rest to the
     * application, the lifted values and the collector's head-room.
     */
    public static long defaultTotalMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 5 * 3;
    }

    /** Half of the JVM's maximum heap. */
    public static long defaultPoolMemoryBytes() {
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** A byte count for messages: {@code 256 MiB}, {@code 1.5 GiB}, {@code 100 bytes}. */
    public static String describe(long bytes) {
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " "
                + units[u];
    }
}
