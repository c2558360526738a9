package ai.wippy.spring.actors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.process.Supervisor;
import ai.wippy.spring.TestContexts;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyActorsAutoConfiguration}: the actor beans need a registry; each gives way to the application's own. */
class WippyActorsAutoConfigurationTest {

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml");

    /** The runner with the registry's auto-configuration, which WippyActorsAutoConfiguration needs. */
    private final ApplicationContextRunner withRegistry = runner.withConfiguration(
            AutoConfigurations.of(WippyAutoConfiguration.class, WippyActorsAutoConfiguration.class));

    @Test
    void theActorBeansAreThereWithARegistry() {
        withRegistry.run(TestContexts.withSingle(WippyProcesses.class, Supervisor.class, WippyServices.class));
    }

    @Test
    void withoutARegistryThereAreNone() {
        runner.withConfiguration(AutoConfigurations.of(WippyActorsAutoConfiguration.class))
                .run(TestContexts.without(WippyProcesses.class));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        withRegistry
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
