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
    /** Whether the module imports nothing ({@link #effectsStayInside}). */
    private final boolean effectsStayInside;

    CoreModuleFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<CoreInstance> pool,
            CoreAbiAdapter abi,
            Duration maxExecution,
            boolean effectsStayInside) {
        super(entry, signature, poolConfig, pool, maxExecution);
        this.abi = abi;
        this.effectsStayInside = effectsStayInside;
        this.scalar = abi instanceof ScalarAbi scalarAbi ? new ScalarEntry(pool, scalarAbi) : null;
    }

    /** The primitive entry: the export called with core values on an instance of the pool, one class, no lambdas. */
    private static final class ScalarEntry implements ScalarInvoker, ScalarTask<CoreInstance> {
        private final InstancePool<CoreInstance> pool;
        private final ScalarAbi abi;

        ScalarEntry(InstancePool<CoreInstance> pool, ScalarAbi abi) {
            this.pool = pool;
            this.abi = abi;
        }

        @Override
        public long invoke(ai.wippy.call.CallContext ctx, long[] args) throws Exception {
            return pool.executeScalar(this, args, ctx.deadlineNanos());
        }

        @Override
        public long run(CoreInstance core, long[] args) {
            return abi.callCore(core.export(), args);
        }
    }

    /** The scalar path of a signature made only of scalars: core values straight into the export. */
    private final ScalarInvoker scalar;

    @Override
    public ScalarInvoker scalar() {
        return scalar;
    }

    @Override
    public boolean effectsStayInside() {
        return effectsStayInside;
    }

    @Override
    protected Object call(CoreInstance core, List<Object> args) {
        return abi.call(core.instance(), core.export(), args);
    }
}
