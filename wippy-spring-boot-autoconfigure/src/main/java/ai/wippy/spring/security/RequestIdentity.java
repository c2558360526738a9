package ai.wippy.spring.security;

import org.springframework.security.core.Authentication;

/**
 * The identity of the HTTP request being served: its {@link Authentication}, or {@code null} for an
 * anonymous request. {@link RequestIdentityWebFilter} puts it in the request's Reactor context under
 * {@link #KEY}; Reactor's automatic context propagation (with {@link RequestIdentityAccessor}) makes it
 * visible to synchronous code on whatever thread serves the request, and a
 * {@code ContextPropagatingTaskDecorator} carries it into {@code @Async} methods. Outside any request
 * there is none, which is what tells a scheduler's call from an anonymous request's.
 */
public record RequestIdentity(Authentication authentication) {

    /** The key in the Reactor context and in Micrometer's context registry. */
    public static final String KEY = "ai.wippy.request-identity";

    private static final ThreadLocal<RequestIdentity> CURRENT = new ThreadLocal<>();

    /** The identity of the request this thread is serving now, or {@code null} outside any request. */
    public static RequestIdentity current() {
        return CURRENT.get();
    }

    static void set(RequestIdentity identity) {
        CURRENT.set(identity);
    }

    static void clear() {
        CURRENT.remove();
    }
}
