package ai.wippy.spring;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.engine.ModuleCompiler;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** {@code wippy.engine.cache*}: a second boot of the same application compiles nothing. */
class CompileCachePropertiesTest {

    @org.springframework.boot.SpringBootConfiguration
    @org.springframework.boot.autoconfigure.EnableAutoConfiguration
    static class App {}

    @TempDir
    Path cacheDir;

    private ModuleCompiler.Stats boot() {
        return boot(true);
    }

    private ModuleCompiler.Stats boot(boolean cache) {
        // as command-line arguments: they outrank the build's wippy.engine.cache=false system property
        String[] arguments = Stream.concat(
                        Stream.of(
                                "wippy.registry.locations=classpath*:wippy-limits/_index.yaml",
                                "wippy.engine.cache=" + cache,
                                "wippy.engine.cache-dir=" + cacheDir),
                        Stream.<String>empty())
                .map(p -> "--" + p)
                .toArray(String[]::new);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
                .web(WebApplicationType.NONE)
                .run(arguments)) {
            return context.getBean(WasmRegistry.class).compileStats();
        }
    }

    @Test
    void aSecondBootLoadsEveryModuleFromTheCache() throws Exception {
        ModuleCompiler.Stats first = boot();
        assertThat(first.compiled()).isPositive();
        assertThat(first.fromCache()).isZero();
        try (Stream<Path> files = Files.list(cacheDir)) {
            // the classes of each module, and the binary each function.wat text assembled to
            var names = files.map(p -> p.getFileName().toString()).toList();
            assertThat(names.stream().filter(n -> n.endsWith(".wcc") && !n.startsWith("wat-")))
                    .hasSize(first.compiled());
            assertThat(names.stream().filter(n -> n.startsWith("wat-"))).hasSize(first.compiled());
        }

        ModuleCompiler.Stats second = boot();
        assertThat(second.compiled()).isZero();
        assertThat(second.fromCache()).isEqualTo(first.compiled());
    }

    @Test
    void withTheCacheOffNothingIsWritten() throws Exception {
        ModuleCompiler.Stats stats = boot(false);
        assertThat(stats.compiled()).isPositive();
        try (Stream<Path> files = Files.list(cacheDir)) {
            assertThat(files).isEmpty();
        }
        assertThat(boot(false).compiled()).isEqualTo(stats.compiled());
    }
}
