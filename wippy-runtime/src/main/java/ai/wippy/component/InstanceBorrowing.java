package ai.wippy.component;

import ai.wippy.call.CallContext;

/**
 * A function backed by pooled component instances that can lend one of them to a caller who
 * drives the export itself: a {@code wasi-http} endpoint puts its request and response-outparam
 * into the borrowed instance's handle table before calling {@code wasi:http/incoming-handler#handle}.
 * The instance goes back to the pool when the work returns, and is discarded when it throws (a trap,
 * a timeout, a cancellation), exactly as for an ordinary call.
 */
public interface InstanceBorrowing {

    /** Runs {@code work} with a borrowed instance and the export the entry's {@code method} names. */
    <R> R withInstance(CallContext ctx, InstanceWork<R> work) throws Exception;

    /** Work done with one borrowed component instance. */
    @FunctionalInterface
    interface InstanceWork<R> {
        R run(ComponentInstance instance, ComponentFunction export) throws Exception;
    }
}
