package ai.wippy.spring.security;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.security.PolicyDirectory;
import ai.wippy.spring.WippySecurityProperties;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import reactor.core.publisher.Mono;

/**
 * The identity of calls made from application code, the same on every path (synchronous or reactive):
 *
 * <ul>
 *   <li>an authenticated user (from {@link SecurityContextHolder}, or the request's
 *       {@link RequestIdentity}, or {@link ReactiveSecurityContextHolder} in a WebFlux chain) is mapped by
 *       the {@link ActorMapper} and the {@link ScopeResolver};
 *   <li>an anonymous request is actor {@value #ANONYMOUS} with the policies of
 *       {@code wippy.security.anonymous-groups} (none by default), never the system actor;
 *   <li>a call made outside any request (start-up, schedulers, CLI) runs as
 *       {@code wippy.security.system-actor} with {@code system-groups}, or with no actor when none is set.
 * </ul>
 */
public class SpringSecurityContextProvider implements CallContextProvider {

    /** The actor ID of anonymous requests. */
    public static final String ANONYMOUS = "anonymous";

    private final ActorMapper actors;
    private final ScopeResolver scopes;
    private final WippySecurityProperties properties;
    private final ObjectProvider<WasmRegistry> registry;
    // The registry's policies never change once it is built: resolved on first use, not per call.
    private volatile PolicyDirectory policies;

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
        Authentication held = SecurityContextHolder.getContext().getAuthentication();
        if (authenticated(held)) {
            return user(held);
        }
        RequestIdentity request = RequestIdentity.current();
        if (request != null) {
            return fromRequest(request.authentication());
        }
        if (held != null) {
            // an anonymous token in the thread's context: a servlet request's anonymous user
            return anonymous(held);
        }
        return outsideAnyRequest();
    }

    @Override
    public Mono<CallContext> currentReactive() {
        return Mono.deferContextual(view -> {
            if (view.hasKey(RequestIdentity.KEY)) {
                RequestIdentity request = view.get(RequestIdentity.KEY);
                return Mono.just(fromRequest(request.authentication()));
            }
            if (view.hasKey(SecurityContext.class)) {
                // inside Spring Security's chain, before RequestIdentityWebFilter
                return ReactiveSecurityContextHolder.getContext()
                        .map(ctx -> fromRequest(ctx.getAuthentication()))
                        .switchIfEmpty(Mono.fromSupplier(() -> fromRequest(null)));
            }
            return Mono.fromSupplier(this::current);
        });
    }

    /** The context of a request made by {@code authentication} ({@code null} or anonymous: an anonymous request). */
    public CallContext fromRequest(Authentication authentication) {
        return authenticated(authentication) ? user(authentication) : anonymous(authentication);
    }

    private static boolean authenticated(Authentication authentication) {
        return authentication != null
                && authentication.isAuthenticated()
                && !(authentication instanceof AnonymousAuthenticationToken);
    }

    private CallContext user(Authentication authentication) {
        Actor actor = actors.map(authentication);
        return CallContext.empty().withActor(actor).withScope(scopes.resolve(authentication, actor));
    }

    /**
     * Actor {@value #ANONYMOUS}; with policies loaded, its scope is {@code anonymous-groups}' policies
     * (none by default: every call is denied), without any, it has no scope and passes unless strict.
     */
    private CallContext anonymous(Authentication authentication) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put(
                "roles",
                authentication == null
                        ? List.of()
                        : authentication.getAuthorities().stream()
                                .map(GrantedAuthority::getAuthority)
                                .toList());
        meta.put("anonymous", true);
        CallContext ctx = CallContext.empty().withActor(new Actor(ANONYMOUS, meta));
        PolicyDirectory all = policies();
        return all.policies().isEmpty() ? ctx : ctx.withScope(all.scopeForGroups(properties.anonymousGroups()));
    }

    private CallContext outsideAnyRequest() {
        String id = properties.systemActor();
        if (id == null || id.isBlank()) {
            return CallContext.empty();
        }
        return CallContext.empty()
                .withActor(Actor.of(id))
                .withScope(policies().scopeForGroups(properties.systemGroups()));
    }

    private PolicyDirectory policies() {
        PolicyDirectory p = policies;
        if (p == null) {
            p = registry.getObject().policies();
            policies = p;
        }
        return p;
    }
}
