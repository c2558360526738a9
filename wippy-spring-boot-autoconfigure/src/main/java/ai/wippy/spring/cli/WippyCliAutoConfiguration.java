package ai.wippy.spring.cli;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.WippyProperties;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import ai.wippy.wasi.WasiStdio;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/** The {@code run} command runner (it does nothing unless the first argument is {@code run}). */
@AutoConfiguration(after = WippyAutoConfiguration.class)
@ConditionalOnBean(WasmRegistry.class)
public final class WippyCliAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WippyCommandRunner wippyCommandRunner(
            WasmRegistry registry, ConfigurableApplicationContext context, WippyProperties properties) {
        return new WippyCommandRunner(
                registry, WasiStdio.terminal(), context, properties.cli().exit());
    }
}
