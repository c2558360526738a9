package ai.wippy.wasi.p2.http;

/**
 * The host object behind {@code outgoing-body}: its stream is handed out once; {@code finish} ends
 * the body, dropping it unfinished breaks the message (the peer sees it incomplete).
 */
final class OutgoingBody extends BodyResource<BodyOutput> {

    OutgoingBody(BodyOutput output) {
        super(output);
    }

    void finish() {
        body().complete();
    }

    @Override
    public void close() {
        body().abort(new java.io.IOException("the guest dropped the outgoing body without finishing it"));
    }
}
