package ai.wippy.spring.security;

import org.springframework.core.Ordered;
import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Resolves the request's Spring Security identity once, without blocking, right after Spring
 * Security's filter chain, and puts it in the request's Reactor context as a {@link RequestIdentity}
 * (with a {@code null} authentication for an anonymous request). Everything the request runs, reactive
 * or synchronous, then sees the same caller.
 */
public final class RequestIdentityWebFilter implements WebFilter, Ordered {

    /** Just after Spring Security's {@code WebFilterChainProxy} (order -100). */
    public static final int ORDER = -99;

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(SecurityContext::getAuthentication)
                .map(RequestIdentity::new)
                .defaultIfEmpty(new RequestIdentity(null))
                .flatMap(identity -> chain.filter(exchange).contextWrite(c -> c.put(RequestIdentity.KEY, identity)));
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
