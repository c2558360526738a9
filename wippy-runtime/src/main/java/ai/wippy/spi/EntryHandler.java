package ai.wippy.spi;

import ai.wippy.registry.RegistryEntry;
import java.util.Set;

/**
 * Loads the entries of some kinds at boot. The built-in handlers are named by the runtime's facade;
 * others are added to the builder, or found with {@link java.util.ServiceLoader} in other jars. Lower {@link #order()} loads first: resources (file systems,
 * variables, policies) before functions, functions before what refers to them (endpoints).
 */
public interface EntryHandler {

    int RESOURCES = 0;
    int FUNCTIONS = 100;
    int CONSUMERS = 200;

    Set<String> kinds();

    /**
     * The kinds as declared field tables (what the handler checks entries against), for the JSON
     * Schema of {@code _index.yaml}; a kind without one is schema-checked only for the fields every
     * entry has.
     */
    default java.util.List<ai.wippy.registry.KindSpec> specs() {
        return java.util.List.of();
    }

    default int order() {
        return FUNCTIONS;
    }

    /**
     * Work the boot may run for this entry in parallel with other entries' before the loads begin
     * (compiling its binary), or null. Called on the loading thread once the resources (file systems)
     * are loaded; whatever fails here or in the work is ignored, the load reports it.
     */
    default Runnable prepare(RegistryEntry entry, LoadContext context) {
        return null;
    }

    /** Validates and loads one entry; a problem is a {@link ai.wippy.registry.RegistryException}. */
    void load(RegistryEntry entry, LoadContext context);
}
