package ai.wippy.wasi.p2;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import java.time.Instant;
import java.util.Map;

/** {@code wasi:clocks}: the monotonic clock with its timers, and the wall clock. */
public final class ClockHosts {

    private ClockHosts() {}

    /** {@code wasi:clocks/monotonic-clock}: nanoseconds; timers are pollables that park the guest. */
    public static final class Monotonic extends WasiHost {
        public Monotonic() {
            super("wasi:clocks/monotonic-clock");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "now" -> args -> MonotonicClock.now();
                case "resolution" -> args -> 1L;
                case "subscribe-instant" ->
                    args -> Resources.own(b, "pollable", new TimerPollable(clamp(((Number) args.get(0)).longValue())));
                case "subscribe-duration" ->
                    args -> {
                        long duration = clamp(((Number) args.get(0)).longValue());
                        long now = MonotonicClock.now();
                        long deadline = Long.MAX_VALUE - now < duration ? Long.MAX_VALUE : now + duration;
                        return Resources.own(b, "pollable", new TimerPollable(deadline));
                    };
                default -> null;
            };
        }

        /** A u64 above the signed range arrives negative: it means "never", the farthest instant. */
        private static long clamp(long u64) {
            return u64 < 0 ? Long.MAX_VALUE : u64;
        }
    }

    /** {@code wasi:clocks/wall-clock}: seconds and nanoseconds since the Unix epoch. */
    public static final class Wall extends WasiHost {
        public Wall() {
            super("wasi:clocks/wall-clock");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            return switch (function) {
                case "now" ->
                    args -> {
                        Instant now = Instant.now();
                        return Map.of("seconds", now.getEpochSecond(), "nanoseconds", (long) now.getNano());
                    };
                case "resolution" -> args -> Map.of("seconds", 0L, "nanoseconds", 1000L);
                default -> null;
            };
        }
    }
}
