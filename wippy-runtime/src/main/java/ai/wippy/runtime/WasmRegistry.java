package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.call.CallContextProvider;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.security.AccessGuard;
import ai.wippy.value.CanonicalValues;
import ai.wippy.value.ResultValue;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
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
 */
public final class WasmRegistry implements AutoCloseable {

    private final Registry registry;
    private final RuntimeSettings settings;
    private final Dispatcher dispatcher;
    private final AccessGuard guard;
    private final Map<String, RegisteredFunction> functions;
    private final Map<EntryId, Object> resources;
    private final RuntimeObserver observer;
    private final CallContextProvider ambientContext;
    private volatile boolean closed;

    WasmRegistry(
            Registry registry,
            RuntimeSettings settings,
            Dispatcher dispatcher,
            Map<String, RegisteredFunction> functions,
            Map<EntryId, Object> resources,
            RuntimeObserver observer,
            CallContextProvider ambientContext) {
        this.registry = registry;
        this.settings = settings;
        this.dispatcher = dispatcher;
        this.functions = functions;
        this.resources = resources;
        this.guard = new AccessGuard(
                settings.strictSecurity(),
                settings.denyUnscopedWithPolicies()
                        && registry.entries().stream()
                                .anyMatch(e -> ai.wippy.security.PolicyHandler.KIND.equals(e.kind())));
        this.observer = observer;
        this.ambientContext = ambientContext;
    }

    public static WasmRegistryBuilder builder() {
        return new WasmRegistryBuilder();
    }

    public Registry registry() {
        return registry;
    }

    public RuntimeSettings settings() {
        return settings;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public AccessGuard accessGuard() {
        return guard;
    }

    public Collection<RegisteredFunction> functions() {
        return Collections.unmodifiableCollection(functions.values());
    }

    public Optional<RegisteredFunction> function(String id) {
        return Optional.ofNullable(functions.get(id));
    }

    /** A loaded resource (file system, variable, policy, endpoint...) by ID and type. */
    public <T> Optional<T> resource(EntryId id, Class<T> type) {
        Object r = resources.get(id);
        return type.isInstance(r) ? Optional.of(type.cast(r)) : Optional.empty();
    }

    /** Every loaded resource of a type, for example every endpoint. */
    public <T> List<T> resources(Class<T> type) {
        List<T> out = new ArrayList<>();
        resources.values().forEach(r -> {
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

    /** A caller that inherits the current context. */
    public FunctionCaller caller() {
        return new FunctionCaller(this, null, null, null, Map.of(), null);
    }

    /** Shorthand for {@code caller().call(id, args)}. */
    public Object call(String id, Object... args) {
        return callJava(baseContext(), id, java.util.Arrays.asList(args));
    }

    /** Shorthand for {@code caller().callAsync(id, args)}. */
    public Mono<Object> callAsync(String id, Object... args) {
        return caller().callAsync(id, args);
    }

    CallContext baseContext() {
        CallContext active = CallContext.activeOrNull();
        return active != null ? active : ambientContext.current();
    }

    /** The base context inside a reactive chain: the running call's, or the ambient provider's reactive one. */
    Mono<CallContext> baseContextReactive() {
        return CallContext.active().map(Mono::just).orElseGet(ambientContext::currentReactive);
    }

    /** Where contexts of calls made from outside any call come from. */
    public CallContextProvider contextProvider() {
        return ambientContext;
    }

    Object callJava(CallContext ctx, String id, List<Object> args) {
        return unwrap(ctx, id, invoke(ctx, id, args));
    }

    Mono<Object> callJavaAsync(CallContext ctx, String id, List<Object> args) {
        CallContext traced = traced(ctx);
        return submitAsync(traced, id, () -> unwrap(traced, id, invoke(traced, id, args)));
    }

    /**
     * A context that leaves this thread for the dispatcher keeps the observation running here (an
     * HTTP request's span) as the parent of its call.
     */
    private CallContext traced(CallContext ctx) {
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
        CallContext traced = traced(ctx);
        return submitAsync(traced, id, () -> execute(traced, id, null, body));
    }

    /** How a {@link #callAsyncWith} call runs its function, on the dispatcher, with the call's context bound. */
    @FunctionalInterface
    public interface FunctionBody {
        Object run(RegisteredFunction function, CallContext ctx) throws Exception;
    }

    private Mono<Object> submitAsync(CallContext ctx, String id, java.util.concurrent.Callable<Object> work) {
        RegisteredFunction fn = functions.get(id);
        String workerClass = fn == null ? null : fn.poolConfig().workerClass();
        InstancePool.Admission admission;
        try {
            admission = fn == null || fn.pool() == null
                    ? InstancePool.Admission.NONE
                    : fn.pool().admit();
        } catch (WippyException e) {
            String outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            RuntimeObserver.CallObservation observation = observer == RuntimeObserver.NONE
                    ? null
                    : observer.startCall(new RuntimeObserver.CallStart(id, kindOf(fn), ctx, 0L));
            if (observation != null) {
                observation.stop(outcome, e);
            } else {
                observer.onCall(id, outcome, 0L);
            }
            CallFailureLog.failed(id, ctx, e);
            return Mono.error(e);
        }
        return dispatcher.submit(workerClass, work).doFinally(signal -> admission.close());
    }

    private Object unwrap(CallContext ctx, String id, Object result) {
        if (result instanceof ResultValue r) {
            RegisteredFunction fn = functions.get(id);
            boolean declared =
                    fn != null && fn.signature() != null && fn.signature().result() instanceof WitType.ResultType;
            if (declared || fn == null || fn.signature() == null) {
                if (!r.ok()) {
                    GuestErrorException e = new GuestErrorException(id, r.value());
                    CallFailureLog.failed(id, ctx, e);
                    throw e;
                }
                return r.value();
            }
        }
        return result;
    }

    /**
     * Calls function {@code id} under {@code ctx} with host values, and returns the canonical result
     * (a WIT {@code result} stays a {@link ResultValue}). This is the one path every caller takes.
     */
    public Object invoke(CallContext ctx, String id, List<Object> args) {
        return execute(ctx, id, args, null);
    }

    /** {@link #invoke} with the function's own {@code invoke(args)}, or with {@code body} when not null. */
    private Object execute(CallContext ctx, String id, List<Object> args, FunctionBody body) {
        RegisteredFunction fn = functions.get(id);
        // System.nanoTime costs tens of nanoseconds on some machines: only time calls someone observes.
        RuntimeObserver.CallObservation observation = null;
        long start = 0L;
        if (observer != RuntimeObserver.NONE) {
            observation = observer.startCall(new RuntimeObserver.CallStart(id, kindOf(fn), ctx, 0L));
            if (observation == null) {
                start = System.nanoTime();
            }
        }
        String outcome = "success";
        Throwable error = null;
        try {
            if (fn == null) {
                throw notFound(id);
            }
            guard.checkCall(ctx, id, fn.entry().meta());
            List<Object> canonical = body == null ? checkArguments(fn, args) : null;
            CallContext child = observation == null ? ctx.child() : ctx.child(observation.trace());
            if (fn.maxExecution() != null) {
                child = child.withTimeout(
                        fn.maxExecution(),
                        "max_execution_ms " + fn.maxExecution().toMillis() + " of " + id);
            }
            final CallContext callCtx = child;
            PoolConfig pool = fn.poolConfig();
            String workerClass = pool.workerClass();
            if (workerClass != null && !Thread.currentThread().getName().startsWith("wippy-" + workerClass + "-")) {
                return dispatcher.runOn(workerClass, () -> run(fn, callCtx, canonical, body));
            }
            return run(fn, callCtx, canonical, body);
        } catch (WippyException e) {
            outcome = e.kind().name().toLowerCase(java.util.Locale.ROOT);
            error = e;
            CallFailureLog.failed(id, ctx, e);
            throw e;
        } catch (Exception e) {
            outcome = "internal";
            WippyException w = ExecutionGuard.translate(id, e, ctx.deadlineNanos(), ctx.deadlineLimit());
            error = w;
            CallFailureLog.failed(id, ctx, w);
            throw w;
        } finally {
            if (observation != null) {
                observation.stop(outcome, error);
            } else if (start != 0L) {
                observer.onCall(id, outcome, System.nanoTime() - start);
            }
        }
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

    private static String kindOf(RegisteredFunction fn) {
        return fn == null ? "unknown" : fn.entry().kind();
    }

    private static Object run(RegisteredFunction fn, CallContext ctx, List<Object> args, FunctionBody body) {
        if (ctx.hasDeadline()) {
            return ExecutionGuard.run(
                    fn.id().toString(),
                    ctx.deadlineNanos(),
                    ctx.deadlineLimit(),
                    () -> CallContext.runWith(ctx, () -> body == null ? fn.invoke(ctx, args) : body.run(fn, ctx)));
        }
        // The common case, without a deadline: no alarm, no lambdas on the hot path.
        CallContext previous = CallContext.bind(ctx);
        try {
            return body == null ? fn.invoke(ctx, args) : body.run(fn, ctx);
        } catch (Throwable t) {
            throw ExecutionGuard.translate(fn.id().toString(), t, 0L, null);
        } finally {
            CallContext.restore(previous);
        }
    }

    private WippyException notFound(String id) {
        if (registry.find(safeParse(id)).isPresent()) {
            return new WippyException(
                    ErrorKind.NOT_FOUND, id, "entry '" + id + "' exists but is not a callable function");
        }
        return new WippyException(ErrorKind.NOT_FOUND, id, "no function '" + id + "' in the registry");
    }

    private static EntryId safeParse(String id) {
        try {
            return EntryId.parse(id);
        } catch (IllegalArgumentException e) {
            return new EntryId("?", "?");
        }
    }

    private static List<Object> checkArguments(RegisteredFunction fn, List<Object> args) {
        FunctionSignature sig = fn.signature();
        if (sig == null) {
            return args;
        }
        if (args.size() != sig.params().size()) {
            throw new WippyException(
                    ErrorKind.INVALID,
                    fn.id().toString(),
                    "expected " + sig.params().size() + " argument(s) for " + sig.describe() + ", got " + args.size());
        }
        List<Object> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            Param p = sig.params().get(i);
            try {
                out.add(CanonicalValues.toCanonical(p.type(), args.get(i), p.name()));
            } catch (ValueShapeException e) {
                throw new WippyException(ErrorKind.INVALID, fn.id().toString(), e.getMessage(), e);
            }
        }
        return out;
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
        for (RegisteredFunction fn : functions.values()) {
            try {
                fn.close();
            } catch (Exception ignored) {
                // Closing is best effort; the rest still close.
            }
        }
        for (Object r : resources.values()) {
            if (r instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // Same.
                }
            }
        }
        dispatcher.close();
    }
}
