package ai.wippy.wasm;

import ai.wippy.registry.RegistryEntry;
import ai.wippy.wit.FunctionSignature;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.Optional;

/**
 * Builds adapters for core modules whose {@code wit} signature needs memory (strings, lists,
 * records...): the canonical ABI with {@code cabi_realloc} and return pointers. Found as a builder
 * service or with {@link java.util.ServiceLoader}.
 */
public interface CanonicalCoreAbi {

    /**
     * An adapter for {@code signature} over an export of core type {@code coreType}, or empty when this
     * implementation cannot handle it. Mismatches are reported as registry errors of {@code entry}'s
     * {@code wit} field. Lifting a call's result may allocate at most {@code maxLiftBytes}.
     */
    Optional<CoreAbiAdapter> adapter(
            RegistryEntry entry,
            FunctionSignature signature,
            FunctionType coreType,
            com.dylibso.chicory.wasm.WasmModule module,
            long maxLiftBytes);
}
