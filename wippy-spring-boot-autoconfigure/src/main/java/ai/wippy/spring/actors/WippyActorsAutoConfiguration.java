package ai.wippy.spring.actors;

import ai.wippy.runtime.WasmRegistry;
import ai.wippy.spring.registry.WippyAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/** The {@link WippyProcesses} bean over the runtime's actors. */
@AutoConfiguration(after = WippyAutoConfiguration.class)
@ConditionalOnBean(WasmRegistry.class)
public final class WippyActorsAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    WippyProcesses wippyProcesses(WasmRegistry runtime) {
        return new WippyProcesses(runtime);
    }

    @Bean
    @ConditionalOnMissingBean
    ai.wippy.process.Supervisor wippySupervisor(WasmRegistry runtime) {
        return new ai.wippy.process.Supervisor(runtime);
    }

    @Bean
    @ConditionalOnMissingBean
    WippyServices wippyServices(ai.wippy.process.Supervisor supervisor) {
        return new WippyServices(supervisor);
    }
}
