package ai.wippy.fs;

import ai.wippy.registry.EntryId;
import java.nio.file.Path;

/** The one reading of a path inside a file system entry, before each kind maps it to its storage. */
final class RelativePaths {

    private RelativePaths() {}

    /**
     * {@code path} normalized and relative to the root of {@code id} ({@code ""} is the root), with
     * {@code \} read as {@code /}; an absolute path or one that climbs out with {@code ..} is refused.
     */
    static String inside(EntryId id, String path) throws FileSystemAccessException {
        String clean = path == null ? "" : path.replace('\\', '/');
        while (clean.startsWith("./")) {
            clean = clean.substring(2);
        }
        if (clean.startsWith("/")) {
            throw new FileSystemAccessException(
                    "'" + path + "' is absolute; paths in " + id + " are relative to its root");
        }
        String normalized = Path.of(clean).normalize().toString().replace('\\', '/');
        if (normalized.equals("..") || normalized.startsWith("../")) {
            throw new FileSystemAccessException("'" + path + "' escapes the root of " + id);
        }
        return normalized;
    }
}
