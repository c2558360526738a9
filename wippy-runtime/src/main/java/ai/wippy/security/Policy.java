package ai.wippy.security;

import ai.wippy.call.Actor;
import ai.wippy.call.Decision;
import java.util.List;
import java.util.Map;

/**
 * A declarative access policy ({@code security.policy} entry): which actions on which resources it
 * allows or denies, under which conditions, and the groups it belongs to.
 *
 * @param actions action patterns ({@code *} matches any run of characters: {@code funcs.*})
 * @param resources resource patterns ({@code app:*})
 */
public record Policy(
        String id,
        List<String> actions,
        List<String> resources,
        Effect effect,
        List<Condition> conditions,
        List<String> groups) {

    /** The registry kind of policy entries ({@code security.policy}). */
    public static final String KIND = "security.policy";

    public enum Effect {
        ALLOW,
        DENY
    }

    public Policy {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
        groups = List.copyOf(groups);
    }

    /** This policy's say on one request: its effect when everything matches, otherwise nothing. */
    public Decision evaluate(Actor actor, String action, String resource, Map<String, Object> meta) {
        if (!Patterns.anyMatches(actions, action) || !Patterns.anyMatches(resources, resource)) {
            return Decision.UNDEFINED;
        }
        for (Condition c : conditions) {
            if (!c.test(actor, action, resource, meta)) {
                return Decision.UNDEFINED;
            }
        }
        return effect == Effect.ALLOW ? Decision.ALLOW : Decision.DENY;
    }
}
