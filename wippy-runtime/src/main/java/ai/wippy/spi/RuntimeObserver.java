package ai.wippy.spi;

import ai.wippy.call.CallContext;

/**
 * Sees every call and compilation, for metrics and tracing. Implementations must be fast and never
 * throw. A metrics-only observer implements {@link #onCall}; a tracing observer implements {@link
 * #startCall}, and then {@link #onCall} is not called for the calls it started.
 */
public interface RuntimeObserver {

    RuntimeObserver NONE = new RuntimeObserver() {};

    /**
     * A call ended (metrics-only observers: {@link #startCall} returned {@code null}).
     *
     * @param outcome {@code success}, or the lower-case error kind ({@code trapped}, {@code timeout}, ...)
     */
    default void onCall(String functionId, String outcome, long nanos) {}

    default void onCompile(String sha256, long nanos) {}

    /**
     * A call begins, on the calling thread, before its security check. Returns the observation that
     * the runtime ends on the same thread when the call returns or fails, or {@code null} to be told
     * only {@link #onCall} (the default).
     */
    default CallObservation startCall(CallStart call) {
        return null;
    }

    /**
     * The observation running on this thread outside any call (an HTTP request's span, say), captured
     * when an asynchronous call leaves for the dispatcher so that it nests under it; {@code null} when
     * none (the default).
     */
    default Object currentTrace() {
        return null;
    }

    /**
     * What a beginning call is.
     *
     * @param functionId the entry ID called
     * @param kind the entry kind ({@code function.wat}, {@code function.lua}, ...; {@code process}
     *     for a process run; {@code unknown} for an ID the registry does not have)
     * @param parent the caller's context: its actor, and its {@link CallContext#trace()} (the parent
     *     observation, {@code null} for a call from outside any call)
     * @param pid the process ID for a process run, 0 otherwise
     */
    record CallStart(String functionId, String kind, CallContext parent, long pid) {}

    /**
     * A started call, ended exactly once. A function call's observation starts and stops on the calling
     * thread; a process run's ({@code pid} not 0) starts on the spawning thread, is {@link #enter
     * entered} on the process's thread while it runs, and stops when the process exits.
     */
    interface CallObservation {

        /** The handle the call's nested calls get as their parent ({@link CallContext#trace()}). */
        Object trace();

        /**
         * Ends the observation.
         *
         * @param outcome as in {@link RuntimeObserver#onCall}
         * @param error the failure, {@code null} on success
         */
        void stop(String outcome, Throwable error);

        /**
         * Makes this observation the current one of this thread until the returned action runs (on the
         * same thread); for process runs, whose own calls nest under it.
         */
        default Runnable enter() {
            return () -> {};
        }
    }
}
