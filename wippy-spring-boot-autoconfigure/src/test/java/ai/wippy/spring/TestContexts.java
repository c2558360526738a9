package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
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
}
