package ai.wippy.spring.metrics;

import ai.wippy.runtime.WasmRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** Micrometer meters of the runtime, when Micrometer is on the classpath. */
@AutoConfiguration(beforeName = "ai.wippy.spring.WippyAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
public final class WippyMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    MicrometerRuntimeObserver wippyMicrometerObserver(ObjectProvider<MeterRegistry> registries) {
        return new MicrometerRuntimeObserver(registries);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyPoolMetrics wippyPoolMetrics(ObjectProvider<WasmRegistry> registry) {
        return new WippyPoolMetrics(registry);
    }
}
