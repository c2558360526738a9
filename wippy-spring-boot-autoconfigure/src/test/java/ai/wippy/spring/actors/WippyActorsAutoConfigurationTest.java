package ai.wippy.spring.actors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.process.Supervisor;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyActorsAutoConfiguration}: the actor beans need a registry; each gives way to the application's own. */
class WippyActorsAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml");

    @Test
    void theActorBeansAreThereWithARegistry() {
        runner.withConfiguration(
                        AutoConfigurations.of(WippyAutoConfiguration.class, WippyActorsAutoConfiguration.class))
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .hasSingleBean(WippyProcesses.class)
                        .hasSingleBean(Supervisor.class)
                        .hasSingleBean(WippyServices.class));
    }

    @Test
    void withoutARegistryThereAreNone() {
        runner.withConfiguration(AutoConfigurations.of(WippyActorsAutoConfiguration.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean(WippyProcesses.class));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        runner.withConfiguration(
                        AutoConfigurations.of(WippyAutoConfiguration.class, WippyActorsAutoConfiguration.class))
                .withBean("myProcesses", WippyProcesses.class)
                .withBean("mySupervisor", Supervisor.class)
                .run(ctx -> assertThat(ctx)
                        .hasNotFailed()
                        .hasBean("myProcesses")
                        .doesNotHaveBean("wippyProcesses")
                        .hasBean("mySupervisor")
                        .doesNotHaveBean("wippySupervisor")
                        .hasSingleBean(WippyServices.class));
    }
}
