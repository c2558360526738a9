package ai.wippy.process;

import ai.wippy.call.Actor;
import java.time.Duration;
import java.util.List;

/**
 * A loaded {@code process.service} entry: the {@code process.wasm} it supervises, on which host,
 * with which arguments, under which identity ({@code lifecycle.security}), when it starts ({@code
 * auto_start}, after {@code requires}), and how it is restarted.
 */
public record ServiceEntry(
        String id,
        String process,
        String host,
        List<String> args,
        boolean autoStart,
        List<String> requires,
        Restart restart,
        Duration stableThreshold,
        Duration stopTimeout,
        Actor actor,
        List<String> groups) {

    /**
     * Restarts after a failure: {@code initialDelay * backoffFactor^(attempt-1)}, at most {@code
     * maxDelay}, spread by {@code ±jitter}; {@code maxAttempts} restarts at most (0: no limit).
     */
    public record Restart(
            Duration initialDelay, Duration maxDelay, double backoffFactor, double jitter, int maxAttempts) {

        public static final Restart DEFAULT = new Restart(Duration.ofSeconds(1), Duration.ofSeconds(90), 2.0, 0.1, 0);

        /** The delay before restart number {@code attempt} (1-based), given a random number in [0, 1). */
        public Duration delay(int attempt, double random) {
            double base = initialDelay.toNanos() * Math.pow(backoffFactor, Math.max(0, attempt - 1));
            base = Math.min(base, maxDelay.toNanos());
            double spread = base * jitter * (2 * random - 1);
            return Duration.ofNanos(Math.max(0, (long) (base + spread)));
        }
    }
}
