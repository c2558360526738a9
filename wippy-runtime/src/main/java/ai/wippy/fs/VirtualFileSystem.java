package ai.wippy.fs;

import ai.wippy.registry.EntryId;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A folder a registry entry exposes ({@code fs.directory} or {@code fs.embed}). Paths are relative
 * and can never reach outside the folder: not through {@code ..}, absolute paths or links.
 */
public interface VirtualFileSystem {

    EntryId id();

    boolean readOnly();

    byte[] read(String path) throws IOException;

    boolean exists(String path);

    boolean isDirectory(String path);

    /** The names in a folder ({@code ""} is the root), sorted. */
    List<String> list(String path) throws IOException;

    /** Writes a file, creating parent folders; refused on a read-only file system. */
    void write(String path, byte[] data) throws IOException;

    /**
     * Refuses a path that leads outside the root ({@code ..}, absolute, or through a symbolic link,
     * dangling ones included), whether or not the file exists yet: what a create must check before it
     * promises the guest a file.
     */
    default void checkInside(String path) throws FileSystemAccessException {}

    /** {@link #checkInside} as a test: false where it refuses the path. */
    default boolean isInside(String path) {
        try {
            checkInside(path);
            return true;
        } catch (FileSystemAccessException e) {
            return false;
        }
    }

    /** The root on the real file system, when there is one (WASI preopens use it). */
    Optional<java.nio.file.Path> root();

    /** A description for messages, e.g. {@code /srv/app/wasm} or {@code classpath:wippy/wasm}. */
    String describe();
}
