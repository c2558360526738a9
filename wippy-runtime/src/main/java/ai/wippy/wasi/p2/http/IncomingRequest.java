package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;

/**
 * The host object behind {@code incoming-request}: what an HTTP server received, given to a
 * component's {@code incoming-handler}. Its headers are immutable; its body can be consumed once.
 *
 * @param method a {@code method} variant ({@link HttpValues#method(String)})
 * @param scheme a {@code scheme} variant, or null
 * @param body the body, or null for a request without one (the guest then reads an empty body)
 */
public final class IncomingRequest extends IncomingMessage {

    private final VariantValue method;
    private final String pathWithQuery;
    private final VariantValue scheme;
    private final String authority;

    public IncomingRequest(
            String method, String pathWithQuery, String scheme, String authority, Fields headers, BodyInput body) {
        super(headers, body);
        this.method = HttpValues.method(method);
        this.pathWithQuery = pathWithQuery;
        this.scheme = scheme == null ? null : HttpValues.scheme(scheme);
        this.authority = authority;
    }

    VariantValue method() {
        return method;
    }

    String pathWithQuery() {
        return pathWithQuery;
    }

    VariantValue scheme() {
        return scheme;
    }

    String authority() {
        return authority;
    }
}
