package ai.wippy.wasi.p2.filesystem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/**
 * What {@code stat} reports about a file on the real file system, read without following a final
 * link: the {@code unix:} view (mode, link count, change time, device and inode) where the JDK has
 * it, the basic view elsewhere.
 */
record HostFileAttributes(
        String type,
        long links,
        long size,
        FileTime access,
        FileTime modification,
        FileTime change,
        long device,
        long inode,
        Object fileKey) {

    private static final int S_IFMT = 0170000;

    static HostFileAttributes read(Path path) throws FsError {
        try {
            try {
                Map<String, Object> a = Files.readAttributes(
                        path,
                        "unix:mode,nlink,size,lastAccessTime,lastModifiedTime,ctime,dev,ino",
                        ConfinedPaths.NOFOLLOW);
                int mode = ((Number) a.get("mode")).intValue();
                return new HostFileAttributes(
                        typeOfMode(mode),
                        ((Number) a.get("nlink")).longValue(),
                        ((Number) a.get("size")).longValue(),
                        (FileTime) a.get("lastAccessTime"),
                        (FileTime) a.get("lastModifiedTime"),
                        (FileTime) a.get("ctime"),
                        ((Number) a.get("dev")).longValue(),
                        ((Number) a.get("ino")).longValue(),
                        null);
            } catch (UnsupportedOperationException | IllegalArgumentException noUnixView) {
                BasicFileAttributes b = Files.readAttributes(path, BasicFileAttributes.class, ConfinedPaths.NOFOLLOW);
                String type = b.isDirectory()
                        ? "directory"
                        : b.isRegularFile() ? "regular-file" : b.isSymbolicLink() ? "symbolic-link" : "unknown";
                return new HostFileAttributes(
                        type, 1, b.size(), b.lastAccessTime(), b.lastModifiedTime(), null, 0, 0, b.fileKey());
            }
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    private static String typeOfMode(int mode) {
        return switch (mode & S_IFMT) {
            case 0040000 -> "directory";
            case 0100000 -> "regular-file";
            case 0120000 -> "symbolic-link";
            case 0010000 -> "fifo";
            case 0140000 -> "socket";
            case 0020000 -> "character-device";
            case 0060000 -> "block-device";
            default -> "unknown";
        };
    }

    Map<String, Object> toStat() {
        return Descriptor.stat(type, links, size, access, modification, change);
    }

    /** Identity of the file (device and inode, or the JDK's file key). */
    Map<String, Object> toHash(Path path) {
        if (fileKey == null) {
            return Descriptor.hash(inode, device);
        }
        return Descriptor.hash(fileKey.hashCode(), path.toString().hashCode());
    }
}
