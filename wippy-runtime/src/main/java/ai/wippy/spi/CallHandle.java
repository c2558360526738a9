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
}
