package ai.wippy.component.host;

/**
 * A {@link WitError} named by a WIT case ({@code no-entry}, {@code forbidden}...): the error tables of
 * the host interfaces say which case an operation fails with, and the message is for logs only. It
 * carries no stack trace: it is an answer to the guest, not a fault of the host. {@link #witError()}
 * is the case name, as an {@code enum} error type wants it; a {@code variant} one overrides it.
 */
public abstract class CodedWitError extends Exception implements WitError {

    private final String code;

    protected CodedWitError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The WIT case, e.g. {@code no-entry}. */
    public final String code() {
        return code;
    }

    @Override
    public Object witError() {
        return code;
    }
}
