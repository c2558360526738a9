package ai.wippy.env;

import java.util.Map;
import java.util.Optional;

/** Values written in the registry ({@code env.storage.static} with {@code values:}). */
public final class StaticVariableStorage implements VariableStorage {

    public static final String KIND = "env.storage.static";

    private final Map<String, String> values;

    public StaticVariableStorage(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public Optional<String> get(String variable) {
        return Optional.ofNullable(values.get(variable));
    }
}
