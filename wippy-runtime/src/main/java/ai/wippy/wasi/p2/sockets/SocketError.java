package ai.wippy.wasi.p2.sockets;

/**
 * A socket operation that failed with an {@link ErrorCode} the guest receives as a {@code result}
 * error; the message is for logs and debugging only.
 */
public final class SocketError extends Exception {

    private final ErrorCode code;

    public SocketError(ErrorCode code, String message) {
        super(code.witName() + ": " + message, null, false, false);
        this.code = code;
    }

    public static SocketError of(Throwable cause) {
        ErrorCode code = ErrorCode.of(cause);
        return new SocketError(code, String.valueOf(cause.getMessage()));
    }

    public ErrorCode code() {
        return code;
    }
}
