package ai.wippy.wasm;

import ai.wippy.call.CallContext;
import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.runtime.RegisteredFunction;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/** A {@code function.wat} or {@code function.wasm} entry backed by a core module. */
final class CoreModuleFunction implements RegisteredFunction {

    private final RegistryEntry entry;
    private final FunctionSignature signature;
    private final PoolConfig poolConfig;
    private final InstancePool<CoreInstance> pool;
    private final CoreAbiAdapter abi;
    private final Duration maxExecution;

    CoreModuleFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<CoreInstance> pool,
            CoreAbiAdapter abi,
            Duration maxExecution) {
        this.entry = entry;
        this.signature = signature;
        this.poolConfig = poolConfig;
        this.pool = pool;
        this.abi = abi;
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
        return pool.execute(core -> abi.call(core.instance(), core.export(), args), ctx.deadlineNanos());
    }
}
