package ai.wippy.spi;

import ai.wippy.call.CallContext;
import java.util.List;
import java.util.Optional;

/**
 * One registry function by ID, resolved once per version of the registry ({@link
 * RunningRegistry#handle(String)}): a caller that calls the same ID again keeps the handle instead of
 * looking the ID up per call. A handle follows live updates: after an update it calls the entry
 * that replaced the old one, or fails with {@code NOT_FOUND} naming the ID if it was removed.
 */
public interface CallHandle {

    /** The function ID this handle calls. */
    String id();

    /** The function this handle calls now, if the current version of the registry has it. */
    Optional<RegisteredFunction> function();

    /**
     * Calls under {@code ctx} with host values and returns the canonical result (a WIT {@code result}
     * stays a {@link ai.wippy.value.ResultValue}); the same path as {@link RunningRegistry#invoke}.
     */
    Object invoke(CallContext ctx, List<Object> args);

    /**
     * This function called with core values ({@link ScalarCall}); calls made after an update changed
     * its signature go to {@code whenChanged}, or fail with {@code INVALID} when it is {@code null}.
     * Throws {@code INVALID} unless the signature is all scalars, {@code NOT_FOUND} when the function
     * is not there now.
     */
    default ScalarCall scalar(ScalarCall.Fallback whenChanged) {
        throw new ai.wippy.call.WippyException(
                ai.wippy.call.ErrorKind.INVALID, id(), id() + " has no scalar path here: call it with invoke()");
    }
}
