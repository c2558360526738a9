package ai.wippy.spring.security;

import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippySecurityProperties;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import io.micrometer.context.ContextRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.task.TaskDecorator;
import org.springframework.core.task.support.ContextPropagatingTaskDecorator;
import org.springframework.security.core.Authentication;
import org.springframework.util.ClassUtils;
import org.springframework.web.server.WebFilter;
import reactor.core.publisher.Hooks;

/**
 * Maps Spring Security's current user onto the runtime's actor and scope, when Spring Security is
 * present, and makes every path see the same caller: the request's identity is resolved once by a
 * {@link RequestIdentityWebFilter} and carried to synchronous code by Reactor's automatic context
 * propagation, and into {@code @Async} methods by a {@link ContextPropagatingTaskDecorator}.
 */
@AutoConfiguration(before = WippyAutoConfiguration.class)
@ConditionalOnClass(Authentication.class)
@EnableConfigurationProperties(WippySecurityProperties.class)
public final class WippySecurityAutoConfiguration {

    private static final String CONTEXT_REGISTRY = "io.micrometer.context.ContextRegistry";

    @Bean
    @ConditionalOnMissingBean
    ActorMapper wippyActorMapper() {
        return new DefaultActorMapper();
    }

    @Bean
    @ConditionalOnMissingBean
    ScopeResolver wippyScopeResolver(WippySecurityProperties properties, ObjectProvider<WasmRegistry> registry) {
        return new GroupScopeResolver(properties, registry);
    }

    @Bean
    @ConditionalOnMissingBean
    CallContextProvider wippyCallContextProvider(
            ActorMapper actors,
            ScopeResolver scopes,
            WippySecurityProperties properties,
            ObjectProvider<WasmRegistry> registry) {
        return new SpringSecurityContextProvider(actors, scopes, properties, registry);
    }

    @Bean
    SecurityModeReport wippySecurityModeReport(
            WippySecurityProperties properties,
            ObjectProvider<WasmRegistry> registry,
            ObjectProvider<CallContextProvider> provider) {
        return new SecurityModeReport(
                true, properties, registry, provider, ClassUtils.isPresent(CONTEXT_REGISTRY, null));
    }

    /** The request's identity, resolved once per WebFlux request. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    @ConditionalOnClass(WebFilter.class)
    static class RequestIdentityConfiguration {

        RequestIdentityConfiguration() {
            if (ClassUtils.isPresent(CONTEXT_REGISTRY, RequestIdentityConfiguration.class.getClassLoader())) {
                // Without it, a controller's synchronous call would not see the reactive identity, and an
                // authenticated user would run as a call made outside any request. What Spring Boot's
                // spring.reactor.context-propagation=auto does; enabling it twice is harmless.
                Hooks.enableAutomaticContextPropagation();
            }
        }

        @Bean
        @ConditionalOnMissingBean
        RequestIdentityWebFilter wippyRequestIdentityWebFilter() {
            return new RequestIdentityWebFilter();
        }
    }

    /** Carries the request's identity to synchronous code and to {@code @Async} methods. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = CONTEXT_REGISTRY)
    static class PropagationConfiguration {

        PropagationConfiguration() {
            // Registering replaces an accessor of the same key: safe with several application contexts.
            ContextRegistry.getInstance().registerThreadLocalAccessor(new RequestIdentityAccessor());
        }

        @Bean
        @ConditionalOnMissingBean(TaskDecorator.class)
        ContextPropagatingTaskDecorator wippyContextPropagatingTaskDecorator() {
            return new ContextPropagatingTaskDecorator();
        }
    }
}
