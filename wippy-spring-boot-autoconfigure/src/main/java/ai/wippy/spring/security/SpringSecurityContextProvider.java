package ai.wippy.spring.security;

import ai.wippy.call.CallContext;
import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.security.Actor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolder;
import reactor.core.publisher.Mono;

/**
 * The identity of calls made from application code: the current Spring Security
 * {@link Authentication} (thread-bound, or from the reactive context in WebFlux), mapped to an actor
 * and a scope. Outside any request (or for anonymous users) the system actor is used when
 * {@code wippy.security.system-actor} is set, otherwise none.
 */
public class SpringSecurityContextProvider implements CallContextProvider {

    private final ActorMapper actors;
    private final ScopeResolver scopes;
    private final WippySecurityProperties properties;
    private final ObjectProvider<WasmRegistry> registry;

    public SpringSecurityContextProvider(
            ActorMapper actors,
            ScopeResolver scopes,
            WippySecurityProperties properties,
            ObjectProvider<WasmRegistry> registry) {
        this.actors = actors;
        this.scopes = scopes;
        this.properties = properties;
        this.registry = registry;
    }

    @Override
    public CallContext current() {
        return from(SecurityContextHolder.getContext().getAuthentication());
    }

    @Override
    public Mono<CallContext> currentReactive() {
        return ReactiveSecurityContextHolder.getContext()
                .map(ctx -> from(ctx.getAuthentication()))
                .switchIfEmpty(Mono.fromSupplier(this::current));
    }

    CallContext from(Authentication authentication) {
        if (authentication == null
                || !authentication.isAuthenticated()
                || authentication instanceof AnonymousAuthenticationToken) {
            return system();
        }
        Actor actor = actors.map(authentication);
        return CallContext.empty().withActor(actor).withScope(scopes.resolve(authentication, actor));
    }

    private CallContext system() {
        String id = properties.getSystemActor();
        if (id == null || id.isBlank()) {
            return CallContext.empty();
        }
        return CallContext.empty()
                .withActor(Actor.of(id))
                .withScope(registry.getObject().policies().scopeForGroups(properties.getSystemGroups()));
    }
}
