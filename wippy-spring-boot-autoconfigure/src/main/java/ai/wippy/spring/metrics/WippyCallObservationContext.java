package ai.wippy.spring.metrics;

import io.micrometer.observation.Observation;

/**
 * The context of a {@code wippy.function.call} observation: the function ID, its entry kind, the
 * outcome (set when the call ends), the actor and, for a process run, its PID.
 */
public final class WippyCallObservationContext extends Observation.Context {

    /**
     * What is called and by whom: the function ID, its entry kind, the caller's actor ID (or {@code
     * none}) and, for a process run, its PID (0 for a function call).
     */
    public record Call(String functionId, String kind, String actor, long pid) {}

    private final Call call;
    private volatile String outcome = "success";
    private volatile long startNanos;

    public WippyCallObservationContext(Call call) {
        this.call = call;
    }

    public Call call() {
        return call;
    }

    /** {@code success}, or the lower-case error kind. */
    public String outcome() {
        return outcome;
    }

    void outcome(String value) {
        this.outcome = value;
    }

    long startNanos() {
        return startNanos;
    }

    void startNanos(long value) {
        this.startNanos = value;
    }
}
