package ai.wippy.spring.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.WasmRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code wippy.registry.max-file-size} and {@code wippy.registry.allow-outside-sources} in a real
 * application scanning a registry folder on disk, and registry files that are not UTF-8.
 */
class RegistryInputPropertiesTest {

    @SpringBootApplication
    static class App {}

    @TempDir
    Path dir;

    private static final String ANSWER_WAT = "(module (func (export \"answer\") (result i32) i32.const 42))";

    private ConfigurableApplicationContext start(Path registry, String... properties) {
        String[] all = new String[properties.length + 3];
        all[0] = "wippy.registry.locations=";
        all[1] = "wippy.registry.directories=" + registry;
        all[2] = "server.port=0";
        System.arraycopy(properties, 0, all, 3, properties.length);
        return new SpringApplicationBuilder(App.class).properties(all).run();
    }

    private RegistryException bootFails(Path registry, String... properties) {
        Throwable t = catchThrowable(() -> start(registry, properties).close());
        assertThat(t).as("the boot should fail").isNotNull();
        Throwable cause = t;
        while (cause != null && !(cause instanceof RegistryException)) {
            cause = cause.getCause();
        }
        assertThat(cause).as("caused by a RegistryException: " + t).isInstanceOf(RegistryException.class);
        return (RegistryException) cause;
    }

    private Path registry(String yaml) throws Exception {
        Path registry = Files.createDirectories(dir.resolve("wippy"));
        Files.writeString(registry.resolve("_index.yaml"), yaml);
        return registry;
    }

    @Test
    void aRegistryFileAboveMaxFileSizeIsRefusedNamingTheFile() throws Exception {
        Path registry = registry("version: \"1.0\"\nnamespace: app\nentries: []\n" + "# padding\n".repeat(300));
        RegistryException e = bootFails(registry, "wippy.registry.max-file-size=1KB");
        assertThat(e.file()).isEqualTo(registry.resolve("_index.yaml").toString());
        assertThat(e.getMessage()).contains("registry file is larger than the limit of 1024 bytes");
    }

    @Test
    void theSameFileBootsUnderTheDefaultLimit() throws Exception {
        Path registry = registry("version: \"1.0\"\nnamespace: app\nentries:\n"
                + "  - name: answer\n    kind: function.wat\n    method: answer\n    source: '" + ANSWER_WAT + "'\n"
                + "# padding\n".repeat(300));
        try (ConfigurableApplicationContext ctx = start(registry)) {
            assertThat(ctx.getBean(WasmRegistry.class).call("app:answer")).isEqualTo(42);
        }
    }

    @Test
    void aRegistryFileThatIsNotUtf8NamesTheFileNotTheFolder() throws Exception {
        Path registry = Files.createDirectories(dir.resolve("wippy/sub"));
        Files.write(
                registry.resolve("_index.yaml"),
                "version: \"1.0\"\nnamespace: caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        RegistryException e = bootFails(dir.resolve("wippy"));
        assertThat(e.file()).isEqualTo(registry.resolve("_index.yaml").toString());
        assertThat(e.getMessage()).contains("registry file is not UTF-8 text: invalid byte sequence at byte 29");
    }

    @Test
    void aSourceOutsideTheRegistryFolderNeedsTheProperty() throws Exception {
        Files.writeString(dir.resolve("outside.wat"), ANSWER_WAT);
        Path registry = registry("version: \"1.0\"\nnamespace: app\nentries:\n"
                + "  - name: answer\n    kind: function.wat\n    method: answer\n    source: file://../outside.wat\n");
        RegistryException e = bootFails(registry);
        assertThat(e.entryId()).isEqualTo("app:answer");
        assertThat(e.field()).isEqualTo("source");
        assertThat(e.getMessage()).contains("outside the folder of the registry file");
        try (ConfigurableApplicationContext ctx = start(registry, "wippy.registry.allow-outside-sources=true")) {
            assertThat(ctx.getBean(WasmRegistry.class).call("app:answer")).isEqualTo(42);
        }
    }
}
