package ai.wippy.spring.http;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/** {@link WippyHttpAutoConfiguration}: reactive web only, off without WebFlux's functional routes; defaults give way. */
class WippyHttpAutoConfigurationTest {

    private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(WippyAutoConfiguration.class, WippyHttpAutoConfiguration.class))
            .withPropertyValues("wippy.registry.locations=classpath*:none/_index.yaml");

    @Test
    void theRoutesAndErrorAnswersAreThere() {
        runner.run(ctx -> assertThat(ctx)
                .hasNotFailed()
                .hasBean("wippyHttpEndpoints")
                .hasSingleBean(WippyErrorResponses.class)
                .hasSingleBean(WippyExceptionHandler.class));
    }

    @Test
    void withoutWebFluxNothingIsConfigured() {
        runner.withClassLoader(new FilteredClassLoader(RouterFunction.class))
                .run(ctx -> assertThat(ctx).hasNotFailed().doesNotHaveBean("wippyHttpEndpoints"));
    }

    @Test
    void userBeansReplaceTheDefaults() {
        WippyErrorResponses responses = new WippyErrorResponses(WippyHttpProperties.IncludeMessage.NEVER);
        RouterFunction<ServerResponse> mine =
                RouterFunctions.route(r -> false, r -> ServerResponse.ok().build());
        runner.withBean(WippyErrorResponses.class, () -> responses)
                .withBean("wippyHttpEndpoints", RouterFunction.class, () -> mine)
                .run(ctx -> {
                    assertThat(ctx).hasNotFailed();
                    assertThat(ctx.getBean(WippyErrorResponses.class)).isSameAs(responses);
                    assertThat(ctx.getBean("wippyHttpEndpoints")).isSameAs(mine);
                });
    }
}
