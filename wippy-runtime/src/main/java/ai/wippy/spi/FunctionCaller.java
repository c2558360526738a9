package ai.wippy.spi;

import ai.wippy.call.Actor;
import ai.wippy.call.CallContext;
import ai.wippy.call.SecurityScope;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Calls registry functions by ID from Java, synchronously or reactively. Immutable: the
 * {@code with*} methods return a new caller. The base context is the one of the call running on this
 * thread, or else the ambient one (the Spring Security identity, in a Spring application).
 *
 * <pre>{@code
 * Object sum = registry.caller().call("myns:add", 6, 7);
 * Mono<Object> later = registry.caller().withTimeout(Duration.ofSeconds(1)).callAsync("myns:slow");
 * }</pre>
 *
 * @param runtime whose functions it calls
 * @param fixed the base context instead of the current or ambient one, or {@code null}
 * @param actor the actor calls run as instead of the base context's, or {@code null}
 * @param scope the scope calls run under instead of the base context's, or {@code null}
 * @param values request context values added to the base context's
 * @param timeout the deadline calls get (never later than an inherited one), or {@code null}
 */
public record FunctionCaller(
        RunningRegistry runtime,
        CallContext fixed,
        Actor actor,
        SecurityScope scope,
        Map<String, Object> values,
        Duration timeout) {

    public FunctionCaller {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    /** A caller of {@code runtime}'s functions that inherits the current context. */
    public static FunctionCaller of(RunningRegistry runtime) {
        return new FunctionCaller(runtime, null, null, null, Map.of(), null);
    }

    /** Calls as {@code actor} instead of the inherited one. */
    public FunctionCaller withActor(Actor newActor) {
        return new FunctionCaller(runtime, fixed, newActor, scope, values, timeout);
    }

    /** Calls under {@code newScope} instead of the inherited one. */
    public FunctionCaller withScope(SecurityScope newScope) {
        return new FunctionCaller(runtime, fixed, actor, newScope, values, timeout);
    }

    /** Adds request context values that the callee and everything it calls can read. */
    public FunctionCaller withContext(Map<String, ?> more) {
        Map<String, Object> merged = new HashMap<>(values);
        merged.putAll(more);
        return new FunctionCaller(runtime, fixed, actor, scope, Map.copyOf(merged), timeout);
    }

    /** Gives the call a deadline (never later than an inherited one). */
    public FunctionCaller withTimeout(Duration newTimeout) {
        return new FunctionCaller(runtime, fixed, actor, scope, values, newTimeout);
    }

    /** Uses {@code ctx} as the base instead of the current or ambient context. */
    public FunctionCaller withBaseContext(CallContext ctx) {
        return new FunctionCaller(runtime, ctx, actor, scope, values, timeout);
    }

    /**
     * The fixed base context when this caller changes nothing about it (no actor, scope, values or
     * timeout of its own, so there is nothing to check or add per call), else {@code null}: a caller
     * bound to one thread's call ({@link #withBaseContext}) then calls {@link ScalarCall} with it
     * directly.
     */
    public CallContext plainBase() {
        return actor == null && scope == null && values.isEmpty() && timeout == null ? fixed : null;
    }

    /** The context a call made now would run under. */
    public CallContext context() {
        return customize(fixed != null ? fixed : runtime.baseContext());
    }

    /** The context a call made inside a reactive chain would run under. */
    public Mono<CallContext> contextReactive() {
        return (fixed != null ? Mono.just(fixed) : runtime.baseContextReactive()).map(this::customize);
    }

    private CallContext customize(CallContext base) {
        CallContext ctx = base;
        if (actor != null) {
            ctx = ctx.withActor(actor);
        }
        if (scope != null) {
            ctx = ctx.withScope(scope);
        }
        if (!values.isEmpty()) {
            ctx = ctx.withValues(values);
        }
        if (timeout != null) {
            ctx = ctx.withTimeout(timeout);
        }
        return ctx;
    }

    /**
     * Calls the function and returns its result as a Java value (see {@code ai.wippy.value}). A WIT
     * {@code result} error becomes a {@link ai.wippy.call.GuestErrorException}.
     */
    public Object call(String id, Object... args) {
        return callWithArgs(id, Arrays.asList(args));
    }

    public Object callWithArgs(String id, List<Object> args) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return runtime.callJava(customize(base), id, args);
    }

    /**
     * Calls the function and returns its canonical result: a WIT {@code result} stays a {@link
     * ai.wippy.value.ResultValue}, its error is data rather than an exception. This is how Wippy's Lua
     * {@code funcs.call} sees a component's {@code result} ({@code {ok = v}} or {@code {err = e}}).
     */
    public Object callCanonical(String id, List<Object> args) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return runtime.invoke(customize(base), id, args);
    }

    /** {@link #callCanonical(String, List)} through a handle the caller keeps ({@link RunningRegistry#handle}). */
    public Object callCanonical(CallHandle handle, List<Object> args) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, handle.id());
        return handle.invoke(customize(base), args);
    }

    /** {@link #callCanonical(CallHandle, List)} of a function of scalars, with core values ({@link ScalarCall}). */
    public long callScalar(ScalarCall scalar, String id, long[] args) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return scalar.invoke(customize(base), args);
    }

    /** {@link #callScalar(ScalarCall, String, long[])} of one argument. */
    public long callScalar(ScalarCall scalar, String id, long a) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return scalar.invoke(customize(base), a);
    }

    /** {@link #callScalar(ScalarCall, String, long[])} of two arguments. */
    public long callScalar(ScalarCall scalar, String id, long a, long b) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return scalar.invoke(customize(base), a, b);
    }

    /** {@link #callScalar(ScalarCall, String, long, long)} on the thread of {@code frame} (its {@link CallContext#frame()}). */
    public long callScalar(ScalarCall scalar, String id, CallContext.Frame frame, long a, long b) {
        CallContext base = fixed != null ? fixed : runtime.baseContext();
        checkOverrides(base, id);
        return scalar.invoke(frame, customize(base), a, b);
    }

    /**
     * Calls on the dispatcher; disposing the {@link Mono} stops the guest. Subscribed on an event loop,
     * a function whose effects stay inside its instance runs there unless it would wait
     * ({@link RegisteredFunction#effectsStayInside}).
     */
    public Mono<Object> callAsync(String id, Object... args) {
        List<Object> list = Arrays.asList(args);
        return (fixed != null ? Mono.just(fixed) : runtime.baseContextReactive()).flatMap(base -> {
            checkOverrides(base, id);
            return runtime.callJavaAsync(customize(base), id, list);
        });
    }

    /**
     * Overriding the actor or scope ({@code funcs.security}) and adding context values
     * ({@code funcs.context}) are themselves checked against the caller's own context, for the target.
     */
    private void checkOverrides(CallContext base, String id) {
        if (actor == null && scope == null && values.isEmpty()) {
            return;
        }
        java.util.Map<String, Object> meta =
                runtime.function(id).map(f -> f.entry().meta()).orElse(java.util.Map.of());
        if (actor != null || scope != null) {
            runtime.accessGuard().checkOverride(base, "funcs.security", id, meta);
        }
        if (!values.isEmpty()) {
            runtime.accessGuard().checkOverride(base, "funcs.context", id, meta);
        }
    }

    public Mono<Object> callAsyncWithArgs(CallContext ctx, String id, List<Object> args) {
        return runtime.callJavaAsync(ctx, id, args);
    }

    public CompletableFuture<Object> callFuture(String id, Object... args) {
        return callAsync(id, args).toFuture();
    }
}
