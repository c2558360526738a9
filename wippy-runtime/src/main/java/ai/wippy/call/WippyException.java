package ai.wippy.call;

/** A failed call: its {@link ErrorKind}, the function it concerned and a message saying what happened. */
public class WippyException extends RuntimeException {

    private final ErrorKind kind;
    private final String functionId;

    public WippyException(ErrorKind kind, String functionId, String message) {
        this(kind, functionId, message, null);
    }

    public WippyException(ErrorKind kind, String functionId, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.functionId = functionId;
    }

    public ErrorKind kind() {
        return kind;
    }

    /** The registry ID of the function concerned, or {@code null}. */
    public String functionId() {
        return functionId;
    }

    @Override
    public String getMessage() {
        String base = super.getMessage();
        return functionId == null ? kind + ": " + base : kind + " [" + functionId + "]: " + base;
    }

    /** The message without the kind and function prefix. */
    public String detail() {
        return super.getMessage();
    }
}
