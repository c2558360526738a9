package ai.wippy.spring.actuate;

import ai.wippy.runtime.WasmRegistry;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The {@code wippy} actuator endpoint and health indicator, when the actuator is present. */
@AutoConfiguration(
        afterName = {
            "ai.wippy.spring.registry.WippyAutoConfiguration",
            "ai.wippy.spring.actors.WippyActorsAutoConfiguration"
        })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
public final class WippyActuatorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(WasmRegistry.class)
    @ConditionalOnAvailableEndpoint(endpoint = WippyEndpoint.class)
    WippyEndpoint wippyEndpoint(
            WasmRegistry registry,
            org.springframework.beans.factory.ObjectProvider<ai.wippy.process.Supervisor> supervisor,
            org.springframework.beans.factory.ObjectProvider<ai.wippy.spring.registry.RegistryDocumentScanner> scanner,
            ai.wippy.spring.WippyProperties properties) {
        var documents = scanner.getIfAvailable();
        var r = properties.registry();
        return new WippyEndpoint(
                registry,
                supervisor.getIfAvailable(),
                documents == null ? null : () -> documents.scan(r.locations(), r.directories()));
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static final class HealthConfiguration {

        @Bean
        @ConditionalOnMissingBean(name = "wippyHealthIndicator")
        @ConditionalOnBean(WasmRegistry.class)
        @ConditionalOnEnabledHealthIndicator("wippy")
        WippyHealthIndicator wippyHealthIndicator(
                WasmRegistry registry,
                org.springframework.beans.factory.ObjectProvider<ai.wippy.process.Supervisor> supervisor) {
            return new WippyHealthIndicator(registry, supervisor.getIfAvailable());
        }
    }
}
