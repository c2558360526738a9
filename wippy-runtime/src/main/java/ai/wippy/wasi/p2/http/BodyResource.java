package ai.wippy.wasi.p2.http;

/**
 * What {@code incoming-body} and {@code outgoing-body} share: the body's stream, handed out once
 * ({@code incoming-body.stream}, {@code outgoing-body.write}); a second request gets null, which
 * the host answers with an error value.
 *
 * @param <S> the stream the guest reads or writes
 */
abstract class BodyResource<S> implements AutoCloseable {

    private final S stream;
    private boolean streamTaken;

    BodyResource(S stream) {
        this.stream = stream;
    }

    /** The stream, or null when it was already taken. */
    final synchronized S stream() {
        if (streamTaken) {
            return null;
        }
        streamTaken = true;
        return stream;
    }

    /** Whether the guest took the stream (it then owns it: dropping the body leaves the stream alone). */
    final synchronized boolean streamTaken() {
        return streamTaken;
    }

    /** The stream, whether or not the guest took it. */
    final S body() {
        return stream;
    }
}
