package ai.wippy.env;

import java.util.Map;

/** Values written in the registry ({@code env.storage.static} with {@code values:}). */
public final class StaticVariableStorage extends LookupVariableStorage {

    public static final String KIND = "env.storage.static";

    public StaticVariableStorage(Map<String, String> values) {
        super(KIND, Map.copyOf(values)::get);
    }
}
