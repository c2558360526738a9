package ai.wippy.env;

import ai.wippy.spi.RuntimeExtension;
import java.util.Optional;

/**
 * Where variable values live. Built-in storages are entries ({@code env.storage.os}, {@code
 * env.storage.static}); an application adds its own as a service (in Spring, a bean), named by
 * {@link #kind()}: an entry of that kind, or a {@code storage:} reference equal to the kind, uses it.
 */
public interface VariableStorage extends RuntimeExtension {

    /** The entry kind (and built-in reference) that selects this storage, e.g. {@code env.storage.spring}. */
    String kind();

    /** The value of a variable, or empty when the storage has none. */
    Optional<String> get(String variable);
}
