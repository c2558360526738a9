package ai.wippy.wasi.p2.http;

/**
 * What an incoming request and an incoming response share: immutable headers and a body the guest
 * consumes once; dropping the message without consuming it stops the transfer.
 */
abstract class IncomingMessage implements AutoCloseable {

    private final Fields headers;
    /** The body, or null for a message without one (an empty body is made if the guest asks for it). */
    private final BodyInput body;

    private boolean consumed;

    IncomingMessage(Fields headers, BodyInput body) {
        this.headers = headers.attach();
        this.body = body;
    }

    Fields headers() {
        return headers.immutableView();
    }

    /** The body, once; null afterwards. */
    synchronized IncomingBody consume() {
        if (consumed) {
            return null;
        }
        consumed = true;
        return new IncomingBody(body != null ? body : BodyInput.complete(new byte[0]));
    }

    /** The message was dropped: a body nobody consumed stops. */
    @Override
    public synchronized void close() {
        if (!consumed && body != null) {
            body.close();
        }
    }
}
