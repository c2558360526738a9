package ai.wippy.call;

import reactor.core.publisher.Mono;

/**
 * Supplies the context of a call made from outside any call: who the application's current user is
 * (in a Spring application, the Spring Security {@code Authentication}), their scope and request
 * values. Calls made from inside a call inherit that call's context instead.
 */
public interface CallContextProvider {

    CallContextProvider EMPTY = CallContext::empty;

    /** The context for a call made now on this thread (servlet style, thread-bound). */
    CallContext current();

    /** The context for a call made inside a reactive chain (WebFlux style); by default {@link #current()}. */
    default Mono<CallContext> currentReactive() {
        return Mono.fromSupplier(this::current);
    }
}
