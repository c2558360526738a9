package ai.wippy.env;

import java.util.Map;

/** The process environment of the JVM. */
public final class OsVariableStorage extends LookupVariableStorage {

    public static final String KIND = "env.storage.os";

    public OsVariableStorage() {
        this(System.getenv());
    }

    /** For tests: a fixed environment. */
    public OsVariableStorage(Map<String, String> environment) {
        super(KIND, Map.copyOf(environment)::get);
    }
}
