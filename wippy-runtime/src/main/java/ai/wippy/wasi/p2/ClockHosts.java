package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostInterface;
import ai.wippy.component.host.ReflectiveHostInterface;
import ai.wippy.component.host.WitInterface;
import java.time.Instant;
import java.util.Map;

/** {@code wasi:clocks}: the monotonic clock with its timers, and the wall clock. */
public final class ClockHosts {

    private ClockHosts() {}

    /** Both clock interfaces. */
    public static java.util.List<HostInterface> all() {
        return java.util.List.of(ReflectiveHostInterface.of(new Monotonic()), ReflectiveHostInterface.of(new Wall()));
    }

    /** {@code wasi:clocks/monotonic-clock}: nanoseconds; timers are pollables that park the guest. */
    @WitInterface(value = "wasi:clocks/monotonic-clock", uses = Pollable.class)
    public static final class Monotonic {

        public long now() {
            return MonotonicClock.now();
        }

        public long resolution() {
            return 1L;
        }

        public Pollable subscribeInstant(long when) {
            return new TimerPollable(clamp(when));
        }

        public Pollable subscribeDuration(long duration) {
            long d = clamp(duration);
            long now = MonotonicClock.now();
            return new TimerPollable(Long.MAX_VALUE - now < d ? Long.MAX_VALUE : now + d);
        }

        /** A u64 above the signed range arrives negative: it means "never", the farthest instant. */
        private static long clamp(long u64) {
            return u64 < 0 ? Long.MAX_VALUE : u64;
        }
    }

    /** {@code wasi:clocks/wall-clock}: seconds and nanoseconds since the Unix epoch. */
    @WitInterface("wasi:clocks/wall-clock")
    public static final class Wall {

        public Map<String, Long> now() {
            Instant now = Instant.now();
            return Map.of("seconds", now.getEpochSecond(), "nanoseconds", (long) now.getNano());
        }

        public Map<String, Long> resolution() {
            return Map.of("seconds", 0L, "nanoseconds", 1000L);
        }
    }
}
