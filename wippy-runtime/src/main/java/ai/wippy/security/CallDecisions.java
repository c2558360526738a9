package ai.wippy.security;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.Decision;
import ai.wippy.call.SecurityScope;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code funcs.call} check of one target in one version of the registry, with its decisions
 * cached per (scope, actor): action and resource are the target's, its meta is fixed for the
 * version, so a {@link PolicyScope} (immutable, its policies pure functions of actor, action,
 * resource and meta) decides the same every time. A registry change makes a new guard and so new
 * {@code CallDecisions}; a different scope or actor is a different key. Scopes of other types (a
 * user's own {@link SecurityScope}) may decide by anything and are asked every time.
 */
public final class CallDecisions {

    /** Past this many (scope, actor) pairs the cache starts over, so that many identities cannot grow it without end. */
    static final int MAX_ENTRIES = 4096;

    private final AccessGuard guard;
    private final String targetId;
    private final Map<String, Object> meta;
    private final ConcurrentHashMap<Key, Decision> decisions = new ConcurrentHashMap<>();
    /** The last decision taken, checked by identity before the map: a loop of calls under one context finds it at once. */
    private volatile Last last;
    /**
     * The last context found allowed whose decision holds for as long as this guard (no scope, or a
     * {@link PolicyScope}): contexts are immutable, so the same one is allowed again with one identity
     * compare. A plain field: a thread that does not see another's write decides the longer way.
     */
    private CallContext allowed;

    private record Key(PolicyScope scope, Actor actor) {}

    private record Last(SecurityScope scope, Actor actor, Decision decision) {}

    CallDecisions(AccessGuard guard, String targetId, Map<String, Object> meta) {
        this.guard = guard;
        this.targetId = targetId;
        this.meta = meta == null ? Map.of() : meta;
    }

    /** Throws {@code PERMISSION_DENIED} unless {@code ctx} may call the target, exactly as {@link AccessGuard#checkCall}. */
    public void check(CallContext ctx) {
        if (ctx != allowed) {
            decide(ctx); // apart: the compare above inlines into every call
        }
    }

    private void decide(CallContext ctx) {
        if (ctx.unscoped()) {
            if (guard.deniesUnscoped()) {
                guard.checkCall(ctx, targetId, meta); // throws, with the message naming why
            }
            allowed = ctx;
            return;
        }
        SecurityScope scope = ctx.scope();
        Actor actor = ctx.actor();
        if (!(scope instanceof PolicyScope policies)) {
            guard.checkCall(ctx, targetId, meta);
            return;
        }
        Last seen = last;
        Decision decision;
        if (seen != null && seen.scope == scope && seen.actor == actor) {
            decision = seen.decision;
        } else {
            Key key = new Key(policies, actor);
            decision = decisions.get(key);
            if (decision == null) {
                decision = policies.evaluate(actor, AccessGuard.CALL_ACTION, targetId, meta);
                if (decisions.size() >= MAX_ENTRIES) {
                    decisions.clear();
                }
                decisions.put(key, decision);
            }
            last = new Last(scope, actor, decision);
        }
        if (decision != Decision.ALLOW) {
            guard.checkCall(ctx, targetId, meta); // throws, with the message naming who and why
        }
        allowed = ctx;
    }

    /** How many (scope, actor) decisions are kept, for tests. */
    public int size() {
        return decisions.size();
    }
}
