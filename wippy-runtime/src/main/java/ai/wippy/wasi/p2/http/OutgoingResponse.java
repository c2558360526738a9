package ai.wippy.wasi.p2.http;

/**
 * The host object behind {@code outgoing-response}: status (200 unless set), headers (immutable
 * once attached) and a body taken at most once. What a server sends once the guest sets it on the
 * {@link ResponseOutparam}.
 */
public final class OutgoingResponse {

    private final Fields headers;
    private int status = 200;
    private BodyOutput body;

    OutgoingResponse(Fields headers) {
        this.headers = headers.attach();
    }

    public synchronized int status() {
        return status;
    }

    synchronized boolean setStatus(int code) {
        if (code < 100 || code > 599) {
            return false;
        }
        status = code;
        return true;
    }

    /** The headers the guest set, as name/value pairs. */
    public Fields headers() {
        return headers.immutableView();
    }

    /** The body the guest writes, or null when it never asked for one (an empty body). */
    public synchronized BodyOutput body() {
        return body;
    }

    synchronized OutgoingBody takeBody() {
        if (body != null) {
            return null;
        }
        body = new BodyOutput();
        return new OutgoingBody(body);
    }
}
