package ai.wippy.engine;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;

/**
 * Makes the instances of one core module for one user (a function pool): the first is instantiated
 * afresh and, when the module has no start section, its memories become the image every later
 * instance starts from (shared copy-on-write, see {@link InstanceImage}). The image is taken before
 * the first instance is handed out, so it never holds what a call did or a trap left.
 */
public final class ModuleTemplate {

    private final CompiledModule module;
    private volatile InstanceImage image;

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
            InstanceImage.initialised(instance);
            return instance;
        }
        Instance instance = module.instantiate(imports, lease, false);
        if (module.templatable()) {
            image = InstanceImage.capture(instance);
        }
        return instance;
    }

    /** Whether instances are made from an image now. */
    public boolean templated() {
        return image != null;
    }
}
