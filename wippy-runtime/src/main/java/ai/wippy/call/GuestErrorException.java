package ai.wippy.call;

/** The guest answered with an error value: a WIT {@code result} err, or Lua's {@code nil, err}. */
public final class GuestErrorException extends WippyException {

    private final transient Object errorValue;

    public GuestErrorException(String functionId, Object errorValue) {
        super(ErrorKind.GUEST_ERROR, functionId, "guest returned an error: " + errorValue);
        this.errorValue = errorValue;
    }

    public GuestErrorException(ErrorKind kind, String functionId, String message, Object errorValue) {
        super(kind, functionId, message);
        this.errorValue = errorValue;
    }

    /** The error value in its canonical form (see {@code ai.wippy.value}). */
    public Object errorValue() {
        return errorValue;
    }
}
