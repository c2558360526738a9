package ai.wippy.spring.actors;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.process.Supervisor;
import ai.wippy.spring.TestContexts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyActorsAutoConfiguration}: the actor beans need a registry; each gives way to the application's own. */
class WippyActorsAutoConfigurationTest {

    private final ApplicationContextRunner runner = TestContexts.noDocuments();

    private final ApplicationContextRunner withRegistry =
            TestContexts.withRegistry(runner, WippyActorsAutoConfiguration.class);

    @Test
    void theActorBeansAreThereWithARegistry() {
        withRegistry.run(TestContexts.withSingle(WippyProcesses.class, Supervisor.class, WippyServices.class));
    }

    @Test
    void withoutARegistryThereAreNone() {
        TestContexts.needsTheRegistry(runner, WippyActorsAutoConfiguration.class, WippyProcesses.class);
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
