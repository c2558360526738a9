package ai.wippy.env;

import ai.wippy.registry.EntryId;
import java.util.Optional;

/**
 * A loaded {@code env.variable}: the {@code variable} name looked up in a storage, with an optional
 * default. The value is read when asked (each new WASI instance), so a storage may change.
 */
public record EnvVariable(EntryId id, String variable, VariableStorage storage, String defaultValue) {

    public Optional<String> value() {
        return storage.get(variable).or(() -> Optional.ofNullable(defaultValue));
    }
}
