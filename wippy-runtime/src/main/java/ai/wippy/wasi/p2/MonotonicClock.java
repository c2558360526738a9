package ai.wippy.wasi.p2;

/** The monotonic clock guests see: nanoseconds from an arbitrary origin, never negative. */
public final class MonotonicClock {

    private static final long ORIGIN = System.nanoTime() - 1_000_000_000L;

    private MonotonicClock() {}

    public static long now() {
        return System.nanoTime() - ORIGIN;
    }
}
