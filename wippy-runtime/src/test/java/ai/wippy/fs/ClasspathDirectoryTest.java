package ai.wippy.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.EntryId;
import ai.wippy.registry.RegistryDocument;
import ai.wippy.registry.RegistryException;
import ai.wippy.registry.ResourceBase;
import ai.wippy.runtime.WasmRegistry;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@code fs.directory} declared in an {@code _index.yaml} found on the classpath resolves against
 * that file's folder, never against the working directory: a folder while the classpath is a folder,
 * a clear refusal inside a jar.
 */
class ClasspathDirectoryTest {

    @TempDir
    Path root;

    private static WasmRegistry boot(ClassLoader loader, String yaml) {
        return WasmRegistry.builder()
                .document(new RegistryDocument(
                        "classpath:app/_index.yaml", yaml, new ResourceBase.Classpath(loader, "app")))
                .build();
    }

    private static String directory(String name, String dir, String more) {
        return """
                version: "1.0"
                namespace: cp
                entries:
                  - name: %s
                    kind: fs.directory
                    directory: %s
                %s""".formatted(name, dir, more);
    }

    @Test
    void aRelativeFolderIsNextToTheClasspathIndexNotInTheWorkingDirectory() throws Exception {
        Path data = Files.createDirectories(root.resolve("app/data"));
        Files.writeString(data.resolve("hello.txt"), "hi");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
                WasmRegistry registry = boot(loader, directory("data", "./data", ""))) {
            VirtualFileSystem fs = registry.resource(EntryId.parse("cp:data"), VirtualFileSystem.class)
                    .orElseThrow();
            assertThat(fs.root()).contains(data.toRealPath());
            assertThat(new String(fs.read("hello.txt"), StandardCharsets.UTF_8)).isEqualTo("hi");
        }
    }

    @Test
    void autoInitCreatesTheFolderNextToTheClasspathIndex() throws Exception {
        Files.createDirectories(root.resolve("app"));
        try (URLClassLoader loader = new URLClassLoader(new URL[] {root.toUri().toURL()}, null);
                WasmRegistry registry = boot(loader, directory("work", "./work", "    auto_init: true\n"))) {
            assertThat(root.resolve("app/work")).isDirectory();
            assertThat(Path.of("work")).doesNotExist();
            VirtualFileSystem fs = registry.resource(EntryId.parse("cp:work"), VirtualFileSystem.class)
                    .orElseThrow();
            fs.write("note.txt", "x".getBytes(StandardCharsets.UTF_8));
            assertThat(root.resolve("app/work/note.txt")).hasContent("x");
        }
    }

    @Test
    void aFolderInsideAJarIsRefusedPointingToFsEmbed() throws Exception {
        Path jar = root.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : new String[] {"app/", "app/wasm/"}) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("app/wasm/m.wasm"));
            out.write(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
            out.closeEntry();
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> boot(loader, directory("bin", "./wasm", "")))
                    .isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.entryId()).isEqualTo("cp:bin");
                        assertThat(e.field()).isEqualTo("directory");
                    })
                    .hasMessageContaining("classpath:app/_index.yaml")
                    .hasMessageContaining("folder classpath:app/wasm is inside the application archive")
                    .hasMessageContaining("use kind fs.embed");
        }
    }
}
