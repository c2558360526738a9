package ai.wippy.component;

import ai.wippy.call.CallContext;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.RegisteredFunction;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/** A {@code function.wasm} entry backed by a component: a pooled instance runs each call. */
final class ComponentRegisteredFunction implements RegisteredFunction {

    private final RegistryEntry entry;
    private final FunctionSignature signature;
    private final PoolConfig poolConfig;
    private final InstancePool<ComponentFunctionLoader.PooledComponent> pool;
    private final Duration maxExecution;

    ComponentRegisteredFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<ComponentFunctionLoader.PooledComponent> pool,
            Duration maxExecution) {
        this.entry = entry;
        this.signature = signature;
        this.poolConfig = poolConfig;
        this.pool = pool;
        this.maxExecution = maxExecution;
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
        return pool;
    }

    @Override
    public Duration maxExecution() {
        return maxExecution;
    }

    @Override
    public Object invoke(CallContext ctx, List<Object> args) throws Exception {
        return pool.execute(p -> p.function().call(args), ctx.deadlineNanos());
    }
}
