package ai.wippy.wasi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.wippy.registry.RegistryException;
import ai.wippy.runtime.TestRegistries;
import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw {@code wasi_snapshot_preview1} calls from WAT, checked against the entry's grants. */
class WasiGrantsTest {

    static final int NOTCAPABLE = 76, ROFS = 69, SUCCESS = 0;

    /** A module with one export per probe; each entry below picks one with {@code method}. */
    static final String PROBES = """
            (module
              (import "wasi_snapshot_preview1" "path_open"
                (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
              (import "wasi_snapshot_preview1" "environ_sizes_get" (func $envsizes (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_prestat_get" (func $prestat (param i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "sock_accept" (func $accept (param i32 i32 i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 100) "../secret.txt")
              (data (i32.const 200) "hello.txt")
              (data (i32.const 300) "new.txt")
              (data (i32.const 400) "sub/../../secret.txt")
              (func $open_at (param $path i32) (param $len i32) (param $oflags i32) (param $rights i64) (result i32)
                (call $open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len)
                  (local.get $oflags) (local.get $rights) (i64.const 0) (i32.const 0) (i32.const 1000)))
              (func (export "open_hello") (result i32) (call $open_at (i32.const 200) (i32.const 9) (i32.const 0) (i64.const 2)))
              (func (export "open_escape") (result i32) (call $open_at (i32.const 100) (i32.const 13) (i32.const 0) (i64.const 2)))
              (func (export "open_deep_escape") (result i32)
                (call $open_at (i32.const 400) (i32.const 20) (i32.const 0) (i64.const 2)))
              (func (export "create_file") (result i32) (call $open_at (i32.const 300) (i32.const 7) (i32.const 1) (i64.const 64)))
              (func (export "random") (result i32) (call $random (i32.const 0) (i32.const 16)))
              (func (export "clock") (result i32) (call $clock (i32.const 0) (i64.const 0) (i32.const 0)))
              (func (export "env_count") (result i32)
                (drop (call $envsizes (i32.const 0) (i32.const 8))) (i32.load (i32.const 0)))
              (func (export "preopen") (result i32) (call $prestat (i32.const 3) (i32.const 0)))
              (func (export "accept") (result i32) (call $accept (i32.const 3) (i32.const 0) (i32.const 0))))
            """;

    @TempDir
    Path dir;

    /** The mount {@code data} holds {@code hello.txt}; {@code secret.txt} lies beside it, outside. */
    @BeforeEach
    void folder() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("hello.txt"), "hi\n");
        Files.writeString(dir.resolve("secret.txt"), "outside the mount\n");
    }

    static WasmRegistry runtime(Path dir, String imports, boolean readOnly) throws Exception {
        return probes(
                dir,
                PROBES,
                """
                  - name: home
                    kind: env.variable
                    variable: HOME_DIR
                    storage: vars
                  - name: vars
                    kind: env.storage.static
                    values: { HOME_DIR: /home/guest }
                """,
                """
                imports: [%s]
                wasi:
                  env: [{ id: home, name: HOME }]
                  mounts: [{ fs: data, guest: /data, read_only: %s }]
                """.formatted(imports, readOnly),
                "open_hello",
                "open_escape",
                "open_deep_escape",
                "create_file",
                "random",
                "clock",
                "env_count",
                "preopen",
                "accept");
    }

    /**
     * A registry in namespace {@code t}: {@code fs.directory} {@code data} on {@code ./data}, then {@code entries},
     * then one {@code function.wat} entry per method of {@code wat} (written to {@code probes.wat}), each with
     * {@code fields}.
     */
    static WasmRegistry probes(Path dir, String wat, String entries, String fields, String... methods)
            throws Exception {
        Files.writeString(dir.resolve("probes.wat"), wat);
        StringBuilder yaml = new StringBuilder("""
                version: "1.0"
                namespace: t
                entries:
                  - name: data
                    kind: fs.directory
                    directory: ./data
                """).append(entries);
        for (String method : methods) {
            yaml.append("""
                      - name: %s
                        kind: function.wat
                        method: %s
                        source: file://probes.wat
                    """.formatted(method, method)).append(fields.indent(4));
        }
        return TestRegistries.runtime("t/_index.yaml", yaml.toString(), dir);
    }

    @Test
    void grantedFilesystemOpensFilesInsideTheMountOnly() throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:filesystem", false)) {
            assertThat(r.call("t:preopen")).isEqualTo(SUCCESS);
            assertThat(r.call("t:open_hello")).isEqualTo(SUCCESS);
            assertThat(r.call("t:open_escape")).isEqualTo(NOTCAPABLE);
            assertThat(r.call("t:open_deep_escape")).isEqualTo(NOTCAPABLE);
        }
    }

    @Test
    void withoutTheFilesystemGrantThereAreNoPreopensAndOpeningIsNotCapable() throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:clocks", false)) {
            assertThat(r.call("t:preopen")).isEqualTo(8); // BADF: fd 3 does not exist
            assertThat(r.call("t:open_hello")).isEqualTo(NOTCAPABLE);
        }
    }

    @Test
    void aReadOnlyMountRefusesToCreateFiles() throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:filesystem", true)) {
            assertThat(r.call("t:create_file")).isEqualTo(ROFS);
            assertThat(dir.resolve("data/new.txt")).doesNotExist();
        }
        try (WasmRegistry r = runtime(dir, "wasi:filesystem", false)) {
            assertThat(r.call("t:create_file")).isEqualTo(SUCCESS);
        }
    }

    @Test
    void aSymlinkOutOfTheMountIsRefused() throws Exception {
        Files.delete(dir.resolve("data/hello.txt"));
        Files.createSymbolicLink(dir.resolve("data/hello.txt"), dir.resolve("secret.txt"));
        try (WasmRegistry r = runtime(dir, "wasi:filesystem", false)) {
            assertThat(r.call("t:open_hello")).isNotEqualTo(SUCCESS);
        }
    }

    @Test
    void clocksRandomAndEnvironmentFollowTheirGroups() throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:clocks, wasi:random, wasi:cli", false)) {
            assertThat(r.call("t:clock")).isEqualTo(SUCCESS);
            assertThat(r.call("t:random")).isEqualTo(SUCCESS);
            assertThat(r.call("t:env_count")).isEqualTo(1);
        }
        try (WasmRegistry r = runtime(dir, "wasi:filesystem", false)) {
            assertThat(r.call("t:clock")).isEqualTo(NOTCAPABLE);
            assertThat(r.call("t:random")).isEqualTo(NOTCAPABLE);
            assertThat(r.call("t:env_count")).isEqualTo(0); // no variables without wasi:cli
        }
    }

    @Test
    void socketsAreNeverMoreThanErrors() throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:sockets", false)) {
            assertThat(r.call("t:accept")).isEqualTo(58); // NOTSUP
        }
        try (WasmRegistry r = runtime(dir, "wasi:cli", false)) {
            assertThat(r.call("t:accept")).isEqualTo(NOTCAPABLE);
        }
    }

    @Test
    void aRequiredVariableWithoutValueStopsTheBoot() {
        String yaml = """
                version: "1.0"
                namespace: t
                entries:
                  - name: token
                    kind: env.variable
                    variable: WIPPY_TEST_SURELY_UNSET_VARIABLE
                  - name: f
                    kind: function.wat
                    method: f
                    imports: [wasi:cli]
                    wasi:
                      env: [{ id: token, name: TOKEN, required: true }]
                    source: |
                      (module
                        (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
                        (func (export "f")))
                """;
        assertThatThrownBy(() -> TestRegistries.runtime("t/_index.yaml", yaml, dir))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("t:f")
                .hasMessageContaining("wasi.env[0]")
                .hasMessageContaining("required variable TOKEN");
    }
}
