package ai.wippy.spi;

import ai.wippy.call.CallContext;
import ai.wippy.wit.FunctionSignature;

/**
 * A function of scalars called with core values ({@link ScalarInvoker} says how each scalar is one),
 * through the same front door as every call: security, limits, pool, observation, live updates.
 * Made by {@link CallHandle#scalar}.
 */
public interface ScalarCall {

    /** The signature this was made for. */
    FunctionSignature signature();

    /** Calls under {@code ctx}; {@code args} is not kept. */
    long invoke(CallContext ctx, long[] args);

    /** {@link #invoke(CallContext, long[])} of one argument, without an array of the caller's. */
    default long invoke(CallContext ctx, long a) {
        return invoke(ctx, new long[] {a});
    }

    /** {@link #invoke(CallContext, long[])} of two arguments, without an array of the caller's. */
    default long invoke(CallContext ctx, long a, long b) {
        return invoke(ctx, new long[] {a, b});
    }

    /**
     * {@link #invoke(CallContext, long, long)} made on the thread whose frame ({@link
     * CallContext#frame()}) is {@code frame}, which the caller looked up once for many calls.
     */
    default long invoke(CallContext.Frame frame, CallContext ctx, long a, long b) {
        return invoke(ctx, a, b);
    }

    /**
     * What serves a call after an update changed the function's signature, with the call's core
     * values as they were meant for the old one (a typed proxy converts them for the new one).
     */
    @FunctionalInterface
    interface Fallback {
        long call(long[] args);
    }
}
