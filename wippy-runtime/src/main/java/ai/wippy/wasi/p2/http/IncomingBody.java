package ai.wippy.wasi.p2.http;

/**
 * The host object behind {@code incoming-body}: hands out its stream once; dropping the body before
 * taking the stream stops the transfer.
 */
final class IncomingBody implements AutoCloseable {

    private final BodyInput input;
    private boolean streamTaken;

    IncomingBody(BodyInput input) {
        this.input = input;
    }

    /** The stream, or null when it was already taken. */
    synchronized BodyInput stream() {
        if (streamTaken) {
            return null;
        }
        streamTaken = true;
        return input;
    }

    BodyInput input() {
        return input;
    }

    @Override
    public synchronized void close() {
        if (!streamTaken) {
            input.close();
        }
    }
}
