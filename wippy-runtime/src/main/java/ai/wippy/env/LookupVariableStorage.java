package ai.wippy.env;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A storage that answers from one lookup (a map's {@code get}, a property resolver's {@code
 * getProperty}); {@code null} from the lookup is no value. The built-in storages and Spring's are
 * this with their own kind and lookup.
 */
public abstract class LookupVariableStorage implements VariableStorage {

    private final String kind;
    private final UnaryOperator<String> lookup;

    protected LookupVariableStorage(String kind, UnaryOperator<String> lookup) {
        this.kind = kind;
        this.lookup = lookup;
    }

    @Override
    public final String kind() {
        return kind;
    }

    @Override
    public final Optional<String> get(String variable) {
        return Optional.ofNullable(lookup.apply(variable));
    }
}
