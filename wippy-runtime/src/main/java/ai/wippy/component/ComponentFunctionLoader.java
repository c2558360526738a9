package ai.wippy.component;

import ai.wippy.component.binary.ComponentDecodeException;
import ai.wippy.component.host.HostInterface;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.pool.InstanceFactory;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.PoolConfigReader;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.wasm.ComponentLoader;
import ai.wippy.wasm.ExecutionLimits;
import ai.wippy.wasm.ImportGroups;
import ai.wippy.wasm.MemoryCeiling;
import ai.wippy.wasm.WasmFunctionHandler;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.WitParser;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Loads a component named by a {@code function.wasm} entry: compiles it (once per binary and
 * compiler: entries sharing a binary share the {@link Component}), links its imports to the host
 * interfaces found through {@code LoadContext.services(HostInterface.class)}, creates one instance at
 * boot to check that it instantiates and that {@code method} is exported, and pools instances.
 */
public final class ComponentFunctionLoader implements ComponentLoader {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ComponentFunctionLoader.class);

    /** Compiled components per compiler (one compiler per runtime) and binary hash. */
    private static final Map<ModuleCompiler, Map<String, Component>> CACHE = new WeakHashMap<>();

    static Component compile(byte[] binary, ModuleCompiler compiler) {
        String hash = ai.wippy.engine.Digests.sha256Hex(binary);
        Map<String, Component> perCompiler;
        synchronized (CACHE) {
            perCompiler = CACHE.computeIfAbsent(compiler, c -> new ConcurrentHashMap<>());
        }
        Component cached = perCompiler.get(hash);
        if (cached != null) {
            return cached;
        }
        Component compiled = Component.compile(binary, compiler);
        Component raced = perCompiler.putIfAbsent(hash, compiled);
        return raced == null ? compiled : raced;
    }

    /**
     * Compiles and links a component for {@code entry}: the built-in WASI hosts, then the
     * application's host interfaces, each import held to the entry's grants; WASI imports get the
     * entry's {@code wasi} settings and its logger as stdio.
     */
    @Override
    public void prepare(byte[] binary, LoadContext context) {
        compile(binary, context.compiler());
    }

    public static InstancePre link(RegistryEntry entry, byte[] binary, String binaryField, LoadContext context) {
        Component component;
        try {
            component = compile(binary, context.compiler());
        } catch (ComponentDecodeException e) {
            throw entry.error(binaryField, "component does not decode: " + e.getMessage(), e);
        }
        MemoryCeiling ceiling = MemoryCeiling.of(ExecutionLimits.read(entry), context.settings());
        for (var module : component.modules().values()) {
            ceiling.check(entry, module.module(), "a core module of the component");
        }
        Set<String> granted = ImportGroups.read(entry);
        ComponentLinker linker = new ComponentLinker()
                .defineAll(ai.wippy.wasi.p2.hosts.WasiPreview2.hosts())
                .defineAll(context.services(HostInterface.class));
        InstancePre pre;
        try {
            pre = linker.instantiatePre(component, granted, entry);
        } catch (ComponentLinker.LinkError e) {
            throw entry.error("imports", e.getMessage(), e);
        }
        pre.withLimits(ceiling.pages(), context.settings().memory().maxLiftBytes())
                .withMemoryBudget(context.memoryBudget());
        if (!pre.absentImports().isEmpty()) {
            LOG.info(
                    "{}: imports linked as absent (not granted; calling them traps): {}",
                    entry.id(),
                    String.join(", ", pre.absentImports()));
        }
        if (importsWasi(component)) {
            ai.wippy.wasi.WasiSettings wasi = ai.wippy.wasi.WasiSettings.read(entry, context);
            ai.wippy.wasi.WasiStdio stdio =
                    ai.wippy.wasi.WasiStdio.logger(entry.id().toString());
            pre.withInstanceState(() -> ai.wippy.wasi.p2.WasiState.of(wasi, stdio, java.util.List.of()));
        }
        return pre;
    }

    @Override
    public RegisteredFunction load(RegistryEntry entry, byte[] binary, LoadContext context) {
        String binaryField = entry.kind().equals("function.wat") ? "source" : "path";
        InstancePre pre = link(entry, binary, binaryField, context);
        ExecutionLimits limits = ExecutionLimits.read(entry);
        String method = entry.requiredString("method");
        FunctionSignature signature;
        try (ComponentInstance probe = pre.instantiate()) {
            ComponentFunction fn = probe.function(method)
                    .orElseThrow(() -> entry.error(
                            "method",
                            "'" + method + "' is not exported; the component exports " + probe.functionNames()));
            signature = fn.signature();
        } catch (ComponentInstantiationException e) {
            throw entry.error(binaryField, e.getMessage(), e);
        }
        checkWit(entry, signature);
        PoolConfig poolConfig = PoolConfigReader.read(entry);
        MemoryCeiling.checkPool(entry, poolConfig, minimumBytes(pre.component()), context.settings());
        InstanceFactory<PooledComponent> factory = new InstanceFactory<>() {
            @Override
            public PooledComponent create() {
                ComponentInstance instance = pre.instantiate();
                return new PooledComponent(instance, instance.function(method).orElseThrow());
            }

            @Override
            public void destroy(PooledComponent instance) {
                instance.instance().close();
            }
        };
        InstancePool<PooledComponent> pool = WasmFunctionHandler.pool(entry, factory, poolConfig);
        return new ComponentRegisteredFunction(
                entry, signature, poolConfig, pool, limits.maxExecution(), effectsStayInside(pre.component()));
    }

    /** The interfaces whose functions act only on the instance, the request it serves, clocks and randomness. */
    private static final Set<String> INSIDE = Set.of(
            "wasi:http/types",
            "wasi:io/error",
            "wasi:io/poll",
            "wasi:io/streams",
            "wasi:clocks/monotonic-clock",
            "wasi:clocks/wall-clock",
            "wasi:random/random",
            "wasi:random/insecure",
            "wasi:random/insecure-seed",
            "wasi:cli/environment");

    /** Whether every import of {@code component} is one of {@link #INSIDE} (see {@link RegisteredFunction#effectsStayInside}). */
    static boolean effectsStayInside(Component component) {
        for (Component.ImportInfo i : component.imports()) {
            if (!INSIDE.contains(i.unversioned())) {
                return false;
            }
        }
        return true;
    }

    /** The memory a component's core modules declare as their minimum, each counted once. */
    static long minimumBytes(Component component) {
        long total = 0;
        for (var module : component.modules().values()) {
            total += MemoryCeiling.minimumBytes(module.module());
        }
        return total;
    }

    static boolean importsWasi(Component component) {
        return component.imports().stream().anyMatch(i -> i.unversioned().startsWith("wasi:"));
    }

    /** A {@code wit} given for a component must agree with the component's own type. */
    private static void checkWit(RegistryEntry entry, FunctionSignature actual) {
        String wit = entry.string("wit");
        if (wit == null) {
            return;
        }
        FunctionSignature declared;
        try {
            declared = WitParser.parseFunction(wit, actual.name());
        } catch (WitParser.WitSyntaxException e) {
            throw entry.error("wit", "not a WIT signature: " + e.getMessage(), e);
        }
        if (!WitParser.sameName(declared.name(), actual.name())) {
            throw entry.error(
                    "wit",
                    "describes function '" + declared.name() + "' but the method's export is '" + actual.name()
                            + "'; name it in the signature, e.g. '" + actual.name() + ": func(...)'");
        }
        if (!TypeMatch.sameShape(declared, actual)) {
            throw entry.error(
                    "wit",
                    "the signature " + declared.describe() + " does not match the component's export "
                            + actual.describe());
        }
    }

    /** A pooled instance with the export the entry calls. */
    record PooledComponent(ComponentInstance instance, ComponentFunction function) {}
}
