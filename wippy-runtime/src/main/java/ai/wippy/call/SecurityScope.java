package ai.wippy.call;

import java.util.Map;

/** The set of policies that apply to a call. */
public interface SecurityScope {

    /**
     * Evaluates every policy of the scope for one action on one resource.
     *
     * @param meta the target's metadata, visible to conditions as {@code meta.*}
     */
    Decision evaluate(Actor actor, String action, String resource, Map<String, Object> meta);
}
