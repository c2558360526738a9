package ai.wippy.spi;

import ai.wippy.engine.ModuleCompiler;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every {@link LoadContext} holds the same way: the registry, the settings, the compiler and
 * assembler, and the resources the loaded entries published. The runtime's boot and the build-time
 * compiler of {@code wippy-maven-plugin} differ only in what else they offer.
 */
public abstract class AbstractLoadContext implements LoadContext {

    private final Registry registry;
    private final RuntimeSettings settings;
    private final ModuleCompiler compiler;
    private final WatAssembler assembler;
    private final Map<EntryId, Object> resources = new LinkedHashMap<>();

    protected AbstractLoadContext(
            Registry registry, RuntimeSettings settings, ModuleCompiler compiler, WatAssembler assembler) {
        this.registry = registry;
        this.settings = settings;
        this.compiler = compiler;
        this.assembler = assembler;
    }

    @Override
    public final Registry registry() {
        return registry;
    }

    @Override
    public final RuntimeSettings settings() {
        return settings;
    }

    @Override
    public final ModuleCompiler compiler() {
        return compiler;
    }

    @Override
    public final WatAssembler assembler() {
        return assembler;
    }

    @Override
    public final void putResource(EntryId id, Object resource) {
        resources.put(id, resource);
    }

    /** The resources published so far, by entry, in the order they were (live, not a copy). */
    public final Map<EntryId, Object> resources() {
        return resources;
    }

    /**
     * The resource {@code target} published, as {@code type}; otherwise an error on {@code field} of
     * {@code from} that names the target, its kind and what was expected.
     */
    protected final <T> T published(RegistryEntry from, String field, RegistryEntry target, Class<T> type) {
        Object r = resources.get(target.id());
        if (!type.isInstance(r)) {
            throw from.error(
                    field,
                    "refers to '" + target.id() + "' of kind " + target.kind() + ", which is not a "
                            + type.getSimpleName()
                                    .replaceAll("([a-z])([A-Z])", "$1 $2")
                                    .toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(r);
    }
}
