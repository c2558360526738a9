package ai.wippy.wasi.p2.filesystem;

import ai.wippy.component.host.CodedWitError;
import ai.wippy.component.host.WitError;
import ai.wippy.wasi.p2.IoError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.ReadOnlyFileSystemException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@code wasi:filesystem/types.error-code} raised by a descriptor operation. The host returns it
 * as {@code result::err(code)} (a {@link WitError}); inside a stream error it is the {@link IoError#cause()} that
 * {@code filesystem-error-code} recovers.
 */
final class FsError extends CodedWitError {

    FsError(String code, String message) {
        super(code, message);
    }

    static FsError of(String code, String message) {
        return new FsError(code, message);
    }

    /** An operation on the host's files that may fail with an {@link IOException}. */
    @FunctionalInterface
    interface HostIo {
        void run() throws IOException;
    }

    /** Runs {@code op}; an {@link IOException} becomes the error closest to it ({@link #from(IOException)}). */
    static void io(HostIo op) throws FsError {
        try {
            op.run();
        } catch (IOException e) {
            throw from(e);
        }
    }

    /** The error code closest to what the operating system reported. */
    static FsError from(IOException e) {
        return new FsError(codeOf(e), e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** The exception types with a code of their own, most specific first. */
    private static final List<Map.Entry<Class<? extends IOException>, String>> BY_TYPE = List.of(
            Map.entry(java.nio.channels.ClosedChannelException.class, "bad-descriptor"),
            Map.entry(NoSuchFileException.class, "no-entry"),
            Map.entry(FileAlreadyExistsException.class, "exist"),
            Map.entry(DirectoryNotEmptyException.class, "not-empty"),
            Map.entry(NotDirectoryException.class, "not-directory"),
            Map.entry(AccessDeniedException.class, "access"),
            Map.entry(NotLinkException.class, "invalid"),
            Map.entry(FileSystemLoopException.class, "loop"),
            Map.entry(java.nio.file.AtomicMoveNotSupportedException.class, "cross-device"));

    /** The strerror texts the JDK puts in {@link FileSystemException#getReason()}, with their codes. */
    private static final List<Map.Entry<String, String>> BY_REASON = List.of(
            Map.entry("not a directory", "not-directory"),
            Map.entry("is a directory", "is-directory"),
            Map.entry("not empty", "not-empty"),
            Map.entry("symbolic link", "loop"),
            Map.entry("read-only", "read-only"),
            Map.entry("not permitted", "not-permitted"),
            Map.entry("permission denied", "access"),
            Map.entry("no such file", "no-entry"),
            Map.entry("file exists", "exist"),
            Map.entry("no space", "insufficient-space"),
            Map.entry("name too long", "name-too-long"),
            Map.entry("cross-device", "cross-device"),
            Map.entry("invalid argument", "invalid"),
            Map.entry("too large", "file-too-large"),
            Map.entry("too many links", "too-many-links"),
            Map.entry("busy", "busy"));

    static String codeOf(IOException e) {
        for (var t : BY_TYPE) {
            if (t.getKey().isInstance(e)) {
                return t.getValue();
            }
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            String r = fse.getReason().toLowerCase(Locale.ROOT);
            for (var t : BY_REASON) {
                if (r.contains(t.getKey())) {
                    return t.getValue();
                }
            }
            return "io";
        }
        if (e instanceof java.io.FileNotFoundException) {
            return "no-entry";
        }
        return "io";
    }

    /** Errors raised by Java for operations the file system refuses outright. */
    static FsError from(RuntimeException e) {
        if (e instanceof ReadOnlyFileSystemException) {
            return new FsError("read-only", "read-only file system");
        }
        if (e instanceof UnsupportedOperationException) {
            return new FsError("unsupported", String.valueOf(e.getMessage()));
        }
        if (e instanceof SecurityException) {
            return new FsError("access", String.valueOf(e.getMessage()));
        }
        if (e instanceof java.nio.file.InvalidPathException) {
            return new FsError("invalid", String.valueOf(e.getMessage()));
        }
        throw e;
    }
}
