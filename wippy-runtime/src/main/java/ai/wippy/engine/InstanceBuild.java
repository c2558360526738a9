package ai.wippy.engine;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.PreparedInstance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.util.function.Function;

/**
 * Builds the instances of one module (a {@link CompiledModule}, or its copy without the start
 * section): the first through Chicory's {@code Instance.Builder}, which checks the module and links
 * the imports by name; every later one from the {@link PreparedInstance} made then, which skips
 * what the builder derives from the module alone and checks the imports by position. Imports that
 * do not fit that plan go through the builder again, which reports what is wrong as it always does.
 */
final class InstanceBuild {

    private final WasmModule module;
    private final Function<Instance, Machine> machines;
    private volatile PreparedInstance prepared;

    InstanceBuild(WasmModule module, Function<Instance, Machine> machines) {
        this.module = module;
        this.machines = machines;
    }

    /** Whether instances are made from the prepared plan now (the builder made one already). */
    boolean prepared() {
        return prepared != null;
    }

    Instance build(ImportValues imports, Function<MemoryLimits, Memory> memories, boolean start) {
        PreparedInstance plan = prepared;
        if (plan != null) {
            Instance instance = plan.instantiate(imports, memories, start);
            if (instance != null) {
                return instance;
            }
        }
        Instance.Builder builder = Instance.builder(module)
                .withImportValues(imports)
                .withStart(start)
                .withMemoryFactory(memories);
        if (machines != null) {
            builder.withMachineFactory(machines);
        }
        Instance instance = builder.build();
        if (plan == null) {
            prepared = PreparedInstance.of(module, machines);
        }
        return instance;
    }
}
