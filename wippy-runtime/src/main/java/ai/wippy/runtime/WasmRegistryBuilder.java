package ai.wippy.runtime;

import ai.wippy.call.CallContextProvider;
import ai.wippy.engine.ModuleCompiler;
import ai.wippy.engine.WatAssembler;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.registry.RegistryOptions;
import ai.wippy.spi.Dispatcher;
import ai.wippy.spi.EntryHandler;
import ai.wippy.spi.LoadContext;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spi.RuntimeObserver;
import ai.wippy.spi.RuntimeSettings;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

/** Loads registry documents into a running {@link WasmRegistry}. Any problem stops the boot, named. */
public final class WasmRegistryBuilder {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WasmRegistryBuilder.class);

    /** Kinds of the contract that this build does not run yet. */
    private static final Set<String> PLANNED_KINDS = Set.of();

    private final List<RegistryDocument> documents = new ArrayList<>();
    private final List<EntryHandler> handlers = new ArrayList<>();
    private final List<Object> services = new ArrayList<>();
    private RuntimeSettings settings = RuntimeSettings.defaults();
    private ai.wippy.registry.RegistryOptions registryOptions = ai.wippy.registry.RegistryOptions.defaults();
    private RuntimeObserver observer = RuntimeObserver.NONE;
    private CallContextProvider ambientContext = CallContextProvider.EMPTY;
    private boolean discoverHandlers = true;
    private ai.wippy.engine.CompileCache compileCache;
    private List<RegistryDocument> parsedDocuments;
    private Registry parsed;

    /**
     * The providers {@link ServiceLoader} finds for each type, looked for once per builder: every entry
     * asks for the services it uses, and each search reads every jar of the class path. Each lookup
     * still gets fresh instances ({@link ServiceLoader.Provider#get} makes one per call), as a search
     * of its own would give.
     */
    private final Map<Class<?>, List<ServiceLoader.Provider<?>>> discovered =
            new java.util.concurrent.ConcurrentHashMap<>();

    WasmRegistryBuilder() {}

    @SuppressWarnings("unchecked")
    private <T> List<ServiceLoader.Provider<T>> discovered(Class<T> type) {
        List<?> providers = discovered.computeIfAbsent(type, t -> {
            List<ServiceLoader.Provider<?>> found = new ArrayList<>();
            ServiceLoader.load(t, WasmRegistryBuilder.class.getClassLoader()).stream()
                    .forEach(found::add);
            return List.copyOf(found);
        });
        return (List<ServiceLoader.Provider<T>>) providers;
    }

    public WasmRegistryBuilder documents(List<RegistryDocument> docs) {
        documents.addAll(docs);
        return this;
    }

    /**
     * Adds {@code docs}, which the caller has already parsed into {@code parsed} (with {@link
     * Registry#load(List, RegistryOptions)}): when they are the build's only documents and were parsed
     * with its {@link #registryOptions}, the build takes {@code parsed} instead of parsing them again.
     */
    public WasmRegistryBuilder documents(List<RegistryDocument> docs, Registry parsed) {
        documents.addAll(docs);
        this.parsedDocuments = List.copyOf(docs);
        this.parsed = parsed;
        return this;
    }

    public WasmRegistryBuilder document(RegistryDocument doc) {
        documents.add(doc);
        return this;
    }

    public WasmRegistryBuilder settings(RuntimeSettings value) {
        this.settings = value;
        return this;
    }

    /** How registry files and the files their entries name are read (size limit, confinement). */
    public WasmRegistryBuilder registryOptions(ai.wippy.registry.RegistryOptions value) {
        this.registryOptions = value;
        return this;
    }

    /**
     * Where compiled classes are loaded from and stored (null, the default: build-time classes only,
     * from this library's class loader, nothing written).
     */
    public WasmRegistryBuilder compileCache(ai.wippy.engine.CompileCache value) {
        this.compileCache = value;
        return this;
    }

    public WasmRegistryBuilder handler(EntryHandler handler) {
        handlers.add(handler);
        return this;
    }

    /**
     * Whether to add the built-in handlers ({@link BuiltIns}) and those of other jars found with {@link
     * ServiceLoader} (on by default); off, only the handlers added with {@link #handler} serve entries.
     */
    public WasmRegistryBuilder discoverHandlers(boolean value) {
        this.discoverHandlers = value;
        return this;
    }

    public <T> WasmRegistryBuilder service(Class<T> type, T service) {
        services.add(service);
        return this;
    }

    public WasmRegistryBuilder observer(RuntimeObserver value) {
        this.observer = value;
        return this;
    }

    /** Supplies the context of calls made from outside any call (for example the logged-in user). */
    public WasmRegistryBuilder ambientContext(CallContextProvider value) {
        this.ambientContext = value;
        return this;
    }

    public WasmRegistry build() {
        List<EntryHandler> all = new ArrayList<>(handlers);
        if (discoverHandlers) {
            java.util.stream.Stream.concat(
                            BuiltIns.handlers().stream(),
                            discovered(EntryHandler.class).stream().map(ServiceLoader.Provider::get))
                    .forEach(h -> {
                        if (all.stream().noneMatch(existing -> existing.getClass() == h.getClass())) {
                            all.add(h);
                        }
                    });
        }
        Map<String, EntryHandler> byKind = new HashMap<>();
        for (EntryHandler h : all) {
            for (String kind : h.kinds()) {
                byKind.putIfAbsent(kind, h);
            }
        }
        WippyKindsNotServed notServed = new WippyKindsNotServed();
        for (String kind : notServed.kinds()) {
            byKind.putIfAbsent(kind, notServed);
        }
        ModuleCompiler compiler = new ModuleCompiler(
                settings.engineMode(),
                compileCache != null
                        ? compileCache
                        : ai.wippy.engine.CompileCache.classPathOnly(WasmRegistryBuilder.class.getClassLoader()));
        compiler.onCompile(observer::onCompile);
        Dispatcher dispatcher = new Dispatcher();
        settings.workerClasses().forEach(dispatcher::declareWorkerClass);
        RegistryOptions options = registryOptions;
        WasmRegistry runtime = new WasmRegistry(
                settings,
                dispatcher,
                observer,
                ambientContext,
                (docs, rt) -> load(Registry.load(docs, options), byKind, compiler, dispatcher, rt));
        // Built-in host interface for components: wippy:runtime/funcs (granted per entry by imports: [funcs]).
        if (services.stream()
                .noneMatch(x -> x instanceof ai.wippy.component.host.HostInterface h
                        && h.name().equals(ai.wippy.funcs.FuncsBridge.INTERFACE))) {
            services.add(new ai.wippy.funcs.FuncsHostInterface(() -> runtime));
        }
        // Built-in wippy:actor/process for process.wasm components (granted by imports: [wippy:actor]).
        if (services.stream()
                .noneMatch(x -> x instanceof ai.wippy.component.host.HostInterface h
                        && h.name().equals(ai.wippy.process.ActorHost.INTERFACE))) {
            services.add(new ai.wippy.process.ActorHost());
        }
        try {
            runtime.install(load(registry(), byKind, compiler, dispatcher, runtime));
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        return runtime;
    }

    /** The entries of the documents: those parsed already when they are what the build would parse. */
    private Registry registry() {
        if (parsed != null
                && documents.equals(parsedDocuments)
                && parsed.options().equals(registryOptions)) {
            return parsed;
        }
        return Registry.load(documents, registryOptions);
    }

    /** Loads every entry of {@code registry} into a generation of {@code runtime}; on failure closes what it made. */
    private WasmRegistry.Generation load(
            Registry registry,
            Map<String, EntryHandler> byKind,
            ModuleCompiler compiler,
            Dispatcher dispatcher,
            WasmRegistry runtime) {
        Loader loader = new Loader(registry, byKind, compiler, dispatcher);
        loader.runtime = runtime;
        try {
            List<RegistryEntry> ordered = new ArrayList<>(registry.entries());
            for (RegistryEntry e : ordered) {
                loader.handlerFor(e);
            }
            ordered.sort(Comparator.comparingInt(e -> loader.handlerFor(e).order()));
            int next = 0;
            while (next < ordered.size() && loader.handlerFor(ordered.get(next)).order() < EntryHandler.FUNCTIONS) {
                loader.load(ordered.get(next++));
            }
            prepare(ordered.subList(next, ordered.size()), loader);
            for (RegistryEntry e : ordered.subList(next, ordered.size())) {
                loader.load(e);
            }
        } catch (RuntimeException e) {
            List<AutoCloseable> made = new ArrayList<>(loader.functions.values());
            loader.resources.values().forEach(r -> {
                if (r instanceof AutoCloseable c) {
                    made.add(c);
                }
            });
            WasmRegistry.closeAll(made);
            throw e;
        }
        ModuleCompiler.Stats stats = compiler.stats();
        runtime.compileStats(stats);
        if (stats.compiled() + stats.fromBuildTime() + stats.fromCache() > 0) {
            LOG.info(
                    "wippy: {} modules compiled at boot, {} loaded from build-time classes, {} from the compile cache{}",
                    stats.compiled(),
                    stats.fromBuildTime(),
                    stats.fromCache(),
                    compiler.compileCache().directory() == null
                            ? ""
                            : " (" + compiler.compileCache().directory() + ")");
        }
        return new WasmRegistry.Generation(registry, loader.functions, loader.resources, settings);
    }

    /**
     * Runs the entries' {@link EntryHandler#prepare} work (compiling their binaries) on as many threads
     * as there are cores, so that distinct binaries compile in parallel; the loads that follow find
     * them compiled. Failures are ignored here: the load of the entry reports them, named.
     */
    private static void prepare(List<RegistryEntry> entries, Loader loader) {
        List<Runnable> work = new ArrayList<>();
        for (RegistryEntry e : entries) {
            try {
                Runnable r = loader.handlerFor(e).prepare(e, loader);
                if (r != null) {
                    work.add(r);
                }
            } catch (RuntimeException ignored) {
                // reported by the load
            }
        }
        int threads = Math.min(Runtime.getRuntime().availableProcessors(), work.size());
        if (threads <= 1) {
            // nothing to overlap: the loads compile as they go
            return;
        }
        var queue = new java.util.concurrent.ConcurrentLinkedQueue<>(work);
        List<Thread> workers = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("wippy-compile-" + i).daemon().start(() -> {
                Runnable r;
                while ((r = queue.poll()) != null) {
                    try {
                        r.run();
                    } catch (RuntimeException | StackOverflowError ignored) {
                        // reported by the load
                    }
                }
            }));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Loader implements LoadContext {
        private final Registry registry;
        private final Map<String, EntryHandler> byKind;
        private final ModuleCompiler compiler;
        private final WatAssembler assembler;
        private final Dispatcher dispatcher;
        private final Map<String, RegisteredFunction> functions = new LinkedHashMap<>();
        private final Map<EntryId, Object> resources = new LinkedHashMap<>();
        private final Set<EntryId> loaded = new HashSet<>();
        private final Set<EntryId> loading = new HashSet<>();
        private WasmRegistry runtime;

        Loader(Registry registry, Map<String, EntryHandler> byKind, ModuleCompiler compiler, Dispatcher dispatcher) {
            this.registry = registry;
            this.byKind = byKind;
            this.compiler = compiler;
            this.assembler = new WatAssembler(compiler.compileCache());
            this.dispatcher = dispatcher;
        }

        EntryHandler handlerFor(RegistryEntry e) {
            EntryHandler h = byKind.get(e.kind());
            if (h != null) {
                return h;
            }
            if (PLANNED_KINDS.contains(e.kind())) {
                throw e.error("kind", "kind " + e.kind() + " is not supported yet");
            }
            throw e.error("kind", "unknown kind '" + e.kind() + "'; known kinds: " + new TreeSet<>(byKind.keySet()));
        }

        void load(RegistryEntry e) {
            if (loaded.contains(e.id())) {
                return;
            }
            if (!loading.add(e.id())) {
                throw e.error(null, "entries refer to each other in a cycle through '" + e.id() + "'");
            }
            handlerFor(e).load(e, this);
            loading.remove(e.id());
            loaded.add(e.id());
        }

        @Override
        public Registry registry() {
            return registry;
        }

        @Override
        public RuntimeSettings settings() {
            return settings;
        }

        @Override
        public ModuleCompiler compiler() {
            return compiler;
        }

        @Override
        public WatAssembler assembler() {
            return assembler;
        }

        @Override
        public Dispatcher dispatcher() {
            return dispatcher;
        }

        @Override
        public ai.wippy.engine.GuestMemoryBudget memoryBudget() {
            return runtime.memoryBudget();
        }

        @Override
        public WasmRegistry runtime() {
            return runtime;
        }

        @Override
        public <T> Optional<T> service(Class<T> type) {
            return services(type).stream().findFirst();
        }

        @Override
        public <T> List<T> services(Class<T> type) {
            List<T> out = new ArrayList<>();
            services.stream().filter(type::isInstance).map(type::cast).forEach(out::add);
            BuiltIns.services().stream()
                    .filter(type::isInstance)
                    .map(type::cast)
                    .filter(found -> out.stream().noneMatch(existing -> sameService(existing, found)))
                    .forEach(out::add);
            for (ServiceLoader.Provider<T> provider : discovered(type)) {
                T found = provider.get();
                if (out.stream().noneMatch(existing -> sameService(existing, found))) {
                    out.add(found);
                }
            }
            return out;
        }

        /**
         * Whether {@code found} is a second copy of {@code existing} (the first one wins): of the same
         * class; Lua modules, which {@link ai.wippy.lua.LuaModule#of} makes of one class, by their name.
         */
        private static boolean sameService(Object existing, Object found) {
            if (existing instanceof ai.wippy.lua.LuaModule a && found instanceof ai.wippy.lua.LuaModule b) {
                return a.name().equals(b.name());
            }
            return existing.getClass() == found.getClass();
        }

        @Override
        public void putResource(EntryId id, Object resource) {
            resources.put(id, resource);
        }

        @Override
        public Object published(RegistryEntry from, String field, RegistryEntry target) {
            load(target);
            return resources.get(target.id());
        }

        @Override
        public void addFunction(RegisteredFunction function) {
            functions.put(function.id().toString(), function);
            String wc = function.poolConfig().workerClass();
            if (wc != null) {
                dispatcher.declareWorkerClass(wc, function.poolConfig().workers());
            }
        }
    }
}
