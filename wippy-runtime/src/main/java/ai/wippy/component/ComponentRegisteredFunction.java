package ai.wippy.component;

import ai.wippy.pool.InstancePool;
import ai.wippy.pool.PoolConfig;
import ai.wippy.registry.RegistryEntry;
import ai.wippy.spi.PooledFunction;
import ai.wippy.wit.FunctionSignature;
import java.time.Duration;
import java.util.List;

/** A {@code function.wasm} entry backed by a component: a pooled instance runs each call. */
final class ComponentRegisteredFunction extends PooledFunction<ComponentFunctionLoader.PooledComponent>
        implements InstanceBorrowing {

    private final boolean effectsStayInside;

    ComponentRegisteredFunction(
            RegistryEntry entry,
            FunctionSignature signature,
            PoolConfig poolConfig,
            InstancePool<ComponentFunctionLoader.PooledComponent> pool,
            Duration maxExecution,
            boolean effectsStayInside) {
        super(entry, signature, poolConfig, pool, maxExecution);
        this.effectsStayInside = effectsStayInside;
    }

    @Override
    public boolean effectsStayInside() {
        return effectsStayInside;
    }

    @Override
    public <R> R withInstance(ai.wippy.call.CallContext ctx, InstanceWork<R> work) throws Exception {
        return instances().execute(c -> work.run(c.instance(), c.function()), ctx.deadlineNanos());
    }

    @Override
    protected Object call(ComponentFunctionLoader.PooledComponent component, List<Object> args) throws Exception {
        return component.function().call(args);
    }
}
