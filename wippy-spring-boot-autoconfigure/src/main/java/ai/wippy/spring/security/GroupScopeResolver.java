package ai.wippy.spring.security;

import ai.wippy.call.Actor;
import ai.wippy.call.SecurityScope;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippySecurityProperties;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The scope is every {@code security.policy} in the caller's groups: {@code wippy.security.default-groups}
 * plus the groups {@code wippy.security.authority-groups} maps the caller's authorities to.
 */
public record GroupScopeResolver(WippySecurityProperties properties, ObjectProvider<WasmRegistry> registry)
        implements ScopeResolver {

    @Override
    public SecurityScope resolve(Authentication authentication, Actor actor) {
        return registry.getObject().policies().scopeForGroups(groups(authentication));
    }

    public Set<String> groups(Authentication authentication) {
        Set<String> groups = new LinkedHashSet<>(properties.defaultGroups());
        for (GrantedAuthority authority : authentication.getAuthorities()) {
            groups.addAll(properties.authorityGroups().getOrDefault(authority.getAuthority(), List.of()));
        }
        return groups;
    }
}
