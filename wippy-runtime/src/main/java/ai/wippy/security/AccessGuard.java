package ai.wippy.security;

import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.WippyException;
import java.util.Map;

/**
 * Checks every {@code funcs.call}: action {@code funcs.call}, resource the target ID, {@code meta.*}
 * the target entry's meta. With an actor and a scope, only an explicit allow passes. Without them
 * ("unscoped") the call passes, unless strict mode is on or policies are in force.
 *
 * <p>A record: two guards with the same flags are equal, whatever registry version made them, so a
 * cache of decisions that must end with a version keys on that version, never on the guard.
 *
 * @param strict deny every unscoped call
 * @param policiesInForce deny unscoped calls because policies are loaded where callers have
 *     identities: a call that lost its identity must not pass them silently
 */
public record AccessGuard(boolean strict, boolean policiesInForce) {

    public static final String CALL_ACTION = "funcs.call";

    public AccessGuard(boolean strict) {
        this(strict, false);
    }

    /** Whether a call with no actor or no scope is denied. */
    public boolean deniesUnscoped() {
        return strict || policiesInForce;
    }

    private static boolean unscoped(CallContext ctx) {
        return ctx.actor() == null || ctx.scope() == null;
    }

    public Decision decide(CallContext ctx, String action, String resource, Map<String, Object> meta) {
        if (unscoped(ctx)) {
            return deniesUnscoped() ? Decision.DENY : Decision.ALLOW;
        }
        return ctx.scope().evaluate(ctx.actor(), action, resource, meta == null ? Map.of() : meta);
    }

    public void check(CallContext ctx, String action, String resource, Map<String, Object> meta) {
        Decision decision = decide(ctx, action, resource, meta);
        if (decision != Decision.ALLOW) {
            String who = ctx.actor() == null
                    ? "anonymous caller"
                    : "actor '" + ctx.actor().id() + "'";
            String why;
            if (!unscoped(ctx)) {
                why = decision == Decision.DENY ? "denied by policy" : "no policy allows it";
            } else if (strict) {
                why = "strict mode requires an actor and a scope";
            } else {
                why = "security policies are in force and the call has no "
                        + (ctx.actor() == null ? "actor" : "scope")
                        + " (a call made outside any request needs a system actor)";
            }
            throw new WippyException(
                    ErrorKind.PERMISSION_DENIED, resource, who + " may not " + action + " " + resource + ": " + why);
        }
    }

    /**
     * Checks overriding the identity ({@code funcs.security}) or adding context ({@code funcs.context})
     * against the caller's own context. From an unscoped context only strict mode refuses it: there is
     * no identity to escape from, and the call made with the new identity is checked itself.
     */
    public void checkOverride(CallContext ctx, String action, String resource, Map<String, Object> meta) {
        if (unscoped(ctx) && !strict) {
            return;
        }
        check(ctx, action, resource, meta);
    }

    public void checkCall(CallContext ctx, String targetId, Map<String, Object> targetMeta) {
        check(ctx, CALL_ACTION, targetId, targetMeta);
    }

    /**
     * The {@code funcs.call} check of one target whose meta stays {@code targetMeta}, with its
     * decisions cached per (scope, actor) for as long as this guard serves (one registry version).
     */
    public CallDecisions callDecisions(String targetId, Map<String, Object> targetMeta) {
        return new CallDecisions(this, targetId, targetMeta);
    }
}
