package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.HostBinding;
import ai.wippy.component.host.HostFunction;
import ai.wippy.value.ResultValue;
import ai.wippy.value.VariantValue;
import ai.wippy.wasi.Mount;
import ai.wippy.wasi.p2.IoError;
import ai.wippy.wasi.p2.IoStreamsHost;
import ai.wippy.wasi.p2.Resources;
import ai.wippy.wasi.p2.WasiHost;
import ai.wippy.wasi.p2.WasiInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code wasi:filesystem}: {@code preopens} hands out one descriptor per mount of the entry
 * ({@code wasi.mounts}), {@code types} implements the {@code descriptor} and
 * {@code directory-entry-stream} resources on top of them. Nothing outside the mounts is reachable;
 * errors are {@code error-code} results, never traps.
 */
public final class FilesystemHosts {

    private FilesystemHosts() {}

    /** Every {@code wasi:filesystem} interface. */
    public static List<WasiHost> all() {
        return List.of(new Preopens(), new Types());
    }

    /** {@code wasi:filesystem/preopens}. */
    public static final class Preopens extends WasiHost {
        public Preopens() {
            super("wasi:filesystem/preopens");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            if (!function.equals("get-directories")) {
                return null;
            }
            return args -> {
                List<Object> out = new ArrayList<>();
                for (Mount mount : WasiInstance.of(b).settings().mounts()) {
                    out.add(List.of(Resources.own(b, "descriptor", open(mount)), mount.guest()));
                }
                return out;
            };
        }

        /** The root descriptor of a mount: on its real folder when it has one, else through its API. */
        static Descriptor open(Mount mount) {
            return mount.fs()
                    .root()
                    .<Descriptor>map(root -> HostDirectoryDescriptor.root(mount, realRoot(root)))
                    .orElseGet(() -> EmbeddedDescriptor.root(mount));
        }

        private static Path realRoot(Path root) {
            try {
                return root.toRealPath();
            } catch (IOException e) {
                return root.toAbsolutePath().normalize();
            }
        }
    }

    /** An operation that may fail with an {@code error-code}. */
    @FunctionalInterface
    private interface FsOp {
        Object run() throws FsError;
    }

    private static ResultValue result(FsOp op) {
        try {
            return ResultValue.ok(op.run());
        } catch (FsError e) {
            return ResultValue.err(e.code());
        }
    }

    /** {@code wasi:filesystem/types}. */
    public static final class Types extends WasiHost {
        public Types() {
            super("wasi:filesystem/types");
        }

        @Override
        protected HostFunction function(HostBinding b, String function) {
            if (function.equals("filesystem-error-code")) {
                return args -> errorCode(Resources.borrow(b, args.get(0), IoError.class));
            }
            if (function.equals("[method]directory-entry-stream.read-directory-entry")) {
                return args -> ResultValue.ok(
                        Resources.borrow(b, args.get(0), DirectoryEntries.class).next());
            }
            String prefix = "[method]descriptor.";
            if (!function.startsWith(prefix)) {
                return null;
            }
            return switch (function.substring(prefix.length())) {
                case "read-via-stream" ->
                    args -> result(
                            () -> Resources.own(b, "input-stream", d(b, args).readViaStream(u64(args.get(1)))));
                case "write-via-stream" ->
                    args -> result(
                            () -> Resources.own(b, "output-stream", d(b, args).writeViaStream(u64(args.get(1)))));
                case "append-via-stream" ->
                    args -> result(
                            () -> Resources.own(b, "output-stream", d(b, args).appendViaStream()));
                case "advise" -> args -> result(() -> none(d(b, args)));
                case "sync-data" ->
                    args -> result(() -> {
                        d(b, args).sync(true);
                        return null;
                    });
                case "sync" ->
                    args -> result(() -> {
                        d(b, args).sync(false);
                        return null;
                    });
                case "get-flags" -> args -> result(() -> new LinkedHashSet<>(d(b, args).flags));
                case "get-type" -> args -> result(() -> d(b, args).type());
                case "set-size" ->
                    args -> result(() -> {
                        d(b, args).setSize(u64(args.get(1)));
                        return null;
                    });
                case "set-times" ->
                    args -> result(() -> {
                        d(b, args).setTimes(time(args.get(1)), time(args.get(2)));
                        return null;
                    });
                case "read" ->
                    args -> result(() ->
                            d(b, args).read(Resources.length(args.get(1), IoStreamsHost.MAX_READ), u64(args.get(2))));
                case "write" -> args -> result(() -> d(b, args).write((byte[]) args.get(1), u64(args.get(2))));
                case "read-directory" ->
                    args -> result(() -> Resources.own(
                            b, "directory-entry-stream", d(b, args).readDirectory()));
                case "create-directory-at" ->
                    args -> result(() -> {
                        d(b, args).createDirectoryAt(str(args.get(1)));
                        return null;
                    });
                case "stat" -> args -> result(() -> d(b, args).stat());
                case "stat-at" -> args -> result(() -> d(b, args).statAt(follow(args.get(1)), str(args.get(2))));
                case "set-times-at" ->
                    args -> result(() -> {
                        d(b, args)
                                .setTimesAt(
                                        follow(args.get(1)), str(args.get(2)), time(args.get(3)), time(args.get(4)));
                        return null;
                    });
                case "link-at" ->
                    args -> result(() -> {
                        d(b, args)
                                .linkAt(follow(args.get(1)), str(args.get(2)), other(b, args.get(3)), str(args.get(4)));
                        return null;
                    });
                case "open-at" ->
                    args -> result(() -> Resources.own(
                            b,
                            "descriptor",
                            d(b, args)
                                    .openAt(
                                            follow(args.get(1)),
                                            str(args.get(2)),
                                            set(args.get(3)),
                                            set(args.get(4)))));
                case "readlink-at" -> args -> result(() -> d(b, args).readlinkAt(str(args.get(1))));
                case "remove-directory-at" ->
                    args -> result(() -> {
                        d(b, args).removeDirectoryAt(str(args.get(1)));
                        return null;
                    });
                case "rename-at" ->
                    args -> result(() -> {
                        d(b, args).renameAt(str(args.get(1)), other(b, args.get(2)), str(args.get(3)));
                        return null;
                    });
                case "symlink-at" ->
                    args -> result(() -> {
                        d(b, args).symlinkAt(str(args.get(1)), str(args.get(2)));
                        return null;
                    });
                case "unlink-file-at" ->
                    args -> result(() -> {
                        d(b, args).unlinkFileAt(str(args.get(1)));
                        return null;
                    });
                case "is-same-object" -> args -> d(b, args).isSameObject(other(b, args.get(1)));
                case "metadata-hash" -> args -> result(() -> d(b, args).metadataHash());
                case "metadata-hash-at" ->
                    args -> result(() -> d(b, args).metadataHashAt(follow(args.get(1)), str(args.get(2))));
                default -> null;
            };
        }
    }

    private static Descriptor d(HostBinding b, List<Object> args) {
        return Resources.borrow(b, args.get(0), Descriptor.class);
    }

    private static Descriptor other(HostBinding b, Object handle) {
        return Resources.borrow(b, handle, Descriptor.class);
    }

    /** {@code advise} is only a hint; the host has nothing to tune, so it succeeds. */
    private static Object none(Descriptor d) {
        return null;
    }

    private static long u64(Object value) {
        return ((Number) value).longValue();
    }

    private static String str(Object value) {
        return (String) value;
    }

    private static Set<String> set(Object flags) {
        Set<String> out = new LinkedHashSet<>();
        if (flags instanceof Collection<?> c) {
            for (Object o : c) {
                out.add(String.valueOf(o));
            }
        }
        return out;
    }

    private static boolean follow(Object pathFlags) {
        return set(pathFlags).contains("symlink-follow");
    }

    /** A {@code new-timestamp}: null for no-change. */
    private static FileTime time(Object newTimestamp) {
        VariantValue v = (VariantValue) newTimestamp;
        return switch (v.caseName()) {
            case "now" -> FileTime.from(Instant.now());
            case "timestamp" -> {
                Map<?, ?> dt = (Map<?, ?>) v.payload();
                yield FileTime.from(Instant.ofEpochSecond(u64(dt.get("seconds")), u64(dt.get("nanoseconds"))));
            }
            default -> null;
        };
    }

    /** The {@code error-code} behind a stream error, when a file stream raised it. */
    private static String errorCode(IoError error) {
        if (error.cause() instanceof FsError e) {
            return e.code();
        }
        if (error.cause() instanceof IOException e) {
            return FsError.codeOf(e);
        }
        return null;
    }
}
