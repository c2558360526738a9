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
    <T> T resource(RegistryEntry from, String field, String reference, Class<T> type);

    /** Makes a function callable. */
    void addFunction(RegisteredFunction function);
}
