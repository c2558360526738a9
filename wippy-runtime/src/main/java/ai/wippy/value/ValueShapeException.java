package ai.wippy.value;

/**
 * A value does not have the shape its WIT type demands. The message starts with the path to the bad
 * part, for example {@code users[2].tags[0]: expected string, got number}.
 */
public final class ValueShapeException extends RuntimeException {

    private final String path;

    public ValueShapeException(String path, String problem) {
        super((path == null || path.isEmpty() ? "value" : path) + ": " + problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
