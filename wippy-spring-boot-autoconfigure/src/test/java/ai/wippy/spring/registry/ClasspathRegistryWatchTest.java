package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;

/**
 * A registry on the classpath whose classpath root is a folder on disk (an IDE's or {@code
 * spring-boot:run}'s {@code target/classes}, or {@code src/main/resources} with {@code addResources}):
 * with the watcher on, an edit there is applied without a restart, as for {@code directories}.
 */
class ClasspathRegistryWatchTest {

    @TempDir
    Path root;

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class App {}

    /** A class loader that adds {@code folder} to this test's classpath. */
    private URLClassLoader classpathWith(Path folder) throws java.net.MalformedURLException {
        return new URLClassLoader(new URL[] {folder.toUri().toURL()}, getClass().getClassLoader());
    }

    /** A non-web application whose classpath resources come from {@code loader}, with {@code properties}. */
    private static ConfigurableApplicationContext start(ClassLoader loader, String... properties) {
        return new SpringApplicationBuilder(App.class)
                .resourceLoader(new DefaultResourceLoader(loader))
                .web(WebApplicationType.NONE)
                .properties(properties)
                .properties("spring.main.banner-mode=off")
                .run();
    }

    private static String wat(int answer) {
        return "(module (func (export \"answer\") (result i32) i32.const " + answer + "))";
    }

    @Test
    void anEditUnderAClasspathFolderIsAppliedWithoutARestart() throws Exception {
        Path folder = Files.createDirectories(root.resolve("livecp/nested"));
        Files.writeString(folder.resolve("_index.yaml"), """
                version: "1.0"
                namespace: cp
                entries:
                  - { name: answer, kind: function.wat, method: answer, wit: "answer: func() -> s32;", source: file://answer.wat }
                """, StandardCharsets.UTF_8);
        Files.writeString(folder.resolve("answer.wat"), wat(42), StandardCharsets.UTF_8);
        try (URLClassLoader loader = classpathWith(root);
                ConfigurableApplicationContext context = start(
                        loader,
                        "wippy.registry.locations=classpath*:livecp/**/_index.yaml",
                        "wippy.registry.watch=true")) {
            WasmRegistry registry = context.getBean(WasmRegistry.class);
            assertThat(registry.call("cp:answer")).isEqualTo(42);

            Files.writeString(folder.resolve("answer.wat"), wat(43), StandardCharsets.UTF_8);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!Integer.valueOf(43).equals(registry.call("cp:answer"))) {
                assertThat(System.nanoTime()).as("the edit was applied in time").isLessThan(deadline);
                Thread.sleep(50);
            }

            Files.writeString(folder.resolve("answer.wat"), "(module (func", StandardCharsets.UTF_8);
            while (registry.lastApplyFailure() == null) {
                assertThat(System.nanoTime())
                        .as("the broken edit was seen in time")
                        .isLessThan(deadline);
                Thread.sleep(50);
            }
            assertThat(registry.lastApplyFailure().getMessage()).contains("cp:answer");
            assertThat(registry.call("cp:answer")).isEqualTo(43);
        }
    }

    @Test
    void aJarOnTheClasspathIsNotAFolderToWatch() throws Exception {
        Path jar = root.resolve("registry.jar");
        try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new java.util.jar.JarEntry("injar/")); // folders are entries, as Maven's jars have
            out.closeEntry();
            out.putNextEntry(new java.util.jar.JarEntry("injar/_index.yaml"));
            out.write("version: \"1.0\"\nnamespace: j\nentries: []\n".getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            RegistryDocumentScanner scanner = new RegistryDocumentScanner(loader);
            assertThat(scanner.scan(java.util.List.of("classpath*:injar/**/_index.yaml"), java.util.List.of()))
                    .hasSize(1);
            assertThat(scanner.classpathFolders(java.util.List.of("classpath*:injar/**/_index.yaml")))
                    .isEmpty();
        }
    }

    /** Unset, the watcher follows the directories always and the classpath folders only with devtools (absent here). */
    @Test
    void byDefaultDirectoriesAreWatchedAndClasspathFoldersAreNotWithoutDevtools() throws Exception {
        Path cp = Files.createDirectories(root.resolve("cp/defaults"));
        Files.writeString(cp.resolve("_index.yaml"), "version: \"1.0\"\nnamespace: a\nentries: []\n");
        Path dir = Files.createDirectories(root.resolve("disk"));
        Files.writeString(dir.resolve("_index.yaml"), "version: \"1.0\"\nnamespace: b\nentries: []\n");
        try (URLClassLoader loader = classpathWith(root.resolve("cp"));
                ConfigurableApplicationContext context = start(
                        loader,
                        "wippy.registry.locations=classpath*:defaults/**/_index.yaml",
                        "wippy.registry.directories=" + dir)) {
            assertThat(context.getBean(RegistryWatcher.class).folders())
                    .containsExactly(dir.toAbsolutePath().normalize());
        }
        try (URLClassLoader loader = classpathWith(root.resolve("cp"));
                ConfigurableApplicationContext context = start(
                        loader,
                        "wippy.registry.locations=classpath*:defaults/**/_index.yaml",
                        "wippy.registry.directories=" + dir,
                        "wippy.registry.watch=false")) {
            assertThat(context.getBean(RegistryWatcher.class).folders()).isEmpty();
        }
    }
}
