package ai.wippy.registry;

/**
 * A problem in a registry file. The message names the file, the entry ID and the field, so that the
 * boot failure says exactly where to look.
 */
public final class RegistryException extends RuntimeException {

    private final String file;
    private final String entryId;
    private final String field;
    private final String problem;

    public RegistryException(String file, String entryId, String field, String problem) {
        this(file, entryId, field, problem, null);
    }

    public RegistryException(String file, String entryId, String field, String problem, Throwable cause) {
        super(format(file, entryId, field, problem), cause);
        this.file = file;
        this.entryId = entryId;
        this.field = field;
        this.problem = problem;
    }

    private static String format(String file, String entryId, String field, String problem) {
        StringBuilder sb = new StringBuilder("registry error in ").append(file == null ? "<unknown file>" : file);
        if (entryId != null) {
            sb.append(", entry '").append(entryId).append('\'');
        }
        if (field != null) {
            sb.append(", field '").append(field).append('\'');
        }
        return sb.append(": ").append(problem).toString();
    }

    public String file() {
        return file;
    }

    public String entryId() {
        return entryId;
    }

    public String field() {
        return field;
    }

    /** What is wrong, without the file, entry and field. */
    public String problem() {
        return problem;
    }
}
