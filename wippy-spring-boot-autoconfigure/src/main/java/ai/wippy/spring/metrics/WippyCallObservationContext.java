package ai.wippy.spring.metrics;

import io.micrometer.observation.Observation;

/**
 * The context of a {@code wippy.function.call} observation: the function ID, its entry kind, the
 * outcome (set when the call ends), the actor and, for a process run, its PID.
 */
public final class WippyCallObservationContext extends Observation.Context {

    private final String functionId;
    private final String kind;
    private final String actor;
    private final long pid;
    private volatile String outcome = "success";
    private volatile long startNanos;

    public WippyCallObservationContext(String functionId, String kind, String actor, long pid) {
        this.functionId = functionId;
        this.kind = kind;
        this.actor = actor;
        this.pid = pid;
    }

    public String functionId() {
        return functionId;
    }

    public String kind() {
        return kind;
    }

    /** The caller's actor ID, or {@code none}. */
    public String actor() {
        return actor;
    }

    /** The process ID of a process run, 0 for a function call. */
    public long pid() {
        return pid;
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
