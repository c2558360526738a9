package ai.wippy.spring.metrics;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters and observations of the runtime, when Micrometer is on the classpath: every call a
 * {@code wippy.function.call} observation (a span under Micrometer Tracing) that also makes the {@code
 * wippy.function.calls} timer, compile timers, pool meters.
 */
@AutoConfiguration(before = WippyAutoConfiguration.class)
@ConditionalOnClass({MeterRegistry.class, ObservationRegistry.class})
public final class WippyMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CallTimers wippyCallTimers(ObjectProvider<MeterRegistry> registries) {
        return new CallTimers(registries);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyCallObservationConvention wippyCallObservationConvention() {
        return new WippyCallObservationConvention();
    }

    @Bean
    @ConditionalOnMissingBean
    ObservationRuntimeObserver wippyObservationObserver(
            ObjectProvider<ObservationRegistry> observations,
            CallTimers timers,
            WippyCallObservationConvention convention) {
        return new ObservationRuntimeObserver(observations, timers, convention);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyCallMeterHandler wippyCallMeterHandler(CallTimers timers) {
        return new WippyCallMeterHandler(timers);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyPoolMetrics wippyPoolMetrics(ObjectProvider<WasmRegistry> registry) {
        return new WippyPoolMetrics(registry);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyActorMetrics wippyActorMetrics(
            ObjectProvider<WasmRegistry> registry, ObjectProvider<ai.wippy.process.Supervisor> supervisor) {
        return new WippyActorMetrics(registry, supervisor);
    }
}
