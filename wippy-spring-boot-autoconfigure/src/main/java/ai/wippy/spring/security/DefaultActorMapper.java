package ai.wippy.spring.security;

import ai.wippy.call.Actor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * The principal's name is the actor's ID; its authorities become {@code meta.roles} (as granted,
 * e.g. {@code ROLE_ADMIN}); details that are a map are copied into the metadata.
 */
public class DefaultActorMapper implements ActorMapper {

    @Override
    public Actor map(Authentication authentication) {
        Map<String, Object> meta = new LinkedHashMap<>();
        List<String> roles = authentication.getAuthorities().stream()
                .map(GrantedAuthority::getAuthority)
                .toList();
        meta.put("roles", roles);
        if (authentication.getDetails() instanceof Map<?, ?> details) {
            details.forEach((k, v) -> meta.putIfAbsent(String.valueOf(k), v));
        }
        return new Actor(authentication.getName(), meta);
    }
}
