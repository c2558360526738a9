package ai.wippy.wasi.p2.filesystem;

import ai.wippy.wasi.Mount;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.OutputResource;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A descriptor on a mount backed by a real folder ({@code fs.directory}): a file or folder at a
 * real path under the mount's root, reached only through {@link ConfinedPaths}. Files opened for
 * reading or writing hold a {@link FileChannel}; their streams read and write it by position.
 */
final class HostDirectoryDescriptor extends Descriptor {

    private final ConfinedPaths paths;
    private final Path path;
    private final boolean directory;
    private final FileChannel channel;

    HostDirectoryDescriptor(
            Mount mount, Set<String> flags, ConfinedPaths paths, Path path, boolean directory, FileChannel channel) {
        super(mount, flags);
        this.paths = paths;
        this.path = path;
        this.directory = directory;
        this.channel = channel;
    }

    /** The root descriptor of a mount. */
    static HostDirectoryDescriptor root(Mount mount, Path root) {
        return new HostDirectoryDescriptor(mount, rootFlags(mount), new ConfinedPaths(root), root, true, null);
    }

    @Override
    boolean isDirectory() {
        return directory;
    }

    @Override
    String type() throws FsError {
        return HostFileAttributes.read(path).type();
    }

    private FileChannel channel() throws FsError {
        if (channel == null) {
            throw FsError.of("bad-descriptor", "descriptor was opened without read or write");
        }
        return channel;
    }

    @Override
    InputResource readViaStream(long offset) throws FsError {
        requireRead();
        return new FileInput(channel()::read, offset);
    }

    @Override
    OutputResource writeViaStream(long offset) throws FsError {
        requireWrite();
        return new FileOutput(channel(), offset, false);
    }

    @Override
    OutputResource appendViaStream() throws FsError {
        requireWrite();
        return new FileOutput(channel(), 0, true);
    }

    @Override
    void sync(boolean dataOnly) throws FsError {
        if (channel == null) {
            return;
        }
        FsError.io(() -> channel.force(!dataOnly));
    }

    @Override
    void setSize(long size) throws FsError {
        requireWrite();
        FileChannel c = channel();
        try {
            synchronized (c) {
                long current = c.size();
                if (size < current) {
                    c.truncate(size);
                } else if (size > current) {
                    c.write(ByteBuffer.wrap(new byte[1]), size - 1);
                }
            }
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    void setTimes(FileTime access, FileTime modification) throws FsError {
        if (directory) {
            requireMutate();
        } else {
            requireWrite();
        }
        touch(path, access, modification);
    }

    private static void touch(Path p, FileTime access, FileTime modification) throws FsError {
        try {
            Files.getFileAttributeView(p, BasicFileAttributeView.class, ConfinedPaths.NOFOLLOW)
                    .setTimes(modification, access, null);
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    List<Object> read(int length, long offset) throws FsError {
        requireRead();
        FileChannel c = channel();
        ByteBuffer buf = ByteBuffer.allocate(length);
        try {
            long at = offset;
            while (buf.hasRemaining()) {
                int n = c.read(buf, at);
                if (n < 0) {
                    break;
                }
                at += n;
            }
            byte[] data = java.util.Arrays.copyOf(buf.array(), buf.position());
            return List.of(data, at >= c.size());
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    long write(byte[] buffer, long offset) throws FsError {
        requireWrite();
        FileChannel c = channel();
        ByteBuffer buf = ByteBuffer.wrap(buffer);
        try {
            synchronized (c) {
                long at = offset;
                while (buf.hasRemaining()) {
                    at += c.write(buf, at);
                }
            }
            return buffer.length;
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    DirectoryEntries readDirectory() throws FsError {
        requireDirectory();
        List<Map<String, Object>> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(path)) {
            for (Path child : s) {
                String type;
                try {
                    type = HostFileAttributes.read(child).type();
                } catch (FsError vanished) {
                    continue;
                }
                entries.add(DirectoryEntries.entry(type, child.getFileName().toString()));
            }
        } catch (IOException e) {
            throw FsError.from(e);
        }
        entries.sort(Comparator.comparing(e -> (String) e.get("name")));
        return new DirectoryEntries(entries);
    }

    @Override
    Map<String, Object> stat() throws FsError {
        return HostFileAttributes.read(path).toStat();
    }

    private Path at(String relative, boolean follow) throws FsError {
        requireDirectory();
        return paths.resolve(path, relative, follow);
    }

    /** A path about to be removed or replaced: never the mount's root itself. */
    private Path target(String relative) throws FsError {
        Path p = at(relative, false);
        if (p.equals(paths.root())) {
            throw FsError.of("not-permitted", "'" + relative + "' is the mount's root");
        }
        return p;
    }

    @Override
    Map<String, Object> statAt(boolean follow, String relative) throws FsError {
        return HostFileAttributes.read(at(relative, follow)).toStat();
    }

    @Override
    void setTimesAt(boolean follow, String relative, FileTime access, FileTime modification) throws FsError {
        Path p = at(relative, follow);
        requireMutate();
        touch(p, access, modification);
    }

    @Override
    Descriptor openAt(boolean follow, String relative, Set<String> openFlags, Set<String> wanted) throws FsError {
        Path p = at(relative, follow);
        boolean create = openFlags.contains("create");
        boolean exclusive = openFlags.contains("exclusive");
        boolean truncate = openFlags.contains("truncate");
        boolean write = wanted.contains("write");
        if (create || truncate || write || wanted.contains("mutate-directory")) {
            requireMutate();
        }
        boolean exists = Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        if (exists && Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            if (create && exclusive) {
                throw FsError.of("exist", "'" + relative + "' exists");
            }
            if (write || truncate) {
                throw FsError.of("is-directory", "'" + relative + "' is a directory");
            }
            Set<String> f = new LinkedHashSet<>(wanted);
            f.add("read");
            f.remove("write");
            if (flags.contains("mutate-directory")) {
                f.add("mutate-directory");
            }
            return new HostDirectoryDescriptor(mount, f, paths, p, true, null);
        }
        if (openFlags.contains("directory")) {
            throw FsError.of(
                    exists ? "not-directory" : create ? "invalid" : "no-entry",
                    "'" + relative + "' is not a directory");
        }
        if (!exists && !create) {
            throw FsError.of("no-entry", "'" + relative + "' does not exist");
        }
        Set<String> f = new LinkedHashSet<>(wanted);
        f.remove("mutate-directory");
        try {
            if (create && !write) {
                createEmpty(p, exclusive);
            }
            if (truncate && !write) {
                try (FileChannel t = FileChannel.open(
                        p, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING, LinkOption.NOFOLLOW_LINKS)) {
                    // opened only to truncate
                }
            }
            FileChannel c = null;
            if (write || f.contains("read")) {
                Set<OpenOption> options = new HashSet<>();
                options.add(LinkOption.NOFOLLOW_LINKS);
                if (f.contains("read")) {
                    options.add(StandardOpenOption.READ);
                }
                if (write) {
                    options.add(StandardOpenOption.WRITE);
                    if (create) {
                        options.add(exclusive ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
                    }
                    if (truncate) {
                        options.add(StandardOpenOption.TRUNCATE_EXISTING);
                    }
                }
                c = FileChannel.open(p, options);
            } else if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                throw FsError.of("no-entry", "'" + relative + "' does not exist");
            }
            return new HostDirectoryDescriptor(mount, f, paths, p, false, c);
        } catch (IOException e) {
            throw FsError.from(e);
        } catch (RuntimeException e) {
            throw FsError.from(e);
        }
    }

    private static void createEmpty(Path p, boolean exclusive) throws IOException {
        try {
            Files.createFile(p);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            if (exclusive) {
                throw e;
            }
        }
    }

    @Override
    String readlinkAt(String relative) throws FsError {
        Path p = at(relative, false);
        try {
            String target = Files.readSymbolicLink(p).toString();
            if (!paths.staysInside(p, target)) {
                throw FsError.of("not-permitted", "'" + relative + "' points outside the mount");
            }
            return target;
        } catch (IOException e) {
            throw FsError.from(e);
        }
    }

    @Override
    void createDirectoryAt(String relative) throws FsError {
        Path p = at(relative, false);
        requireMutate();
        FsError.io(() -> Files.createDirectory(p));
    }

    @Override
    void removeDirectoryAt(String relative) throws FsError {
        Path p = target(relative);
        requireMutate();
        if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw FsError.of(
                    Files.exists(p, LinkOption.NOFOLLOW_LINKS) ? "not-directory" : "no-entry",
                    "'" + relative + "' is not a directory");
        }
        FsError.io(() -> Files.delete(p));
    }

    @Override
    void unlinkFileAt(String relative) throws FsError {
        Path p = target(relative);
        requireMutate();
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            throw FsError.of("is-directory", "'" + relative + "' is a directory");
        }
        FsError.io(() -> Files.delete(p));
    }

    private HostDirectoryDescriptor sameKind(Descriptor other) throws FsError {
        if (!(other instanceof HostDirectoryDescriptor d)) {
            throw FsError.of("cross-device", "the other descriptor is on a mount without a folder on disk");
        }
        d.requireDirectory();
        d.requireMutate();
        return d;
    }

    @Override
    void renameAt(String oldPath, Descriptor newDirectory, String newPath) throws FsError {
        Path from = target(oldPath);
        requireMutate();
        HostDirectoryDescriptor to = sameKind(newDirectory);
        Path dest = to.target(newPath);
        FsError.io(() -> Files.move(from, dest, StandardCopyOption.ATOMIC_MOVE));
    }

    @Override
    void linkAt(boolean follow, String oldPath, Descriptor newDirectory, String newPath) throws FsError {
        Path from = at(oldPath, follow);
        requireMutate();
        HostDirectoryDescriptor to = sameKind(newDirectory);
        Path dest = to.target(newPath);
        try {
            Files.createLink(dest, from);
        } catch (IOException e) {
            throw FsError.from(e);
        } catch (RuntimeException e) {
            throw FsError.from(e);
        }
    }

    @Override
    void symlinkAt(String target, String newPath) throws FsError {
        Path dest = target(newPath);
        requireMutate();
        if (!paths.staysInside(dest, target)) {
            throw FsError.of("not-permitted", "link target '" + target + "' would point outside the mount");
        }
        try {
            Files.createSymbolicLink(dest, Path.of(target));
        } catch (IOException e) {
            throw FsError.from(e);
        } catch (RuntimeException e) {
            throw FsError.from(e);
        }
    }

    @Override
    boolean isSameObject(Descriptor other) {
        if (!(other instanceof HostDirectoryDescriptor d)) {
            return false;
        }
        try {
            return Files.isSameFile(path, d.path);
        } catch (IOException e) {
            return path.equals(d.path);
        }
    }

    @Override
    Map<String, Object> metadataHash() throws FsError {
        return HostFileAttributes.read(path).toHash(path);
    }

    @Override
    Map<String, Object> metadataHashAt(boolean follow, String relative) throws FsError {
        Path p = at(relative, follow);
        return HostFileAttributes.read(p).toHash(p);
    }

    @Override
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the guest dropped the descriptor; nobody is left to tell
            }
        }
    }
}
