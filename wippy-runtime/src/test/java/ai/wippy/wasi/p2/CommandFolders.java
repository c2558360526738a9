package ai.wippy.wasi.p2;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The registry the C command fixtures run in: namespace {@code app} with the folders {@code bin} (the
 * fixture's), {@code data} (holding {@code hello.txt}) and {@code out} (empty), then the test's entries.
 */
public final class CommandFolders {

    private CommandFolders() {}

    public static WasmRegistry runtime(Path dir, Path fixture, String entries) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.createDirectories(dir.resolve("out"));
        Files.writeString(dir.resolve("data/hello.txt"), "hi from the host");
        String yaml = """
                version: "1.0"
                namespace: app
                entries:
                  - { name: bin, kind: fs.directory, directory: "%s" }
                  - { name: data, kind: fs.directory, directory: "%s" }
                  - { name: out, kind: fs.directory, directory: "%s" }
                """.formatted(fixture, dir.resolve("data"), dir.resolve("out"));
        return TestRegistries.runtime("app/_index.yaml", yaml + entries, dir);
    }
}
