package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.call.CallContextProvider;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.security.AccessGuard;
import ai.wippy.spi.Dispatcher;
import ai.wippy.spi.FunctionCaller;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.spi.RuntimeObserver;
import ai.wippy.spi.RuntimeSettings;
import ai.wippy.value.ResultValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The loaded registry and everything it runs: functions with their pools, resources, the
 * dispatcher. Every call, from Java, Lua or WASM, goes through {@link #invoke}: security check,
 * argument checks against the WIT signature, deadline, pool, metrics.
 *
 * <p>Over 500 lines because it is the facade users call and also the owner of the versions
 * (generations) that calls hold and live updates retire: both need the same private state.
 */
public final class WasmRegistry implements RunningRegistry, AutoCloseable {

    private final RuntimeSettings settings;
    private final Dispatcher dispatcher;
    private final RuntimeObserver observer;
    private final CallContextProvider ambientContext;
    private final ai.wippy.engine.GuestMemoryBudget memoryBudget;
    private final ai.wippy.actor.ActorSystem actors;
    /** Loads the generations {@link #apply} installs; {@code null} until the first is installed. */
    private final GenerationLoader loader;
    /** What runs now: replaced as a whole by {@link #apply}, read once per call. */
    private volatile Generation current;

    /** The handles of the functions loaded, by ID ({@link #handle}); those of removed functions are dropped. */
    private final java.util.concurrent.ConcurrentHashMap<String, FunctionHandle> handles =
            new java.util.concurrent.ConcurrentHashMap<>();

    private volatile RuntimeException lastApplyFailure;
    private volatile boolean closed;
    private final List<java.util.function.Consumer<ApplyResult>> applyListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Builds the entries of some documents into a generation of this runtime, aside. */
    @FunctionalInterface
    interface GenerationLoader {
        Generation load(List<ai.wippy.registry.RegistryDocument> documents, WasmRegistry runtime);
    }

    WasmRegistry(
            RuntimeSettings settings,
            Dispatcher dispatcher,
            RuntimeObserver observer,
            CallContextProvider ambientContext,
            GenerationLoader loader) {
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.observer = observer;
        this.ambientContext = ambientContext;
        this.loader = loader;
        this.memoryBudget =
                new ai.wippy.engine.GuestMemoryBudget(settings.memory().totalMemoryBytes());
        memoryBudget.onPressure(this::trimIdlePools);
        this.actors = new ai.wippy.actor.ActorSystem(ai.wippy.actor.ActorSystem.defaultNode(), this::accessGuard);
    }

    /** Destroys the idle instances of every pool, so that their guest memory serves a call that needs it. */
    private int trimIdlePools() {
        Generation g = current;
        if (g == null) {
            return 0;
        }
        List<RegisteredFunction> all;
        try {
            all = List.copyOf(g.functions.values());
        } catch (java.util.ConcurrentModificationException stillLoading) {
            return 0;
        }
        int trimmed = 0;
        for (RegisteredFunction f : all) {
            if (f.pool() != null) {
                trimmed += f.pool().trimIdle();
            }
        }
        return trimmed;
    }

    /** Installs the first generation (at build). */
    void install(Generation first) {
        this.current = first;
    }

    /**
     * The loaded entries of one version of the registry. Calls hold the generation they started on
     * until they end ({@link #enter}, {@link #leave}); a generation replaced by {@link #apply} closes
     * what it does not hand over once its last call has left.
     */
    static final class Generation {
        final Registry registry;
        final Map<String, RegisteredFunction> functions;
        final Map<EntryId, Object> resources;
        final AccessGuard guard;
        private final java.util.concurrent.atomic.AtomicInteger inflight =
                new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean closed =
                new java.util.concurrent.atomic.AtomicBoolean();
        private volatile boolean retired;
        private volatile List<AutoCloseable> toClose = List.of();

        Generation(
                Registry registry,
                Map<String, RegisteredFunction> functions,
                Map<EntryId, Object> resources,
                RuntimeSettings settings) {
            this.registry = registry;
            this.functions = functions;
            this.resources = resources;
            this.guard = new AccessGuard(
                    settings.strictSecurity(),
                    settings.denyUnscopedWithPolicies()
                            && registry.entries().stream()
                                    .anyMatch(e -> ai.wippy.security.Policy.KIND.equals(e.kind())));
        }

        /** Everything this generation owns, for a failed load or the runtime's close. */
        List<AutoCloseable> owned() {
            List<AutoCloseable> out = new ArrayList<>(functions.values());
            resources.values().forEach(r -> {
                if (r instanceof AutoCloseable c) {
                    out.add(c);
                }
            });
            return out;
        }

        /** Replaced: closes {@code parts} once no call runs on it any more. */
        void retire(List<AutoCloseable> parts) {
            this.toClose = parts;
            this.retired = true;
            if (inflight.get() == 0) {
                closeParts();
            }
        }

        void leave() {
            if (inflight.decrementAndGet() == 0 && retired) {
                closeParts();
            }
        }

        private void closeParts() {
            if (closed.compareAndSet(false, true)) {
                closeAll(toClose);
            }
        }
    }

    /**
     * The generation serving now, uncounted: the scalar path's (its pool counts its calls, and a
     * replaced pool refuses new ones with {@link ai.wippy.pool.PoolClosedException} before running
     * anything, so the call runs again on the version that replaced it).
     */
    Generation generation() {
        return current;
    }

    /** The generation a call runs on, counted until {@link Generation#leave}. */
    Generation enter() {
        while (true) {
            Generation g = current;
            g.inflight.incrementAndGet();
            if (!g.retired) {
                return g;
            }
            g.leave(); // replaced meanwhile: take the new one
        }
    }

    static void closeAll(List<? extends AutoCloseable> parts) {
        for (AutoCloseable c : parts) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing is best effort; the rest still close.
            }
        }
    }

    public static WasmRegistryBuilder builder() {
        return new WasmRegistryBuilder();
    }

    public Registry registry() {
        return current.registry;
    }

    private volatile ai.wippy.engine.ModuleCompiler.Stats compileStats =
            new ai.wippy.engine.ModuleCompiler.Stats(0, 0, 0);

    void compileStats(ai.wippy.engine.ModuleCompiler.Stats value) {
        this.compileStats = value;
    }

    /**
     * How many core modules the boot compiled, and how many it loaded from build-time classes or the
     * compile cache instead.
     */
    public ai.wippy.engine.ModuleCompiler.Stats compileStats() {
        return compileStats;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    /** The guest memory all this runtime's instances hold together ({@code wippy.limits.total-memory}). */
    public ai.wippy.engine.GuestMemoryBudget memoryBudget() {
        return memoryBudget;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public AccessGuard accessGuard() {
        return current.guard;
    }

    /** The processes (actors) of this node: PIDs, mailboxes, monitors, links. */
    public ai.wippy.actor.ActorSystem actors() {
        return actors;
    }

    public Collection<RegisteredFunction> functions() {
        return Collections.unmodifiableCollection(current.functions.values());
    }

    public Optional<RegisteredFunction> function(String id) {
        return Optional.ofNullable(current.functions.get(id));
    }

    /** A loaded resource (file system, variable, policy, endpoint...) by ID and type. */
    public <T> Optional<T> resource(EntryId id, Class<T> type) {
        Object r = current.resources.get(id);
        return type.isInstance(r) ? Optional.of(type.cast(r)) : Optional.empty();
    }

    /** Every loaded resource of a type, for example every endpoint. */
    public <T> List<T> resources(Class<T> type) {
        List<T> out = new ArrayList<>();
        current.resources.values().forEach(r -> {
            if (type.isInstance(r)) {
                out.add(type.cast(r));
            }
        });
        return out;
    }

    /** The {@code security.policy} entries, to build scopes from their groups. */
    public ai.wippy.security.PolicyDirectory policies() {
        return new ai.wippy.security.PolicyDirectory(resources(ai.wippy.security.Policy.class));
    }

    /** The caller that inherits the current context: immutable, so one serves every call. */
    private final FunctionCaller plainCaller = FunctionCaller.of(this);

    /** A caller that inherits the current context. */
    public FunctionCaller caller() {
        return plainCaller;
    }

    /** Shorthand for {@code caller().call(id, args)}. */
    public Object call(String id, Object... args) {
        return handle(id).call(args);
    }

    // call(id, args...) with up to four arguments passed one by one: the same call, without the array
    // Java makes for varargs (an Object[] passed alone still binds to call(String, Object...), the
    // more specific, and is spread as before).

    /** {@link #call(String, Object...)} without arguments. */
    public Object call(String id) {
        return handle(id).callBoxed(0, null, null, null, null);
    }

    /** {@link #call(String, Object...)} with one argument. */
    public Object call(String id, Object a) {
        return handle(id).callBoxed(1, a, null, null, null);
    }

    /** {@link #call(String, Object...)} with two arguments. */
    public Object call(String id, Object a, Object b) {
        return handle(id).callBoxed(2, a, b, null, null);
    }

    /** {@link #call(String, Object...)} with three arguments. */
    public Object call(String id, Object a, Object b, Object c) {
        return handle(id).callBoxed(3, a, b, c, null);
    }

    /** {@link #call(String, Object...)} with four arguments. */
    public Object call(String id, Object a, Object b, Object c, Object d) {
        return handle(id).callBoxed(4, a, b, c, d);
    }

    /** Shorthand for {@code caller().callAsync(id, args)}. */
    public Mono<Object> callAsync(String id, Object... args) {
        return caller().callAsync(id, args);
    }

    @Override
    public CallContext baseContext() {
        return baseContext(CallContext.frame());
    }

    /** {@link #baseContext()} from this thread's frame, already looked up. */
    CallContext baseContext(CallContext.Frame frame) {
        CallContext active = frame.current();
        return active != null ? active : ambientContext.current();
    }

    /** The context of a call made from outside any call: the ambient provider's. */
    CallContext ambient() {
        return ambientContext.current();
    }

    /** The base context inside a reactive chain: the running call's, or the ambient provider's reactive one. */
    @Override
    public Mono<CallContext> baseContextReactive() {
        return CallContext.active().map(Mono::just).orElseGet(ambientContext::currentReactive);
    }

    /** Where contexts of calls made from outside any call come from. */
    public CallContextProvider contextProvider() {
        return ambientContext;
    }

    @Override
    public Object callJava(CallContext ctx, String id, List<Object> args) {
        return handle(id).call(ctx, args);
    }

    @Override
    public Mono<Object> callJavaAsync(CallContext ctx, String id, List<Object> args) {
        return handle(id).callAsync(ctx, args);
    }

    /**
     * The handle of function {@code id}: resolved once per version of the registry, it follows live
     * updates ({@link #apply}). Handles of the functions the registry has are kept and shared; the
     * handle of an ID it does not have is made per request (its calls fail with {@code NOT_FOUND}
     * until an update adds the function).
     */
    @Override
    public FunctionHandle handle(String id) {
        FunctionHandle[] seen = recent;
        int slot = id.hashCode() & (seen.length - 1);
        FunctionHandle h = seen[slot];
        if (h != null && h.id() == id) {
            return h; // the same ID string as last time in this slot (a literal, a constant): no map lookup
        }
        h = handles.get(id);
        if (h == null) {
            h = new FunctionHandle(this, id);
            if (!current.functions.containsKey(id)) {
                return h;
            }
            FunctionHandle raced = handles.putIfAbsent(id, h);
            h = raced != null ? raced : h;
        }
        seen[slot] = h;
        return h;
    }

    /**
     * The handles {@link #handle} returned lately, each in the slot of its ID's hash, found again by
     * the identity of the ID string: a call by a literal or constant ID skips the map. Plain writes (a
     * handle's fields are final or volatile); emptied by {@link #apply}, so that handles of removed
     * functions are dropped here too (one put back by a call racing the update still answers
     * {@code NOT_FOUND}, as every handle follows the version serving now).
     */
    private final FunctionHandle[] recent = new FunctionHandle[64];

    /** The function {@code id} of the version serving now, or {@code null}. */
    RegisteredFunction currentFunction(String id) {
        return current.functions.get(id);
    }

    RuntimeObserver observer() {
        return observer;
    }

    /**
     * A context that leaves this thread for the dispatcher keeps the observation running here (an
     * HTTP request's span) as the parent of its call.
     */
    CallContext traced(CallContext ctx) {
        if (ctx.trace() != null || observer == RuntimeObserver.NONE) {
            return ctx;
        }
        Object current = observer.currentTrace();
        return current == null ? ctx : ctx.withTrace(current);
    }

    /**
     * Runs {@code body} as a call of function {@code id} on the dispatcher, with everything an
     * ordinary asynchronous call gets (the pool's admission, the security check, the function's
     * deadline and worker class, the current {@link CallContext}, metrics), but lets the body
     * decide how the function runs: a {@code wasi-http} endpoint hands a borrowed component
     * instance its request as resources of that instance. Disposing the {@link Mono} stops the guest.
     */
    public Mono<Object> callAsyncWith(CallContext ctx, String id, FunctionBody body) {
        return handle(id).callAsyncWith(ctx, body);
    }

    @Override
    public Object callHere(CallContext ctx, String id, FunctionBody body) throws Exception {
        return handle(id).callHere(ctx, body);
    }

    @Override
    public boolean mayRunHere(String id) {
        return handle(id).mayRunHere();
    }

    /**
     * Calls function {@code id} under {@code ctx} with host values, and returns the canonical result
     * (a WIT {@code result} stays a {@link ResultValue}). Every caller ends in the same {@link
     * FunctionHandle}'s call.
     */
    public Object invoke(CallContext ctx, String id, List<Object> args) {
        return handle(id).invoke(ctx, args);
    }

    /**
     * Starts the observation of a run of process {@code programId} (kind {@code process}, with its PID)
     * under the current call or trace; {@code null} when nothing observes. Process spawns use it.
     */
    public RuntimeObserver.CallObservation observeProcess(String programId, long pid) {
        if (observer == RuntimeObserver.NONE) {
            return null;
        }
        return observer.startCall(
                new RuntimeObserver.CallStart(programId, "process", traced(CallContext.current()), pid));
    }

    /**
     * Replaces the registry with the entries of {@code documents}, as one transaction: they are parsed,
     * compiled and linked aside; if anything fails, the registry keeps serving as it was and the
     * failure is thrown (and kept, {@link #lastApplyFailure()}). Otherwise the new version is installed
     * at once: calls that began before finish on the old one, whose replaced functions and resources
     * close when its last call ends; functions and resources whose entry did not change (same kind,
     * fields and meta, and the same bytes in every file it reads) keep their instance, and so their pool.
     */
    public synchronized ApplyResult apply(List<ai.wippy.registry.RegistryDocument> documents) {
        if (closed) {
            throw new IllegalStateException("the runtime is closed");
        }
        Generation old = current;
        Generation loaded;
        try {
            loaded = loader.load(documents, this);
        } catch (RuntimeException e) {
            lastApplyFailure = e;
            throw e;
        }
        Map<String, RegisteredFunction> functions = new java.util.LinkedHashMap<>(loaded.functions);
        Map<EntryId, Object> resources = new java.util.LinkedHashMap<>(loaded.resources);
        List<AutoCloseable> unused = new ArrayList<>();
        java.util.Set<Object> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<String> keptIds = new ArrayList<>();
        for (Map.Entry<String, RegisteredFunction> e : functions.entrySet()) {
            RegisteredFunction was = old.functions.get(e.getKey());
            if (was != null && EntryChanges.unchanged(was.entry(), e.getValue().entry())) {
                unused.add(e.getValue());
                e.setValue(was);
                kept.add(was);
                keptIds.add(e.getKey());
            }
        }
        for (Map.Entry<EntryId, Object> e : resources.entrySet()) {
            Object was = old.resources.get(e.getKey());
            var before = old.registry.find(e.getKey());
            var after = loaded.registry.find(e.getKey());
            if (was != null
                    && before.isPresent()
                    && after.isPresent()
                    && EntryChanges.unchanged(before.get(), after.get())) {
                if (e.getValue() instanceof AutoCloseable c) {
                    unused.add(c);
                }
                e.setValue(was);
                kept.add(was);
            }
        }
        Generation next = new Generation(loaded.registry, functions, resources, settings);
        current = next;
        closeAll(unused);
        List<AutoCloseable> replaced = new ArrayList<>();
        for (AutoCloseable c : old.owned()) {
            if (!kept.contains(c)) {
                replaced.add(c);
            }
        }
        old.retire(replaced);
        lastApplyFailure = null;
        List<String> changed =
                functions.keySet().stream().filter(id -> !keptIds.contains(id)).toList();
        List<String> removed = old.functions.keySet().stream()
                .filter(id -> !functions.containsKey(id))
                .toList();
        removed.forEach(handles::remove); // a proxy keeps its own and sees NOT_FOUND
        java.util.Arrays.fill(recent, null);
        ApplyResult result = new ApplyResult(keptIds, changed, removed);
        for (var listener : applyListeners) {
            try {
                listener.accept(result);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(WasmRegistry.class)
                        .warn("a listener of registry changes failed: {}", e.toString());
            }
        }
        return result;
    }

    /**
     * Called after each successful {@link #apply}, on the applying thread, once the new version
     * serves (meters, routes and other views of the registry follow it so). A listener that throws is
     * logged; the change stays applied.
     */
    public void onApply(java.util.function.Consumer<ApplyResult> listener) {
        applyListeners.add(java.util.Objects.requireNonNull(listener, "listener"));
    }

    /** What {@link #apply} did: the function IDs kept as they were, loaded anew, and gone. */
    public record ApplyResult(List<String> kept, List<String> loaded, List<String> removed) {}

    /** The failure of the last {@link #apply}, or {@code null} when it succeeded (or none was made). */
    public RuntimeException lastApplyFailure() {
        return lastApplyFailure;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            actors.shutdown(ai.wippy.actor.ActorSystem.SHUTDOWN_GRACE);
        } catch (RuntimeException ignored) {
            // best effort, like the rest
        }
        Generation g = current;
        if (g != null) {
            closeAll(g.owned());
        }
        dispatcher.close();
    }
}
