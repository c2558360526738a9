package ai.wippy.spring.env;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

/** {@link WippyEnvironmentAutoConfiguration}: Spring's Environment as a variable storage, replaceable. */
class WippyEnvironmentAutoConfigurationTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyEnvironmentAutoConfiguration.class))
            .withPropertyValues("app.greeting=hello");

    @Test
    void theEnvironmentIsAStorage() {
        runner.run(ctx -> assertThat(ctx.getBean(SpringEnvironmentStorage.class).get("app.greeting"))
                .contains("hello"));
    }

    @Test
    void aUserStorageReplacesTheDefault() {
        SpringEnvironmentStorage mine = new SpringEnvironmentStorage(new MockEnvironment().withProperty("x", "1"));
        runner.withBean(SpringEnvironmentStorage.class, () -> mine).run(ctx -> {
            assertThat(ctx).hasSingleBean(SpringEnvironmentStorage.class);
            assertThat(ctx.getBean(SpringEnvironmentStorage.class)).isSameAs(mine);
        });
    }
}
