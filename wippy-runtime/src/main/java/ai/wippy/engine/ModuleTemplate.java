package ai.wippy.engine;

import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the instances of one core module for one user (a function pool): the first is instantiated
 * afresh and becomes the image every later instance starts from (memories shared copy-on-write, see
 * {@link InstanceImage}). The image is taken before the first instance is handed out, so it never
 * holds what a call did or a trap left.
 *
 * <p>A module without a start section is imaged by its memories. A module with one is imaged whole
 * (memories, globals, tables, dropped segments) when its start function called none of the imports
 * while the first instance was made, and when the module imports nothing but functions (a start
 * function's writes then all land in what the instance defines); later instances skip the start
 * function. If the start function called an import (a host function, whose effects and answers
 * an image cannot hold), every instance is instantiated afresh and runs it.
 */
public final class ModuleTemplate {

    private final CompiledModule module;
    private volatile InstanceImage image;
    /** The start function called an import: never templated. */
    private volatile boolean refused;

    public ModuleTemplate(CompiledModule module) {
        this.module = module;
    }

    /**
     * A new instance with these imports, its memories created through {@code lease}; an exported
     * {@code _start} does not run (see {@link CompiledModule#instantiate(ImportValues,
     * GuestMemoryBudget.Lease, boolean)}).
     */
    public Instance instantiate(ImportValues imports, GuestMemoryBudget.Lease lease) {
        InstanceImage from = image;
        if (from != null) {
            Instance instance = module.instantiate(imports, lease, false, from);
            from.initialised(instance, List.of(instance));
            return instance;
        }
        if (module.templatable()) {
            Instance instance = module.instantiate(imports, lease, false);
            image = InstanceImage.capture(instance);
            return instance;
        }
        if (refused || !onlyFunctions(imports)) {
            return module.instantiate(imports, lease, false);
        }
        AtomicInteger calls = new AtomicInteger();
        Instance instance = module.instantiate(counting(imports, calls), lease, false);
        if (calls.get() == 0) {
            image = InstanceImage.captureFull(instance, List.of(instance));
        } else {
            refused = true;
        }
        return instance;
    }

    /** Whether instances are made from an image now. */
    public boolean templated() {
        return image != null;
    }

    private static boolean onlyFunctions(ImportValues imports) {
        return imports.memoryCount() == 0
                && imports.tableCount() == 0
                && imports.globalCount() == 0
                && imports.tagCount() == 0;
    }

    /** The same imports, each function counting its calls in {@code calls}. */
    private static ImportValues counting(ImportValues imports, AtomicInteger calls) {
        ImportFunction[] functions = imports.functions();
        ImportFunction[] counted = new ImportFunction[functions.length];
        for (int i = 0; i < functions.length; i++) {
            ImportFunction f = functions[i];
            var handle = f.handle();
            counted[i] = new ImportFunction(
                    f.module(),
                    f.name(),
                    f.functionType(),
                    (instance, args) -> {
                        calls.incrementAndGet();
                        return handle.apply(instance, args);
                    },
                    f.sourceInstance());
        }
        return ImportValues.builder().addFunction(counted).build();
    }
}
