package ai.wippy.runtime;

import ai.wippy.registry.RegistryEntry;
import java.util.Set;

/**
 * Loads the entries of some kinds at boot. Handlers are found with {@link java.util.ServiceLoader}
 * and can be added to the builder. Lower {@link #order()} loads first: resources (file systems,
 * variables, policies) before functions, functions before what refers to them (endpoints).
 */
public interface EntryHandler {

    int RESOURCES = 0;
    int FUNCTIONS = 100;
    int CONSUMERS = 200;

    Set<String> kinds();

    default int order() {
        return FUNCTIONS;
    }

    /** Validates and loads one entry; a problem is a {@link ai.wippy.registry.RegistryException}. */
    void load(RegistryEntry entry, LoadContext context);
}
