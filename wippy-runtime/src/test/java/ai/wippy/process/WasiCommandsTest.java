package ai.wippy.process;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wasi.WasiStdio;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * C programs built with clang --target=wasm32-wasi and wasi-libc (src/test/fixtures/wasi, see
 * build.sh) run as CLI commands with arguments, variables and mounts.
 */
class WasiCommandsTest {

    static final Path FIXTURES = Path.of("src/test/fixtures/wasi").toAbsolutePath();

    static WasmRegistry runtime(Path dir, String listImports, boolean readOnly) {
        String yaml = """
                version: "1.0"
                namespace: app
                entries:
                  - name: bin
                    kind: fs.directory
                    directory: %s
                  - name: data
                    kind: fs.directory
                    directory: %s
                  - name: settings
                    kind: env.storage.static
                    values: { suffix: "!" }
                  - name: suffix
                    kind: env.variable
                    variable: suffix
                    storage: settings
                  - name: greet
                    kind: process.wasm
                    meta: { command: { name: greet, short: "Says hello" } }
                    fs: bin
                    path: greet.wasm
                    imports: [wasi:cli]
                    wasi:
                      env: [{ id: suffix, name: GREETING_SUFFIX }]
                  - name: list_files
                    kind: process.wasm
                    meta: { command: { name: list-files, short: "Lists a mounted folder" } }
                    fs: bin
                    path: list_files.wasm
                    imports: [%s]
                    wasi:
                      mounts: [{ fs: data, guest: /data, read_only: %s }]
                """.formatted(FIXTURES, dir.resolve("data"), listImports, readOnly);
        return TestRegistries.runtime("app/_index.yaml", yaml, dir);
    }

    static Path data(Path dir) throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("a.txt"), "first line of a\nsecond\n");
        Files.writeString(data.resolve("b.txt"), "bee\n");
        return dir;
    }

    @Test
    void greetGetsItsArgumentsAndVariable(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(data(dir), "wasi:cli, wasi:filesystem", true)) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:greet", List.of("Ada"), "");
            assertThat(run.exit().code()).isZero();
            assertThat(run.stdout()).isEqualTo("Hello, Ada!\n");

            ProcessHost.Captured usage = ProcessHost.of(r).runCaptured("app:greet", List.of(), "");
            assertThat(usage.exit().code()).isEqualTo(3);
            assertThat(usage.stderr()).contains("usage: greet NAME");
        }
    }

    @Test
    void listFilesReadsAReadOnlyMountAndCannotWriteIt(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(data(dir), "wasi:cli, wasi:filesystem", true)) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:list_files", List.of(), "");
            assertThat(run.exit().code()).as(run.stderr()).isZero();
            assertThat(run.stdout())
                    .isEqualTo("a.txt: first line of a\nb.txt: bee\nwrite: refused (Read-only file system)\n");
            assertThat(dir.resolve("data/new.txt")).doesNotExist();
        }
    }

    @Test
    void listFilesWritesToAWritableMount(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(data(dir), "wasi:cli, wasi:filesystem", false)) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:list_files", List.of(), "");
            assertThat(run.stdout()).endsWith("write: ok\n");
            assertThat(dir.resolve("data/new.txt")).hasContent("written");
        }
    }

    @Test
    void withoutTheFilesystemGrantTheMountIsAbsent(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(data(dir), "wasi:cli", false)) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:list_files", List.of(), "");
            assertThat(run.exit().code()).isEqualTo(2);
            assertThat(run.stderr()).startsWith("cannot open /data");
        }
    }

    @Test
    void aCommandCalledAsAFunctionRunsItsStartOncePerCall(@TempDir Path dir) throws Exception {
        data(dir);
        String yaml = """
                version: "1.0"
                namespace: app
                entries:
                  - { name: bin, kind: fs.directory, directory: %s }
                  - { name: data, kind: fs.directory, directory: %s }
                  - name: list_files
                    kind: function.wasm
                    fs: bin
                    path: list_files.wasm
                    method: _start
                    pool: { type: inline }
                    imports: [wasi:cli, wasi:filesystem]
                    wasi:
                      mounts: [{ fs: data, guest: /data }]
                """.formatted(FIXTURES, dir.resolve("data"));
        try (WasmRegistry r = TestRegistries.runtime("app/_index.yaml", yaml, dir)) {
            // instantiating the pool ran nothing; the call runs main, whose output goes to the logger
            assertThat(dir.resolve("data/new.txt")).doesNotExist();
            assertThat(r.call("app:list_files")).isNull();
            assertThat(dir.resolve("data/new.txt")).hasContent("written");
        }
    }

    @Test
    void runListsCommandsAndRunsOneWithItsExitCode(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(data(dir), "wasi:cli, wasi:filesystem", true)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            CommandLine cli = new CommandLine(r, new WasiStdio(InputStream.nullInputStream(), out, err));

            assertThat(cli.run(List.of("list"))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8))
                    .contains("greet")
                    .contains("Says hello")
                    .contains("list-files");

            out.reset();
            assertThat(cli.run(List.of("greet", "Bob"))).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("Hello, Bob!\n");

            assertThat(cli.run(List.of("greet"))).isEqualTo(3);
            assertThat(cli.run(List.of("nope"))).isEqualTo(127);
            assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown command 'nope'");
        }
    }
}
