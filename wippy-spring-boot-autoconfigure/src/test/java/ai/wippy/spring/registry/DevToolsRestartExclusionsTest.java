package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/** With devtools, the registry's classpath folders do not restart the application; without it, nothing changes. */
class DevToolsRestartExclusionsTest {

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return env;
    }

    @Test
    void theFixedFolderOfEachClasspathPatternIsExcluded() {
        assertThat(DevToolsRestartExclusions.exclusions(List.of(
                        "classpath*:wippy/**/_index.yaml",
                        "classpath:/apps/billing/_index.yaml",
                        "classpath*:**/_index.yaml",
                        "file:/srv/registry/_index.yaml")))
                .containsExactly("wippy/**", "apps/billing/**");
    }

    @Test
    void withDevtoolsTheDefaultLocationIsAddedAfterTheApplicationsOwnExclusions() {
        StandardEnvironment env = environment(Map.of(DevToolsRestartExclusions.PROPERTY, "reports/**"));
        new DevToolsRestartExclusions(true).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(DevToolsRestartExclusions.PROPERTY)).isEqualTo("reports/**,wippy/**");
    }

    @Test
    void configuredLocationsAreExcluded() {
        StandardEnvironment env = environment(Map.of(
                "wippy.registry.locations[0]", "classpath*:registry/**/_index.yaml",
                "wippy.registry.locations[1]", "classpath:extra/_index.yaml"));
        new DevToolsRestartExclusions(true).postProcessEnvironment(env, new SpringApplication());
        assertThat(env.getProperty(DevToolsRestartExclusions.PROPERTY)).isEqualTo("registry/**,extra/**");
    }

    @Test
    void withoutDevtoolsOrWithTheWatcherOffNothingIsAdded() {
        StandardEnvironment without = environment(Map.of());
        new DevToolsRestartExclusions(false).postProcessEnvironment(without, new SpringApplication());
        assertThat(without.getProperty(DevToolsRestartExclusions.PROPERTY)).isNull();

        StandardEnvironment off = environment(Map.of("wippy.registry.watch", "false"));
        new DevToolsRestartExclusions(true).postProcessEnvironment(off, new SpringApplication());
        assertThat(off.getProperty(DevToolsRestartExclusions.PROPERTY)).isNull();
    }
}
