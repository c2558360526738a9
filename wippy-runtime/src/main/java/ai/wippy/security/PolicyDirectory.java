package ai.wippy.security;

import java.util.Collection;
import java.util.List;

/** Finds policies by ID and builds scopes from policy groups. */
public final class PolicyDirectory {

    private final List<Policy> policies;

    public PolicyDirectory(Collection<Policy> policies) {
        this.policies = List.copyOf(policies);
    }

    /** The scope of every policy in any of {@code groups}. */
    public PolicyScope scopeForGroups(Collection<String> groups) {
        return new PolicyScope(policies.stream()
                .filter(p -> p.groups().stream().anyMatch(groups::contains))
                .toList());
    }

    public java.util.Optional<Policy> policy(String id) {
        return policies.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<Policy> policies() {
        return policies;
    }
}
