package ai.wippy.wasi.p2.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.process.ProcessHost;
import ai.wippy.runtime.WasmRegistry;
import ai.wippy.wasi.p2.CommandFolders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wasi:filesystem end to end: a C program (src/test/fixtures/component/wasi-fs, see build.sh) run as
 * a process.wasm through jco's preview1 adapter, with a writable folder, a read-only folder and an
 * embedded classpath folder mounted, plus links the test plants that point outside the mount.
 */
class FilesystemHostTest {

    static final Path FIXTURE = Path.of("src/test/fixtures/component/wasi-fs").toAbsolutePath();

    static WasmRegistry runtime(Path dir, String imports) throws Exception {
        Files.createDirectories(dir.resolve("out"));
        Files.createDirectories(dir.resolve("secret"));
        Files.writeString(dir.resolve("secret/secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(dir.resolve("out/outside-link"), dir.resolve("secret/secret.txt"));
        Files.createSymbolicLink(dir.resolve("out/outside-dir"), Path.of("../secret"));
        return CommandFolders.runtime(dir, FIXTURE, """
                  - { name: packaged, kind: fs.embed, directory: "classpath:wasi-fs-embed" }
                  - name: fs
                    kind: process.wasm
                    fs: bin
                    path: fs.wasm
                    imports: [%s]
                    wasi:
                      mounts:
                        - { fs: data, guest: /data, read_only: true }
                        - { fs: out, guest: /out }
                        - { fs: packaged, guest: /embed }
                """.formatted(imports));
    }

    @Test
    void servesTheMountsAndRefusesEverythingOutsideThem(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:cli, wasi:io, wasi:clocks, wasi:random, wasi:filesystem")) {
            ProcessHost.Captured run = ProcessHost.of(r).runCaptured("app:fs", List.of(), "");
            String out = run.stdout();

            // folders, sizes, offsets, append, positional I/O, truncation
            assertThat(out)
                    .contains("mkdir /out/sub: ok\n")
                    .contains("mkdir /out/sub/nested: ok\n")
                    .contains("mkdir /out/sub again: File exists\n")
                    .contains("stat /out/sub/nested/a.txt: file size=10\n")
                    .contains("read /out/sub/nested/a.txt @4: [456]\n")
                    .contains("stat /out/sub/nested/a.txt: file size=12\n")
                    .contains("read /out/sub/nested/a.txt @0: [0123456789ab]\n")
                    .contains("pwrite+pread: 2 5 [1XY45]\n")
                    .contains("ftruncate 6: ok\n")
                    .contains("stat /out/sub/nested/a.txt: file size=6\n")
                    .contains("stat /out/sub: dir")
                    .contains("write through read-only descriptor: Bad file descriptor\n");
            // nested listing, rename, unlink, rmdir
            assertThat(out)
                    .contains("list /out/sub/nested: a.txt b.txt\n")
                    .contains("rename a.txt -> c.txt: ok\n")
                    .contains("stat /out/sub/nested/a.txt: No such file or directory\n")
                    .contains("read /out/sub/nested/c.txt @0: [01XY45]\n")
                    .contains("rmdir non-empty nested: Directory not empty\n")
                    .contains("unlink b.txt: ok\n")
                    .contains("list /out/sub/nested: c.txt\n")
                    .contains("unlink a directory: Is a directory\n")
                    .contains("rename c.txt -> /out/moved.txt: ok\n")
                    .contains("rmdir nested: ok\n")
                    .contains("list /out/sub:\n");
            // links: inside ones work, nothing leads outside
            assertThat(out)
                    .contains("symlink inside: ok\n")
                    .contains("read /out/inside-link @0: [01XY45]\n")
                    .contains("readlink inside-link: moved.txt\n")
                    .contains("symlink to /etc/passwd: Operation not permitted\n")
                    .contains("symlink climbing out: Operation not permitted\n")
                    .contains("read /out/outside-link: Operation not permitted\n")
                    .contains("read /out/outside-dir/secret.txt: Operation not permitted\n")
                    .contains("list /out/outside-dir: Operation not permitted\n")
                    .contains("write /out/outside-link (w): Operation not permitted\n")
                    .doesNotContain("TOP SECRET");
            // .. may not climb above a mount
            assertThat(out)
                    .contains("read /out/../../etc/passwd: Operation not permitted\n")
                    .contains("read /out/sub/../../etc/passwd: Operation not permitted\n")
                    .contains("read /out/sub/../moved.txt @0: [01XY45]\n");
            // the read-only mount refuses every change and still reads
            assertThat(out)
                    .contains("write /data/new.txt (w): Read-only file system\n")
                    .contains("write /data/hello.txt (a): Read-only file system\n")
                    .contains("mkdir /data/dir: Read-only file system\n")
                    .contains("unlink /data/hello.txt: Read-only file system\n")
                    .contains("rename /data/hello.txt: Read-only file system\n")
                    .contains("rename /data/hello.txt to /out: Read-only file system\n")
                    .contains("read /data/hello.txt @3: [from]\n");
            // the fs.embed (classpath) mount is served read-only through the VirtualFileSystem API
            assertThat(out)
                    .contains("list /embed: greeting.txt nested/\n")
                    .contains("list /embed/nested: deep.txt\n")
                    .contains("read /embed/greeting.txt @0: [packaged with the app]\n")
                    .contains("read /embed/nested/deep.txt @5: [inside]\n")
                    .contains("stat /embed/greeting.txt: file size=21\n")
                    .contains("write /embed/new.txt (w): Read-only file system\n")
                    .contains("mkdir /embed/dir: Read-only file system\n")
                    .contains("read /embed/../hello.txt: Operation not permitted\n")
                    .contains("end\n");

            // what the guest left on the host
            assertThat(dir.resolve("out/moved.txt")).hasContent("01XY45");
            assertThat(dir.resolve("out/sub")).isEmptyDirectory();
            assertThat(dir.resolve("secret/secret.txt")).hasContent("TOP SECRET");
            assertThat(dir.resolve("out/abs-link")).doesNotExist();
            assertThat(dir.resolve("out/up-link")).doesNotExist();
            assertThat(dir.resolve("data")).isDirectoryContaining(p -> p.endsWith("hello.txt"));
            assertThat(Files.list(dir.resolve("data")).count()).isEqualTo(1);
            assertThat(dir.resolve("data/hello.txt")).hasContent("hi from the host");
            assertThat(dir.resolve("out/stolen.txt")).doesNotExist();
            assertThat(run.exit().code()).isZero();
        }
    }

    @Test
    void withoutTheFilesystemGrantThereAreNoPreopens(@TempDir Path dir) throws Exception {
        try (WasmRegistry r = runtime(dir, "wasi:cli, wasi:io, wasi:clocks, wasi:random")) {
            String out = ProcessHost.of(r).runCaptured("app:fs", List.of(), "").stdout();

            // wasi-libc finds no preopen for any path: ENOTCAPABLE everywhere
            assertThat(out)
                    .contains("mkdir /out/sub: Capabilities insufficient\n")
                    .contains("write /out/sub/nested/a.txt (w): Capabilities insufficient\n")
                    .contains("read /data/hello.txt: Capabilities insufficient\n")
                    .contains("list /embed: Capabilities insufficient\n")
                    .contains("end\n")
                    .doesNotContain(": ok\n")
                    .doesNotContain("hi from the host")
                    .doesNotContain("packaged with the app");
            assertThat(dir.resolve("out/sub")).doesNotExist();
        }
    }
}
