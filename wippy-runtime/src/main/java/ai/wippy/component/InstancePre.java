package ai.wippy.component;

import ai.wippy.abi.ResourceTables;
import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.component.host.HostInterface;
import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.engine.InstanceImage;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.wasi.p2.WasiState;
import ai.wippy.wit.FunctionSignature;
import com.dylibso.chicory.runtime.Instance;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A component with its imports resolved to host interfaces: everything decided, so that {@link
 * #instantiate()} only creates instances (core instances, host bindings, a handle table). Shared
 * by a pool's factory.
 */
public final class InstancePre {

    private final Component component;
    private final Map<String, HostInterface> hosts;
    private final Set<String> granted;
    private final RegistryEntry entry;
    private volatile Integer memoryCeilingPages;
    private volatile long maxLiftBytes = ai.wippy.spi.MemorySettings.DEFAULT_MAX_LIFT_BYTES;
    private volatile GuestMemoryBudget memoryBudget = GuestMemoryBudget.unbounded();
    private final List<String> absent;
    private volatile java.util.function.Supplier<WasiState> instanceState = () -> null;
    /**
     * One image per core instantiation, taken from the first instance (memory images when no core
     * module has a start section, full images when start functions ran without calling an import or
     * a resource built-in), with what that instance's run derived from definitions alone (resolved
     * types, the lifts' and lowers' signatures, core types and canonical plans); null
     * until then (for good when a start function calls out: every instance is then made afresh).
     */
    private volatile Template template;

    private record Template(List<InstanceImage> images, Map<ai.wippy.component.binary.Definition, Object> constants) {}

    InstancePre(
            Component component,
            Map<String, HostInterface> hosts,
            Set<String> granted,
            RegistryEntry entry,
            List<String> absent) {
        this.component = component;
        this.absent = List.copyOf(absent);
        this.hosts = hosts;
        this.granted = Set.copyOf(granted);
        this.entry = entry;
    }

    public Component component() {
        return component;
    }

    /**
     * Caps every memory the core modules define at {@code memoryCeilingPages} 64 KiB pages (null: their
     * own limits), and what lifting the values of one crossing may allocate at {@code maxLiftBytes}.
     */
    public InstancePre withLimits(Integer memoryCeilingPages, long maxLiftBytes) {
        this.memoryCeilingPages = memoryCeilingPages;
        this.maxLiftBytes = maxLiftBytes;
        this.template = null;
        return this;
    }

    /** Charges the memories of every instance to {@code budget} (by default an unbounded one). */
    public InstancePre withMemoryBudget(GuestMemoryBudget budget) {
        this.memoryBudget = budget;
        return this;
    }

    /**
     * Makes the state the host interfaces of each new instance share (e.g. the entry's WASI settings
     * and standard streams), once per instance before any of them is bound; a supplier answering null
     * (the default) gives {@link WasiState#none}.
     */
    public InstancePre withInstanceState(java.util.function.Supplier<WasiState> state) {
        this.instanceState = state;
        return this;
    }

    /**
     * The imports linked as absent, as the component names them: application interfaces the entry
     * does not grant; calling one of their functions traps, naming the import.
     */
    public List<String> absentImports() {
        return absent;
    }

    /** Which host interface serves each non-type import, by import name. */
    public Map<String, String> linkedImports() {
        Map<String, String> out = new LinkedHashMap<>();
        hosts.forEach((k, v) -> out.put(k, v.getClass().getSimpleName() + "(" + v.name() + ")"));
        return out;
    }

    /**
     * Creates an instance: binds every host interface to it, instantiates and wires the core
     * modules, runs their start functions.
     *
     * @throws ComponentInstantiationException when linking fails at run time (a host lacks a
     *     function the component imports) or a start function traps
     */
    public ComponentInstance instantiate() {
        return instantiate(instanceState.get());
    }

    /**
     * Creates an instance whose host interfaces share {@code state} (instead of the {@link
     * #withInstanceState} one): per-process arguments, standard streams and I/O budget; null gives
     * {@link WasiState#none}. The state must be this instance's alone.
     */
    public ComponentInstance instantiate(WasiState state) {
        ResourceTables resources = new ResourceTables();
        List<BoundInterface> bindings = new ArrayList<>();
        WasiState shared = state != null
                ? state
                : WasiState.none(entry == null ? null : entry.id().toString(), granted);
        Instantiation.ImportResolver resolver = (name, declared) -> {
            HostInterface host = hosts.get(name);
            if (host == null) {
                return null;
            }
            BoundInterface bound = host.bind(new HostBinding(entry, name, granted, shared, resources));
            bindings.add(bound);
            if (declared instanceof InstanceShape shape) {
                Map<String, Object> instance = new LinkedHashMap<>();
                shape.exports().forEach((item, type) -> {
                    if (type instanceof FunctionSignature sig) {
                        instance.put(item, hostFunc(name, item, sig, bound));
                    } else {
                        instance.put(item, type);
                    }
                });
                return instance;
            }
            if (declared instanceof FunctionSignature sig) {
                return hostFunc(name, name, sig, bound);
            }
            return null;
        };
        GuestMemoryBudget.Lease memory =
                memoryBudget.lease(entry == null ? null : entry.id().toString(), memoryCeilingPages);
        try {
            Template from = template;
            Instantiation run = new Instantiation(
                    component.modules(),
                    memory,
                    maxLiftBytes,
                    resources,
                    from == null ? null : from.images(),
                    from == null ? null : from.constants(),
                    component::shared);
            Map<String, Object> exports = run.run(component.ast(), null, resolver);
            if (from != null) {
                List<Instance> cores = run.coreInstances();
                for (int i = 0; i < cores.size(); i++) {
                    from.images().get(i).initialised(cores.get(i), cores);
                }
            } else if (!run.importCalled()) {
                // the first instance, before anyone called it: its state becomes the template's (the
                // memories, or everything when start functions ran, none of them calling out)
                List<InstanceImage> images = capture(run.coreInstances(), run.started());
                if (images != null) {
                    template = new Template(images, java.util.Collections.unmodifiableMap(run.constants()));
                }
            }
            return new ComponentInstance(exports, bindings, resources, memory);
        } catch (RuntimeException e) {
            for (BoundInterface b : bindings) {
                b.close();
            }
            memory.close();
            if (e instanceof ComponentInstantiationException || e instanceof ai.wippy.call.WippyException) {
                throw e;
            }
            throw new ComponentInstantiationException("cannot instantiate the component: " + e.getMessage(), e);
        }
    }

    /**
     * Whether new instances are made from a template (the first instance's memories, shared
     * copy-on-write) rather than by initialising every core instance again.
     */
    public boolean templated() {
        return template != null;
    }

    /** What the template's run derived from definitions alone (tests); empty until the template exists. */
    Map<ai.wippy.component.binary.Definition, Object> templateConstants() {
        Template t = template;
        return t == null ? Map.of() : t.constants();
    }

    private static List<InstanceImage> capture(List<Instance> cores, boolean full) {
        List<InstanceImage> images = new ArrayList<>(cores.size());
        for (Instance core : cores) {
            InstanceImage image = full ? InstanceImage.captureFull(core, cores) : InstanceImage.capture(core);
            if (image == null) {
                return null;
            }
            images.add(image);
        }
        return List.copyOf(images);
    }

    private static ComponentFunc hostFunc(String iface, String item, FunctionSignature sig, BoundInterface bound) {
        HostFunction fn = bound.function(item, sig);
        if (fn == null) {
            throw new ComponentInstantiationException(
                    "host interface " + iface + " does not provide function '" + item + "' (" + sig.describe() + ")");
        }
        return new ComponentFunc() {
            @Override
            public FunctionSignature signature() {
                return sig;
            }

            @Override
            public Object call(List<Object> args) throws Exception {
                return fn.call(args);
            }
        };
    }
}
