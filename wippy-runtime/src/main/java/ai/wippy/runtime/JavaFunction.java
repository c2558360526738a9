package ai.wippy.runtime;

import ai.wippy.call.CallContext;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/**
 * A registry function implemented in Java: keeps no instances, runs its body on the calling thread.
 * Handlers of Java-backed kinds (and tests) use it; calls still go through the runtime's checks.
 */
public final class JavaFunction implements RegisteredFunction {

    /** The body of a Java function: canonical arguments in, canonical result out. */
    @FunctionalInterface
    public interface Body {
        Object apply(CallContext ctx, List<Object> args) throws Exception;
    }

    private final RegistryEntry entry;
    private final FunctionSignature signature;
    private final PoolConfig poolConfig;
    private final Body body;

    public JavaFunction(RegistryEntry entry, FunctionSignature signature, PoolConfig poolConfig, Body body) {
        this.entry = entry;
        this.signature = signature;
        this.poolConfig = poolConfig;
        this.body = body;
    }

    @Override
    public RegistryEntry entry() {
        return entry;
    }

    @Override
    public FunctionSignature signature() {
        return signature;
    }

    @Override
    public PoolConfig poolConfig() {
        return poolConfig;
    }

    @Override
    public InstancePool<?> pool() {
        return null;
    }

    @Override
    public Duration maxExecution() {
        return null;
    }

    @Override
    public Object invoke(CallContext ctx, List<Object> args) throws Exception {
        return body.apply(ctx, args);
    }
}
