package ai.wippy.engine;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * A decoded, validated and (in compiler mode) compiled core module. Built once per distinct binary
 * and shared by every entry and every instance that uses it: instantiating is cheap.
 */
public record CompiledModule(WasmModule module, String sha256, EngineMode mode, InstanceBuild build) {

    /**
     * @param build how its instances are made: the first through Chicory's builder, the later ones
     *     from the plan it leaves
     */
    public CompiledModule {}

    CompiledModule(WasmModule module, Function<Instance, Machine> machineFactory, String sha256, EngineMode mode) {
        this(module, sha256, mode, new InstanceBuild(module, machineFactory));
    }

    /**
     * Creates a new instance with the given imports (start function and initialisation run); {@code
     * memoryCeilingPages} as in {@link #instantiate(ImportValues, Integer, boolean)}.
     */
    public Instance instantiate(ImportValues imports, Integer memoryCeilingPages) {
        return instantiate(imports, memoryCeilingPages, true);
    }

    /**
     * Creates a new instance. The start section always runs; {@code start} says whether an exported
     * {@code _start} (a WASI command's main) runs too, as Chicory does by default. Function pools and
     * the process host pass false and call {@code _start} themselves when it is the entry's method.
     *
     * <p>{@code memoryCeilingPages} (null: the module's own limits) lowers the maximum of every memory
     * the module defines, so that {@code memory.grow} past it answers -1. The memory is not charged to
     * any budget: the runtime's own paths use {@link #instantiate(ImportValues, GuestMemoryBudget.Lease,
     * boolean)}.
     */
    public Instance instantiate(ImportValues imports, Integer memoryCeilingPages, boolean start) {
        return instantiate(imports, GuestMemoryBudget.unbounded().lease(null, memoryCeilingPages), start);
    }

    /**
     * Creates a new instance whose memories are created through {@code lease}: capped at its ceiling
     * and charged to its budget (initial pages now, growth as it happens). Chicory allocates a memory's
     * pages as it grows, so ceiling and budget bound the heap the instance can take; a declared minimum
     * above the ceiling cannot instantiate (the loaders refuse such a module at boot), one the budget
     * cannot hold fails with {@link ai.wippy.call.ErrorKind#SATURATED}. The caller closes the lease
     * when it discards the instance.
     */
    public Instance instantiate(ImportValues imports, GuestMemoryBudget.Lease lease, boolean start) {
        return instantiate(imports, lease, start, null);
    }

    /**
     * Creates an instance as {@link #instantiate(ImportValues, GuestMemoryBudget.Lease, boolean)}; with
     * an {@code image} (taken from an instance of this module, see {@link InstanceImage}) the memories
     * it defines start as the image's, sharing its pages until they are written, and are neither zeroed
     * nor initialised with the data segments again; the caller then calls {@link
     * InstanceImage#initialised} once the instances that import those memories exist too.
     */
    public Instance instantiate(
            ImportValues imports, GuestMemoryBudget.Lease lease, boolean start, InstanceImage image) {
        java.util.function.Function<com.dylibso.chicory.wasm.types.MemoryLimits, com.dylibso.chicory.runtime.Memory>
                memories;
        if (image == null) {
            memories = lease::create;
        } else {
            int[] next = {0};
            memories = limits -> {
                int i = next[0]++;
                if (i >= image.memoryCount()) {
                    throw new IllegalStateException("the instance image of module " + sha256 + " has "
                            + image.memoryCount() + " memories, the module defines more");
                }
                return lease.create(limits, image.memory(i));
            };
        }
        // an instance made from a full image does not run the start function again: the image holds
        // what it did
        InstanceBuild with =
                image != null && image.full() && module.startSection().isPresent() ? build.withoutStart() : build;
        return with.build(imports, memories, start);
    }

    /**
     * Whether instances of this module are made from a prepared plan now (see {@link
     * com.dylibso.chicory.runtime.PreparedInstance}): true once one instance was made.
     */
    public boolean prepared() {
        return build.prepared();
    }

    /**
     * Whether instances of this module can be made from a memory image ({@link
     * InstanceImage#capture}): it has no start section, so instantiating it runs no guest code and
     * leaves state only in its memories. A module with a start section needs a full image ({@link
     * InstanceImage#captureFull}), taken only when its start function called no import.
     */
    public boolean templatable() {
        return module.startSection().isEmpty();
    }

    /** The names of the exported functions, for error messages. */
    public List<String> exportedFunctions() {
        List<String> names = new ArrayList<>();
        var section = module.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION) {
                names.add(e.name());
            }
        }
        return names;
    }

    /** The core type of an exported function, if there is one by that name. */
    public Optional<FunctionType> exportedFunctionType(String name) {
        var section = module.exportSection();
        for (int i = 0; i < section.exportCount(); i++) {
            Export e = section.getExport(i);
            if (e.exportType() == ExternalType.FUNCTION && e.name().equals(name)) {
                return Optional.of(module.typeSection().getType(functionTypeIndex((int) e.index())));
            }
        }
        return Optional.empty();
    }

    private int functionTypeIndex(int funcIndex) {
        int imported = module.importSection().count(ExternalType.FUNCTION);
        if (funcIndex < imported) {
            int seen = 0;
            for (int i = 0; i < module.importSection().importCount(); i++) {
                var imp = module.importSection().getImport(i);
                if (imp.importType() == ExternalType.FUNCTION) {
                    if (seen == funcIndex) {
                        return ((com.dylibso.chicory.wasm.types.FunctionImport) imp).typeIndex();
                    }
                    seen++;
                }
            }
        }
        return module.functionSection().getFunctionType(funcIndex - imported);
    }
}
