package ai.wippy.spi;

import ai.wippy.call.CallContext;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/**
 * A function whose calls each borrow an instance from a pool: core modules, components, and (with
 * no pool) Java functions. Subclasses say how one instance runs one call.
 */
public abstract class PooledFunction<T> implements RegisteredFunction {

    private final RegistryEntry entry;
    private final FunctionSignature signature;
    private final PoolConfig poolConfig;
    private final InstancePool<T> pool;
    private final Duration maxExecution;

    protected PooledFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<T> pool,
            Duration maxExecution) {
        this.entry = entry;
        this.signature = signature;
        this.poolConfig = poolConfig;
        this.pool = pool;
        this.maxExecution = maxExecution;
    }

    /** Runs one call on one borrowed instance. */
    protected abstract Object call(T instance, List<Object> args) throws Exception;

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
        return pool;
    }

    /** The pool with its instance type, for subclasses that lend instances themselves. */
    protected final InstancePool<T> instances() {
        return pool;
    }

    @Override
    public Duration maxExecution() {
        return maxExecution;
    }

    @Override
    public Object invoke(CallContext ctx, List<Object> args) throws Exception {
        return pool.execute(instance -> call(instance, args), ctx.deadlineNanos());
    }
}
