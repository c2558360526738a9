package ai.wippy.wasi.p2;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A C program built with clang and wasi-libc and wrapped by jco's Preview 1 adapter into a Preview 2
 * command component (src/test/fixtures/component/wasi-cli, see build.sh) runs as a process with
 * exactly what its entry grants.
 */
class ComponentCommandTest {

    static final Path FIXTURE = Path.of("src/test/fixtures/component/wasi-cli").toAbsolutePath();

    static WasmRegistry runtime(Path dir, String imports) throws Exception {
        return CommandFolders.runtime(dir, FIXTURE, """
                  - { name: settings, kind: env.storage.static, values: { greeting: "hello there" } }
                  - { name: greeting, kind: env.variable, variable: greeting, storage: settings }
                  - name: cli
                    kind: process.wasm
                    meta: { command: { name: wasi-cli, short: "A C command adapted to WASI 0.2" } }
                    fs: bin
                    path: cli.wasm
                    imports: [%s]
                    wasi:
                      args: [from-entry]
                      env: [{ id: greeting, name: GREETING }]
                      mounts:
                        - { fs: data, guest: /data, read_only: true }
                        - { fs: out, guest: /out }
                """.formatted(imports));
    }

    @Test
    void runsWithEverythingItsEntryGrants(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:cli, wasi:io, wasi:poll, wasi:clocks, wasi:random, wasi:filesystem")) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:cli", List.of("ada", "7"), "");

            assertThat(run.stdout())
                    .contains("args: from-entry ada 7\n")
                    .contains("env GREETING=hello there\n")
                    .contains("slept>=50ms yes\n")
                    .contains("random ok\n")
                    .contains("wall-clock after 2020 yes\n")
                    .contains("list /data: hello.txt\n")
                    .contains("read /data/hello.txt: hi from the host\n")
                    .contains("write /out/result.txt: ok\n");
            assertThat(run.stdout())
                    .doesNotContain("write /data/new.txt: allowed")
                    .doesNotContain("OPENED");
            assertThat(run.stderr()).isEqualTo("done\n");
            // a non-zero status from main becomes wasi:cli/exit's error result: exit code 1
            assertThat(run.exit().code()).isEqualTo(1);
            assertThat(dir.resolve("out/result.txt")).hasContent("written by from-entry\n");
            assertThat(dir.resolve("data/new.txt")).doesNotExist();
        }
    }

    @Test
    void runsAsACliCommandWithTheGivenStdio(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:cli, wasi:clocks, wasi:random, wasi:filesystem")) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
            ai.wippy.process.CommandLine cli = new ai.wippy.process.CommandLine(
                    r, new ai.wippy.wasi.WasiStdio(java.io.InputStream.nullInputStream(), out, err));

            assertThat(cli.run(List.of("list"))).isZero();
            assertThat(out.toString()).contains("wasi-cli").contains("A C command adapted to WASI 0.2");
            out.reset();
            int code = cli.run(List.of("wasi-cli", "grace"));

            assertThat(code).isZero();
            assertThat(out.toString())
                    .contains("args: from-entry grace\n")
                    .contains("read /data/hello.txt: hi from the host");
            assertThat(err.toString()).isEqualTo("done\n");
        }
    }

    @Test
    void seesNoMountWithoutTheFilesystemGrant(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:cli, wasi:io, wasi:clocks, wasi:random")) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:cli", List.of("ada"), "");

            assertThat(run.stdout())
                    .contains("args: from-entry ada\n")
                    .contains("env GREETING=hello there\n")
                    .contains("random ok\n")
                    .doesNotContain("list /data: hello.txt")
                    .doesNotContain("read /data/hello.txt: hi")
                    .doesNotContain("write /out/result.txt: ok");
            assertThat(run.exit().code()).isZero();
            assertThat(dir.resolve("out/result.txt")).doesNotExist();
        }
    }

    @Test
    void seesNoArgumentsOrVariablesWithoutTheCliGrantAndStopsAtAnUngrantedCall(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:io, wasi:clocks")) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:cli", List.of("ada"), "");

            assertThat(run.stdout()).doesNotContain("ada").doesNotContain("hello there");
            assertThat(run.exit().code()).isNotZero();
            assertThat(run.exit().error()).isNotNull();
            assertThat(run.exit().error().getMessage()).contains("capability not granted: wasi:");
        }
    }
}
