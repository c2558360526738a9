package ai.wippy.wasi.p2.http;

import ai.wippy.value.VariantValue;

/**
 * The host object behind {@code outgoing-request}: method ({@code get} unless set), path with query,
 * scheme, authority, headers (immutable once attached) and a body taken at most once.
 */
final class OutgoingRequest {

    private final Fields headers;
    private VariantValue method = new VariantValue("get", null);
    private String pathWithQuery;
    private VariantValue scheme;
    private String authority;
    private BodyOutput body;

    OutgoingRequest(Fields headers) {
        this.headers = headers.attach();
    }

    synchronized VariantValue method() {
        return method;
    }

    synchronized boolean setMethod(VariantValue m) {
        boolean valid = !m.caseName().equals("other") || HttpValues.isToken((String) m.payload());
        method = valid ? m : method;
        return valid;
    }

    synchronized String pathWithQuery() {
        return pathWithQuery;
    }

    synchronized boolean setPathWithQuery(String p) {
        boolean valid = p == null || (!p.isEmpty() && p.chars().noneMatch(c -> c <= 0x20 || c == 0x7f));
        pathWithQuery = valid ? p : pathWithQuery;
        return valid;
    }

    synchronized VariantValue scheme() {
        return scheme;
    }

    synchronized boolean setScheme(VariantValue s) {
        boolean valid =
                s == null || !s.caseName().equals("other") || ((String) s.payload()).matches("[A-Za-z][A-Za-z0-9+.-]*");
        scheme = valid ? s : scheme;
        return valid;
    }

    synchronized String authority() {
        return authority;
    }

    synchronized boolean setAuthority(String a) {
        boolean valid = a == null
                || (!a.isEmpty()
                        && a.chars().noneMatch(c -> c <= 0x20 || c == '/' || c == '?' || c == '#' || c == '@'));
        authority = valid ? a : authority;
        return valid;
    }

    Fields headers() {
        return headers.immutableView();
    }

    /** The body the guest writes, or null when it never asked for one. */
    synchronized BodyOutput body() {
        return body;
    }

    synchronized OutgoingBody takeBody() {
        return takeBody(ai.wippy.wasi.p2.IoBudget.unbounded("http-body"));
    }

    /** The body, once, its unsent bytes counted against {@code budget}. */
    synchronized OutgoingBody takeBody(ai.wippy.wasi.p2.IoBudget budget) {
        if (body != null) {
            return null;
        }
        body = new BodyOutput(budget);
        return new OutgoingBody(body);
    }
}
