package ai.wippy.wasi.p2.filesystem;

import ai.wippy.wasi.Mount;
import ai.wippy.wasi.p2.InputResource;
import ai.wippy.wasi.p2.OutputResource;
import java.math.BigInteger;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The host object behind a {@code wasi:filesystem/types.descriptor}: a file or folder inside one
 * mount, with the {@code descriptor-flags} it was opened with. Every operation either succeeds or
 * throws an {@link FsError} carrying the WIT {@code error-code}; the checks every backend shares
 * (read-only mounts, flags, descriptor type) live here.
 */
abstract class Descriptor implements AutoCloseable {

    /** The mount the descriptor lives in: paths never leave it. */
    final Mount mount;

    /** The {@code descriptor-flags} the guest holds (read, write, mutate-directory, sync flags). */
    final Set<String> flags;

    Descriptor(Mount mount, Set<String> flags) {
        this.mount = mount;
        this.flags = Set.copyOf(flags);
    }

    /** The flags of a mount's root descriptor: read, plus mutate-directory unless the mount is read-only. */
    static Set<String> rootFlags(Mount mount) {
        Set<String> f = new LinkedHashSet<>();
        f.add("read");
        if (!mount.readOnly()) {
            f.add("mutate-directory");
        }
        return f;
    }

    abstract boolean isDirectory();

    /** The {@code descriptor-type} of what the descriptor refers to. */
    abstract String type() throws FsError;

    abstract InputResource readViaStream(long offset) throws FsError;

    abstract OutputResource writeViaStream(long offset) throws FsError;

    abstract OutputResource appendViaStream() throws FsError;

    abstract void sync(boolean dataOnly) throws FsError;

    abstract void setSize(long size) throws FsError;

    abstract void setTimes(FileTime access, FileTime modification) throws FsError;

    /** {@code [bytes, end-of-file]}. */
    abstract java.util.List<Object> read(int length, long offset) throws FsError;

    abstract long write(byte[] buffer, long offset) throws FsError;

    abstract DirectoryEntries readDirectory() throws FsError;

    abstract Map<String, Object> stat() throws FsError;

    abstract Map<String, Object> statAt(boolean follow, String path) throws FsError;

    abstract void setTimesAt(boolean follow, String path, FileTime access, FileTime modification) throws FsError;

    abstract Descriptor openAt(boolean follow, String path, Set<String> openFlags, Set<String> flags) throws FsError;

    abstract String readlinkAt(String path) throws FsError;

    abstract void createDirectoryAt(String path) throws FsError;

    abstract void removeDirectoryAt(String path) throws FsError;

    abstract void unlinkFileAt(String path) throws FsError;

    abstract void renameAt(String oldPath, Descriptor newDirectory, String newPath) throws FsError;

    abstract void linkAt(boolean follow, String oldPath, Descriptor newDirectory, String newPath) throws FsError;

    abstract void symlinkAt(String target, String newPath) throws FsError;

    abstract boolean isSameObject(Descriptor other);

    abstract Map<String, Object> metadataHash() throws FsError;

    abstract Map<String, Object> metadataHashAt(boolean follow, String path) throws FsError;

    @Override
    public void close() {}

    // ---- shared checks ----

    /** Refuses a change to the mount: read-only when the mount is, not-permitted without mutate-directory. */
    final void requireMutate() throws FsError {
        if (mount.readOnly()) {
            throw FsError.of("read-only", "mount " + mount.guest() + " is read-only");
        }
        if (!flags.contains("mutate-directory")) {
            throw FsError.of("not-permitted", "descriptor was not opened with mutate-directory");
        }
    }

    final void requireDirectory() throws FsError {
        if (!isDirectory()) {
            throw FsError.of("not-directory", "descriptor is not a directory");
        }
    }

    final void requireFile() throws FsError {
        if (isDirectory()) {
            throw FsError.of("is-directory", "descriptor is a directory");
        }
    }

    final void requireRead() throws FsError {
        requireFile();
        if (!flags.contains("read")) {
            throw FsError.of("bad-descriptor", "descriptor was not opened for reading");
        }
    }

    final void requireWrite() throws FsError {
        requireFile();
        if (mount.readOnly()) {
            throw FsError.of("read-only", "mount " + mount.guest() + " is read-only");
        }
        if (!flags.contains("write")) {
            throw FsError.of("bad-descriptor", "descriptor was not opened for writing");
        }
    }

    static FsError readOnly(Mount mount) {
        return FsError.of("read-only", "mount " + mount.guest() + " is read-only");
    }

    // ---- shared values ----

    /** A {@code datetime} record, or null when the time is unknown. */
    static Map<String, Object> datetime(FileTime time) {
        if (time == null) {
            return null;
        }
        Instant i = time.toInstant();
        if (i.getEpochSecond() < 0) {
            // a datetime counts unsigned seconds since 1970: earlier times are reported as the epoch
            return Map.of("seconds", 0L, "nanoseconds", 0L);
        }
        return Map.of("seconds", i.getEpochSecond(), "nanoseconds", (long) i.getNano());
    }

    /** A {@code descriptor-stat} record. */
    static Map<String, Object> stat(
            String type, long links, long size, FileTime access, FileTime modification, FileTime change) {
        Map<String, Object> s = new HashMap<>();
        s.put("type", type);
        s.put("link-count", links);
        s.put("size", size);
        s.put("data-access-timestamp", datetime(access));
        s.put("data-modification-timestamp", datetime(modification));
        s.put("status-change-timestamp", datetime(change));
        return s;
    }

    /** A {@code metadata-hash-value} record; its two u64 are the 64 bits given, read unsigned. */
    static Map<String, Object> hash(long lower, long upper) {
        return Map.of("lower", unsigned(lower), "upper", unsigned(upper));
    }

    /** A u64 from its 64 bits: a Long when it fits, else the BigInteger above {@code Long.MAX_VALUE}. */
    private static Number unsigned(long bits) {
        return bits >= 0 ? bits : new BigInteger(Long.toUnsignedString(bits));
    }
}
