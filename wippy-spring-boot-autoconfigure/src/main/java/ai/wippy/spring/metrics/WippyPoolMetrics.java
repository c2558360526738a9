package ai.wippy.spring.metrics;

import ai.wippy.engine.GuestMemoryBudget;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spi.RegisteredFunction;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Pool meters of every function: {@code wippy.pool.instances} (tag {@code state}: busy, idle),
 * {@code wippy.pool.max}, {@code wippy.pool.queue} and {@code wippy.pool.rejected}, all tagged with
 * {@code function}; and the guest memory budget: {@code wippy.memory.guest}, {@code
 * wippy.memory.guest.limit}, {@code wippy.memory.guest.refused}.
 */
public record WippyPoolMetrics(ObjectProvider<WasmRegistry> registries) implements RegistryMeterBinder {

    @Override
    public void bindTo(MeterRegistry meters, WasmRegistry registry) {
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
            bind(meters, registry, fn);
        }
        // a change applied while running: meters of changed and removed functions go, new ones come
        registry.onApply(change -> {
            java.util.Set<String> gone = new java.util.HashSet<>(change.loaded());
            gone.addAll(change.removed());
            for (io.micrometer.core.instrument.Meter m : List.copyOf(meters.getMeters())) {
                if (m.getId().getName().startsWith("wippy.pool.")
                        && gone.contains(m.getId().getTag("function"))) {
                    meters.remove(m);
                }
            }
            for (String id : change.loaded()) {
                registry.function(id).ifPresent(fn -> bind(meters, registry, fn));
            }
        });
    }

    /**
     * The meters of one function's pool. They read the pool the registry has for the function now, so a
     * function kept across a change keeps its meters.
     */
    private static void bind(MeterRegistry meters, WasmRegistry registry, RegisteredFunction fn) {
        if (fn.pool() == null) {
            return;
        }
        String id = fn.id().toString();
        String type = fn.pool().config().type().yamlName();
        Gauge.builder("wippy.pool.instances", registry, r -> read(r, id, ai.wippy.pool.PoolStats::busy))
                .description("Instances of the function's pool, by state")
                .tags("function", id, "state", "busy", "pool", type)
                .register(meters);
        Gauge.builder("wippy.pool.instances", registry, r -> read(r, id, ai.wippy.pool.PoolStats::idle))
                .description("Instances of the function's pool, by state")
                .tags("function", id, "state", "idle", "pool", type)
                .register(meters);
        Gauge.builder("wippy.pool.max", registry, r -> read(r, id, ai.wippy.pool.PoolStats::max))
                .description("Most instances the pool may hold (-1: unbounded)")
                .tags("function", id, "pool", type)
                .register(meters);
        Gauge.builder("wippy.pool.queue", registry, r -> read(r, id, ai.wippy.pool.PoolStats::queued))
                .description("Calls waiting for an instance")
                .tags("function", id, "pool", type)
                .register(meters);
        FunctionCounter.builder("wippy.pool.rejected", registry, r -> read(r, id, ai.wippy.pool.PoolStats::rejected))
                .description("Calls rejected because the pool was saturated")
                .tags("function", id, "pool", type)
                .register(meters);
    }

    private static double read(
            WasmRegistry registry, String id, java.util.function.ToDoubleFunction<ai.wippy.pool.PoolStats> stat) {
        return registry.function(id)
                .map(RegisteredFunction::pool)
                .map(p -> stat.applyAsDouble(p.stats()))
                .orElse(Double.NaN);
    }
}
