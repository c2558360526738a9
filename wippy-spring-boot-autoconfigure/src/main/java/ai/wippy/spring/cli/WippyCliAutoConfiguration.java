package ai.wippy.spring.cli;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wasi.WasiStdio;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/** The {@code run} command runner (it does nothing unless the first argument is {@code run}). */
@AutoConfiguration(afterName = "ai.wippy.spring.WippyAutoConfiguration")
@ConditionalOnBean(WasmRegistry.class)
public final class WippyCliAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    WippyCommandRunner wippyCommandRunner(
            WasmRegistry registry, ConfigurableApplicationContext context, Environment environment) {
        boolean exit = environment.getProperty("wippy.cli.exit", Boolean.class, true);
        return new WippyCommandRunner(registry, WasiStdio.terminal(), context, exit);
    }
}
