package ai.wippy.spring.security;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.call.CallContextProvider;
import ai.wippy.spring.TestContexts;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.core.Authentication;

/**
 * {@link WippySecurityAutoConfiguration} and {@link WippyWithoutSpringSecurityAutoConfiguration}: one or
 * the other by Spring Security's presence; each default gives way to the application's own bean.
 */
class WippySecurityAutoConfigurationBackOffTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    WippySecurityAutoConfiguration.class,
                    WippyWithoutSpringSecurityAutoConfiguration.class,
                    WippyAutoConfiguration.class))
            .withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml");

    @Test
    void withSpringSecurityCallsGetTheirIdentityFromIt() {
        runner.run(TestContexts.withSingle(
                ActorMapper.class, ScopeResolver.class, CallContextProvider.class, SecurityModeReport.class));
    }

    @Test
    void withoutSpringSecurityThereIsNoIdentityAndTheReportSaysSo() {
        runner.withClassLoader(new FilteredClassLoader(Authentication.class))
                .run(TestContexts.withSingle(SecurityModeReport.class)
                        .andThen(TestContexts.without(ActorMapper.class, CallContextProvider.class)));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        ActorMapper mapper = new DefaultActorMapper();
        runner.withBean(ActorMapper.class, () -> mapper)
                .withBean("myProvider", CallContextProvider.class, () -> CallContextProvider.EMPTY)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(ActorMapper.class)).isSameAs(mapper);
                    assertThat(ctx).hasSingleBean(CallContextProvider.class).hasBean("myProvider");
                });
    }
}
