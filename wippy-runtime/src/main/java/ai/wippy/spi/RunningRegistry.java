package ai.wippy.spi;

import ai.wippy.call.CallContext;
import ai.wippy.call.CallContextProvider;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.Registry;
import ai.wippy.security.AccessGuard;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;

/**
 * The running registry as the code of entries sees it at call time: its functions and resources, the
 * call path, the dispatcher, the actors. Handlers get it from {@link LoadContext#runtime()}; the
 * runtime's facade ({@code ai.wippy.runtime.WasmRegistry}) implements it, so that nothing below the
 * facade depends on the facade.
 */
public interface RunningRegistry {

    Registry registry();

    RuntimeSettings settings();

    /** The guest memory all this runtime's instances hold together ({@code wippy.limits.total-memory}). */
    ai.wippy.engine.GuestMemoryBudget memoryBudget();

    Dispatcher dispatcher();

    AccessGuard accessGuard();

    /** The processes (actors) of this node: PIDs, mailboxes, monitors, links. */
    ai.wippy.actor.ActorSystem actors();

    Collection<RegisteredFunction> functions();

    Optional<RegisteredFunction> function(String id);

    /**
     * The handle of function {@code id}, to keep and call many times: it follows live updates of the
     * registry, so callers that call the same ID again (Lua's {@code funcs.call}, the
     * {@code wippy:runtime/funcs} import) reuse it instead of resolving the ID per call.
     */
    CallHandle handle(String id);

    /** A loaded resource (file system, variable, policy, endpoint...) by ID and type. */
    <T> Optional<T> resource(EntryId id, Class<T> type);

    /** Every loaded resource of a type, for example every endpoint. */
    <T> List<T> resources(Class<T> type);

    /** The {@code security.policy} entries, to build scopes from their groups. */
    ai.wippy.security.PolicyDirectory policies();

    /** A caller that inherits the current context. */
    FunctionCaller caller();

    /** Shorthand for {@code caller().call(id, args)}. */
    Object call(String id, Object... args);

    /** Shorthand for {@code caller().callAsync(id, args)}. */
    Mono<Object> callAsync(String id, Object... args);

    /** Where contexts of calls made from outside any call come from. */
    CallContextProvider contextProvider();

    /** The context a call made now starts from: the running call's, or the ambient one. */
    CallContext baseContext();

    /** The base context inside a reactive chain: the running call's, or the ambient provider's reactive one. */
    Mono<CallContext> baseContextReactive();

    /**
     * Calls function {@code id} under {@code ctx} with host values, and returns the canonical result
     * (a WIT {@code result} stays a {@link ai.wippy.value.ResultValue}). This is the one path every caller takes.
     */
    Object invoke(CallContext ctx, String id, List<Object> args);

    /** {@link #invoke} for a Java caller: a WIT {@code result} error becomes a {@link ai.wippy.call.GuestErrorException}. */
    Object callJava(CallContext ctx, String id, List<Object> args);

    /** {@link #callJava} on the dispatcher; disposing the {@link Mono} stops the guest. */
    Mono<Object> callJavaAsync(CallContext ctx, String id, List<Object> args);

    /**
     * Runs {@code body} as a call of function {@code id} on the dispatcher, with everything an
     * ordinary asynchronous call gets (the pool's admission, the security check, the function's
     * deadline and worker class, the current {@link CallContext}, metrics), but lets the body
     * decide how the function runs: a {@code wasi-http} endpoint hands a borrowed component
     * instance its request as resources of that instance. Disposing the {@link Mono} stops the guest.
     */
    Mono<Object> callAsyncWith(CallContext ctx, String id, FunctionBody body);

    /**
     * {@link #callAsyncWith} run on the calling thread, for a caller whose thread must not block (a
     * server's event loop): everything the call gets is the same, but where it would wait (a busy
     * pool, a deadline's alarm, the guest waiting for a timer or a stream) it stops with {@link
     * ai.wippy.call.WouldWait} instead, to be run again with {@link #callAsyncWith}. Only for
     * functions whose effects stay inside their instance, so that a stopped call changed nothing.
     */
    Object callHere(CallContext ctx, String id, FunctionBody body) throws Exception;

    /**
     * Whether a call of {@code id} made now, on this thread, may start with {@link #callHere}: the
     * thread must not block, and the function's effects stay inside its instance, with neither
     * {@code max_execution_ms} nor a worker class, not seen to wait (or run long) there in this version.
     */
    boolean mayRunHere(String id);

    /** How a {@link #callAsyncWith} call runs its function, on the dispatcher, with the call's context bound. */
    @FunctionalInterface
    interface FunctionBody {
        Object run(RegisteredFunction function, CallContext ctx) throws Exception;
    }

    /**
     * Starts the observation of a run of process {@code programId} (kind {@code process}, with its PID)
     * under the current call or trace; {@code null} when nothing observes. Process spawns use it.
     */
    RuntimeObserver.CallObservation observeProcess(String programId, long pid);
}
