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
public final class InstanceBuild {

    private final WasmModule module;
    private final Function<Instance, Machine> machines;
    private volatile PreparedInstance prepared;
    private volatile InstanceBuild withoutStart;

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

    /**
     * The same module without its start section (the same functions, compiled classes and segments),
     * for instances made from a full image, which holds what the start function did. Made once.
     */
    InstanceBuild withoutStart() {
        InstanceBuild s = withoutStart;
        if (s != null) {
            return s;
        }
        WasmModule.Builder b = WasmModule.builder()
                .setTypeSection(module.typeSection())
                .setImportSection(module.importSection())
                .setFunctionSection(module.functionSection())
                .setTableSection(module.tableSection())
                .setMemorySection(module.memorySection().orElse(null))
                .setGlobalSection(module.globalSection())
                .setExportSection(module.exportSection())
                .setElementSection(module.elementSection())
                .setCodeSection(module.codeSection())
                .setDataSection(module.dataSection())
                .setDataCountSection(module.dataCountSection().orElse(null))
                .setTagSection(module.tagSection().orElse(null))
                .withDigest(module.digest())
                .withValidation(false);
        for (var custom : module.customSections()) {
            b.addCustomSection(custom.name(), custom);
        }
        WasmModule copy = b.build();
        Function<Instance, Machine> copyMachines = machines;
        if (machines instanceof com.dylibso.chicory.compiler.internal.MachineFactory compiled) {
            // Chicory's factory checks that an instance is of the module it compiled; the classes
            // are the same for the copy
            copyMachines = new com.dylibso.chicory.compiler.internal.MachineFactory(copy, compiled.machineFactory());
        }
        s = new InstanceBuild(copy, copyMachines);
        withoutStart = s;
        return s;
    }
}
