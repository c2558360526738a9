package ai.wippy.spring.http;

import ai.wippy.runtime.WasmRegistry;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves {@code http.endpoint} entries in a reactive web application. */
@AutoConfiguration(afterName = "ai.wippy.spring.WippyAutoConfiguration")
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(WasmRegistry.class)
@EnableConfigurationProperties(WippyHttpProperties.class)
public final class WippyHttpAutoConfiguration {

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    WippyErrorResponses wippyErrorResponses(WippyHttpProperties properties) {
        return new WippyErrorResponses(properties.getIncludeMessage());
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    WippyExceptionHandler wippyExceptionHandler(WippyErrorResponses responses) {
        return new WippyExceptionHandler(responses);
    }

    @Bean
    RouterFunction<ServerResponse> wippyHttpEndpoints(
            WasmRegistry registry, WippyErrorResponses responses, WippyHttpProperties properties) {
        RouterFunction<ServerResponse> routes = new EndpointRoutes(
                        registry, responses, properties.getMaxBodySize().toBytes())
                .routes();
        // a registry without endpoints: a route that never matches keeps the bean simple to replace
        return routes != null
                ? routes
                : org.springframework.web.reactive.function.server.RouterFunctions.route(
                        request -> false, request -> ServerResponse.notFound().build());
    }
}
