package ai.wippy.wasm;

import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.PooledFunction;
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
    }

    @Override
    protected Object call(CoreInstance core, List<Object> args) {
        return abi.call(core.instance(), core.export(), args);
    }
}
