package ai.wippy.http;

import ai.wippy.registry.EntryId;
import java.time.Duration;

/**
 * A loaded {@code http.endpoint}: {@code method} (upper case), {@code path} (a WebFlux path pattern,
 * e.g. {@code /users/{id}}), and what answers: a function ({@code function}, with its transport,
 * {@code payload} or {@code wasi-http}), or an actor ({@code process}, a {@code process.service}
 * entry, sent {@code topic} and awaited for at most {@code timeout}).
 */
public record HttpEndpoint(
        EntryId id,
        String method,
        String path,
        String function,
        String transport,
        String process,
        String topic,
        Duration timeout) {

    public static final String PAYLOAD = "payload";
    public static final String WASI_HTTP = "wasi-http";
    /** The transport of an endpoint that messages an actor. */
    public static final String ACTOR = "actor";

    /** An endpoint answered by a function. */
    public HttpEndpoint(EntryId id, String method, String path, String function, String transport) {
        this(id, method, path, function, transport, null, null, null);
    }
}
