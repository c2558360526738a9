package ai.wippy.spring.security;

import ai.wippy.call.CallContextProvider;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippySecurityProperties;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Without Spring Security, calls have no actor and policies are not enforced for them: rather than
 * ignoring {@code wippy.security.*} silently, says so once at boot.
 */
@AutoConfiguration(before = WippyAutoConfiguration.class)
@ConditionalOnMissingClass("org.springframework.security.core.Authentication")
@EnableConfigurationProperties(WippySecurityProperties.class)
public final class WippyWithoutSpringSecurityAutoConfiguration {

    @Bean
    SecurityModeReport wippySecurityModeReport(
            WippySecurityProperties properties,
            ObjectProvider<WasmRegistry> registry,
            ObjectProvider<CallContextProvider> provider) {
        return new SecurityModeReport(false, properties, registry, provider, true);
    }
}
