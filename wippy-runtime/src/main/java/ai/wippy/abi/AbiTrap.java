package ai.wippy.abi;

import com.dylibso.chicory.runtime.TrapException;

/**
 * The one trap of the canonical ABI: a guest (a core module with {@code wit} or a component)
 * violated it at run time (a bad pointer, string, discriminant, char or handle, a lying
 * {@code cabi_realloc}, a value past the lifting limit...). A {@link TrapException}, so it reaches
 * callers as kind {@code TRAPPED} and the instance is discarded.
 */
public final class AbiTrap extends TrapException {

    public AbiTrap(String message) {
        super(message);
    }
}
