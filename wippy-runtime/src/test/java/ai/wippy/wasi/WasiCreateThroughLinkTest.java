package ai.wippy.wasi;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.runtime.WasmRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code path_open} with {@code O_CREAT} through a symbolic link that leads out of the mount is refused
 * at {@code path_open} with {@code ENOTCAPABLE}: the guest is told there, instead of being handed a
 * descriptor whose data is dropped when it is closed.
 */
class WasiCreateThroughLinkTest {

    static final int NOTCAPABLE = 76;

    /**
     * Each probe creates a file (O_CREAT, right fd_write), writes "payload" and closes it; it returns 0,
     * path_open's errno, 1000 + fd_write's errno or 2000 + fd_close's errno.
     */
    static final String GUEST = """
            (module
              (import "wasi_snapshot_preview1" "path_open"
                (func $open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
              (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
              (memory (export "memory") 1)
              (data (i32.const 100) "escape/new.txt")
              (data (i32.const 200) "dangling.txt")
              (data (i32.const 300) "inside.txt")
              (data (i32.const 400) "payload")
              (func $create (param $path i32) (param $len i32) (result i32)
                (local $errno i32)
                (i32.store (i32.const 500) (i32.const 400))
                (i32.store (i32.const 504) (i32.const 7))
                (local.set $errno
                  (call $open (i32.const 3) (i32.const 0) (local.get $path) (local.get $len)
                    (i32.const 1) (i64.const 64) (i64.const 0) (i32.const 0) (i32.const 1000)))
                (if (local.get $errno) (then (return (local.get $errno))))
                (local.set $errno
                  (call $write (i32.load (i32.const 1000)) (i32.const 500) (i32.const 1) (i32.const 600)))
                (if (local.get $errno) (then (return (i32.add (i32.const 1000) (local.get $errno)))))
                (local.set $errno (call $close (i32.load (i32.const 1000))))
                (if (local.get $errno) (then (return (i32.add (i32.const 2000) (local.get $errno)))))
                (i32.const 0))
              (func (export "through_dir_link") (result i32) (call $create (i32.const 100) (i32.const 14)))
              (func (export "through_dangling_link") (result i32) (call $create (i32.const 200) (i32.const 12)))
              (func (export "inside") (result i32) (call $create (i32.const 300) (i32.const 10))))
            """;

    @TempDir
    Path dir;

    private WasmRegistry runtime() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Files.createSymbolicLink(data.resolve("escape"), outside);
        Files.createSymbolicLink(data.resolve("dangling.txt"), outside.resolve("dangling.txt"));
        return WasiGrantsTest.probes(
                dir,
                GUEST,
                "",
                "imports: [wasi:filesystem]\nwasi:\n  mounts: [{ fs: data, guest: /data }]\n",
                "through_dir_link",
                "through_dangling_link",
                "inside");
    }

    @Test
    void creatingThroughALinkToAFolderOutsideIsRefusedAtPathOpen() throws Exception {
        try (WasmRegistry r = runtime()) {
            assertThat(r.call("t:through_dir_link")).isEqualTo(NOTCAPABLE);
        }
        assertThat(dir.resolve("outside/new.txt")).doesNotExist();
    }

    @Test
    void creatingThroughADanglingLinkLeadingOutsideIsRefusedAtPathOpen() throws Exception {
        try (WasmRegistry r = runtime()) {
            assertThat(r.call("t:through_dangling_link")).isEqualTo(NOTCAPABLE);
        }
        assertThat(dir.resolve("outside/dangling.txt")).doesNotExist();
    }

    @Test
    void creatingInsideTheMountWritesTheData() throws Exception {
        try (WasmRegistry r = runtime()) {
            assertThat(r.call("t:inside")).isEqualTo(0);
        }
        assertThat(dir.resolve("data/inside.txt")).hasContent("payload");
    }
}
