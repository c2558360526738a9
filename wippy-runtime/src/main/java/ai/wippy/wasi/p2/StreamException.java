package ai.wippy.wasi.p2;

import ai.wippy.component.host.CodedWitError;
import ai.wippy.value.VariantValue;

/**
 * A {@code wasi:io/streams.stream-error}: the stream is {@link #closed()} (end of input, or the
 * reader went away), or the last operation failed with an {@link IoError}. Thrown by a typed host
 * method whose WIT result is {@code result<T, stream-error>}, it is that result's error.
 */
public final class StreamException extends CodedWitError {

    private final IoError error;

    private StreamException(String message, IoError error) {
        super(error == null ? "closed" : "last-operation-failed", message);
        this.error = error;
    }

    public static StreamException closed() {
        return new StreamException("stream closed", null);
    }

    public static StreamException failed(String message, Object cause) {
        return new StreamException(message, new IoError(message, cause));
    }

    public boolean isClosed() {
        return error == null;
    }

    /** The error behind a failed operation; null when the stream is closed. */
    public IoError error() {
        return error;
    }

    /** The {@code stream-error}: {@code closed}, or {@code last-operation-failed} with the error (a new handle). */
    @Override
    public Object witError() {
        return new VariantValue(code(), error);
    }
}
