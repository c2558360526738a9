package ai.wippy.spi;

import ai.wippy.call.CallContext;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/**
 * A callable registry entry, whatever runs it (a WASM core module, a component, Lua). The runtime
 * checks security, converts arguments, applies limits and records metrics around {@link #invoke}.
 */
public interface RegisteredFunction extends AutoCloseable {

    RegistryEntry entry();

    default EntryId id() {
        return entry().id();
    }

    default String kind() {
        return entry().kind();
    }

    /** The WIT signature, or {@code null} when the function takes and returns dynamic values (Lua). */
    FunctionSignature signature();

    PoolConfig poolConfig();

    /** The pool, for its figures; {@code null} when the function keeps no instances. */
    InstancePool<?> pool();

    /** {@code limits.max_execution_ms}, or {@code null}. */
    Duration maxExecution();

    /**
     * Whether everything the function can reach acts only on its own instance: a core module without
     * imports, a component importing only {@code wasi:http/types}, {@code wasi:io}, clocks, random and
     * the environment (no files, network, terminal or other functions). A call of it stopped before
     * it finished ({@link ai.wippy.call.WouldWait}) changed nothing anyone can see, so it may start
     * on a thread that must not block and move where it may wait when it would.
     */
    default boolean effectsStayInside() {
        return false;
    }

    /**
     * Runs the function. Arguments are canonical values already checked against {@link #signature()};
     * the result is canonical too. Runs on the calling thread; the current {@link CallContext} is set.
     */
    Object invoke(CallContext ctx, List<Object> args) throws Exception;

    /**
     * The primitive entry of this function when its signature is all scalars and it runs them
     * without boxing (a core module's export), or {@code null}: callers then use {@link #invoke}.
     * Calls through it are not counted by the registry's version: after {@link #close} (an update
     * replaced the entry) it must still finish a call that has its instance, and refuse one that has
     * none yet with {@link ai.wippy.pool.PoolClosedException} before running anything, as a closed
     * {@link InstancePool} does.
     */
    default ScalarInvoker scalar() {
        return null;
    }

    @Override
    default void close() {
        InstancePool<?> pool = pool();
        if (pool != null) {
            pool.close();
        }
    }
}
