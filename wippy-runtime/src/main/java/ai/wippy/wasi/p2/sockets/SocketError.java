package ai.wippy.wasi.p2.sockets;

import ai.wippy.value.ResultValue;

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

    /** An operation that returns its ok value or fails with an error code. */
    @FunctionalInterface
    interface Operation {
        Object run() throws SocketError;
    }

    /** An operation without a value that may fail with an error code. */
    @FunctionalInterface
    interface Action {
        void run() throws SocketError;
    }

    /** {@code result<T, error-code>}: the operation's value, or its error code. */
    static ResultValue result(Operation op) {
        try {
            return ResultValue.ok(op.run());
        } catch (SocketError e) {
            return ResultValue.err(e.code().witName());
        }
    }

    /** {@code result<_, error-code>}. */
    static ResultValue done(Action action) {
        return result(() -> {
            action.run();
            return null;
        });
    }
}
