package ai.wippy.spring.actuate;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyActuatorAutoConfiguration}: the endpoint and health indicator need actuator and a registry; both give way. */
class WippyActuatorAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(WippyAutoConfiguration.class, WippyActuatorAutoConfiguration.class))
            .withPropertyValues(
                    "wippy.registry.locations=classpath*:none/_index.yaml",
                    "management.endpoints.web.exposure.include=wippy");

    @Test
    void theEndpointAndTheHealthIndicatorAreThere() {
        runner.run(ctx -> assertThat(ctx)
                .hasNotFailed()
                .hasSingleBean(WippyEndpoint.class)
                .hasSingleBean(WippyHealthIndicator.class));
    }

    @Test
    void withoutActuatorOrARegistryThereAreNone() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.endpoint.annotation"))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WippyEndpoint.class));
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(WippyActuatorAutoConfiguration.class))
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .doesNotHaveBean(WippyEndpoint.class)
                        .doesNotHaveBean(WippyHealthIndicator.class));
    }

    @Test
    void theHealthIndicatorCanBeTurnedOffOrReplaced() {
        runner.withPropertyValues("management.health.wippy.enabled=false")
                .run(ctx -> assertThat(ctx).doesNotHaveBean(WippyHealthIndicator.class));
        runner.withBean(
                        "wippyHealthIndicator",
                        org.springframework.boot.health.contributor.HealthIndicator.class,
                        () -> () -> org.springframework.boot.health.contributor.Health.up()
                                .build())
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WippyHealthIndicator.class));
    }
}
