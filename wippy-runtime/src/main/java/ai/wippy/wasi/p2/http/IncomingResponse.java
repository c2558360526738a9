package ai.wippy.wasi.p2.http;

/** The host object behind {@code incoming-response}: status, immutable headers, a body consumed once. */
final class IncomingResponse implements AutoCloseable {

    private final int status;
    private final Fields headers;
    private final UnconsumedBody body;

    IncomingResponse(int status, Fields headers, BodyInput body) {
        this.status = status;
        this.headers = headers.attach();
        this.body = new UnconsumedBody(body);
    }

    int status() {
        return status;
    }

    Fields headers() {
        return headers.immutableView();
    }

    /** The body, once; null afterwards. */
    IncomingBody consume() {
        return body.consume();
    }

    @Override
    public void close() {
        body.release();
    }
}
