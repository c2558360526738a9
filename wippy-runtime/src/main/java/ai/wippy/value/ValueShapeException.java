package ai.wippy.value;

/**
 * A value does not have the shape its WIT type demands. The message starts with the path to the bad
 * part, for example {@code users[2].tags[0]: expected string, got number}.
 */
public final class ValueShapeException extends RuntimeException {

    private final String path;
    private final String problem;

    public ValueShapeException(String path, String problem) {
        super((path == null || path.isEmpty() ? "value" : path) + ": " + problem);
        this.path = path;
        this.problem = problem;
    }

    public String path() {
        return path;
    }

    /** What is wrong, without the path. */
    public String problem() {
        return problem;
    }

    /**
     * The same problem one level up: {@code head} (a field or parameter name, or {@code [i]}) before
     * this path ({@code <case>}, a variant's payload, joins like {@code [i]}). Conversions that do not carry a path on the way down add it this way on the way out.
     */
    public ValueShapeException under(String head) {
        String joined = path == null || path.isEmpty()
                ? head
                : path.startsWith("[") || path.startsWith("<") || head.isEmpty() ? head + path : head + "." + path;
        ValueShapeException e = new ValueShapeException(joined, problem);
        e.setStackTrace(getStackTrace()); // where the bad part was found, not where the path was completed
        return e;
    }
}
