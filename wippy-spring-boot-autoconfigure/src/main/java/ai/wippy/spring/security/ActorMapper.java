package ai.wippy.spring.security;

import ai.wippy.call.Actor;
import org.springframework.security.core.Authentication;

/** Turns the Spring Security {@link Authentication} of a request into the runtime's actor. Replace the bean to map your own. */
@FunctionalInterface
public interface ActorMapper {
    Actor map(Authentication authentication);
}
