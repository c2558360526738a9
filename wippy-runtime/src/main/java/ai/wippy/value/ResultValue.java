package ai.wippy.value;

/**
 * A value of a WIT {@code result<T, E>} as the runtime carries it. At the Java API edge an error
 * becomes a {@link ai.wippy.call.GuestErrorException}.
 */
public record ResultValue(boolean ok, Object value) {

    public static ResultValue ok(Object value) {
        return new ResultValue(true, value);
    }

    public static ResultValue err(Object error) {
        return new ResultValue(false, error);
    }
}
