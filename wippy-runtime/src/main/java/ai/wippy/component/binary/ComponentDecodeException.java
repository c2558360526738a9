package ai.wippy.component.binary;

/**
 * A component binary that does not decode or validate. The message names the byte offset (from the
 * start of the outermost binary) and what was expected there.
 */
public final class ComponentDecodeException extends RuntimeException {

    private final long offset;

    public ComponentDecodeException(long offset, String message) {
        super("at byte " + offset + " (0x" + Long.toHexString(offset) + "): " + message);
        this.offset = offset;
    }

    public ComponentDecodeException(long offset, String message, Throwable cause) {
        super("at byte " + offset + " (0x" + Long.toHexString(offset) + "): " + message, cause);
        this.offset = offset;
    }

    /** Where in the binary the problem was found. */
    public long offset() {
        return offset;
    }
}
