package ai.wippy.fs;

import java.io.IOException;

/** A path that would leave its file system's root, or a write to a read-only one. */
public final class FileSystemAccessException extends IOException {
    public FileSystemAccessException(String message) {
        super(message);
    }
}
