package ai.wippy.spring.metrics;

import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.pool.InstancePool;
import ai.wippy.runtime.RegisteredFunction;
import ai.wippy.runtime.WasmRegistry;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Pool meters of every function: {@code wippy.pool.instances} (tag {@code state}: busy, idle),
 * {@code wippy.pool.max}, {@code wippy.pool.queue} and {@code wippy.pool.rejected}, all tagged with
 * {@code function}; and the guest memory budget: {@code wippy.memory.guest}, {@code
 * wippy.memory.guest.limit}, {@code wippy.memory.guest.refused}.
 */
public final class WippyPoolMetrics implements MeterBinder {

    private final ObjectProvider<WasmRegistry> registries;

    public WippyPoolMetrics(ObjectProvider<WasmRegistry> registries) {
        this.registries = registries;
    }

    @Override
    public void bindTo(MeterRegistry meters) {
        WasmRegistry registry = registries.getIfAvailable();
        if (registry == null) {
            return;
        }
        GuestMemoryBudget memory = registry.memoryBudget();
        Gauge.builder("wippy.memory.guest", memory, GuestMemoryBudget::usedBytes)
                .description("Guest memory all instances hold together")
                .baseUnit("bytes")
                .register(meters);
        Gauge.builder("wippy.memory.guest.limit", memory, GuestMemoryBudget::limitBytes)
                .description("Most guest memory all instances may hold together (wippy.limits.total-memory)")
                .baseUnit("bytes")
                .register(meters);
        FunctionCounter.builder("wippy.memory.guest.refused", memory, GuestMemoryBudget::refusals)
                .description("Instances and memory.grow calls refused because the guest memory budget was spent")
                .register(meters);
        for (RegisteredFunction fn : registry.functions()) {
            InstancePool<?> pool = fn.pool();
            if (pool == null) {
                continue;
            }
            String id = fn.id().toString();
            String type = pool.config().type().yamlName();
            Gauge.builder("wippy.pool.instances", pool, p -> p.stats().busy())
                    .description("Instances of the function's pool, by state")
                    .tags("function", id, "state", "busy", "pool", type)
                    .register(meters);
            Gauge.builder("wippy.pool.instances", pool, p -> p.stats().idle())
                    .description("Instances of the function's pool, by state")
                    .tags("function", id, "state", "idle", "pool", type)
                    .register(meters);
            Gauge.builder("wippy.pool.max", pool, p -> p.stats().max())
                    .description("Most instances the pool may hold (-1: unbounded)")
                    .tags("function", id, "pool", type)
                    .register(meters);
            Gauge.builder("wippy.pool.queue", pool, p -> p.stats().queued())
                    .description("Calls waiting for an instance")
                    .tags("function", id, "pool", type)
                    .register(meters);
            FunctionCounter.builder("wippy.pool.rejected", pool, p -> p.stats().rejected())
                    .description("Calls rejected because the pool was saturated")
                    .tags("function", id, "pool", type)
                    .register(meters);
        }
    }
}
