package ai.wippy.spring.registry;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.ClassUtils;

/**
 * With spring-boot-devtools on the classpath, a change under the registry's classpath folders
 * ({@code wippy/**} by default) does not restart the application: the registry watcher applies it
 * live instead. The folders of {@code wippy.registry.locations} are added to {@code
 * spring.devtools.restart.additional-exclude}, after what the application sets there itself; with
 * {@code wippy.registry.watch=false} nothing is added, and devtools restarts as usual.
 */
public final class DevToolsRestartExclusions implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "spring.devtools.restart.additional-exclude";

    private final boolean devtools;

    public DevToolsRestartExclusions() {
        this(devtoolsPresent());
    }

    /** Whether spring-boot-devtools is on the classpath (it decides what the watcher follows by default). */
    static boolean devtoolsPresent() {
        return ClassUtils.isPresent(
                "org.springframework.boot.devtools.restart.Restarter",
                DevToolsRestartExclusions.class.getClassLoader());
    }

    DevToolsRestartExclusions(boolean devtools) {
        this.devtools = devtools;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!devtools) {
            return;
        }
        // bound as the WippyProperties bean will be (it does not exist yet at this stage)
        ai.wippy.spring.WippyProperties.Registry registry =
                Binder.get(environment).bindOrCreate("wippy.registry", ai.wippy.spring.WippyProperties.Registry.class);
        if (Boolean.FALSE.equals(registry.watch())) {
            return;
        }
        List<String> locations = registry.locations();
        Set<String> patterns = new LinkedHashSet<>();
        String existing = environment.getProperty(PROPERTY);
        if (existing != null && !existing.isBlank()) {
            patterns.add(existing.trim());
        }
        patterns.addAll(exclusions(locations));
        environment
                .getPropertySources()
                .addFirst(
                        new MapPropertySource("wippyDevToolsExclusions", Map.of(PROPERTY, String.join(",", patterns))));
    }

    /** {@code wippy/**} for {@code classpath*:wippy/**}{@code /_index.yaml}: the fixed folder of each classpath pattern. */
    static List<String> exclusions(List<String> locations) {
        List<String> out = new ArrayList<>();
        for (String pattern : locations) {
            String fixed = RegistryDocumentScanner.fixedFolder(pattern);
            if (fixed == null) {
                continue;
            }
            if (!fixed.isEmpty()) { // a pattern over the whole classpath excludes nothing: devtools stays as it is
                out.add(fixed + "**");
            }
        }
        return out;
    }

    /** After the application's own configuration files are read. */
    @Override
    public int getOrder() {
        return org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
