package ai.wippy.wasi.p2.filesystem;

import ai.wippy.fs.VirtualFileSystem;
import ai.wippy.wasi.Mount;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.OutputResource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A descriptor on a mount without a folder on disk ({@code fs.embed}, a classpath folder): served
 * through {@link VirtualFileSystem#read}, {@code list}, {@code exists} and {@code isDirectory}, and
 * always read-only. Paths are normalised as text and may not climb above the mount; such mounts
 * have no links. A file's content is read once, when it is first needed.
 */
final class EmbeddedDescriptor extends Descriptor {

    private final VirtualFileSystem fs;
    /** Path inside the mount, {@code ""} for its root, components separated by {@code /}. */
    private final String path;

    private final boolean directory;
    private byte[] content;

    private EmbeddedDescriptor(Mount mount, Set<String> flags, String path, boolean directory) {
        super(mount, flags);
        this.fs = mount.fs();
        this.path = path;
        this.directory = directory;
    }

    static EmbeddedDescriptor root(Mount mount) {
        Set<String> f = new LinkedHashSet<>();
        f.add("read");
        return new EmbeddedDescriptor(mount, f, "", true);
    }

    @Override
    boolean isDirectory() {
        return directory;
    }

    @Override
    String type() {
        return directory ? "directory" : "regular-file";
    }

    /** Joins {@code relative} to this folder, refusing absolute paths and climbs above the mount. */
    private String at(String relative) throws FsError {
        requireDirectory();
        if (relative.isEmpty()) {
            throw FsError.of("no-entry", "empty path");
        }
        if (relative.startsWith("/")) {
            throw FsError.of("not-permitted", "'" + relative + "' is absolute; paths are relative to a descriptor");
        }
        List<String> parts = new ArrayList<>();
        if (!path.isEmpty()) {
            parts.addAll(List.of(path.split("/")));
        }
        for (String part : relative.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    throw FsError.of("not-permitted", "'" + relative + "' climbs above the mount");
                }
                parts.remove(parts.size() - 1);
            } else {
                parts.add(part);
            }
        }
        return String.join("/", parts);
    }

    /** The type at a mount path, or no-entry. */
    private String typeAt(String p) throws FsError {
        if (p.isEmpty() || fs.isDirectory(p)) {
            return "directory";
        }
        if (fs.exists(p)) {
            return "regular-file";
        }
        throw FsError.of("no-entry", "'" + p + "' does not exist in " + fs.describe());
    }

    private synchronized byte[] content() throws FsError {
        if (content == null) {
            try {
                content = fs.read(path);
            } catch (IOException e) {
                throw FsError.from(e);
            }
        }
        return content;
    }

    @Override
    InputResource readViaStream(long offset) throws FsError {
        requireRead();
        byte[] data = content();
        return new FileInput(
                (ByteBuffer into, long position) -> {
                    if (position >= data.length) {
                        return -1;
                    }
                    int n = (int) Math.min(into.remaining(), data.length - position);
                    into.put(data, (int) position, n);
                    return n;
                },
                offset);
    }

    @Override
    OutputResource writeViaStream(long offset) throws FsError {
        requireFile();
        throw readOnly(mount);
    }

    @Override
    OutputResource appendViaStream() throws FsError {
        requireFile();
        throw readOnly(mount);
    }

    @Override
    void sync(boolean dataOnly) {}

    @Override
    void setSize(long size) throws FsError {
        throw readOnly(mount);
    }

    @Override
    void setTimes(FileTime access, FileTime modification) throws FsError {
        throw readOnly(mount);
    }

    @Override
    List<Object> read(int length, long offset) throws FsError {
        requireRead();
        byte[] data = content();
        int from = (int) Math.min(offset, data.length);
        int to = (int) Math.min((long) from + length, data.length);
        return List.of(java.util.Arrays.copyOfRange(data, from, to), to >= data.length);
    }

    @Override
    long write(byte[] buffer, long offset) throws FsError {
        requireFile();
        throw readOnly(mount);
    }

    @Override
    DirectoryEntries readDirectory() throws FsError {
        requireDirectory();
        List<Map<String, Object>> entries = new ArrayList<>();
        try {
            for (String name : fs.list(path)) {
                String child = path.isEmpty() ? name : path + "/" + name;
                entries.add(DirectoryEntries.entry(fs.isDirectory(child) ? "directory" : "regular-file", name));
            }
        } catch (IOException e) {
            throw FsError.from(e);
        }
        return new DirectoryEntries(entries);
    }

    @Override
    Map<String, Object> stat() throws FsError {
        return directory
                ? stat("directory", 1, 0, null, null, null)
                : stat("regular-file", 1, content().length, null, null, null);
    }

    @Override
    Map<String, Object> statAt(boolean follow, String relative) throws FsError {
        String p = at(relative);
        String type = typeAt(p);
        if (type.equals("directory")) {
            return stat(type, 1, 0, null, null, null);
        }
        try {
            return stat(type, 1, fs.read(p).length, null, null, null);
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    void setTimesAt(boolean follow, String relative, FileTime access, FileTime modification) throws FsError {
        at(relative);
        throw readOnly(mount);
    }

    @Override
    Descriptor openAt(boolean follow, String relative, Set<String> openFlags, Set<String> wanted) throws FsError {
        String p = at(relative);
        if (openFlags.contains("create")
                || openFlags.contains("truncate")
                || wanted.contains("write")
                || wanted.contains("mutate-directory")) {
            throw readOnly(mount);
        }
        String type = typeAt(p);
        boolean dir = type.equals("directory");
        if (openFlags.contains("directory") && !dir) {
            throw FsError.of("not-directory", "'" + relative + "' is not a directory");
        }
        Set<String> f = new LinkedHashSet<>(wanted);
        if (dir) {
            f.add("read");
        }
        return new EmbeddedDescriptor(mount, f, p, dir);
    }

    @Override
    String readlinkAt(String relative) throws FsError {
        typeAt(at(relative));
        throw FsError.of("invalid", "'" + relative + "' is not a symbolic link");
    }

    @Override
    void createDirectoryAt(String relative) throws FsError {
        at(relative);
        throw readOnly(mount);
    }

    @Override
    void removeDirectoryAt(String relative) throws FsError {
        at(relative);
        throw readOnly(mount);
    }

    @Override
    void unlinkFileAt(String relative) throws FsError {
        at(relative);
        throw readOnly(mount);
    }

    @Override
    void renameAt(String oldPath, Descriptor newDirectory, String newPath) throws FsError {
        throw readOnly(mount);
    }

    @Override
    void linkAt(boolean follow, String oldPath, Descriptor newDirectory, String newPath) throws FsError {
        throw readOnly(mount);
    }

    @Override
    void symlinkAt(String target, String newPath) throws FsError {
        throw readOnly(mount);
    }

    @Override
    boolean isSameObject(Descriptor other) {
        return other instanceof EmbeddedDescriptor e && e.fs == fs && e.path.equals(path);
    }

    @Override
    Map<String, Object> metadataHash() {
        return hashOf(path);
    }

    @Override
    Map<String, Object> metadataHashAt(boolean follow, String relative) throws FsError {
        String p = at(relative);
        typeAt(p);
        return hashOf(p);
    }

    /** A 128-bit identity for a path of this mount: FNV-1a over the mount and the path, twice. */
    private Map<String, Object> hashOf(String p) {
        long lower = fnv(fs.describe() + "\0" + p, 0xcbf29ce484222325L);
        long upper = fnv(p + "\0" + fs.describe(), 0x84222325cbf29ce4L);
        return hash(lower, upper);
    }

    private static long fnv(String text, long seed) {
        long h = seed;
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
