package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.call.ErrorKind;
import ai.wippy.call.GuestErrorException;
import ai.wippy.call.WippyException;
import ai.wippy.pool.InstancePool;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.security.CallDecisions;
import ai.wippy.spi.RegisteredFunction;
import ai.wippy.spi.RunningRegistry;
import ai.wippy.spi.RuntimeObserver;
import ai.wippy.spi.ScalarInvoker;
import ai.wippy.spi.ScalarValues;
import ai.wippy.value.JavaBinding;
import ai.wippy.value.ResultValue;
import ai.wippy.value.ValueShapeException;
import ai.wippy.wit.FunctionSignature;
import ai.wippy.wit.Param;
import ai.wippy.wit.WitType;
import ai.wippy.wit.WitType.Primitive;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * One registry function by ID, resolved once per version of the registry: the entry, its signature,
 * pool, limits and worker class, and its {@code funcs.call} decisions ({@link CallDecisions}, cached
 * per scope and actor). It is the front door of every call: {@link WasmRegistry#call}, typed
 * proxies, function beans, Lua's {@code funcs.call}, {@code wippy:runtime/funcs} and HTTP endpoints
 * all end in {@link #execute}: security check, argument checks against the WIT signature, deadline,
 * pool, metrics.
 *
 * <p>A handle follows live updates: the first call after {@link WasmRegistry#apply} resolves the ID
 * again in the new version, so it calls the entry that replaced the old one, or fails with
 * {@code NOT_FOUND} naming the ID when the entry is gone.
 *
 * <pre>{@code
 * FunctionHandle add = registry.handle("myns:add");
 * Object sum = add.call(6, 7);
 * }</pre>
 *
 * <p>Over 500 lines because every way of calling (boxed, scalar, with a binding, asynchronous) ends
 * in the same resolution of the handle ({@code Target}) and the same checks, kept here together so
 * that there is one front door.
 */
public final class FunctionHandle implements ai.wippy.spi.CallHandle {

    private final WasmRegistry runtime;
    private final String id;
    /** What this handle resolved in the version it last ran on; replaced when the version changes. */
    private volatile Target target;

    FunctionHandle(WasmRegistry runtime, String id) {
        this.runtime = runtime;
        this.id = id;
    }

    /** The function ID this handle calls. */
    @Override
    public String id() {
        return id;
    }

    /** The function this handle calls now, if the current version of the registry has it. */
    @Override
    public Optional<RegisteredFunction> function() {
        return Optional.ofNullable(runtime.currentFunction(id));
    }

    /**
     * Calls with Java values under the current (or ambient) context; a WIT {@code result} error throws.
     * A function on the scalar path called with its canonical boxed values (an {@code Integer} for an
     * {@code s32}, a {@code Long} for a {@code u32}...) goes there without converting an argument list;
     * any other call takes the general path, whose checks name a wrong argument.
     */
    public Object call(Object... args) {
        if (args.length > CallContext.Frame.MAX_SCRATCH) {
            return call(runtime.baseContext(CallContext.frame()), java.util.Arrays.asList(args));
        }
        return callBoxed(args.length, arg(args, 0), arg(args, 1), arg(args, 2), arg(args, 3));
    }

    private static Object arg(Object[] args, int i) {
        return i < args.length ? args[i] : null;
    }

    /**
     * {@link #call(Object...)} of {@code n} (at most {@link CallContext.Frame#MAX_SCRATCH}) arguments
     * passed one by one, without an array ({@link WasmRegistry#call(String, Object, Object)} and its
     * siblings): each converted straight into this thread's scratch array of core values.
     */
    Object callBoxed(int n, Object a, Object b, Object c, Object d) {
        CallContext.Frame frame = CallContext.frame();
        CallContext ctx = runtime.baseContext(frame);
        Target t = target(runtime.generation());
        if (t.scalarPath && n == t.scalarParams.length && !ctx.hasDeadline()) {
            long[] core = frame.scratch(n);
            Primitive[] p = t.scalarParams;
            if ((n < 1 || ScalarValues.fromCanonical(p[0], a, core, 0))
                    && (n < 2 || ScalarValues.fromCanonical(p[1], b, core, 1))
                    && (n < 3 || ScalarValues.fromCanonical(p[2], c, core, 2))
                    && (n < 4 || ScalarValues.fromCanonical(p[3], d, core, 3))) {
                long r;
                try {
                    r = fast(frame, t, ctx, core);
                } catch (ai.wippy.pool.PoolClosedException e) {
                    if (runtime.generation() == t.generation) {
                        throw e; // the registry is closing
                    }
                    return callBoxed(n, a, b, c, d); // raced an update before running: again, on the new version
                }
                return t.scalarResult == null ? null : ScalarValues.toCanonical(t.scalarResult, r);
            }
        }
        return call(ctx, java.util.Arrays.asList(new Object[] {a, b, c, d}).subList(0, n));
    }

    /** Calls with Java values under {@code ctx}; a WIT {@code result} error becomes a {@link GuestErrorException}. */
    public Object call(CallContext ctx, List<Object> args) {
        return unwrapped(ctx, execute(ctx, args, null, null));
    }

    /** Calls under {@code ctx} and returns the canonical result: a WIT {@code result} stays a {@link ResultValue}. */
    @Override
    public Object invoke(CallContext ctx, List<Object> args) {
        return execute(ctx, args, null, null);
    }

    /**
     * Calls with the Java arguments of a method {@code binding} was made for, under the current (or
     * ambient) context, and returns the result as the method declares it. While the function keeps the
     * signature the binding was made for, the binding checks and lowers the arguments itself; after a
     * registry update changed it, they are checked against the new one as any others.
     */
    public Object call(JavaBinding binding, Object[] args) {
        CallContext ctx = runtime.baseContext();
        return binding.lift(unwrapped(ctx, execute(ctx, asList(args), binding, null)));
    }

    /** {@link #call(JavaBinding, Object[])} on the dispatcher, under the current (or reactive ambient) context. */
    public Mono<Object> callAsync(JavaBinding binding, Object[] args) {
        List<Object> list = asList(args);
        return runtime.baseContextReactive().flatMap(base -> {
            CallContext traced = runtime.traced(base);
            return runHereOrSubmit(traced, () -> binding.lift(unwrapped(traced, execute(traced, list, binding, null))));
        });
    }

    private static List<Object> asList(Object[] args) {
        return args == null ? List.of() : java.util.Arrays.asList(args);
    }

    /** Calls on the dispatcher under the current (or reactive ambient) context; disposing stops the guest. */
    public Mono<Object> callAsync(List<Object> args) {
        return runtime.baseContextReactive().flatMap(base -> callAsync(base, args));
    }

    /** Calls on the dispatcher under {@code ctx}; disposing the {@link Mono} stops the guest. */
    public Mono<Object> callAsync(CallContext ctx, List<Object> args) {
        CallContext traced = runtime.traced(ctx);
        return runHereOrSubmit(traced, () -> unwrapped(traced, execute(traced, args, null, null)));
    }

    /**
     * An asynchronous call's work: on the dispatcher ({@link #submitAsync}), or, when the caller's
     * thread must not block (a server's event loop, Reactor's non-blocking threads) and the call
     * cannot be helped by the hop, right here: a function whose effects stay inside its instance
     * ({@link RegisteredFunction#effectsStayInside}), with neither {@code max_execution_ms} nor a
     * worker class nor a deadline, not seen to wait in this version. Run here, it may not wait: where
     * it would (a busy pool, a guest waiting for a timer) it stops with {@link ai.wippy.call.WouldWait}
     * and runs again from the start on the dispatcher (a guest that waited, or ran longer than {@link
     * ai.wippy.call.WouldWait#LONGEST_ON_A_LOOP_NANOS}, goes there directly from then on). Its result
     * or failure is the same either way.
     */
    private Mono<Object> runHereOrSubmit(CallContext ctx, java.util.concurrent.Callable<Object> work) {
        Target t = target(runtime.generation());
        if (ctx.hasDeadline() || !mayRunHere(t)) {
            return submitAsync(ctx, work);
        }
        Object result;
        try {
            result = runHere(t, work);
        } catch (ai.wippy.call.WouldWait e) {
            return submitAsync(ctx, work);
        } catch (Exception e) {
            return Mono.error(e);
        }
        return Mono.justOrEmpty(result);
    }

    /** {@link WasmRegistry#mayRunHere}: whether a call made now, on this thread, may start here. */
    boolean mayRunHere() {
        return mayRunHere(target(runtime.generation()));
    }

    private static boolean mayRunHere(Target t) {
        return t.fn != null
                && !t.waited
                && !t.away
                && t.direct
                && t.fn.effectsStayInside()
                && reactor.core.scheduler.Schedulers.isInNonBlockingThread();
    }

    /**
     * {@code work} on this thread with every wait refused; a guest that would have waited sends this
     * version's calls to the dispatcher from then on, one that ran longer than {@link
     * ai.wippy.call.WouldWait#LONGEST_ON_A_LOOP_NANOS} until its runs there are quick again, and for
     * good when it keeps doing so ({@link Target#ranHere}, {@link Target#ranAway}).
     */
    private static <R> R runHere(Target t, java.util.concurrent.Callable<R> work) throws Exception {
        long start = System.nanoTime();
        boolean guestRan = true;
        try {
            return CallContext.frame().runWithoutWaiting(work);
        } catch (ai.wippy.call.WouldWait e) {
            if (e.guestStarted()) {
                t.waited = true;
            } else {
                guestRan = false; // stopped before the guest began (a busy pool): says nothing of it
            }
            throw e;
        } finally {
            if (guestRan) {
                t.ranHere(ai.wippy.call.WouldWait.tooLongForALoop(start));
            }
        }
    }

    /** {@link WasmRegistry#callAsyncWith}: a call whose body decides how the function runs. */
    Mono<Object> callAsyncWith(CallContext ctx, RunningRegistry.FunctionBody body) {
        CallContext traced = runtime.traced(ctx);
        return submitAsync(traced, () -> execute(traced, null, null, body));
    }

    /**
     * {@link WasmRegistry#callHere}: the call on this thread, every wait it would make refused with
     * {@link ai.wippy.call.WouldWait} (nothing is logged or reported as a failure for it).
     */
    Object callHere(CallContext ctx, RunningRegistry.FunctionBody body) throws Exception {
        CallContext traced = runtime.traced(ctx);
        Target t = target(runtime.generation());
        if (traced.hasDeadline() || !mayRunHere(t)) {
            throw ai.wippy.call.WouldWait.notStarted("a thread that may wait"); // the dispatcher's
        }
        return runHere(t, () -> execute(traced, null, null, body));
    }

    /**
     * This function called with core values and no boxing: {@code INVALID} unless its WIT signature
     * is all scalars ({@code NOT_FOUND} when the registry has no such function now).
     */
    public ScalarFunction scalar() {
        return scalar(null);
    }

    /**
     * {@link #scalar()} whose calls, once an update changed the function's signature, go to {@code
     * whenChanged} instead of failing with {@code INVALID}.
     */
    @Override
    public ScalarFunction scalar(ai.wippy.spi.ScalarCall.Fallback whenChanged) {
        RegisteredFunction fn = runtime.currentFunction(id);
        if (fn == null) {
            throw notFound(runtime.registry(), id);
        }
        return ScalarFunction.of(this, fn.signature(), whenChanged);
    }

    /**
     * A {@link ScalarFunction} call under {@code given}, or the current (or ambient) context when
     * null. The common case (no observer, deadline, execution limit or worker class, a function with
     * a {@link ScalarInvoker}, the target resolved for the version serving now) runs here without
     * allocating: the caller checked first, then the arguments, the export called in the function's
     * pool under the child context. Any other case goes through {@link #callScalarGenerally}. The
     * generation is not counted: the pool counts the call, and one closed by an update refuses it
     * before running anything ({@link ai.wippy.pool.PoolClosedException}, passed up unlogged for the
     * call to run again on the new version).
     */
    long callScalar(CallContext.Frame frame, CallContext given, ScalarFunction sf, long[] args) {
        CallContext active = frame.current();
        CallContext ctx = given != null ? given : active != null ? active : runtime.ambient();
        Target t = target;
        if (t == null
                || t.generation != runtime.generation()
                || !t.scalarPath
                || ctx.hasDeadline()
                || (sf.whenChanged != null && !sf.fits(t.signature))) {
            return callScalarGenerally(frame, given, ctx, sf, args);
        }
        if (sf.fitted != t && sf.fits(t.signature)) {
            sf.fitted = t; // calls with arguments checked by sf itself now take callChecked's path
        }
        return onScalarPath(frame, active, given, ctx, t, sf, args, true);
    }

    /**
     * {@link #callScalar} with no context given and arguments {@code sf} checked against its own
     * signature (its fused checks): when this handle's resolution for the version serving now is the
     * one {@code sf} was last found to fit ({@link ScalarFunction#fitted}, which stands for the
     * scalar path and the signature), one identity compare replaces those checks; the caller is still
     * checked, on every call.
     */
    long callChecked(CallContext.Frame frame, ScalarFunction sf, long[] args) {
        CallContext active = frame.current();
        CallContext ctx = active != null ? active : runtime.ambient();
        Target t = target;
        if (t == null || sf.fitted != t || t.generation != runtime.generation() || ctx.hasDeadline()) {
            return callScalar(frame, null, sf, args);
        }
        return onScalarPath(frame, active, null, ctx, t, sf, args, false);
    }

    /**
     * The scalar path once the target passed: the caller checked, then the arguments (unless {@code sf}
     * checked them), the export called under the child context.
     */
    private long onScalarPath(
            CallContext.Frame frame,
            CallContext active,
            CallContext given,
            CallContext ctx,
            Target t,
            ScalarFunction sf,
            long[] args,
            boolean checkArgs) {
        try {
            t.decisions.check(ctx);
            if (checkArgs) {
                sf.check(t.signature, args);
            }
            CallContext child = ctx.child();
            frame.bind(child);
            try {
                return t.scalar.invoke(child, args);
            } finally {
                frame.restore(active);
            }
        } catch (Throwable e) {
            return failedScalar(frame, given, sf, args, t, ctx, e); // apart: the path above stays small
        }
    }

    /** A failed {@link #callScalar}: run again after an update closed the pool before it ran, else thrown, logged. */
    private long failedScalar(
            CallContext.Frame frame,
            CallContext given,
            ScalarFunction sf,
            long[] args,
            Target t,
            CallContext ctx,
            Throwable e) {
        RuntimeException failure = failed(t, ctx, e);
        if (failure instanceof ai.wippy.pool.PoolClosedException && runtime.generation() != t.generation) {
            return callScalar(frame, given, sf, args); // raced an update before running: again, on the new version
        }
        throw failure;
    }

    /**
     * A scalar call off {@link #callScalar}'s path: again there once the target is resolved for the
     * version serving now, else to {@code whenChanged}, or through {@link #execute} with a body.
     */
    private long callScalarGenerally(
            CallContext.Frame frame, CallContext given, CallContext ctx, ScalarFunction sf, long[] args) {
        Target t = target(runtime.generation());
        boolean changed = sf.whenChanged != null && !sf.fits(t.signature);
        if (t.scalarPath && !ctx.hasDeadline() && !changed) {
            return callScalar(frame, given, sf, args);
        }
        if (changed) {
            return sf.whenChanged.call(args); // the general path, converting for the new signature
        }
        WasmRegistry.Generation generation = runtime.enter();
        try {
            Object r = execute(target(generation), ctx, null, null, (fn, c) -> runScalar(fn, fn.scalar(), c, sf, args));
            return (Long) r;
        } finally {
            generation.leave();
        }
    }

    /** {@link #call(Object...)}'s scalar path: as {@link #callScalar}, with arguments converted from canonical values. */
    private long fast(CallContext.Frame frame, Target t, CallContext ctx, long[] args) {
        try {
            t.decisions.check(ctx);
            CallContext child = ctx.child();
            CallContext previous = frame.bind(child);
            try {
                return t.scalar.invoke(child, args);
            } finally {
                frame.restore(previous);
            }
        } catch (Throwable e) {
            throw failed(t, ctx, e);
        }
    }

    /** What a failed {@link #fast} call throws, logged; a pool closed by an update passes unlogged, to run again. */
    private RuntimeException failed(Target t, CallContext ctx, Throwable e) {
        if (e instanceof ai.wippy.pool.PoolClosedException closed && runtime.generation() != t.generation) {
            return closed;
        }
        WippyException w = e instanceof WippyException we ? we : ExecutionGuard.translate(t.entryId, e, 0L, null);
        CallFailureLog.failed(id, ctx, w);
        return w;
    }

    /** One scalar call on {@code fn}: its primitive entry, else its canonical one with the values converted. */
    private static long runScalar(
            RegisteredFunction fn, ScalarInvoker invoker, CallContext ctx, ScalarFunction sf, long[] args)
            throws Exception {
        sf.check(fn.signature(), args);
        if (invoker != null) {
            return invoker.invoke(ctx, args);
        }
        Object[] canonical = new Object[args.length];
        for (int i = 0; i < args.length; i++) {
            canonical[i] = ScalarValues.toCanonical(sf.params[i], args[i]);
        }
        Object r = fn.invoke(ctx, java.util.Arrays.asList(canonical));
        return sf.result == null ? 0L : ScalarValues.toCore(sf.result, r);
    }

    /** The resolution of this handle in {@code generation}, made once per version. */
    private Target target(WasmRegistry.Generation generation) {
        Target t = target;
        if (t == null || t.generation != generation) {
            t = new Target(generation, id, runtime.observer() == RuntimeObserver.NONE);
            target = t;
        }
        return t;
    }

    private Mono<Object> submitAsync(CallContext ctx, java.util.concurrent.Callable<Object> work) {
        RegisteredFunction fn = runtime.currentFunction(id);
        String workerClass = fn == null ? null : fn.poolConfig().workerClass();
        InstancePool.Admission admission;
        try {
            admission = fn == null || fn.pool() == null
                    ? InstancePool.Admission.NONE
                    : fn.pool().admit();
        } catch (WippyException e) {
            String outcome = e.kind().name().toLowerCase(Locale.ROOT);
            RuntimeObserver observer = runtime.observer();
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
        return runtime.dispatcher().submit(workerClass, work).doFinally(signal -> admission.close());
    }

    /** A canonical result as a Java caller sees it: the {@code ok} of a WIT {@code result}, its {@code err} thrown. */
    private Object unwrapped(CallContext ctx, Object result) {
        if (result instanceof ResultValue r) {
            RegisteredFunction fn = runtime.currentFunction(id);
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

    /** Runs one call on the version current now, which it holds until the call ends. */
    private Object execute(CallContext ctx, List<Object> args, JavaBinding binding, RunningRegistry.FunctionBody body) {
        WasmRegistry.Generation generation = runtime.enter();
        try {
            return execute(target(generation), ctx, args, binding, body);
        } finally {
            generation.leave();
        }
    }

    private Object execute(
            Target t, CallContext ctx, List<Object> args, JavaBinding binding, RunningRegistry.FunctionBody body) {
        RegisteredFunction fn = t.fn;
        RuntimeObserver observer = runtime.observer();
        // System.nanoTime costs tens of nanoseconds on some machines: only time calls someone observes.
        RuntimeObserver.CallObservation observation = null;
        long start = 0L;
        if (observer != RuntimeObserver.NONE) {
            observation = observer.startCall(new RuntimeObserver.CallStart(id, t.kind, ctx, 0L));
            if (observation == null) {
                start = System.nanoTime();
            }
        }
        String outcome = "success";
        Throwable error = null;
        // a version sent away from the loops by a slow run there: its runs here say when it may return
        long awayStart = t.away ? System.nanoTime() : 0L;
        try {
            if (fn == null) {
                throw notFound(t.generation.registry, id);
            }
            t.decisions.check(ctx);
            List<Object> canonical = body != null ? null : t.lower(args, binding);
            CallContext child = observation == null ? ctx.child() : ctx.child(observation.trace());
            if (t.maxExecutionLimit != null) {
                child = child.withTimeout(fn.maxExecution(), t.maxExecutionLimit);
            }
            if (t.workerPrefix != null && !Thread.currentThread().getName().startsWith(t.workerPrefix)) {
                CallContext callCtx = child;
                return runtime.dispatcher()
                        .runOn(fn.poolConfig().workerClass(), () -> run(t, callCtx, canonical, body));
            }
            return run(t, child, canonical, body);
        } catch (ai.wippy.call.WouldWait e) {
            outcome = "moved"; // to run again where it may wait (callHere): not a failure
            throw e;
        } catch (WippyException e) {
            outcome = e.kind().name().toLowerCase(Locale.ROOT);
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
            if (awayStart != 0L) {
                t.ranAway(ai.wippy.call.WouldWait.tooLongForALoop(awayStart));
            }
            if (observation != null) {
                observation.stop(outcome, error);
            } else if (start != 0L) {
                observer.onCall(id, outcome, System.nanoTime() - start);
            }
        }
    }

    private static Object run(Target t, CallContext ctx, List<Object> args, RunningRegistry.FunctionBody body) {
        RegisteredFunction fn = t.fn;
        if (ctx.hasDeadline()) {
            return ExecutionGuard.run(
                    t.entryId,
                    ctx.deadlineNanos(),
                    ctx.deadlineLimit(),
                    () -> CallContext.runWith(ctx, () -> body == null ? fn.invoke(ctx, args) : body.run(fn, ctx)));
        }
        // The common case, without a deadline: no alarm, no lambdas on the hot path.
        CallContext previous = CallContext.bind(ctx);
        try {
            return body == null ? fn.invoke(ctx, args) : body.run(fn, ctx);
        } catch (ai.wippy.call.WouldWait e) {
            throw e;
        } catch (Throwable e) {
            throw ExecutionGuard.translate(t.entryId, e, 0L, null);
        } finally {
            CallContext.restore(previous);
        }
    }

    static String kindOf(RegisteredFunction fn) {
        return fn == null ? "unknown" : fn.entry().kind();
    }

    private static WippyException notFound(Registry registry, String id) {
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

    @Override
    public String toString() {
        return "FunctionHandle[" + id + "]";
    }

    /** What a handle resolved in one version of the registry: made once, read by every call on that version. */
    private static final class Target {
        /** Slow runs here in a row after which a version stays on the dispatcher. */
        static final int SLOW_RUNS_TO_STAY_AWAY = 6;

        final WasmRegistry.Generation generation;
        final RegisteredFunction fn;
        final String kind;
        final String entryId;
        final FunctionSignature signature;
        final Param[] params;
        /** The checks of the signature's arguments, made once ({@link JavaBinding} without Java types). */
        final JavaBinding checks;

        final CallDecisions decisions;
        final String workerPrefix;
        final String maxExecutionLimit;
        /** The function's primitive entry, or {@code null}. */
        final ScalarInvoker scalar;
        /** Whether calls run on the caller's thread without a deadline of the entry's own. */
        final boolean direct;
        /**
         * The parameter types of a function on the scalar path ({@link #scalar}, {@link #direct}), or
         * {@code null}; {@link #scalarResult} is its result type ({@code null} without one).
         */
        final Primitive[] scalarParams;

        final Primitive scalarResult;
        /** Whether calls take the scalar path: {@link #scalarParams} known, and no observer times them. */
        final boolean scalarPath;
        /** The last signature a binding was made for that turned out equal to this one. */
        private volatile FunctionSignature checkedFor;
        /** Whether a call of this version, run where it may not wait, would have waited or ran long ({@link #runHereOrSubmit}). */
        volatile boolean waited;

        /**
         * Slow runs here in a row ({@link #ranHere}); plain fields, as a lost update only moves a call
         * or two.
         */
        int slowRuns;

        /**
         * Whether calls go to the dispatcher after a slow run here, until {@link #quickNeeded} quick
         * runs in a row there ({@link #ranAway}). A run slow once is often a cold one (a fresh instance,
         * code not yet compiled, a collector's pause, a busy machine's scheduler): the version goes to
         * the dispatcher, where each run is timed, and comes back after {@link
         * ai.wippy.call.WouldWait#QUICK_RUNS_TO_RETURN} quick runs in a row there, doubled for each slow
         * run here in a row; after {@link #SLOW_RUNS_TO_STAY_AWAY} slow runs in a row it stays there. A
         * guest that is slow whatever the thread never comes back; one that was only cold does, as soon
         * as it has run warm.
         */
        volatile boolean away;

        int quickNeeded;
        int quickSeen;

        /** After a run here: a slow one sends calls to the dispatcher, a quick one forgets the slow ones. */
        void ranHere(boolean slow) {
            if (!slow) {
                if (slowRuns != 0) {
                    slowRuns = 0; // written only when it changes: quick runs leave the field's line shared
                }
                return;
            }
            if (away) {
                return; // runs that started together on several loops count once
            }
            int runs = ++slowRuns;
            if (runs >= SLOW_RUNS_TO_STAY_AWAY) {
                waited = true; // a guest this slow holds the loop: the dispatcher from now on
                return;
            }
            quickNeeded = ai.wippy.call.WouldWait.QUICK_RUNS_TO_RETURN << (runs - 1);
            quickSeen = 0;
            away = true;
        }

        /** After a run on the dispatcher while {@link #away}: enough quick ones in a row bring calls back. */
        void ranAway(boolean slow) {
            if (slow) {
                quickSeen = 0;
            } else if (++quickSeen >= quickNeeded) {
                away = false;
            }
        }

        Target(WasmRegistry.Generation generation, String id, boolean unobserved) {
            this.generation = generation;
            this.fn = generation.functions.get(id);
            this.kind = kindOf(fn);
            if (fn == null) {
                this.entryId = id;
                this.signature = null;
                this.params = null;
                this.checks = null;
                this.decisions = null;
                this.workerPrefix = null;
                this.maxExecutionLimit = null;
                this.scalar = null;
                this.direct = false;
                this.scalarParams = null;
                this.scalarResult = null;
                this.scalarPath = false;
                return;
            }
            this.entryId = fn.id().toString();
            this.signature = fn.signature();
            this.params = signature == null ? null : signature.params().toArray(new Param[0]);
            this.checks = signature == null ? null : JavaBinding.of(signature, null, null);
            this.decisions = generation.guard.callDecisions(id, fn.entry().meta());
            String workerClass = fn.poolConfig().workerClass();
            this.workerPrefix = workerClass == null ? null : "wippy-" + workerClass + "-";
            this.maxExecutionLimit = fn.maxExecution() == null
                    ? null
                    : "max_execution_ms " + fn.maxExecution().toMillis() + " of " + id;
            this.scalar = fn.scalar();
            this.direct = workerPrefix == null && maxExecutionLimit == null;
            boolean scalarPath = scalar != null && direct && signature != null;
            this.scalarParams = scalarPath ? ScalarValues.primitives(signature) : null;
            this.scalarResult = scalarPath ? (Primitive) signature.result() : null;
            this.scalarPath = scalarPath && unobserved;
        }

        /**
         * The arguments in canonical form, lowered by {@code binding} when it was made for this
         * signature (one check, fused into its lowering), else checked here.
         */
        List<Object> lower(List<Object> args, JavaBinding binding) {
            FunctionSignature madeFor = binding == null ? null : binding.signature();
            if (madeFor != null && signature != null) {
                boolean same = madeFor == signature || madeFor == checkedFor;
                if (!same && madeFor.equals(signature)) {
                    checkedFor = madeFor;
                    same = true;
                }
                if (same) {
                    try {
                        return binding.lower(args);
                    } catch (ValueShapeException e) {
                        throw new WippyException(ErrorKind.INVALID, entryId, e.getMessage(), e);
                    }
                }
            }
            return checkArguments(args);
        }

        /**
         * The arguments in canonical form, checked against the signature (by the signature's own
         * binding: arguments already canonical, an {@code Integer} for an {@code s32}..., pass on as
         * they came, without a copy).
         */
        List<Object> checkArguments(List<Object> args) {
            if (params == null) {
                return args;
            }
            if (args.size() != params.length) {
                throw new WippyException(
                        ErrorKind.INVALID,
                        entryId,
                        "expected " + params.length + " argument(s) for " + signature.describe() + ", got "
                                + args.size());
            }
            try {
                return checks.lower(args);
            } catch (ValueShapeException e) {
                throw new WippyException(ErrorKind.INVALID, entryId, e.getMessage(), e);
            }
        }
    }
}
