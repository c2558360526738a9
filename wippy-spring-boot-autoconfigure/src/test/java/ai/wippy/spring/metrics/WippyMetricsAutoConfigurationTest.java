package ai.wippy.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestContexts;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyMetricsAutoConfiguration}: off without Micrometer; each default gives way to the application's own. */
class WippyMetricsAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyMetricsAutoConfiguration.class, WippyAutoConfiguration.class))
            .withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml")
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @Test
    void theMetersAndTheObserverAreThere() {
        runner.run(TestContexts.withSingle(
                CallTimers.class,
                ObservationRuntimeObserver.class,
                WippyPoolMetrics.class,
                WippyActorMetrics.class,
                WippyCallMeterHandler.class));
    }

    @Test
    void withoutMicrometerNothingIsConfiguredAndTheRegistryStillStarts() {
        runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
                .run(TestContexts.withSingle(ai.wippy.runtime.WasmRegistry.class)
                        .andThen(TestContexts.without(CallTimers.class, WippyPoolMetrics.class)));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        WippyCallObservationConvention convention = new WippyCallObservationConvention();
        runner.withBean("myPools", WippyPoolMetrics.class, () -> new WippyPoolMetrics(null))
                .withBean("myConvention", WippyCallObservationConvention.class, () -> convention)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx).hasSingleBean(WippyPoolMetrics.class).hasBean("myPools");
                    assertThat(ctx.getBean(WippyCallObservationConvention.class))
                            .isSameAs(convention);
                });
    }
}
