package ai.wippy.wasi.p2.http;

/**
 * The body of an incoming request or response before the guest consumes it: {@code consume} hands
 * it out once; dropping the message without consuming it stops the transfer.
 */
final class UnconsumedBody {

    private final BodyInput body;
    private boolean consumed;

    UnconsumedBody(BodyInput body) {
        this.body = body;
    }

    /** The body, once; null afterwards. */
    synchronized IncomingBody consume() {
        if (consumed) {
            return null;
        }
        consumed = true;
        return new IncomingBody(body);
    }

    /** The message was dropped: a body nobody consumed stops. */
    synchronized void release() {
        if (!consumed) {
            body.close();
        }
    }
}
