package ai.wippy.spring.http;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** Serves {@code http.endpoint} entries in a reactive web application. */
@AutoConfiguration(after = WippyAutoConfiguration.class)
@ConditionalOnClass(RouterFunction.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnBean(WasmRegistry.class)
@EnableConfigurationProperties(WippyHttpProperties.class)
public final class WippyHttpAutoConfiguration {

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    WippyErrorResponses wippyErrorResponses(WippyHttpProperties properties) {
        return new WippyErrorResponses(properties.includeMessage());
    }

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean
    WippyExceptionHandler wippyExceptionHandler(WippyErrorResponses responses) {
        return new WippyExceptionHandler(responses);
    }

    /** The routes of the http.endpoint entries; a bean of this name of the application's own replaces them. */
    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(name = "wippyHttpEndpoints")
    RouterFunction<ServerResponse> wippyHttpEndpoints(
            WasmRegistry registry,
            WippyErrorResponses responses,
            WippyHttpProperties properties,
            org.springframework.beans.factory.ObjectProvider<ai.wippy.spring.actors.WippyProcesses> processes,
            org.springframework.beans.factory.ObjectProvider<ai.wippy.process.Supervisor> supervisor) {
        EndpointRoutes.ActorRequests actors = (service, topic, payloads, timeout) -> {
            ai.wippy.process.Supervisor services = supervisor.getIfAvailable();
            ai.wippy.spring.actors.WippyProcesses java = processes.getIfAvailable();
            if (services == null || java == null) {
                return reactor.core.publisher.Mono.error(new ai.wippy.call.WippyException(
                        ai.wippy.call.ErrorKind.CANCELED, service, "actors are not available in this application"));
            }
            ai.wippy.process.Supervisor.Status status = services.status(service);
            if (status == null || status.pid() == null) {
                return reactor.core.publisher.Mono.error(new ai.wippy.call.WippyException(
                        ai.wippy.call.ErrorKind.CANCELED,
                        service,
                        "the service's actor is not running"
                                + (status == null
                                        ? ""
                                        : " (" + status.state().name().toLowerCase() + ")")));
            }
            return java.request(
                    ai.wippy.actor.Pid.parse(status.pid()),
                    topic,
                    payloads.isEmpty() ? null : payloads.get(0),
                    timeout);
        };
        return new EndpointRoutes(registry, responses, properties.maxBodySize().toBytes(), actors).routes();
    }
}
