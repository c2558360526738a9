package ai.wippy.spring.diagnostics;

import ai.wippy.registry.RegistryException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link RegistryException} that stops the boot into Spring Boot's "APPLICATION FAILED TO
 * START" report: the description names the file, the entry, the field and the problem, the action
 * says what to change, instead of a long stack trace through the bean factory.
 */
public final class RegistryFailureAnalyzer extends AbstractFailureAnalyzer<RegistryException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RegistryException cause) {
        String file = cause.file() == null ? "<unknown file>" : cause.file();
        StringBuilder description = new StringBuilder("Wippy could not load its registry.\n\n");
        description.append("    File:    ").append(file).append('\n');
        if (cause.entryId() != null) {
            description.append("    Entry:   ").append(cause.entryId()).append('\n');
        }
        if (cause.field() != null) {
            description.append("    Field:   ").append(cause.field()).append('\n');
        }
        description.append("    Problem: ").append(indent(cause.problem()));
        return new FailureAnalysis(description.toString(), action(cause, file), cause);
    }

    private static String action(RegistryException e, String file) {
        StringBuilder where = new StringBuilder();
        if (e.field() != null) {
            where.append("field '").append(e.field()).append("' of ");
        }
        if (e.entryId() != null) {
            where.append("entry '").append(e.entryId()).append("' in ");
        }
        where.append(file);
        String hint = hint(e.field());
        return "Correct " + where + " as the problem above says" + (hint == null ? "." : ": " + hint + ".")
                + "\nThe fields of each kind are listed in the _index.yaml reference (docs/registry.md); "
                + "a typo in a field name is refused by name.";
    }

    /** What a field usually needs, for the fields most boot errors are about. */
    private static String hint(String field) {
        if (field == null) {
            return null;
        }
        return switch (field) {
            case "method" -> "name a function the module or script exports (the problem lists them)";
            case "wit" -> "give the signature of the method's export, under the method's name";
            case "source" -> "fix the WAT or Lua text at the line and column given, or the file:// path";
            case "hash" -> "put the sha256 of the binary you ship, or remove the hash";
            case "fs", "func", "storage" ->
                "refer to an existing entry, as namespace:name or a name of the same namespace";
            case "path", "directory" -> "give a path that exists, relative to the _index.yaml";
            case "kind" ->
                "use a kind the runtime knows (function.wat, function.wasm, function.lua, fs.directory, ...)";
            default -> null;
        };
    }

    private static String indent(String text) {
        return text == null ? "" : text.replace("\n", "\n             ");
    }
}
