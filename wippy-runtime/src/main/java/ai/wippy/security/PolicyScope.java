package ai.wippy.security;

import ai.wippy.call.Actor;
import ai.wippy.call.Decision;
import ai.wippy.call.SecurityScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A scope made of policies. Any deny wins; otherwise one allow is needed; nothing matching is
 * undefined. Immutable: {@link #with} and {@link #without} return new scopes.
 */
public final class PolicyScope implements SecurityScope {

    private final List<Policy> policies;
    /** Computed once: scopes are keys of the decision cache ({@link CallDecisions}). */
    private final int hash;

    public PolicyScope(List<Policy> policies) {
        this.policies = List.copyOf(policies);
        this.hash = this.policies.hashCode();
    }

    public static PolicyScope empty() {
        return new PolicyScope(List.of());
    }

    public List<Policy> policies() {
        return policies;
    }

    public PolicyScope with(Policy policy) {
        if (contains(policy)) {
            return this;
        }
        List<Policy> more = new ArrayList<>(policies);
        more.add(policy);
        return new PolicyScope(more);
    }

    public PolicyScope without(Policy policy) {
        return new PolicyScope(
                policies.stream().filter(p -> !p.id().equals(policy.id())).toList());
    }

    public boolean contains(Policy policy) {
        return policies.stream().anyMatch(p -> p.id().equals(policy.id()));
    }

    @Override
    public Decision evaluate(Actor actor, String action, String resource, Map<String, Object> meta) {
        boolean allowed = false;
        for (Policy p : policies) {
            Decision d = p.evaluate(actor, action, resource, meta);
            if (d == Decision.DENY) {
                return Decision.DENY;
            }
            allowed |= d == Decision.ALLOW;
        }
        return allowed ? Decision.ALLOW : Decision.UNDEFINED;
    }

    /** Same policies in the same order: two scopes built alike (one per request) decide alike. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PolicyScope other) || other.hash != hash || other.policies.size() != policies.size()) {
            return false;
        }
        for (int i = 0; i < policies.size(); i++) {
            Policy a = policies.get(i);
            Policy b = other.policies.get(i);
            if (a != b && !a.equals(b)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "PolicyScope" + policies.stream().map(Policy::id).toList();
    }
}
