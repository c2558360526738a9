package ai.wippy.spring.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.TestContexts;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@link WippyCliAutoConfiguration}: the run command needs a registry; a user runner replaces it. */
class WippyCliAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml", "wippy.cli.exit=false");

    /** The runner with the registry's auto-configuration, which WippyCliAutoConfiguration needs. */
    private final ApplicationContextRunner withRegistry = runner.withConfiguration(
            AutoConfigurations.of(WippyAutoConfiguration.class, WippyCliAutoConfiguration.class));

    @Test
    void theRunnerIsThereWithARegistry() {
        withRegistry.run(TestContexts.withSingle(WippyCommandRunner.class));
    }

    @Test
    void withoutARegistryThereIsNoRunner() {
        runner.withConfiguration(AutoConfigurations.of(WippyCliAutoConfiguration.class))
                .run(TestContexts.without(WippyCommandRunner.class));
    }

    @Test
    void aUserRunnerReplacesTheDefault() {
        withRegistry
                .withBean("mine", WippyCommandRunner.class, () -> new WippyCommandRunner(null, null, null, false))
                .run(ctx ->
                        assertThat(ctx).hasSingleBean(WippyCommandRunner.class).hasBean("mine"));
    }
}
