package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every failed call once, where it fails, on the logger {@code wippy.calls.<namespace>.<name>}
 * of the function that failed ({@code wippy.calls.myapp.compute} for {@code myapp:compute}, so that
 * levels can be set per application, namespace or function): the function ID, the kind, the actor
 * and the message. A failure that propagates up through the calls that made it
 * (the same exception, or one caused by it) is not logged again at every level.
 *
 * <p>Levels: WARN for failures an operator acts on ({@code INTERNAL} with its stack trace,
 * {@code TRAPPED}, {@code TIMEOUT}, {@code NOT_FOUND}, {@code CAPABILITY_DENIED}); DEBUG for
 * outcomes that are part of normal operation or the caller's doing ({@code INVALID},
 * {@code GUEST_ERROR}, {@code PERMISSION_DENIED}, {@code CANCELED}, {@code SATURATED}, the last
 * counted by {@code wippy.pool.rejected}).
 */
final class CallFailureLog {

    static final String LOGGER = "wippy.calls";

    /** Failures already logged; weak, so that exceptions nobody holds any more are forgotten. */
    private static final Set<Throwable> LOGGED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private CallFailureLog() {}

    /** Whether a failure of this kind is logged at WARN (otherwise DEBUG). */
    static boolean warns(ErrorKind kind) {
        return switch (kind) {
            case INTERNAL, TRAPPED, TIMEOUT, NOT_FOUND, CAPABILITY_DENIED -> true;
            case INVALID, GUEST_ERROR, PERMISSION_DENIED, CANCELED, SATURATED -> false;
        };
    }

    /** Logs the failure of a call of {@code functionId} made under {@code ctx}, unless it was logged already. */
    static void failed(String functionId, CallContext ctx, WippyException e) {
        boolean warn = warns(e.kind());
        String function = e.functionId() != null ? e.functionId() : functionId;
        Logger log = logger(function);
        if (warn ? !log.isWarnEnabled() : !log.isDebugEnabled()) {
            return;
        }
        if (!firstReport(e)) {
            return;
        }
        String actor = ctx == null || ctx.actor() == null ? "none" : ctx.actor().id();
        String message = firstLine(e.detail());
        if (!warn) {
            log.debug("call failed: function={} kind={} actor={}: {}", function, e.kind(), actor, message);
        } else if (e.kind() == ErrorKind.INTERNAL) {
            // the stack trace (a Java exception, a Lua traceback) goes to the log, never to a client
            log.warn("call failed: function={} kind={} actor={}: {}", function, e.kind(), actor, message, e);
        } else {
            log.warn("call failed: function={} kind={} actor={}: {}", function, e.kind(), actor, message);
        }
    }

    /** The logger of a function: {@code wippy.calls.myapp.compute} for {@code myapp:compute}. */
    static Logger logger(String functionId) {
        return LoggerFactory.getLogger(functionId == null ? LOGGER : LOGGER + "." + functionId.replace(':', '.'));
    }

    /** True the first time this failure (or a failure it was caused by) is seen. */
    private static boolean firstReport(Throwable t) {
        int depth = 0;
        for (Throwable c = t; c != null && depth < 32; c = c.getCause(), depth++) {
            if (LOGGED.contains(c)) {
                return false;
            }
        }
        LOGGED.add(t);
        return true;
    }

    /** The first line of a message: a Lua traceback or a multi-line diagnostic stays in the stack trace. */
    static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
