package ai.wippy.wasm;

import ai.wippy.engine.CompiledModule;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import com.dylibso.chicory.runtime.ImportFunction;
import java.util.List;

/**
 * Serves the imports of core modules from one import module namespace (for example
 * {@code wasi_snapshot_preview1} or {@code wippy:runtime/funcs}). Found as a builder service or with
 * {@link java.util.ServiceLoader}. A provider must link even when the entry was not granted its
 * capability, and then behave as absent.
 */
public interface CoreImportProvider {

    /** Whether this provider serves imports whose module name is {@code importModule}. */
    boolean serves(String importModule);

    /** Prepares the imports of one entry, once, at boot. */
    InstanceImports prepare(RegistryEntry entry, CompiledModule module, String importModule, LoadContext context);

    /** Creates the host functions for each new instance (so per-instance state stays per instance). */
    interface InstanceImports {
        List<ImportFunction> functions();
    }
}
