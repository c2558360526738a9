package ai.wippy.env;

import java.util.Map;
import java.util.Optional;

/** The process environment of the JVM. */
public final class OsVariableStorage implements VariableStorage {

    public static final String KIND = "env.storage.os";

    private final Map<String, String> environment;

    public OsVariableStorage() {
        this(System.getenv());
    }

    /** For tests: a fixed environment. */
    public OsVariableStorage(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<String> get(String variable) {
        return Optional.ofNullable(environment.get(variable));
    }
}
