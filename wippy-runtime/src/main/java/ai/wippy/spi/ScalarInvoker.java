package ai.wippy.spi;

import ai.wippy.call.CallContext;

/**
 * The primitive entry of a function whose WIT parameters and result are all scalars ({@link
 * RegisteredFunction#scalar()}): arguments and result as core values (an {@code s32} as its
 * {@code int} value, a {@code u32} zero-extended, a {@code bool} 0 or 1, an {@code f32} or {@code f64}
 * as its raw bits, a {@code char} as its code point), with no boxing and no argument list. The
 * result of a function without one is 0. The runtime has checked the caller and the arguments.
 */
@FunctionalInterface
public interface ScalarInvoker {

    /** Runs the function on the calling thread with the current {@link CallContext} set. */
    long invoke(CallContext ctx, long[] args) throws Exception;
}
