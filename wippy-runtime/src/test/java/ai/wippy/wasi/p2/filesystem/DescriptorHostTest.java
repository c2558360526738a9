package ai.wippy.wasi.p2.filesystem;

import static org.assertj.core.api.Assertions.assertThat;

import ai.wippy.component.host.BoundInterface;
import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostResources;
import ai.wippy.fs.DirectoryFileSystem;
import ai.wippy.fs.EmbeddedFileSystem;
import ai.wippy.registry.EntryId;
import ai.wippy.value.ResourceHandle;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.Mount;
import ai.wippy.wasi.WasiSettings;
import ai.wippy.wasi.WasiStdio;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.IoStreamsHost;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code wasi:filesystem} hosts called the way the component runtime calls them (lifted canonical
 * values in, canonical values out, handles in a table), for the descriptor methods the preview1
 * adapter does not reach: flags, timestamps, identity, stream errors and their error codes.
 */
class DescriptorHostTest {

    @TempDir
    Path dir;

    private final Map<Integer, Object> table = new HashMap<>();
    private BoundInterface types;
    private BoundInterface streams;
    private BoundInterface preopens;
    private ResourceHandle out;
    private ResourceHandle data;
    private ResourceHandle embed;

    /** A handle table like the component instance's: numbers for host objects. */
    private final HostResources resources = new HostResources() {
        @Override
        public ResourceHandle own(String resource, Object hostObject) {
            int n = table.size() + 1;
            table.put(n, hostObject);
            return new ResourceHandle(resource, n, true);
        }

        @Override
        public <T> T get(ResourceHandle handle, Class<T> type) {
            return type.cast(table.get(handle.handle()));
        }

        @Override
        public <T> T take(ResourceHandle handle, Class<T> type) {
            return type.cast(table.remove(handle.handle()));
        }
    };

    @BeforeEach
    void bind() throws Exception {
        Files.createDirectories(dir.resolve("out/sub"));
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("out/sub/file.txt"), "abcdef");
        Files.writeString(dir.resolve("data/ro.txt"), "read only");
        Files.writeString(dir.resolve("secret.txt"), "TOP SECRET");
        Files.createSymbolicLink(dir.resolve("out/inside"), Path.of("sub/file.txt"));
        Files.createSymbolicLink(dir.resolve("out/outside"), dir.resolve("secret.txt"));
        List<Mount> mounts = List.of(
                new Mount("/out", new DirectoryFileSystem(new EntryId("t", "out"), dir.resolve("out"), false), false),
                new Mount("/data", new DirectoryFileSystem(new EntryId("t", "data"), dir.resolve("data"), false), true),
                new Mount(
                        "/embed",
                        new EmbeddedFileSystem(
                                new EntryId("t", "embed"), getClass().getClassLoader(), "wasi-fs-embed"),
                        true));
        WasiSettings settings =
                new WasiSettings("t:fs", Set.of("wasi:filesystem"), List.of(), null, Map.of(), mounts, List.of());
        ai.wippy.wasi.p2.WasiState shared =
                ai.wippy.wasi.p2.WasiState.of(settings, WasiStdio.logger("t:fs"), List.of());
        HostBinding binding = new HostBinding(null, "wasi:filesystem/types@0.2.3", Set.of(), shared, resources);
        types = new FilesystemHosts.Types().bind(binding);
        preopens = new FilesystemHosts.Preopens().bind(binding);
        streams = new IoStreamsHost().bind(binding);
        List<?> dirs = (List<?>) call(preopens, "get-directories");
        assertThat(dirs).hasSize(3);
        out = (ResourceHandle) ((List<?>) dirs.get(0)).get(0);
        data = (ResourceHandle) ((List<?>) dirs.get(1)).get(0);
        embed = (ResourceHandle) ((List<?>) dirs.get(2)).get(0);
        assertThat(((List<?>) dirs.get(0)).get(1)).isEqualTo("/out");
        assertThat(((List<?>) dirs.get(2)).get(1)).isEqualTo("/embed");
    }

    private static Object call(BoundInterface host, String function, Object... args) throws Exception {
        return host.function(function, null).call(new ArrayList<>(List.of(args)));
    }

    private Object method(String name, Object... args) throws Exception {
        return call(types, "[method]descriptor." + name, args);
    }

    private static Object ok(Object result) {
        ResultValue r = (ResultValue) result;
        assertThat(r.ok()).as("expected ok, got error %s", r.value()).isTrue();
        return r.value();
    }

    private static void err(Object result, String code) {
        assertThat((ResultValue) result).isEqualTo(ResultValue.err(code));
    }

    private ResourceHandle open(ResourceHandle at, String path, Set<String> openFlags, Set<String> flags)
            throws Exception {
        return (ResourceHandle) ok(method("open-at", at, Set.of("symlink-follow"), path, openFlags, flags));
    }

    @Test
    void preopensCarryFlagsThatMatchTheMount() throws Exception {
        assertThat(ok(method("get-flags", out))).isEqualTo(Set.of("read", "mutate-directory"));
        assertThat(ok(method("get-flags", data))).isEqualTo(Set.of("read"));
        assertThat(ok(method("get-type", out))).isEqualTo("directory");
        assertThat(ok(method("get-type", embed))).isEqualTo("directory");
    }

    @Test
    void aDescriptorOpenedForReadingCannotWriteAndTheReverse() throws Exception {
        ResourceHandle reader = open(out, "sub/file.txt", Set.of(), Set.of("read"));
        err(method("write-via-stream", reader, 0L), "bad-descriptor");
        err(method("append-via-stream", reader), "bad-descriptor");
        err(method("write", reader, "x".getBytes(), 0L), "bad-descriptor");
        err(method("set-size", reader, 0L), "bad-descriptor");
        ResourceHandle writer = open(out, "sub/file.txt", Set.of(), Set.of("write"));
        err(method("read-via-stream", writer, 0L), "bad-descriptor");
        err(method("read", writer, 10L, 0L), "bad-descriptor");
        err(method("open-at", data, Set.of(), "ro.txt", Set.of(), Set.of("read", "write")), "read-only");
        assertThat(Files.readString(dir.resolve("out/sub/file.txt"))).isEqualTo("abcdef");
    }

    @Test
    void streamsReadFromAnOffsetAndAppend() throws Exception {
        ResourceHandle file = open(out, "sub/file.txt", Set.of(), Set.of("read", "write"));
        ResourceHandle in = (ResourceHandle) ok(method("read-via-stream", file, 2L));
        assertThat(new String((byte[]) ok(call(streams, "[method]input-stream.blocking-read", in, 100L))))
                .isEqualTo("cdef");
        assertThat(((ResultValue) call(streams, "[method]input-stream.blocking-read", in, 100L)).value())
                .isEqualTo(new VariantValue("closed", null));
        ResourceHandle append = (ResourceHandle) ok(method("append-via-stream", file));
        ok(call(streams, "[method]output-stream.blocking-write-and-flush", append, "gh".getBytes()));
        ResourceHandle at1 = (ResourceHandle) ok(method("write-via-stream", file, 1L));
        ok(call(streams, "[method]output-stream.blocking-write-and-flush", at1, "BC".getBytes()));
        assertThat(Files.readString(dir.resolve("out/sub/file.txt"))).isEqualTo("aBCdefgh");
        List<?> read = (List<?>) ok(method("read", file, 3L, 6L));
        assertThat(new String((byte[]) read.get(0))).isEqualTo("gh");
        assertThat(read.get(1)).isEqualTo(true);
        assertThat(ok(method("write", file, "Z".getBytes(), 10L))).isEqualTo(1L);
        assertThat(((Map<?, ?>) ok(method("stat", file))).get("size")).isEqualTo(11L);
    }

    @Test
    void aStreamErrorCarriesItsFilesystemErrorCode() throws Exception {
        ResourceHandle file = open(out, "sub/file.txt", Set.of(), Set.of("read"));
        ResourceHandle in = (ResourceHandle) ok(method("read-via-stream", file, 0L));
        ((AutoCloseable) table.get(file.handle())).close();
        VariantValue failure =
                (VariantValue) ((ResultValue) call(streams, "[method]input-stream.read", in, 4L)).value();
        assertThat(failure.caseName()).isEqualTo("last-operation-failed");
        assertThat(call(types, "filesystem-error-code", failure.payload())).isEqualTo("bad-descriptor");
        ResourceHandle other = resources.own("error", new IoError("not a file error", null));
        assertThat(call(types, "filesystem-error-code", other)).isNull();
    }

    @Test
    void statTimesAndIdentity() throws Exception {
        Map<?, ?> dt = Map.of("seconds", 1_600_000_000L, "nanoseconds", 5_000L);
        ok(method(
                "set-times-at",
                out,
                Set.of(),
                "sub/file.txt",
                new VariantValue("no-change", null),
                new VariantValue("timestamp", dt)));
        Map<?, ?> stat = (Map<?, ?>) ok(method("stat-at", out, Set.of(), "sub/file.txt"));
        assertThat(stat.get("type")).isEqualTo("regular-file");
        assertThat(stat.get("size")).isEqualTo(6L);
        assertThat(stat.get("link-count")).isEqualTo(1L);
        assertThat(((Map<?, ?>) stat.get("data-modification-timestamp")).get("seconds"))
                .isEqualTo(1_600_000_000L);
        assertThat(stat.get("data-access-timestamp")).isNotNull();
        assertThat(((Map<?, ?>) ok(method("stat-at", out, Set.of(), "inside"))).get("type"))
                .isEqualTo("symbolic-link");
        assertThat(((Map<?, ?>) ok(method("stat-at", out, Set.of("symlink-follow"), "inside"))).get("size"))
                .isEqualTo(6L);
        err(method("stat-at", out, Set.of("symlink-follow"), "outside"), "not-permitted");
        err(method("readlink-at", out, "outside"), "not-permitted");
        assertThat(ok(method("readlink-at", out, "inside"))).isEqualTo("sub/file.txt");
        err(method("stat-at", out, Set.of(), "/etc/passwd"), "not-permitted");
        err(method("stat-at", out, Set.of(), "sub/../.."), "not-permitted");

        ResourceHandle viaLink = open(out, "inside", Set.of(), Set.of("read"));
        ResourceHandle direct = open(out, "sub/file.txt", Set.of(), Set.of("read"));
        assertThat(method("is-same-object", viaLink, direct)).isEqualTo(true);
        assertThat(method("is-same-object", viaLink, out)).isEqualTo(false);
        assertThat(ok(method("metadata-hash", direct)))
                .isEqualTo(ok(method("metadata-hash-at", out, Set.of("symlink-follow"), "inside")))
                .isNotEqualTo(ok(method("metadata-hash", out)));
    }

    @Test
    void directoriesListTheirEntriesWithTypes() throws Exception {
        ResourceHandle entries = (ResourceHandle) ok(method("read-directory", out));
        List<Object> seen = new ArrayList<>();
        Object next;
        while ((next = ok(call(types, "[method]directory-entry-stream.read-directory-entry", entries))) != null) {
            seen.add(next);
        }
        assertThat(seen)
                .containsExactly(
                        Map.of("type", "symbolic-link", "name", "inside"),
                        Map.of("type", "symbolic-link", "name", "outside"),
                        Map.of("type", "directory", "name", "sub"));
        err(method("read-directory", open(out, "sub/file.txt", Set.of(), Set.of("read"))), "not-directory");
    }

    @Test
    void mutationsOnTheRealFolder() throws Exception {
        ok(method("create-directory-at", out, "made"));
        err(method("create-directory-at", out, "made"), "exist");
        ResourceHandle made = open(out, "made", Set.of("directory"), Set.of("read"));
        ok(method("symlink-at", made, "../sub/file.txt", "link"));
        err(method("symlink-at", made, "../../secret.txt", "bad"), "not-permitted");
        ok(method("link-at", out, Set.of(), "sub/file.txt", made, "hard"));
        assertThat(((Map<?, ?>) ok(method("stat-at", out, Set.of(), "sub/file.txt"))).get("link-count"))
                .isEqualTo(2L);
        ok(method("rename-at", made, "hard", out, "renamed"));
        err(method("remove-directory-at", out, "made"), "not-empty");
        ok(method("unlink-file-at", made, "link"));
        ok(method("remove-directory-at", out, "made"));
        err(method("unlink-file-at", out, "sub"), "is-directory");
        err(method("remove-directory-at", out, "."), "not-permitted");
        err(method("open-at", out, Set.of(), "sub/file.txt", Set.of("directory"), Set.of("read")), "not-directory");
        err(method("open-at", out, Set.of(), "nothing", Set.of(), Set.of("read")), "no-entry");
        err(method("open-at", out, Set.of(), "renamed", Set.of("create", "exclusive"), Set.of("write")), "exist");
        ResourceHandle fresh = open(out, "fresh.txt", Set.of("create", "truncate"), Set.of("write"));
        ok(method("write", fresh, "new".getBytes(StandardCharsets.UTF_8), 0L));
        ok(method("set-size", fresh, 5L));
        assertThat(Files.readAllBytes(dir.resolve("out/fresh.txt"))).containsExactly('n', 'e', 'w', 0, 0);
        assertThat(dir.resolve("out/renamed")).hasContent("abcdef");
        assertThat(dir.resolve("secret.txt")).hasContent("TOP SECRET");
    }

    @Test
    void readOnlyAndEmbeddedMountsRefuseChanges() throws Exception {
        err(method("create-directory-at", data, "x"), "read-only");
        err(method("unlink-file-at", data, "ro.txt"), "read-only");
        err(method("rename-at", out, "sub/file.txt", data, "stolen"), "read-only");
        err(method("link-at", data, Set.of(), "ro.txt", out, "writable-alias"), "read-only");
        err(
                method(
                        "set-times-at",
                        data,
                        Set.of(),
                        "ro.txt",
                        new VariantValue("now", null),
                        new VariantValue("now", null)),
                "read-only");
        err(method("open-at", embed, Set.of(), "new.txt", Set.of("create"), Set.of("write")), "read-only");
        err(method("create-directory-at", embed, "x"), "read-only");
        ResourceHandle greeting = open(embed, "greeting.txt", Set.of(), Set.of("read"));
        List<?> read = (List<?>) ok(method("read", greeting, 8L, 0L));
        assertThat(new String((byte[]) read.get(0))).isEqualTo("packaged");
        assertThat(read.get(1)).isEqualTo(false);
        err(method("write-via-stream", greeting, 0L), "read-only");
        assertThat(((Map<?, ?>) ok(method("stat-at", embed, Set.of(), "nested"))).get("type"))
                .isEqualTo("directory");
        err(method("stat-at", embed, Set.of(), "missing.txt"), "no-entry");
        err(method("stat-at", embed, Set.of(), "../x"), "not-permitted");
        assertThat(dir.resolve("out/writable-alias")).doesNotExist();
        assertThat(dir.resolve("data/stolen")).doesNotExist();
    }
}
