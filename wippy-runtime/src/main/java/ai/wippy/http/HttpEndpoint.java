package ai.wippy.http;

import ai.wippy.registry.EntryId;

/**
 * A loaded {@code http.endpoint}: {@code method} (upper case), {@code path} (a WebFlux path pattern,
 * e.g. {@code /users/{id}}), the function ID, and its transport ({@code payload} or {@code
 * wasi-http}).
 */
public record HttpEndpoint(EntryId id, String method, String path, String function, String transport) {

    public static final String PAYLOAD = "payload";
    public static final String WASI_HTTP = "wasi-http";
}
