package ai.wippy.wasi.p2.filesystem;

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
import java.util.Locale;

/**
 * A {@code wasi:filesystem/types.error-code} raised by a descriptor operation. The host returns it
 * as {@code result::err(code)} (a {@link WitError}); inside a stream error it is the {@link IoError#cause()} that
 * {@code filesystem-error-code} recovers.
 */
final class FsError extends Exception implements WitError {

    private final String code;

    FsError(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    /** The WIT {@code error-code} case, e.g. {@code no-entry}. */
    String code() {
        return code;
    }

    /** A method of a {@code result<T, error-code>} function throwing this answers {@code err(code)}. */
    @Override
    public Object witError() {
        return code;
    }

    static FsError of(String code, String message) {
        return new FsError(code, message);
    }

    /** The error code closest to what the operating system reported. */
    static FsError from(IOException e) {
        return new FsError(codeOf(e), e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    static String codeOf(IOException e) {
        if (e instanceof java.nio.channels.ClosedChannelException) {
            return "bad-descriptor";
        }
        if (e instanceof NoSuchFileException) {
            return "no-entry";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "exist";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "not-empty";
        }
        if (e instanceof NotDirectoryException) {
            return "not-directory";
        }
        if (e instanceof AccessDeniedException) {
            return "access";
        }
        if (e instanceof NotLinkException) {
            return "invalid";
        }
        if (e instanceof FileSystemLoopException) {
            return "loop";
        }
        if (e instanceof java.nio.file.AtomicMoveNotSupportedException) {
            return "cross-device";
        }
        if (e instanceof FileSystemException fse && fse.getReason() != null) {
            return reason(fse.getReason());
        }
        if (e instanceof java.io.FileNotFoundException) {
            return "no-entry";
        }
        return "io";
    }

    /** Maps the strerror text the JDK puts in {@link FileSystemException#getReason()}. */
    private static String reason(String reason) {
        String r = reason.toLowerCase(Locale.ROOT);
        if (r.contains("not a directory")) {
            return "not-directory";
        }
        if (r.contains("is a directory")) {
            return "is-directory";
        }
        if (r.contains("not empty")) {
            return "not-empty";
        }
        if (r.contains("symbolic link")) {
            return "loop";
        }
        if (r.contains("read-only")) {
            return "read-only";
        }
        if (r.contains("not permitted")) {
            return "not-permitted";
        }
        if (r.contains("permission denied")) {
            return "access";
        }
        if (r.contains("no such file")) {
            return "no-entry";
        }
        if (r.contains("file exists")) {
            return "exist";
        }
        if (r.contains("no space")) {
            return "insufficient-space";
        }
        if (r.contains("name too long")) {
            return "name-too-long";
        }
        if (r.contains("cross-device")) {
            return "cross-device";
        }
        if (r.contains("invalid argument")) {
            return "invalid";
        }
        if (r.contains("too large")) {
            return "file-too-large";
        }
        if (r.contains("too many links")) {
            return "too-many-links";
        }
        if (r.contains("busy")) {
            return "busy";
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
