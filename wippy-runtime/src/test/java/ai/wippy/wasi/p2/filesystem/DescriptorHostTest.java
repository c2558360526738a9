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
import ai.wippy.wasi.p2.WitSignatures;
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

    /**
     * {@code wasi:filesystem/types} and {@code preopens} (0.2) with the {@code wasi:io/streams}
     * functions the tests call, flattened for {@link WitSignatures}.
     */
    static final WitSignatures WIT = new WitSignatures("""
            type filesize = u64;
            enum descriptor-type { unknown, block-device, character-device, directory, fifo, symbolic-link,
                regular-file, socket }
            flags descriptor-flags { read, write, file-integrity-sync, data-integrity-sync, requested-write-sync,
                mutate-directory }
            flags path-flags { symlink-follow }
            flags open-flags { create, directory, exclusive, truncate }
            type link-count = u64;
            record datetime { seconds: u64, nanoseconds: u32 }
            record descriptor-stat { type: descriptor-type, link-count: link-count, size: filesize,
                data-access-timestamp: option<datetime>, data-modification-timestamp: option<datetime>,
                status-change-timestamp: option<datetime> }
            variant new-timestamp { no-change, now, timestamp(datetime) }
            record directory-entry { type: descriptor-type, name: string }
            enum error-code { access, would-block, already, bad-descriptor, busy, deadlock, quota, exist,
                file-too-large, illegal-byte-sequence, in-progress, interrupted, invalid, io, is-directory, loop,
                too-many-links, message-size, name-too-long, no-device, no-entry, no-lock, insufficient-memory,
                insufficient-space, not-directory, not-empty, not-recoverable, unsupported, no-tty, no-such-device,
                overflow, not-permitted, pipe, read-only, invalid-seek, text-file-busy, cross-device }
            enum advice { normal, sequential, random, will-need, dont-need, no-reuse }
            record metadata-hash-value { lower: u64, upper: u64 }
            get-directories: func() -> list<tuple<own<descriptor>, string>>;
            descriptor_read-via-stream: func(self: borrow<descriptor>, offset: filesize)
                -> result<own<input-stream>, error-code>;
            descriptor_write-via-stream: func(self: borrow<descriptor>, offset: filesize)
                -> result<own<output-stream>, error-code>;
            descriptor_append-via-stream: func(self: borrow<descriptor>) -> result<own<output-stream>, error-code>;
            descriptor_advise: func(self: borrow<descriptor>, offset: filesize, length: filesize, advice: advice)
                -> result<_, error-code>;
            descriptor_sync-data: func(self: borrow<descriptor>) -> result<_, error-code>;
            descriptor_get-flags: func(self: borrow<descriptor>) -> result<descriptor-flags, error-code>;
            descriptor_get-type: func(self: borrow<descriptor>) -> result<descriptor-type, error-code>;
            descriptor_set-size: func(self: borrow<descriptor>, size: filesize) -> result<_, error-code>;
            descriptor_set-times: func(self: borrow<descriptor>, data-access-timestamp: new-timestamp,
                data-modification-timestamp: new-timestamp) -> result<_, error-code>;
            descriptor_read: func(self: borrow<descriptor>, length: filesize, offset: filesize)
                -> result<tuple<list<u8>, bool>, error-code>;
            descriptor_write: func(self: borrow<descriptor>, buffer: list<u8>, offset: filesize)
                -> result<filesize, error-code>;
            descriptor_read-directory: func(self: borrow<descriptor>)
                -> result<own<directory-entry-stream>, error-code>;
            descriptor_sync: func(self: borrow<descriptor>) -> result<_, error-code>;
            descriptor_create-directory-at: func(self: borrow<descriptor>, path: string) -> result<_, error-code>;
            descriptor_stat: func(self: borrow<descriptor>) -> result<descriptor-stat, error-code>;
            descriptor_stat-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string)
                -> result<descriptor-stat, error-code>;
            descriptor_set-times-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string,
                data-access-timestamp: new-timestamp, data-modification-timestamp: new-timestamp)
                -> result<_, error-code>;
            descriptor_link-at: func(self: borrow<descriptor>, old-path-flags: path-flags, old-path: string,
                new-descriptor: borrow<descriptor>, new-path: string) -> result<_, error-code>;
            descriptor_open-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string,
                open-flags: open-flags, %flags: descriptor-flags) -> result<own<descriptor>, error-code>;
            descriptor_readlink-at: func(self: borrow<descriptor>, path: string) -> result<string, error-code>;
            descriptor_remove-directory-at: func(self: borrow<descriptor>, path: string) -> result<_, error-code>;
            descriptor_rename-at: func(self: borrow<descriptor>, old-path: string,
                new-descriptor: borrow<descriptor>, new-path: string) -> result<_, error-code>;
            descriptor_symlink-at: func(self: borrow<descriptor>, old-path: string, new-path: string)
                -> result<_, error-code>;
            descriptor_unlink-file-at: func(self: borrow<descriptor>, path: string) -> result<_, error-code>;
            descriptor_is-same-object: func(self: borrow<descriptor>, other: borrow<descriptor>) -> bool;
            descriptor_metadata-hash: func(self: borrow<descriptor>) -> result<metadata-hash-value, error-code>;
            descriptor_metadata-hash-at: func(self: borrow<descriptor>, path-flags: path-flags, path: string)
                -> result<metadata-hash-value, error-code>;
            directory-entry-stream_read-directory-entry: func(self: borrow<directory-entry-stream>)
                -> result<option<directory-entry>, error-code>;
            filesystem-error-code: func(err: borrow<error>) -> option<error-code>;
            variant stream-error { last-operation-failed(own<error>), closed }
            input-stream_read: func(self: borrow<input-stream>, len: u64) -> result<list<u8>, stream-error>;
            input-stream_blocking-read: func(self: borrow<input-stream>, len: u64)
                -> result<list<u8>, stream-error>;
            output-stream_blocking-write-and-flush: func(self: borrow<output-stream>, contents: list<u8>)
                -> result<_, stream-error>;
            """);

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
                new Mount("/out", DirectoryFileSystem.open(new EntryId("t", "out"), dir.resolve("out"), false), false),
                new Mount(
                        "/data", DirectoryFileSystem.open(new EntryId("t", "data"), dir.resolve("data"), false), true),
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
        types = FilesystemHosts.all().get(1).bind(binding);
        preopens = FilesystemHosts.all().get(0).bind(binding);
        streams = new IoStreamsHost().bind(binding);
        List<?> dirs = (List<?>) call(preopens, "get-directories");
        assertThat(dirs).hasSize(3);
        out = (ResourceHandle) ((List<?>) dirs.get(0)).get(0);
        data = (ResourceHandle) ((List<?>) dirs.get(1)).get(0);
        embed = (ResourceHandle) ((List<?>) dirs.get(2)).get(0);
        assertThat(((List<?>) dirs.get(0)).get(1)).isEqualTo("/out");
        assertThat(((List<?>) dirs.get(2)).get(1)).isEqualTo("/embed");
    }

    /** Calls a function linked against its WIT signature, as the component linker does. */
    private static Object call(BoundInterface host, String function, Object... args) throws Exception {
        return WIT.link(host, function).call(new ArrayList<>(List.of(args)));
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
