package ai.wippy.spring;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** Makes Spring's Environment a variable storage ({@code env.storage.spring}) for the runtime. */
@AutoConfiguration(beforeName = "ai.wippy.spring.WippyAutoConfiguration")
public final class WippyEnvironmentAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    SpringEnvironmentStorage wippySpringEnvironmentStorage(Environment environment) {
        return new SpringEnvironmentStorage(environment);
    }
}
