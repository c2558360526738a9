package ai.wippy.spring.security;

import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.Authentication;

/** Maps Spring Security's current user onto the runtime's actor and scope, when Spring Security is present. */
@AutoConfiguration(beforeName = "ai.wippy.spring.WippyAutoConfiguration")
@ConditionalOnClass(Authentication.class)
@EnableConfigurationProperties(WippySecurityProperties.class)
public final class WippySecurityAutoConfiguration {

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
}
