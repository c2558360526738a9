package ai.wippy.wasi.p2.http;

/** The host object behind {@code incoming-response}: status, immutable headers, a body consumed once. */
final class IncomingResponse extends IncomingMessage {

    private final int status;

    IncomingResponse(int status, Fields headers, BodyInput body) {
        super(headers, body);
        this.status = status;
    }

    int status() {
        return status;
    }
}
