package ai.wippy.wasi.p2.http;

/** The host object behind {@code incoming-response}: status, immutable headers, a body consumed once. */
final class IncomingResponse implements AutoCloseable {

    private final int status;
    private final Fields headers;
    private final BodyInput body;
    private boolean consumed;

    IncomingResponse(int status, Fields headers, BodyInput body) {
        this.status = status;
        this.headers = headers.attach();
        this.body = body;
    }

    int status() {
        return status;
    }

    Fields headers() {
        return headers.immutableView();
    }

    synchronized IncomingBody consume() {
        if (consumed) {
            return null;
        }
        consumed = true;
        return new IncomingBody(body);
    }

    @Override
    public synchronized void close() {
        if (!consumed) {
            body.close();
        }
    }
}
