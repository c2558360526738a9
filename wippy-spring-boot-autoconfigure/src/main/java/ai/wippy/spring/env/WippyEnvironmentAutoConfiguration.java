package ai.wippy.spring.env;

import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Makes Spring's Environment a variable storage ({@code env.storage.spring}) for the runtime. */
@AutoConfiguration(before = WippyAutoConfiguration.class)
public final class WippyEnvironmentAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpringEnvironmentStorage wippySpringEnvironmentStorage(Environment environment) {
        return new SpringEnvironmentStorage(environment);
    }
}
