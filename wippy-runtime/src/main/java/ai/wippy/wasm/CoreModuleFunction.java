package ai.wippy.wasm;

import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.pool.ScalarTask;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.PooledFunction;
import ai.wippy.spi.ScalarInvoker;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/** A {@code function.wat} or {@code function.wasm} entry backed by a core module. */
final class CoreModuleFunction extends PooledFunction<CoreInstance> {

    private final CoreAbiAdapter abi;

    CoreModuleFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<CoreInstance> pool,
            CoreAbiAdapter abi,
            Duration maxExecution) {
        super(entry, signature, poolConfig, pool, maxExecution);
        this.abi = abi;
        if (abi instanceof ScalarAbi scalarAbi) {
            ScalarTask<CoreInstance> task = (core, args) -> scalarAbi.callCore(core.export(), args);
            this.scalar = (ctx, args) -> pool.executeScalar(task, args, ctx.deadlineNanos());
        } else {
            this.scalar = null;
        }
    }

    /** The scalar path of a signature made only of scalars: core values straight into the export. */
    private final ScalarInvoker scalar;

    @Override
    public ScalarInvoker scalar() {
        return scalar;
    }

    @Override
    protected Object call(CoreInstance core, List<Object> args) {
        return abi.call(core.instance(), core.export(), args);
    }
}
