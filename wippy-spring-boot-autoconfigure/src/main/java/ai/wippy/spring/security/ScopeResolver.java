package ai.wippy.spring.security;

import ai.wippy.call.Actor;
import ai.wippy.call.SecurityScope;
import org.springframework.security.core.Authentication;

/** Chooses the policies that apply to an authenticated caller. Replace the bean to choose your own. */
@FunctionalInterface
public interface ScopeResolver {
    SecurityScope resolve(Authentication authentication, Actor actor);
}
