package ai.wippy.spring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestContexts;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyCliAutoConfiguration}: the run command needs a registry; a user runner replaces it. */
class WippyCliAutoConfigurationTest {

    private final ApplicationContextRunner runner = TestContexts.noDocuments("wippy.cli.exit=false");

    private final ApplicationContextRunner withRegistry =
            TestContexts.withRegistry(runner, WippyCliAutoConfiguration.class);

    @Test
    void theRunnerIsThereWithARegistry() {
        withRegistry.run(TestContexts.withSingle(WippyCommandRunner.class));
    }

    @Test
    void aUserRunnerReplacesTheDefault() {
        withRegistry
                .withBean("mine", WippyCommandRunner.class, () -> new WippyCommandRunner(null, null, null, false))
                .run(ctx ->
                        assertThat(ctx).hasSingleBean(WippyCommandRunner.class).hasBean("mine"));
    }

    @Test
    void withoutARegistryThereIsNoRunner() {
        TestContexts.needsTheRegistry(runner, WippyCliAutoConfiguration.class, WippyCommandRunner.class);
    }
}
