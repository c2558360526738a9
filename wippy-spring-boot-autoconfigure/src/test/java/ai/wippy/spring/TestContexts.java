package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ContextConsumer;

/** What the {@code ApplicationContextRunner} tests of the auto-configurations check of a context. */
public final class TestContexts {

    private TestContexts() {}

    /** The context started, with exactly one bean of each of {@code types}. */
    public static ContextConsumer<AssertableApplicationContext> withSingle(Class<?>... types) {
        return ctx -> {
            assertThat(ctx).hasNotFailed();
            for (Class<?> type : types) {
                assertThat(ctx).hasSingleBean(type);
            }
        };
    }

    /** The context started, with no bean of any of {@code types}. */
    public static ContextConsumer<AssertableApplicationContext> without(Class<?>... types) {
        return ctx -> {
            assertThat(ctx).hasNotFailed();
            for (Class<?> type : types) {
                assertThat(ctx).doesNotHaveBean(type);
            }
        };
    }

    /** A runner whose registry finds no document, with {@code properties} besides. */
    public static ApplicationContextRunner noDocuments(String... properties) {
        return new ApplicationContextRunner()
                .withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml")
                .withPropertyValues(properties);
    }

    /** {@code runner} with the registry's auto-configuration and {@code autoConfiguration}, which needs it. */
    public static ApplicationContextRunner withRegistry(ApplicationContextRunner runner, Class<?> autoConfiguration) {
        return runner.withConfiguration(AutoConfigurations.of(WippyAutoConfiguration.class, autoConfiguration));
    }

    /** Without the registry's auto-configuration, {@code autoConfiguration} starts and makes no {@code type}. */
    public static void needsTheRegistry(ApplicationContextRunner runner, Class<?> autoConfiguration, Class<?> type) {
        runner.withConfiguration(AutoConfigurations.of(autoConfiguration)).run(without(type));
    }
}
