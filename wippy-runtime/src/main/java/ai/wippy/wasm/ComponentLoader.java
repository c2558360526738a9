package ai.wippy.wasm;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.RegisteredFunction;

/** Turns a component binary named by a {@code function.wasm} entry into a callable function. */
public interface ComponentLoader {

    RegisteredFunction load(RegistryEntry entry, byte[] binary, LoadContext context);

    /** Compiles a component ahead of its load (from any thread); failures are left for the load. */
    default void prepare(byte[] binary, LoadContext context) {}
}
