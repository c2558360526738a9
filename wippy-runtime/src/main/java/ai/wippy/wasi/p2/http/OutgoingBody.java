package ai.wippy.wasi.p2.http;

/**
 * The host object behind {@code outgoing-body}: its stream is handed out once; {@code finish} ends
 * the body, dropping it unfinished breaks the message (the peer sees it incomplete).
 */
final class OutgoingBody implements AutoCloseable {

    private final BodyOutput output;
    private boolean streamTaken;

    OutgoingBody(BodyOutput output) {
        this.output = output;
    }

    synchronized BodyOutput stream() {
        if (streamTaken) {
            return null;
        }
        streamTaken = true;
        return output;
    }

    void finish() {
        output.complete();
    }

    @Override
    public void close() {
        output.abort(new java.io.IOException("the guest dropped the outgoing body without finishing it"));
    }
}
