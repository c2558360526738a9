package ai.wippy.spring.metrics;

import ai.wippy.runtime.WasmRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;

/** Meters of the registry's functions and actors, bound when there is a registry (nothing without one). */
interface RegistryMeterBinder extends MeterBinder {

    ObjectProvider<WasmRegistry> registries();

    /** Registers the meters of {@code registry} with {@code meters}. */
    void bindTo(MeterRegistry meters, WasmRegistry registry);

    @Override
    default void bindTo(MeterRegistry meters) {
        WasmRegistry registry = registries().getIfAvailable();
        if (registry != null) {
            bindTo(meters, registry);
        }
    }
}
