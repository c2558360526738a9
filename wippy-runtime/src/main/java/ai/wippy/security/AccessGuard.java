package ai.wippy.security;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.Map;

/**
 * Checks every {@code funcs.call}: action {@code funcs.call}, resource the target ID, {@code meta.*}
 * the target entry's meta. With an actor and a scope, only an explicit allow passes. Without them the
 * call passes, unless strict mode is on.
 */
public final class AccessGuard {

    public static final String CALL_ACTION = "funcs.call";

    private final boolean strict;

    public AccessGuard(boolean strict) {
        this.strict = strict;
    }

    public boolean strict() {
        return strict;
    }

    public Decision decide(CallContext ctx, String action, String resource, Map<String, Object> meta) {
        if (ctx.actor() == null || ctx.scope() == null) {
            return strict ? Decision.DENY : Decision.ALLOW;
        }
        return ctx.scope().evaluate(ctx.actor(), action, resource, meta == null ? Map.of() : meta);
    }

    public void check(CallContext ctx, String action, String resource, Map<String, Object> meta) {
        Decision decision = decide(ctx, action, resource, meta);
        if (decision != Decision.ALLOW) {
            String who = ctx.actor() == null
                    ? "anonymous caller"
                    : "actor '" + ctx.actor().id() + "'";
            String why = (ctx.actor() == null || ctx.scope() == null)
                    ? "strict mode requires an actor and a scope"
                    : decision == Decision.DENY ? "denied by policy" : "no policy allows it";
            throw new WippyException(
                    ErrorKind.PERMISSION_DENIED, resource, who + " may not " + action + " " + resource + ": " + why);
        }
    }

    public void checkCall(CallContext ctx, String targetId, Map<String, Object> targetMeta) {
        check(ctx, CALL_ACTION, targetId, targetMeta);
    }
}
