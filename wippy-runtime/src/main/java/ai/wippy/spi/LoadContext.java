package ai.wippy.spi;

import ai.wippy.engine.ModuleCompiler;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryEntry;
import java.util.Optional;

/** What an {@link EntryHandler} can use and add to while the runtime boots. */
public interface LoadContext {

    Registry registry();

    RuntimeSettings settings();

    ModuleCompiler compiler();

    WatAssembler assembler();

    Dispatcher dispatcher();

    /** The guest memory budget every instance of this runtime is charged to. */
    ai.wippy.engine.GuestMemoryBudget memoryBudget();

    /** The runtime being built; call it only at call time, not while loading. */
    RunningRegistry runtime();

    /** Services added by the application or other handlers, by type (host interfaces, providers). */
    <T> Optional<T> service(Class<T> type);

    /**
     * Every service of a type: those added to the builder, then the built-in ones, then those other jars
     * provide through {@link java.util.ServiceLoader}.
     */
    <T> java.util.List<T> services(Class<T> type);

    /** Publishes a loaded resource (a file system, a variable, a policy...) under its entry ID. */
    void putResource(EntryId id, Object resource);

    /**
     * The resource a {@code field} of {@code from} refers to, loading it first if needed, and checking
     * it is of the expected type.
     */
    default <T> T resource(RegistryEntry from, String field, String reference, Class<T> type) {
        RegistryEntry target = registry().require(from, field, reference);
        Object published = published(from, field, target);
        if (!type.isInstance(published)) {
            throw from.error(
                    field,
                    "refers to '" + target.id() + "' of kind " + target.kind() + ", which is not a "
                            + type.getSimpleName()
                                    .replaceAll("([a-z])([A-Z])", "$1 $2")
                                    .toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(published);
    }

    /**
     * Loads {@code target}, which {@code field} of {@code from} refers to, unless it is loaded, and
     * answers the resource it published (null for none); a context that cannot load it refuses it
     * with an error naming {@code from} and {@code field}.
     */
    Object published(RegistryEntry from, String field, RegistryEntry target);

    /** Makes a function callable. */
    void addFunction(RegisteredFunction function);
}
